"""Review mode's side tab: two annotators' disagreements on this document, decided by key.

The list is ``core.review``'s disagreements of the open document; each decision is one undoable
command (``commands_review``) building the gold layer. Keys in the article, while the Review tab
is shown: 1 accept A, 2 accept B, 3 both, 0 reject, J / K next / previous, Ctrl+Shift+Enter
accept all agreements (Shift+Enter already makes a new entity).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.agreement import DocumentPair
from annotator.core.review import Agreed, Disagreement, Side, agreements, disagreements
from annotator.session.decisions import Choice, Decision
from annotator.session.review_input import work_of
from annotator.ui import plain
from annotator.ui.actions import make_action
from annotator.ui.commands_review import AcceptAgreements, Decide

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
COLOR_A = "#1f77b4"  # A's side as a ghost span
COLOR_B = "#d62728"  # B's side


def _quoted(side: Side | None) -> str:
    if side is None:
        return "—"
    flat = " ".join(side.text.split())
    return f"“{flat if len(flat) <= 40 else flat[:39] + '…'}”"


class DisagreementListModel(QAbstractListModel):
    """One row per disagreement: kind, layer, A's text / B's text, and the decision if any."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[Disagreement] = []
        self.decided: dict[str, Decision] = {}

    def reset(self, items: list[Disagreement], decided: dict[str, Decision]) -> None:
        self.beginResetModel()
        self.items, self.decided = list(items), dict(decided)
        self.endResetModel()

    def rowCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        decision = self.decided.get(item.key)
        if role == Qt.ItemDataRole.DisplayRole:
            mark = f"  ✓ {decision.choice.value}" if decision else ""
            kind = item.kind.value.upper()
            return f"{kind}  {item.layer}  {_quoted(item.a)} / {_quoted(item.b)}{mark}"
        if role == Qt.ItemDataRole.ToolTipRole:
            a = f"{item.a.label}: {item.a.text}" if item.a else "nothing"
            b = f"{item.b.label}: {item.b.text}" if item.b else "nothing"
            return plain.tooltip(f"A: {a}\nB: {b}")
        return None


class ReviewPanel(QWidget):
    def __init__(self, model: DisagreementListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review_panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        pickers = QGridLayout()
        self.a_combo, self.b_combo = QComboBox(), QComboBox()
        self.a_combo.setObjectName("review_a")
        self.b_combo.setObjectName("review_b")
        for row, (name, combo) in enumerate((("A", self.a_combo), ("B", self.b_combo))):
            pickers.addWidget(QLabel(name), row, 0)
            pickers.addWidget(combo, row, 1)
        layout.addLayout(pickers)
        self.progress = QLabel()
        self.progress.setObjectName("review_progress")
        self.progress.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.progress)
        self.list = QListView()
        self.list.setObjectName("review_list")
        self.list.setModel(model)
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.accept_a = QPushButton("Accept A (1)")
        self.accept_b = QPushButton("Accept B (2)")
        self.both = QPushButton("Both (3)")
        self.reject = QPushButton("Reject (0)")
        for button in (self.accept_a, self.accept_b, self.both, self.reject):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.accept_agreements = QPushButton("Accept all agreements (Ctrl+Shift+Enter)")
        layout.addWidget(self.accept_agreements)


def _action(parent: QObject, name: str, text: str, keys: list[str]) -> QAction:
    action = make_action(parent, name, text, list(keys), widget_only=True)
    action.setEnabled(False)  # only while the Review tab is shown
    return action


class ReviewController(QObject):
    """Makes the Review tab and its keys; reads the open document's items again on refresh."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.model = DisagreementListModel()
        self.panel = ReviewPanel(self.model)
        window.label_panel.tabs.addTab(self.panel, "Review")
        self.agreed: list[Agreed] = []
        self.current = -1
        self.actions = {
            Choice.A: _action(self, "review_accept_a", "Review: accept A", ["1"]),
            Choice.B: _action(self, "review_accept_b", "Review: accept B", ["2"]),
            Choice.BOTH: _action(self, "review_both", "Review: accept both", ["3"]),
            Choice.REJECT: _action(self, "review_reject", "Review: reject both", ["0"]),
        }
        self.next = _action(self, "review_next", "Next disagreement", ["J"])
        self.previous = _action(self, "review_previous", "Previous disagreement", ["K"])
        self.accept_all = _action(
            self,
            "review_accept_agreements",
            "Accept all agreements",
            ["Ctrl+Shift+Return", "Ctrl+Shift+Enter"],
        )
        for action in (*self.actions.values(), self.next, self.previous, self.accept_all):
            window.view.addAction(action)
        self.fill_pickers()
        self._connect_signals()

    def _connect_signals(self) -> None:
        for choice, action in self.actions.items():
            action.triggered.connect(lambda _=False, c=choice: self.decide(c))
        p = self.panel
        p.accept_a.clicked.connect(lambda: self.decide(Choice.A))
        p.accept_b.clicked.connect(lambda: self.decide(Choice.B))
        p.both.clicked.connect(lambda: self.decide(Choice.BOTH))
        p.reject.clicked.connect(lambda: self.decide(Choice.REJECT))
        p.accept_agreements.clicked.connect(self._on_accept_all_triggered)
        self.accept_all.triggered.connect(self._on_accept_all_triggered)
        self.next.triggered.connect(self._on_next_triggered)
        self.previous.triggered.connect(self._on_previous_triggered)
        p.list.clicked.connect(self._on_list_clicked)
        p.a_combo.currentIndexChanged.connect(self._on_combo_current_index_changed)
        p.b_combo.currentIndexChanged.connect(self._on_combo_current_index_changed)
        self.window.label_panel.tabs.currentChanged.connect(self._on_tabs_current_changed)

    # -- state ---------------------------------------------------------------------------------

    def fill_pickers(self) -> None:
        """The project's annotators (not gold); the two with the most spans chosen."""
        store = self.window.session.store
        counts = store.span_counts_by_annotator()
        people = [a for a in store.annotators() if not a.is_gold]
        busiest = sorted(people, key=lambda a: -counts.get(a.id, 0))
        for combo, pick in ((self.panel.a_combo, 0), (self.panel.b_combo, 1)):
            combo.blockSignals(True)
            combo.clear()
            for a in people:
                combo.addItem(a.name, a.id)
            if len(busiest) > pick:
                combo.setCurrentIndex(people.index(busiest[pick]))
            combo.blockSignals(False)

    def pair_ids(self) -> tuple[str, str] | None:
        a, b = self.panel.a_combo.currentData(), self.panel.b_combo.currentData()
        return (a, b) if a and b and a != b else None

    def active(self) -> bool:
        return self.window.label_panel.tabs.currentWidget() is self.panel

    def refresh(self) -> None:
        """Read the open document's items and decisions again, keeping the current row."""
        window, session = self.window, self.window.session
        doc_id, ids = window.current_id, self.pair_ids()
        items: list[Disagreement] = []
        self.agreed = []
        decided: dict[str, Decision] = {}
        if doc_id is not None and ids is not None:
            names = {e.id: e.names for e in session.entities()}
            doc = session.document(doc_id)
            work = [work_of(session, doc_id, i, names) for i in ids]
            pair = DocumentPair(doc_id, doc.title, doc.text, work[0], work[1])
            items, self.agreed = disagreements(pair), agreements(pair)
            decided = session.decisions(doc_id, *ids)
        key = (
            self.model.items[self.current].key if 0 <= self.current < self.model.rowCount() else ""
        )
        self.model.reset(items, decided)
        keys = [i.key for i in items]
        self.current = keys.index(key) if key in keys else min(self.current, len(items) - 1)
        if doc_id is not None and ids is not None:
            total = len(items) + len(self.agreed)
            done, total = session.review_progress(doc_id, *ids, total)
            self.panel.progress.setText(f"{done} of {total} decided")
        else:
            self.panel.progress.setText("Pick two annotators who both worked on this document")
        if self.current >= 0:
            self.panel.list.setCurrentIndex(self.model.index(self.current))
        if self.active():
            self.show_ghosts()

    def show_ghosts(self) -> None:
        ghosts = []
        if 0 <= self.current < len(self.model.items):
            item = self.model.items[self.current]
            for side, color in ((item.a, COLOR_A), (item.b, COLOR_B)):
                if side is not None:
                    ghosts.append((side.start, side.end, color))
        self.window.view.set_ghosts(ghosts)

    # -- acting --------------------------------------------------------------------------------

    def decide(self, choice: Choice) -> None:
        ids, doc_id = self.pair_ids(), self.window.current_id
        if ids is None or doc_id is None or not 0 <= self.current < len(self.model.items):
            return
        item = self.model.items[self.current]
        self.window.push(Decide(self.window.session, doc_id, *ids, item, choice))

    def _on_accept_all_triggered(self) -> None:
        ids, doc_id = self.pair_ids(), self.window.current_id
        if ids is None or doc_id is None or not self.agreed:
            return
        self.window.push(AcceptAgreements(self.window.session, doc_id, *ids, self.agreed))

    def _go(self, row: int) -> None:
        if not self.model.items:
            return
        self.current = row % len(self.model.items)
        self.panel.list.setCurrentIndex(self.model.index(self.current))
        item = self.model.items[self.current]
        view = self.window.view
        view.select_range(item.start, item.start)
        view.centerCursor()
        self.show_ghosts()
        view.setFocus()

    def _on_next_triggered(self) -> None:
        self._go(self.current + 1)

    def _on_previous_triggered(self) -> None:
        self._go(self.current - 1 if self.current >= 0 else -1)

    def _on_list_clicked(self, index: QModelIndex) -> None:
        self._go(index.row())

    def _on_combo_current_index_changed(self, _index: int) -> None:
        self.current = -1
        self.refresh()

    def _on_tabs_current_changed(self, _index: int) -> None:
        on = self.active()
        for action in (*self.actions.values(), self.next, self.previous, self.accept_all):
            action.setEnabled(on)
        if on:
            self.fill_pickers_if_new()
            self.refresh()
        else:
            self.window.proposals.show()  # the proposals' ghosts back

    def fill_pickers_if_new(self) -> None:
        """Annotators brought in since the pickers were filled are added (choice kept)."""
        known = {self.panel.a_combo.itemData(i) for i in range(self.panel.a_combo.count())}
        people = {a.id for a in self.window.session.store.annotators() if not a.is_gold}
        if people != known:
            chosen = self.pair_ids()
            self.fill_pickers()
            if chosen is None:
                return
            for combo, want in zip((self.panel.a_combo, self.panel.b_combo), chosen, strict=True):
                combo.blockSignals(True)
                combo.setCurrentIndex(max(combo.findData(want), 0))
                combo.blockSignals(False)
