"""An upgrade through migrations that only add indexes (``migrations.ROWS_LAST_CHANGED`` on)
makes no safety copy ``X.sqlite.vN.bak`` (at 100,000 documents the copy costs more than the
indexes) and leaves every row as it was; an older file still gets its copy first."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.app.projects import open_session
from annotator.storage.migrations import ROWS_LAST_CHANGED, SCHEMA_VERSION
from tests.storage.older_schema import INDEXES_OF, as_of_schema, schema_of
from tests.storage.test_quotes_by_cue import project  # noqa: F401 (a fixture: a quote, a cue, spans)


def every_row(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of the file (but SQLite's own and the migrations' record),
    sorted: what an upgrade must leave as it was."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name != '_sqlite_migrations' ORDER BY name"
            )
        ]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"'), key=repr) for t in tables}
    finally:
        conn.close()


def test_the_migrations_after_the_last_that_changes_rows_are_those_that_add_indexes() -> None:
    # (a new migration is one or the other: listed in INDEXES_OF, or ROWS_LAST_CHANGED moves)
    assert set(INDEXES_OF) == set(range(ROWS_LAST_CHANGED + 1, SCHEMA_VERSION + 1))


@pytest.mark.parametrize("version", range(ROWS_LAST_CHANGED, SCHEMA_VERSION))
def test_an_upgrade_that_adds_indexes_only_makes_no_copy_and_keeps_every_row(
    project: Path,  # noqa: F811 (the fixture)
    version: int,
) -> None:
    path = project
    new = schema_of(path)
    as_of_schema(path, version)
    before = every_row(path)
    open_session(path).close()  # (opened for writing: upgraded in place)
    assert schema_of(path) == new
    assert every_row(path) == before
    assert not list(path.parent.glob("*.bak"))
