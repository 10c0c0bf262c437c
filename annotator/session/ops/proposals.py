"""Deciding proposals: accepting (they become spans, quotes and an origin row) and rejecting
(remembered, so they do not come back)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.proposals import Proposal
from annotator.session.ops.base import Operation
from annotator.session.proposals import Accepted

if TYPE_CHECKING:
    from annotator.session.session import Session


def _plural(n: int, what: str) -> str:
    return f"{n} {what}{'s' if n != 1 else ''}"


class AcceptProposals(Operation):
    """Accepted proposals, as ``session.proposals.plan_acceptance`` planned them, written in
    one transaction."""

    def __init__(self, session: Session, proposals: list[Proposal], plan: Accepted) -> None:
        super().__init__(session, f"Accept {_plural(len(proposals), 'proposal')}")
        self.proposals, self.plan = proposals, plan

    def run(self) -> None:
        self.session.proposals.accept(self.plan)


class RejectProposals(Operation):
    """Rejected proposals are stored as rejected for this annotator and document."""

    def __init__(self, session: Session, proposals: list[Proposal]) -> None:
        super().__init__(session, f"Reject {_plural(len(proposals), 'proposal')}")
        self.proposals = proposals

    def run(self) -> None:
        self.session.proposals.reject_proposals(self.proposals)
