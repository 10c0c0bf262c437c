"""One part of the window on its own: a context over a session, with the window's menu actions
and a status bar, but none of the other parts (what a test of one part needs)."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMainWindow

from annotator.session import Session
from annotator.ui.common.context import WindowContext
from annotator.ui.window.actions import create_actions


class Harness:
    """A bare main window holding only a context (and what a part adds to it)."""

    def __init__(self, session: Session) -> None:
        self.widget = QMainWindow()
        self.stack = QUndoStack(self.widget)
        self.actions = create_actions(self.widget, self.stack)
        self.ctx = WindowContext(session, self.widget, self.widget.statusBar(), self.stack)
        self.ctx.actions = self.actions

    def message(self) -> str:
        return self.widget.statusBar().currentMessage()

    def close(self) -> None:
        self.ctx.detach()
        self.ctx.session.close()
        self.widget.close()
