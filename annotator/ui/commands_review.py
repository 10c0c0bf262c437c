"""Undo commands of review mode: one decision (an edit too), all agreements at once, a comment."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.core.review import Agreed, Disagreement
from annotator.session import Session
from annotator.session.decisions import Candidate, Choice, Decision
from annotator.ui.commands import _SessionCommand


class Decide(_SessionCommand):
    """Decide one review item; undo puts back what was there before (an earlier decision, gold
    spans it removed, links on them), redo puts this decision back exactly (ids and links)."""

    writes_gold = True

    def __init__(
        self,
        session: Session,
        document_id: str,
        a_id: str,
        b_id: str,
        item: Disagreement | Agreed,
        choice: Choice,
        comment: str = "",
        edited: Sequence[Candidate] = (),
    ) -> None:
        super().__init__(session, f"Review: {choice.value} on {item.layer} “{_short(item)}”")
        self.document_id, self.a_id, self.b_id = document_id, a_id, b_id
        self.item, self.choice = item, choice
        self.comment, self.edited = comment, tuple(edited)
        self.decision: Decision | None = None

    def apply(self) -> None:
        if self.decision is None:
            self.decision = self.session.decide(
                self.document_id,
                self.a_id,
                self.b_id,
                self.item,
                self.choice,
                self.comment,
                self.edited,
            )
        else:
            self.decision = self.session.redo_decision(self.decision)

    def revert(self) -> None:
        assert self.decision is not None
        self.decision = self.session.undo_decision(self.decision)


class AcceptAgreements(_SessionCommand):
    """Accept many agreements as one edit: one commit and one refresh, undone the same way."""

    writes_gold = True

    def __init__(
        self, session: Session, document_id: str, a_id: str, b_id: str, items: list[Agreed]
    ) -> None:
        super().__init__(session, f"Review: accept {len(items)} agreement(s)")
        self.document_id, self.a_id, self.b_id = document_id, a_id, b_id
        self.items = items
        self.decisions: list[Decision] = []

    def apply(self) -> None:
        if not self.decisions:
            self.decisions = self.session.decide_many(
                self.document_id, self.a_id, self.b_id, self.items, Choice.AGREE
            )  # one transaction: a failure part way leaves nothing behind
        else:
            self.decisions = self.session.redo_decisions(self.decisions)

    def revert(self) -> None:
        self.decisions = self.session.undo_decisions(self.decisions)


class DropStale(_SessionCommand):
    """Drop decisions whose item is gone (the annotators' work changed since) with the gold
    spans they own; undo puts them back exactly."""

    writes_gold = True

    def __init__(self, session: Session, decisions: Sequence[Decision]) -> None:
        super().__init__(session, f"Review: drop {len(decisions)} stale decision(s)")
        self.decisions = list(decisions)

    def apply(self) -> None:
        self.decisions = self.session.drop_decisions(self.decisions)

    def revert(self) -> None:
        self.session.restore_decisions(self.decisions)


class CommentDecision(_SessionCommand):
    """Change the comment of a stored decision; undo sets the old comment back."""

    writes_gold = True

    def __init__(
        self, session: Session, document_id: str, a_id: str, b_id: str, key: str, comment: str
    ) -> None:
        super().__init__(session, "Review: comment")
        self.where = (document_id, a_id, b_id, key)
        self.comment = comment
        self.old: str | None = None

    def apply(self) -> None:
        self.old = self.session.comment_decision(*self.where, self.comment)

    def revert(self) -> None:
        assert self.old is not None
        self.session.comment_decision(*self.where, self.old)


def _short(item: Disagreement | Agreed, limit: int = 30) -> str:
    side = item.a or item.b
    flat = " ".join(side.text.split()) if side is not None else ""
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
