"""A bulk write into a project without documents leaves its rows to the search index's
chunked build (the triggers skip them), which then finds them all; a failed write leaves the
index as it was, undo and redo of a recorded load keep it right before and after the build,
and a write into a project with documents still indexes row by row through the triggers."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.app.check import check_project
from annotator.app.search import build_index
from annotator.core.rows import BulkBatch
from annotator.session import Session
from annotator.storage.migrations import SEARCH_COMPLETE
from tests.storage.test_bulk_indexes import _batch, _open

NOTE = "checked against the zeppelin desk"


def _noted(batch: BulkBatch) -> BulkBatch:
    """``batch`` with a note on the last span of its last document."""
    last = list(batch.spans[-1])
    last[8] = NOTE
    batch.spans[-1] = tuple(last)
    return batch


def _titles(session: Session, query: str) -> set[str]:
    found = session.search.find(query, session.search.filters(), 100)
    return {session.document(h.document_id).title for h in found.hits}


def _progress(path: Path) -> set[int]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT upto FROM _search_progress")}
    finally:
        conn.close()


def _sound(path: Path) -> None:
    report = check_project(path)  # FTS5's own check of the index against its tables
    assert report.sound, report.problems


def test_a_load_into_a_new_project_is_left_to_the_build_which_finds_it_all(
    tmp_path: Path,
) -> None:
    path = tmp_path / "p.sqlite"
    session = _open(path)
    mid: list[tuple[float, set[str]]] = []

    def batches() -> Iterator[BulkBatch]:
        yield _batch(20)
        # the producer reads the project meanwhile: the rows are not indexed, and the index
        # says how far it is
        mid.append((session.search.built(), _titles(session, "Geneva")))
        yield _noted(_batch(20, first=20))

    session.rows.write(batches())
    assert mid == [(0.0, set())]
    assert session.search.built() == 0.0 and _titles(session, "Geneva") == set()
    assert _progress(path) == {0}
    _sound(path)
    assert build_index(session)
    assert _titles(session, "Geneva") == {f"Article {i}" for i in range(40)}
    assert _titles(session, '"document 39"') == {"Article 39"}  # the last document's text
    assert _titles(session, "zeppelin") == {"Article 39"}  # a span's note
    session.close()
    assert _progress(path) == {SEARCH_COMPLETE}
    _sound(path)


def test_a_failed_load_leaves_the_index_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    session = _open(path)

    def broken() -> Iterator[BulkBatch]:
        yield _batch(10)
        raise RuntimeError("the file ended early")

    with pytest.raises(RuntimeError):
        session.rows.write(broken())
    assert session.search.built() == 1.0 and _progress(path) == {SEARCH_COMPLETE}
    session.rows.write([_noted(_batch(3))])
    build_index(session)
    assert _titles(session, "zeppelin") == {"Article 2"}
    session.close()
    assert _progress(path) == {SEARCH_COMPLETE}
    _sound(path)


@pytest.mark.parametrize("built_first", [True, False])
def test_undo_and_redo_of_a_recorded_load_keep_the_index_right(
    tmp_path: Path, built_first: bool
) -> None:
    """Undone after the build (the triggers take the rows out) or before it (nothing of them
    was indexed), then redone and built: the index holds what the tables hold."""
    path = tmp_path / "p.sqlite"
    session = _open(path)
    _, undo, changes = session.record(lambda: session.rows.write([_noted(_batch(5))]))
    if built_first:
        build_index(session)
        assert _titles(session, "zeppelin") == {"Article 4"}
    redo = session.replay(undo, changes)
    assert session.rows.document_count() == 0
    assert _titles(session, "Geneva") == set() and _titles(session, "zeppelin") == set()
    _sound(path)
    session.replay(redo, changes)
    build_index(session)
    assert _titles(session, "zeppelin") == {"Article 4"}
    assert len(_titles(session, "Geneva")) == 5
    session.close()
    _sound(path)


def test_a_load_into_a_project_with_documents_indexes_through_the_triggers(
    tmp_path: Path,
) -> None:
    path = tmp_path / "p.sqlite"
    session = _open(path)
    session.rows.write([_batch(2)])
    build_index(session)
    mid: list[tuple[float, set[str]]] = []

    def batches() -> Iterator[BulkBatch]:
        yield _batch(3, first=2)
        mid.append((session.search.built(), _titles(session, '"document 4"')))
        yield _noted(_batch(3, first=5))

    session.rows.write(batches())
    assert mid == [(1.0, {"Article 4"})]  # indexed as it was written
    assert _titles(session, "zeppelin") == {"Article 7"}
    assert len(_titles(session, "Geneva")) == 8
    session.close()
    _sound(path)
