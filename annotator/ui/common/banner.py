"""A bar across the top of a pane for what the user must know: about the project file (a
deleted -wal recovered, a full disk, a network drive opened read-only) or that what is shown
cannot be edited. It stays until it is dismissed or the trouble is over, unlike a status bar
message; it may offer a way out (a button), and ``flash`` draws the eye to it again when the
user tries what it warned about."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

LEVELS = {  # background, border
    "info": ("#E8F1FB", "#2B6CB0"),
    "warning": ("#FFF4CE", "#E0B000"),
    "error": ("#FDE7E9", "#C50F1F"),
}
FLASHES = 3  # times the bar lights up when flashed
FLASH_MS = 160  # each light and each pause


class Banner(QFrame):
    def __init__(self, parent: QWidget | None = None, name: str = "file_banner") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        style = [
            f"#{name}[level='{level}'] {{ background: {back}; border: 1px solid {line}; }}"
            for level, (back, line) in LEVELS.items()
        ]
        style.append(f"#{name}[flash='true'] {{ background: #FFE08A; border: 2px solid #B7791F; }}")
        style.append(f"#{name} QLabel {{ color: #1F1F1F; }}")
        self.setStyleSheet("".join(style))
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(10, 6, 6, 6)
        self.text = QLabel()
        self.text.setObjectName(f"{name}_text")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dismiss = QPushButton("Dismiss")
        self.dismiss.setObjectName(f"{name}_dismiss")
        self._layout.addWidget(self.text, 1)
        self._layout.addWidget(self.dismiss, 0, Qt.AlignmentFlag.AlignTop)
        self.dismiss.clicked.connect(self.hide)
        self._flashes = 0  # light changes still to come
        self._timer = QTimer(self)
        self._timer.setInterval(FLASH_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._set_style("level", "warning")
        self.hide()

    def add_button(self, text: str, name: str) -> QPushButton:
        """A button before Dismiss: what to do about it (the caller connects it)."""
        button = QPushButton(text)
        button.setObjectName(name)
        self._layout.insertWidget(self._layout.indexOf(self.dismiss), button, 0)
        self._layout.setAlignment(button, Qt.AlignmentFlag.AlignTop)
        return button

    def show_message(self, text: str, *, error: bool = False, level: str = "") -> None:
        """Show ``text``: a warning, an ``error``, or another ``level`` ("info")."""
        self._set_style("level", level or ("error" if error else "warning"))
        self.text.setText(text)
        self.show()

    def message(self) -> str:
        return "" if self.isHidden() else self.text.text()

    def flash(self) -> None:
        """Show the bar (if dismissed) and light it up a few times."""
        self.show()
        self._flashes = 2 * FLASHES - 1
        self._set_style("flash", "true")
        self._timer.start()

    def flashing(self) -> bool:
        return self._timer.isActive()

    def _on_timer_timeout(self) -> None:
        self._set_style("flash", "true" if self._flashes % 2 == 0 and self._flashes else "false")
        self._flashes -= 1
        if self._flashes < 0:
            self._timer.stop()
            self._set_style("flash", "false")

    def _set_style(self, name: str, value: str) -> None:
        self.setProperty(name, value)
        self.style().unpolish(self)
        self.style().polish(self)
