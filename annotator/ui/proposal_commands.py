"""Undoable commands on proposals: accepting (they become spans, quotes and an origin row) and
rejecting (remembered, so they do not come back). Undo also puts them back in the list."""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.proposals import Proposal
from annotator.session import Session
from annotator.session.suggest import Accepted, Rejected
from annotator.ui.commands import _SessionCommand

Restore = Callable[[list[Proposal]], None]


def _plural(n: int, what: str) -> str:
    return f"{n} {what}{'s' if n != 1 else ''}"


class AcceptProposals(_SessionCommand):
    """Accepted proposals (as ``Session.plan_acceptance`` planned them) are written in one
    commit; undo removes exactly those rows and the proposals come back to the list; redo
    writes the same rows again, ids included."""

    def __init__(
        self,
        session: Session,
        proposals: list[Proposal],
        accepted: Accepted,
        drop: Restore,
        restore: Restore,
    ) -> None:
        super().__init__(session, f"Accept {_plural(len(proposals), 'proposal')}")
        self.proposals, self.accepted = proposals, accepted
        self.drop, self.restore = drop, restore

    def apply(self) -> None:
        self.session.reaccept_proposals(self.accepted)
        self.drop(self.proposals)

    def revert(self) -> None:
        self.session.unaccept_proposals(self.accepted)
        self.restore(self.proposals)


class RejectProposals(_SessionCommand):
    """Rejected proposals are stored as rejected for this annotator and document; undo forgets
    the rejection and shows them again."""

    def __init__(
        self, session: Session, proposals: list[Proposal], drop: Restore, restore: Restore
    ) -> None:
        super().__init__(session, f"Reject {_plural(len(proposals), 'proposal')}")
        self.proposals = proposals
        self.drop, self.restore = drop, restore
        self.rejected: Rejected | None = None

    def apply(self) -> None:
        self.rejected = self.session.reject_proposals(self.proposals)
        self.drop(self.proposals)

    def revert(self) -> None:
        if self.rejected is not None:
            self.session.unreject_proposals(self.rejected)
        self.restore(self.proposals)
