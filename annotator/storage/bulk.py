"""Many rows at once: a whole import file in one transaction, a whole project read for export.

Rows travel as plain tuples in the column order of their tables (``core.rows``), not as core
objects. The format code checks the rows; this module only stores and reads them.

A write into a project without documents (a new project, the usual first import) drops the
secondary indexes of the tables it fills and builds them again after the last row, in the same
transaction: each row then updates only its table and its key, and an index is built once by
sorting instead of growing by random inserts (documents come in any order, so every span would
land on a random page of ``spans_by_document``). Nothing of that is ever visible: the project
is read through the same transaction, and a failure or a crash rolls back to the indexes as
they were. Unique indexes stay: they are rules the rows must keep as they are written.

Such a write also leaves its rows out of the full-text index (``storage.search.leave_to_build``,
in the same transaction): the search triggers skip them, and the index is built afterwards a
chunk at a time, as after an upgrade (the window on idle turns, ``annotator search`` before it
answers, both saying how far it is). Measured on the 10,000-document scale project (loaded
machine, medians of three alternated imports): 14.8 s with the triggers, 12.5 s indexing the
rows in one pass at the end of the load (1.5 s of it the pass, the rest its commit), 9.3 s
leaving them to the build (which then takes about 1.8 s).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from annotator.core.model import Label, Layer
from annotator.core.rows import (
    BulkBatch,
    BulkTotals,
    ClaimRow,
    DocumentRow,
    QuoteRow,
    SpanRow,
    Work,
)
from annotator.core.scheme import validate
from annotator.storage.columns import CLAIM_COLUMNS, ENTITY_COLUMNS, QUOTE_COLUMNS, SPAN_COLUMNS
from annotator.storage.database import ProjectDb, Repository
from annotator.storage.errors import BulkConflict
from annotator.storage.search import leave_to_build

BULK_CACHE_KIB = 65536  # page cache while a bulk write runs: random-id index inserts stay in RAM
# The tables a bulk write fills, whose non-unique indexes are built after a load into an empty
# project.
_FILLED = (
    "documents",
    "entities",
    "spans",
    "quotes",
    "quote_segments",
    "claims",
    "document_status",
)


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


class Bulk(Repository):
    """Whole files of rows: one transaction per import, one streamed read per export."""

    def __init__(self, pdb: ProjectDb) -> None:
        super().__init__(pdb)

    # -- writing -------------------------------------------------------------------------------

    def write(self, batches: Iterable[BulkBatch]) -> BulkTotals:
        """Write every batch in one transaction: all of them, or nothing if anything fails
        (including an exception raised by whoever produces ``batches``, which may read the
        project meanwhile). A broken constraint raises BulkConflict."""
        totals = BulkTotals()
        conn = self._db.conn
        with self._pdb.writing():
            cache = conn.execute("PRAGMA cache_size").fetchone()[0]
            conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
            try:
                row = conn.execute("SELECT coalesce(max(position), -1) FROM documents").fetchone()
                position = int(row[0]) + 1
                deferred = self._drop_indexes() if position == 0 else []
                if position == 0:
                    leave_to_build(conn)
                for batch in batches:
                    self._write_batch(batch, position, totals)
                    position += len(batch.documents)
                for statement in deferred:
                    conn.execute(statement)
            except sqlite3.IntegrityError as exc:
                raise BulkConflict(f"the rows break a rule of the project file ({exc})") from None
            finally:
                conn.execute(f"PRAGMA cache_size = {int(cache)}")
        return totals

    def _drop_indexes(self) -> list[str]:
        """Drop the non-unique indexes of the tables a bulk write fills (inside the caller's
        transaction); returns the statements that make them again, as the schema has them."""
        conn = self._db.conn
        marks = ", ".join("?" * len(_FILLED))
        found: list[tuple[str, str]] = conn.execute(
            "SELECT m.name, m.sql FROM sqlite_master m "
            f"WHERE m.type = 'index' AND m.sql IS NOT NULL AND m.tbl_name IN ({marks}) "
            'AND NOT (SELECT i."unique" FROM pragma_index_list(m.tbl_name) i '
            "WHERE i.name = m.name) ORDER BY m.name",
            _FILLED,
        ).fetchall()
        for name, _ in found:
            conn.execute(f'DROP INDEX "{name}"')
        return [sql for _, sql in found]

    def _write_batch(self, batch: BulkBatch, position: int, totals: BulkTotals) -> None:
        conn = self._db.conn
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
                "meta, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
        conn, key = self._db.conn, (document_id, annotator_id)
        spans = "SELECT id FROM spans WHERE document_id = ? AND annotator_id = ?"
        quotes = "SELECT id FROM quotes WHERE document_id = ? AND annotator_id = ?"
        conn.execute(f"DELETE FROM quote_segments WHERE quote_id IN ({quotes})", key)
        conn.execute(f"DELETE FROM quote_segments WHERE span_id IN ({spans})", key)
        conn.execute("DELETE FROM quotes WHERE document_id = ? AND annotator_id = ?", key)
        conn.execute(f"DELETE FROM claims WHERE span_id IN ({spans})", key)
        conn.execute("DELETE FROM spans WHERE document_id = ? AND annotator_id = ?", key)
        conn.execute("DELETE FROM document_status WHERE document_id = ? AND annotator_id = ?", key)

    # -- reading -------------------------------------------------------------------------------

    def export_rows(
        self, annotator_ids: Sequence[str], *, only_done: bool = False
    ) -> Iterator[tuple[DocumentRow, list[Work]]]:
        """Every document in list order with the work of each of ``annotator_ids`` on it (in
        that order) who has spans there or a status (``only_done``: status done). A document
        nobody of them worked on comes with an empty list (so callers can count progress).

        Rows are read as the documents are: the export streams, whatever the project's size.
        """
        conn = self._db.conn
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
            "SELECT id, text, title, date, source, sha256, meta FROM documents ORDER BY position"
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
        conn = self._db.conn
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
        return self._db.conn.execute(
            "SELECT c.span_id, c.claimer_kind, c.claimer_entity_id, c.stance, "
            "c.check_worthiness, c.verdict, c.evidence FROM claims c "
            "JOIN spans s ON s.id = c.span_id WHERE s.document_id = ? AND s.annotator_id = ?",
            (document_id, annotator_id),
        ).fetchall()
