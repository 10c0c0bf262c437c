"""Edits of review mode: one decision (an edit too), all agreements at once, dropping stale
decisions, a comment. Each writes the gold layer, whichever annotator's work is shown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from annotator.core.decisions import Choice, Decision
from annotator.core.model import Status
from annotator.core.review import Agreed, Disagreement
from annotator.core.wording import counted
from annotator.session.adjudication import Candidate
from annotator.session.ops.base import Operation, short

if TYPE_CHECKING:
    from annotator.session.session import Session


class Decide(Operation):
    """Decide one review item (``session.review.decide``)."""

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
        side = item.a or item.b
        what = short(side.text) if side is not None else ""
        super().__init__(session, f"Review: {choice.value} on {item.layer} “{what}”")
        self.document_id, self.a_id, self.b_id = document_id, a_id, b_id
        self.item, self.choice = item, choice
        self.comment, self.edited = comment, tuple(edited)
        self.decision: Decision | None = None

    def run(self) -> None:
        self.decision = self.session.review.decide(
            self.document_id,
            self.a_id,
            self.b_id,
            self.item,
            self.choice,
            self.comment,
            self.edited,
        )


class AcceptAgreements(Operation):
    """Accept many agreements as one edit: one transaction and one refresh."""

    writes_gold = True

    def __init__(
        self, session: Session, document_id: str, a_id: str, b_id: str, items: Sequence[Agreed]
    ) -> None:
        super().__init__(session, f"Review: accept {counted(len(items), 'agreement')}")
        self.document_id, self.a_id, self.b_id = document_id, a_id, b_id
        self.items = list(items)
        self.decisions: list[Decision] = []

    def run(self) -> None:
        self.decisions = self.session.review.decide_many(
            self.document_id, self.a_id, self.b_id, self.items, Choice.AGREE
        )


class DropStale(Operation):
    """Drop decisions whose item is gone (the annotators' work changed since) with the gold
    spans they own."""

    writes_gold = True

    def __init__(self, session: Session, decisions: Sequence[Decision]) -> None:
        super().__init__(session, f"Review: drop {counted(len(decisions), 'stale decision')}")
        self.decisions = list(decisions)

    def run(self) -> None:
        self.session.review.drop(self.decisions)


class SetGoldStatus(Operation):
    """Mark the gold layer done (or not) on a document: the reviewer's `d`."""

    writes_gold = True

    def __init__(self, session: Session, document_id: str, status: Status) -> None:
        super().__init__(session, f"Review: mark gold {status.display}")
        self.document_id, self.status = document_id, status

    def run(self) -> None:
        self.session.review.set_gold_status(self.document_id, self.status)


class CommentDecision(Operation):
    """Change the comment of a stored decision."""

    writes_gold = True

    def __init__(
        self, session: Session, document_id: str, a_id: str, b_id: str, key: str, comment: str
    ) -> None:
        super().__init__(session, "Review: comment")
        self.where = (document_id, a_id, b_id, key)
        self.comment = comment

    def run(self) -> None:
        self.session.review.comment(*self.where, self.comment)
