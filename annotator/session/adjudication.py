"""Deciding a review item: the decision on a ``core.review`` item and the gold spans it copies.

A decision on a ``core.review`` item (a ``Disagreement`` or an ``Agreed``) of annotators A and B
copies the chosen side(s) into gold spans: same layer, offsets and label, the text from the
document, and the entity of the source annotator's span with those offsets and label. For a
speaker disagreement a side is a whole quote: each of its segments is copied (but for those a
gold quote segment already overlaps: decided elsewhere) and the gold quote takes that side's
speaker. A span gold has already (same layer, offsets and label) is never copied again, nor
twice by one decision. "Both" is refused on a speaker or claim attribute disagreement: its two
sides are two values of one quote or claim, and gold keeps one (take A, B, or edit).
"Edit" stores the reviewer's corrected span(s) (``Candidate``: a side with other boundaries or
label) instead; a speaker disagreement is edited as its whole quote.

Each gold span remembers the annotator's span it was made from, so the store links it in the
same transaction (``storage.decisions``): a claim keeps its attributes, a quote segment or cue joins
the gold quote of its source quote (made or extended as decisions arrive, speaker and type
included), a mention keeps its entity (another annotator's entity stays theirs).

**Reviewing against the gold layer** (B is ``gold``): B's side is gold already, so it is never
copied again; taking A's side, an edit or a rejection removes B's gold span(s) of the item
(undo puts them back, with their links), "both" and "B" keep them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from annotator.core.decisions import Choice, Decision
from annotator.core.errors import AnnotatorError
from annotator.core.links import CUE_LABEL
from annotator.core.model import GOLD_ANNOTATOR_ID, Layer, Span, new_id, now_iso
from annotator.core.review import Agreed, Disagreement, Kind, Side
from annotator.session.base import SessionCore
from annotator.storage.store import ProjectStore


@dataclass(frozen=True)
class Candidate:
    """A gold span being edited before it is accepted: offsets (code points), label, and the
    entity of the span it was taken from, kept while the label is the one it was taken with."""

    start: int
    end: int
    label: str
    entity_id: str | None = None
    source_label: str = ""
    source_span_id: str | None = None  # the annotator's span it was taken from

    @property
    def entity(self) -> str | None:
        return self.entity_id if self.label == self.source_label else None


def build_decision(
    session: SessionCore,
    reads: Reads,
    item: Disagreement | Agreed,
    choice: Choice,
    comment: str,
    edited: Sequence[Candidate],
) -> Decision:
    """The decision on ``item`` (not stored yet); ``reads`` learns its gold spans."""
    document_id, a_id, b_id = reads.document_id, reads.a_id, reads.b_id
    if choice is Choice.BOTH and isinstance(item, Disagreement) and item.kind in BOTH_REFUSED:
        raise AnnotatorError(
            f"“Both” does not apply to a {BOTH_REFUSED[item.kind]}: gold keeps one; "
            "take A (1) or B (2), or edit (4)"
        )
    against_gold = b_id == GOLD_ANNOTATOR_ID
    sides: list[tuple[str, Side | None]] = {
        Choice.A: [(a_id, item.a)],
        Choice.AGREE: [(a_id, item.a)],
        Choice.B: [(b_id, item.b)],
        Choice.BOTH: [(a_id, item.a), (b_id, item.b)],
        Choice.REJECT: [],
        Choice.EDIT: [],
    }[choice]
    if choice in (Choice.A, Choice.B, Choice.AGREE) and sides[0][1] is None:
        raise AnnotatorError(f"{'B' if choice is Choice.B else 'A'} has nothing here")
    text = reads.text(session)
    layer = Layer(item.layer)
    made: list[tuple[Span, str | None]] = []
    for annotator_id, side in sides:
        if side is not None and not (against_gold and annotator_id == b_id):
            made += gold_spans(reads.spans(annotator_id), document_id, layer, side, text)
    if choice is Choice.EDIT:
        made = [
            (_edited_span(session, document_id, layer, c, text), c.source_span_id) for c in edited
        ]
        if not made:
            raise AnnotatorError("an edit needs the span to accept")
    removed: list[Span] = []
    if against_gold and item.b is not None and choice in (Choice.A, Choice.REJECT, Choice.EDIT):
        removed = _matching(reads.store, document_id, b_id, layer, item.b)
    speaker_from = None
    whole_quote = isinstance(item, Disagreement) and item.kind is Kind.SPEAKER
    if isinstance(item, Disagreement) and whole_quote:
        speaker_from = _speaker_source(reads.store, document_id, a_id, b_id, item, choice, made)
    made = reads.not_decided_elsewhere(
        item.key, made, removed, whole_quote and choice != Choice.EDIT
    )
    return Decision(
        key=item.key,
        document_id=document_id,
        annotator_a=a_id,
        annotator_b=b_id,
        choice=choice,
        decided_by=session.annotator.id,
        decided_at=now_iso(),
        comment=comment,
        spans=tuple(span for span, _ in made),
        removed=tuple(removed),
        sources=tuple(source for _, source in made),
        speaker_from=speaker_from,
    )


def _speaker_source(
    store: ProjectStore,
    document_id: str,
    a_id: str,
    b_id: str,
    item: Disagreement,
    choice: Choice,
    made: list[tuple[Span, str | None]],
) -> str | None:
    """The annotator's quote whose speaker a speaker decision gives the gold quote."""
    if choice is Choice.EDIT:
        source = next((src for _, src in made if src is not None), None)
    else:
        who, side = {Choice.A: (a_id, item.a), Choice.B: (b_id, item.b)}.get(choice, (a_id, None))
        if side is None or side.quote is None:
            return None
        wanted = set(side.quote.segments)
        source = next(
            (
                s.id
                for s in store.spans.of(document_id, who)
                if s.layer is Layer.QUOTE and (s.start, s.end) in wanted
            ),
            None,
        )
    quote = store.links.quote_of_span(source) if source is not None else None
    return quote.id if quote is not None else None


def _edited_span(
    session: SessionCore, document_id: str, layer: Layer, c: Candidate, text: str
) -> Span:
    if not 0 <= c.start < c.end <= len(text):
        raise AnnotatorError(f"the edited span [{c.start}, {c.end}) is not in the text")
    if session.scheme.get(layer, c.label) is None:
        raise AnnotatorError(f"{c.label!r} is not a label of the {layer.value} layer")
    return Span(
        id=new_id(),
        document_id=document_id,
        annotator_id=GOLD_ANNOTATOR_ID,
        layer=layer,
        label=c.label,
        start=c.start,
        end=c.end,
        text=text[c.start : c.end],
        entity_id=c.entity,
    )


BOTH_REFUSED = {
    Kind.SPEAKER: "speaker disagreement (a quote has one speaker)",
    Kind.CLAIM_ATTRIBUTE: "claim attribute disagreement (a claim has one verdict)",
}  # items whose sides are two values of one thing: "both" is refused


def _pieces(side: Side) -> list[tuple[int, int]]:
    pieces = list(side.quote.segments) if side.quote is not None and not side.label else []
    return pieces or [(side.start, side.end)]


def _matching(
    store: ProjectStore, document_id: str, annotator_id: str, layer: Layer, side: Side
) -> list[Span]:
    """The annotator's spans that make up ``side`` (its offsets, or a quote's segments)."""
    wanted = set(_pieces(side))
    return [
        s
        for s in store.spans.of(document_id, annotator_id)
        if s.layer is layer
        and (s.start, s.end) in wanted
        and (not side.label or s.label == side.label)
    ]


def touched(decision: Decision, previous: Decision | None) -> tuple[str, ...]:
    """The gold span ids a decision (and the one it replaced) put in or took out."""
    return (
        decision.span_ids
        + (previous.span_ids if previous else ())
        + tuple(s.id for s in decision.removed)
    )


class Reads:
    """What deciding reads from the project, read once for many decisions on one document:
    each annotator's spans, and the gold spans already there (learning those each decision
    adds, so that accepting many agreements never copies a span twice)."""

    def __init__(self, store: ProjectStore, document_id: str, a_id: str, b_id: str) -> None:
        self.store, self.document_id, self.a_id, self.b_id = store, document_id, a_id, b_id
        self._spans: dict[str, list[Span]] = {}
        self._text: str | None = None
        self._gold: list[Span] | None = None
        self._made: list[Span] = []  # gold spans of the decisions built with these reads
        self._decided: dict[str, Decision] | None = None

    def text(self, session: SessionCore) -> str:
        if self._text is None:
            self._text = session.document(self.document_id).text
        return self._text

    def spans(self, annotator_id: str) -> list[Span]:
        if annotator_id not in self._spans:
            self._spans[annotator_id] = self.store.spans.of(self.document_id, annotator_id)
        return self._spans[annotator_id]

    def not_decided_elsewhere(
        self, key: str, made: list[tuple[Span, str | None]], removed: list[Span], overlapping: bool
    ) -> list[tuple[Span, str | None]]:
        """``made`` without the spans gold has already (not those this key's earlier decision
        made, nor those this decision removes): a span just like one of them is never copied
        twice, nor twice within this decision, and with ``overlapping`` (a whole quote) nor is
        a segment a gold segment overlaps: it was decided by another item."""
        if self._gold is None:
            self._gold = self.store.spans.of(self.document_id, GOLD_ANNOTATOR_ID)
            self._decided = {
                d.key: d for d in self.store.decisions.of(self.document_id, self.a_id, self.b_id)
            }
        assert self._decided is not None
        previous = self._decided.get(key)
        going = {s.id for s in removed} | set(previous.owned_ids if previous else ())
        there = [g for g in (*self._gold, *self._made) if g.id not in going]
        same = {(g.layer, g.start, g.end, g.label) for g in there}
        segments = [g for g in there if g.layer is Layer.QUOTE and g.label != CUE_LABEL]
        kept: list[tuple[Span, str | None]] = []
        for span, source in made:
            what = (span.layer, span.start, span.end, span.label)
            if what in same or (
                overlapping and any(g.start < span.end and span.start < g.end for g in segments)
            ):
                continue
            same.add(what)
            kept.append((span, source))
        self._made += [span for span, _ in kept]
        return kept


def gold_spans(
    theirs: Sequence[Span], document_id: str, layer: Layer, side: Side, text: str
) -> list[tuple[Span, str | None]]:
    """The gold copies of one side: its offsets (a quote's segments) with the label and entity
    of the annotator's span found there (among ``theirs``), each with the id of that span (None
    if none)."""
    pieces = _pieces(side)
    wanted = set(pieces)
    at: dict[tuple[int, int], list[Span]] = {}
    for s in theirs:
        if s.layer is layer and (s.start, s.end) in wanted:
            at.setdefault((s.start, s.end), []).append(s)
    made: list[tuple[Span, str | None]] = []
    for start, end in pieces:
        found = next(
            (s for s in at.get((start, end), ()) if not side.label or s.label == side.label),
            None,
        )
        label = side.label or (found.label if found else "")
        if not label:
            continue
        made.append(
            (
                Span(
                    id=new_id(),
                    document_id=document_id,
                    annotator_id=GOLD_ANNOTATOR_ID,
                    layer=layer,
                    label=label,
                    start=start,
                    end=end,
                    text=text[start:end],
                    entity_id=found.entity_id if found else None,
                ),
                found.id if found else None,
            )
        )
    return made
