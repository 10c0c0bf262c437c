"""A button in the status bar saying whose annotations the article shows; it opens the same
menu as View > Show annotations of, so another annotator's work (the example's, once you
annotate yourself) is one click away. It is there only when the project holds others' work."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu, QToolButton

from annotator.session import Change, ChangeKind
from annotator.ui.common import plain
from annotator.ui.common.context import WindowContext

_NEW_TRACKS = (
    ChangeKind.EXTERNAL,
    ChangeKind.DOCUMENTS,
    ChangeKind.DECISIONS,
    ChangeKind.ASSIGNMENTS,  # the lead let annotators see each other's tracks, or not
)


class TrackPicker(QObject):
    def __init__(self, ctx: WindowContext, menu: QMenu) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.button = QToolButton()
        self.button.setObjectName("status_tracks")
        self.button.setMenu(menu)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setAutoRaise(True)
        self.button.setToolTip("Whose annotations the article shows: another's, or yours")
        ctx.project_changed.connect(self.refresh)
        ctx.track_changed.connect(self.refresh)
        ctx.changed.connect(self._on_ctx_changed)

    def refresh(self) -> None:
        ctx = self.ctx
        session = ctx.session
        others = [a for a in session.visible_annotators() if a.id != session.annotator.id]
        self.button.setVisible(bool(others))
        if ctx.is_other():
            text = f"Showing {ctx.viewed_name()}'s work (read-only)"
        else:
            text = "Showing your work"
        self.button.setText(plain.menu_text(text))

    def _on_ctx_changed(self, change: Change) -> None:
        if change.kind in _NEW_TRACKS:  # someone's work may have come in
            ctx = self.ctx
            shown = {a.id for a in ctx.session.visible_annotators()}
            if ctx.is_other() and ctx.viewed not in shown:  # hidden from you now
                ctx.set_track(ctx.session.annotator.id)
            self.refresh()
