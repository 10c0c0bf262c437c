"""The assign part: Project > Assign... and Reassign... (a dialog, then one undoable edit)
and Project > Annotators see each other's tracks (the lead's decision, one undoable edit;
only the lead, or anyone when no lead is recorded, may change it)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from annotator.session import Change, ChangeKind
from annotator.session.ops.assignments import SetOthersVisible
from annotator.ui.assign.dialog import AssignDialog, ReassignDialog
from annotator.ui.common.context import WindowContext


class AssignPart(QObject):
    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self._connect_signals()

    def _connect_signals(self) -> None:
        ctx = self.ctx
        ctx.project_changed.connect(self._on_ctx_project_changed)
        ctx.changed.connect(self._on_ctx_changed)
        if ctx.actions is not None:
            ctx.actions.assign.triggered.connect(self._on_assign_triggered)
            ctx.actions.reassign.triggered.connect(self._on_reassign_triggered)
            ctx.actions.others_visible.toggled.connect(self._on_others_visible_toggled)

    def refresh(self) -> None:
        """The checkable action as the project says, enabled for the lead only."""
        if self.ctx.actions is None:
            return
        team = self.ctx.session.assignments
        action = self.ctx.actions.others_visible
        blocked = action.blockSignals(True)
        action.setChecked(team.others_visible())
        action.blockSignals(blocked)
        lead = team.is_lead()
        action.setEnabled(lead and not self.ctx.session.read_only)
        self.ctx.actions.assign.setEnabled(lead and not self.ctx.session.read_only)
        self.ctx.actions.reassign.setEnabled(
            lead and not self.ctx.session.read_only and bool(team.names())
        )

    def _on_ctx_project_changed(self) -> None:
        self.refresh()

    def _on_ctx_changed(self, change: Change) -> None:
        if change.kind in (ChangeKind.ASSIGNMENTS, ChangeKind.EXTERNAL):
            self.refresh()

    def _on_assign_triggered(self) -> None:
        ctx = self.ctx
        made = AssignDialog.ask(ctx.window, ctx.session)
        if made is not None:
            ctx.push(made.operation)

    def _on_reassign_triggered(self) -> None:
        ctx = self.ctx
        move = ReassignDialog.ask(ctx.window, ctx.session, ctx.document_id)
        if move is not None:
            ctx.push(move.operation)

    def _on_others_visible_toggled(self, on: bool) -> None:
        if on != self.ctx.session.assignments.others_visible():
            self.ctx.push(SetOthersVisible(self.ctx.session, on))
        self.refresh()  # (refused: the box shows the project's setting again)
