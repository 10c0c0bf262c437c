"""The gold layer: review decisions, the gold spans they make, undo and redo as operations
(every row back, rowids included), reopening."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from annotator.core.agreement.records import DocumentPair, Work
from annotator.core.decisions import Choice
from annotator.core.errors import AnnotatorError
from annotator.core.links import Claim, Quote, Verdict
from annotator.core.model import GOLD_ANNOTATOR_ID, Annotator, Document, Layer, Span
from annotator.core.review import Agreed, Disagreement, Kind, agreements, disagreements
from annotator.core.scheme import load_default_scheme
from annotator.session import ChangeKind, Session
from annotator.session.ops.base import Operation
from annotator.session.ops.review import Decide
from annotator.storage.migrations import SCHEMA_VERSION
from annotator.storage.store import ProjectStore
from tests.builders import put_documents, put_work
from tests.readback import dump, rows, write

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
    return Session.open(path, REVIEWER, scheme=load_default_scheme())


class Edit(Operation):
    """Any session writes as one operation (for links made after a decision, in a test)."""

    def __init__(self, session: Session, edit: Callable[[], object]) -> None:
        super().__init__(session, "edit")
        self.edit = edit

    def run(self) -> None:
        self.edit()


def _decide(s: Session, item: Disagreement | Agreed, choice: Choice, **how: object) -> Decide:
    op = Decide(s, DOC, ANN.id, BOB.id, item, choice, **how)  # type: ignore[arg-type]
    op.apply()
    return op


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    s = _open(tmp_path / "p.sqlite")
    put_documents(s, [Document(DOC, TEXT, "Meeting")])
    entity = s.registry.new_entity("Sergei Lavrov", "PERSON")
    s.registry.add_entity(entity)
    put_work(
        s,
        ANN,
        [
            replace(_span(ANN, "Sergei Lavrov", "PERSON"), entity_id=entity.id),
            _span(ANN, "Annalena Baerbock", "PERSON"),
            _span(ANN, "Berlin", "LOC"),
        ],
    )
    put_work(
        s,
        BOB,
        [
            _span(BOB, "Sergei Lavrov", "PERSON"),
            _span(BOB, "Annalena Baerbock", "ORG"),
            _span(BOB, "Monday", "DATE"),
        ],
    )
    yield s
    s.close()


def _items(s: Session) -> tuple[list[Disagreement], list[Agreed]]:
    def work(who: Annotator) -> Work:
        spans = s.spans(DOC, who.id)
        return Work(spans=tuple((x.start, x.end, x.layer.value, x.label) for x in spans))

    pair = DocumentPair(DOC, "Meeting", TEXT, work(ANN), work(BOB))
    return disagreements(pair, {}), agreements(pair, {})


def _gold(s: Session) -> list[tuple[str, str, str | None]]:
    return [(x.text, x.label, x.entity_id) for x in s.spans(DOC, GOLD_ANNOTATOR_ID)]


def _by_kind(items: list[Disagreement], kind: Kind) -> Disagreement:
    return next(d for d in items if d.kind is kind)


def test_a_fresh_file_is_at_the_current_version_with_decisions_and_gold_comes_with_a_decision(
    session: Session,
) -> None:
    path = session.path
    assert SCHEMA_VERSION >= 4
    assert rows(path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert dump(path)["decisions"] == []
    gold = "SELECT name FROM annotators WHERE id = ?"
    assert rows(path, gold, (GOLD_ANNOTATOR_ID,)) == []
    session.review.decide(DOC, ANN.id, BOB.id, _items(session)[1][0], Choice.AGREE)
    assert rows(path, gold, (GOLD_ANNOTATOR_ID,)) == [("gold",)]
    columns = {r[1] for r in rows(path, "PRAGMA table_info(decisions)")}
    assert {"key", "choice", "decided_by", "decided_at", "comment", "gold_span_ids"} <= columns


def test_each_choice_makes_its_gold_spans(session: Session) -> None:
    items, agreed = _items(session)
    label = _by_kind(items, Kind.LABEL)  # Baerbock: PERSON vs ORG
    only_a = _by_kind(items, Kind.ONLY_A)  # Berlin
    only_b = _by_kind(items, Kind.ONLY_B)  # Monday
    (lavrov,) = agreed
    entity = session.registry.entities()[0].id
    heard: list[ChangeKind] = []
    session.subscribe(lambda c: heard.append(c.kind))

    d = session.review.decide(DOC, ANN.id, BOB.id, lavrov, Choice.AGREE)
    assert _gold(session) == [("Sergei Lavrov", "PERSON", entity)]  # A's entity comes along
    assert d.replaced is None and d.decided_by == REVIEWER.id
    session.review.decide(DOC, ANN.id, BOB.id, label, "both", comment="ask Bob")
    assert sorted(_gold(session)) == [
        ("Annalena Baerbock", "ORG", None),
        ("Annalena Baerbock", "PERSON", None),
        ("Sergei Lavrov", "PERSON", entity),
    ]
    session.review.decide(DOC, ANN.id, BOB.id, only_a, Choice.REJECT)
    session.review.decide(DOC, ANN.id, BOB.id, only_b, Choice.B)
    assert ("Berlin", "LOC", None) not in _gold(session)
    assert ("Monday", "DATE", None) in _gold(session)
    assert len(_gold(session)) == 4
    assert heard == [ChangeKind.DECISIONS] * 4

    stored = session.review.decisions(DOC, ANN.id, BOB.id)
    assert set(stored) == {lavrov.key, label.key, only_a.key, only_b.key}
    assert stored[label.key].comment == "ask Bob" and stored[label.key].choice is Choice.BOTH
    assert stored[only_a.key].spans == ()
    assert session.review.progress(DOC, ANN.id, BOB.id, len(items)) == (3, 3)  # min'd
    assert session.review.progress(DOC, ANN.id, BOB.id, 10) == (4, 10)
    assert session.review.decisions(DOC, BOB.id, ANN.id) == {}  # the pair is ordered

    with pytest.raises(AnnotatorError):
        session.review.decide(DOC, ANN.id, BOB.id, only_b, Choice.A)  # A has nothing there


def test_redeciding_replaces_and_undo_restores_exactly(session: Session) -> None:
    items, _ = _items(session)
    label = _by_kind(items, Kind.LABEL)
    before = dump(session.path)
    first_op = _decide(session, label, Choice.A)
    first = first_op.decision
    assert first is not None
    spans_first = session.spans(DOC, GOLD_ANNOTATOR_ID)
    assert [s.label for s in spans_first] == ["PERSON"]
    decided_once = dump(session.path)

    second_op = _decide(session, label, Choice.B, comment="Bob is right")
    second = second_op.decision
    assert second is not None and second.replaced == first
    assert [s.label for s in session.spans(DOC, GOLD_ANNOTATOR_ID)] == ["ORG"]
    assert session.review.decisions(DOC, ANN.id, BOB.id)[label.key].choice is Choice.B

    second_op.revert()
    assert session.spans(DOC, GOLD_ANNOTATOR_ID) == spans_first  # ids included
    assert session.review.decisions(DOC, ANN.id, BOB.id)[label.key] == first
    assert dump(session.path) == decided_once  # every row, rowids included

    first_op.revert()
    assert session.spans(DOC, GOLD_ANNOTATOR_ID) == []
    assert session.review.decisions(DOC, ANN.id, BOB.id) == {}
    assert dump(session.path) == before

    # redo puts the same decision back: the same rows come back
    first_op.apply()
    assert session.review.decisions(DOC, ANN.id, BOB.id)[label.key] == first
    assert dump(session.path) == decided_once


def test_decisions_survive_reopening(session: Session, tmp_path: Path) -> None:
    items, _ = _items(session)
    only_a = _by_kind(items, Kind.ONLY_A)
    made = session.review.decide(DOC, ANN.id, BOB.id, only_a, Choice.A, comment="keep")
    session.close()
    again = _open(tmp_path / "p.sqlite")
    try:
        stored = again.review.decisions(DOC, ANN.id, BOB.id)
        assert stored == {only_a.key: made}
        assert [(s.text, s.label) for s in again.spans(DOC, GOLD_ANNOTATOR_ID)] == [
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


# -- links on gold spans, edits, comments, the gold layer as B --------------------------------


def _dump(s: Session) -> dict[str, list[tuple[object, ...]]]:
    """Every row review decisions touch, to compare before and after."""
    queries = {
        "spans": "SELECT * FROM spans WHERE annotator_id = 'gold' ORDER BY id",
        "quotes": "SELECT * FROM quotes ORDER BY id",
        "segments": "SELECT * FROM quote_segments ORDER BY quote_id, position",
        "claims": "SELECT * FROM claims ORDER BY span_id",
        "decisions": "SELECT * FROM decisions ORDER BY key",
    }
    return {name: rows(s.path, sql) for name, sql in queries.items()}


def _linked_gold(session: Session) -> tuple[list[Disagreement], dict[str, Decide], Edit]:
    """A's cue, quote and claim decided into gold, then linked there (one more edit): the
    quote segment and cue of a gold quote with a speaker, a gold claim with a verdict."""
    put_work(
        session,
        ANN,
        [
            _span(ANN, "met", "CUE", Layer.QUOTE),
            _span(ANN, "Annalena Baerbock in Berlin", "QUOTE", Layer.QUOTE),
            _span(ANN, "in Berlin on Monday", "CLAIM", Layer.CLAIM),
        ],
    )
    items, _ = _items(session)
    only_a = [d for d in items if d.kind is Kind.ONLY_A and d.layer != "entity"]
    assert len(only_a) == 3
    made = {d.a.label: _decide(session, d, Choice.A) for d in only_a if d.a}
    gold = {s.label: s for s in session.spans(DOC, GOLD_ANNOTATOR_ID)}
    entity = session.registry.entities()[0].id
    quote = Quote(
        "q-gold",
        DOC,
        GOLD_ANNOTATOR_ID,
        (gold["QUOTE"].id,),
        cue_span_id=gold["CUE"].id,
        speaker_entity_id=entity,
    )
    claim = Claim(gold["CLAIM"].id, verdict=Verdict.FALSE, evidence="no")

    def link() -> None:
        session.links.add_quote(quote)
        session.links.set_claim(claim)

    linking = Edit(session, link)
    linking.apply()
    return only_a, made, linking


def test_redeciding_or_undoing_a_decision_whose_gold_spans_got_links(session: Session) -> None:
    """Re-deciding (or undoing) removes the gold spans with their quote, cue and claim rows
    (no foreign-key error); undo and redo restore every row exactly."""
    only_a, made, linking = _linked_gold(session)
    linked = _dump(session)
    linked_rows = dump(session.path)
    assert linked["quotes"] and linked["segments"] and linked["claims"]

    redone = [_decide(session, d, Choice.REJECT) for d in only_a]
    after = _dump(session)
    after_rows = dump(session.path)
    assert after["quotes"] == after["segments"] == after["claims"] == after["spans"] == []
    assert {r[4] for r in after["decisions"]} == {"reject"}

    for op in reversed(redone):
        op.revert()
    assert _dump(session) == linked  # quote, cue, speaker, segment, claim: as they were
    assert dump(session.path) == linked_rows
    for op in redone:
        op.apply()
    assert dump(session.path) == after_rows
    for op in reversed(redone):
        op.revert()
    assert dump(session.path) == linked_rows

    # undoing the linking, then the first decisions themselves, takes every gold row away;
    # redo in order brings back the spans with their links
    linking.revert()
    first = [made[label] for label in ("CLAIM", "QUOTE", "CUE")]
    for op in first:
        op.revert()
    assert _dump(session)["spans"] == [] and _dump(session)["quotes"] == []
    for op in reversed(first):
        op.apply()
    linking.apply()
    assert dump(session.path) == linked_rows


def test_edit_then_accept_stores_the_edited_span(session: Session, tmp_path: Path) -> None:
    items, _ = _items(session)
    label = _by_kind(items, Kind.LABEL)  # Baerbock: PERSON vs ORG
    assert label.b is not None
    start = session.review.candidate(DOC, BOB.id, label, label.b)
    assert (start.start, start.end, start.label) == (label.b.start, label.b.end, "ORG")
    end = TEXT.index("Baerbock") + len("Baerbock")
    edited = replace(start, start=TEXT.index("Baerbock"), end=end, label="PERSON")
    op = _decide(session, label, Choice.EDIT, comment="surname only", edited=[edited])
    d = op.decision
    assert d is not None and d.choice is Choice.EDIT
    assert _gold(session) == [("Baerbock", "PERSON", None)]
    with pytest.raises(AnnotatorError):
        session.review.decide(
            DOC, ANN.id, BOB.id, label, Choice.EDIT, "", [replace(edited, label="X")]
        )
    with pytest.raises(AnnotatorError):
        session.review.decide(
            DOC, ANN.id, BOB.id, label, Choice.EDIT, "", [replace(edited, end=999)]
        )
    assert _gold(session) == [("Baerbock", "PERSON", None)]  # refused edits change nothing

    # the entity of the side comes along while the label stays the one it was taken with
    agreed = _items(session)[1][0]
    lavrov = session.review.candidate(DOC, ANN.id, agreed, agreed.a)
    assert lavrov.entity == session.registry.entities()[0].id
    assert replace(lavrov, label="ORG").entity is None

    op.revert()
    assert _gold(session) == []
    op.apply()
    session.close()
    again = _open(tmp_path / "p.sqlite")
    try:
        stored = again.review.decisions(DOC, ANN.id, BOB.id)[label.key]
        assert (stored.choice, stored.comment) == (Choice.EDIT, "surname only")
        assert [(s.text, s.label) for s in stored.spans] == [("Baerbock", "PERSON")]
    finally:
        again.close()


def test_comment_of_a_decision_is_changed_and_set_back(session: Session) -> None:
    items, _ = _items(session)
    only_b = _by_kind(items, Kind.ONLY_B)
    session.review.decide(DOC, ANN.id, BOB.id, only_b, Choice.B, comment="first")
    old = session.review.comment(DOC, ANN.id, BOB.id, only_b.key, "dates are out of scope")
    assert old == "first"
    assert (
        session.review.decisions(DOC, ANN.id, BOB.id)[only_b.key].comment
        == "dates are out of scope"
    )
    session.review.comment(DOC, ANN.id, BOB.id, only_b.key, old)
    assert session.review.decisions(DOC, ANN.id, BOB.id)[only_b.key].comment == "first"
    with pytest.raises(KeyError):
        session.review.comment(DOC, ANN.id, BOB.id, "no/such/key", "x")


def test_progress_counts_the_current_items_and_all_documents_in_one_query(
    session: Session,
) -> None:
    items, agreed = _items(session)
    keys = [i.key for i in (*items, *agreed)]
    session.review.decide(DOC, ANN.id, BOB.id, items[0], Choice.REJECT)
    write(  # a decision on an item gone since (its work changed)
        session.path,
        "INSERT INTO decisions VALUES (?,?,?,?,?,?,?,?,?)",
        ("gone/key", DOC, ANN.id, BOB.id, "reject", REVIEWER.id, "now", "", "[]"),
    )
    assert session.review.progress(DOC, ANN.id, BOB.id, keys) == (1, len(keys))
    assert session.review.decided_keys(ANN.id, BOB.id) == {DOC: {items[0].key, "gone/key"}}
    assert session.review.decided_keys(BOB.id, ANN.id) == {}


def test_reviewing_one_annotator_against_the_gold_layer(session: Session) -> None:
    """B = gold: B's side is gold already (never copied again); taking A's side removes it,
    and undo puts it back."""
    items, _ = _items(session)
    label = _by_kind(items, Kind.LABEL)
    session.review.decide(DOC, ANN.id, BOB.id, label, Choice.B)  # gold: Baerbock ORG
    org = session.spans(DOC, GOLD_ANNOTATOR_ID)

    def against_gold() -> list[Disagreement]:
        def work(who: str) -> Work:
            spans = session.spans(DOC, who)
            return Work(spans=tuple((x.start, x.end, x.layer.value, x.label) for x in spans))

        return disagreements(DocumentPair(DOC, "", TEXT, work(ANN.id), work(GOLD_ANNOTATOR_ID)))

    item = next(d for d in against_gold() if d.kind is Kind.LABEL)
    kept = session.review.decide(DOC, ANN.id, GOLD_ANNOTATOR_ID, item, Choice.B)
    assert kept.spans == () and session.spans(DOC, GOLD_ANNOTATOR_ID) == org
    before = dump(session.path)
    taking = Decide(session, DOC, ANN.id, GOLD_ANNOTATOR_ID, item, Choice.A)
    taking.apply()
    assert _gold(session) == [("Annalena Baerbock", "PERSON", None)]
    assert taking.decision is not None and taking.decision.removed == tuple(org)
    taking.revert()
    assert session.spans(DOC, GOLD_ANNOTATOR_ID) == org
    assert dump(session.path) == before
    assert session.review.decisions(DOC, ANN.id, GOLD_ANNOTATOR_ID)[item.key].choice is Choice.B
