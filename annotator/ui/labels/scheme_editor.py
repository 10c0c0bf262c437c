"""The label scheme editor (labels, keys, colours, descriptions, guideline) and guideline panel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import SchemeError
from annotator.core.links import CUE_LABEL
from annotator.core.model import Label, Layer
from annotator.core.records import StoredLabel
from annotator.core.scheme import RESERVED_KEYS
from annotator.core.wording import counted
from annotator.session import Change, ChangeKind, Session
from annotator.session.ops.base import Operation
from annotator.session.ops.scheme import AddLabel, EditLabel, RemoveLabel, SetGuideline
from annotator.ui.common import plain
from annotator.ui.common.actions import swatch
from annotator.ui.common.dialogs import Confirm, finish_form
from annotator.ui.common.models import ROOT, Index, RowsTableModel

Push = Callable[[Operation], bool]  # the window's push: make the edit, keep it for undo

_LAYER_ORDER = {layer: i for i, layer in enumerate(Layer)}
GUIDELINE_SAVE_MS = 800  # the guideline is saved this long after the last keystroke
# Okabe-Ito, then Paul Tol's muted colours: a new label starts with the first one not in use.
NEW_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
NEW_COLOURS += ("#882255", "#44AA99", "#117733", "#332288", "#DDCC77", "#AA4499", "#88CCEE")


@dataclass(frozen=True)
class _Row:
    stored: StoredLabel
    spans: int  # every annotator's
    mine: int


class SchemeTableModel(RowsTableModel):
    """The project's labels by layer: colour, key, description and how many spans use each.
    Rows are matched by the label's row id, so a rename or recolour changes a row in place
    and undo of a deletion inserts it back where it was."""

    COLUMNS = ("Layer", "Name", "Colour", "Key", "Description", "Spans")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[_Row] = []

    def refresh(self, session: Session) -> None:
        total, mine = session.labels.label_usage(), session.labels.label_usage(mine=True)
        new = [
            _Row(s, total.get(_name(s), 0), mine.get(_name(s), 0))
            for s in sorted(session.labels.label_rows(), key=_order)
        ]
        new_ids = [r.stored.row_id for r in new]
        kept = set(new_ids) & {r.stored.row_id for r in self._rows}
        if [r.stored.row_id for r in self._rows if r.stored.row_id in kept] != [
            i for i in new_ids if i in kept
        ]:
            self.beginResetModel()  # reordered by another program: start again
            self._rows = new
            self.endResetModel()
            return
        for row in reversed(range(len(self._rows))):
            if self._rows[row].stored.row_id not in kept:
                self.beginRemoveRows(ROOT, row, row)
                del self._rows[row]
                self.endRemoveRows()
        for row, item in enumerate(new):
            if item.stored.row_id not in kept:
                self.beginInsertRows(ROOT, row, row)
                self._rows.insert(row, item)
                self.endInsertRows()
        for row, item in enumerate(new):
            if self._rows[row] != item:
                self._rows[row] = item
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def label(self, row: int) -> Label:
        return self._rows[row].stored.label

    def usage(self, row: int) -> tuple[int, int]:
        """(spans of every annotator, spans of the current one) with the label of ``row``."""
        return self._rows[row].spans, self._rows[row].mine

    def row_of(self, layer: Layer, name: str) -> int:
        return next((i for i, r in enumerate(self._rows) if _name(r.stored) == (layer, name)), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        label, col = item.stored.label, index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            flat = " ".join(label.description.split())
            values = (label.layer.heading, label.name, label.color, label.key, flat, item.spans)
            return values[col]
        if role == Qt.ItemDataRole.DecorationRole and col == 2:
            return QColor(label.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{label.name}\n{label.description}" if label.description else label.name
            return plain.tooltip(f"{tip}\n{counted(item.spans, 'span')}, {item.mine} of them yours")
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _name(stored: StoredLabel) -> tuple[Layer, str]:
    return stored.label.layer, stored.label.name


def _order(stored: StoredLabel) -> tuple[int, int, int]:
    return _LAYER_ORDER[stored.label.layer], stored.position, stored.row_id


# -- small questions, each replaceable in tests through its ask() -----------------------------


def _line(parent: QWidget, title: str, prompt: str, current: str) -> str | None:
    text, ok = QInputDialog.getText(parent, title, prompt, QLineEdit.EchoMode.Normal, current)
    return text if ok else None


class RenameAsk:
    @classmethod
    def ask(cls, parent: QWidget, label: Label) -> str | None:
        prompt = f"New name for {label.name} ({label.layer.value}); every span of it follows:"
        return _line(parent, "Rename label", prompt, label.name)


class KeyAsk:
    @classmethod
    def ask(cls, parent: QWidget, label: Label) -> str | None:
        reserved = " ".join(RESERVED_KEYS)
        prompt = f"Key for {label.name}: one character, empty for none (reserved: {reserved}):"
        return _line(parent, "Label key", prompt, label.key)


class DescriptionAsk:
    @classmethod
    def ask(cls, parent: QWidget, label: Label) -> str | None:
        prompt = f"What {label.name} marks (shown as its tooltip and in the guideline):"
        text, ok = QInputDialog.getMultiLineText(
            parent, "Label description", prompt, label.description
        )
        return text if ok else None


class ColorAsk:
    @classmethod
    def ask(cls, parent: QWidget, current: str) -> str | None:
        color = QColorDialog.getColor(QColor(current), parent, "Label colour")
        return color.name().upper() if color.isValid() else None


class NewLabelDialog(QDialog):
    """Layer, name, key, colour and description of a new label, checked before it closes."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add label")
        self.setMinimumWidth(440)
        self.session = session
        self.label: Label | None = None
        used = {lb.color for lb in session.scheme}
        self.color = next((c for c in NEW_COLOURS if c not in used), NEW_COLOURS[-1])
        form = QFormLayout(self)
        self.layer = QComboBox()
        for layer in Layer:
            self.layer.addItem(layer.heading, layer.value)
        self.name = QLineEdit()
        self.key = QLineEdit()
        self.key.setMaxLength(1)
        self.key.setPlaceholderText("optional; not " + " ".join(RESERVED_KEYS))
        self.color_button = QPushButton(self.color)
        self.color_button.setIcon(swatch(self.color))
        self.description = QLineEdit()
        form.addRow("Layer", self.layer)
        form.addRow("Name", self.name)
        form.addRow("Key", self.key)
        form.addRow("Colour", self.color_button)
        form.addRow("Description", self.description)
        self.error = finish_form(self, form, self._on_buttons_accepted)
        self.color_button.clicked.connect(self._on_color_button_clicked)

    def _on_color_button_clicked(self) -> None:
        color = ColorAsk.ask(self, self.color)
        if color is not None:
            self.color = color
            self.color_button.setText(color)
            self.color_button.setIcon(swatch(color))

    def _on_buttons_accepted(self) -> None:
        try:
            self.label = self.session.labels.new_label(
                Layer(self.layer.currentData()),
                self.name.text(),
                self.color,
                self.key.text(),
                self.description.text(),
            )
        except SchemeError as exc:
            self.error.setText(str(exc))
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget, session: Session) -> Label | None:
        dialog = cls(session, parent)
        return dialog.label if dialog.exec() == QDialog.DialogCode.Accepted else None


# -- the editor ------------------------------------------------------------------------------


class SchemeEditorDialog(QDialog):
    """Labels and guideline of the open project. Non-modal: every change is committed at once
    and pushed on the window's undo stack, so the user can watch the article follow and undo
    from the window while the editor stays open."""

    def __init__(self, session: Session, push: Push, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scheme_editor")
        self.setWindowTitle("Label scheme")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(820, 600)
        self.session, self._push = session, push
        self.model = SchemeTableModel()
        self._build()
        self._later = QTimer(self)  # span counts after edits in the window, once per burst
        self._later.setSingleShot(True)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(GUIDELINE_SAVE_MS)
        self._connect_signals()
        session.subscribe(self._on_session_changed)
        self._subscribed = True
        if parent is not None:  # the window closes its session: the editor closes before
            parent.installEventFilter(self)
        self.refresh()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.table = QTableView()
        self.table.setObjectName("scheme_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)  # one line a label; the tooltip has the whole description
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 3)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text in (
            ("add", "&Add…"),
            ("rename", "&Rename…"),
            ("color", "&Colour…"),
            ("key", "&Key…"),
            ("description", "&Description…"),
            ("delete", "De&lete…"),
        ):
            button = QPushButton(text)
            button.setObjectName(f"scheme_{name}")
            button.setAutoDefault(False)
            self.buttons[name] = button
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = QLabel("")
        self.message.setObjectName("scheme_message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addWidget(QLabel("Guideline (saved as you type; shown in the guideline panel)"))
        self.guideline = QPlainTextEdit()
        self.guideline.setObjectName("scheme_guideline")
        self.guideline.installEventFilter(self)
        self.guideline.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.guideline, 2)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        layout.addWidget(close)

    def _connect_signals(self) -> None:
        b = self.buttons
        b["add"].clicked.connect(self._on_add_clicked)
        b["rename"].clicked.connect(self._on_rename_clicked)
        b["color"].clicked.connect(self._on_color_clicked)
        b["key"].clicked.connect(self._on_key_clicked)
        b["description"].clicked.connect(self._on_description_clicked)
        b["delete"].clicked.connect(self._on_delete_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.guideline.textChanged.connect(self._on_guideline_text_changed)
        self._save_timer.timeout.connect(self.commit_guideline)
        self._later.timeout.connect(self.refresh)
        self.finished.connect(self._on_finished)

    # -- state -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Labels and counts from the session; the guideline too unless an edit is pending."""
        self.model.refresh(self.session)
        if not self._save_timer.isActive():
            text = self.session.labels.guideline()
            if text != self.guideline.toPlainText():
                self.guideline.blockSignals(True)
                self.guideline.setPlainText(text)
                self.guideline.blockSignals(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        writable = not self.session.read_only
        label = self.current_label()
        for name, button in self.buttons.items():
            needs_label = name != "add"
            fixed = label is not None and _is_cue(label) and name in ("rename", "delete")
            button.setEnabled(writable and (label is not None or not needs_label) and not fixed)
        self.guideline.setReadOnly(not writable)

    def current_label(self) -> Label | None:
        row = self.table.currentIndex().row()
        return self.model.label(row) if 0 <= row < self.model.rowCount() else None

    def select_label(self, layer: Layer, name: str) -> None:
        row = self.model.row_of(layer, name)
        if row >= 0:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 1))

    def _edit(self, op: Operation) -> bool:
        what = op.text
        ok = self._push(op)
        if ok:
            self.message.setText(f"Saved: {what}")
        return ok

    def commit_guideline(self) -> None:
        """Save the guideline text if it differs from the stored one (one undo step)."""
        self._save_timer.stop()
        text = self.guideline.toPlainText()
        if self.session.read_only or text == self.session.labels.guideline():
            return
        if not self._edit(SetGuideline(self.session, text)) and self.session.writing_away:
            # a merge being saved on a thread paused edits (its timers run meanwhile): try
            # again later, and until then the box keeps what was typed
            self._save_timer.start()

    # -- slots -------------------------------------------------------------------------------

    def _on_session_changed(self, change: Change) -> None:
        if change.kind in (ChangeKind.SCHEME, ChangeKind.EXTERNAL):
            self.refresh()
        elif change.kind in (ChangeKind.SPANS, ChangeKind.DOCUMENTS):
            self._later.start(0)

    def _on_table_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._update_buttons()

    def _on_add_clicked(self) -> None:
        label = NewLabelDialog.ask(self, self.session)
        if label is not None and self._edit(AddLabel(self.session, label)):
            self.select_label(label.layer, label.name)

    def _on_rename_clicked(self) -> None:
        self._change("new_name", RenameAsk.ask, "Rename label {name} to {value}")

    def _on_color_clicked(self) -> None:
        self._change("color", lambda p, lb: ColorAsk.ask(p, lb.color), "Recolour label {name}")

    def _on_key_clicked(self) -> None:
        self._change("key", KeyAsk.ask, "Set key of {name} to {value}")

    def _on_description_clicked(self) -> None:
        self._change("description", DescriptionAsk.ask, "Describe label {name}")

    def _change(self, field: str, ask: Callable[[QWidget, Label], str | None], text: str) -> None:
        """Ask for one field of the current label and, if it changes, push the edit."""
        label = self.current_label()
        value = ask(self, label) if label is not None else None
        if label is None or value is None:
            return
        tidy = value.strip()
        tidy = tidy.lower() if field == "key" else tidy.upper() if field == "color" else tidy
        if tidy == getattr(label, "name" if field == "new_name" else field):
            return
        what = text.format(name=label.name, value=tidy or "none")
        command = EditLabel(self.session, label.layer, label.name, what, **{field: value})
        if self._edit(command) and command.edit is not None:
            self.select_label(label.layer, command.edit.after.name)
            if command.edit.span_ids:
                count = len(command.edit.span_ids)
                self.message.setText(f"Saved: {what} ({counted(count, 'span')} renamed)")

    def _on_delete_clicked(self) -> None:
        row = self.table.currentIndex().row()
        if not 0 <= row < self.model.rowCount():
            return
        label = self.model.label(row)
        total, mine = self.model.usage(row)
        if total:
            goes = (
                f"Its {counted(total, 'span')} ({mine} yours, {total - mine} by other "
                "annotators) will be deleted with it, and their claim attributes and places "
                "in quotes."
            )
        else:
            goes = "No span uses it."
        question = f"Delete the label {label.name} ({label.layer.value})? {goes} "
        question += "Edit > Undo in the main window brings it all back."
        if Confirm.ask(self, "Delete label", question):
            self._edit(RemoveLabel(self.session, label.layer, label.name))

    def _on_guideline_text_changed(self) -> None:
        self._save_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.guideline and event.type() == QEvent.Type.FocusOut:
            self.commit_guideline()
        elif watched is self.parent() and event.type() == QEvent.Type.Close:
            self.close()
        return super().eventFilter(watched, event)

    def _on_finished(self, result: int) -> None:
        self.commit_guideline()
        if self._subscribed:
            self._subscribed = False
            self.session.unsubscribe(self._on_session_changed)

    @classmethod
    def ask(cls, parent: QWidget, session: Session, push: Push) -> SchemeEditorDialog:
        """Show the editor for ``session`` (the one already open for it, if any) and return it."""
        for dialog in parent.findChildren(SchemeEditorDialog):
            if dialog.session is session and dialog.isVisible():
                dialog.setWindowState(dialog.windowState() & ~Qt.WindowState.WindowMinimized)
                dialog.activateWindow()  # window managers raise the window they activate
                return dialog
            dialog.close()
        dialog = cls(session, push, parent)
        dialog.show()
        return dialog

    @classmethod
    def close_all(cls, parent: QWidget) -> None:
        """Close the editors of ``parent`` (saving a pending guideline edit): call it before
        the session they edit is closed."""
        for dialog in parent.findChildren(SchemeEditorDialog):
            dialog.close()


def _is_cue(label: Label) -> bool:
    return label.layer is Layer.QUOTE and label.name == CUE_LABEL
