"""Undo commands of review mode: one decision, or accepting all agreements at once."""

from __future__ import annotations

from annotator.core.review import Agreed, Disagreement
from annotator.session import Change, ChangeKind, Session
from annotator.session.decisions import Choice, Decision
from annotator.ui.commands import _SessionCommand


def _redo(session: Session, decision: Decision) -> None:
    """Put an undone decision back exactly (ids included) and tell the listeners, as
    ``decide`` does (the store alone does not)."""
    session.store.put_decision(decision)
    changed = decision.span_ids + (decision.replaced.span_ids if decision.replaced else ())
    session._emit(Change(ChangeKind.DECISIONS, decision.document_id, changed))


class Decide(_SessionCommand):
    writes_gold = True

    """Decide one review item; undo puts back what was there before (an earlier decision too)."""

    def __init__(
        self,
        session: Session,
        document_id: str,
        a_id: str,
        b_id: str,
        item: Disagreement | Agreed,
        choice: Choice,
    ) -> None:
        super().__init__(session, f"Review: {choice.value} on {item.layer} “{_short(item)}”")
        self.document_id, self.a_id, self.b_id = document_id, a_id, b_id
        self.item, self.choice = item, choice
        self.decision: Decision | None = None

    def apply(self) -> None:
        if self.decision is None:
            self.decision = self.session.decide(
                self.document_id, self.a_id, self.b_id, self.item, self.choice
            )
        else:
            _redo(self.session, self.decision)

    def revert(self) -> None:
        assert self.decision is not None
        self.session.undo_decision(self.decision)


class AcceptAgreements(_SessionCommand):
    writes_gold = True

    """Accept many agreements as one edit: each is decided in turn, undone in reverse."""

    def __init__(
        self, session: Session, document_id: str, a_id: str, b_id: str, items: list[Agreed]
    ) -> None:
        super().__init__(session, f"Review: accept {len(items)} agreement(s)")
        self.document_id, self.a_id, self.b_id = document_id, a_id, b_id
        self.items = items
        self.decisions: list[Decision] = []

    def apply(self) -> None:
        if not self.decisions:
            try:
                for item in self.items:
                    self.decisions.append(
                        self.session.decide(
                            self.document_id, self.a_id, self.b_id, item, Choice.AGREE
                        )
                    )
            except Exception:
                self.revert()  # a failure part way leaves nothing behind
                self.decisions = []
                raise
        else:
            for decision in self.decisions:
                _redo(self.session, decision)

    def revert(self) -> None:
        for decision in reversed(self.decisions):
            self.session.undo_decision(decision)


def _short(item: Disagreement | Agreed, limit: int = 30) -> str:
    side = item.a or item.b
    flat = " ".join(side.text.split()) if side is not None else ""
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
