"""What the undo stack tells the user: the status bar names each edit saved or undone, and the
Edit menu's Undo / Redo name theirs (with a literal "&")."""

from __future__ import annotations

from datetime import datetime

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QStatusBar

from annotator.ui import plain


class UndoStatus(QObject):
    def __init__(
        self,
        owner: QObject,
        stack: QUndoStack,
        status: QStatusBar,
        undo: QAction,
        redo: QAction,
    ) -> None:
        super().__init__(owner)  # lives and dies with the window, like the widgets it updates
        self.stack, self.status, self.undo, self.redo = stack, status, undo, redo
        self._index = stack.index()
        stack.indexChanged.connect(self._on_stack_index_changed)
        stack.undoTextChanged.connect(self._on_stack_undo_text_changed)
        stack.redoTextChanged.connect(self._on_stack_redo_text_changed)

    def _alive(self) -> bool:
        """False while the window is being destroyed (the stack clears itself as it goes)."""
        return all(shiboken6.isValid(o) for o in (self.stack, self.status, self.undo, self.redo))

    def _on_stack_undo_text_changed(self, text: str) -> None:
        if self._alive():
            self.undo.setText(f"&Undo {plain.menu_text(text)}".strip())

    def _on_stack_redo_text_changed(self, text: str) -> None:
        if self._alive():
            self.redo.setText(f"&Redo {plain.menu_text(text)}".strip())

    def _on_stack_index_changed(self, index: int) -> None:
        """Say what was just saved: the edit pushed or redone, or the one undone."""
        if not self._alive():
            return
        # command() is None once the stack was cleared (another project opened)
        if index < self._index and self.stack.command(index) is not None:
            what = f"undid {self.stack.command(index).text()}"
        elif index > 0 and self.stack.command(index - 1) is not None:
            what = self.stack.command(index - 1).text()
        else:
            what = ""
        self._index = index
        if what:
            self.status.showMessage(f"Saved {datetime.now():%H:%M:%S}: {what}", 6000)
