"""The shown document's spans as a Qt list model (the Spans tab), kept in text order."""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from PySide6.QtCore import QAbstractListModel, Qt
from PySide6.QtGui import QColor

from annotator.core.model import Span
from annotator.core.scheme import Scheme
from annotator.ui.common import plain
from annotator.ui.common.models import ID_ROLE, ROOT, Index


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
        self.beginInsertRows(ROOT, row, row)
        self._spans.insert(row, span)
        self._keys.insert(row, key)
        self._by_id[span.id] = span
        self.endInsertRows()

    def remove(self, span_id: str) -> None:
        row = self.row_of(span_id)
        if row < 0:
            return
        self.beginRemoveRows(ROOT, row, row)
        del self._spans[row]
        del self._keys[row]
        del self._by_id[span_id]
        self.endRemoveRows()

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self._spans)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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
