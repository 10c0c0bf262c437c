"""The done checklist, in plain Python and as the SQL count of the document list."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from annotator.app.projects import open_session
from annotator.core.checklist import incomplete, summary
from annotator.core.links import Claim, ClaimerKind, Quote
from annotator.core.model import Layer, Span

TEXT = "Lavrov said: we will not. The minister claims peace is near."


def span(id_: str, layer: Layer, label: str, piece: str, entity: str | None = None) -> Span:
    start = TEXT.index(piece)
    return Span(id_, "d", "a", layer, label, start, start + len(piece), piece, entity_id=entity)


MENTION = span("m", Layer.ENTITY, "PERSON", "Lavrov")
SEGMENT = span("q", Layer.QUOTE, "QUOTE", "we will not")
CLAIM_IN_QUOTE = span("c1", Layer.CLAIM, "CLAIM", "will not")
CLAIM = span("c2", Layer.CLAIM, "CLAIM", "peace is near")


def kinds(spans, quotes, claims) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.kind for p in incomplete(spans, quotes, claims)]


def test_everything_missing() -> None:
    assert kinds([MENTION, SEGMENT, CLAIM], [], {}) == [
        "mention without entity",
        "quote without speaker",
        "claim without claimer",
    ]


def test_complete() -> None:
    quote = Quote("Q", "d", "a", ("q",), speaker_entity_id="e")
    claims = {"c2": Claim("c2", ClaimerKind.AUTHOR)}
    mention = span("m", Layer.ENTITY, "PERSON", "Lavrov", entity="e")
    assert kinds([mention, SEGMENT, CLAIM], [quote], claims) == []


def test_claimer_inherited_from_a_quote_needs_that_quote_to_have_a_speaker() -> None:
    claims = {"c1": Claim("c1", ClaimerKind.QUOTE)}
    silent = Quote("Q", "d", "a", ("q",))
    spoken = Quote("Q", "d", "a", ("q",), speaker_text="a senior official")
    assert "claim without claimer" in kinds([SEGMENT, CLAIM_IN_QUOTE], [silent], claims)
    assert kinds([SEGMENT, CLAIM_IN_QUOTE], [spoken], claims) == []
    assert kinds([CLAIM_IN_QUOTE], [], claims) == ["claim without claimer"]  # no quote at all


def test_summary() -> None:
    problems = incomplete([MENTION, SEGMENT, CLAIM, CLAIM_IN_QUOTE], [], {})
    assert summary(problems) == (
        "1 mention without entity, 1 quote without speaker, 2 claims without claimer"
    )


def test_sql_count_agrees_with_the_checklist(example_copy: Path) -> None:
    session = open_session(example_copy)
    try:
        doc = session.documents()[0].id
        text = session.document(doc).text
        scheme = session.scheme

        def add(piece: str, label: str) -> Span:
            start = text.index(piece)
            s = session.new_span(doc, start, start + len(piece), scheme.find(label))
            session.add_span(s)
            return s

        def check() -> None:
            meta = session.document_meta(doc)
            assert meta is not None and meta.warnings == len(session.links.checklist(doc))

        segment = add("We need to increase spending", "QUOTE")
        claim = add("increase spending", "CLAIM")
        add("Keir Starmer", "PERSON")
        check()
        quote = session.links.new_quote(segment)
        session.links.add_quote(quote)
        check()
        session.links.set_claim(Claim(claim.id, ClaimerKind.QUOTE))
        check()
        session.links.update_quote(quote.with_changes(speaker_text="Starmer"))
        check()
        assert [p.kind for p in session.links.checklist(doc)] == ["mention without entity"]
        session.remove_span(segment)
        check()
    finally:
        session.close()


def _counted_and_listed(tmp_path: Path, work: dict[str, tuple[list[Span], list[Quote]]]) -> None:
    """The document list's warnings (counted in SQL) equal the checklist's problems."""
    from annotator.core.model import Annotator, Document
    from annotator.core.scheme import load_default_scheme
    from annotator.session import Session
    from tests.builders import put_documents, put_work

    me = Annotator("m" * 32, "Me")
    session = Session.open(tmp_path / "p.sqlite", me, scheme=load_default_scheme())
    try:
        put_documents(session, [Document("d1", WORK_TEXT, "T1")])
        for name, (spans, quotes) in work.items():
            who = me if name == "me" else Annotator("y" * 32, "You")
            claims = [Claim(s.id, ClaimerKind.QUOTE) for s in spans if s.layer is Layer.CLAIM]
            spans = [replace(s, annotator_id=who.id) for s in spans]
            quotes = [replace(q, annotator_id=who.id) for q in quotes]
            put_work(session, who, spans, quotes=quotes, claims=claims)
        listed = session.document_list().meta(0)
        assert listed is not None
        assert listed.warnings == len(session.links.checklist("d1")) == 1
    finally:
        session.close()


WORK_TEXT = "He said that taxes will rise next year, officials said."


def _piece(id_: str, layer: Layer, label: str, start: int, end: int) -> Span:
    return Span(id_, "d1", "", layer, label, start, end, WORK_TEXT[start:end])


def test_another_annotators_quote_gives_no_claimer(tmp_path: Path) -> None:
    """A claim of mine attributed to a quote: only a quote of mine covering it counts."""
    yours = (
        [_piece("yq", Layer.QUOTE, "QUOTE", 0, 38)],
        [Quote("q1", "d1", "", ("yq",), speaker_text="officials")],
    )
    mine = ([_piece("mc", Layer.CLAIM, "CLAIM", 13, 38)], [])
    _counted_and_listed(tmp_path, {"you": yours, "me": mine})


def test_a_speaker_of_only_tabs_and_line_breaks_is_no_speaker(tmp_path: Path) -> None:
    blank = "\t\n\u00a0\u3000"
    mine = (
        [_piece("mq", Layer.QUOTE, "QUOTE", 0, 38)],
        [Quote("q1", "d1", "", ("mq",), speaker_text=blank)],
    )
    _counted_and_listed(tmp_path, {"me": mine})
