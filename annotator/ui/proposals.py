"""Proposals in the window: a list, ghost spans in the article, accept / reject by key.

Made once and reused: "annotate all occurrences" fills it now; the suggestion finders will.
Accepted proposals become ordinary undoable edits; nothing is stored before that.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QPushButton, QVBoxLayout, QWidget

from annotator.core.model import Span, new_id, now_iso
from annotator.core.proposals import Proposal
from annotator.ui import plain
from annotator.ui.actions import make_action
from annotator.ui.commands import _SessionCommand

if TYPE_CHECKING:
    from annotator.session import Session
    from annotator.ui.main_window import MainWindow

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class ProposalListModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self.proposals: list[Proposal] = []
        self.titles: dict[str, str] = {}

    def reset(self, proposals: list[Proposal], titles: dict[str, str]) -> None:
        self.beginResetModel()
        self.proposals = list(proposals)
        self.titles = titles
        self.endResetModel()

    def remove(self, rows: list[int]) -> None:
        for row in sorted(rows, reverse=True):
            self.beginRemoveRows(_ROOT, row, row)
            del self.proposals[row]
            self.endRemoveRows()

    def rowCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self.proposals)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p = self.proposals[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            title = self.titles.get(p.document_id, "")
            where = f" · {title[:40]}" if title else ""
            return f"{p.label}  {p.text}  [{p.start}]{where}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain.tooltip(f"{p.label} ({p.origin}): {p.text}")
        return None


class AcceptProposals(_SessionCommand):
    """Accepted proposals become spans in one commit; undo removes exactly those spans."""

    def __init__(self, session: Session, spans: list[Span]) -> None:
        n = len(spans)
        super().__init__(session, f"Accept {n} proposal{'s' if n != 1 else ''}")
        self.spans = spans
        self._statuses: dict[tuple[str, str], Any] = {}

    def apply(self) -> None:
        self._statuses = self.session.add_spans(self.spans)

    def revert(self) -> None:
        self.session.remove_spans(self.spans, self._statuses)


class ProposalPanel(QWidget):
    def __init__(self, model: ProposalListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("proposal_panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.summary = QLabel(
            "No proposals. Select a span and press Ctrl+Shift+A to find its other occurrences."
        )
        self.summary.setObjectName("proposal_summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.list = QListView()
        self.list.setObjectName("proposal_list")
        self.list.setModel(model)
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.accept_button = QPushButton("Accept (A)")
        self.reject_button = QPushButton("Reject (R)")
        self.accept_all_button = QPushButton("Accept all (Shift+A)")
        for button in (self.accept_button, self.reject_button, self.accept_all_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)


def _action(parent: QObject, name: str, text: str, keys: list[str]) -> QAction:
    return make_action(parent, name, text, list(keys), widget_only=True)


class ProposalController(QObject):
    """Holds the open proposals; A accepts the current one, R rejects it, N moves to the next,
    Shift+A accepts all. Ctrl+Shift+A proposes the selected span's other occurrences in this
    document, Ctrl+Alt+A in the whole project."""

    def __init__(self, window: MainWindow, panel: ProposalPanel, model: ProposalListModel) -> None:
        super().__init__(window)
        self.window, self.panel, self.model = window, panel, model
        self.current = -1
        self.source_span_id = ""  # the span whose occurrences are proposed
        self.find_here = _action(
            self,
            "occurrences_document",
            "Annotate all occurrences in this document",
            ["Ctrl+Shift+A"],
        )
        self.find_all = _action(
            self, "occurrences_project", "Annotate all occurrences in the project", ["Ctrl+Alt+A"]
        )
        self.accept = _action(self, "proposal_accept", "Accept proposal", ["A"])
        self.reject = _action(self, "proposal_reject", "Reject proposal", ["R"])
        self.next = _action(self, "proposal_next", "Next proposal", ["N"])
        self.accept_all = _action(self, "proposal_accept_all", "Accept all proposals", ["Shift+A"])
        for action in (
            self.find_here,
            self.find_all,
            self.accept,
            self.reject,
            self.next,
            self.accept_all,
        ):
            window.view.addAction(action)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.find_here.triggered.connect(self._on_find_here_triggered)
        self.find_all.triggered.connect(self._on_find_all_triggered)
        self.accept.triggered.connect(self._on_accept_triggered)
        self.reject.triggered.connect(self._on_reject_triggered)
        self.next.triggered.connect(self._on_next_triggered)
        self.accept_all.triggered.connect(self._on_accept_all_triggered)
        self.panel.accept_button.clicked.connect(self._on_accept_triggered)
        self.panel.reject_button.clicked.connect(self._on_reject_triggered)
        self.panel.accept_all_button.clicked.connect(self._on_accept_all_triggered)
        self.panel.list.clicked.connect(self._on_list_clicked)

    # -- filling -------------------------------------------------------------------------------

    def propose(self, proposals: list[Proposal], what: str) -> None:
        session = self.window.session
        titles = {m.id: m.title for m in session.documents()}
        self.model.reset(proposals, titles)
        self.current = 0 if proposals else -1
        self.panel.summary.setText(f"{len(proposals)} proposal(s): {what}")
        tabs = self.window.label_panel.tabs
        tabs.setTabText(
            tabs.indexOf(self.panel), f"Proposals {len(proposals)}" if proposals else "Proposals"
        )
        if proposals:
            tabs.setCurrentWidget(self.panel)
        self.show()

    def show(self) -> None:
        """Ghosts for the open document's proposals; the current one scrolled into view."""
        doc = self.window.current_id
        here = [(i, p) for i, p in enumerate(self.model.proposals) if p.document_id == doc]
        scheme = self.window.session.scheme
        ghosts = []
        current_ghost = -1
        for n, (i, p) in enumerate(here):
            label = scheme.get(p.layer, p.label)
            ghosts.append((p.start, p.end, label.color if label else "#777777"))
            if i == self.current:
                current_ghost = n
        self.window.view.set_ghosts(ghosts, current_ghost)
        if 0 <= self.current < len(self.model.proposals):
            self.panel.list.setCurrentIndex(self.model.index(self.current))

    def _occurrences(self, everywhere: bool) -> None:
        window = self.window
        span = window.view.span(window.view.selected_span_id)
        if span is None:
            window.statusBar().showMessage(
                "Select a span first: its other occurrences are proposed"
            )
            return
        from annotator.core.model import Layer

        if span.layer is Layer.QUOTE:
            window.statusBar().showMessage(
                "Quotes are not repeated: occurrences are for entities and claims"
            )
            return
        proposals = window.session.occurrence_proposals(span, everywhere)
        self.source_span_id = span.id
        where = "the project" if everywhere else "this document"
        self.propose(proposals, f"other occurrences of “{span.text}” in {where}")

    def _on_find_here_triggered(self) -> None:
        self._occurrences(False)

    def _on_find_all_triggered(self) -> None:
        self._occurrences(True)

    # -- deciding ------------------------------------------------------------------------------

    def _still_free(self, spans: list[Span]) -> list[Span]:
        """Proposals are checked again when accepted: one labelled by hand since, or
        overlapping a span of its label, is dropped; the entity is the source span's now
        (it may have been linked, relinked or merged since the proposals were made)."""
        session = self.window.session
        known = {e.id for e in session.entities()}
        try:
            source: str | None = session.span(self.source_span_id).entity_id
        except KeyError:
            source = None
        free: list[Span] = []
        taken: dict[str, list[tuple[int, int, str]]] = {}
        for span in spans:
            if span.document_id not in taken:
                taken[span.document_id] = [
                    (s.start, s.end, s.label) for s in session.spans(span.document_id)
                ]
            clash = any(
                lb == span.label and s < span.end and span.start < e
                for s, e, lb in taken[span.document_id]
            )
            if not clash:
                entity = source or span.entity_id
                free.append(replace(span, entity_id=entity if entity in known else None))
                taken[span.document_id].append((span.start, span.end, span.label))
        return free

    def _span_of(self, p: Proposal) -> Span:
        session = self.window.session
        return Span(
            id=new_id(),
            document_id=p.document_id,
            annotator_id=session.annotator.id,
            layer=p.layer,
            label=p.label,
            start=p.start,
            end=p.end,
            text=p.text,
            created_at=now_iso(),
            entity_id=p.entity_id,
        )

    def _decide(self, rows: list[int], accept: bool) -> None:
        rows = [r for r in rows if 0 <= r < len(self.model.proposals)]
        if not rows:
            return
        if accept:
            spans = self._still_free([self._span_of(self.model.proposals[r]) for r in rows])
            if spans and not self.window.push(AcceptProposals(self.window.session, spans)):
                return
        self.model.remove(rows)
        remaining = len(self.model.proposals)
        self.current = min(min(rows), remaining - 1) if remaining else -1
        tabs = self.window.label_panel.tabs
        tabs.setTabText(
            tabs.indexOf(self.panel), f"Proposals {remaining}" if remaining else "Proposals"
        )
        self.show()

    def _on_accept_triggered(self) -> None:
        self._decide([self.current], True)

    def _on_reject_triggered(self) -> None:
        self._decide([self.current], False)

    def _on_accept_all_triggered(self) -> None:
        self._decide(list(range(len(self.model.proposals))), True)

    def _on_next_triggered(self) -> None:
        if not self.model.proposals:
            return
        self.current = (self.current + 1) % len(self.model.proposals)
        self._go_to_current()

    def _on_list_clicked(self, index: QModelIndex) -> None:
        self.current = index.row()
        self._go_to_current()

    def _go_to_current(self) -> None:
        p = self.model.proposals[self.current]
        if p.document_id != self.window.current_id:
            self.window.show_document(p.document_id)
        self.show()
        self.window.view.select_range(p.start, p.start)
        self.window.view.centerCursor()
        self.window.view.setFocus()
