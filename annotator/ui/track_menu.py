"""Whose annotations the article shows: yours (editable) or another annotator's, read-only.

A project can hold several annotators' work (the example ships one, review brings more). A
project where you have not annotated yet but someone else has opens on their work, so the
example shows its quotes, claims and entities on first run; View > Show annotations of goes
back to yours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QMenu

from annotator.ui import plain

if TYPE_CHECKING:
    from annotator.session import Session
    from annotator.ui.main_window import MainWindow


class TrackMenu(QObject):
    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.menu = menu
        self.menu.setObjectName("view_annotator")
        self.viewed = ""  # annotator id shown; "" means the current annotator
        self._group = QActionGroup(self)
        self.menu.aboutToShow.connect(self._on_menu_about_to_show)

    def annotator_id(self) -> str:
        return self.viewed or self.window.session.annotator.id

    def is_other(self) -> bool:
        return bool(self.viewed) and self.viewed != self.window.session.annotator.id

    def viewed_name(self) -> str:
        session = self.window.session
        names = {a.id: a.name for a in session.store.annotators()}
        return names.get(self.annotator_id(), "?")

    def choose_on_open(self, session: Session) -> None:
        """Yours if you have annotated here; else the annotator with the most spans."""
        counts = session.store.span_counts_by_annotator()
        mine = counts.get(session.annotator.id, 0)
        others = {a: n for a, n in counts.items() if a != session.annotator.id and n}
        self.viewed = max(others, key=lambda a: others[a]) if not mine and others else ""

    def show(self, annotator_id: str) -> None:
        self.viewed = "" if annotator_id == self.window.session.annotator.id else annotator_id
        self.window.update_title()
        self.window.proposals.clear("Showing another annotator's work: suggest again")
        self.window.doc_model.reset(self.window.session.documents(self.annotator_id()))
        self.window.show_document(self.window.current_id)

    def _on_menu_about_to_show(self) -> None:
        self.menu.clear()
        session = self.window.session
        counts = session.store.span_counts_by_annotator()
        for annotator in session.store.annotators():
            mine = annotator.id == session.annotator.id
            text = f"{annotator.name}{' (you)' if mine else ' (read-only)'}"
            text += f" — {counts.get(annotator.id, 0)} spans"
            action = self.menu.addAction(plain.menu_text(text))
            action.setCheckable(True)
            action.setChecked(annotator.id == self.annotator_id())
            self._group.addAction(action)
            action.triggered.connect(lambda _=False, a=annotator.id: self.show(a))
