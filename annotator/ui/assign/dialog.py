"""The Assign and Reassign dialogs. Assign: names, overlap share, annotators per overlap
document, seed, whether to assign every document anew; a preview of each annotator's documents
before anything is written. Reassign: one annotator's documents (the shown one, or all) to
another. Apply hands back what was worked out (``app.assign``): the caller makes it as one
undoable edit. The assignment's preview is worked out on a thread of its own (seconds at
100,000 documents), so the dialog never waits for it."""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.app.assign import (
    SEEDS,
    Assignment,
    Move,
    made_on,
    prepare_assignment,
    prepare_reassignment,
    shortfall,
)
from annotator.core.assignment import Summary, TeamRow, split_names
from annotator.core.errors import AnnotatorError
from annotator.core.wording import counted
from annotator.session import Session
from annotator.session.assignments import OVERLAP, PER_DOC, SEED
from annotator.ui.common.models import Index, RowsTableModel
from annotator.ui.common.reading import LatestReading, Reading

PREVIEW_DELAY_MS = 250  # typing pauses this long before the preview is worked out again
WORKING = "Working the assignment out…"


class PreviewModel(RowsTableModel):
    """Each annotator's documents as the assignment would leave them: before, after, of them
    in the overlap."""

    COLUMNS = ("Annotator", "Documents now", "After", "In the overlap")

    _rows: list[tuple[str, int, TeamRow]]

    def __init__(self) -> None:
        super().__init__()
        self._rows = []

    def show(self, before: Summary, after: Summary, names: dict[str, str]) -> None:
        now = {r.name: r.documents for r in before.rows}
        self.beginResetModel()
        self._rows = [(names.get(r.name, r.name), now.get(r.name, 0), r) for r in after.rows]
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        shown, now, row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (shown, now, row.documents, row.overlap)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class Previewing(Reading):
    """Working an assignment out (``app.assign.prepare_assignment``, nothing written) on a
    reader's session: ``done`` carries the ``Assignment``, ``failed`` why it cannot be made."""

    _left: ClassVar[set[Reading]] = set()  # (previews closed before they ended)

    def __init__(
        self,
        session: Session,
        names: list[str],
        *,
        overlap: float,
        per_doc: int,
        seed: int,
        replace: bool,
    ) -> None:
        super().__init__(
            session.reader(),
            lambda reader: prepare_assignment(
                reader, names, overlap=overlap, per_doc=per_doc, seed=seed, replace=replace
            ),
        )


class AssignDialog(QDialog):
    """The preview is worked out on a ``Previewing`` (the latest asked for: one running is
    interrupted by the next); Apply is enabled once the fields as they are are worked out."""

    def __init__(self, parent: QWidget | None, session: Session) -> None:
        super().__init__(parent)
        self.setObjectName("assign_dialog")
        self.setWindowTitle("Assign documents")
        self.session = session
        self.assignment: Assignment | None = None
        self._previews = LatestReading(self._previewing, self)
        team = session.assignments
        self.names_edit = QLineEdit(", ".join(team.names()))
        self.names_edit.setObjectName("assign_names")
        self.names_edit.setPlaceholderText("alice, bob, carol")
        self.overlap = QDoubleSpinBox()
        self.overlap.setObjectName("assign_overlap")
        self.overlap.setRange(0.0, 1.0)
        self.overlap.setSingleStep(0.05)
        self.overlap.setDecimals(2)
        self.overlap.setValue(float(team.setting(OVERLAP, "0.2") or 0.2))
        self.per_doc = QSpinBox()
        self.per_doc.setObjectName("assign_per_doc")
        self.per_doc.setRange(2, 20)
        self.per_doc.setValue(int(team.setting(PER_DOC, "2") or 2))
        self.seed = QSpinBox()
        self.seed.setObjectName("assign_seed")
        self.seed.setRange(0, SEEDS - 1)
        stored = team.setting(SEED)
        self.seed.setValue(int(stored) if stored.isdigit() else secrets.randbelow(SEEDS))
        self.new_seed = QPushButton("New seed")
        self.new_seed.setObjectName("assign_new_seed")
        self.replace = QCheckBox("Assign every document anew (else only those nobody has)")
        self.replace.setObjectName("assign_replace")
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed, 1)
        seed_row.addWidget(self.new_seed)
        form = QFormLayout()
        form.addRow("Annotators:", self.names_edit)
        form.addRow("Overlap share:", self.overlap)
        form.addRow("Annotators per overlap document:", self.per_doc)
        form.addRow("Seed:", seed_row)
        form.addRow("", self.replace)
        self.model = PreviewModel()
        self.table = QTableView()
        self.table.setObjectName("assign_preview")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.summary, self.buttons, self.apply_button = _footer("assign")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Preview:"))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.resize(620, 520)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._connect_signals()
        self.preview()

    def _connect_signals(self) -> None:
        self.names_edit.textChanged.connect(self._on_input_changed)
        self.overlap.valueChanged.connect(self._on_input_changed)
        self.per_doc.valueChanged.connect(self._on_input_changed)
        self.seed.valueChanged.connect(self._on_input_changed)
        self.replace.toggled.connect(self._on_input_changed)
        self.new_seed.clicked.connect(self._on_new_seed_clicked)
        self._timer.timeout.connect(self.preview)
        self._previews.done.connect(self._on_previews_done)
        self._previews.failed.connect(self._on_previews_failed)
        self.buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self._on_apply_clicked)

    def _on_input_changed(self, *_: object) -> None:
        self.apply_button.setEnabled(False)  # until the preview says what Apply makes
        self._timer.start()

    def _on_new_seed_clicked(self) -> None:
        self.seed.setValue(secrets.randbelow(SEEDS))

    def previewing(self) -> bool:
        """Whether the preview is being worked out (or waits for typing to pause)."""
        return self._previews.running() or self._timer.isActive()

    def preview(self) -> None:
        """Work the assignment out from the fields (nothing written), in a thread, and show
        its counts when it is."""
        self._timer.stop()
        self.assignment = None
        self.apply_button.setEnabled(False)
        self.summary.setText(WORKING)
        self._previews.start()

    def _previewing(self) -> Previewing:
        """(Made when none runs: from the fields as they are then.)"""
        return Previewing(
            self.session,
            split_names(self.names_edit.text()),
            overlap=self.overlap.value(),
            per_doc=self.per_doc.value(),
            seed=self.seed.value(),
            replace=self.replace.isChecked(),
        )

    def _on_previews_done(self, made: Assignment, took: float) -> None:
        made = self.assignment = made_on(made, self.session)
        self.model.show(made.before, made.after, self.session.assignments.shown_names())
        self.summary.setText(_said(made))
        self.apply_button.setEnabled(not made.empty)

    def _on_previews_failed(self, why: str) -> None:
        self.model.clear()
        self.summary.setText(why)

    def _on_apply_clicked(self) -> None:
        if self.previewing():
            return  # (Apply makes what the fields say: once worked out)
        if self.assignment is not None and not self.assignment.empty:
            self.accept()

    def done(self, result: int) -> None:
        """Closed (applied or not): a preview being worked out ends alone, unheard."""
        self._previews.close()
        super().done(result)

    @classmethod
    def ask(cls, parent: QWidget | None, session: Session) -> Assignment | None:
        """The assignment to make, or None (cancelled)."""
        dialog = cls(parent, session)
        return dialog.assignment if dialog.exec() == QDialog.DialogCode.Accepted else None


def _footer(name: str) -> tuple[QLabel, QDialogButtonBox, QPushButton]:
    """What Apply would do (plain text, wrapped), Apply and Cancel; named ``name``_..."""
    summary = QLabel()
    summary.setObjectName(f"{name}_summary")
    summary.setTextFormat(Qt.TextFormat.PlainText)
    summary.setWordWrap(True)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel
    )
    apply_button = buttons.button(QDialogButtonBox.StandardButton.Apply)
    apply_button.setObjectName(f"{name}_apply")
    return summary, buttons, apply_button


def _said(made: Assignment) -> str:
    """The preview in words: what Apply does, the pairs, what falls short."""
    if made.empty:
        return "Every document is assigned already: tick “Assign every document anew”."
    new = counted(len(made.plan.assignments), "document")
    shared = len(made.plan.overlap_documents)
    lines = [
        f"Apply assigns {new} to {counted(len(made.names), 'annotator')}, {shared} of them "
        f"to {made.per_doc} annotators each"
        + (f", replacing {counted(made.replaced, 'earlier assignment')}." if made.replaced else ".")
    ]
    pairs = made.after.shared
    if pairs:
        lines.append(
            "Pairs sharing documents: " + ", ".join(f"{a}+{b} {n}" for (a, b), n in pairs.items())
        )
    note = shortfall(made)
    if note:
        lines.append(note[0].upper() + note[1:] + ".")
    return "\n".join(lines)


class ReassignDialog(QDialog):
    """Documents of one annotator to another: the shown document only, or all of theirs (one
    who left); documents they marked done stay theirs unless asked. Apply hands back the
    reassignment worked out (``app.assign``)."""

    def __init__(self, parent: QWidget | None, session: Session, document_id: str | None) -> None:
        super().__init__(parent)
        self.setObjectName("reassign_dialog")
        self.setWindowTitle("Reassign documents")
        self.session, self.document_id = session, document_id
        self.moving: Move | None = None
        shown = session.assignments.shown_names()
        self.source = QComboBox()
        self.source.setObjectName("reassign_from")
        on_document = session.assignments.by_document([document_id] if document_id else [])
        first = on_document.get(document_id or "", [])
        for name in sorted(session.assignments.names(), key=lambda n: (n not in first, n)):
            self.source.addItem(shown.get(name, name), name)
        self.target = QLineEdit()
        self.target.setObjectName("reassign_to")
        self.target.setPlaceholderText("a name: dave")
        self.only_this = QCheckBox("Only the document shown")
        self.only_this.setObjectName("reassign_only_this")
        self.only_this.setChecked(bool(first))
        self.only_this.setEnabled(document_id is not None)
        self.include_done = QCheckBox("Documents they marked done too (else they stay theirs)")
        self.include_done.setObjectName("reassign_include_done")
        form = QFormLayout()
        form.addRow("From:", self.source)
        form.addRow("To:", self.target)
        form.addRow("", self.only_this)
        form.addRow("", self.include_done)
        self.summary, self.buttons, self.apply_button = _footer("reassign")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.buttons)
        self.resize(520, 260)
        for signal in (
            self.source.currentIndexChanged,
            self.target.textChanged,
            self.only_this.toggled,
            self.include_done.toggled,
        ):
            signal.connect(self._on_input_changed)
        self.buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self._on_apply_clicked)
        self.preview()

    def _on_input_changed(self, *_: object) -> None:
        self.preview()

    def preview(self) -> None:
        """Work the reassignment out (nothing written) and say what Apply does."""
        self.moving = None
        source = self.source.currentData()
        if not source or not self.target.text().strip():
            self.summary.setText("Choose whose documents move, and type who takes them.")
            self.apply_button.setEnabled(False)
            return
        only = [self.document_id] if self.only_this.isChecked() and self.document_id else None
        try:
            move = prepare_reassignment(
                self.session,
                source,
                self.target.text(),
                documents=only,
                include_done=self.include_done.isChecked(),
            )
        except AnnotatorError as exc:
            self.summary.setText(str(exc))
            self.apply_button.setEnabled(False)
            return
        decided = move.decided
        lines = [
            f"Apply moves {counted(len(decided.remove), 'document')} from {move.source} to "
            f"{move.target}."
        ]
        if decided.kept:
            lines.append(
                f"{counted(len(decided.kept), 'document')} {move.source} marked done stay."
            )
        if decided.merged:
            lines.append(f"{move.target} has {counted(len(decided.merged), 'of them')} already.")
        self.summary.setText("\n".join(lines))
        self.moving = move
        self.apply_button.setEnabled(bool(decided.remove))

    def _on_apply_clicked(self) -> None:
        if self.moving is not None and self.moving.decided.remove:
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, session: Session, document_id: str | None) -> Move | None:
        """The reassignment to make, or None (cancelled)."""
        dialog = cls(parent, session, document_id)
        return dialog.moving if dialog.exec() == QDialog.DialogCode.Accepted else None
