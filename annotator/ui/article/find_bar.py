"""Ctrl+F: find text in the article, Enter for the next match, Shift+Enter for the previous."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QToolButton, QWidget


class FindBar(QWidget):
    def __init__(self, view: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("find_bar")
        self._view = view
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(QLabel("Find:"))
        self.edit = QLineEdit()
        self.edit.setObjectName("find_edit")
        self.edit.setPlaceholderText("text in this article (Enter: next, Shift+Enter: previous)")
        self.edit.returnPressed.connect(self._on_edit_return_pressed)
        self.edit.installEventFilter(self)
        layout.addWidget(self.edit, 1)
        self.status = QLabel("")
        self.status.setObjectName("find_status")
        layout.addWidget(self.status)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.clicked.connect(self.hide_bar)
        layout.addWidget(close)
        self.hide()

    def open_bar(self) -> None:
        selected = self._view.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.edit.setText(selected)
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def hide_bar(self) -> None:
        self.hide()
        self._view.setFocus()

    def find(self, backward: bool = False) -> bool:
        needle = self.edit.text()
        if not needle:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        found = self._view.find(needle, flags)
        if not found:  # wrap around
            cursor = self._view.textCursor()
            cursor.movePosition(
                cursor.MoveOperation.End if backward else cursor.MoveOperation.Start
            )
            self._view.setTextCursor(cursor)
            found = self._view.find(needle, flags)
        self.status.setText("" if found else "not found")
        return found

    def _on_edit_return_pressed(self) -> None:
        self.find()

    def eventFilter(self, obj: object, event: object) -> bool:  # noqa: N802 (Qt API)
        if isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self.hide_bar()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            ):
                self.find(backward=True)
                return True
        return False
