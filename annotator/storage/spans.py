"""Rows of spans: every annotator's labelled stretches of every document."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from annotator.core.links import Quote
from annotator.core.model import Layer, Span, Status
from annotator.core.records import Detached
from annotator.storage.columns import SPAN_COLUMNS
from annotator.storage.database import ProjectDb, Repository
from annotator.storage.documents import Documents
from annotator.storage.errors import damaged
from annotator.storage.links import Links

_LAYERS = {layer.value: layer for layer in Layer}
_INSERT = f"INSERT INTO spans ({SPAN_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"


class Spans(Repository):
    """Spans, with the status and link rows an edit of a span moves in the same transaction."""

    def __init__(self, pdb: ProjectDb, documents: Documents, links: Links) -> None:
        super().__init__(pdb)
        self._documents = documents
        self._links = links

    # -- reading -------------------------------------------------------------------------------

    def of(self, document_id: str, annotator_id: str) -> list[Span]:
        """One annotator's spans on one document, in text order (start, longest first, id)."""
        return list(self.where("document_id = ? AND annotator_id = ?", [document_id, annotator_id]))

    def get(self, span_id: str) -> Span:
        found = list(self.where("id = ?", [span_id]))
        if not found:
            raise KeyError(span_id)
        return found[0]

    def exists(self, span_id: str) -> bool:
        return (
            self._db.execute("SELECT 1 FROM spans WHERE id = ?", [span_id]).fetchone() is not None
        )

    def where(self, where: str, params: list[Any]) -> Iterator[Span]:
        rows = self._db.execute(
            f'SELECT {SPAN_COLUMNS} FROM spans WHERE {where} ORDER BY start, "end" DESC, id',
            params,
        )
        for r in rows:
            if type(r[5]) is not int or type(r[6]) is not int or type(r[7]) is not str:
                raise damaged(self._pdb.path, f"span {r[0]!r} has offsets {r[5]!r}..{r[6]!r}")
            layer = _LAYERS.get(r[3])
            if layer is None or type(r[4]) is not str:
                raise damaged(self._pdb.path, f"span {r[0]!r} has layer {r[3]!r}, label {r[4]!r}")
            yield Span(r[0], r[1], r[2], layer, r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11])

    def counts_by_annotator(self) -> dict[str, int]:
        rows = self._db.execute("SELECT annotator_id, count(*) FROM spans GROUP BY annotator_id")
        return {r[0]: r[1] for r in rows}

    def any_by(self, annotator_id: str) -> bool:
        """Whether the annotator has a span (the first one found ends the look-up)."""
        row = self._db.execute(
            "SELECT EXISTS (SELECT 1 FROM spans WHERE annotator_id = ?)", [annotator_id]
        ).fetchone()
        return bool(row[0])

    def counts_on(self, document_id: str) -> dict[str, int]:
        """Spans per annotator id on one document."""
        rows = self._db.execute(
            "SELECT annotator_id, count(*) FROM spans WHERE document_id = ? GROUP BY annotator_id",
            [document_id],
        )
        return {r[0]: r[1] for r in rows}

    def count(self, document_id: str) -> int:
        """Every annotator's spans on the document."""
        row = self._db.execute(
            "SELECT count(*) FROM spans WHERE document_id = ?", [document_id]
        ).fetchone()
        return int(row[0])

    def label_counts(self, annotator_id: str | None = None) -> dict[tuple[Layer, str], int]:
        """Spans per (layer, label name): every annotator's, or one annotator's."""
        where, params = ("WHERE annotator_id = ?", [annotator_id]) if annotator_id else ("", [])
        rows = self._db.execute(
            f"SELECT layer, label, count(*) FROM spans {where} GROUP BY layer, label", params
        )
        return {(Layer(r[0]), r[1]): r[2] for r in rows}

    # -- writing -------------------------------------------------------------------------------

    def insert(
        self, span: Span, *, status_after: Status | None = None, quote: Quote | None = None
    ) -> None:
        """Insert ``span``, in the same transaction moving its annotator's document status and
        storing ``quote`` as given (a new quote of this segment, or a quote it joins)."""
        with self._pdb.writing():
            self._db.execute(_INSERT, _row(span))
            if status_after is not None:
                self._documents.write_status(span.document_id, span.annotator_id, status_after)
            if quote is not None:
                self._links.put_quote(quote)

    def insert_many(
        self, spans: Iterable[Span], statuses: dict[tuple[str, str], Status] | None = None
    ) -> None:
        """Insert several spans and set (document, annotator) statuses in one transaction."""
        with self._pdb.writing():
            self._db.conn.executemany(_INSERT, [_row(s) for s in spans])
            for (document_id, annotator_id), status in (statuses or {}).items():
                self._documents.write_status(document_id, annotator_id, status)

    def update(self, span: Span) -> None:
        """Replace the span with ``span.id``; it never changes document or annotator (KeyError)."""
        with self._pdb.writing():
            cur = self._db.execute(
                'UPDATE spans SET layer = ?, label = ?, start = ?, "end" = ?, text = ?, note = ?, '
                "updated_at = ?, entity_id = ? "
                "WHERE id = ? AND document_id = ? AND annotator_id = ?",
                [
                    span.layer.value,
                    span.label,
                    span.start,
                    span.end,
                    span.text,
                    span.note,
                    span.updated_at,
                    span.entity_id,
                    span.id,
                    span.document_id,
                    span.annotator_id,
                ],
            )
            if cur.rowcount != 1:
                raise KeyError(span.id)

    def delete(self, span: Span) -> Detached:
        """Delete ``span`` with its claim row and its place in a quote, in one transaction.
        Returns what was detached (the quote's other spans change too)."""
        with self._pdb.writing():
            detached = self._links.detach(span)
            cur = self._db.execute("DELETE FROM spans WHERE id = ?", [span.id])
            if cur.rowcount != 1:
                raise KeyError(span.id)
        return detached

    def delete_many(self, spans: Iterable[Span]) -> list[Detached]:
        """``delete`` of each, in order, in one transaction."""
        with self._pdb.writing():
            return [self.delete(span) for span in spans]


def _row(s: Span) -> list[Any]:
    return [
        s.id,
        s.document_id,
        s.annotator_id,
        s.layer.value,
        s.label,
        s.start,
        s.end,
        s.text,
        s.note,
        s.created_at,
        s.updated_at,
        s.entity_id,
    ]
