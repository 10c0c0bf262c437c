"""Migration 0007: the index of the document list, made for projects of an older schema too,
and the list's order and filter read from it alone (never from the rows holding the texts)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.core.articles import ParsedArticle
from annotator.core.model import Annotator
from annotator.core.scheme import load_default_scheme
from annotator.session import Session
from annotator.storage.migrations import SCHEMA_VERSION, migrations

ME = Annotator("m" * 32, "Me")


def _indexes(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()
        return {r[0] for r in rows}
    finally:
        conn.close()


def test_a_project_of_schema_6_gets_the_index(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    db = Database(sqlite3.connect(path))
    migrations.apply(db, stop_before="0007_document_list_index")
    db.execute(
        "INSERT INTO documents (id, sha256, text, title, date, source, position, created_at) "
        "VALUES ('b', 'h2', 'Text two.', 'Second', NULL, 'AP', 1, ''), "
        "('a', 'h1', 'Text one.', 'First', '2025-01-02', 'Élysée', 0, '')"
    )
    db.conn.commit()
    db.close()
    assert "documents_list" not in _indexes(path)
    session = Session.open(path, ME, scheme=load_default_scheme())
    try:
        assert session.document_list().ids() == ["a", "b"]
        assert session.document_list(None, ("élysée",)).ids() == ["a"]
    finally:
        session.close()
    assert "documents_list" in _indexes(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 7
    conn.close()


def test_the_order_and_the_filter_read_the_index_alone(tmp_path: Path) -> None:
    """The statements the list runs, as SQLite plans them: a scan of the index, no sort."""
    session = Session.open(tmp_path / "p.sqlite", ME, scheme=load_default_scheme())
    try:
        session.import_articles([("a.txt", ParsedArticle("Kyiv talks. Text.", "Kyiv", None))])
        conn = session._store.db.conn
        for words in ((), ("kyiv",), ("kyiv", "txt", "started")):
            seen: list[str] = []
            conn.set_trace_callback(seen.append)
            try:
                assert len(session.document_list(None, words)) == 1
            finally:
                conn.set_trace_callback(None)
            [statement] = [s for s in seen if "ORDER BY d.position" in s]
            plan = conn.execute(f"EXPLAIN QUERY PLAN {statement}").fetchall()
            steps = " ".join(str(step[-1]) for step in plan)
            assert "COVERING INDEX documents_list" in steps and "TEMP B-TREE" not in steps
    finally:
        session.close()


@pytest.mark.parametrize("had_the_index", [True, False])
def test_a_project_of_schema_7_counts_mentions_from_the_index_alone(
    tmp_path: Path, had_the_index: bool
) -> None:
    """Migration 0008: the index of mentions by entity gets their document, so every
    entity's counts (mentions, documents) are read from it without the span rows; a file
    that lost the old index (it is not part of what opening checks) is upgraded too."""
    path = tmp_path / "old.sqlite"
    db = Database(sqlite3.connect(path))
    migrations.apply(db, stop_before="0008_mentions_by_entity_and_document")
    if not had_the_index:
        db.execute("DROP INDEX spans_by_entity")
    db.conn.commit()
    db.close()
    session = Session.open(path, ME, scheme=load_default_scheme())
    try:
        conn = session._store.db.conn
        plan = " ".join(
            str(row[3])
            for row in conn.execute(
                "EXPLAIN QUERY PLAN SELECT entity_id, count(*), count(DISTINCT document_id) "
                "FROM spans WHERE entity_id IS NOT NULL GROUP BY entity_id"
            )
        )
        assert "COVERING INDEX spans_by_entity" in plan
        assert session.registry.mention_counts() == {}
    finally:
        session.close()
