"""Review mode's side tab: two annotators' disagreements on this document, decided by key.

The list is ``core.review``'s disagreements of the open document, filtered by layer and type;
each decision is one undoable command (``commands_review``) building the gold layer. B may be
the gold layer itself (one annotator against what was decided). Keys in the article, while the
Review tab is shown: 1 accept A, 2 accept B, 3 both, 4 edit then accept (``review_editor``),
0 reject, J / K next / previous shown disagreement, Ctrl+Shift+Enter accept all agreements
(Shift+Enter already makes a new entity). The article shows both tracks (``review_overlay``);
the document list shows each document's progress for the pair.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QColor
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
from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME, Layer
from annotator.core.review import KIND_NAMES, Agreed, Disagreement, Kind, describe
from annotator.session.changes import Change, ChangeKind
from annotator.session.decisions import BOTH_REFUSED, Candidate, Choice, Decision
from annotator.ui import plain
from annotator.ui.actions import make_action
from annotator.ui.commands_review import AcceptAgreements, CommentDecision, Decide, DropStale
from annotator.ui.review_editor import CandidateEditor, EditorPanel
from annotator.ui.review_overlay import LEGEND_NAMES, STYLES, Legend, ReviewOverlay

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
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

    def rowCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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
_WORK_CHANGES = (ChangeKind.SPANS, ChangeKind.LINKS, ChangeKind.ENTITIES)


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
        self.overlay = ReviewOverlay(window.view)
        self.editor = CandidateEditor(window.view, self.panel.editor, lambda: window.session.scheme)
        self.all_items: list[Disagreement] = []
        self.agreed: list[Agreed] = []
        self.current = -1  # row in the shown (filtered) list
        self.progress = (0, 0)  # (decided, total) items of this document
        # comments typed but not saved yet, by (document, A, B, key); and where the comment
        # field's text belongs: (document, A, B, key), whether decided, the text shown
        self.pending: dict[tuple[str, str, str, str], str] = {}
        self._comment_at: tuple[tuple[str, str, str, str], bool, str] | None = None
        self._where: tuple[str | None, tuple[str, str] | None] = (None, None)
        self.stale: list[Decision] = []  # decisions on keys that are gone
        self._edit_key = ""
        self._edit_rest: tuple[Candidate, ...] = ()
        self.actions = {
            Choice.A: _action(self, "review_accept_a", "Review: accept A", ["1"]),
            Choice.B: _action(self, "review_accept_b", "Review: accept B", ["2"]),
            Choice.BOTH: _action(self, "review_both", "Review: accept both", ["3"]),
            Choice.REJECT: _action(self, "review_reject", "Review: reject both", ["0"]),
        }
        self.edit = _action(self, "review_edit", "Review: edit then accept", ["4"])
        self.next = _action(self, "review_next", "Next disagreement", ["J"])
        self.previous = _action(self, "review_previous", "Previous disagreement", ["K"])
        self.accept_all = _action(
            self,
            "review_accept_agreements",
            "Accept all agreements",
            ["Ctrl+Shift+Return", "Ctrl+Shift+Enter"],
        )
        for action in self._keys():
            window.view.addAction(action)
        self.fill_pickers()
        self._connect_signals()

    def _keys(self) -> list[QAction]:
        return [*self.actions.values(), self.edit, self.next, self.previous, self.accept_all]

    def _connect_signals(self) -> None:
        for choice, action in self.actions.items():
            action.triggered.connect(lambda _=False, c=choice: self.decide(c))
        p = self.panel
        p.accept_a.clicked.connect(lambda: self.decide(Choice.A))
        p.accept_b.clicked.connect(lambda: self.decide(Choice.B))
        p.both.clicked.connect(lambda: self.decide(Choice.BOTH))
        p.reject.clicked.connect(lambda: self.decide(Choice.REJECT))
        p.edit.clicked.connect(self._on_edit_triggered)
        p.editor.other_side.clicked.connect(self._on_edit_triggered)
        self.edit.triggered.connect(self._on_edit_triggered)
        p.accept_agreements.clicked.connect(self._on_accept_all_triggered)
        p.drop_stale.clicked.connect(self._on_drop_stale_clicked)
        self.accept_all.triggered.connect(self._on_accept_all_triggered)
        self.next.triggered.connect(self._on_next_triggered)
        self.previous.triggered.connect(self._on_previous_triggered)
        p.list.clicked.connect(self._on_list_clicked)
        self.overlay.item_clicked.connect(self._on_overlay_item_clicked)
        p.a_combo.currentIndexChanged.connect(self._on_combo_current_index_changed)
        p.b_combo.currentIndexChanged.connect(self._on_combo_current_index_changed)
        p.layer_filter.currentIndexChanged.connect(self._on_filter_current_index_changed)
        p.kind_filter.currentIndexChanged.connect(self._on_filter_current_index_changed)
        p.comment.editingFinished.connect(self._on_comment_editing_finished)
        self.editor.changed.connect(self._on_editor_changed)
        self.editor.accepted.connect(self._on_editor_accepted)
        self.editor.finished.connect(self._on_editor_finished)
        self.window.label_panel.tabs.currentChanged.connect(self._on_tabs_current_changed)

    # -- state ---------------------------------------------------------------------------------

    def fill_pickers(self) -> None:
        """The project's annotators (not gold); the two with the most spans chosen. B may also
        be the gold layer."""
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
        b = self.panel.b_combo
        b.blockSignals(True)
        b.addItem(f"{GOLD_ANNOTATOR_NAME} (the reviewed layer)", GOLD_ANNOTATOR_ID)
        b.blockSignals(False)

    def pair_ids(self) -> tuple[str, str] | None:
        a, b = self.panel.a_combo.currentData(), self.panel.b_combo.currentData()
        return (a, b) if a and b and a != b else None

    def pair_names(self) -> str:
        return f"{self.panel.a_combo.currentText()} vs {self.panel.b_combo.currentText()}"

    def active(self) -> bool:
        return self.window.label_panel.tabs.currentWidget() is self.panel

    def current_item(self) -> Disagreement | None:
        items = self.model.items
        return items[self.current] if 0 <= self.current < len(items) else None

    def _filtered(self) -> list[Disagreement]:
        layer = self.panel.layer_filter.currentData()
        kind = self.panel.kind_filter.currentData()
        return [
            d
            for d in self.all_items
            if (not layer or d.layer == layer) and (not kind or d.kind.value == kind)
        ]

    def refresh(self) -> None:
        """Read the open document's items and decisions again, keeping the current item."""
        window, session = self.window, self.window.session
        doc_id, ids = window.current_id, self.pair_ids()
        self._save_comment()  # typed text belongs to the item it was typed on
        before = self.current_item()
        if (doc_id, ids) != self._where:  # another document or pair: from its first item
            self._where = (doc_id, ids)
            self.editor.cancel()
            before, self.current = None, -1
        self.all_items, self.agreed = [], []
        decided: dict[str, Decision] = {}
        if doc_id is not None and ids is not None:
            self.all_items, self.agreed = session.review_items(doc_id, *ids)
            decided = session.decisions(doc_id, *ids)
        items = self._filtered()
        self.model.reset(items, decided)
        keys = [i.key for i in items]
        key = before.key if before is not None else ""
        self.current = keys.index(key) if key in keys else min(self.current, len(items) - 1)
        if self.current < 0 and items:
            self.current = 0  # the keys act on the first item until J / K move on
        p = self.panel
        self.progress = (0, 0)
        self.stale = []
        if doc_id is not None and ids is not None:
            every = [i.key for i in self.all_items] + [i.key for i in self.agreed]
            self.progress = session.review_progress(doc_id, *ids, every)
            known = set(every)
            self.stale = [d for k, d in decided.items() if k not in known]
            window.documents.model.set_document_progress(doc_id, *self.progress)
            p.shown.setText(
                f"{len(items)} of {len(self.all_items)} shown · "
                f"{self.progress[0]} of {self.progress[1]} decided"
            )
        else:
            p.shown.setText("Pick two annotators who worked on this document")
        p.drop_stale.setText(f"Drop {len(self.stale)} stale decision(s)")
        p.drop_stale.setVisible(bool(self.stale))
        if self.current >= 0:
            p.list.setCurrentIndex(self.model.index(self.current))
            p.list.scrollTo(self.model.index(self.current))
        self._show_comment()
        if self.active():
            self.show_marks()

    def refresh_documents(self) -> None:
        """Every document's progress for the pair, in the document list (review mode only)."""
        ids, documents = self.pair_ids(), self.window.documents
        if ids is None or not self.active():
            documents.show_review_progress(None)
            return
        session = self.window.session
        documents.count_review_progress(
            session.review_documents(*ids),
            lambda chunk: session.review_totals(*ids, chunk),
            self.pair_names(),
        )

    def show_marks(self) -> None:
        decided = set(self.model.decided)
        self.overlay.show(self.model.items, self.agreed, self.current, decided)

    def on_change(self, change: Change) -> None:
        """After any edit: a compared annotator's spans, links or entities may have changed,
        so the items (and the document list's figures, for entities) are read again."""
        if not self.active() or change.kind not in _WORK_CHANGES:
            return
        if change.document_id in (None, self.window.current_id):
            self.refresh()
        if change.document_id is None or change.kind is ChangeKind.ENTITIES:
            self.refresh_documents()

    def on_reload(self) -> None:
        """After the whole project was read again (work added, another program wrote)."""
        self.fill_pickers_if_new()
        self.refresh()
        self.refresh_documents()

    def _comment_key(self, item: Disagreement | None) -> tuple[str, str, str, str] | None:
        ids, doc_id = self.pair_ids(), self.window.current_id
        if ids is None or doc_id is None or item is None:
            return None
        return doc_id, *ids, item.key

    def _show_comment(self) -> None:
        self._save_comment()
        item = self.current_item()
        where = self._comment_key(item)
        decision = self.model.decided.get(item.key) if item else None
        saved = decision.comment if decision else ""
        text = self.pending.get(where, saved) if where else ""
        self._comment_at = (where, decision is not None, saved) if where else None
        self.panel.comment.blockSignals(True)
        self.panel.comment.setText(text)
        self.panel.comment.blockSignals(False)
        self.panel.comment.setEnabled(item is not None)

    def _save_comment(self) -> None:
        """Keep what was typed in the comment field for the item it was typed on, before the
        field shows another item: a decided item's comment is saved (an undoable edit), an
        undecided one's kept for its decision."""
        if self._comment_at is None:
            return
        where, decided, saved = self._comment_at
        text = self.panel.comment.text().strip()
        if text == saved:
            self.pending.pop(where, None)
            return
        if decided and not self.window._in_change:  # not while an undo is being applied
            self._comment_at = (where, decided, text)  # saved once, whatever comes next
            self.pending.pop(where, None)
            self.window.push(CommentDecision(self.window.session, *where, text))
        else:
            self.pending[where] = text

    # -- acting --------------------------------------------------------------------------------

    def decide(self, choice: Choice, edited: tuple[Any, ...] = ()) -> None:
        ids, doc_id, item = self.pair_ids(), self.window.current_id, self.current_item()
        if ids is None or doc_id is None or item is None:
            return
        if choice is Choice.BOTH and item.kind in BOTH_REFUSED:
            self.window.statusBar().showMessage(
                f"“Both” does not apply to a {BOTH_REFUSED[item.kind]}: gold keeps one; "
                "take A (1) or B (2), or edit (4)",
                8000,
            )
            return
        comment = self.panel.comment.text().strip()
        command = Decide(self.window.session, doc_id, *ids, item, choice, comment, edited)
        if self.window.push(command):
            self.editor.cancel()
            self.pending.pop((doc_id, *ids, item.key), None)
            self._go_undecided()

    def _go_undecided(self) -> None:
        """On to the next shown item without a decision (after the current one), if any."""
        n = len(self.model.items)
        for step in range(1, n + 1):
            row = (self.current + step) % n
            if self.model.items[row].key not in self.model.decided:
                self._go(row)
                return
        self._go(self.current)

    def _on_edit_triggered(self) -> None:
        """Edit then accept: A's side (B's if A has none) as a candidate; again: the other."""
        ids, doc_id, item = self.pair_ids(), self.window.current_id, self.current_item()
        if ids is None or doc_id is None or item is None:
            return
        side = "a" if item.a is not None else "b"
        if self.editor.editing and self._edit_key == item.key:
            other = "b" if self.editor.side == "a" else "a"
            side = other if getattr(item, other) is not None else self.editor.side
        chosen = item.a if side == "a" else item.b
        assert chosen is not None
        who = ids[0] if side == "a" else ids[1]
        try:
            candidate, *rest = self.window.session.candidates(doc_id, who, item, chosen)
        except AnnotatorError as exc:
            self.window.statusBar().showMessage(str(exc), 6000)
            return
        self._edit_key, self._edit_rest = item.key, tuple(rest)  # a quote's other segments
        self.editor.start(candidate, Layer(item.layer), side, len(rest))
        self.panel.show_editor(True)
        self.window.view.setFocus()

    def _on_editor_changed(self) -> None:
        c = self.editor.candidate
        along = tuple((r.start, r.end) for r in self._edit_rest)
        self.overlay.set_candidate((c.start, c.end) if c else None, along if c else ())

    def _on_editor_accepted(self) -> None:
        candidate, item = self.editor.candidate, self.current_item()
        if candidate is None or item is None or item.key != self._edit_key:
            self.editor.cancel()
            return
        self.decide(Choice.EDIT, (candidate, *self._edit_rest))

    def _on_editor_finished(self) -> None:
        self.overlay.set_candidate(None)
        self.panel.show_editor(False)

    def _on_comment_editing_finished(self) -> None:
        """A decided item's comment is saved now (an undoable edit); an undecided item's is
        kept and saved with its decision."""
        self._save_comment()
        if self.panel.comment.hasFocus():  # Enter: back to the article and its keys
            self.window.view.setFocus()

    def _on_accept_all_triggered(self) -> None:
        ids, doc_id = self.pair_ids(), self.window.current_id
        if ids is None or doc_id is None or not self.agreed:
            return
        self.window.push(AcceptAgreements(self.window.session, doc_id, *ids, self.agreed))

    def _on_drop_stale_clicked(self) -> None:
        if self.stale:
            self.window.push(DropStale(self.window.session, self.stale))

    def _go(self, row: int, move: bool = True) -> None:
        """Make ``row`` the current item; ``move``: put the cursor there and scroll to it."""
        if not self.model.items:
            return
        if self.editor.editing:
            self.editor.cancel()
        self.current = row % len(self.model.items)
        self.panel.list.setCurrentIndex(self.model.index(self.current))
        self.panel.list.scrollTo(self.model.index(self.current))
        item = self.model.items[self.current]
        view = self.window.view
        if move:
            view.select_range(item.start, item.start)
            view.centerCursor()
        self._show_comment()
        self.show_marks()
        view.setFocus()

    def _on_overlay_item_clicked(self, index: int) -> None:
        self._go(index, move=False)  # the text stays where the reviewer clicked

    def _on_next_triggered(self) -> None:
        self._go(self.current + 1)

    def _on_previous_triggered(self) -> None:
        self._go(self.current - 1 if self.current >= 0 else -1)

    def _on_list_clicked(self, index: QModelIndex) -> None:
        self._go(index.row())

    def _on_combo_current_index_changed(self, _index: int) -> None:
        self.current = -1
        self.editor.cancel()
        self.refresh()
        self.refresh_documents()

    def _on_filter_current_index_changed(self, _index: int) -> None:
        self.editor.cancel()
        self.refresh()

    def _on_tabs_current_changed(self, _index: int) -> None:
        on = self.active()
        self.window.label_panel.set_palette_shown(not on)
        for action in self._keys():
            action.setEnabled(on)
        if on:
            self.fill_pickers_if_new()
            self.refresh()
        else:
            self.editor.cancel()
            self.overlay.clear()
        self.refresh_documents()

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
