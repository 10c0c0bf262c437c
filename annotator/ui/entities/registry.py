"""The entity registry: every entity of the project with its mention counts; rename, merge, and
step through an entity's mentions across documents."""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.links import Entity
from annotator.core.matching import normalize
from annotator.session.registry import order_key
from annotator.ui.common import plain
from annotator.ui.common.models import ID_ROLE, ROOT, Index, RowsTableModel

Row = tuple[Entity, int, int]  # the entity, its mentions, the documents mentioning it


class EntityListModel(RowsTableModel):
    """The registry in its order (``session.registry.order_key``), those the filter keeps.
    A change inserts, updates or removes the rows of the entities it touched."""

    COLUMNS = ("Entity", "Type", "Mentions", "Docs")

    def __init__(self) -> None:
        super().__init__()
        self._all: dict[str, Row] = {}
        self._rows: list[Row] = []
        self._keys: list[tuple[str, str]] = []  # order_key of each row shown
        self._needle = ""
        self._names: dict[str, str] = {}  # entity id -> its names normalised, for the filter

    def reset(self, entities: list[Entity], counts: dict[str, tuple[int, int]]) -> None:
        """Every row anew (``entities`` in the registry's order)."""
        self.beginResetModel()
        self._all = {e.id: (e, *counts.get(e.id, (0, 0))) for e in entities}
        self._names.clear()
        self._refilter()
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        """Keep the entities with ``text`` in a name or alias (normalised); "": all."""
        needle = normalize(text)
        if needle == self._needle:
            return
        self.beginResetModel()
        self._needle = needle
        self._refilter()
        self.endResetModel()

    def _refilter(self) -> None:
        rows = [r for r in self._all.values() if self._kept(r[0])]
        rows.sort(key=lambda r: order_key(r[0]))
        self._rows = rows
        self._keys = [order_key(r[0]) for r in rows]

    def _kept(self, entity: Entity) -> bool:
        if not self._needle:
            return True
        names = self._names.get(entity.id)
        if names is None:
            names = self._names[entity.id] = " | ".join(normalize(n) for n in entity.names)
        return self._needle in names

    def update_rows(self, rows: dict[str, Row | None]) -> None:
        """Entities changed (a row), or gone (None): their rows move, change or go."""
        for entity_id, row in rows.items():
            old = self._all.pop(entity_id, None)
            self._names.pop(entity_id, None)
            at = self._find(old[0]) if old is not None else -1
            if row is None:
                if at >= 0:
                    self._remove(at)
                continue
            self._all[entity_id] = row
            key = order_key(row[0])
            if at >= 0 and self._keys[at] == key and self._kept(row[0]):
                self._rows[at] = row
                last = self.index(at, len(self.COLUMNS) - 1)
                self.dataChanged.emit(self.index(at, 0), last)
                continue
            if at >= 0:
                self._remove(at)
            if self._kept(row[0]):
                place = bisect_left(self._keys, key)
                self.beginInsertRows(ROOT, place, place)
                self._rows.insert(place, row)
                self._keys.insert(place, key)
                self.endInsertRows()

    def _find(self, entity: Entity) -> int:
        key = order_key(entity)
        at = bisect_left(self._keys, key)
        return at if at < len(self._keys) and self._keys[at] == key else -1

    def _remove(self, at: int) -> None:
        self.beginRemoveRows(ROOT, at, at)
        del self._rows[at]
        del self._keys[at]
        self.endRemoveRows()

    def entity(self, row: int) -> Entity:
        return self._rows[row][0]

    def row_of(self, entity_id: str) -> int:
        row = self._all.get(entity_id)
        return self._find(row[0]) if row is not None else -1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entity, mentions, docs = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (entity.name, entity.type, mentions, docs)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            extra = f"\nalso: {', '.join(entity.aliases)}" if entity.aliases else ""
            wikidata = f"\nWikidata: {entity.wikidata}" if entity.wikidata else ""
            return plain.tooltip(f"{entity.name} ({entity.type}){extra}{wikidata}")
        if role == ID_ROLE:
            return entity.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == 0 else base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """Renaming in place only asks for the rename; the registry changes through an edit."""
        if role == Qt.ItemDataRole.EditRole and index.column() == 0 and str(value).strip():
            self.rename_requested.emit(self._rows[index.row()][0].id, str(value).strip())
        return False

    rename_requested = Signal(str, str)


class EntityPanel(QWidget):
    """Signals what the user asks for; the window makes the edits."""

    next_mention_requested = Signal(str)  # entity id
    merge_requested = Signal(str, str)  # keep id, merged id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entity_panel")
        self.model = EntityListModel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("entity_filter")
        self.filter_edit.setPlaceholderText("Filter entities (names and aliases)…")
        self.filter_edit.setClearButtonEnabled(True)
        layout.addWidget(self.filter_edit)
        self.table = QTableView()
        self.table.setObjectName("entity_list")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(0)  # fit the rows in view, not 1,000 of 50,000
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.next_button = QPushButton("Next mention")
        self.next_button.setObjectName("next_mention")
        self.next_button.setToolTip("Go to this entity's next mention, in any document (F3)")
        self.merge_button = QPushButton("Merge selected")
        self.merge_button.setObjectName("merge_entities")
        self.merge_button.setToolTip(
            "Select two entities: the current one is kept, the other's names become its aliases"
        )
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.merge_button)
        layout.addLayout(buttons)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.next_button.clicked.connect(self._on_next_button_clicked)
        self.merge_button.clicked.connect(self._on_merge_button_clicked)
        self.table.doubleClicked.connect(self._on_next_button_clicked)

    def reset(self, entities: list[Entity], counts: dict[str, tuple[int, int]]) -> None:
        current = self.current_id()
        self.model.reset(entities, counts)
        self._select(current)

    def update_rows(self, rows: dict[str, Row | None]) -> None:
        """Only the rows of the entities a change touched (``EntityListModel.update_rows``)."""
        current = self.current_id()
        self.model.update_rows(rows)
        if current != self.current_id():
            self._select(current)

    def _select(self, entity_id: str) -> None:
        row = self.model.row_of(entity_id)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))

    def current_id(self) -> str:
        index = self.table.currentIndex()
        return str(index.siblingAtColumn(0).data(ID_ROLE) or "") if index.isValid() else ""

    def _on_filter_edit_text_changed(self, text: str) -> None:
        current = self.current_id()
        self.model.set_filter(text)
        self._select(current)

    def _on_next_button_clicked(self) -> None:
        if self.current_id():
            self.next_mention_requested.emit(self.current_id())

    def _on_merge_button_clicked(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        keep = self.current_id()
        others = [self.model.entity(r).id for r in rows if self.model.entity(r).id != keep]
        if keep and len(others) == 1:
            self.merge_requested.emit(keep, others[0])
