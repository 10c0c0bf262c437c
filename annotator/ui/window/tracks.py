"""Whose annotations the article shows: yours (editable) or another annotator's, read-only.

A project can hold several annotators' work (the example ships one, review brings more). A
project where you have not annotated yet but someone else has opens on their work
(``Session.default_track``), so the example shows its quotes, claims and entities on first
run; View > Show annotations of goes back to yours.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QMenu

from annotator.core.wording import counted
from annotator.ui.common import plain
from annotator.ui.common.context import WindowContext


class TrackMenu(QObject):
    def __init__(self, ctx: WindowContext, menu: QMenu) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.menu = menu
        self.menu.setObjectName("view_annotator")
        self._group = QActionGroup(self)
        self.menu.aboutToShow.connect(self._on_menu_about_to_show)

    def show(self, annotator_id: str) -> None:
        self.ctx.set_track(annotator_id)

    def _on_menu_about_to_show(self) -> None:
        self.menu.clear()
        session = self.ctx.session
        counts = session.span_counts()
        names = session.annotator_names()  # namesakes told apart: "blanca [3f2a]"
        for annotator in session.visible_annotators():
            mine = annotator.id == session.annotator.id
            text = f"{names.get(annotator.id, annotator.name)}"
            text += " (you)" if mine else " (read-only)"
            text += f" — {counted(counts.get(annotator.id, 0), 'span')}"
            action = self.menu.addAction(plain.menu_text(text))
            action.setCheckable(True)
            action.setChecked(annotator.id == self.ctx.viewed)
            self._group.addAction(action)
            action.triggered.connect(lambda _=False, a=annotator.id: self.show(a))
