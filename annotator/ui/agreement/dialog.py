"""The agreement dialog: two annotators' figures per label, confusion, documents, pairs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.app.agreement import compare_pair, detail_lines, every_pair, named
from annotator.core.agreement.records import (
    LAYERS,
    Agreement,
    DocumentScore,
    LabelScores,
    LayerScores,
)
from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME, Annotator

# The command line's gathering and text (``app.agreement``) are used as they are, so the
# window and `annotator agreement` compare exactly the same things and say them alike.
from annotator.core.wording import counted
from annotator.session import Session
from annotator.ui.agreement.heatmap import Heatmap
from annotator.ui.common import plain
from annotator.ui.common.dialogs import Notice
from annotator.ui.common.models import ID_ROLE, Index, RowsTableModel
from annotator.ui.common.views import ProjectView, ask_save_path, table_view

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LAYER_CHOICES = {"All layers": None, "Entities": "entity", "Quotes": "quote", "Claims": "claim"}
UNITS_NOTE = (
    "Exact: same start, end and label. Overlap: sharing at least one character, same label. "
    "Kappa (Cohen's) and alpha (Krippendorff's, nominal) compare the label of every token "
    "(a word, or one punctuation mark or symbol) of the documents compared; a label's row "
    "compares “this label or not”. — means undefined (nothing to compare, or one category only)."
)
CONFUSION_NOTE = (
    "Rows: A's label, columns: B's label, for spans of the layer matched by overlap whatever "
    "their label; — is the other side of a span nobody matched. The outlined diagonal is agreement."
)


def fmt(value: float | None) -> str:
    """A figure as the tables show it: two decimals, "—" where it is undefined."""
    return "—" if value is None else f"{value:.2f}"


_ScoreRow = tuple[str, str | None, LayerScores | LabelScores]  # layer, label (None: the layer)


class LabelScoresModel(RowsTableModel):
    """One row per layer, then one per label of that layer."""

    TIPS = {
        "Layer / label": "Layer (bold) and its labels",
        "A spans": "Spans of annotator A (the reference)",
        "B spans": "Spans of annotator B",
        "Exact F1": "F1 of spans with the same start, end and label",
        "Overlap F1": "F1 of spans that share a character and have the same label",
        "Kappa": "Cohen's kappa over tokens",
        "Alpha": "Krippendorff's alpha (nominal) over tokens",
        "Tokens": "Tokens compared (every token of every document compared)",
    }
    COLUMNS = tuple(TIPS)

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[_ScoreRow] = []

    def reset(self, layers: Sequence[LayerScores]) -> None:
        self.beginResetModel()
        self._rows = []
        for layer in layers:
            self._rows.append((layer.layer, None, layer))
            self._rows += [(layer.layer, s.label, s) for s in layer.labels]
        self.endResetModel()

    def cells(self, row: int) -> tuple[str, ...]:
        layer, label, s = self._rows[row]
        name = layer if label is None else f"    {label}"
        figures = (fmt(s.exact.f1), fmt(s.overlap.f1), fmt(s.kappa), fmt(s.alpha))
        return (name, str(s.exact.a), str(s.exact.b), *figures, str(s.tokens))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        (layer, label, _), col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(index.row())[col]
        if role == Qt.ItemDataRole.FontRole and label is None:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return plain.tooltip(layer if label is None else f"{layer}: {label}")
        return None

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.TIPS[self.COLUMNS[section]]
        return super().headerData(section, orientation, role)


class DocumentScoresModel(RowsTableModel):
    """Documents compared, least overlap F1 first (those with nothing to compare last)."""

    COLUMNS = ("Document", "Overlap F1", "Exact F1", "A spans", "B spans")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[DocumentScore] = []

    def reset(self, documents: Sequence[DocumentScore]) -> None:
        self.beginResetModel()
        self._rows = sorted(
            documents, key=lambda d: (d.overlap.f1 is None, d.overlap.f1 or 0.0, d.title)
        )
        self.endResetModel()

    def document_id(self, row: int) -> str:
        return self._rows[row].id

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        d, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            o, e = d.overlap, d.exact
            return (d.title, fmt(o.f1), fmt(e.f1), str(o.a), str(o.b))[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain.tooltip(f"{d.title}\nDouble-click to open it in the window.")
        if role == ID_ROLE:
            return d.id
        return None


class PicturePathDialog:
    @classmethod
    def ask(cls, parent: QWidget, suggested: Path) -> Path | None:
        return ask_save_path(parent, "Save picture", suggested, "PNG pictures", ".png")


def _text(name: str, text: str = "", wrap: bool = True) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)  # annotator names, titles: their characters
    label.setText(text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _page(*parts: QWidget | QHBoxLayout) -> QWidget:
    """A tab page of ``parts`` top to bottom, the table or picture among them taking the room."""
    page = QWidget()
    box = QVBoxLayout(page)
    for part in parts:
        if isinstance(part, QHBoxLayout):
            box.addLayout(part)
        elif isinstance(part, Heatmap):
            area = QScrollArea()
            area.setWidgetResizable(True)
            area.setWidget(part)
            box.addWidget(area, 1)
        else:
            box.addWidget(part, 1 if isinstance(part, QTableView) else 0)
    return page


class AgreementDialog(ProjectView):
    """How far two annotators agree on the open project, recomputed when the pickers or the
    project change. Non-modal: a double-click on a document asks the window to show it."""

    document_requested = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("agreement_dialog")
        self.setWindowTitle("Agreement")
        self.setMinimumSize(760, 540)  # the figures table keeps a few rows in view
        self.resize(980, 700)
        self.agreement: Agreement | None = None  # the figures shown (QDialog has result())
        self.names = ("", "")  # A's and B's names as the figures were computed
        self.labels_model = LabelScoresModel()
        self.documents_model = DocumentScoresModel()
        self._build()
        self._connect_signals()
        self.refresh()

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        pickers = QHBoxLayout()
        self.a_combo, self.b_combo, self.layer_combo = QComboBox(), QComboBox(), QComboBox()
        self.swap_button = QPushButton("S&wap A and B")
        for combo, name, text in (
            (self.a_combo, "agreement_a", "&A (reference):"),
            (self.b_combo, "agreement_b", "&B:"),
            (self.layer_combo, "agreement_layer", "&Layer:"),
        ):
            combo.setObjectName(name)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            label = QLabel(text)
            label.setBuddy(combo)
            pickers.addWidget(label)
            pickers.addWidget(combo)
            if combo is self.b_combo:
                pickers.addWidget(self.swap_button)
                pickers.addSpacing(24)
        for text, layer in LAYER_CHOICES.items():
            self.layer_combo.addItem(text, layer)
        pickers.addStretch(1)
        layout.addLayout(pickers)
        self.summary = _text("agreement_summary")
        layout.addWidget(self.summary)
        self.message = _text("agreement_message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.message.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.message.setFont(font)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("agreement_tabs")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.tabs)
        layout.addWidget(self.stack, 1)
        self._build_tabs()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _build_tabs(self) -> None:
        self.labels_table = table_view("agreement_labels", self.labels_model)
        self.details = _text("agreement_details")
        note = _text("agreement_units", UNITS_NOTE)
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.tabs.addTab(_page(self.labels_table, self.details, note), "Labels")

        row = QHBoxLayout()
        self.confusion_layer = QComboBox()
        self.confusion_layer.setObjectName("agreement_confusion_layer")
        label = QLabel("Confusion of labels in la&yer:")
        label.setBuddy(self.confusion_layer)
        self.save_button = QPushButton("&Save picture…")
        self.save_button.setObjectName("agreement_save_picture")
        self.saved = _text("agreement_saved", wrap=False)
        for widget in (label, self.confusion_layer, self.save_button, self.saved):
            row.addWidget(widget)
        row.addStretch(1)
        self.heatmap = Heatmap()
        self.tabs.addTab(
            _page(row, _text("agreement_confusion_hint", CONFUSION_NOTE), self.heatmap),
            "Confusion",
        )

        self.documents_table = table_view("agreement_documents", self.documents_model)
        hint = "Least agreement first. Double-click a document to open it in the window."
        self.tabs.addTab(_page(_text("", hint), self.documents_table), "Documents")

        self.pairwise_heatmap = Heatmap()
        self.pairwise_heatmap.setObjectName("pairwise_heatmap")
        hint = (
            "Overlap F1 of every pair of annotators with spans, on the documents both started "
            "(grey: the same annotator, or no document in common)."
        )
        self.pairwise_tab = self.tabs.addTab(
            _page(_text("", hint), self.pairwise_heatmap), "Pairwise"
        )

    def _connect_signals(self) -> None:
        self.a_combo.currentIndexChanged.connect(self._on_picker_changed)
        self.b_combo.currentIndexChanged.connect(self._on_picker_changed)
        self.layer_combo.currentIndexChanged.connect(self._on_layer_combo_changed)
        self.swap_button.clicked.connect(self._on_swap_button_clicked)
        self.confusion_layer.currentIndexChanged.connect(self._on_confusion_layer_changed)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.documents_table.doubleClicked.connect(self._on_documents_table_double_clicked)

    # -- state -----------------------------------------------------------------------------

    def annotator_a(self) -> Annotator | None:
        return self._chosen(self.a_combo)

    def annotator_b(self) -> Annotator | None:
        return self._chosen(self.b_combo)

    def _chosen(self, combo: QComboBox) -> Annotator | None:
        value = combo.currentData()
        return value if isinstance(value, Annotator) else None

    def layers(self) -> tuple[str, ...]:
        layer = self.layer_combo.currentData()
        return LAYERS if layer is None else (layer,)

    def choose(self, a: str | None = None, b: str | None = None, layer: str | None = None) -> None:
        """Pick annotators by id and the layer filter ("" for all) as the user would."""
        for combo, value in ((self.a_combo, a), (self.b_combo, b)):
            if value is not None:
                ids = [combo.itemData(i).id for i in range(combo.count())]
                combo.setCurrentIndex(ids.index(value))
        if layer is not None:
            self.layer_combo.setCurrentIndex(self.layer_combo.findData(layer or None))

    def refresh(self) -> None:
        """The pickers from the project (keeping the choice), then the figures."""
        counts = self.session.span_counts()
        people = [a for a in self.session.visible_annotators() if not a.is_gold]
        gold = Annotator(GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME)
        choices = people + ([gold] if counts.get(gold.id) else [])
        busiest = sorted(people, key=lambda a: -counts.get(a.id, 0))  # stable: project order
        ranked: list[Annotator | None] = [*busiest, None, None]
        defaults = ranked[0], ranked[1] if len(busiest) > 1 else ranked[0]
        names = self.session.annotator_names()  # namesakes told apart: "blanca [3f2a]"
        for combo, default in zip((self.a_combo, self.b_combo), defaults, strict=True):
            keep = self._chosen(combo) or default
            combo.blockSignals(True)
            combo.clear()
            for who in choices:
                shown = "gold (reviewed)" if who.is_gold else names.get(who.id, who.name)
                n = counts.get(who.id, 0)
                combo.addItem(f"{shown} · {counted(n, 'span')}", who)
            ids = [c.id for c in choices]
            combo.setCurrentIndex(ids.index(keep.id) if keep is not None and keep.id in ids else -1)
            combo.blockSignals(False)
        self._update_pairwise()
        self.recompute()

    def recompute(self) -> None:
        """The figures of A and B, from the project as it is now."""
        a, b, layers = self.annotator_a(), self.annotator_b(), self.layers()
        self.agreement = None
        if a is None or b is None:
            self._say("", "This project has no annotators' work to compare yet.")
            return
        if a.id == b.id:
            self._say("", "Choose two different annotators as A and B.")
            return
        result, skipped = compare_pair(self.session, a, b, layers)
        a, b = named(self.session, a), named(self.session, b)  # as the pickers name them
        n = len(result.documents)
        summary = f"A, the reference: {a.name}   ·   B: {b.name}   ·   "
        summary += f"{counted(n, 'document')} compared (both started)"
        only = [f"{s['title']} (only {s['started_by']})" for s in skipped]
        if only:
            summary += f"   ·   {len(only)} not compared: started by one of them only"
        self.summary.setToolTip(plain.tooltip("Not compared:\n" + "\n".join(only)) if only else "")
        if not n:
            mine = sum(s["started_by"] == a.name for s in skipped)
            self._say(
                summary,
                f"Nothing to compare: no document was started by both {a.name} and {b.name}\n"
                f"({a.name} started {mine}, {b.name} {len(skipped) - mine}; a document counts "
                "as started once it has a status or a span).",
            )
            return
        self.agreement = result
        self.names = (a.name, b.name)
        self.summary.setText(summary)
        self.labels_model.reset(self.agreement.layers)
        self.documents_model.reset(self.agreement.documents)
        self.details.setText("\n".join(self._detail_lines(self.agreement)))
        self._fill_confusion_layers()
        self.stack.setCurrentWidget(self.tabs)

    def _say(self, summary: str, message: str) -> None:
        self.summary.setText(summary)
        self.message.setText(message)
        self.labels_model.reset([])
        self.documents_model.reset([])
        self.stack.setCurrentWidget(self.message)

    @staticmethod
    def _detail_lines(result: Agreement) -> list[str]:
        """The report's lines on quotes, claims and entities, as a sentence each."""
        return [line[0].upper() + line[1:] for line in detail_lines(result)]

    def _fill_confusion_layers(self) -> None:
        assert self.agreement is not None
        keep = self.confusion_layer.currentData()
        names = [layer.layer for layer in self.agreement.layers]
        self.confusion_layer.blockSignals(True)
        self.confusion_layer.clear()
        for name in names:
            self.confusion_layer.addItem(name, name)
        self.confusion_layer.setCurrentIndex(names.index(keep) if keep in names else 0)
        self.confusion_layer.setEnabled(len(names) > 1)
        self.confusion_layer.blockSignals(False)
        self._on_confusion_layer_changed()

    def confusion_scores(self) -> LayerScores | None:
        """The scores of the layer the heatmap shows."""
        name = self.confusion_layer.currentData()
        layers = self.agreement.layers if self.agreement is not None else ()
        return next((layer for layer in layers if layer.layer == name), None)

    def _update_pairwise(self) -> None:
        """The pairwise tab, shown when more than two annotators (gold too) have spans."""
        counts = self.session.span_counts()
        if sum(1 for n in counts.values() if n) <= 2:
            self.tabs.setTabVisible(self.pairwise_tab, False)
            return
        matrix = every_pair(self.session, self.layers())
        names = matrix.annotators
        cells = {(r, c): matrix.f1[r][c] for r in names for c in names}
        titles = {"row_title": "Annotator", "col_title": "Overlap F1 with"}
        self.pairwise_heatmap.set_matrix(names, names, cells, **titles, maximum=1.0, decimals=2)
        self.tabs.setTabVisible(self.pairwise_tab, True)

    # -- slots -----------------------------------------------------------------------------

    def _on_picker_changed(self, index: int) -> None:
        self.recompute()

    def _on_layer_combo_changed(self, index: int) -> None:
        self._update_pairwise()
        self.recompute()

    def _on_swap_button_clicked(self) -> None:
        a, b = self.a_combo.currentIndex(), self.b_combo.currentIndex()
        self.a_combo.blockSignals(True)
        self.a_combo.setCurrentIndex(b)
        self.a_combo.blockSignals(False)
        self.b_combo.setCurrentIndex(a)

    def _on_confusion_layer_changed(self, index: int = -1) -> None:
        scores = self.confusion_scores()
        if scores is not None:
            self.heatmap.show_confusion(scores.confusion, *self.names)
        self.saved.setText("")

    def _on_save_button_clicked(self) -> None:
        scores = self.confusion_scores()
        layer = scores.layer if scores is not None else "confusion"
        a, b = ("-".join(n.split()) for n in self.names)
        suggested = self.session.path.parent / f"confusion-{layer}-{a}-{b}.png"
        path = PicturePathDialog.ask(self, suggested)
        if path is None:
            return
        try:
            self.session.refuse_output(path)
        except AnnotatorError as exc:
            Notice.show(self, "Save picture", str(exc), error=True)
            return
        if self.heatmap.render_png(path):
            self.saved.setText(f"Saved {path.name}")
        else:
            Notice.show(self, "Save picture", f"Could not write {path}.", error=True)

    def _on_documents_table_double_clicked(self, index: QModelIndex) -> None:
        self.document_requested.emit(self.documents_model.document_id(index.row()))

    def project_changed(self) -> None:
        self.refresh()
