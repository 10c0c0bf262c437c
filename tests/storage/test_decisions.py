"""The gold layer: review decisions, the gold spans they make, undo and reopening."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from annotator.core.agreement import DocumentPair, Work
from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD_ANNOTATOR_ID, Annotator, Document, Layer, Span
from annotator.core.review import Agreed, Disagreement, Kind, agreements, disagreements
from annotator.core.scheme import load_default_scheme
from annotator.session import ChangeKind, Session
from annotator.session.decisions import Choice
from annotator.storage.migrations import SCHEMA_VERSION
from annotator.storage.project import ProjectStore

ANN = Annotator("a" * 32, "Ann")
BOB = Annotator("b" * 32, "Bob")
REVIEWER = Annotator("c" * 32, "Rita")
TEXT = "Sergei Lavrov met Annalena Baerbock in Berlin on Monday."
DOC = "d1"


def _span(who: Annotator, piece: str, label: str, layer: Layer = Layer.ENTITY) -> Span:
    start = TEXT.index(piece)
    end = start + len(piece)
    return Span(f"{who.name}-{start}-{label}", DOC, who.id, layer, label, start, end, piece)


def _open(path: Path) -> Session:
    store = ProjectStore.open(path, scheme=load_default_scheme())
    return Session(store, REVIEWER)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    s = _open(tmp_path / "p.sqlite")
    s.store.add_documents([Document(DOC, TEXT, "Meeting")])
    s.store.ensure_annotator(ANN)
    s.store.ensure_annotator(BOB)
    entity = s.new_entity("Sergei Lavrov", "PERSON")
    s.add_entity(entity)
    s.store.insert_spans(
        [
            replace(_span(ANN, "Sergei Lavrov", "PERSON"), entity_id=entity.id),
            _span(BOB, "Sergei Lavrov", "PERSON"),
            _span(ANN, "Annalena Baerbock", "PERSON"),
            _span(BOB, "Annalena Baerbock", "ORG"),
            _span(ANN, "Berlin", "LOC"),
            _span(BOB, "Monday", "DATE"),
        ]
    )
    yield s
    s.close()


def _items(s: Session) -> tuple[list[Disagreement], list[Agreed]]:
    def work(who: Annotator) -> Work:
        spans = s.store.spans(DOC, who.id)
        return Work(spans=tuple((x.start, x.end, x.layer.value, x.label) for x in spans))

    pair = DocumentPair(DOC, "Meeting", TEXT, work(ANN), work(BOB))
    return disagreements(pair, {}), agreements(pair, {})


def _gold(s: Session) -> list[tuple[str, str, str | None]]:
    return [(x.text, x.label, x.entity_id) for x in s.store.spans(DOC, GOLD_ANNOTATOR_ID)]


def _by_kind(items: list[Disagreement], kind: Kind) -> Disagreement:
    return next(d for d in items if d.kind is kind)


def test_a_fresh_file_is_at_the_current_version_with_decisions_and_gold_comes_with_a_decision(
    session: Session,
) -> None:
    db = session.store.db
    assert SCHEMA_VERSION == 4
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert "decisions" in db.table_names()
    gold = "SELECT name FROM annotators WHERE id = ?"
    assert db.execute(gold, [GOLD_ANNOTATOR_ID]).fetchone() is None
    session.decide(DOC, ANN.id, BOB.id, _items(session)[1][0], Choice.AGREE)
    assert db.execute(gold, [GOLD_ANNOTATOR_ID]).fetchone() == ("gold",)
    columns = {c.name for c in db["decisions"].columns}
    assert {"key", "choice", "decided_by", "decided_at", "comment", "gold_span_ids"} <= columns


def test_each_choice_makes_its_gold_spans(session: Session) -> None:
    items, agreed = _items(session)
    label = _by_kind(items, Kind.LABEL)  # Baerbock: PERSON vs ORG
    only_a = _by_kind(items, Kind.ONLY_A)  # Berlin
    only_b = _by_kind(items, Kind.ONLY_B)  # Monday
    (lavrov,) = agreed
    entity = session.entities()[0].id
    heard: list[ChangeKind] = []
    session.subscribe(lambda c: heard.append(c.kind))

    d = session.decide(DOC, ANN.id, BOB.id, lavrov, Choice.AGREE)
    assert _gold(session) == [("Sergei Lavrov", "PERSON", entity)]  # A's entity comes along
    assert d.replaced is None and d.decided_by == REVIEWER.id
    session.decide(DOC, ANN.id, BOB.id, label, "both", comment="ask Bob")
    assert sorted(_gold(session)) == [
        ("Annalena Baerbock", "ORG", None),
        ("Annalena Baerbock", "PERSON", None),
        ("Sergei Lavrov", "PERSON", entity),
    ]
    session.decide(DOC, ANN.id, BOB.id, only_a, Choice.REJECT)
    session.decide(DOC, ANN.id, BOB.id, only_b, Choice.B)
    assert ("Berlin", "LOC", None) not in _gold(session)
    assert ("Monday", "DATE", None) in _gold(session)
    assert len(_gold(session)) == 4
    assert heard == [ChangeKind.DECISIONS] * 4

    stored = session.decisions(DOC, ANN.id, BOB.id)
    assert set(stored) == {lavrov.key, label.key, only_a.key, only_b.key}
    assert stored[label.key].comment == "ask Bob" and stored[label.key].choice is Choice.BOTH
    assert stored[only_a.key].spans == ()
    assert session.review_progress(DOC, ANN.id, BOB.id, len(items)) == (3, 3)  # min'd
    assert session.review_progress(DOC, ANN.id, BOB.id, 10) == (4, 10)
    assert session.decisions(DOC, BOB.id, ANN.id) == {}  # the pair is ordered

    with pytest.raises(AnnotatorError):
        session.decide(DOC, ANN.id, BOB.id, only_b, Choice.A)  # A has nothing there


def test_redeciding_replaces_and_undo_restores_exactly(session: Session) -> None:
    items, _ = _items(session)
    label = _by_kind(items, Kind.LABEL)
    first = session.decide(DOC, ANN.id, BOB.id, label, Choice.A)
    spans_first = session.store.spans(DOC, GOLD_ANNOTATOR_ID)
    assert [s.label for s in spans_first] == ["PERSON"]

    second = session.decide(DOC, ANN.id, BOB.id, label, Choice.B, comment="Bob is right")
    assert second.replaced == first
    assert [s.label for s in session.store.spans(DOC, GOLD_ANNOTATOR_ID)] == ["ORG"]
    assert session.decisions(DOC, ANN.id, BOB.id)[label.key].choice is Choice.B

    session.undo_decision(second, first)
    assert session.store.spans(DOC, GOLD_ANNOTATOR_ID) == spans_first  # ids included
    restored = session.decisions(DOC, ANN.id, BOB.id)[label.key]
    assert restored == first

    session.undo_decision(first)  # previous defaults to first.replaced (None)
    assert session.store.spans(DOC, GOLD_ANNOTATOR_ID) == []
    assert session.decisions(DOC, ANN.id, BOB.id) == {}

    # redo puts the same decision back: the same rows come back
    assert session.store.put_decision(first) is None
    assert session.decisions(DOC, ANN.id, BOB.id)[label.key] == first


def test_decisions_survive_reopening(session: Session, tmp_path: Path) -> None:
    items, _ = _items(session)
    only_a = _by_kind(items, Kind.ONLY_A)
    made = session.decide(DOC, ANN.id, BOB.id, only_a, Choice.A, comment="keep")
    session.close()
    again = _open(tmp_path / "p.sqlite")
    try:
        stored = again.decisions(DOC, ANN.id, BOB.id)
        assert stored == {only_a.key: made}
        assert [(s.text, s.label) for s in again.store.spans(DOC, GOLD_ANNOTATOR_ID)] == [
            ("Berlin", "LOC")
        ]
    finally:
        again.close()


def test_a_version_3_file_upgrades_keeping_its_decisions_and_takes_edit(tmp_path: Path) -> None:
    """Migration 0004 rebuilds the decisions table (for the "edit" choice) without losing a
    row, and adds the table of accepted and rejected proposals."""
    import sqlite3

    from sqlite_utils import Database

    from annotator.storage.migrations import migrations

    path = tmp_path / "old.sqlite"
    db = Database(path)
    migrations.apply(db, stop_before="0004_edits_and_proposals")
    db.execute("INSERT INTO annotators VALUES ('x', 'X', 'now')")
    db.execute(
        "INSERT INTO documents (id, sha256, text, title, position, created_at) "
        "VALUES ('d', 'h', 'text', 't', 0, 'now')"
    )
    insert = "INSERT INTO decisions VALUES (?,?,?,?,?,?,?,?,?)"
    row = ["k1", "d", "x", "y", "both", "x", "2026-01-01", "why", "[]"]
    edited = ["k2", "d", "x", "y", "edit", "x", "2026-01-01", "", "[]"]
    db.execute(insert, row)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(insert, edited)
    db.conn.commit()
    assert db.execute("PRAGMA user_version").fetchone()[0] == 3
    db.close()

    store = ProjectStore.open(path, scheme=load_default_scheme())
    try:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.db.execute("SELECT * FROM decisions").fetchall() == [tuple(row)]
        store.db.execute(insert, edited)  # the "edit" choice is now allowed
        assert "proposal_outcomes" in store.db.table_names()
        assert (path.parent / "old.sqlite.v3.bak").exists()
    finally:
        store.close()
