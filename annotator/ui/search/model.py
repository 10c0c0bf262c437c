"""The results of a corpus search as a list model: one row per document found, its hit
carried in ``HIT_ROLE`` for the delegate to draw as plain text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, Qt

from annotator.core.search import SearchHit
from annotator.ui.common.models import ID_ROLE, ROOT, Index

HIT_ROLE = Qt.ItemDataRole.UserRole + 2


class SearchResultsModel(QAbstractListModel):
    """The documents a search found, best first."""

    def __init__(self) -> None:
        super().__init__()
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    def hit(self, row: int) -> SearchHit:
        return self._hits[row]

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{hit.title} — {hit.date or 'no date'}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return None  # (the delegate shows the snippet; no rich-text guessing)
        if role == ID_ROLE:
            return hit.document_id
        if role == HIT_ROLE:
            return hit
        return None
