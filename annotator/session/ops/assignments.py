"""Team edits (issue 15): an assignment, a reassignment, whether annotators see each other's
tracks; each one edit, one undo."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from annotator.core.wording import counted
from annotator.session.assignments import OTHERS_VISIBLE
from annotator.session.ops.base import Operation, short

if TYPE_CHECKING:
    from annotator.session.session import Session


class Assign(Operation):
    """Documents given to names (``add``: (document id, name)), what was assigned before
    taken away first (``remove``: a new assignment of everything), and the team settings
    that go with it (the assignment's parameters, the lead)."""

    of_project = True  # made whichever annotator's track is shown

    def __init__(
        self,
        session: Session,
        add: Sequence[tuple[str, str]],
        *,
        remove: Sequence[tuple[str, str]] = (),
        settings: Mapping[str, str] | None = None,
    ) -> None:
        names = len({n for _, n in add})
        documents = len({d for d, _ in add})
        super().__init__(
            session,
            f"Assign {counted(documents, 'document')} to {counted(names, 'annotator')}",
        )
        self.add, self.remove = list(add), list(remove)
        self.settings = dict(settings or {})

    def run(self) -> None:
        team = self.session.assignments
        if self.remove:
            team.remove(self.remove)
        team.add(self.add)
        for key, value in self.settings.items():
            team.set_setting(key, value)


class Reassign(Operation):
    """Documents of one name given to another: ``remove`` and ``add`` as
    ``core.assignment.reassignment`` decided."""

    of_project = True

    def __init__(
        self,
        session: Session,
        source: str,
        target: str,
        remove: Sequence[tuple[str, str]],
        add: Sequence[tuple[str, str]],
    ) -> None:
        moved = counted(len({d for d, _ in remove}), "document")
        super().__init__(session, f"Reassign {moved} from {short(source)} to {short(target)}")
        self.source, self.target = source, target
        self.remove, self.add = list(remove), list(add)

    def run(self) -> None:
        self.session.assignments.remove(self.remove)
        self.session.assignments.add(self.add)


class SetOthersVisible(Operation):
    """The lead's decision: whether annotators see each other's tracks."""

    of_project = True

    def __init__(self, session: Session, visible: bool) -> None:
        what = "see" if visible else "do not see"
        super().__init__(session, f"Annotators {what} each other's tracks")
        self.visible = visible

    def run(self) -> None:
        self.session.assignments.set_setting(OTHERS_VISIBLE, "1" if self.visible else "0")
