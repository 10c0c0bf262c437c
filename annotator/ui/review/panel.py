"""The Review tab's widgets: the list of the open document's disagreements (a thin model over
``core.review``'s items with their decisions), the pair and filter pickers, the counts, the
comment field, the edit panel and the decision buttons."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.agreement.records import LAYERS
from annotator.core.decisions import Decision
from annotator.core.model import Layer
from annotator.core.review import KIND_NAMES, Disagreement, Kind, Side, describe
from annotator.ui.common import plain
from annotator.ui.common.models import ROOT, Index
from annotator.ui.review.editor import EditorPanel
from annotator.ui.review.overlay import LEGEND_NAMES, STYLES, Legend

SHORT_NAMES = LEGEND_NAMES  # the list says each type as the legend does


KIND_ROLE = Qt.ItemDataRole.UserRole + 10  # the row's first column: type and layer
SIDE_A_ROLE = Qt.ItemDataRole.UserRole + 11  # A's side in words
SIDE_B_ROLE = Qt.ItemDataRole.UserRole + 12  # B's side in words
CHOICE_ROLE = Qt.ItemDataRole.UserRole + 13  # "✓ b" once decided, else ""


class DisagreementListModel(QAbstractListModel):
    """One row per shown disagreement: its type and layer, A's side and B's side (label and
    text, the speaker or attribute values where those differ), and the decision if any. The
    display text holds all of it on three lines; ``ItemDelegate`` lays it out in two."""

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
        choice = f"✓ {decision.choice.value}" if decision else ""
        if role == KIND_ROLE:
            return f"{SHORT_NAMES[item.kind]} · {item.layer}"
        if role == SIDE_A_ROLE:
            return side_words(item.a, item.kind)
        if role == SIDE_B_ROLE:
            return side_words(item.b, item.kind)
        if role == CHOICE_ROLE:
            return choice
        if role == Qt.ItemDataRole.DisplayRole:
            head = f"{SHORT_NAMES[item.kind]} · {item.layer}" + (f" · {choice}" if choice else "")
            return f"{head}\nA: {side_words(item.a, item.kind)}\nB: {side_words(item.b, item.kind)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            comment = f"\nComment: {decision.comment}" if decision and decision.comment else ""
            return plain.tooltip(describe(item, 80) + comment)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(DECIDED_TEXT) if decision else None
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(STYLES[item.kind].color)
        return None


DECIDED_TEXT = "#6b6b6b"  # decided rows: still 5:1 on white, so they stay readable


def side_words(side: Side | None, kind: Kind) -> str:
    """One side as the list says it, what differs first: ``PERSON ‘Sergei Lavrov’``,
    ``speaker Zelenskyy · ‘…’``, ``check-worthy, false · ‘…’``; "nothing" for no side."""
    if side is None:
        return "nothing"
    text = _quoted(side.text)
    if kind is Kind.SPEAKER and side.quote is not None:
        q = side.quote
        speaker = (q.speaker_names[0] if q.speaker_names else "") or q.speaker_text or "none"
        return f"speaker {speaker} · {text}"
    if kind is Kind.CLAIM_ATTRIBUTE and side.claim is not None:
        c = side.claim
        return f"{c.check_worthiness.replace('_', '-')}, {c.verdict} · {text}"
    return f"{side.label} {text}"


class ItemDelegate(QStyledItemDelegate):
    """A disagreement in two lines: its type (a bar of its colour, its short name) and the
    decision on the left; A's side on the first line, B's on the second, each cut to fit."""

    KIND_WIDTH = 74  # px for the type column ("attribute", "✓ reject")

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        return QSize(option.rect.width(), 2 * option.fontMetrics.lineSpacing() + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.icon = QIcon()
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Normal
        if selected:
            color = opt.palette.color(group, QPalette.ColorRole.HighlightedText)
        else:
            color = index.data(Qt.ItemDataRole.ForegroundRole) or opt.palette.color(
                group, QPalette.ColorRole.Text
            )
        rect = opt.rect.adjusted(0, 4, -4, -4)
        fm = opt.fontMetrics
        line = fm.lineSpacing()
        painter.save()
        bar = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(bar, QColor):
            painter.fillRect(QRect(rect.left() + 2, rect.top(), 4, 2 * line), bar)
        left = rect.left() + 10
        kind_width = self.KIND_WIDTH - 10
        painter.setPen(QColor(color))
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        kind, _, layer = str(index.data(KIND_ROLE) or "").partition(" · ")
        choice = str(index.data(CHOICE_ROLE) or "") or layer
        for row, text in enumerate((kind, choice)):
            box = QRect(left, rect.top() + row * line, kind_width, line)
            painter.drawText(
                box, flags, fm.elidedText(text, Qt.TextElideMode.ElideRight, kind_width)
            )
        x = rect.left() + self.KIND_WIDTH
        width = max(rect.right() - x, 0)
        bold = QFont(opt.font)
        bold.setBold(True)
        tag = QFontMetrics(bold).horizontalAdvance("B ") + 2
        for row, (who, role) in enumerate((("A", SIDE_A_ROLE), ("B", SIDE_B_ROLE))):
            y = rect.top() + row * line
            painter.setFont(bold)
            painter.drawText(QRect(x, y, tag, line), flags, who)
            painter.setFont(opt.font)
            words = fm.elidedText(
                str(index.data(role) or ""), Qt.TextElideMode.ElideRight, width - tag
            )
            painter.drawText(QRect(x + tag, y, width - tag, line), flags, words)
        painter.restore()


_STALE_TIP = (
    "Decisions on items that are gone (A's or B's work changed since); their gold spans are\n"
    "still in gold: this removes both, one undoable edit, so the items can be decided anew."
)


def _quoted(text: str) -> str:
    if not text:
        return "—"
    flat = " ".join(text.split())
    return f"“{flat if len(flat) <= 60 else flat[:59] + '…'}”"


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
        self.queue = QWidget()  # the review queue: shown once documents are assigned
        self.queue.setObjectName("review_queue")
        queue = QHBoxLayout(self.queue)
        queue.setContentsMargins(0, 0, 0, 0)
        self.queue_state = QLabel()
        self.queue_state.setObjectName("review_queue_state")
        self.queue_state.setTextFormat(Qt.TextFormat.PlainText)
        self.previous_ready = QPushButton("Previous")
        self.previous_ready.setObjectName("review_previous_ready_button")
        self.previous_ready.setToolTip("The previous document ready for review (Shift+K)")
        self.next_ready = QPushButton("Next to review")
        self.next_ready.setObjectName("review_next_ready_button")
        self.next_ready.setToolTip(
            "The next document every assignee marked done and gold is not done on (Shift+J)"
        )
        queue.addWidget(self.queue_state, 1)
        queue.addWidget(self.previous_ready)
        queue.addWidget(self.next_ready)
        self.queue.hide()
        layout.addWidget(self.queue)
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
        self.list.setItemDelegate(ItemDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setMinimumHeight(3 * (2 * self.list.fontMetrics().lineSpacing() + 8))
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
