"""The project file as objects: documents, labels, annotators, spans, statuses."""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from annotator.core.links import CUE_LABEL, Detached, Quote
from annotator.core.model import (
    Annotator,
    Document,
    DocumentMeta,
    Label,
    Layer,
    Span,
    Status,
    now_iso,
)
from annotator.core.scheme import Scheme
from annotator.storage.bulk import BulkRows
from annotator.storage.columns import SPAN_COLUMNS
from annotator.storage.decisions import DecisionRows
from annotator.storage.errors import ProjectError, ReadOnlyProject
from annotator.storage.labels import LabelRows
from annotator.storage.links import LinkRows
from annotator.storage.lock import WriterLock
from annotator.storage.migrations import SCHEMA_VERSION, migrations
from annotator.storage.opening import connect_readonly, inspect
from annotator.storage.outcomes import OutcomeRows
from annotator.storage.removal import DocumentRemoval
from annotator.storage.removal import RemovedDocument as RemovedDocument

_LAYERS = {layer.value: layer for layer in Layer}

# The rules of core.checklist.incomplete, counted in SQL for the whole document list at once
# (tests check both agree): quotes without a speaker, quote segments outside any quote, claims
# without a claimer, entity mentions without an entity.
_WARNINGS_SQL = f"""(
    (SELECT count(*) FROM quotes q WHERE q.document_id = d.id AND q.annotator_id = :a
        AND q.speaker_entity_id IS NULL AND trim(q.speaker_text) = '')
  + (SELECT count(*) FROM spans p WHERE p.document_id = d.id AND p.annotator_id = :a
        AND p.layer = 'quote' AND p.label != '{CUE_LABEL}'
        AND p.id NOT IN (SELECT span_id FROM quote_segments))
  + (SELECT count(*) FROM spans p LEFT JOIN claims c ON c.span_id = p.id
        WHERE p.document_id = d.id AND p.annotator_id = :a AND p.layer = 'claim'
        AND (c.span_id IS NULL OR c.claimer_kind = ''
             OR (c.claimer_kind = 'entity' AND c.claimer_entity_id IS NULL)
             OR (c.claimer_kind = 'quote' AND NOT EXISTS (
                 SELECT 1 FROM quote_segments qs
                 JOIN spans seg ON seg.id = qs.span_id
                 JOIN quotes q ON q.id = qs.quote_id
                 WHERE seg.document_id = p.document_id AND seg.start <= p.start
                   AND seg."end" >= p."end"
                   AND (q.speaker_entity_id IS NOT NULL OR trim(q.speaker_text) != '')))))
  + (SELECT count(*) FROM spans p WHERE p.document_id = d.id AND p.annotator_id = :a
        AND p.layer = 'entity' AND p.entity_id IS NULL)
)"""


class ProjectStore(LinkRows, LabelRows, BulkRows, DecisionRows, OutcomeRows, DocumentRemoval):
    """One open project file. Every write method is one committed transaction."""

    def __init__(self, path: Path, db: Database, read_only: bool, lock: WriterLock | None) -> None:
        self.path = path
        self.db = db
        self.read_only = read_only
        self._lock = lock

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: Path, *, who: str = "annotator", read_only: bool = False, scheme: Scheme | None
    ) -> ProjectStore:
        """Open (creating if absent) the project at ``path``.

        The file is inspected read-only first: a file that is not ours or is too new is refused
        before anything, ``journal_mode`` included, is written. A file we may not write, or
        ``read_only=True``, opens read-only. A writable open takes the writer lock.
        ``scheme`` seeds the labels of a new file.
        """
        path = Path(path)
        state = inspect(path)
        if read_only or not state.writable:
            if not state.exists or state.version == 0:
                raise ProjectError(f"{path}: cannot create a project here (read-only)")
            db = Database(connect_readonly(path))
            return cls(path, db, read_only=True, lock=None)
        lock = WriterLock(path)
        lock.acquire(who)
        conn: sqlite3.Connection | None = None
        try:
            if 0 < state.version < SCHEMA_VERSION:
                _backup(path, path.with_name(f"{path.name}.v{state.version}.bak"))
            conn = sqlite3.connect(str(path), isolation_level=None, timeout=10)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            db = Database(conn)
            store = cls(path, db, read_only=False, lock=lock)
            if state.version == 0:
                # A new file is made in one transaction: an interruption leaves no half project
                # (tables without labels, or a migrations table without our application_id).
                with db.atomic():
                    migrations.apply(db)
                    store._seed(scheme)
            else:
                migrations.apply(db)
            return store
        except BaseException:
            if conn is not None:
                conn.close()
            lock.release()
            raise

    def worker_connection(self) -> ProjectStore:
        """Another writable connection to this project for a worker thread of the process
        that holds the writer lock (a long import): SQLite serialises the two connections and
        the lock stays where it is. Close it when the work is done."""
        if self.read_only:
            raise ReadOnlyProject(f"{self.path} is open read-only")
        conn = sqlite3.connect(
            str(self.path), isolation_level=None, timeout=30, check_same_thread=False
        )
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        return ProjectStore(self.path, Database(conn), read_only=False, lock=None)

    def _seed(self, scheme: Scheme | None) -> None:
        with self.db.atomic():
            self.db.execute(
                "INSERT OR IGNORE INTO project (key, value) VALUES ('created_at', ?)", [now_iso()]
            )
            if scheme is not None:  # a new file: the scheme replaces what migrations added
                self.replace_labels(list(scheme))
                self.set_guideline(scheme.guideline)

    def close(self) -> None:
        if not self.read_only:
            with contextlib.suppress(sqlite3.Error):
                # Fold the WAL back into the file, so a plain copy of it is complete.
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.db.close()
        if self._lock is not None:
            self._lock.release()

    def _writing(self) -> contextlib.AbstractContextManager[Database]:
        if self.read_only:
            raise ReadOnlyProject(f"{self.path} is open read-only; the edit was not made")
        return self.db.atomic()

    def backup_to(self, target: Path, progress: Callable[[int, int], None] | None = None) -> None:
        """Write a consistent copy of the project to ``target`` through SQLite's backup API,
        edits still in the ``-wal`` included, even while another connection writes (the copy
        starts over if the file changes under it). The copy is one self-contained file (no
        ``-wal``), written under a temporary name and renamed over ``target`` when complete.
        ``progress`` hears (pages copied, pages in all) and may raise to cancel: ``target``
        is then left as it was."""
        target = Path(target)
        if target.resolve() == self.path.resolve():
            raise ProjectError(f"{target} is the project file itself; choose another name")
        if any(target.with_name(target.name + s).exists() for s in ("-wal", "-journal")):
            raise ProjectError(
                f"{target} has a -wal or -journal file beside it (open somewhere, or not closed "
                "cleanly); choose another name"
            )
        if target.is_dir():
            raise ProjectError(f"{target} is a folder; give the name of the copy to write")
        if not target.parent.is_dir():
            raise ProjectError(f"{target}: the folder {target.parent} does not exist")
        temp = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
        dest = sqlite3.connect(str(temp), isolation_level=None)
        try:
            step = (
                None if progress is None else lambda _, left, pages: progress(pages - left, pages)
            )
            self.db.conn.backup(dest, pages=1024, progress=step)
            dest.execute("PRAGMA journal_mode = DELETE")  # one file, whatever the source uses
            dest.close()  # each step was committed with synchronous = FULL (the default)
            os.replace(temp, target)
            with contextlib.suppress(OSError):  # make the rename itself durable
                folder = os.open(target.parent, os.O_RDONLY)
                os.fsync(folder)
                os.close(folder)
        except BaseException as exc:
            dest.close()
            for suffix in ("", "-journal", "-wal", "-shm"):
                temp.with_name(temp.name + suffix).unlink(missing_ok=True)
            if isinstance(exc, sqlite3.Error):
                raise ProjectError(f"{target}: the copy could not be written ({exc})") from None
            raise

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file (cheap to poll)."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    # -- annotators ----------------------------------------------------------------------------

    def ensure_annotator(self, annotator: Annotator) -> None:
        """Record the annotator, or their new name if they renamed themselves."""
        row = self.db.execute("SELECT name FROM annotators WHERE id = ?", [annotator.id]).fetchone()
        if row is not None and row[0] == annotator.name:
            return
        if self.read_only:
            return
        with self._writing():
            self.db.execute(
                "INSERT INTO annotators (id, name, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET name = excluded.name",
                [annotator.id, annotator.name, now_iso()],
            )

    def annotators(self) -> list[Annotator]:
        rows = self.db.execute("SELECT id, name FROM annotators ORDER BY created_at, id")
        return [Annotator(id=r[0], name=r[1]) for r in rows]

    # -- labels --------------------------------------------------------------------------------

    def labels(self) -> list[Label]:
        rows = self.db.execute(
            "SELECT layer, name, color, key, description FROM labels ORDER BY position, id"
        )
        return [Label(Layer(r[0]), r[1], r[2], r[3], r[4]) for r in rows]

    def replace_labels(self, labels: list[Label]) -> None:
        Scheme(labels)  # validates
        with self._writing():
            self.db.execute("DELETE FROM labels")
            self.db.conn.executemany(
                "INSERT INTO labels (position, layer, name, color, key, description) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (i, lb.layer.value, lb.name, lb.color, lb.key, lb.description)
                    for i, lb in enumerate(labels)
                ],
            )

    def guideline(self) -> str:
        row = self.db.execute("SELECT value FROM project WHERE key = 'guideline'").fetchone()
        return str(row[0]) if row else ""

    def set_guideline(self, text: str) -> None:
        with self._writing():
            self.db.execute(
                "INSERT INTO project (key, value) VALUES ('guideline', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [text],
            )

    # -- documents -----------------------------------------------------------------------------

    def add_documents(self, documents: Iterable[Document]) -> list[Document]:
        """Insert documents at the end of the list, in one transaction; returns them stored."""
        added: list[Document] = []
        with self._writing():
            row = self.db.execute("SELECT coalesce(max(position), -1) FROM documents").fetchone()
            position = int(row[0])
            for doc in documents:
                position += 1
                stored = Document(
                    id=doc.id,
                    text=doc.text,
                    title=doc.title,
                    date=doc.date,
                    source=doc.source,
                    sha256=doc.sha256,
                    position=position,
                    created_at=doc.created_at or now_iso(),
                )
                self._insert_document(stored)
                added.append(stored)
        return added

    def _insert_document(self, doc: Document) -> None:
        self.db.execute(
            "INSERT INTO documents (id, sha256, text, title, date, source, position, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                doc.id,
                doc.sha256,
                doc.text,
                doc.title,
                doc.date,
                doc.source,
                doc.position,
                doc.created_at,
            ],
        )

    def document(self, document_id: str) -> Document:
        row = self.db.execute(
            "SELECT id, text, title, date, source, sha256, position, created_at "
            "FROM documents WHERE id = ?",
            [document_id],
        ).fetchone()
        if row is None:
            raise KeyError(document_id)
        return Document(*row)

    def document_titles_by_sha(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.db.execute("SELECT sha256, title FROM documents")}

    def documents_meta(
        self, annotator_id: str, document_id: str | None = None
    ) -> list[DocumentMeta]:
        """The document list for one annotator (or one row of it), without the texts."""
        rows = self.db.execute(
            f"""
            SELECT d.id, d.title, d.date, d.source, d.position, s.status,
                   (SELECT count(*) FROM spans p
                     WHERE p.document_id = d.id AND p.annotator_id = :a),
                   {_WARNINGS_SQL}
            FROM documents d
            LEFT JOIN document_status s ON s.document_id = d.id AND s.annotator_id = :a
            {"WHERE d.id = :d" if document_id is not None else ""}
            ORDER BY d.position
            """,
            {"a": annotator_id, "d": document_id},
        )
        return [
            DocumentMeta(
                id=r[0],
                title=r[1],
                date=r[2],
                source=r[3],
                position=r[4],
                status=Status(r[5]) if r[5] else Status.NOT_STARTED,
                span_count=r[6],
                warnings=r[7],
            )
            for r in rows
        ]

    def update_document_meta(
        self, document_id: str, *, title: str, date: str | None, source: str
    ) -> None:
        with self._writing():
            cur = self.db.execute(
                "UPDATE documents SET title = ?, date = ?, source = ? WHERE id = ?",
                [title, date, source, document_id],
            )
            if cur.rowcount != 1:
                raise KeyError(document_id)

    # -- status --------------------------------------------------------------------------------

    def status(self, document_id: str, annotator_id: str) -> Status:
        row = self.db.execute(
            "SELECT status FROM document_status WHERE document_id = ? AND annotator_id = ?",
            [document_id, annotator_id],
        ).fetchone()
        return Status(row[0]) if row else Status.NOT_STARTED

    def set_status(self, document_id: str, annotator_id: str, status: Status) -> None:
        with self._writing():
            self._set_status(document_id, annotator_id, status)

    def _set_status(self, document_id: str, annotator_id: str, status: Status) -> None:
        if status is Status.NOT_STARTED:
            self.db.execute(
                "DELETE FROM document_status WHERE document_id = ? AND annotator_id = ?",
                [document_id, annotator_id],
            )
            return
        self.db.execute(
            "INSERT INTO document_status (document_id, annotator_id, status, updated_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (document_id, annotator_id) DO UPDATE SET "
            "status = excluded.status, updated_at = excluded.updated_at",
            [document_id, annotator_id, status.value, now_iso()],
        )

    # -- spans ---------------------------------------------------------------------------------

    def spans(self, document_id: str, annotator_id: str) -> list[Span]:
        return list(
            self._spans_where("document_id = ? AND annotator_id = ?", [document_id, annotator_id])
        )

    def span_counts_by_annotator(self) -> dict[str, int]:
        rows = self.db.execute("SELECT annotator_id, count(*) FROM spans GROUP BY annotator_id")
        return {r[0]: r[1] for r in rows}

    def span_count(self, document_id: str) -> int:
        row = self.db.execute(
            "SELECT count(*) FROM spans WHERE document_id = ?", [document_id]
        ).fetchone()
        return int(row[0])

    def span(self, span_id: str) -> Span:
        found = list(self._spans_where("id = ?", [span_id]))
        if not found:
            raise KeyError(span_id)
        return found[0]

    def _spans_where(self, where: str, params: list[Any]) -> Iterator[Span]:
        rows = self.db.execute(
            f'SELECT {SPAN_COLUMNS} FROM spans WHERE {where} ORDER BY start, "end" DESC, id',
            params,
        )
        for r in rows:
            yield Span(
                r[0], r[1], r[2], _LAYERS[r[3]], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11]
            )

    def insert_span(
        self,
        span: Span,
        *,
        status_after: Status | None = None,
        reattach: Detached | None = None,
        quote: Quote | None = None,
    ) -> None:
        """Insert ``span``, in the same commit moving its annotator's document status, putting
        back the claim and quote links a removal took (undo), and storing ``quote`` as given
        (a new quote of this segment, or a quote the span joins as segment or cue)."""
        with self._writing():
            self._insert_span(span)
            if status_after is not None:
                self._set_status(span.document_id, span.annotator_id, status_after)
            if reattach is not None:
                self._reattach(reattach)
            if quote is not None:
                self._put_quote(quote)

    def add_spans(self, spans: list[Span], statuses: dict[tuple[str, str], Status]) -> None:
        """Insert several spans and set (document, annotator) statuses in one commit."""
        with self._writing():
            for span in spans:
                self._insert_span(span)
            for (document_id, annotator_id), status in statuses.items():
                self._set_status(document_id, annotator_id, status)

    def delete_spans(self, spans: list[Span], statuses: dict[tuple[str, str], Status]) -> None:
        """Delete several spans (with their links) and set statuses in one commit."""
        with self._writing():
            for span in spans:
                self._detach(span)
                self.db.execute("DELETE FROM spans WHERE id = ?", [span.id])
            for (document_id, annotator_id), status in statuses.items():
                self._set_status(document_id, annotator_id, status)

    def insert_spans(self, spans: Iterable[Span]) -> None:
        with self._writing():
            self.db.conn.executemany(
                f"INSERT INTO spans ({SPAN_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [_span_row(s) for s in spans],
            )

    def _insert_span(self, span: Span) -> None:
        self.db.execute(
            f"INSERT INTO spans ({SPAN_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            _span_row(span),
        )

    def update_span(self, span: Span) -> None:
        """Replace the span with ``span.id``; it never changes document or annotator (KeyError)."""
        with self._writing():
            cur = self.db.execute(
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

    def delete_span(
        self, span: Span, *, status_after: Status | None = None, quote_after: Quote | None = None
    ) -> Detached:
        """Delete ``span`` with its claim row and its place in a quote; optionally set the
        document status and put a quote back as it was before the span joined it, all in one
        commit. Returns what was detached, for undo."""
        with self._writing():
            detached = self._detach(span)
            cur = self.db.execute("DELETE FROM spans WHERE id = ?", [span.id])
            if cur.rowcount != 1:
                raise KeyError(span.id)
            if status_after is not None:
                self._set_status(span.document_id, span.annotator_id, status_after)
            if quote_after is not None:
                self._put_quote(quote_after)
        return detached


def _span_row(s: Span) -> list[Any]:
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


def _backup(source: Path, target: Path) -> None:
    """Copy the file before an in-place upgrade, through SQLite's backup API."""
    src = sqlite3.connect(str(source))
    dest = sqlite3.connect(str(target))
    try:
        src.backup(dest)
    finally:
        dest.close()
        src.close()
