"""Session operations of the gold layer: review decisions and the gold spans they make.

A decision on a ``core.review`` item (a ``Disagreement`` or an ``Agreed``) of annotators A and B
copies the chosen side(s) into gold spans: same layer, offsets and label, the text from the
document, and the entity of the source annotator's span with those offsets and label. For a
speaker disagreement a side is a whole quote: each of its segments is copied.
"""

from __future__ import annotations

from dataclasses import replace

from annotator.core.errors import AnnotatorError
from annotator.core.model import (
    GOLD_ANNOTATOR_ID,
    Annotator,
    Document,
    Layer,
    Span,
    new_id,
    now_iso,
)
from annotator.core.review import Agreed, Disagreement, Side
from annotator.session.changes import Change, ChangeKind
from annotator.storage.decisions import Choice, Decision
from annotator.storage.project import ProjectStore

__all__ = ["Choice", "Decision", "DecisionOps"]


class DecisionOps:
    """Each method is one committed transaction and reports what it changed."""

    store: ProjectStore
    annotator: Annotator

    def _emit(self, change: Change) -> Change:
        raise NotImplementedError

    def document(self, document_id: str) -> Document:
        raise NotImplementedError

    def decisions(self, document_id: str, a_id: str, b_id: str) -> dict[str, Decision]:
        """The stored decisions of the pair A, B on a document, by item key."""
        return {d.key: d for d in self.store.decisions(document_id, a_id, b_id)}

    def review_progress(
        self, document_id: str, a_id: str, b_id: str, total_items: int
    ) -> tuple[int, int]:
        """(decided, total): how many of ``total_items`` review items have a decision."""
        decided = self.store.decision_count(document_id, a_id, b_id)
        return min(decided, total_items), total_items

    def decide(
        self,
        document_id: str,
        a_id: str,
        b_id: str,
        item: Disagreement | Agreed,
        choice: Choice | str,
        comment: str = "",
    ) -> Decision:
        """Decide ``item``: store the decision and the gold spans of the chosen side(s),
        replacing an earlier decision on the same key (and its gold spans) in the same commit.
        The returned decision's ``replaced`` is that earlier decision, for ``undo_decision``."""
        choice = Choice(choice)
        sides: list[tuple[str, Side | None]] = {
            Choice.A: [(a_id, item.a)],
            Choice.AGREE: [(a_id, item.a)],
            Choice.B: [(b_id, item.b)],
            Choice.BOTH: [(a_id, item.a), (b_id, item.b)],
            Choice.REJECT: [],
        }[choice]
        if choice in (Choice.A, Choice.B, Choice.AGREE) and sides[0][1] is None:
            raise AnnotatorError(f"{'B' if choice is Choice.B else 'A'} has nothing here")
        text = self.document(document_id).text
        layer = Layer(item.layer)
        spans: list[Span] = []
        for annotator_id, side in sides:
            if side is not None:
                spans += _gold_spans(self.store, document_id, annotator_id, layer, side, text)
        decision = Decision(
            key=item.key,
            document_id=document_id,
            annotator_a=a_id,
            annotator_b=b_id,
            choice=choice,
            decided_by=self.annotator.id,
            decided_at=now_iso(),
            comment=comment,
            spans=tuple(spans),
        )
        previous = self.store.put_decision(decision)
        decision = replace(decision, replaced=previous)
        changed = decision.span_ids + (previous.span_ids if previous else ())
        self._emit(Change(ChangeKind.DECISIONS, document_id, changed))
        return decision

    def undo_decision(self, decision: Decision, previous: Decision | None = None) -> None:
        """Undo of ``decide``: remove ``decision`` and its gold spans and put ``previous``
        (default: ``decision.replaced``) back exactly, ids included."""
        if previous is None:
            previous = decision.replaced
        self.store.replace_decision(decision, previous)
        changed = decision.span_ids + (previous.span_ids if previous else ())
        self._emit(Change(ChangeKind.DECISIONS, decision.document_id, changed))


def _gold_spans(
    store: ProjectStore, document_id: str, annotator_id: str, layer: Layer, side: Side, text: str
) -> list[Span]:
    """The gold copies of one side: its offsets (a quote's segments) with the label and entity
    of the annotator's span found there."""
    theirs = [s for s in store.spans(document_id, annotator_id) if s.layer is layer]
    pieces = list(side.quote.segments) if side.quote is not None and not side.label else []
    if not pieces:
        pieces = [(side.start, side.end)]
    made: list[Span] = []
    for start, end in pieces:
        found = next(
            (
                s
                for s in theirs
                if (s.start, s.end) == (start, end) and (not side.label or s.label == side.label)
            ),
            None,
        )
        label = side.label or (found.label if found else "")
        if not label:
            continue
        made.append(
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
            )
        )
    return made
