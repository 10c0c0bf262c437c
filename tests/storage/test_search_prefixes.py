"""Migration 0010: the search tables made anew with prefixes (emptied, built again a chunk at a
time after the open, never during it), the index of spans by annotator and day that the
statistics read alone, and the entity filter's names read without the registry per search."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.app.projects import open_session
from annotator.app.search import build_index
from annotator.app.stats import compute
from annotator.core.model import Annotator
from annotator.session import Session
from annotator.storage.errors import NotAProject
from annotator.storage.migrations import SCHEMA_VERSION, SEARCH_COMPLETE, SEARCH_SCHEMA
from annotator.storage.store import ProjectStore
from tests.storage.test_search import ARTICLES, _doc, _fts_sound, _ids, _import, _person

BOB = Annotator(id="b" * 32, name="Bob")


def _tables(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        return {str(r[0]): str(r[1]) for r in rows}
    finally:
        conn.close()


def _as_version_9(path: Path) -> None:
    """The file as schema 9 left it: the search tables of 0006 (no prefixes), complete, and
    no index of spans by annotator."""
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX spans_by_annotator")
    for table in ("_search_documents", "_search_notes"):
        conn.execute(f"DROP TABLE {table}")
    for statement in SEARCH_SCHEMA[1:3]:  # the virtual tables, as 0006 made them
        conn.execute(statement)
    for table in ("_search_documents", "_search_notes"):
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('rebuild')")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name LIKE '0010%'")
    conn.execute("PRAGMA user_version = 9")
    conn.commit()
    conn.close()


@pytest.fixture
def old(project_path: Path) -> Path:
    """A project of schema 9 with documents, a span with a note, its index complete."""
    session = open_session(project_path)
    _import(session, ARTICLES)
    _person(session, _doc(session, "Budget vote"), "council", "a harbourmaster's note")
    session.close()
    _as_version_9(project_path)
    assert "prefix" not in _tables(project_path)["_search_documents"]
    return project_path


def test_an_upgraded_project_opens_with_an_empty_index_then_builds_it(old: Path) -> None:
    session = open_session(old)
    try:
        conn = sqlite3.connect(old)
        progress = conn.execute("SELECT source, upto FROM _search_progress ORDER BY 1").fetchall()
        assert progress == [("documents", 0), ("spans", 0)]  # the open did not build it
        assert conn.execute("SELECT count(*) FROM _search_documents_docsize").fetchone() == (0,)
        conn.close()
        assert session.search.built() == 0.0
        assert _ids(session, "station") == set()
        assert build_index(session)
        assert _ids(session, "station") == {"Café society", "Flags 🇫🇷 and faces", "Rail strike"}
        for prefix in ("st*", "sta*", "stat*", "stati*"):  # each prefix length kept, and longer
            assert _ids(session, prefix) == _ids(session, "station"), prefix
        assert _ids(session, "harb*") == {"Budget vote"}  # in a note
        assert _ids(session, "caf*") == {"Café society"}  # accents aside
    finally:
        session.close()
    _fts_sound(old)
    tables = _tables(old)
    assert "prefix='2 3 4'" in tables["_search_documents"]
    assert "prefix='2 3 4'" in tables["_search_notes"]
    assert "spans_by_annotator" in tables
    conn = sqlite3.connect(old)
    assert conn.execute("PRAGMA user_version").fetchone() == (10,)
    conn.close()


def test_an_empty_project_of_schema_9_is_complete_at_once(project_path: Path) -> None:
    open_session(project_path).close()
    conn = sqlite3.connect(project_path)
    conn.execute("DELETE FROM spans")  # (none: a new project has neither)
    conn.close()
    _as_version_9(project_path)
    session = open_session(project_path)
    try:
        assert session.search.built() == 1.0
        _import(session, ARTICLES)  # indexed by the triggers as they come
        assert _ids(session, "vot*") == {"Budget vote"}
    finally:
        session.close()
    conn = sqlite3.connect(project_path)
    assert conn.execute("SELECT DISTINCT upto FROM _search_progress").fetchall() == [
        (SEARCH_COMPLETE,)
    ]
    conn.close()


def test_a_file_of_schema_10_with_the_old_tables_is_refused(old: Path) -> None:
    """Tables of another make at schema 10 or later are not annotator's: refused, untouched."""
    conn = sqlite3.connect(old)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.commit()
    conn.close()
    before = old.read_bytes()
    with pytest.raises(NotAProject, match="'_search_(documents|notes)' is not annotator's"):
        ProjectStore.open(old, scheme=None)
    assert old.read_bytes() == before


def test_the_statistics_read_the_index_of_spans_by_annotator(old: Path) -> None:
    session = open_session(old)
    try:
        conn = session._store.db.conn
        seen: list[str] = []
        conn.set_trace_callback(seen.append)
        try:
            for who in (None, session.annotator):
                compute(session, who)
        finally:
            conn.set_trace_callback(None)
        grouped = [s for s in seen if "substr(created_at, 1, 10)" in s]
        assert len(grouped) == 4  # spans per label, spans per day; everyone's, then one's
        for statement in grouped:
            steps = [str(r[-1]) for r in conn.execute(f"EXPLAIN QUERY PLAN {statement}")]
            on_spans = [s for s in steps if s.split()[1:2] == ["spans"]]
            assert on_spans, steps  # read from the index alone, never the span rows themselves
            assert all("COVERING INDEX spans_by_annotator" in s for s in on_spans), steps
    finally:
        session.close()


# -- the entity filter's names -------------------------------------------------------------------


@pytest.fixture
def registry(project_path: Path) -> Iterator[Session]:
    session = open_session(project_path)
    _import(session, ARTICLES)
    for name, aliases in (("Anna Weiß", ("Frau Weiß",)), ("ЗЕЛЕНСЬКИЙ", ()), ("Kyiv", ("Kiev",))):
        session.registry.add_entity(session.registry.new_entity(name, "PERSON", aliases))
    yield session
    session.close()


def _named(session: Session, name: str) -> set[str]:
    entities = {e.id: e.name for e in session._store.entities.all()}
    return {entities[i] for i in session._store.entities.named(name)}


def test_entities_are_named_by_name_alias_or_id_case_aside(registry: Session) -> None:
    assert _named(registry, "anna weiss") == {"Anna Weiß"}  # casefold: ß is ss
    assert _named(registry, " FRAU WEISS ") == {"Anna Weiß"}
    assert _named(registry, "зеленський") == {"ЗЕЛЕНСЬКИЙ"}
    assert _named(registry, "kiev") == {"Kyiv"}
    assert _named(registry, "Ky") == set()  # a name, not a part of one
    some = next(e for e in registry._store.entities.all() if e.name == "Kyiv")
    assert _named(registry, some.id) == {"Kyiv"}


def test_entity_names_follow_edits_here_and_elsewhere(registry: Session) -> None:
    assert _named(registry, "lviv") == set()
    entity = registry.registry.new_entity("Lviv", "LOCATION")
    registry.registry.add_entity(entity)
    assert _named(registry, "LVIV") == {"Lviv"}  # an edit of this connection
    other = registry.worker()
    other.registry.add_entity(other.registry.new_entity("Odesa", "LOCATION"))
    other.close()
    assert _named(registry, "odesa") == {"Odesa"}  # another connection's
