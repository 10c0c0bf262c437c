"""Review decisions on the example project's real file: undo keeps which gold spans a decision
owns, "both" never duplicates, stale decisions are found and dropped, many agreements are one
commit; each checked on a second read-only connection."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.app.projects import open_session
from annotator.core.decisions import Choice
from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD_ANNOTATOR_ID as GOLD
from annotator.core.review import Kind
from annotator.session import Session
from annotator.session.ops.review import AcceptAgreements, Decide, DropStale
from tests.conftest import EXAMPLE
from tests.readback import dump, rows

EVERYTHING = {
    "spans": "SELECT * FROM spans WHERE annotator_id = 'gold' ORDER BY id",
    "quotes": "SELECT * FROM quotes WHERE annotator_id = 'gold' ORDER BY id",
    "segments": "SELECT * FROM quote_segments ORDER BY quote_id, position",
    "claims": "SELECT * FROM claims ORDER BY span_id",
    "decisions": "SELECT * FROM decisions ORDER BY key, annotator_b",
}


@pytest.fixture
def session(example_copy: Path) -> Iterator[Session]:
    shutil.copy(EXAMPLE / "annotations.jsonl", example_copy / "annotations.jsonl")
    s = open_session(example_copy)
    yield s
    s.close()


def _all(s: Session) -> dict[str, list[tuple[object, ...]]]:
    return {name: rows(s.path, sql) for name, sql in EVERYTHING.items()}


def _pair(s: Session) -> tuple[str, str, str]:
    ids = {a.name: a.id for a in s.annotators()}
    a, b = ids["example"], ids["blanca"]
    return s.review.documents(a, b)[0], a, b


def _gold_at(s: Session, start: int, end: int) -> list[tuple[object, ...]]:
    return rows(
        s.path,
        'SELECT label FROM spans WHERE annotator_id = ? AND start = ? AND "end" = ?',
        (GOLD, start, end),
    )


def test_undo_writes_back_every_gold_span_a_decision_owns(session: Session) -> None:
    s = session
    doc, a, b = _pair(s)
    item = next(x for x in s.review.items(doc, a, b)[0] if x.kind is Kind.ONLY_A)
    assert item.a is not None
    s.review.decide(doc, a, b, item, Choice.A)
    after_one = _all(s)
    on_gold = next(
        x
        for x in s.review.items(doc, b, GOLD)[0]
        if x.kind is Kind.ONLY_B and x.b is not None and x.b.start == item.a.start
    )
    after_one_rows = dump(s.path)
    rejected = Decide(s, doc, b, GOLD, on_gold, Choice.REJECT)  # takes that gold span away
    rejected.apply()
    again = Decide(s, doc, a, b, item, Choice.REJECT)  # the first decision re-decided
    again.apply()
    again.revert()
    rejected.revert()
    assert _all(s) == after_one  # the decision row owns its gold span again
    assert dump(s.path) == after_one_rows
    s.review.decide(doc, a, b, item, Choice.REJECT)
    assert _gold_at(s, item.a.start, item.a.end) == []


def test_both_is_refused_on_a_speaker_or_claim_attribute_item(session: Session) -> None:
    s = session
    doc, a, b = _pair(s)
    before = _all(s)
    for kind in (Kind.SPEAKER, Kind.CLAIM_ATTRIBUTE):
        item = next(x for x in s.review.items(doc, a, b)[0] if x.kind is kind)
        with pytest.raises(AnnotatorError, match="Both"):
            s.review.decide(doc, a, b, item, Choice.BOTH)
    assert _all(s) == before


def test_both_on_equal_spans_copies_one(session: Session) -> None:
    s = session
    doc, a, b = _pair(s)
    agreed = next(x for x in s.review.items(doc, a, b)[1] if x.layer == "entity")
    s.review.decide(doc, a, b, agreed, Choice.BOTH)
    assert _gold_at(s, agreed.a.start, agreed.a.end) == [(agreed.a.label,)]


def test_stale_decisions_are_found_and_dropped_with_their_gold_spans_undoably(
    session: Session,
) -> None:
    s = session
    doc, a, b = _pair(s)
    item = next(x for x in s.review.items(doc, a, b)[0] if x.kind is Kind.BOUNDARY)
    assert item.a is not None and item.b is not None
    s.review.decide(doc, a, b, item, Choice.A)
    assert s.review.stale(doc, a, b) == []
    mine = next(x for x in s.spans(doc, a) if (x.start, x.end) == (item.a.start, item.a.end))
    text = s.document(doc).text
    s.update_span(
        mine.with_changes(start=item.b.start, end=item.b.end, text=text[item.b.start : item.b.end])
    )
    stale = s.review.stale(doc, a, b)
    assert [d.key for d in stale] == [item.key]
    assert _gold_at(s, item.a.start, item.a.end) != []
    decided = dump(s.path)
    dropping = DropStale(s, stale)
    dropping.apply()
    assert _gold_at(s, item.a.start, item.a.end) == []
    assert rows(s.path, "SELECT key FROM decisions WHERE key = ?", (item.key,)) == []
    dropping.revert()
    assert dump(s.path) == decided


def test_a_speaker_decision_goes_stale_when_a_speaker_changes(session: Session) -> None:
    s = session
    doc, a, b = _pair(s)
    item = next(x for x in s.review.items(doc, a, b)[0] if x.kind is Kind.SPEAKER)
    s.review.decide(doc, a, b, item, Choice.A)
    assert item.b is not None and item.b.quote is not None
    start, end = item.b.quote.segments[0]
    segment = next(x for x in s.spans(doc, b) if (x.start, x.end) == (start, end))
    quote = s.links.quote_of_span(segment.id)
    assert quote is not None
    s.links.update_quote(quote.with_changes(speaker_entity_id=None, speaker_text="Someone else"))
    assert item.key in {d.key for d in s.review.stale(doc, a, b)}


def test_accepting_many_agreements_is_one_commit_and_one_change_undone_the_same(
    session: Session,
) -> None:
    s = session
    doc, a, b = _pair(s)
    agreed = s.review.items(doc, a, b)[1]
    before = dump(s.path)
    changes = []
    s.subscribe(changes.append)
    accepting = AcceptAgreements(s, doc, a, b, agreed)
    accepting.apply()
    assert len(changes) == 1
    assert len(rows(s.path, "SELECT key FROM decisions")) == len(agreed)
    assert len(rows(s.path, "SELECT id FROM spans WHERE annotator_id = 'gold'")) == len(agreed)
    done = dump(s.path)
    accepting.revert()
    assert len(changes) == 2 and dump(s.path) == before
    accepting.apply()
    assert dump(s.path) == done
