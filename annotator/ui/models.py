"""Thin Qt item models over the session's documents and the open document's spans."""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from annotator.core.model import DocumentMeta, Span, Status
from annotator.core.scheme import Scheme
from annotator.ui import plain

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class RowsTableModel(QAbstractTableModel):
    """A flat table over ``self._rows`` with fixed ``COLUMNS`` headers (subclasses add data)."""

    COLUMNS: tuple[str, ...] = ()
    _rows: list[Any]

    def rowCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None


class DocumentListModel(RowsTableModel):
    """Documents in project order: title, date, status, span count of the current annotator."""

    COLUMNS = ("Title", "Date", "Status", "Spans", "⚠")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[DocumentMeta] = []

    def reset(self, rows: list[DocumentMeta]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, document_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == document_id), -1)

    def meta(self, row: int) -> DocumentMeta:
        return self._rows[row]

    def ids(self) -> list[str]:
        return [r.id for r in self._rows]

    def update_row(self, meta: DocumentMeta) -> None:
        row = self.row_of(meta.id)
        if row < 0:
            return
        self._rows[row] = meta
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        meta = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            warnings = f"⚠ {meta.warnings}" if meta.warnings else ""
            return (meta.title, meta.date or "", meta.status.display, meta.span_count, warnings)[
                col
            ]
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
            return {
                Status.DONE: QColor("#1B7A3E"),
                Status.IN_PROGRESS: QColor("#8A5A00"),
                Status.NOT_STARTED: QColor("#666666"),
            }[meta.status]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return meta.id
        return None


class DocumentFilterModel(QSortFilterProxyModel):
    """Filters the document list by any words typed, across title, date and status."""

    def __init__(self) -> None:
        super().__init__()
        self._words: list[str] = []

    def set_filter_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        if not self._words:
            return True
        model = self.sourceModel()
        assert isinstance(model, DocumentListModel)
        meta = model.meta(source_row)
        haystack = f"{meta.title} {meta.date or ''} {meta.status.display} {meta.source}".casefold()
        return all(word in haystack for word in self._words)


class SpanListModel(QAbstractListModel):
    """The open document's spans in text order; rows inserted and removed one at a time.

    A parallel sorted list of keys and an id -> span map find a row by binary search, so an
    edit costs O(log n) lookups plus one list insert, not a scan of every span.
    """

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[Span] = []
        self._keys: list[tuple[int, int, str]] = []
        self._by_id: dict[str, Span] = {}
        self._scheme = Scheme([])

    @staticmethod
    def _key(span: Span) -> tuple[int, int, str]:
        return (span.start, -span.end, span.id)

    def reset(self, spans: list[Span], scheme: Scheme) -> None:
        self.beginResetModel()
        self._spans = sorted(spans, key=self._key)
        self._keys = [self._key(s) for s in self._spans]
        self._by_id = {s.id: s for s in self._spans}
        self._scheme = scheme
        self.endResetModel()

    def row_of(self, span_id: str) -> int:
        span = self._by_id.get(span_id)
        return -1 if span is None else bisect_left(self._keys, self._key(span))

    def span_at(self, row: int) -> Span:
        return self._spans[row]

    def upsert(self, span: Span) -> None:
        old = self._by_id.get(span.id)
        if old is not None and self._key(old) == self._key(span):
            row = self.row_of(span.id)  # same place (relabel, note): change the row in place
            self._spans[row] = span
            self._by_id[span.id] = span
            self.dataChanged.emit(self.index(row), self.index(row))
            return
        self.remove(span.id)
        key = self._key(span)
        row = bisect_left(self._keys, key)
        self.beginInsertRows(_ROOT, row, row)
        self._spans.insert(row, span)
        self._keys.insert(row, key)
        self._by_id[span.id] = span
        self.endInsertRows()

    def remove(self, span_id: str) -> None:
        row = self.row_of(span_id)
        if row < 0:
            return
        self.beginRemoveRows(_ROOT, row, row)
        del self._spans[row]
        del self._keys[row]
        del self._by_id[span_id]
        self.endRemoveRows()

    def rowCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self._spans)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        span = self._spans[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = " ".join(span.text.split())
            if len(text) > 60:
                text = text[:59] + "…"
            note = "  ✎" if span.note else ""
            return f"{span.label}  {text}{note}"
        if role == Qt.ItemDataRole.ToolTipRole:
            note = f"\nNote: {span.note}" if span.note else ""
            return plain.tooltip(f"{span.label} [{span.start}, {span.end})\n{span.text}{note}")
        if role == Qt.ItemDataRole.DecorationRole:
            label = self._scheme.get(span.layer, span.label)
            return QColor(label.color) if label else QColor("#999999")
        if role == ID_ROLE:
            return span.id
        return None
