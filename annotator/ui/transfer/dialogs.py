"""Dialogs of export and import: what to export, which file to import, unknown labels; whose
work to bring in, whether to add the documents it has that the project lacks, where to write a
copy to share.

Each has a classmethod ``ask()`` so tests can replace it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QWidget,
)

from annotator.app.transfer import NATIVE, annotation_format
from annotator.core.annotators import display_names
from annotator.core.errors import AnnotatorError
from annotator.core.model import Annotator, Layer
from annotator.core.scheme import Scheme
from annotator.core.wording import counted
from annotator.ui.common.dialogs import finish_form
from annotator.ui.transfer.requests import AddWorkRequest, ExportRequest, ImportRequest

FORMATS = [
    ("native", "Native JSONL (everything: entities, quotes, claims)", ".jsonl"),
    ("doccano", "doccano, sequence labelling JSONL", ".jsonl"),
    ("doccano-relations", "doccano, with relations (quote speakers)", ".jsonl"),
    ("label-studio", "Label Studio tasks JSON", ".json"),
    ("brat", "brat standoff (a folder of .txt + .ann)", ""),
    ("spacy", "spaCy / Prodigy JSONL", ".jsonl"),
    ("conll", "CoNLL, IOB2 tags of the entity layer (.conll)", ".conll"),
    ("spacy-docbin", "spaCy DocBin for spacy train (.spacy)", ".spacy"),
]
ADD = "\u0000add"  # the mapping choice "add this label to the scheme"


class ExportDialog(QDialog):
    def __init__(self, parent: QWidget, annotators: list[Annotator], current: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export annotations")
        self.setMinimumWidth(560)
        form = QFormLayout(self)
        self.format = QComboBox()
        self.format.setObjectName("export_format")
        for key, text, _ in FORMATS:
            self.format.addItem(text, key)
        form.addRow("Format", self.format)
        self.annotators = QListWidget()
        self.annotators.setObjectName("export_annotators")
        names = display_names(annotators)  # namesakes told apart: "blanca [3f2a]"
        for annotator in annotators:
            you = " (you)" if annotator.id == current else ""
            item = QListWidgetItem(f"{names[annotator.id]}{you}")
            item.setData(Qt.ItemDataRole.UserRole, annotator.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if annotator.id == current else Qt.CheckState.Unchecked
            )
            self.annotators.addItem(item)
        form.addRow("Annotators", self.annotators)
        self.only_done = QCheckBox("Only documents marked done")
        form.addRow("", self.only_done)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setObjectName("export_path")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._on_browse_clicked)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow("To", row)
        self.error = finish_form(self, form, self._on_buttons_accepted)

    def _on_browse_clicked(self) -> None:
        key = self.format.currentData()
        if key == "brat":
            chosen = QFileDialog.getExistingDirectory(self, "Export to folder")
        else:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text())
        if chosen:
            self.path.setText(chosen)

    def chosen_ids(self) -> list[str]:
        return [
            str(self.annotators.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.annotators.count())
            if self.annotators.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _on_buttons_accepted(self) -> None:
        if not self.path.text().strip():
            self.error.setText("Choose where to write the export.")
        elif not self.chosen_ids():
            self.error.setText("Choose at least one annotator.")
        else:
            self.accept()

    @classmethod
    def ask(
        cls, parent: QWidget, annotators: list[Annotator], current: str
    ) -> ExportRequest | None:
        dialog = cls(parent, annotators, current)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return ExportRequest(
            Path(dialog.path.text().strip()),
            dialog.chosen_ids(),
            dialog.only_done.isChecked(),
            str(dialog.format.currentData()),
        )


class ImportFileDialog:
    """A native JSONL, doccano, Label Studio or CoNLL file, its format read from its content;
    or a brat ``.ann`` file (with its text beside it, or in ``text/`` beside its folder)."""

    @classmethod
    def ask(cls, parent: QWidget) -> ImportRequest | None:
        path, _ = QFileDialog.getOpenFileName(
            parent,
            "Import annotations",
            "",
            "Annotations (*.jsonl *.json *.zip *.conll *.ann);;brat standoff (*.ann);;"
            "All files (*)",
        )
        if not path:
            return None
        return ImportRequest(Path(path), detect(Path(path)))


class BratFolderDialog:
    """A folder holding a brat corpus (texts and ``.ann`` files, side by side or in folders)."""

    @classmethod
    def ask(cls, parent: QWidget) -> ImportRequest | None:
        path = QFileDialog.getExistingDirectory(parent, "Import a brat corpus (a folder)", "")
        return ImportRequest(Path(path), "brat") if path else None


def detect(path: Path) -> str:
    """The file's format from its content, as the command line reads it (native when it
    cannot tell: the importer then says what is wrong, naming the file)."""
    try:
        return annotation_format(path) or NATIVE
    except (AnnotatorError, OSError, ValueError):
        return NATIVE


class LabelMappingDialog(QDialog):
    """Labels the file uses that the project lacks: add each, or map it onto a label we have."""

    def __init__(
        self, parent: QWidget, missing: list[tuple[str, str, int]], scheme: Scheme
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Labels this project does not have")
        form = QFormLayout(self)
        form.addRow(QLabel("The file uses labels this project does not have yet:"))
        self.choices: dict[str, QComboBox] = {}
        for layer, name, line in missing:
            combo = QComboBox()
            combo.addItem(f"add {name} to the scheme", ADD)
            known = Layer(layer) if layer in {lay.value for lay in Layer} else None
            for label in scheme:
                if known is None or label.layer is known:
                    combo.addItem(f"map to {label.name}", label.name)
            self.choices[name] = combo
            form.addRow(f"{name} ({layer}, first on line {line})", combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def answer(self) -> tuple[bool, dict[str, str]]:
        mapping = {
            name: str(combo.currentData())
            for name, combo in self.choices.items()
            if combo.currentData() != ADD
        }
        return len(mapping) < len(self.choices), mapping

    @classmethod
    def ask(
        cls, parent: QWidget, missing: list[tuple[str, str, int]], scheme: Scheme
    ) -> tuple[bool, dict[str, str]] | None:
        dialog = cls(parent, missing, scheme)
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None


class AddWorkFileDialog:
    """A colleague's project file (never modified) or their native JSONL export."""

    FILTER = "Project files or native JSONL (*.sqlite *.jsonl);;All files (*)"

    @classmethod
    def ask(cls, parent: QWidget) -> AddWorkRequest | None:
        path, _ = QFileDialog.getOpenFileName(
            parent, "Add another annotator's work", "", cls.FILTER
        )
        return AddWorkRequest(Path(path)) if path else None


class AddDocumentsQuestion:
    """The file has documents this project lacks: add them (with their work), or not."""

    @classmethod
    def ask(cls, parent: QWidget, not_found: list[str]) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Documents not in this project",
            f"{counted(len(not_found), 'document')} of the file "
            f"{'is' if len(not_found) == 1 else 'are'} not in this project (no document here "
            "has the same text), so their work was not brought in. Add them to this project, "
            "with that work?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            parent,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setDetailedText("\n".join(not_found))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes


class ShareCopyDialog:
    """Where to write a copy of the project to send to a reviewer."""

    @classmethod
    def ask(cls, parent: QWidget, suggested: Path) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(
            parent, "Share a copy of the project", str(suggested), "Project files (*.sqlite)"
        )
        return Path(path) if path else None
