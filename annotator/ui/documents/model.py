"""The document list as a Qt table model (title, date, status as a symbol, span count,
warnings of the shown annotator, and the document's assignees) over a
``session.DocumentList``: the rows and their order come from SQLite, filtered there by the
words typed above the list; each row's figures are read a page at a time as rows come into
view, so a project of 100,000 documents opens without reading them all."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from annotator.core.model import DocumentMeta, Status
from annotator.session.doclist import DocumentList, Order
from annotator.ui.common import plain
from annotator.ui.common.models import ID_ROLE, ROOT, Index, RowsTableModel

# The status as a symbol (its words in the tooltip and for screen readers): the title keeps
# the width "not started" took.
STATUS_SYMBOLS = {Status.NOT_STARTED: "○", Status.IN_PROGRESS: "◐", Status.DONE: "✓"}
STATUS_COLOURS = {
    Status.DONE: QColor("#1B7A3E"),
    Status.IN_PROGRESS: QColor("#8A5A00"),
    Status.NOT_STARTED: QColor("#666666"),
}
HEADER_TIPS = {
    2: "Your status: ○ not started, ◐ in progress, ✓ done (the filter takes the words)",
    4: "Quotes without speaker, claims without claimer, mentions without entity",
}


def filter_words(text: str) -> tuple[str, ...]:
    """The words of the filter box as the list matches them (casefolded)."""
    return tuple(text.casefold().split())


# the list of the documents matching words (and among some documents, if given)
Lister = Callable[[Sequence[str], Sequence[str] | None], DocumentList]
# what to read for a filter: the annotator whose figures are listed, the words, the documents
Wanted = tuple[str, tuple[str, ...], tuple[str, ...] | None, tuple[str, ...] | None]


class DocumentListModel(RowsTableModel):
    """Documents in project order (those matching the filter): title, date, status, span count
    and warnings of the shown annotator. Its rows are a ``DocumentList``'s, not ``_rows``."""

    COLUMNS: tuple[str, ...] = ("Title", "Date", "✓", "Spans", "⚠", "Assigned")

    def __init__(self) -> None:
        super().__init__()
        self._list: DocumentList | None = None
        self._lister: Lister | None = None
        self.words: tuple[str, ...] = ()
        self.only: tuple[str, ...] | None = None  # these documents alone (a search's results)
        self.shown_names: dict[str, str] = {}  # assignee -> "alice (bound to 3f2a)", tooltips

    # -- what is listed ------------------------------------------------------------------------

    def show(self, lister: Lister) -> None:
        """List what ``lister`` gives (another project, or another annotator's figures)."""
        self._lister = lister
        self.beginResetModel()
        self._list = lister(self.words, self.only)
        self.endResetModel()

    def show_only(self, document_ids: Sequence[str] | None) -> None:
        """List only these documents (still filtered by the words typed), or all (None)."""
        only = None if document_ids is None else tuple(document_ids)
        if only == self.only:
            return
        self.only = only
        if self._lister is not None:
            self.beginResetModel()
            self._list = self._lister(self.words, self.only)
            self.endResetModel()

    def set_filter_text(self, text: str) -> None:
        """Only the documents with every typed word (any case) in title, date, status or
        source: one query, the rows read again as they come into view."""
        words = filter_words(text)
        if words == self.words:
            return
        self.words = words
        if self._list is None:
            return
        self.beginResetModel()
        self._list = self._list.again(words)
        self.endResetModel()

    def order_wanted(self, text: str) -> Wanted | None:
        """What to read (annotator, words, only, assignees) for the list filtered by ``text``
        on another connection (``apply_order`` then takes it); None if nothing is listed or
        the words are those listed already."""
        words = filter_words(text)
        if self._list is None or words == self.words:
            return None
        return self._list.annotator_id, words, self.only, self._list.assignees

    def apply_order(self, order: Order) -> bool:
        """List the documents of ``order`` (read on another connection for the words typed:
        one reset, no query); False, and nothing changed, when it is not for this list any
        more (another annotator or other documents listed since it was asked for)."""
        if self._list is None or not self._list.fits(order):
            return False
        if order.words == self.words:
            return True
        self.beginResetModel()
        self.words = order.words
        self._list = self._list.adopt(order)
        self.endResetModel()
        return True

    def update_list(self) -> None:
        """Documents were added or removed: the list read again, and only the rows that
        changed reported (inserted, removed, or changed in place)."""
        if self._list is None:
            return
        old, new = self._list, self._list.again()
        splice = new.splice_from(old)
        start, kept = splice.start, min(splice.removed, splice.inserted)
        # The rows that came or went alone are read again (the others are right): a removed
        # document's row key may be given to one added since, whose row is not that one.
        old.forget_rows(start, start + splice.removed)
        new.forget_rows(start, start + splice.inserted)
        if splice.removed > kept:
            self.beginRemoveRows(ROOT, start + kept, start + splice.removed - 1)
            self._list = new
            self.endRemoveRows()
        elif splice.inserted > kept:
            self.beginInsertRows(ROOT, start + kept, start + splice.inserted - 1)
            self._list = new
            self.endInsertRows()
        self._list = new
        if kept:  # other documents in the same rows (another program's changes, or a key
            self._changed(start, start + kept - 1)  # given again): read anew (forgotten above)

    def refresh(self, document_id: str) -> None:
        """One document's figures or details changed: its row read again (if it was read)."""
        if self._list is None:
            return
        # Under a filter the row stays even if it matches no more (a document marked done
        # while "not started" is typed): taking it out would move the current row, and so the
        # document shown, and cost a query of the whole list per edit. The filter is applied
        # again when its words change.
        self._list.forget(document_id)
        row = self._list.row_of(document_id)
        if row >= 0:
            self._changed(row, row)

    def refresh_all(self) -> None:
        """Figures of any row may have changed (the registry, the scheme): the rows are read
        again when next shown (those in view at once, a page at a time)."""
        if self._list is None:
            return
        self._list.forget()
        if len(self._list):
            self._changed(0, len(self._list) - 1)

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            tip = HEADER_TIPS.get(section)
            return None if tip is None else plain.tooltip(tip)
        return super().headerData(section, orientation, role)

    def _changed(self, first: int, last: int) -> None:
        self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))

    # -- rows ----------------------------------------------------------------------------------

    def row_of(self, document_id: str) -> int:
        """The row of a document (a query and a binary search); -1 if it is not listed."""
        return -1 if self._list is None else self._list.row_of(document_id)

    def meta(self, row: int) -> DocumentMeta | None:
        return None if self._list is None else self._list.meta(row)

    def id_at(self, row: int) -> str | None:
        return None if self._list is None else self._list.id_at(row)

    def ids(self) -> list[str]:
        """Every listed id (a query over the whole list: for tests and rare uses)."""
        return [] if self._list is None else self._list.ids()

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() or self._list is None else len(self._list)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._list is None:
            return None
        meta = self._list.meta(index.row())
        if meta is None:  # gone since the list was read (another program removed it)
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            warnings = f"⚠ {meta.warnings}" if meta.warnings else ""
            return (
                meta.title,
                meta.date or "",
                STATUS_SYMBOLS[meta.status],
                meta.span_count,
                warnings,
                ", ".join(meta.assignees),
            )[col]
        if col == 2 and role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return meta.status.display
        if role == Qt.ItemDataRole.ToolTipRole and col == 5:
            who = ", ".join(self.shown_names.get(n, n) for n in meta.assignees)
            return plain.tooltip(f"Assigned to {who}" if who else "Assigned to nobody")
        if role == Qt.ItemDataRole.ToolTipRole and col == 4 and meta.warnings:
            return plain.tooltip(
                f"{meta.warnings} incomplete: quotes without speaker, claims without claimer "
                "or mentions without entity (marking the document done lists them)"
            )
        if role == Qt.ItemDataRole.ForegroundRole and col == 4:
            return QColor("#B00020")
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain.tooltip(f"{meta.title}\n{meta.date or 'no date'} · {meta.source}")
        if role == Qt.ItemDataRole.ForegroundRole and col == 2:
            return STATUS_COLOURS[meta.status]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == ID_ROLE:
            return meta.id
        return None
