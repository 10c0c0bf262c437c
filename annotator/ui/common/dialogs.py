"""Small dialogs. Each exposes a ``classmethod ask()`` so tests can replace it."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date as Date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Document, metadata_refusal

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DocumentDetails = tuple[str, str | None, str, dict[str, str]]  # title, date, source, metadata


def finish_form(dialog: QDialog, form: QFormLayout, accepted: Callable[[], None]) -> QLabel:
    """The end of a form dialog: a red error line (plain text, wrapped) and OK / Cancel. OK
    calls ``accepted``, which accepts the dialog or shows why not on the returned line."""
    error = QLabel("")
    error.setTextFormat(Qt.TextFormat.PlainText)
    error.setWordWrap(True)
    error.setStyleSheet("color: #B00020")
    form.addRow(error)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(accepted)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    return error


class MetadataRows(QWidget):
    """The open metadata of a document as rows of name and value, editable: an empty row at
    the end takes a new field; a row whose name is emptied is removed."""

    def __init__(self, meta: Mapping[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self._grid = QGridLayout()
        self._grid.setColumnStretch(1, 1)
        column.addLayout(self._grid)
        self.rows: list[tuple[QLineEdit, QLineEdit]] = []
        for key, value in sorted(meta.items()):
            self.add_row(key, value)
        self.add_row("", "")
        add = QPushButton("Add a field")
        add.setObjectName("metadata_add")
        add.clicked.connect(lambda: self.add_row("", "", focus=True))
        column.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)

    def add_row(self, key: str, value: str, *, focus: bool = False) -> None:
        name, text = QLineEdit(key), QLineEdit(value)
        name.setPlaceholderText("name, e.g. author")
        text.setPlaceholderText("value")
        row = len(self.rows)
        self._grid.addWidget(name, row, 0)
        self._grid.addWidget(text, row, 1)
        self.rows.append((name, text))
        if focus:
            name.setFocus()

    def values(self) -> dict[str, str]:
        """Named rows as metadata (names and values stripped; rows without a name dropped)."""
        return {n.text().strip(): t.text().strip() for n, t in self.rows if n.text().strip()}


class DocumentDetailsDialog(QDialog):
    """Edit a document's title, date, source and open metadata (author, url, publisher...);
    its text is fixed once imported."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Document details")
        self.setMinimumWidth(560)
        form = QFormLayout(self)
        self.title = QLineEdit(document.title)
        self.date = QLineEdit(document.date or "")
        self.date.setPlaceholderText("YYYY-MM-DD or empty")
        self.source = QLineEdit(document.source)
        self.meta = MetadataRows(document.meta)
        form.addRow("Title", self.title)
        form.addRow("Date", self.date)
        form.addRow("Source", self.source)
        form.addRow("Metadata", self.meta)
        self.error = finish_form(self, form, self._on_buttons_accepted)

    def values(self) -> DocumentDetails:
        return (
            self.title.text().strip(),
            self.date.text().strip() or None,
            self.source.text(),
            self.meta.values(),
        )

    def _on_buttons_accepted(self) -> None:
        title, date, _, meta = self.values()
        if not title:
            self.error.setText("A title is needed.")
            return
        if date is not None:
            try:
                if not _ISO.match(date):
                    raise ValueError
                Date.fromisoformat(date)
            except ValueError:
                self.error.setText("The date must be a real date written YYYY-MM-DD.")
                return
        why = metadata_refusal(meta)
        if why:
            self.error.setText(f"{why[0].upper()}{why[1:]}.")
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget, document: Document) -> DocumentDetails | None:
        dialog = cls(document, parent)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


class Confirm:
    @classmethod
    def ask(cls, parent: QWidget | None, title: str, question: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, question, parent=parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes


DETAIL_LINES = 12  # lines of details shown before they scroll


class NoticeDialog(QDialog):
    """A result or an error: the summary, and the details (one file or line each) in full,
    never cut: a readable width whatever the summary's length, lines that do not fit scroll
    sideways instead of being wrapped or elided."""

    MIN_WIDTH = 480
    MAX_WIDTH = 900  # the widest on a small screen (or none known)

    def __init__(
        self, parent: QWidget | None, title: str, text: str, details: str = "", error: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.setWindowTitle(title)
        layout = QGridLayout(self)
        layout.setHorizontalSpacing(14)
        kind = (
            QStyle.StandardPixmap.SP_MessageBoxWarning
            if error
            else QStyle.StandardPixmap.SP_MessageBoxInformation
        )
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(self.style().standardIcon(kind).pixmap(size, size))
        layout.addWidget(icon, 0, 0, Qt.AlignmentFlag.AlignTop)
        self.text = QLabel(text)
        self.text.setObjectName("notice_text")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text, 0, 1, Qt.AlignmentFlag.AlignTop)
        layout.setColumnStretch(1, 1)
        self.details = QPlainTextEdit(details)
        self.details.setObjectName("notice_details")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setVisible(bool(details))
        layout.addWidget(self.details, 1, 0, 1, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons, 2, 0, 1, 2)
        layout.setRowStretch(1, 1)
        self.setMinimumWidth(self._width(details))
        lines = details.count("\n") + 1
        height = self.details.fontMetrics().lineSpacing() * min(lines, DETAIL_LINES) + 24
        if lines <= DETAIL_LINES:
            self.details.setFixedHeight(height)  # no empty box under a line or two
        else:
            self.details.setMinimumHeight(height)

    def _width(self, details: str) -> int:
        """Wide enough for the longest detail line (a file's full path), within limits."""
        metrics = self.details.fontMetrics()
        longest = max((metrics.horizontalAdvance(line) for line in details.splitlines()), default=0)
        frame = (
            2 * self.details.frameWidth() + 12 + self.details.verticalScrollBar().sizeHint().width()
        )
        margins = self.layout().contentsMargins()
        wanted = longest + frame + margins.left() + margins.right()
        screen = self.screen().availableGeometry().width() if self.screen() else 0
        widest = max(self.MAX_WIDTH, screen * 9 // 10)  # wider than the screen: it scrolls
        return max(self.MIN_WIDTH, min(wanted, widest))


class Notice:
    """A message the user must see (errors, import summaries); plain text, details in full."""

    @classmethod
    def show(
        cls, parent: QWidget | None, title: str, text: str, details: str = "", error: bool = False
    ) -> None:
        NoticeDialog(parent, title, text, details, error).exec()


class AnnotatorNameDialog:
    @classmethod
    def ask(cls, parent: QWidget, current: str) -> str | None:
        name, ok = QInputDialog.getText(
            parent,
            "Annotator",
            "Your name as it appears on your spans (your id stays the same):",
            QLineEdit.EchoMode.Normal,
            current,
        )
        return name if ok else None


class ProjectPathDialog:
    FILTER = "Annotator projects (*.sqlite);;All files (*)"

    @classmethod
    def ask_open(cls, parent: QWidget, start: str) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(parent, "Open project", start, cls.FILTER)
        return Path(path) if path else None

    @classmethod
    def ask_folder(cls, parent: QWidget, start: str) -> Path | None:
        """A project folder: one holding articles/ (its project.sqlite is built if absent)."""
        path = QFileDialog.getExistingDirectory(parent, "Open project folder", start)
        return Path(path) if path else None

    @classmethod
    def ask_new(cls, parent: QWidget, start: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(parent, "New project", start, cls.FILTER)
        if not path:
            return None
        p = Path(path)
        return p if p.suffix else p.with_suffix(".sqlite")


class ImportFilesDialog:
    @classmethod
    def ask(cls, parent: QWidget, start: str) -> list[Path]:
        paths, _ = QFileDialog.getOpenFileNames(
            parent,
            "Import articles",
            start,
            "Articles (*.txt *.csv *.tsv *.jsonl *.ndjson *.json);;All files (*)",
        )
        return [Path(p) for p in paths]
