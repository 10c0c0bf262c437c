"""Suggestions through the session on a real project file: what is proposed, accepting (spans,
quote, origin row, one commit; undo and redo exact), rejecting for good, the optional model."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import Annotator, Document, Layer, Span, new_id
from annotator.core.scheme import load_default_scheme
from annotator.session import Session
from annotator.session.ops.proposals import AcceptProposals, RejectProposals
from annotator.session.ops.scheme import EditLabel
from tests.builders import put_documents
from tests.readback import dump, rows

ME = Annotator("m" * 32, "Mia")
TEXT = (
    "Sergei Lavrov spoke in Moscow on Monday.\n\n"
    "“We will not accept foreign troops,” Lavrov told reporters. "
    "Later Sergei Lavrov added: “Peace needs guarantees.”\n"
)
DOC = "d1"
CUES = ["told reporters", "added"]


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    s = Session.open(tmp_path / "p.sqlite", ME, scheme=load_default_scheme())
    put_documents(s, [Document(DOC, TEXT, "Lavrov")])
    yield s
    s.close()


def _rows(session: Session, sql: str) -> list[tuple[object, ...]]:
    return rows(session.path, sql)


def _link_lavrov(session: Session) -> str:
    entity = session.registry.new_entity("Sergey Lavrov", "PERSON")
    entity = entity.__class__(**{**entity.__dict__, "aliases": ("Sergei Lavrov", "Lavrov")})
    session.registry.add_entity(entity)
    start = TEXT.index("Sergei Lavrov")
    span = Span(new_id(), DOC, ME.id, Layer.ENTITY, "PERSON", start, start + 13, "Sergei Lavrov")
    session.add_span(span.__class__(**{**span.__dict__, "entity_id": entity.id}))
    return entity.id


def test_quotes_come_with_cue_and_the_registry_speaker(session: Session) -> None:
    lavrov = _link_lavrov(session)
    found = session.proposals.suggestions([DOC], use_model=False)
    quotes = [p for p in found if p.segments]
    assert [TEXT[s:e] for p in quotes for s, e in p.segments] == [
        "We will not accept foreign troops",  # the marks and the closing punctuation left out
        "Peace needs guarantees",
    ]
    assert all(p.speaker_entity_id == lavrov and p.origin == "rule" for p in quotes)
    assert [TEXT[slice(*p.cue)] for p in quotes if p.cue] == CUES
    # the registry proposes the other Lavrov strings, never the mention already made
    registry = [(TEXT[p.start : p.end], p.entity_id) for p in found if p.origin == "registry"]
    assert ("Lavrov", lavrov) in registry and ("Sergei Lavrov", lavrov) in registry
    first = TEXT.index("Sergei Lavrov")
    assert all(p.start != first for p in found if p.origin == "registry")


def test_accepting_a_quote_writes_spans_quote_and_origin_and_undo_redo_are_exact(
    session: Session,
) -> None:
    lavrov = _link_lavrov(session)
    quote = next(p for p in session.proposals.suggestions([DOC], use_model=False) if p.segments)
    before_accepting = dump(session.path)
    accepted = session.proposals.plan_acceptance([quote])
    accepting = AcceptProposals(session, [quote], accepted)
    accepting.apply()
    assert accepted.skipped == 0
    spans = _rows(session, "SELECT id, label, text FROM spans WHERE layer = 'quote' ORDER BY start")
    assert [(label, text) for _, label, text in spans][0][0] == "QUOTE"
    assert {label for _, label, _ in spans} == {"QUOTE", "CUE"}
    [(speaker, cue)] = _rows(session, "SELECT speaker_entity_id, cue_span_id FROM quotes")
    assert speaker == lavrov and cue in {row[0] for row in spans}
    assert _rows(session, "SELECT origin, outcome FROM proposal_outcomes") == [("rule", "accepted")]
    before = dump(session.path)

    accepting.revert()
    assert _rows(session, "SELECT count(*) FROM quotes") == [(0,)]
    assert _rows(session, "SELECT count(*) FROM proposal_outcomes") == [(0,)]
    assert dump(session.path) == before_accepting
    accepting.apply()
    assert dump(session.path) == before

    # proposed again? no: its segments are a quote now
    assert not [
        p for p in session.proposals.suggestions([DOC], use_model=False) if p.key == quote.key
    ]


def test_a_rejected_proposal_does_not_come_back_even_after_reopening(
    session: Session, tmp_path: Path
) -> None:
    _link_lavrov(session)
    found = session.proposals.suggestions([DOC], use_model=False)
    gone = next(p for p in found if p.origin == "registry")
    rejecting = RejectProposals(session, [gone])
    rejecting.apply()
    assert gone.key not in {p.key for p in session.proposals.suggestions([DOC], use_model=False)}
    rejecting.revert()
    assert gone.key in {p.key for p in session.proposals.suggestions([DOC], use_model=False)}
    rejecting.apply()
    session.close()
    reopened = Session.open(tmp_path / "p.sqlite", ME)
    # another annotator still gets it
    other = Session.open(tmp_path / "p.sqlite", Annotator("o" * 32, "Olga"), read_only=True)
    try:
        found = reopened.proposals.suggestions([DOC], use_model=False)
        assert gone.key not in {p.key for p in found}
        assert gone.key in {p.key for p in other.proposals.suggestions([DOC], use_model=False)}
    finally:
        other.close()
        reopened.close()


def test_accepting_skips_what_was_labelled_by_hand_since(session: Session) -> None:
    _link_lavrov(session)
    p = next(
        p for p in session.proposals.suggestions([DOC], use_model=False) if p.origin == "registry"
    )
    session.add_span(
        Span(new_id(), DOC, ME.id, Layer.ENTITY, p.label, p.start, p.end, TEXT[p.start : p.end])
    )
    accepted = session.proposals.accept_proposals([p])
    assert accepted.skipped == 1 and accepted.spans == ()


def test_the_model_proposes_through_a_blank_pipeline_with_rules(session: Session) -> None:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "GPE", "pattern": "Moscow"}])
    session.proposals._nlp = nlp  # what _pipeline() keeps once loaded
    session.proposals._nlp_loaded = True
    found = session.proposals.suggestions([DOC], use_model=True)
    moscow = [p for p in found if p.origin == "model"]
    assert [(TEXT[p.start : p.end], p.label) for p in moscow] == [("Moscow", "LOCATION")]
    assert not [
        p for p in session.proposals.suggestions([DOC], use_model=False) if p.origin == "model"
    ]


def test_without_spacy_everything_works_the_same(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy now fails
    assert session.proposals.model_missing() == "spaCy is not installed"
    found = session.proposals.suggestions([DOC], use_model=True)
    assert found and not [p for p in found if p.origin == "model"]


def test_a_cue_marked_by_hand_is_used_not_doubled(session: Session) -> None:
    quote = next(p for p in session.proposals.suggestions([DOC], use_model=False) if p.cue)
    start, end = quote.cue  # type: ignore[misc]
    cue = Span(new_id(), DOC, ME.id, Layer.QUOTE, "CUE", start, end, TEXT[start:end])
    session.add_span(cue)
    accepting = AcceptProposals(session, [quote], session.proposals.plan_acceptance([quote]))
    accepting.apply()
    assert rows(session.path, "SELECT id FROM spans WHERE label = 'CUE'") == [(cue.id,)]
    assert rows(session.path, "SELECT cue_span_id FROM quotes") == [(cue.id,)]
    accepting.revert()
    assert rows(session.path, "SELECT id FROM spans WHERE label = 'CUE'") == [(cue.id,)]


def test_undoing_a_rejection_puts_back_the_earlier_acceptance_and_its_origin(
    session: Session,
) -> None:
    quote = next(p for p in session.proposals.suggestions([DOC], use_model=False) if p.segments)
    accepted = session.proposals.accept_proposals([quote])
    segment = accepted.spans[0]
    assert session.proposals.origin_of_span(segment.id) == "rule"
    for span in accepted.spans:  # removed by hand: the quote is proposed again
        session.remove_span(span)
    again = next(
        p for p in session.proposals.suggestions([DOC], use_model=False) if p.key == quote.key
    )
    before = dump(session.path)
    rejecting = RejectProposals(session, [again])
    rejecting.apply()
    assert _rows(session, "SELECT outcome FROM proposal_outcomes") == [("rejected",)]
    rejecting.revert()
    assert _rows(session, "SELECT outcome, span_id FROM proposal_outcomes") == [
        ("accepted", segment.id)
    ]
    assert dump(session.path) == before  # the acceptance's own row, rowid included


def test_a_rejection_follows_its_label_when_the_label_is_renamed(session: Session) -> None:
    _link_lavrov(session)
    gone = next(
        p for p in session.proposals.suggestions([DOC], use_model=False) if p.label == "PERSON"
    )
    session.proposals.reject_proposals([gone])
    person = session.scheme.get(Layer.ENTITY, "PERSON")
    assert person is not None
    renaming = EditLabel(session, Layer.ENTITY, "PERSON", "Rename", new_name="PER")
    renaming.apply()
    keys = {p.key for p in session.proposals.suggestions([DOC], use_model=False)}
    assert (gone.document_id, gone.start, gone.end, "PER") not in keys
    renaming.revert()
    assert _rows(session, "SELECT label FROM proposal_outcomes") == [("PERSON",)]


def test_proposals_of_a_removed_document_are_refused_clearly(session: Session) -> None:
    found = session.proposals.suggestions([DOC], use_model=False)
    session.remove_documents([DOC])
    with pytest.raises(AnnotatorError, match="removed since"):
        session.proposals.accept_proposals(found[:1])
    with pytest.raises(AnnotatorError, match="removed since"):
        session.proposals.reject_proposals(found[:1])
