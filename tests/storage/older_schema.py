"""A project file made as an older schema left it, for the tests of the migrations that only
add indexes: the indexes of every later migration dropped, their records taken away, the
schema version put back. Opening it again must upgrade it through those migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.storage.migrations import SCHEMA_VERSION

# The migrations that add indexes only: their number, name and indexes.
INDEXES_OF: dict[int, tuple[str, tuple[str, ...]]] = {
    11: ("0011_entity_references", ("quotes_by_speaker", "claims_by_claimer")),
    12: ("0012_spans_by_annotator_and_document", ("spans_by_annotator_and_document",)),
    13: ("0013_quotes_without_speaker", ("quotes_without_speaker",)),
    14: ("0014_quotes_by_cue", ("quotes_by_cue",)),
}


def as_of_schema(path: Path, version: int) -> None:
    """Make the project at ``path`` (of the current schema) as schema ``version`` was."""
    later = range(version + 1, SCHEMA_VERSION + 1)
    assert set(later) <= set(INDEXES_OF), f"migrations {list(later)} do not only add indexes"
    conn = sqlite3.connect(path)
    try:
        with conn:
            for number in later:
                name, indexes = INDEXES_OF[number]
                for index in indexes:
                    conn.execute(f"DROP INDEX {index}")
                conn.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [name])
            conn.execute(f"PRAGMA user_version = {version}")
    finally:
        conn.close()


def schema_of(path: Path) -> tuple[int, set[str]]:
    """The schema version of the project at ``path`` and the SQL of its indexes."""
    conn = sqlite3.connect(path)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        made = {r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE type = 'index'")}
    finally:
        conn.close()
    return version, made
