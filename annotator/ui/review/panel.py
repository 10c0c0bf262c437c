"""The Review tab's widgets: the list of the open document's disagreements (a thin model over
``core.review``'s items with their decisions), the pair and filter pickers, the counts, the
comment field, the edit panel and the decision buttons."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.agreement import LAYERS
from annotator.core.decisions import Decision
from annotator.core.model import Layer
from annotator.core.review import KIND_NAMES, Disagreement, Kind, describe
from annotator.ui.common import plain
from annotator.ui.common.models import ROOT, Index
from annotator.ui.review.editor import EditorPanel
from annotator.ui.review.overlay import LEGEND_NAMES, STYLES, Legend

SHORT_NAMES = LEGEND_NAMES  # the list says each type as the legend does


class DisagreementListModel(QAbstractListModel):
    """One row per shown disagreement: type, layer, both sides, and the decision if any."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[Disagreement] = []
        self.decided: dict[str, Decision] = {}

    def reset(self, items: list[Disagreement], decided: dict[str, Decision]) -> None:
        self.beginResetModel()
        self.items, self.decided = list(items), dict(decided)
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        decision = self.decided.get(item.key)
        if role == Qt.ItemDataRole.DisplayRole:
            mark = f"✓ {decision.choice.value}  " if decision else ""
            a = _quoted(item.a.text if item.a else "")
            b = _quoted(item.b.text if item.b else "")
            return f"{mark}{SHORT_NAMES[item.kind]} · {item.layer}: {a} / {b}"
        if role == Qt.ItemDataRole.ToolTipRole:
            comment = f"\nComment: {decision.comment}" if decision and decision.comment else ""
            return plain.tooltip(describe(item, 80) + comment)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#777777") if decision else None
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(STYLES[item.kind].color)
        return None


_STALE_TIP = (
    "Decisions on items that are gone (A's or B's work changed since); their gold spans are\n"
    "still in gold: this removes both, one undoable edit, so the items can be decided anew."
)


def _quoted(text: str) -> str:
    if not text:
        return "—"
    flat = " ".join(text.split())
    return f"“{flat if len(flat) <= 28 else flat[:27] + '…'}”"


class ReviewPanel(QWidget):
    def __init__(self, model: DisagreementListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review_panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        grid = QGridLayout()
        grid.setVerticalSpacing(3)
        self.a_combo, self.b_combo = QComboBox(), QComboBox()
        self.layer_filter, self.kind_filter = QComboBox(), QComboBox()
        for name, combo in (
            ("review_a", self.a_combo),
            ("review_b", self.b_combo),
            ("review_layer_filter", self.layer_filter),
            ("review_kind_filter", self.kind_filter),
        ):
            combo.setObjectName(name)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(6)
        self.layer_filter.addItem("All layers", "")
        for layer in LAYERS:
            self.layer_filter.addItem(Layer(layer).heading, layer)
        self.kind_filter.addItem("All types", "")
        for kind in Kind:
            self.kind_filter.addItem(KIND_NAMES[kind], kind.value)
        grid.addWidget(QLabel("A"), 0, 0)
        grid.addWidget(self.a_combo, 0, 1)
        grid.addWidget(QLabel("B"), 0, 2)
        grid.addWidget(self.b_combo, 0, 3)
        grid.addWidget(QLabel("Show"), 1, 0)
        grid.addWidget(self.layer_filter, 1, 1)
        grid.addWidget(self.kind_filter, 1, 2, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)
        counts = QHBoxLayout()
        self.shown = QLabel()
        self.shown.setObjectName("review_shown")
        self.shown.setTextFormat(Qt.TextFormat.PlainText)
        self.accept_agreements = QPushButton("Accept agreements")
        self.accept_agreements.setObjectName("review_accept_agreements_button")
        self.accept_agreements.setToolTip("Accept every agreement into gold (Ctrl+Shift+Enter)")
        counts.addWidget(self.shown, 1)
        counts.addWidget(self.accept_agreements)
        layout.addLayout(counts)
        self.drop_stale = QPushButton()  # shown only while there are stale decisions
        self.drop_stale.setObjectName("review_drop_stale_button")
        self.drop_stale.setToolTip(_STALE_TIP)
        self.drop_stale.hide()
        layout.addWidget(self.drop_stale)
        self.list = QListView()
        self.list.setObjectName("review_list")
        self.list.setModel(model)
        self.list.setUniformItemSizes(True)
        self.list.setMinimumHeight(4 * (self.list.fontMetrics().height() + 4))
        layout.addWidget(self.list, 1)
        self.legend = Legend()
        layout.addWidget(self.legend)
        self.comment = QLineEdit()
        self.comment.setObjectName("review_comment")
        self.comment.setPlaceholderText("Comment on this decision (Enter saves)")
        self.comment.setClearButtonEnabled(True)
        layout.addWidget(self.comment)
        self.editor = EditorPanel()
        layout.addWidget(self.editor)
        self.decide_buttons = QWidget()  # hidden while editing: Enter / Esc decide then
        buttons = QHBoxLayout(self.decide_buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(3)
        self.accept_a = QPushButton("1 A")
        self.accept_b = QPushButton("2 B")
        self.both = QPushButton("3 Both")
        self.edit = QPushButton("4 Edit")
        self.reject = QPushButton("0 Reject")
        for button, tip in (
            (self.accept_a, "Accept A's side into gold (1)"),
            (self.accept_b, "Accept B's side into gold (2)"),
            (self.both, "Accept both sides into gold (3)"),
            (self.edit, "Edit a side, then accept it (4; 4 again: the other side)"),
            (self.reject, "Reject both sides (0)"),
        ):
            button.setToolTip(tip)
            button.setMinimumWidth(44)  # narrower than the style's default minimum
            buttons.addWidget(button)
        layout.addWidget(self.decide_buttons)

    def show_editor(self, on: bool) -> None:
        """While a candidate is edited its panel takes the place of the legend and buttons."""
        self.editor.setVisible(on)
        self.legend.setVisible(not on)
        self.decide_buttons.setVisible(not on)
