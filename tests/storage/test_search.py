"""The corpus search index: kept right by its triggers through edits and undo, built in short
steps after an upgrade, read as FTS5 (accents, phrases, prefixes, NEAR) with filters, and never
failing on what a user types."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.app.check import check_project, repair_project
from annotator.app.projects import open_session
from annotator.app.search import build_index
from annotator.core.articles import parse_article
from annotator.core.errors import AnnotatorError
from annotator.core.links import Entity, Quote
from annotator.core.model import Annotator, Layer, Span, Status, new_id, now_iso
from annotator.core.search import Found, SearchResults, first_hit, split_marked
from annotator.session import Session
from annotator.session.ops.documents import EditDocument, RemoveDocument, SetStatuses
from annotator.session.ops.spans import UpdateSpan
from annotator.storage.errors import NotAProject
from annotator.storage.migrations import SEARCH_COMPLETE
from annotator.storage.store import ProjectStore
from tests.builders import put_work
from tests.hostile.world import old_project

BOB = Annotator(id="b" * 32, name="Bob")
ARTICLES = {
    "cafe.txt": "Café society\n\nThe café near the old station served naïve coffee to the mayor.\n",
    "emoji.txt": "Flags 🇫🇷 and faces\n\n😀😀 people 🇫🇷 said the station was closed.\n",
    "budget.txt": "Budget vote\n\nThe council voted on the budget after a long debate.\n",
    "rail.txt": "Rail strike\n\nWorkers at the station went on strike over pay.\n",
}


def _import(session: Session, articles: dict[str, str]) -> None:
    session.import_articles(
        [(name, parse_article(text.encode("utf-8"))) for name, text in articles.items()]
    )


@pytest.fixture
def session(project_path: Path) -> Iterator[Session]:
    session = open_session(project_path)
    _import(session, ARTICLES)
    yield session
    session.close()


def search(session: Session, query: str, **names: object) -> SearchResults:
    return session.search.find(query, session.search.filters(**names))  # type: ignore[arg-type]


def _ids(session: Session, query: str, **filters: object) -> set[str]:
    results = search(session, query, **filters)
    return {session.document(h.document_id).title for h in results.hits}


def _fts_sound(path: Path) -> None:
    """The index holds exactly what it indexes (``annotator check``'s test of it: FTS5's own
    check against the documents, and the notes index's structure and size)."""
    report = check_project(path)
    assert report.sound, report.problems


def _person(session: Session, doc_id: str, word: str, note: str = "") -> Span:
    """A PERSON span of the current annotator over the first ``word``, stored."""
    text = session.document(doc_id).text
    start = text.index(word)
    label = session.scheme.get(Layer.ENTITY, "PERSON")
    assert label is not None
    span = dataclasses.replace(session.new_span(doc_id, start, start + len(word), label), note=note)
    session.add_span(span)
    return span


def _doc(session: Session, title: str) -> str:
    return next(m.id for m in session.documents() if m.title == title)


# -- queries -------------------------------------------------------------------------------------


def test_a_new_project_is_indexed_from_the_start(session: Session) -> None:
    assert session.search.built() == 1.0
    assert _ids(session, "station") == {"Café society", "Flags 🇫🇷 and faces", "Rail strike"}


def test_accents_are_ignored_both_ways(session: Session) -> None:
    assert _ids(session, "cafe") == {"Café society"}
    assert _ids(session, "café") == {"Café society"}
    assert _ids(session, "naive") == {"Café society"}


def test_phrase_prefix_near_and_operators(session: Session) -> None:
    assert _ids(session, '"old station"') == {"Café society"}
    assert _ids(session, '"station old"') == set()
    assert _ids(session, "bud*") == {"Budget vote"}
    assert _ids(session, "NEAR(station strike, 3)") == {"Rail strike"}
    assert _ids(session, "NEAR(mayor station, 2)") == set()
    assert _ids(session, "station NOT strike") == {"Café society", "Flags 🇫🇷 and faces"}
    assert _ids(session, "budget OR strike") == {"Budget vote", "Rail strike"}


def test_the_first_hit_is_in_code_points_of_the_stored_text(session: Session) -> None:
    found = {h.document_id: h for h in search(session, "station").hits}
    doc_id = _doc(session, "Flags 🇫🇷 and faces")
    text = session.document(doc_id).text
    one = found[doc_id]
    assert one.found is Found.TEXT
    assert one.start is not None and one.end is not None
    assert text[one.start : one.end] == "station"
    assert one.start == text.index("station")  # code points, not UTF-8 bytes nor UTF-16
    assert len(text[: one.start].encode("utf-8")) != one.start  # (the two differ here)
    assert [p for p, is_hit in one.snippet.parts if is_hit] == ["station"]


def test_first_hit_and_snippet_parts_count_code_points() -> None:
    marked = "😀 é 🇫🇷 \x02café\x03 and \x02more\x03"
    assert first_hit(marked) == (7, 11)
    assert "😀 é 🇫🇷 café and more"[7:11] == "café"
    assert split_marked(marked).parts == (
        ("😀 é 🇫🇷 ", False),
        ("café", True),
        (" and ", False),
        ("more", True),
    )
    assert first_hit("no hit here") is None


HOSTILE = [
    "O'Brien",
    "-word",
    "AND",
    "a AND",
    '"unterminated',
    "*",
    "^",
    "(",
    ")",
    "NEAR(a b, x)",
    "x:",
    "note: station",
    "\x00abc",
    "c++",
    "😀",
    '""',
    "'; DROP TABLE documents; --",
    "a" * 5000,
    "NOT",
    "\ud800",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(session: Session, query: str) -> None:
    results = search(session, query)
    assert results.total >= 0
    assert session.document_count() == len(ARTICLES)


def test_words_fts5_cannot_read_are_searched_as_plain_words(session: Session) -> None:
    assert _ids(session, "AND") == {"Flags 🇫🇷 and faces"}  # an operator alone: the word
    _person(session, _doc(session, "Rail strike"), "Workers", "O'Brien said so")
    results = search(session, "O'Brien")
    assert "plain words" in results.note
    assert [h.found for h in results.hits] == [Found.NOTE]


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=40))
def test_any_text_is_a_query(session: Session, query: str) -> None:
    search(session, query)  # (the session is only read)


# -- notes and filters ---------------------------------------------------------------------------


def test_notes_are_searched_and_open_at_their_span(session: Session) -> None:
    doc_id = _doc(session, "Budget vote")
    span = _person(session, doc_id, "council", "ask the treasurer about this")
    hits = search(session, "treasurer").hits
    assert [(h.document_id, h.found, h.start, h.end) for h in hits] == [
        (doc_id, Found.NOTE, span.start, span.end)
    ]
    assert "treasurer" in [p for p, is_hit in hits[0].snippet.parts if is_hit]


def test_a_document_found_in_its_text_and_a_note_is_counted_once(session: Session) -> None:
    for title in ("Café society", "Flags 🇫🇷 and faces", "Rail strike"):  # all say "station"
        _person(session, _doc(session, title), "station", "the station again")
    for limit in (1, 2, 50):
        results = session.search.find("station", limit=limit)
        assert results.total == 3, limit
        assert len(results.hits) == min(limit, 3)


def test_documents_found_only_in_notes_are_counted_whatever_the_limit(session: Session) -> None:
    for title in ("Café society", "Budget vote", "Rail strike"):  # three notes in each
        doc = _doc(session, title)
        for word in ("the", "on", "at"):
            if word in session.document(doc).text.split():
                _person(session, doc, word, "zebrafish seen")
    noted = {m.id for m in session.documents()} - {_doc(session, "Flags 🇫🇷 and faces")}
    for limit in (1, 2, 50):
        results = session.search.find("zebrafish", limit=limit)
        assert results.total == len(noted) == 3, limit
        assert results.more == (limit < 3)


def test_filters_combine_with_the_words(session: Session) -> None:
    rail, cafe, flags = (
        _doc(session, t) for t in ("Rail strike", "Café society", "Flags 🇫🇷 and faces")
    )
    workers = _person(session, rail, "Workers")
    union = Entity(new_id(), session.annotator.id, "Rail Union", "ORGANIZATION", ("the union",))
    session.registry.add_entity(union)
    session.update_span(dataclasses.replace(workers, entity_id=union.id))
    label = session.scheme.get(Layer.QUOTE, "QUOTE")
    assert label is not None
    text = session.document(cafe).text
    start = text.index("served")
    quote_span = session.new_span(cafe, start, start + 6, label)
    session.add_span(
        quote_span,
        quote=Quote(
            id=new_id(),
            document_id=cafe,
            annotator_id=session.annotator.id,
            segment_ids=(quote_span.id,),
        ),
    )
    bob_span = dataclasses.replace(_bob_span(session, flags, "people"), entity_id=None)
    put_work(session, BOB, [bob_span], statuses={flags: Status.DONE})
    session.set_status(rail, Status.DONE)
    assert _ids(session, "station", label="PERSON") == {"Rail strike", "Flags 🇫🇷 and faces"}
    assert _ids(session, "station", label="PERSON", annotator="Bob") == {"Flags 🇫🇷 and faces"}
    assert _ids(session, "station", annotator="Bob") == {"Flags 🇫🇷 and faces"}
    assert _ids(session, "station", status="done") == {"Rail strike"}
    assert _ids(session, "station", status="done", annotator="Bob") == {"Flags 🇫🇷 and faces"}
    assert _ids(session, "station", status="not_started") == {"Flags 🇫🇷 and faces"}
    assert _ids(session, "station", quote_without_speaker=True) == {"Café society"}
    assert _ids(session, "", quote_without_speaker=True) == {"Café society"}
    me = session.annotator.name  # (a label, entity or quote filter implies the annotator's work)
    assert _ids(session, "station", quote_without_speaker=True, annotator=me) == {"Café society"}
    assert _ids(session, "", quote_without_speaker=True, annotator="Bob") == set()
    assert _ids(session, "station", label="PERSON", annotator=me) == {"Rail strike"}
    assert _ids(session, "station", entity="rail union", annotator=me) == {"Rail strike"}
    assert _ids(session, "station", entity="rail union") == {"Rail strike"}
    assert _ids(session, "station", entity="The Union") == {"Rail strike"}
    assert _ids(session, "station", entity=union.id, annotator="Bob") == set()


def _bob_span(session: Session, doc_id: str, word: str) -> Span:
    text = session.document(doc_id).text
    start = text.index(word)
    return Span(
        id=new_id(), document_id=doc_id, annotator_id=BOB.id, layer=Layer.ENTITY,
        label="PERSON", start=start, end=start + len(word), text=word, created_at=now_iso(),
    )  # fmt: skip


def test_dates_and_unknown_names(session: Session) -> None:
    with pytest.raises(AnnotatorError, match="no label 'NOPE'"):
        search(session, "station", label="NOPE")
    with pytest.raises(AnnotatorError, match="no entity named 'Nobody'"):
        search(session, "station", entity="Nobody")
    with pytest.raises(AnnotatorError, match="not a date"):
        search(session, "station", date_from="yesterday")
    rail = _doc(session, "Rail strike")
    session.edit_document(rail, title="Rail strike", date="2024-03-05", source="")
    assert _ids(session, "station", date_from="2024-03-01", date_to="2024-03-05") == {"Rail strike"}
    assert _ids(session, "station", date_from="2024-03-06") == set()
    assert _ids(session, "station", date_to="2024-03") == {"Rail strike"}


# -- the triggers --------------------------------------------------------------------------------


def test_edits_and_their_undo_keep_the_index_right(session: Session) -> None:
    path = session.path
    rail = _doc(session, "Rail strike")
    edit = EditDocument(session, rail, "Tram walkout", None, "")
    edit.apply()
    assert _ids(session, "tram") == {"Tram walkout"}
    assert _ids(session, "title:rail") == set()
    edit.revert()
    assert _ids(session, "tram") == set()
    assert _ids(session, "title:rail") == {"Rail strike"}
    span = _person(session, rail, "Workers", "first note")
    note = UpdateSpan(session, span, dataclasses.replace(span, note="second thought"), "Edit note")
    note.apply()
    assert _ids(session, "second") == {"Rail strike"} and _ids(session, "first") == set()
    note.revert()
    assert _ids(session, "first") == {"Rail strike"} and _ids(session, "second") == set()
    remove = RemoveDocument(session, rail, "Rail strike")
    remove.apply()
    assert _ids(session, "strike") == set() and _ids(session, "first") == set()
    _fts_sound(path)
    remove.revert()
    assert _ids(session, "strike") == {"Rail strike"} and _ids(session, "first") == {"Rail strike"}
    remove.apply()
    remove.revert()
    _fts_sound(path)


def test_mark_all_done_is_one_edit(session: Session) -> None:
    ids = [h.document_id for h in search(session, "station").hits]
    op = SetStatuses(session, ids, Status.DONE)
    op.apply()
    assert all(session.status(i) is Status.DONE for i in ids)
    assert _ids(session, "", status="done") == {session.document(i).title for i in ids}
    op.revert()
    assert all(session.status(i) is Status.NOT_STARTED for i in ids)


# -- an upgraded project -------------------------------------------------------------------------


def _as_version_5(path: Path) -> None:
    """Take the search index out of a project, as a file of the previous version."""
    conn = sqlite3.connect(path)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f'DROP TRIGGER "{name}"')
    for table in ("_search_documents", "_search_notes", "_search_progress"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("DROP INDEX spans_by_annotator")  # (0010 makes it with the tables anew)
    conn.execute(
        "DELETE FROM _sqlite_migrations "
        "WHERE name IN ('0006_search_index', '0010_search_prefixes_and_stats_index')"
    )
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()


def test_an_upgraded_project_is_indexed_in_steps_while_edits_go_on(project_path: Path) -> None:
    session = open_session(project_path)
    many = {
        f"n{k}.txt": f"Story {k}\n\nWords of story number {k} near the harbour.\n"
        for k in range(30)
    }
    _import(session, {**ARTICLES, **many})
    _person(session, _doc(session, "Budget vote"), "council", "a harbour note")
    session.close()
    _as_version_5(project_path)
    session = open_session(project_path)
    try:
        assert session.search.built() == 0.0
        assert search(session, "harbour").hits == []  # nothing indexed during the open
        steps = 0
        edited = False
        while not session.search.build_step(budget=0.0):
            steps += 1
            if not edited and 0 < session.search.built() < 0.9:
                # Edits in the middle of the build: on rows indexed and rows not yet.
                titles = [m.id for m in session.documents()]
                session.edit_document(titles[0], title="Renamed first", date=None, source="")
                session.edit_document(titles[-1], title="Renamed last", date=None, source="")
                session.remove_documents([titles[-2]])
                edited = True
            partial = search(session, "harbour")
            assert partial.built < 1.0 or steps > 1
        assert steps > 3  # one short transaction at a time
        assert edited
        assert session.search.built() == 1.0
        found = _ids(session, "harbour")
        assert len(found) == 29 + 1  # 30 stories, one removed, and the note
        assert "Renamed last" in found
        assert _ids(session, "renamed") == {"Renamed first", "Renamed last"}
    finally:
        session.close()
    _fts_sound(project_path)


def test_the_oldest_fixture_upgrades_and_builds_its_index(tmp_path: Path) -> None:
    path = old_project(tmp_path / "old.sqlite")
    session = open_session(path)
    try:
        assert session.search.built() < 1.0
        assert build_index(session)
        assert session.search.built() == 1.0
        some_word = session.document(session.documents()[0].id).text.split()[0]
        assert search(session, some_word).hits
    finally:
        session.close()
    _fts_sound(path)


def test_an_index_that_cannot_record_its_progress_is_damaged_not_built_forever(
    tmp_path: Path,
) -> None:
    path = old_project(tmp_path / "old.sqlite")
    open_session(path).close()  # upgraded: the index is to be built
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM _search_progress")  # what a flipped byte did to a page of it
    conn.commit()
    conn.close()
    before = path.read_bytes()
    session = open_session(path)
    try:
        with pytest.raises(AnnotatorError, match=f"{path} is damaged: its search index"):
            build_index(session)
    finally:
        session.close()
    assert path.read_bytes() == before  # the step's rows rolled back with it


def test_a_read_only_open_of_an_old_file_builds_in_its_copy(tmp_path: Path) -> None:
    path = old_project(tmp_path / "old.sqlite")
    before = path.read_bytes()
    session = open_session(path, read_only=True)
    try:
        assert session.search.can_build()
        assert build_index(session)
    finally:
        session.close()
    assert path.read_bytes() == before


# -- what the file may hold ----------------------------------------------------------------------


def test_a_trigger_not_ours_is_still_refused(session: Session) -> None:
    path = session.path
    session.close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER _search_notes_update")
    conn.execute(
        "CREATE TRIGGER _search_notes_update AFTER UPDATE ON spans BEGIN DELETE FROM documents; END"
    )
    conn.commit()
    conn.close()
    with pytest.raises(NotAProject, match="trigger '_search_notes_update'"):
        ProjectStore.open(path, scheme=None)


def test_progress_of_a_complete_index(session: Session) -> None:
    conn = sqlite3.connect(session.path)
    assert conn.execute("SELECT source, upto FROM _search_progress ORDER BY source").fetchall() == [
        ("documents", SEARCH_COMPLETE),
        ("spans", SEARCH_COMPLETE),
    ]
    conn.close()


def test_check_finds_an_index_out_of_step_and_repair_builds_it_anew(session: Session) -> None:
    path = session.path
    assert check_project(path).sound
    session.close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _search_documents (rowid, title, text) VALUES (99999, 'ghost', 'phantom')"
    )
    conn.commit()
    conn.close()
    report = check_project(path)
    assert any("search index does not match" in p for p in report.problems), report.problems
    report, target = repair_project(path)
    assert report.made
    assert check_project(target).sound
    repaired = open_session(target, read_only=True)
    try:
        assert _ids(repaired, "phantom") == set()
        assert _ids(repaired, "cafe") == {"Café society"}
    finally:
        repaired.close()


def test_the_best_documents_come_first(session: Session) -> None:
    _import(
        session,
        {
            "once.txt": "Once\n\nA harbour, and then many other words about other things.\n",
            "thrice.txt": "Thrice\n\nThe harbour, the harbour and the harbour again.\n",
        },
    )
    titles = [h.title for h in search(session, "harbour").hits]
    assert titles == ["Thrice", "Once"]  # list order would be the other way
    titles = [h.title for h in search(session, "harbour", status="not_started").hits]
    assert titles == ["Thrice", "Once"]
