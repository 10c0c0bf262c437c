"""Rows of the label scheme and the guideline; a label edit carries its spans along."""

from __future__ import annotations

from typing import Any

from annotator.core.errors import SchemeError
from annotator.core.links import CUE_LABEL
from annotator.core.model import Label, Layer
from annotator.core.records import LabelEdit, RemovedLabel, StoredLabel
from annotator.core.scheme import Scheme, validate
from annotator.storage.database import ProjectDb, Repository
from annotator.storage.spans import Spans

_LABEL_COLUMNS = "id, position, layer, name, color, key, description"


class Labels(Repository):
    """The scheme; every write is one transaction (a savepoint inside another)."""

    def __init__(self, pdb: ProjectDb, spans: Spans) -> None:
        super().__init__(pdb)
        self._spans = spans

    # -- reading -------------------------------------------------------------------------------

    def all(self) -> list[Label]:
        return [s.label for s in self.rows()]

    def rows(self) -> list[StoredLabel]:
        rows = self._db.execute(f"SELECT {_LABEL_COLUMNS} FROM labels ORDER BY position, id")
        return [_stored(r) for r in rows]

    def get(self, layer: Layer, name: str) -> StoredLabel:
        row = self._db.execute(
            f"SELECT {_LABEL_COLUMNS} FROM labels WHERE layer = ? AND name = ?",
            [layer.value, name],
        ).fetchone()
        if row is None:
            raise SchemeError(f"there is no label {name!r} in layer {layer.value}")
        return _stored(row)

    def guideline(self) -> str:
        row = self._db.execute("SELECT value FROM project WHERE key = 'guideline'").fetchone()
        return str(row[0]) if row else ""

    # -- writing -------------------------------------------------------------------------------

    def replace_all(self, labels: list[Label]) -> None:
        """The scheme becomes ``labels``, in that order (a new project's seed)."""
        Scheme(labels)  # validates
        with self._pdb.writing():
            self._db.execute("DELETE FROM labels")
            self._db.conn.executemany(
                "INSERT INTO labels (position, layer, name, color, key, description) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(i, *_values(lb)) for i, lb in enumerate(labels)],
            )

    def set_guideline(self, text: str) -> None:
        with self._pdb.writing():
            self._db.execute(
                "INSERT INTO project (key, value) VALUES ('guideline', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [text],
            )

    def insert(self, label: Label) -> StoredLabel:
        """Add ``label`` after every other label; refused (SchemeError) if the scheme would
        no longer be valid."""
        with self._pdb.writing():
            validate([*self.all(), label])
            row = self._db.execute("SELECT coalesce(max(position), -1) + 1 FROM labels").fetchone()
            position = int(row[0])
            cur = self._db.execute(
                "INSERT INTO labels (position, layer, name, color, key, description) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [position, *_values(label)],
            )
            return StoredLabel(label, int(cur.lastrowid or 0), position)

    def update(self, before: Label, after: Label) -> LabelEdit:
        """Change one label's name, colour, key or description in one transaction. A new name
        is given to every span of that layer and label (ids kept, ``updated_at`` untouched: the
        annotation is the same, its label is called differently), to the type of every registry
        entity of that type (an entity label) and to the decided proposals of that label."""
        if after.layer is not before.layer:
            raise SchemeError("a label cannot move to another layer")
        renamed = after.name != before.name
        if renamed and before.layer is Layer.QUOTE and CUE_LABEL in (before.name, after.name):
            raise SchemeError(
                f"{CUE_LABEL} marks the words that introduce a quote: it keeps its name "
                "(its colour, key and description can change)"
            )
        with self._pdb.writing():
            current = self.get(before.layer, before.name)
            validate([after if s.row_id == current.row_id else s.label for s in self.rows()])
            span_ids: tuple[str, ...] = ()
            entity_ids: tuple[str, ...] = ()
            if renamed:
                span_ids = self._ids(
                    "SELECT id FROM spans WHERE layer = ? AND label = ?",
                    [before.layer.value, before.name],
                )
                if before.layer is Layer.ENTITY:
                    entity_ids = self._ids("SELECT id FROM entities WHERE type = ?", [before.name])
            self._db.execute(
                "UPDATE labels SET name = ?, color = ?, key = ?, description = ? WHERE id = ?",
                [after.name, after.color, after.key, after.description, current.row_id],
            )
            self._db.conn.executemany(
                "UPDATE spans SET label = ? WHERE id = ?", [(after.name, i) for i in span_ids]
            )
            self._db.conn.executemany(
                "UPDATE entities SET type = ? WHERE id = ?", [(after.name, i) for i in entity_ids]
            )
            if renamed:  # a rejection stays a rejection
                self._db.execute(
                    "UPDATE OR REPLACE proposal_outcomes SET label = ? WHERE label = ?",
                    [after.name, before.name],
                )
        return LabelEdit(current.label, after, span_ids, entity_ids)

    def delete(self, layer: Layer, name: str) -> RemovedLabel:
        """Delete a label and every span of it (every annotator's), each span with its claim
        row and its place in a quote, in one transaction."""
        if layer is Layer.QUOTE and name == CUE_LABEL:
            raise SchemeError(f"{CUE_LABEL} marks the words that introduce a quote: it stays")
        with self._pdb.writing():
            stored = self.get(layer, name)
            spans = tuple(self._spans.where("layer = ? AND label = ?", [layer.value, name]))
            self._spans.delete_many(spans)
            self._db.execute("DELETE FROM labels WHERE id = ?", [stored.row_id])
        return RemovedLabel(stored, spans)

    def _ids(self, sql: str, params: list[Any]) -> tuple[str, ...]:
        return tuple(r[0] for r in self._db.execute(sql, params))


def _values(label: Label) -> list[Any]:
    return [label.layer.value, label.name, label.color, label.key, label.description]


def _stored(r: Any) -> StoredLabel:
    return StoredLabel(Label(Layer(r[2]), r[3], r[4], r[5], r[6]), int(r[0]), int(r[1]))
