"""The review part: two annotators' disagreements on this document, decided by key.

The list is ``core.review``'s disagreements of the open document, filtered by layer and type;
each decision is one operation (``session.ops.review``) building the gold layer. B may be
the gold layer itself (one annotator against what was decided). Keys in the article, while the
Review tab is shown: 1 accept A, 2 accept B, 3 both, 4 edit then accept (``review.editor``),
0 reject, J / K next / previous shown disagreement, Ctrl+Shift+Enter accept all agreements
(Shift+Enter already makes a new entity). The review queue (issue 15): the documents every
assignee marked done, Shift+J the next one gold is not done on, Shift+K the previous one; on
an assigned document A and B are its assignees. The article shows both tracks
(``review.overlay``); the document list shows each document's progress for the pair.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QModelIndex, QObject, Signal
from PySide6.QtGui import QAction

from annotator.core.decisions import Choice, Decision
from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME, Layer, Status
from annotator.core.review import Agreed, Disagreement
from annotator.core.wording import counted
from annotator.session.adjudication import BOTH_REFUSED, Candidate
from annotator.session.changes import Change, ChangeKind
from annotator.session.ops.review import (
    AcceptAgreements,
    Decide,
    DropStale,
    SetGoldStatus,
)
from annotator.ui.article.part import ArticlePart
from annotator.ui.common.actions import make_action
from annotator.ui.common.context import WindowContext
from annotator.ui.review.comments import DecisionComments
from annotator.ui.review.editor import CandidateEditor
from annotator.ui.review.overlay import ReviewOverlay
from annotator.ui.review.panel import DisagreementListModel, ReviewPanel

_WORK_CHANGES = (ChangeKind.SPANS, ChangeKind.LINKS, ChangeKind.ENTITIES)


def _action(parent: QObject, name: str, text: str, keys: list[str]) -> QAction:
    action = make_action(parent, name, text, list(keys), widget_only=True)
    action.setEnabled(False)  # only while the Review tab is shown
    return action


Counter = Callable[[Sequence[str]], dict[str, tuple[int, int]]]


class ReviewColumn(Protocol):
    """Where review progress is shown per document (the document list's Review column)."""

    def set_progress(self, document_id: str, decided: int, total: int) -> None: ...

    def show_review_progress(self, progress: dict[str, tuple[int, int]] | None) -> None: ...

    def count_review_progress(
        self, documents: Sequence[str], count: Counter, pair: str
    ) -> None: ...


class ReviewPart(QObject):
    """Makes the Review tab and its keys; reads the open document's items again on refresh."""

    active_changed = Signal(bool)  # the Review tab was shown (True) or left

    def __init__(self, ctx: WindowContext, article: ArticlePart, column: ReviewColumn) -> None:
        super().__init__(ctx)
        self.ctx, self.article, self.column = ctx, article, column
        self.model = DisagreementListModel()
        self.panel = ReviewPanel(self.model)
        view = article.view
        self.overlay = ReviewOverlay(view)
        self.editor = CandidateEditor(view, self.panel.editor, lambda: ctx.session.scheme)
        self.comments = DecisionComments(ctx, self.panel.comment)
        self.all_items: list[Disagreement] = []
        self.agreed: list[Agreed] = []
        self.current = -1  # row in the shown (filtered) list
        self.progress = (0, 0)  # (decided, total) items of this document
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
        self.next_ready = _action(self, "review_next_ready", "Next document to review", ["Shift+J"])
        self.previous_ready = _action(
            self, "review_previous_ready", "Previous document ready for review", ["Shift+K"]
        )
        self.queue: list[tuple[str, bool]] = []  # (document, reviewed): ready for review
        self.accept_all = _action(
            self,
            "review_accept_agreements",
            "Accept all agreements",
            ["Ctrl+Shift+Return", "Ctrl+Shift+Enter"],
        )
        # D, the key that marks your own document done, marks gold done while reviewing
        self.gold_done = _action(
            self, "review_gold_done", "Review: mark gold done / not done", ["D"]
        )
        self._preferred: tuple[str, str] | None = None  # the pair the reviewer chose
        self._shown: tuple[str | None, str | None] = (None, None)  # the pair in the pickers
        for action in self._keys():
            view.addAction(action)
        self.fill_pickers()
        self._connect_signals()

    def _keys(self) -> list[QAction]:
        return [
            *self.actions.values(),
            self.edit,
            self.next,
            self.previous,
            self.next_ready,
            self.previous_ready,
            self.accept_all,
            self.gold_done,
        ]

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
        self.gold_done.triggered.connect(self._on_gold_done_triggered)
        self.next.triggered.connect(self._on_next_triggered)
        self.previous.triggered.connect(self._on_previous_triggered)
        self.next_ready.triggered.connect(self._on_next_ready_triggered)
        self.previous_ready.triggered.connect(self._on_previous_ready_triggered)
        p.next_ready.clicked.connect(self._on_next_ready_triggered)
        p.previous_ready.clicked.connect(self._on_previous_ready_triggered)
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
        ctx = self.ctx
        if ctx.tabs is not None:
            ctx.tabs.currentChanged.connect(self._on_tabs_current_changed)
        ctx.project_changed.connect(self._on_ctx_project_changed)
        ctx.document_changed.connect(self._on_ctx_document_changed)
        ctx.changed.connect(self._on_ctx_changed)

    # -- state ---------------------------------------------------------------------------------

    def fill_pickers(self) -> None:
        """The project's annotators (not gold) in both pickers, B also offering the gold layer;
        the pair chosen for the open document (``choose_pair``)."""
        session = self.ctx.session
        people = [a for a in session.visible_annotators() if not a.is_gold]
        names = session.annotator_names()
        for combo in (self.panel.a_combo, self.panel.b_combo):
            combo.blockSignals(True)
            combo.clear()
            for a in people:
                combo.addItem(names.get(a.id, a.name), a.id)
            combo.blockSignals(False)
        b = self.panel.b_combo
        b.blockSignals(True)
        b.addItem(f"{GOLD_ANNOTATOR_NAME} (the reviewed layer)", GOLD_ANNOTATOR_ID)
        b.blockSignals(False)
        self.choose_pair()

    def choose_pair(self) -> None:
        """A and B for the open document: the pair the reviewer chose while both have work
        there (gold as B always), else ``session.review.default_pair``: two different
        annotators with work there."""
        session, doc = self.ctx.session, self.ctx.document_id
        pair = self._preferred
        if pair is not None and doc is not None:
            working = [i == GOLD_ANNOTATOR_ID or session.review.has_work_on(doc, i) for i in pair]
            if not all(working):
                pair = None
        if pair is None and doc is not None:  # a document of the overlap: its assignees
            pair = session.team_progress.assigned_pair(doc)
        pair = pair or session.review.default_pair(doc)
        if pair is None:
            return
        for combo, want in zip((self.panel.a_combo, self.panel.b_combo), pair, strict=True):
            at = combo.findData(want)
            if at >= 0 and at != combo.currentIndex():
                combo.blockSignals(True)
                combo.setCurrentIndex(at)
                combo.blockSignals(False)
        self._shown = (self.panel.a_combo.currentData(), self.panel.b_combo.currentData())

    def pair_ids(self) -> tuple[str, str] | None:
        a, b = self.panel.a_combo.currentData(), self.panel.b_combo.currentData()
        return (a, b) if a and b and a != b else None

    def pair_names(self) -> str:
        return f"{self.panel.a_combo.currentText()} vs {self.panel.b_combo.currentText()}"

    def active(self) -> bool:
        return self.ctx.tabs is not None and self.ctx.tabs.currentWidget() is self.panel

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
        session = self.ctx.session
        doc_id, ids = self.ctx.document_id, self.pair_ids()
        self.comments.save()  # typed text belongs to the item it was typed on
        before = self.current_item()
        if (doc_id, ids) != self._where:  # another document or pair: from its first item
            self._where = (doc_id, ids)
            self.editor.cancel()
            before, self.current = None, -1
        self.all_items, self.agreed = [], []
        decided: dict[str, Decision] = {}
        if doc_id is not None and ids is not None:
            self.all_items, self.agreed = session.review.items(doc_id, *ids)
            decided = session.review.decisions(doc_id, *ids)
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
            self.progress = session.review.progress(doc_id, *ids, every)
            known = set(every)
            self.stale = [d for k, d in decided.items() if k not in known]
            self.column.set_progress(doc_id, *self.progress)
            p.shown.setText(self._counts(items, decided, doc_id))
        else:
            p.shown.setText("Pick two annotators who worked on this document")
        p.drop_stale.setText(f"Drop {counted(len(self.stale), 'stale decision')}")
        p.drop_stale.setVisible(bool(self.stale))
        if self.current >= 0:
            p.list.setCurrentIndex(self.model.index(self.current))
            p.list.scrollTo(self.model.index(self.current))
        self._show_comment()
        if self.active():
            self.show_marks()

    def _counts(self, shown: list[Disagreement], decided: dict[str, Decision], doc_id: str) -> str:
        """ "3 to decide · 77 agree, 0 accepted · 5 of 8 shown · gold done": disagreements
        without a decision, agreements apart (those accepted), the filter, gold's status."""
        to_decide = sum(1 for d in self.all_items if d.key not in decided)
        accepted = sum(1 for a in self.agreed if a.key in decided)
        text = f"{to_decide} to decide · {len(self.agreed)} agree, {accepted} accepted"
        if len(shown) != len(self.all_items):
            text += f" · {len(shown)} of {len(self.all_items)} shown"
        if self.ctx.session.review.gold_status(doc_id) is Status.DONE:
            text += " · gold done ✓"
        return text

    def refresh_queue(self) -> None:
        """The review queue (the documents every assignee marked done) read again, and where
        the open document stands in it; hidden while nothing is assigned."""
        session = self.ctx.session
        self.queue = session.team_progress.ready()
        panel = self.panel
        panel.queue.setVisible(bool(self.queue) or bool(session.assignments.names()))
        reviewed = sum(1 for _, done in self.queue if done)
        text = f"Ready for review: {counted(len(self.queue), 'document')}, {reviewed} reviewed"
        ids = [doc for doc, _ in self.queue]
        if self.ctx.document_id in ids:
            text += f" · this is {ids.index(self.ctx.document_id) + 1} of {len(ids)}"
        panel.queue_state.setText(text)
        panel.next_ready.setEnabled(reviewed < len(self.queue))
        panel.previous_ready.setEnabled(bool(self.queue))

    def go_ready(self, forward: bool) -> str | None:
        """Show the next document of the queue not reviewed yet (``forward``), or the
        previous one in the queue, after (before) the open one in list order, going round;
        returns it (None: there is none, said in the status bar)."""
        self.refresh_queue()
        ids = [doc for doc, _ in self.queue]
        if not ids:
            self.ctx.say("No document is ready for review: none has every assignee done")
            return None
        here = self.ctx.document_id
        at = ids.index(here) if here in ids else (-1 if forward else len(ids))
        order = [ids[(at + k) % len(ids)] for k in range(1, len(ids) + 1)]
        if forward:
            waiting = {doc for doc, done in self.queue if not done}
            target = next((doc for doc in order if doc in waiting), None)
            if target is None:
                self.ctx.say("Every document ready for review is reviewed (gold done)")
                return None
        else:
            order = [ids[(at - k) % len(ids)] for k in range(1, len(ids) + 1)]
            target = order[0]
        if target != here:
            self.ctx.show_document(target)
        return target

    def refresh_documents(self) -> None:
        """Every document's progress for the pair, in the document list (review mode only)."""
        ids = self.pair_ids()
        if ids is None or not self.active():
            self.column.show_review_progress(None)
            return
        session = self.ctx.session
        self.column.count_review_progress(
            session.review.documents(*ids),
            lambda chunk: session.review.totals(*ids, chunk),
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
        if change.document_id in (None, self.ctx.document_id):
            self.refresh()
        if change.document_id is None or change.kind is ChangeKind.ENTITIES:
            self.refresh_documents()

    def on_reload(self) -> None:
        """After the whole project was read again (work added, another program wrote)."""
        self.fill_pickers_if_new()
        if self.active():
            self.refresh_queue()
        self.refresh()
        self.refresh_documents()

    def _comment_key(self, item: Disagreement | None) -> tuple[str, str, str, str] | None:
        ids, doc_id = self.pair_ids(), self.ctx.document_id
        if ids is None or doc_id is None or item is None:
            return None
        return doc_id, *ids, item.key

    def _show_comment(self) -> None:
        self.comments.save()  # (first: saving may change the item's decision)
        item = self.current_item()
        decision = self.model.decided.get(item.key) if item else None
        self.comments.show(self._comment_key(item), decision)

    # -- acting --------------------------------------------------------------------------------

    def decide(self, choice: Choice, edited: tuple[Any, ...] = ()) -> None:
        ids, doc_id, item = self.pair_ids(), self.ctx.document_id, self.current_item()
        if ids is None or doc_id is None or item is None:
            return
        if choice is Choice.BOTH and item.kind in BOTH_REFUSED:
            self.ctx.say(
                f"“Both” does not apply to a {BOTH_REFUSED[item.kind]}: gold keeps one; "
                "take A (1) or B (2), or edit (4)",
                8000,
            )
            return
        comment = self.panel.comment.text().strip()
        op = Decide(self.ctx.session, doc_id, *ids, item, choice, comment, edited)
        if self.ctx.push(op):
            self.editor.cancel()
            self.comments.take((doc_id, *ids, item.key))
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
        ids, doc_id, item = self.pair_ids(), self.ctx.document_id, self.current_item()
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
            candidate, *rest = self.ctx.session.review.candidates(doc_id, who, item, chosen)
        except AnnotatorError as exc:
            self.ctx.say(str(exc), 6000)
            return
        self._edit_key, self._edit_rest = item.key, tuple(rest)  # a quote's other segments
        self.editor.start(candidate, Layer(item.layer), side, len(rest))
        self.panel.show_editor(True)
        self.article.view.setFocus()

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
        self.comments.save()
        if self.panel.comment.hasFocus():  # Enter: back to the article and its keys
            self.article.view.setFocus()

    def _on_accept_all_triggered(self) -> None:
        ids, doc_id = self.pair_ids(), self.ctx.document_id
        if ids is None or doc_id is None or not self.agreed:
            return
        self.ctx.push(AcceptAgreements(self.ctx.session, doc_id, *ids, self.agreed))

    def _on_gold_done_triggered(self) -> None:
        """D while reviewing: gold done on this document, or back to in progress."""
        doc_id = self.ctx.document_id
        if doc_id is None:
            return
        review = self.ctx.session.review
        done = review.gold_status(doc_id) is Status.DONE
        if self.ctx.push(
            SetGoldStatus(self.ctx.session, doc_id, Status.IN_PROGRESS if done else Status.DONE)
        ):
            left = sum(1 for d in self.all_items if d.key not in self.model.decided)
            note = f" ({left} item{'s' * (left != 1)} still undecided)" if left and not done else ""
            self.ctx.say(f"Gold marked {'in progress' if done else 'done'} on this document{note}")

    def _on_drop_stale_clicked(self) -> None:
        if self.stale:
            self.ctx.push(DropStale(self.ctx.session, self.stale))

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
        view = self.article.view
        if move:
            view.select_range(item.start, item.start)
            view.centerCursor()
        self._show_comment()
        self.show_marks()
        view.setFocus()

    def _on_next_ready_triggered(self) -> None:
        self.go_ready(forward=True)

    def _on_previous_ready_triggered(self) -> None:
        self.go_ready(forward=False)

    def _on_overlay_item_clicked(self, index: int) -> None:
        self._go(index, move=False)  # the text stays where the reviewer clicked

    def _on_next_triggered(self) -> None:
        self._go(self.current + 1)

    def _on_previous_triggered(self) -> None:
        self._go(self.current - 1 if self.current >= 0 else -1)

    def _on_list_clicked(self, index: QModelIndex) -> None:
        self._go(index.row())

    def _on_combo_current_index_changed(self, _index: int) -> None:
        """The reviewer chose A or B: that pair is kept from document to document while both
        have work there; choosing as A the one who was B (or the reverse) swaps them."""
        p = self.panel
        a, b = p.a_combo.currentData(), p.b_combo.currentData()
        if a is not None and a == b:
            moved = p.a_combo if self.sender() is p.a_combo else p.b_combo
            other = p.b_combo if moved is p.a_combo else p.a_combo
            old = self._shown[0] if moved is p.a_combo else self._shown[1]
            at = other.findData(old)
            if at >= 0:
                other.blockSignals(True)
                other.setCurrentIndex(at)
                other.blockSignals(False)
        self._preferred = self.pair_ids()
        self._shown = (p.a_combo.currentData(), p.b_combo.currentData())
        self.current = -1
        self.editor.cancel()
        self.refresh()
        self.refresh_documents()

    def _on_filter_current_index_changed(self, _index: int) -> None:
        self.editor.cancel()
        self.refresh()

    def _on_tabs_current_changed(self, _index: int) -> None:
        on = self.active()
        self.active_changed.emit(on)
        for action in self._keys():
            action.setEnabled(on)
        if self.ctx.actions is not None:  # one D at a time: gold's while reviewing
            self.ctx.actions.mark_done.setEnabled(not on)
        if on:
            self.fill_pickers_if_new()
            self.refresh_queue()
            self.refresh()
        else:
            self.editor.cancel()
            self.overlay.clear()
        self.refresh_documents()

    def fill_pickers_if_new(self) -> None:
        """Annotators brought in (or renamed) since the pickers were filled are added; the
        pair stays the reviewer's choice where it can (``choose_pair``)."""
        combo = self.panel.a_combo
        shown = {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}
        session = self.ctx.session
        names = session.annotator_names()
        people = {
            a.id: names.get(a.id, a.name) for a in session.visible_annotators() if not a.is_gold
        }
        if people != shown:
            self.fill_pickers()

    # -- the window ----------------------------------------------------------------------------

    def _on_ctx_project_changed(self) -> None:
        self._preferred = None
        self.fill_pickers()

    def _on_ctx_document_changed(self, _document_id: str | None) -> None:
        if self.active():
            self.refresh_queue()
        self.choose_pair()
        self.refresh()
        self.refresh_documents()

    def _on_ctx_changed(self, change: Change) -> None:
        if change.kind in (ChangeKind.EXTERNAL, ChangeKind.SCHEME):
            self.on_reload()
        elif change.kind is ChangeKind.DECISIONS:
            if self.active():
                self.refresh_queue()  # (deciding every item marks gold done: reviewed)
            if change.document_id == self.ctx.document_id:
                self.refresh()
        elif change.kind is ChangeKind.STATUS:
            if self.active():
                self.refresh_queue()  # done by every assignee, or reviewed
            if change.document_id == self.ctx.document_id:
                self.refresh()  # gold done or not, in the counts
        elif change.kind is ChangeKind.ASSIGNMENTS:
            if self.active():
                self.refresh_queue()
        elif change.kind is ChangeKind.DOCUMENTS:  # documents or work came in: new people?
            self.fill_pickers_if_new()
        else:
            self.on_change(change)
