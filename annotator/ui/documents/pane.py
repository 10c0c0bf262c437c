"""The left pane: the project's documents (title, date, status, spans, and their assignees
when the project has an assignment) with a filter box, and "Assigned to me" (a filter: only
the documents assigned to you, in project order) when you have documents assigned.

In review mode a last column shows each document's review progress for the chosen pair of
annotators ("5/12", or "✓ 12" when every item is decided), in place of the span count and
warnings of the shown track. The figures are counted in small chunks while the event loop is
idle (``ProgressFiller``: the documents shown first), so opening the Review tab or switching
the pair never waits for every document to be compared; a cell still to count shows "…".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.wording import counted
from annotator.session.doclist import Order
from annotator.ui.common import plain
from annotator.ui.common.models import ID_ROLE
from annotator.ui.common.reading import Opener, Reading
from annotator.ui.documents.model import DocumentListModel, Lister

Readers = Callable[[], Opener]  # Session.reader: called here, the opener runs in the thread

DATE_COLUMN, STATUS_COLUMN, SPANS_COLUMN, WARNINGS_COLUMN, ASSIGNED_COLUMN = 1, 2, 3, 4, 5
REVIEW_COLUMN = 6
TITLE_MIN = 160  # px the title keeps in a narrow pane (other columns make way)
DATE_TITLE_MIN = 260  # the date (in each row's tooltip, above the article) asks for more
WIDEST = {
    DATE_COLUMN: "2026-12-31",
    STATUS_COLUMN: "◐",  # a symbol: its words in the tooltip
    SPANS_COLUMN: "9999",
    WARNINGS_COLUMN: "⚠ 999",
    ASSIGNED_COLUMN: "alice, bob",  # before the names are known (cut: the tooltip has all)
}
# in this order, as the pane narrows; the assignees (when the project has an assignment) last:
# a team's list is read for who has which document
NARROW_HIDES = (DATE_COLUMN, SPANS_COLUMN, ASSIGNED_COLUMN)
ASSIGNED_MIN = 48  # px the Assigned column may narrow to (a name cut short) before it goes
IN_VIEW_AT_MOST = 100  # rows counted first in review mode (those a pane can show)
FILTER_DELAY_MS = 150  # typing pauses this long before the list is filtered (one query)


class ReviewedDocumentListModel(DocumentListModel):
    """The document list with a review progress column: (decided, total) per document."""

    COLUMNS = (*DocumentListModel.COLUMNS, "Review")

    def __init__(self) -> None:
        super().__init__()
        self.progress: dict[str, tuple[int, int]] = {}
        self.pending: set[str] = set()  # documents whose figure is still being counted
        self.pair = ""  # "A vs B", for the tooltip

    def set_progress(
        self, progress: dict[str, tuple[int, int]], pair: str, pending: Sequence[str] = ()
    ) -> None:
        self.progress, self.pair = dict(progress), pair
        self.pending = set(pending) - set(progress)
        self._column_changed()

    def _column_changed(self) -> None:
        rows = self.rowCount()
        if rows:  # (the view repaints only the rows it shows)
            self.dataChanged.emit(self.index(0, REVIEW_COLUMN), self.index(rows - 1, REVIEW_COLUMN))

    def add_progress(self, progress: dict[str, tuple[int, int]]) -> None:
        """Figures counted since (one dataChanged over the column: finding each document's
        row would cost a query each)."""
        changed = False
        for document_id, figures in progress.items():
            self.pending.discard(document_id)
            if self.progress.get(document_id) != figures:
                self.progress[document_id] = figures
                changed = True
        if changed:
            self._column_changed()

    def set_document_progress(self, document_id: str, done: int, total: int) -> None:
        self.add_progress({document_id: (done, total)})

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or index.column() != REVIEW_COLUMN or role == ID_ROLE:
            return super().data(index, role)
        meta = self.meta(index.row())
        if meta is None:
            return None
        document_id = meta.id
        found = self.progress.get(document_id)
        if found is None and document_id in self.pending:
            if role == Qt.ItemDataRole.DisplayRole:
                return "…"
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return plain.tooltip("counting…") if role == Qt.ItemDataRole.ToolTipRole else None
        if found is None:
            return plain.tooltip("not reviewed") if role == Qt.ItemDataRole.ToolTipRole else None
        done, total = found
        if role == Qt.ItemDataRole.DisplayRole:
            return f"✓ {total}" if done == total else f"{done}/{total}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain.tooltip(f"{done} of {total} review items decided ({self.pair})")
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#1B7A3E") if done == total else QColor("#8A5A00")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


Counter = Callable[[list[str]], dict[str, tuple[int, int]]]


class ProgressFiller(QObject):
    """Counts review progress a chunk of documents at a time on idle turns of the event loop,
    each turn taking about ``budget`` seconds, and hands the figures to the model."""

    def __init__(
        self, model: ReviewedDocumentListModel, pane: QWidget, budget: float = 0.012
    ) -> None:
        super().__init__(pane)
        self.model, self.pane, self.budget = model, pane, budget
        self.queue: list[str] = []
        self.count: Counter | None = None
        self.chunk = 4  # documents per call, adapted to the budget
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._on_timer_timeout)

    def start(self, documents: Sequence[str], count: Counter) -> None:
        self.queue, self.count = list(documents), count
        self.timer.start()

    def stop(self) -> None:
        self.queue, self.count = [], None
        self.timer.stop()

    @property
    def busy(self) -> bool:
        return bool(self.queue)

    def _on_timer_timeout(self) -> None:
        if self.count is None or not self.pane.isVisible():  # the window closed meanwhile
            self.stop()
            return
        found: dict[str, tuple[int, int]] = {}
        start = time.perf_counter()
        while self.queue and time.perf_counter() - start < self.budget:
            chunk, self.queue = self.queue[: self.chunk], self.queue[self.chunk :]
            began = time.perf_counter()
            found.update(self.count(chunk))
            took = time.perf_counter() - began
            share = self.budget / 2 / max(took / len(chunk), 1e-5)
            self.chunk = max(1, min(200, int(share)))
        self.model.add_progress(found)
        if self.queue:
            self.timer.start()


class DocumentListPane(QWidget):
    """Shows the documents; says which one the user chose, never opens it itself."""

    document_chosen = Signal(str)
    mine_toggled = Signal(bool)  # "Assigned to me" checked or unchecked by the user

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("document_pane")
        self.model = ReviewedDocumentListModel()
        self.filler = ProgressFiller(self.model, self)
        self.filtered = self.model  # the model filters itself, in SQL (the rows shown)
        self._readers: Readers | None = None
        self._ordering: Reading | None = None  # the filter's query, running in a thread
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("document_filter")
        self.filter_edit.setPlaceholderText("Filter documents…")
        self.filter_edit.setClearButtonEnabled(True)
        self.mine = QCheckBox("Assigned to me")
        self.mine.setObjectName("document_mine")
        self.mine.setToolTip("Only the documents assigned to you, in project order")
        self.mine.hide()
        self.assigned = False  # the project has an assignment: the Assigned column is offered
        self._assigned_widest = WIDEST[ASSIGNED_COLUMN]  # what the Assigned column is sized for
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.mine)
        layout.addLayout(top)
        # Shown while the list holds only some documents (a search's results), with the way back.
        self.only_bar = QWidget()
        self.only_bar.setObjectName("document_only_bar")
        bar = QHBoxLayout(self.only_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.only_label = QLabel()
        self.only_label.setTextFormat(Qt.TextFormat.PlainText)
        self.only_label.setWordWrap(True)  # the pane may be narrow
        self.show_all = QPushButton("Show all")
        self.show_all.setObjectName("document_show_all")
        bar.addWidget(self.only_label, 1)
        bar.addWidget(self.show_all)
        self.only_bar.hide()
        layout.addWidget(self.only_bar)
        self.table = QTableView()
        self.table.setObjectName("document_list")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Sized once per reset, not on every edit (ResizeToContents re-measures all rows each time).
        for col in (1, 2, 3, 4, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnHidden(REVIEW_COLUMN, True)
        self.table.setColumnHidden(ASSIGNED_COLUMN, True)
        layout.addWidget(self.table)
        self.model.modelReset.connect(self._on_model_reset)
        self.table.viewport().installEventFilter(self)  # its width decides the columns shown
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.show_all.clicked.connect(self._on_show_all_clicked)
        self.mine.toggled.connect(self._on_mine_toggled)
        self._filter_timer.timeout.connect(self._on_filter_timer_timeout)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_row_changed)

    def show_list(self, lister: Lister, readers: Readers | None = None) -> None:
        """List the documents ``lister`` gives (for the words typed in the filter), keeping
        the current one. ``readers`` (``Session.reader`` of the project listed) lets the
        filter's query run in a thread of its own; without it, the filter queries here."""
        self._stop_ordering()
        self._readers = readers
        current = self.current_id()
        self.model.show(lister)
        if current is not None:
            self.select(current)

    def show_only(self, document_ids: Sequence[str] | None, why: str = "") -> None:
        """List only these documents (``why``: what they are, said above the list), or all
        of them again (None), keeping the current one."""
        current = self.current_id()
        self.model.show_only(document_ids)
        self.only_bar.setVisible(document_ids is not None)
        if document_ids is not None:
            said = f"{counted(len(document_ids), 'document')} {why}".strip()
            self.only_label.setText(said)
            self.only_label.setToolTip(plain.tooltip(said))
        if current is not None:
            self.select(current)

    def _on_show_all_clicked(self) -> None:
        self.show_only(None)

    def show_assignment(self, assigned: bool, mine: bool, names: dict[str, str]) -> None:
        """The project has an assignment (the Assigned column is shown), I have documents in
        it (the "Assigned to me" box is offered); ``names``: how to show each assignee."""
        self.model.shown_names = dict(names)
        self.assigned = assigned
        # As wide as two of the longest names (most documents have one or two annotators),
        # measured on the names, not on every row; narrowed for the title when the pane is.
        longest = sorted(names, key=self.table.fontMetrics().horizontalAdvance)[-2:]
        self._assigned_widest = ", ".join(longest) or WIDEST[ASSIGNED_COLUMN]
        self.mine.setVisible(mine)
        if not assigned:
            self.table.setColumnHidden(ASSIGNED_COLUMN, True)
        self._fit_title()

    def set_mine(self, on: bool) -> None:
        """Check or uncheck "Assigned to me" without it being heard as the user's choice."""
        blocked = self.mine.blockSignals(True)
        self.mine.setChecked(on)
        self.mine.blockSignals(blocked)
        self._fit_title()

    def _on_mine_toggled(self, on: bool) -> None:
        self._fit_title()  # (my documents: the span count again, not who has them)
        self.mine_toggled.emit(on)

    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        return None if not index.isValid() else self.model.id_at(index.row())

    def _on_filter_edit_text_changed(self, _text: str) -> None:
        self._filter_timer.start()  # (again: typing goes on)

    def _on_filter_timer_timeout(self) -> None:
        wanted = self.model.order_wanted(self.filter_edit.text())
        if wanted is None:
            return
        self._stop_ordering()
        if self._readers is None:
            self._filter_here()
            return
        # The query in a thread of its own (0.1 s and more on 100,000 documents): the list
        # takes its result in one step, and a reading overtaken by more typing is dropped.
        who, words, only, assignees = wanted
        self._ordering = Reading(
            self._readers(), lambda reader: reader.document_order(who, words, only, assignees)
        )
        self._ordering.done.connect(self._on_ordering_done)
        self._ordering.failed.connect(self._on_ordering_failed)
        self._ordering.start_kept()

    def _filter_here(self) -> None:
        """The filter's query on the window's own connection (the list then shown)."""
        current = self.current_id()
        self.model.set_filter_text(self.filter_edit.text())
        if current is not None:
            self.select(current)

    def _on_ordering_done(self, order: Order, _seconds: float) -> None:
        if self.sender() is not self._ordering:
            return  # an older reading's, queued before it was cancelled
        self._stop_ordering()
        current = self.current_id()
        if not self.model.apply_order(order):  # the list changed meanwhile: read it again
            self._filter_timer.start()
            return
        if current is not None:
            self.select(current)

    def _on_ordering_failed(self, _why: str) -> None:
        if self.sender() is not self._ordering:
            return
        self._stop_ordering()
        self._filter_here()  # here, where a damaged file is said as it always is

    def _stop_ordering(self) -> None:
        """The filter's reading no more heard (cancelled if it runs, deleted when it ends)."""
        if self._ordering is not None:
            self._ordering.done.disconnect(self._on_ordering_done)
            self._ordering.failed.disconnect(self._on_ordering_failed)
            self._ordering.cancel()  # (kept until its thread ends: ``start_kept``)
            self._ordering = None

    def show_review_progress(
        self, progress: dict[str, tuple[int, int]] | None, pair: str = ""
    ) -> None:
        """Show each document's review progress for a pair (None hides the column)."""
        self.filler.stop()
        self._review_column(progress is not None)
        self.model.set_progress(progress or {}, pair)

    def count_review_progress(self, documents: Sequence[str], count: Counter, pair: str) -> None:
        """Show the review column for a pair and fill it while the event loop is idle:
        ``count`` gives the figures of a few documents at a time (those in view first)."""
        top = max(self.table.rowAt(0), 0)
        bottom = self.table.rowAt(self.table.viewport().height() - 1)
        last = min(self.model.rowCount(), top + IN_VIEW_AT_MOST) - 1
        bottom = last if bottom < 0 else min(bottom, last)
        in_view = [str(self.model.index(row, 0).data(ID_ROLE)) for row in range(top, bottom + 1)]
        wanted = set(documents)
        first = [d for d in in_view if d in wanted]
        order = first + [d for d in documents if d not in set(first)]
        self.model.set_progress({}, pair, order)
        self._review_column(True)
        self.filler.start(order, count)

    def _review_column(self, on: bool) -> None:
        self.table.setColumnHidden(REVIEW_COLUMN, not on)
        for column in (3, 4):  # the shown track's span count and warnings make room for it
            self.table.setColumnHidden(column, on)
        if on:  # wide enough for its title and "999/999", without measuring every row
            width = self._column_width(REVIEW_COLUMN, "999/999")
            self.table.horizontalHeader().resizeSection(REVIEW_COLUMN, width)
        self._fit_title()

    def _column_width(self, column: int, widest: str) -> int:
        """Wide enough for the column's title and ``widest`` (the longest it may show), never
        measured row by row."""
        header = self.table.horizontalHeader()
        figures = self.table.fontMetrics().horizontalAdvance(widest) + 16
        return max(header.sectionSizeHint(column), figures)

    def _on_model_reset(self) -> None:
        # Sized for the longest each may show, so an edit's new figure is never cut to "…".
        header = self.table.horizontalHeader()
        for column, widest in WIDEST.items():
            header.resizeSection(column, self._column_width(column, widest))
        self._fit_title()

    def _fit_title(self) -> None:
        """In a narrow pane the date (shown only if the title keeps ``DATE_TITLE_MIN``), then
        the span count make way, so titles stay readable (the date is in each row's tooltip
        and above the article; the count in the Spans tab; the status is a symbol, its words
        in the tooltip). In review mode the review column has replaced the count already. In a
        project with an assignment, the list of every document (not "Assigned to me") shows
        who has each one in place of the count, narrowed (names cut, all of them in the
        tooltip) before it goes."""
        header = self.table.horizontalHeader()
        room = self.table.viewport().width()
        for column in range(self.model.columnCount()):
            if column not in (0, *NARROW_HIDES) and not self.table.isColumnHidden(column):
                room -= header.sectionSize(column)
        reviewing = not self.table.isColumnHidden(REVIEW_COLUMN)
        team = self.assigned and not self.mine.isChecked()
        for column in reversed(NARROW_HIDES):  # the last to go is the first given room
            if reviewing and column == SPANS_COLUMN:
                continue
            if (column == SPANS_COLUMN and team) or (column == ASSIGNED_COLUMN and not team):
                self.table.setColumnHidden(column, True)
                continue
            widest = self._assigned_widest if column == ASSIGNED_COLUMN else WIDEST[column]
            width = self._column_width(column, widest)
            if column == ASSIGNED_COLUMN:
                width = max(min(width, room - TITLE_MIN), ASSIGNED_MIN)
                header.resizeSection(column, width)
            shown = room - width >= (DATE_TITLE_MIN if column == DATE_COLUMN else TITLE_MIN)
            self.table.setColumnHidden(column, not shown)
            room -= width if shown else 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_title()
        return False

    def ids(self) -> list[str]:
        return self.model.ids()

    def select(self, document_id: str) -> None:
        """Make ``document_id`` the current row (if the filter shows it) and scroll to it."""
        row = self.model.row_of(document_id)
        if row < 0:
            return
        index = self.model.index(row, 0)
        if self.table.currentIndex().row() != index.row():
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.table.scrollTo(index)

    def neighbour(self, step: int) -> str | None:
        """The document ``step`` rows away in the filtered list (clamped), or None if empty."""
        rows = self.model.rowCount()
        if not rows:
            return None
        current = self.table.currentIndex().row()
        row = max(0, min(rows - 1, current + step)) if current >= 0 else 0
        return self.model.id_at(row)

    def _on_table_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.document_chosen.emit(current.siblingAtColumn(0).data(ID_ROLE))
