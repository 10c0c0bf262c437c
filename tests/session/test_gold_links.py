"""The gold layer's links: decisions bring quotes (segments, cue, speaker, type), claim
attributes and entity links into gold, in the same transaction, and undo/redo (operations)
and reopening are exact."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from annotator.core.decisions import Choice, Decision
from annotator.core.links import (
    CheckWorthiness,
    Claim,
    ClaimerKind,
    Quote,
    QuoteType,
    Stance,
    Verdict,
)
from annotator.core.model import GOLD_ANNOTATOR_ID, Annotator, Document, Layer, Span
from annotator.core.review import Agreed, Disagreement, Kind
from annotator.core.scheme import load_default_scheme
from annotator.session import Session
from annotator.session.ops.review import Decide
from tests.builders import put_documents, put_work

ANN = Annotator("a" * 32, "Ann")
BOB = Annotator("b" * 32, "Bob")
REVIEWER = Annotator("c" * 32, "Rita")
TEXT = "Lavrov said: “we will win” and, later, “we will not stop”. Peace is near, he claimed."
DOC = "d1"


def _span(who: Annotator, piece: str, label: str, layer: Layer) -> Span:
    start = TEXT.index(piece)
    return Span(
        f"{who.name}-{start}-{label}", DOC, who.id, layer, label, start, start + len(piece), piece
    )


def _open(path: Path) -> Session:
    return Session.open(path, REVIEWER, scheme=load_default_scheme())


def _decide(s: Session, item: Disagreement | Agreed, choice: Choice, **how: object) -> Decide:
    op = Decide(s, DOC, ANN.id, BOB.id, item, choice, **how)  # type: ignore[arg-type]
    op.apply()
    return op


def _made(op: Decide) -> Decision:
    assert op.decision is not None
    return op.decision


def _work(s: Session, who: Annotator, speaker_text: str, verdict: Verdict) -> None:
    """One annotator's quote (two segments, a cue, a speaker), its Lavrov mention (an entity
    of their own) and a claim."""
    put_work(s, who)  # the annotator first: their entity is theirs
    entity = s.registry.new_entity("Sergei Lavrov", "PERSON")
    entity = replace(entity, id=f"{who.name}-lavrov", annotator_id=who.id)
    s.registry.add_entity(entity)
    mention = replace(_span(who, "Lavrov", "PERSON", Layer.ENTITY), entity_id=entity.id)
    cue = _span(who, "said", "CUE", Layer.QUOTE)
    one = _span(who, "we will win", "QUOTE", Layer.QUOTE)
    two = _span(who, "we will not stop", "QUOTE", Layer.QUOTE)
    claim = _span(who, "Peace is near", "CLAIM", Layer.CLAIM)
    quote = Quote(
        f"{who.name}-q",
        DOC,
        who.id,
        (one.id, two.id),
        cue_span_id=cue.id,
        speaker_entity_id=None if speaker_text else entity.id,
        speaker_text=speaker_text,
        quote_type=QuoteType.DIRECT,
    )
    row = Claim(
        claim.id,
        ClaimerKind.ENTITY,
        entity.id,
        Stance.DENIES if who is BOB else Stance.ASSERTS,
        CheckWorthiness.CHECK_WORTHY,
        verdict,
        f"{who.name}'s evidence",
    )
    put_work(s, who, [mention, cue, one, two, claim], quotes=[quote], claims=[row])


def _make(path: Path, bob_speaker_text: str, bob_verdict: Verdict) -> Session:
    s = _open(path)
    put_documents(s, [Document(DOC, TEXT, "Lavrov")])
    _work(s, ANN, "", Verdict.FALSE)
    _work(s, BOB, bob_speaker_text, bob_verdict)
    return s


@pytest.fixture
def agreeing(tmp_path: Path) -> Iterator[Session]:
    """Ann and Bob agree on everything (their entities aligned by the same mention)."""
    s = _make(tmp_path / "p.sqlite", "", Verdict.FALSE)
    yield s
    s.close()


@pytest.fixture
def disagreeing(tmp_path: Path) -> Iterator[Session]:
    """Bob names the speaker by a free text and leaves the claim unverified."""
    s = _make(tmp_path / "p.sqlite", "a senior diplomat", Verdict.UNVERIFIED)
    yield s
    s.close()


def _read(s: Session, sql: str) -> list[tuple[object, ...]]:
    """Rows of the project file on a second, read-only connection."""
    conn = sqlite3.connect(f"file:{s.path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


GOLD_QUOTES = (
    "SELECT q.id, q.speaker_entity_id, q.speaker_text, q.quote_type, "
    "(SELECT text FROM spans WHERE id = q.cue_span_id), "
    "(SELECT group_concat(text, ' | ') FROM (SELECT s.text FROM quote_segments g "
    "JOIN spans s ON s.id = g.span_id WHERE g.quote_id = q.id ORDER BY g.position)) "
    "FROM quotes q WHERE q.annotator_id = 'gold' ORDER BY q.id"
)
GOLD_CLAIMS = (
    "SELECT s.text, c.claimer_kind, c.claimer_entity_id, c.stance, c.check_worthiness, "
    "c.verdict, c.evidence FROM claims c JOIN spans s ON s.id = c.span_id "
    "WHERE s.annotator_id = 'gold' ORDER BY s.start"
)


def _dump(s: Session) -> dict[str, list[tuple[object, ...]]]:
    """Every row a decision touches, read from the file on its own connection."""
    queries = {
        "spans": "SELECT * FROM spans WHERE annotator_id = 'gold' ORDER BY id",
        "quotes": "SELECT * FROM quotes WHERE annotator_id = 'gold' ORDER BY id",
        "segments": "SELECT * FROM quote_segments WHERE quote_id IN "
        "(SELECT id FROM quotes WHERE annotator_id = 'gold') ORDER BY quote_id, position",
        "claims": "SELECT * FROM claims WHERE span_id IN "
        "(SELECT id FROM spans WHERE annotator_id = 'gold') ORDER BY span_id",
        "decisions": "SELECT * FROM decisions ORDER BY key",
    }
    return {name: _read(s, sql) for name, sql in queries.items()}


def _items(s: Session) -> tuple[list[Disagreement], list[Agreed]]:
    return s.review.items(DOC, ANN.id, BOB.id)


def _agreed(s: Session, text: str) -> Agreed:
    return next(i for i in _items(s)[1] if TEXT[i.start : i.end] == text)


def test_segments_accepted_one_by_one_make_one_gold_quote(agreeing: Session) -> None:
    s = agreeing
    disagreements, agreed = _items(s)
    assert disagreements == []
    # the cue first: it waits (no gold quote without a segment), then the second segment
    # starts the quote and takes the cue, then the first joins in reading order
    made = [_decide(s, _agreed(s, "said"), Choice.AGREE)]
    assert _read(s, "SELECT count(*) FROM quotes WHERE annotator_id = 'gold'") == [(0,)]
    made += [
        _decide(s, _agreed(s, piece), Choice.AGREE) for piece in ("we will not stop", "we will win")
    ]
    (row,) = _read(s, GOLD_QUOTES)
    assert row[1:] == ("Ann-lavrov", "", "direct", "said", "we will win | we will not stop")
    assert _read(s, "SELECT count(*) FROM quotes WHERE annotator_id = 'gold'") == [(1,)]

    full = _dump(s)
    for op in reversed(made[1:]):
        op.revert()
    after_cue = _dump(s)
    assert after_cue["quotes"] == [] and len(after_cue["spans"]) == 1
    made[0].revert()
    assert _dump(s) == {name: [] for name in full}


def test_undo_and_redo_of_each_step_restore_every_row(agreeing: Session) -> None:
    s = agreeing
    states = [_dump(s)]
    done = []
    for piece in ("we will win", "said", "we will not stop", "Lavrov", "Peace is near"):
        done.append(_decide(s, _agreed(s, piece), Choice.AGREE))
        states.append(_dump(s))
    for i in range(len(done) - 1, -1, -1):
        done[i].revert()
        assert _dump(s) == states[i]
    for i, op in enumerate(done):
        op.apply()
        assert _dump(s) == states[i + 1]  # the same ids, quote and claim rows included
    # the mention keeps Ann's entity; the claim row is Ann's (they agree on the compared
    # attributes; claimer, stance and evidence come from A's side)
    assert _read(
        s, "SELECT text, entity_id FROM spans WHERE annotator_id = 'gold' AND layer = 'entity'"
    ) == [("Lavrov", "Ann-lavrov")]
    assert _read(s, GOLD_CLAIMS) == [
        (
            "Peace is near",
            "entity",
            "Ann-lavrov",
            "asserts",
            "check_worthy",
            "false",
            "Ann's evidence",
        )
    ]


def test_speaker_decision_sets_the_gold_speaker_and_redeciding_changes_it(
    disagreeing: Session, tmp_path: Path
) -> None:
    s = disagreeing
    disagreements, _ = _items(s)
    speaker = next(d for d in disagreements if d.kind is Kind.SPEAKER)
    _decide(s, _agreed(s, "said"), Choice.AGREE)
    empty = _dump(s)
    by_b = _decide(s, speaker, Choice.B)
    (row,) = _read(s, GOLD_QUOTES)
    assert row[1:] == (
        None,
        "a senior diplomat",
        "direct",
        "said",
        "we will win | we will not stop",
    )
    as_b = _dump(s)
    by_a = _decide(s, speaker, Choice.A)
    (row,) = _read(s, GOLD_QUOTES)
    assert row[1:] == ("Ann-lavrov", "", "direct", "said", "we will win | we will not stop")
    as_a = _dump(s)
    by_a.revert()
    assert _dump(s) == as_b
    by_a.apply()
    assert _dump(s) == as_a
    by_a.revert()
    by_b.revert()
    assert _dump(s) == empty
    by_b.apply()
    assert _dump(s) == as_b
    s.close()
    again = _open(tmp_path / "p.sqlite")
    try:
        assert _dump(again) == as_b  # reopened: the same rows
    finally:
        again.close()


def test_speaker_decision_keeps_segments_decided_elsewhere_and_edit_takes_the_whole_quote(
    disagreeing: Session,
) -> None:
    s = disagreeing
    speaker = next(d for d in _items(s)[0] if d.kind is Kind.SPEAKER)
    assert speaker.b is not None
    candidates = s.review.candidates(DOC, BOB.id, speaker, speaker.b)
    assert [TEXT[c.start : c.end] for c in candidates] == ["we will win", "we will not stop"]
    first = replace(candidates[0], end=candidates[0].end - len(" win"))  # "we will"
    edit = _decide(s, speaker, Choice.EDIT, edited=[first, *candidates[1:]])
    (row,) = _read(s, GOLD_QUOTES)
    assert row[1:] == (None, "a senior diplomat", "direct", None, "we will | we will not stop")
    edit.revert()
    assert _read(s, GOLD_QUOTES) == []


def test_claim_attribute_decision_takes_the_chosen_sides_claim(disagreeing: Session) -> None:
    s = disagreeing
    item = next(d for d in _items(s)[0] if d.kind is Kind.CLAIM_ATTRIBUTE)
    before = _dump(s)
    d = _decide(s, item, Choice.B)
    assert _read(s, GOLD_CLAIMS) == [
        (
            "Peace is near",
            "entity",
            "Bob-lavrov",
            "denies",
            "check_worthy",
            "unverified",
            "Bob's evidence",
        )
    ]
    a = _decide(s, item, Choice.A)
    assert _read(s, GOLD_CLAIMS)[0][2:6] == ("Ann-lavrov", "asserts", "check_worthy", "false")
    a.revert()
    assert _read(s, GOLD_CLAIMS)[0][5] == "unverified"
    d.revert()
    assert _dump(s) == before


def test_gold_counts_speakers_and_claims_in_agreement(disagreeing: Session) -> None:
    from annotator.core.agreement.comparison import compare

    s = disagreeing
    for item in _items(s)[1]:
        s.review.decide(DOC, ANN.id, BOB.id, item, Choice.AGREE)
    for item in _items(s)[0]:
        s.review.decide(DOC, ANN.id, BOB.id, item, Choice.A)
    gold = next(a for a in s.annotators() if a.id == GOLD_ANNOTATOR_ID)
    pairs, _ = s.review.pairs(ANN, gold)
    result = compare(pairs)
    assert result.quotes is not None and result.quotes.quotes.matched == 1
    assert result.quotes.speakers_agree == 1
    assert result.claims is not None and result.claims.claims.matched == 1
    assert all(a.agree == a.n == 1 for a in result.claims.attributes)


def test_a_segment_is_never_copied_twice_and_deciding_the_speaker_again_settles_it(
    disagreeing: Session,
) -> None:
    """Bob's second segment ends earlier: a speaker item and a boundary item share it."""
    s = disagreeing
    bob = s.span(f"Bob-{TEXT.index('we will not stop')}-QUOTE")
    assert bob.text == "we will not stop"
    s.update_span(bob.with_changes(end=bob.end - len(" stop"), text="we will not"))
    items = _items(s)[0]
    speaker = next(d for d in items if d.kind is Kind.SPEAKER)
    boundary = next(d for d in items if d.kind is Kind.BOUNDARY)
    segments = "SELECT count(*) FROM spans WHERE annotator_id = 'gold' AND label = 'QUOTE'"

    s.review.decide(DOC, ANN.id, BOB.id, speaker, Choice.A)
    s.review.decide(
        DOC, ANN.id, BOB.id, boundary, Choice.A
    )  # the same span as the speaker's: kept once
    assert _read(s, segments) == [(2,)]
    ((_, _, _, _, _, parts),) = _read(s, GOLD_QUOTES)
    assert parts == "we will win | we will not stop"
    s.review.decide(DOC, ANN.id, BOB.id, boundary, Choice.B)  # Bob's extent joins: both are there
    ((_, _, _, _, _, parts),) = _read(s, GOLD_QUOTES)
    assert parts == "we will win | we will not | we will not stop"
    s.review.decide(DOC, ANN.id, BOB.id, speaker, Choice.A)  # again: Bob's extent stays, once
    ((_, entity, _, _, _, parts),) = _read(s, GOLD_QUOTES)
    assert (entity, parts) == ("Ann-lavrov", "we will win | we will not")
