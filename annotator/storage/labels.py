"""Rows of the label scheme and the spans named after a label: mixed into ProjectStore."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from annotator.core.errors import SchemeError
from annotator.core.links import CUE_LABEL, Detached
from annotator.core.model import Label, Layer, Span
from annotator.core.scheme import validate

_LABEL_COLUMNS = "id, position, layer, name, color, key, description"


@dataclass(frozen=True)
class StoredLabel:
    """A label with its row id and position in the file, so that undo puts it back in place."""

    label: Label
    row_id: int
    position: int


@dataclass(frozen=True)
class LabelEdit:
    """What changing a label did: the label before and after, and, for a rename, the spans
    (and, for an entity label, the registry entities whose type) that were renamed with it."""

    before: Label
    after: Label
    span_ids: tuple[str, ...] = ()
    entity_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class RemovedLabel:
    """Everything deleting a label took: its row, its spans (every annotator's) and what each
    span's removal detached, in removal order, so that undo restores every row with its id."""

    stored: StoredLabel
    spans: tuple[Span, ...] = ()
    detached: tuple[Detached, ...] = ()


class LabelRows:
    """Mixed into ProjectStore: needs ``self.db`` and the span and link helpers declared below."""

    db: Database

    if TYPE_CHECKING:  # provided by ProjectStore and LinkRows (declared only for the checker)

        def _writing(self) -> contextlib.AbstractContextManager[Database]: ...
        def _detach(self, span: Span) -> Detached: ...
        def _reattach(self, detached: Detached) -> None: ...
        def _insert_span(self, span: Span) -> None: ...
        def _spans_where(self, where: str, params: list[Any]) -> Iterator[Span]: ...

    # -- reading -------------------------------------------------------------------------------

    def label_rows(self) -> list[StoredLabel]:
        rows = self.db.execute(f"SELECT {_LABEL_COLUMNS} FROM labels ORDER BY position, id")
        return [_stored(r) for r in rows]

    def stored_label(self, layer: Layer, name: str) -> StoredLabel:
        row = self.db.execute(
            f"SELECT {_LABEL_COLUMNS} FROM labels WHERE layer = ? AND name = ?",
            [layer.value, name],
        ).fetchone()
        if row is None:
            raise SchemeError(f"there is no label {name!r} in layer {layer.value}")
        return _stored(row)

    def label_span_counts(self, annotator_id: str | None = None) -> dict[tuple[Layer, str], int]:
        """Spans per (layer, label name): every annotator's, or one annotator's."""
        where, params = ("WHERE annotator_id = ?", [annotator_id]) if annotator_id else ("", [])
        rows = self.db.execute(
            f"SELECT layer, label, count(*) FROM spans {where} GROUP BY layer, label", params
        )
        return {(Layer(r[0]), r[1]): r[2] for r in rows}

    # -- writing -------------------------------------------------------------------------------

    def insert_label(self, label: Label) -> StoredLabel:
        """Add ``label`` after every other label; refused (SchemeError) if the scheme would
        no longer be valid."""
        with self._writing():
            validate([*(s.label for s in self.label_rows()), label])
            row = self.db.execute("SELECT coalesce(max(position), -1) + 1 FROM labels").fetchone()
            position = int(row[0])
            cur = self.db.execute(
                "INSERT INTO labels (position, layer, name, color, key, description) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [position, *_values(label)],
            )
            return StoredLabel(label, int(cur.lastrowid or 0), position)

    def update_label(self, before: Label, after: Label) -> LabelEdit:
        """Change one label's name, colour, key or description in one commit. A new name is
        given to every span of that layer and label (ids kept, ``updated_at`` untouched: the
        annotation is the same, its label is called differently) and, for an entity label, to
        the type of every registry entity of that type."""
        if after.layer is not before.layer:
            raise SchemeError("a label cannot move to another layer")
        renamed = after.name != before.name
        if renamed and before.layer is Layer.QUOTE and CUE_LABEL in (before.name, after.name):
            raise SchemeError(
                f"{CUE_LABEL} marks the words that introduce a quote: it keeps its name "
                "(its colour, key and description can change)"
            )
        with self._writing():
            current = self.stored_label(before.layer, before.name)
            validate([after if s.row_id == current.row_id else s.label for s in self.label_rows()])
            span_ids: tuple[str, ...] = ()
            entity_ids: tuple[str, ...] = ()
            if renamed:
                span_ids = self._label_ids(
                    "SELECT id FROM spans WHERE layer = ? AND label = ?",
                    [before.layer.value, before.name],
                )
                if before.layer is Layer.ENTITY:
                    entity_ids = self._label_ids(
                        "SELECT id FROM entities WHERE type = ?", [before.name]
                    )
            edit = LabelEdit(current.label, after, span_ids, entity_ids)
            self._write_edit(current.row_id, after, edit.span_ids, edit.entity_ids)
            self._rename_outcomes(before.name, after.name)
        return edit

    def revert_label_edit(self, edit: LabelEdit) -> None:
        """Put the label back as it was before ``edit``, and the name of exactly the spans and
        entities it renamed."""
        with self._writing():
            current = self.stored_label(edit.after.layer, edit.after.name)
            validate(
                [edit.before if s.row_id == current.row_id else s.label for s in self.label_rows()]
            )
            self._write_edit(current.row_id, edit.before, edit.span_ids, edit.entity_ids)
            self._rename_outcomes(edit.after.name, edit.before.name)

    def _rename_outcomes(self, old: str, new: str) -> None:
        """Decided proposals follow their label's name, so a rejection stays a rejection."""
        if old != new:
            self.db.execute(
                "UPDATE OR REPLACE proposal_outcomes SET label = ? WHERE label = ?", [new, old]
            )

    def _write_edit(
        self, row_id: int, label: Label, span_ids: tuple[str, ...], entity_ids: tuple[str, ...]
    ) -> None:
        self.db.execute(
            "UPDATE labels SET name = ?, color = ?, key = ?, description = ? WHERE id = ?",
            [label.name, label.color, label.key, label.description, row_id],
        )
        self.db.conn.executemany(
            "UPDATE spans SET label = ? WHERE id = ?", [(label.name, i) for i in span_ids]
        )
        self.db.conn.executemany(
            "UPDATE entities SET type = ? WHERE id = ?", [(label.name, i) for i in entity_ids]
        )

    def delete_label(self, layer: Layer, name: str) -> RemovedLabel:
        """Delete a label and every span of it (every annotator's), each span with its claim
        row and its place in a quote, in one commit. Returns all of it, for undo."""
        if layer is Layer.QUOTE and name == CUE_LABEL:
            raise SchemeError(f"{CUE_LABEL} marks the words that introduce a quote: it stays")
        with self._writing():
            stored = self.stored_label(layer, name)
            spans = tuple(self._spans_where("layer = ? AND label = ?", [layer.value, name]))
            detached = []
            for span in spans:
                detached.append(self._detach(span))
                self.db.execute("DELETE FROM spans WHERE id = ?", [span.id])
            self.db.execute("DELETE FROM labels WHERE id = ?", [stored.row_id])
        return RemovedLabel(stored, spans, tuple(detached))

    def restore_label(self, removed: RemovedLabel) -> None:
        """Undo of ``delete_label`` (or redo of ``insert_label``): the label row with its id and
        position, its spans with their ids, and every claim and quote link as it was."""
        label = removed.stored.label
        with self._writing():
            validate([*(s.label for s in self.label_rows()), label])
            self.db.execute(
                f"INSERT INTO labels ({_LABEL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [removed.stored.row_id, removed.stored.position, *_values(label)],
            )
            for span in removed.spans:
                self._insert_span(span)
            # Each removal recorded its quotes as they were after the removals before it, so
            # putting them back in reverse order ends with every quote as it first was.
            for detached in reversed(removed.detached):
                self._reattach(detached)

    def _label_ids(self, sql: str, params: list[Any]) -> tuple[str, ...]:
        return tuple(r[0] for r in self.db.execute(sql, params))


def _values(label: Label) -> list[Any]:
    return [label.layer.value, label.name, label.color, label.key, label.description]


def _stored(r: Any) -> StoredLabel:
    return StoredLabel(Label(Layer(r[2]), r[3], r[4], r[5], r[6]), int(r[0]), int(r[1]))
