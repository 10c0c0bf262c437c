"""The full-text index of the project (FTS5 over documents' titles and texts and spans'
notes): how far it is built, building the rest a short transaction at a time, and the
queries that search it with the filters of ``core.search``.

The index holds a row of a source (documents, spans) exactly when its rowid is at most that
source's ``_search_progress.upto``; the migration's triggers keep that true on every insert,
update and delete, and a build step indexes the next rows and raises ``upto`` in one
transaction. A new project's index is complete from the start (``upto`` is then
``SEARCH_COMPLETE``); an upgraded one is built by ``build_step`` while the project is open.
A bulk load into a project without documents (``storage.bulk``) lowers ``upto`` so that the
triggers skip its rows (``leave_to_build``): they are indexed by ``build_step`` afterwards.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from annotator.core.search import HIT_CLOSE, HIT_OPEN, SearchFilters
from annotator.storage.database import ProjectDb, Repository, write_failure
from annotator.storage.errors import ReadOnlyProject, WriteFailed, damaged
from annotator.storage.migrations import SEARCH_COMPLETE, quote_without_speaker

DOCUMENT_ROWS = 2  # documents indexed between two looks at the clock
NOTE_ROWIDS = 4000  # span rowids looked at between two looks at the clock
SNIPPET_TOKENS = 14
_WORK_SHARE = {"documents": 0.9, "spans": 0.1}  # of the build's work, roughly (texts vs notes)


@dataclass(frozen=True)
class TextRow:
    """A document the words were found in its title or text."""

    document_id: str
    title: str
    date: str | None
    snippet: str  # with HIT_OPEN / HIT_CLOSE around the hits


@dataclass(frozen=True)
class NoteRow:
    """A document the words were found in a span's note."""

    document_id: str
    title: str
    date: str | None
    snippet: str
    start: int
    end: int


@dataclass(frozen=True)
class FilterRow:
    document_id: str
    title: str
    date: str | None


class SearchIndex(Repository):
    """The project's full-text index (see the module docstring)."""

    def __init__(self, pdb: ProjectDb) -> None:
        super().__init__(pdb)

    # -- how far it is built -------------------------------------------------------------------

    def _upto(self, source: str) -> int:
        row = self._db.execute(
            "SELECT upto FROM _search_progress WHERE source = ?", [source]
        ).fetchone()
        return int(row[0]) if row is not None else 0

    def complete(self) -> bool:
        return all(self._upto(s) == SEARCH_COMPLETE for s in _WORK_SHARE)

    def built(self) -> float:
        """The share of the project's rows the index covers, 0.0 to 1.0 (by rowid: cheap)."""
        share = 0.0
        for source, weight in _WORK_SHARE.items():
            upto = self._upto(source)
            top = self._db.execute(f"SELECT max(rowid) FROM {source}").fetchone()[0] or 0
            share += weight * (1.0 if upto >= top else upto / top)
        return share

    def can_build(self) -> bool:
        """Whether this connection may write the index: a writer, or a private in-memory copy
        (a read-only open of an older file)."""
        if not self._pdb.read_only:
            return True
        files = self._db.execute("PRAGMA main.database_list").fetchall()
        return any(r[1] == "main" and not r[2] for r in files)

    def build_step(self, budget: float = 0.015) -> bool:
        """Index the next rows for about ``budget`` seconds, in one transaction (committed on
        return); True when the index is complete."""
        if self.complete():
            return True
        if not self.can_build():
            raise ReadOnlyProject(f"{self._pdb.path} is open read-only; its index is not built")
        deadline = time.perf_counter() + budget
        before = (self._upto("documents"), self._upto("spans"))
        try:
            with self._db.atomic():
                if self._upto("documents") != SEARCH_COMPLETE:
                    self._documents_step(deadline)
                else:
                    self._notes_step(deadline)
                if (self._upto("documents"), self._upto("spans")) == before:
                    # its mark did not stick (the row lost): a damaged file; never loop on it
                    raise damaged(self._pdb.path, "its search index cannot say how far it is built")
        except sqlite3.Error as exc:
            raise WriteFailed(f"{self._pdb.path}: {write_failure(exc)}") from exc
        return self.complete()

    def _documents_step(self, deadline: float) -> None:
        conn = self._db.conn
        upto = self._upto("documents")
        while True:
            rows = conn.execute(
                "SELECT rowid, title, text FROM documents WHERE rowid > ? ORDER BY rowid LIMIT ?",
                [upto, DOCUMENT_ROWS],
            ).fetchall()
            if not rows:
                upto = SEARCH_COMPLETE
                break
            conn.executemany(
                "INSERT INTO _search_documents (rowid, title, text) VALUES (?, ?, ?)", rows
            )
            upto = rows[-1][0]
            if time.perf_counter() >= deadline:
                break
        self._set_upto("documents", upto)

    def _notes_step(self, deadline: float) -> None:
        conn = self._db.conn
        upto = self._upto("spans")
        top = conn.execute("SELECT max(rowid) FROM spans").fetchone()[0] or 0
        while upto < top:
            last = upto + NOTE_ROWIDS
            conn.execute(
                "INSERT INTO _search_notes (rowid, note) SELECT rowid, note FROM spans "
                "WHERE rowid > ? AND rowid <= ? AND note != ''",
                [upto, last],
            )
            upto = last
            if time.perf_counter() >= deadline:
                break
        self._set_upto("spans", SEARCH_COMPLETE if upto >= top else upto)

    def _set_upto(self, source: str, upto: int) -> None:
        self._db.execute("UPDATE _search_progress SET upto = ? WHERE source = ?", [upto, source])

    # -- queries -------------------------------------------------------------------------------

    def matching(
        self, match: str, filters: SearchFilters, cap: int, *, ranked: bool = True
    ) -> list[int]:
        """The rowids of the documents whose title or text matches (FTS5 syntax) and that pass
        ``filters``, at most ``cap``: best first if ``ranked`` (a score for every document
        found: slow when most documents match), else in the order they were added. One pass
        of the filters over the documents found."""
        where, params = _filter_sql(filters)
        params.update(match=match, cap=cap)
        join = "JOIN documents d ON d.rowid = _search_documents.rowid" if where else ""
        order = "_search_documents.rank" if ranked else "_search_documents.rowid"
        rows = self._db.execute(
            f"""SELECT _search_documents.rowid FROM _search_documents {join}
                WHERE _search_documents MATCH :match {where} ORDER BY {order} LIMIT :cap""",
            params,
        ).fetchall()
        return [int(r[0]) for r in rows]

    def texts(self, match: str, rowids: Sequence[int]) -> list[TextRow]:
        """The documents of ``rowids`` (found by ``match``), in that order, with snippets."""
        rows = self._db.execute(
            """SELECT _search_documents.rowid, d.id, d.title, d.date,
                    snippet(_search_documents, -1, :o, :c, '…', :n)
                FROM _search_documents JOIN documents d ON d.rowid = _search_documents.rowid
                WHERE _search_documents MATCH :match
                AND _search_documents.rowid IN (SELECT value FROM json_each(:rowids))""",
            {
                "match": match,
                "rowids": json.dumps(list(rowids)),
                "o": HIT_OPEN,
                "c": HIT_CLOSE,
                "n": SNIPPET_TOKENS,
            },
        ).fetchall()
        by_rowid = {r[0]: r[1:] for r in rows}
        ordered = [by_rowid[r] for r in rowids if r in by_rowid]
        return [TextRow(*r) for r in self._sound(ordered)]

    def highlighted(self, match: str, document_id: str) -> str | None:
        """The text of one document with every hit of ``match`` between HIT_OPEN and
        HIT_CLOSE (None if the document is not found by it)."""
        row = self._db.execute(
            """SELECT highlight(_search_documents, 1, :o, :c) FROM _search_documents
               WHERE _search_documents MATCH :match
               AND rowid = (SELECT rowid FROM documents WHERE id = :id)""",
            {"match": match, "id": document_id, "o": HIT_OPEN, "c": HIT_CLOSE},
        ).fetchone()
        return None if row is None else str(row[0])

    def count_texts(self, match: str, filters: SearchFilters, cap: int) -> int:
        """How many documents match by title or text, counted up to ``cap``."""
        where, params = _filter_sql(filters)
        params.update(match=match, cap=cap)
        join = "JOIN documents d ON d.rowid = _search_documents.rowid" if where else ""
        return int(
            self._db.execute(
                f"""SELECT count(*) FROM (SELECT 1 FROM _search_documents {join}
                    WHERE _search_documents MATCH :match {where} LIMIT :cap)""",
                params,
            ).fetchone()[0]
        )

    def note_documents(self, match: str, filters: SearchFilters, cap: int) -> list[int]:
        """The row keys of the documents (at most ``cap``) with a span's note that matches."""
        where, params = _filter_sql(filters)
        params.update(match=match, cap=cap)
        rows = self._db.execute(
            f"""SELECT DISTINCT d.rowid
                FROM _search_notes JOIN spans s ON s.rowid = _search_notes.rowid
                JOIN documents d ON d.id = s.document_id
                WHERE _search_notes MATCH :match {where} LIMIT :cap""",
            params,
        ).fetchall()
        return [int(r[0]) for r in rows]

    def notes(self, match: str, filters: SearchFilters, limit: int) -> list[NoteRow]:
        """Spans' notes that match, best first, with their documents (one row per note)."""
        where, params = _filter_sql(filters)
        params.update(match=match, limit=limit, o=HIT_OPEN, c=HIT_CLOSE, n=SNIPPET_TOKENS)
        rows = self._db.execute(
            f"""SELECT d.id, d.title, d.date, snippet(_search_notes, 0, :o, :c, '…', :n),
                    s.start, s."end"
                FROM _search_notes JOIN spans s ON s.rowid = _search_notes.rowid
                JOIN documents d ON d.id = s.document_id
                WHERE _search_notes MATCH :match {where}
                ORDER BY _search_notes.rank LIMIT :limit""",
            params,
        ).fetchall()
        return [NoteRow(*r) for r in self._sound(rows)]

    def filtered(self, filters: SearchFilters, limit: int) -> list[FilterRow]:
        """Documents that pass the filters, in list order (a search without words)."""
        where, params = _filter_sql(filters)
        params.update(limit=limit)
        rows = self._db.execute(
            f"""SELECT d.id, d.title, d.date FROM documents d WHERE 1 {where}
                ORDER BY d.position LIMIT :limit""",
            params,
        ).fetchall()
        return [FilterRow(*r) for r in self._sound(rows)]

    def _sound(self, rows: list[Any]) -> list[Any]:
        """``rows`` (id, title, date, ...) if their titles and dates are text; else the file
        is damaged (DamagedProject, naming it)."""
        for row in rows:
            if type(row[1]) is not str or not (row[2] is None or type(row[2]) is str):
                raise damaged(
                    self._pdb.path, f"document {row[0]!r} has a text or title that is not text"
                )
        return rows

    def like_scan(self, word: str, limit: int) -> list[str]:
        """Documents whose title or text holds ``word`` by a plain scan (no index): the floor
        the benchmark compares the index with."""
        pattern = f"%{word}%"
        rows = self._db.execute(
            "SELECT id FROM documents WHERE text LIKE ? OR title LIKE ? LIMIT ?",
            [pattern, pattern, limit],
        ).fetchall()
        return [r[0] for r in rows]


def leave_to_build(conn: sqlite3.Connection) -> None:
    """Inside the transaction of a bulk load, before its first row: lower each source's
    ``upto`` to its last rowid, so that the triggers leave the rows about to be written to
    ``build_step``. Nothing changes when the index is not complete (it is being built: the
    build and the triggers share the rows as they did)."""
    marks: dict[str, int] = {}
    for source in _WORK_SHARE:
        row = conn.execute(
            "SELECT upto FROM _search_progress WHERE source = ?", [source]
        ).fetchone()
        if row is None or row[0] != SEARCH_COMPLETE:
            return
        marks[source] = conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {source}").fetchone()[0]
    for source, mark in marks.items():
        conn.execute("UPDATE _search_progress SET upto = ? WHERE source = ?", [mark, source])


def parses(match: str, columns: Sequence[str]) -> str:
    """Why ``match`` is not a query FTS5 reads over ``columns`` ("" if it is one): asked of a
    private in-memory index, so only the query can be at fault."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(f"CREATE VIRTUAL TABLE probe USING fts5({', '.join(columns)})")
        conn.execute("SELECT 1 FROM probe WHERE probe MATCH ?", [match]).fetchall()
    except sqlite3.Error as exc:
        return str(exc).removeprefix("fts5: ")
    finally:
        conn.close()
    return ""


def _filter_sql(f: SearchFilters) -> tuple[str, dict[str, Any]]:
    """The filters as SQL conditions on ``d`` (documents), each beginning with AND. They come
    cheapest first, as SQLite tests them in that order on each document found: the date (in
    the document's row), the status (one look-up by key), then those that look through the
    document's spans or quotes."""
    parts: list[str] = []
    params: dict[str, Any] = {}
    if f.date_from is not None:
        params["date_from"] = f.date_from
        parts.append("d.date >= :date_from")
    if f.date_to is not None:
        params["date_to"] = f.date_to
        parts.append("substr(d.date, 1, length(:date_to)) <= :date_to")
    if f.status is not None:
        params["status"], params["status_of"] = f.status.value, f.status_of
        if f.status.value == "not_started":
            parts.append(
                "NOT EXISTS (SELECT 1 FROM document_status s WHERE s.document_id = d.id"
                " AND s.annotator_id = :status_of)"
            )
        else:
            parts.append(
                "EXISTS (SELECT 1 FROM document_status s WHERE s.document_id = d.id"
                " AND s.annotator_id = :status_of AND s.status = :status)"
            )
    mine = ""
    if f.annotator_id is not None:
        params["who"] = f.annotator_id
        mine = " AND p.annotator_id = :who"
        if f.entity_ids is None and f.label is None and not f.quote_without_speaker:
            # (each of those looks among the annotator's own spans or quotes only: one found
            # is work of theirs on the document, and this question would be asked for nothing)
            parts.append(
                "(EXISTS (SELECT 1 FROM document_status s WHERE s.document_id = d.id"
                " AND s.annotator_id = :who)"
                " OR EXISTS (SELECT 1 FROM spans p WHERE p.document_id = d.id"
                " AND p.annotator_id = :who))"
            )
    if f.entity_ids is not None:
        marks = ", ".join(f":e{k}" for k in range(len(f.entity_ids)))
        params.update({f"e{k}": e for k, e in enumerate(f.entity_ids)})
        parts.append(
            "EXISTS (SELECT 1 FROM spans p WHERE p.document_id = d.id"
            f" AND p.entity_id IN ({marks}){mine})"
        )
    if f.label is not None:
        params["label"] = f.label
        parts.append(
            f"EXISTS (SELECT 1 FROM spans p WHERE p.document_id = d.id AND p.label = :label{mine})"
        )
    if f.quote_without_speaker:
        who = " AND q.annotator_id = :who" if f.annotator_id is not None else ""
        parts.append(
            "EXISTS (SELECT 1 FROM quotes q WHERE q.document_id = d.id"
            f" AND {quote_without_speaker('q.')}{who})"
        )
    return "".join(f" AND {p}" for p in parts), params
