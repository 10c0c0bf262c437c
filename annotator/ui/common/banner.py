"""A bar across the top of the window for what the user must know about the project file (a
deleted -wal recovered, a full disk, a network drive opened read-only): it stays until it is
dismissed or the trouble is over, unlike a status bar message, and never blocks editing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class Banner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("file_banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            "#file_banner { background: #FFF4CE; border: 1px solid #E0B000; }"
            "#file_banner[level='error'] { background: #FDE7E9; border: 1px solid #C50F1F; }"
            "#file_banner QLabel { color: #1F1F1F; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.text = QLabel()
        self.text.setObjectName("file_banner_text")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dismiss = QPushButton("Dismiss")
        self.dismiss.setObjectName("file_banner_dismiss")
        layout.addWidget(self.text, 1)
        layout.addWidget(self.dismiss, 0, Qt.AlignmentFlag.AlignTop)
        self.dismiss.clicked.connect(self.hide)
        self.hide()

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.setProperty("level", "error" if error else "warning")
        self.style().unpolish(self)
        self.style().polish(self)
        self.text.setText(text)
        self.show()

    def message(self) -> str:
        return "" if self.isHidden() else self.text.text()
