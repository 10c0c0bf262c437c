"""The left pane: the project's documents (title, date, status, spans) with a filter box.

In review mode a last column shows each document's review progress for the chosen pair of
annotators ("5/12", or "✓ 12" when every item is decided), in place of the span count and
warnings of the shown track.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import DocumentMeta
from annotator.ui import plain
from annotator.ui.models import ID_ROLE, DocumentFilterModel, DocumentListModel

REVIEW_COLUMN = 5


class ReviewedDocumentListModel(DocumentListModel):
    """The document list with a review progress column: (decided, total) per document."""

    COLUMNS = (*DocumentListModel.COLUMNS, "Review")

    def __init__(self) -> None:
        super().__init__()
        self.progress: dict[str, tuple[int, int]] = {}
        self.pair = ""  # "A vs B", for the tooltip

    def set_progress(self, progress: dict[str, tuple[int, int]], pair: str) -> None:
        self.progress, self.pair = dict(progress), pair
        if self._rows:
            last = self.index(len(self._rows) - 1, REVIEW_COLUMN)
            self.dataChanged.emit(self.index(0, REVIEW_COLUMN), last)

    def set_document_progress(self, document_id: str, done: int, total: int) -> None:
        if self.progress.get(document_id) == (done, total):
            return
        self.progress[document_id] = (done, total)
        row = self.row_of(document_id)
        if row >= 0:
            index = self.index(row, REVIEW_COLUMN)
            self.dataChanged.emit(index, index)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or index.column() != REVIEW_COLUMN or role == ID_ROLE:
            return super().data(index, role)
        found = self.progress.get(self._rows[index.row()].id)
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


class DocumentListPane(QWidget):
    """Shows the documents; says which one the user chose, never opens it itself."""

    document_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("document_pane")
        self.model = ReviewedDocumentListModel()
        self.filtered = DocumentFilterModel()
        self.filtered.setSourceModel(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("document_filter")
        self.filter_edit.setPlaceholderText("Filter documents…")
        self.filter_edit.setClearButtonEnabled(True)
        layout.addWidget(self.filter_edit)
        self.table = QTableView()
        self.table.setObjectName("document_list")
        self.table.setModel(self.filtered)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Sized once per reset, not on every edit (ResizeToContents re-measures all rows each time).
        for col in (1, 2, 3, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnHidden(REVIEW_COLUMN, True)
        layout.addWidget(self.table)
        self.model.modelReset.connect(self.table.resizeColumnsToContents)
        self.filter_edit.textChanged.connect(self.filtered.set_filter_text)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_row_changed)

    def reset(self, rows: list[DocumentMeta]) -> None:
        self.model.reset(rows)

    def show_review_progress(
        self, progress: dict[str, tuple[int, int]] | None, pair: str = ""
    ) -> None:
        """Show each document's review progress for a pair (None hides the column)."""
        self.table.setColumnHidden(REVIEW_COLUMN, progress is None)
        for column in (3, 4):  # the shown track's span count and warnings make room for it
            self.table.setColumnHidden(column, progress is not None)
        self.model.set_progress(progress or {}, pair)
        if progress is not None:
            self.table.resizeColumnToContents(REVIEW_COLUMN)

    def update_row(self, meta: DocumentMeta) -> None:
        self.model.update_row(meta)

    def ids(self) -> list[str]:
        return self.model.ids()

    def select(self, document_id: str) -> None:
        """Make ``document_id`` the current row (if the filter shows it) and scroll to it."""
        row = self.model.row_of(document_id)
        if row < 0:
            return
        index = self.filtered.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return
        if self.table.currentIndex().row() != index.row():
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.table.scrollTo(index)

    def neighbour(self, step: int) -> str | None:
        """The document ``step`` rows away in the filtered list (clamped), or None if empty."""
        rows = self.filtered.rowCount()
        if not rows:
            return None
        current = self.table.currentIndex().row()
        row = max(0, min(rows - 1, current + step)) if current >= 0 else 0
        return str(self.filtered.index(row, 0).data(ID_ROLE))

    def _on_table_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.document_chosen.emit(current.siblingAtColumn(0).data(ID_ROLE))
