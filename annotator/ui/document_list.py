"""The left pane: the project's documents (title, date, status, spans) with a filter box."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import DocumentMeta
from annotator.ui.models import ID_ROLE, DocumentFilterModel, DocumentListModel


class DocumentListPane(QWidget):
    """Shows the documents; says which one the user chose, never opens it itself."""

    document_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("document_pane")
        self.model = DocumentListModel()
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
        layout.addWidget(self.table)
        self.model.modelReset.connect(self.table.resizeColumnsToContents)
        self.filter_edit.textChanged.connect(self.filtered.set_filter_text)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_row_changed)

    def reset(self, rows: list[DocumentMeta]) -> None:
        self.model.reset(rows)

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
