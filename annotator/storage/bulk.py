"""Many rows at once: a whole import file in one transaction, a whole project read for export.

Rows travel as plain tuples in the column order of their tables (named below), not as core
objects: an import or export of 500,000 spans would otherwise spend most of its time making and
unmaking dataclasses. The format code checks the rows; this module only stores and reads them.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from annotator.core.model import Label, Layer
from annotator.core.scheme import validate
from annotator.storage.columns import CLAIM_COLUMNS, ENTITY_COLUMNS, QUOTE_COLUMNS, SPAN_COLUMNS
from annotator.storage.errors import ProjectError

# -- rows read for export ----------------------------------------------------------------------

DocumentRow = tuple[str, str, str, str | None, str, str]
"""id, text, title, date, source, sha256"""
SpanRow = tuple[str, int, int, str, str, str, str | None, str]
"""id, start, end, text, layer, label, entity_id, note"""
QuoteRow = tuple[str, list[str], str | None, str | None, str, str, str]
"""id, segment span ids in order, cue span id, speaker entity id, speaker_text, type, note"""
ClaimRow = tuple[str, str, str | None, str, str, str, str]
"""span_id, claimer_kind, claimer_entity_id, stance, check_worthiness, verdict, evidence"""
EntityRow = tuple[str, str, str, list[str], str]
"""id, name, type, aliases, wikidata ('' if none)"""

_BULK_CACHE_KIB = 65536  # page cache while a bulk write runs: random-id index inserts stay in RAM


@dataclass(frozen=True, slots=True)
class Work:
    """One annotator's work on one document, as stored: spans in text order
    (start, longest first, id), quotes and claim rows, and the (document, annotator) status."""

    annotator_id: str
    status: str
    spans: list[SpanRow]
    quotes: list[QuoteRow]
    claims: list[ClaimRow]


# -- rows written by an import ------------------------------------------------------------------


@dataclass
class BulkBatch:
    """Rows for ``bulk_write``, each a tuple in its table's column order (see the SQL below).

    ``documents`` rows have no position: they are put after every other document, in order.
    ``annotators`` are added only if their id is new (a known annotator keeps their name).
    ``replace`` lists (document id, annotator id) pairs whose stored work (spans, quotes with
    their segments, claims, status) is deleted before the batch's rows are written: work
    brought in again replaces what was brought in before.
    """

    labels: list[Label] = field(default_factory=list)
    annotators: list[tuple[str, str, str]] = field(default_factory=list)  # id, name, created_at
    # id, sha256, text, title, date, source, created_at
    documents: list[tuple[str, str, str, str, str | None, str, str]] = field(default_factory=list)
    entities: list[tuple[Any, ...]] = field(default_factory=list)  # ENTITY_COLUMNS
    spans: list[tuple[Any, ...]] = field(default_factory=list)  # SPAN_COLUMNS
    quotes: list[tuple[Any, ...]] = field(default_factory=list)  # QUOTE_COLUMNS
    segments: list[tuple[str, str, int]] = field(default_factory=list)  # quote_id, span_id, pos
    claims: list[tuple[Any, ...]] = field(default_factory=list)  # CLAIM_COLUMNS
    statuses: list[tuple[str, str, str, str]] = field(default_factory=list)  # doc, ann, status, at
    replace: list[tuple[str, str]] = field(default_factory=list)  # document id, annotator id


@dataclass
class BulkTotals:
    """How many rows ``bulk_write`` added, by kind."""

    labels: int = 0
    annotators: int = 0
    documents: int = 0
    entities: int = 0
    spans: int = 0
    quotes: int = 0
    claims: int = 0
    statuses: int = 0
    replaced: int = 0  # (document, annotator) works deleted to be replaced


class BulkConflict(ProjectError):
    """A bulk write broke a constraint of the file (an id already used, a dangling reference);
    nothing of it was written."""


def _insert(table: str, columns: str) -> str:
    marks = ", ".join("?" * (columns.count(",") + 1))
    return f"INSERT INTO {table} ({columns}) VALUES ({marks})"


_INSERTS = {
    "entities": _insert("entities", ENTITY_COLUMNS),
    "spans": _insert("spans", SPAN_COLUMNS),
    "quotes": _insert("quotes", QUOTE_COLUMNS),
    "segments": _insert("quote_segments", "quote_id, span_id, position"),
    "claims": _insert("claims", CLAIM_COLUMNS),
    "statuses": _insert("document_status", "document_id, annotator_id, status, updated_at"),
}


class BulkRows:
    """Mixed into ProjectStore: needs ``self.db`` and ``self._writing()``."""

    db: Database

    if TYPE_CHECKING:  # provided by ProjectStore (declared only for the checker)

        def _writing(self) -> contextlib.AbstractContextManager[Database]: ...

    # -- writing -------------------------------------------------------------------------------

    def bulk_write(self, batches: Iterable[BulkBatch]) -> BulkTotals:
        """Write every batch in one transaction: all of them, or nothing if anything fails
        (including an exception raised by whoever produces ``batches``, which may read the
        project meanwhile). A broken constraint raises BulkConflict."""
        totals = BulkTotals()
        conn = self.db.conn
        with self._writing():
            cache = conn.execute("PRAGMA cache_size").fetchone()[0]
            conn.execute(f"PRAGMA cache_size = -{_BULK_CACHE_KIB}")
            try:
                row = conn.execute("SELECT coalesce(max(position), -1) FROM documents").fetchone()
                position = int(row[0]) + 1
                for batch in batches:
                    self._write_batch(batch, position, totals)
                    position += len(batch.documents)
            except sqlite3.IntegrityError as exc:
                raise BulkConflict(f"the rows break a rule of the project file ({exc})") from None
            finally:
                conn.execute(f"PRAGMA cache_size = {int(cache)}")
        return totals

    def _write_batch(self, batch: BulkBatch, position: int, totals: BulkTotals) -> None:
        conn = self.db.conn
        for document_id, annotator_id in batch.replace:
            self._clear_work(document_id, annotator_id)
            totals.replaced += 1
        if batch.labels:
            stored = conn.execute("SELECT layer, name, color, key, description FROM labels")
            validate([*(Label(Layer(r[0]), *r[1:]) for r in stored), *batch.labels])
            row = conn.execute("SELECT coalesce(max(position), -1) FROM labels").fetchone()
            conn.executemany(
                "INSERT INTO labels (position, layer, name, color, key, description) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (int(row[0]) + 1 + i, lb.layer.value, lb.name, lb.color, lb.key, lb.description)
                    for i, lb in enumerate(batch.labels)
                ],
            )
            totals.labels += len(batch.labels)
        if batch.annotators:
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO annotators (id, name, created_at) VALUES (?, ?, ?)",
                batch.annotators,
            )
            totals.annotators += conn.total_changes - before
        if batch.documents:
            conn.executemany(
                "INSERT INTO documents (id, sha256, text, title, date, source, created_at, "
                "position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(*d, position + i) for i, d in enumerate(batch.documents)],
            )
            totals.documents += len(batch.documents)
        for kind in ("entities", "spans", "quotes", "segments", "claims", "statuses"):
            rows: list[Any] = getattr(batch, kind)
            if rows:
                conn.executemany(_INSERTS[kind], rows)
                if kind != "segments":
                    setattr(totals, kind, getattr(totals, kind) + len(rows))

    def _clear_work(self, document_id: str, annotator_id: str) -> None:
        """Delete one annotator's work on one document: quote segments, quotes, claim rows,
        spans and status (inside the caller's transaction). Entities stay: the registry is
        project-wide. A row elsewhere that still refers to a deleted span breaks a foreign key
        and the whole write is refused."""
        conn, key = self.db.conn, (document_id, annotator_id)
        spans = "SELECT id FROM spans WHERE document_id = ? AND annotator_id = ?"
        quotes = "SELECT id FROM quotes WHERE document_id = ? AND annotator_id = ?"
        conn.execute(f"DELETE FROM quote_segments WHERE quote_id IN ({quotes})", key)
        conn.execute(f"DELETE FROM quote_segments WHERE span_id IN ({spans})", key)
        conn.execute("DELETE FROM quotes WHERE document_id = ? AND annotator_id = ?", key)
        conn.execute(f"DELETE FROM claims WHERE span_id IN ({spans})", key)
        conn.execute("DELETE FROM spans WHERE document_id = ? AND annotator_id = ?", key)
        conn.execute("DELETE FROM document_status WHERE document_id = ? AND annotator_id = ?", key)

    # -- reading -------------------------------------------------------------------------------

    def annotators_with_work(self) -> set[str]:
        """Ids of the annotators who have a span or a document status somewhere."""
        rows = self.db.execute(
            "SELECT annotator_id FROM spans UNION SELECT annotator_id FROM document_status"
        )
        return {r[0] for r in rows}

    def document_rows(self) -> Iterator[DocumentRow]:
        """Every document in list order, with its text."""
        yield from self.db.conn.execute(
            "SELECT id, text, title, date, source, sha256 FROM documents ORDER BY position"
        )

    def document_ids_by_sha(self) -> dict[str, str]:
        """Text hash -> document id, for every document."""
        return {r[0]: r[1] for r in self.db.execute("SELECT sha256, id FROM documents")}

    def entity_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT id FROM entities")}

    def document_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def entity_rows(self) -> dict[str, EntityRow]:
        """Every registry entity as a row, by id."""
        rows = self.db.execute("SELECT id, name, type, aliases, wikidata FROM entities")
        return {r[0]: (r[0], r[1], r[2], json.loads(r[3]), r[4]) for r in rows}

    def export_rows(
        self, annotator_ids: Sequence[str], *, only_done: bool = False
    ) -> Iterator[tuple[DocumentRow, list[Work]]]:
        """Every document in list order with the work of each of ``annotator_ids`` on it (in
        that order) who has spans there or a status (``only_done``: status done). A document
        nobody of them worked on comes with an empty list (so callers can count progress).

        Rows are read as the documents are: the export streams, whatever the project's size.
        """
        conn = self.db.conn
        marks = ", ".join("?" * len(annotator_ids))
        statuses: dict[tuple[str, str], str] = {
            (r[0], r[1]): r[2]
            for r in conn.execute(
                "SELECT document_id, annotator_id, status FROM document_status "
                f"WHERE annotator_id IN ({marks})",
                list(annotator_ids),
            )
        }
        spans_sql = (
            'SELECT id, start, "end", text, layer, label, entity_id, note FROM spans '
            'WHERE document_id = ? AND annotator_id = ? ORDER BY start, "end" DESC, id'
        )
        reader = conn.cursor()
        documents = conn.execute(
            "SELECT id, text, title, date, source, sha256 FROM documents ORDER BY position"
        )
        for document in documents:
            doc_id = document[0]
            works: list[Work] = []
            for annotator_id in annotator_ids:
                status = statuses.get((doc_id, annotator_id), "not_started")
                if only_done and status != "done":
                    continue
                spans: list[SpanRow] = reader.execute(spans_sql, (doc_id, annotator_id)).fetchall()
                if not spans and status == "not_started":
                    continue
                layers = {s[4] for s in spans}
                quotes = self._quote_rows(doc_id, annotator_id) if "quote" in layers else []
                claims = self._claim_rows(doc_id, annotator_id) if "claim" in layers else []
                works.append(Work(annotator_id, status, spans, quotes, claims))
            yield document, works

    def _quote_rows(self, document_id: str, annotator_id: str) -> list[QuoteRow]:
        conn = self.db.conn
        segments: dict[str, list[str]] = {}
        for quote_id, span_id in conn.execute(
            "SELECT g.quote_id, g.span_id FROM quote_segments g JOIN quotes q ON q.id = g.quote_id "
            "WHERE q.document_id = ? AND q.annotator_id = ? ORDER BY g.quote_id, g.position",
            (document_id, annotator_id),
        ):
            segments.setdefault(quote_id, []).append(span_id)
        return [
            (r[0], segments.get(r[0], []), r[1], r[2], r[3], r[4], r[5])
            for r in conn.execute(
                "SELECT id, cue_span_id, speaker_entity_id, speaker_text, quote_type, note "
                "FROM quotes WHERE document_id = ? AND annotator_id = ? ORDER BY created_at, id",
                (document_id, annotator_id),
            )
        ]

    def _claim_rows(self, document_id: str, annotator_id: str) -> list[ClaimRow]:
        return self.db.conn.execute(
            "SELECT c.span_id, c.claimer_kind, c.claimer_entity_id, c.stance, "
            "c.check_worthiness, c.verdict, c.evidence FROM claims c "
            "JOIN spans s ON s.id = c.span_id WHERE s.document_id = ? AND s.annotator_id = ?",
            (document_id, annotator_id),
        ).fetchall()


__all__ = [
    "BulkBatch",
    "BulkConflict",
    "BulkRows",
    "BulkTotals",
    "ClaimRow",
    "DocumentRow",
    "EntityRow",
    "QuoteRow",
    "SpanRow",
    "Work",
]
