"""The document list as a Qt table model (title, date, status, span count, warnings of the
shown annotator), and the filter typed above it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from annotator.core.model import DocumentMeta, Status
from annotator.ui.common import plain
from annotator.ui.common.models import ID_ROLE, Index, RowsTableModel


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

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        if not self._words:
            return True
        model = self.sourceModel()
        assert isinstance(model, DocumentListModel)
        meta = model.meta(source_row)
        haystack = f"{meta.title} {meta.date or ''} {meta.status.display} {meta.source}".casefold()
        return all(word in haystack for word in self._words)
