"""Rows of documents and of each annotator's status on them; the document list's figures."""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence

from annotator.core.links import CUE_LABEL
from annotator.core.model import (
    Document,
    DocumentMeta,
    Status,
    metadata_json,
    metadata_refusal,
    now_iso,
)
from annotator.core.rows import DocumentRow
from annotator.storage.columns import stripped
from annotator.storage.database import ProjectDb, Repository
from annotator.storage.errors import damaged
from annotator.storage.migrations import quote_without_speaker

# The rules of core.checklist.incomplete, counted in SQL (tests check both agree), for one
# span ``p`` of the document (with its claim row ``c``): a quote segment outside any quote, a
# claim without a claimer, an entity mention without an entity. Quotes without a speaker are
# counted apart (``_list_sql``). Nested CASEs, not ORs: SQLite evaluates a correlated subquery
# in an OR even when an earlier term holds, and the one for claims attributed to a quote reads
# every span of the document (60 ms for a row of 2,000 spans with 120 claims, 1.4 ms so).
_SPAN_WARNING = f"""coalesce(CASE p.layer
    WHEN 'entity' THEN p.entity_id IS NULL
    WHEN 'quote' THEN p.label != '{CUE_LABEL}'
        AND NOT EXISTS (SELECT 1 FROM quote_segments qs WHERE qs.span_id = p.id)
    WHEN 'claim' THEN CASE
        WHEN c.span_id IS NULL OR c.claimer_kind = '' THEN 1
        WHEN c.claimer_kind = 'entity' THEN c.claimer_entity_id IS NULL
        WHEN c.claimer_kind = 'quote' THEN NOT EXISTS (
            SELECT 1 FROM quote_segments qs
            JOIN spans seg ON seg.id = qs.span_id
            JOIN quotes q ON q.id = qs.quote_id
            WHERE seg.document_id = p.document_id AND seg.start <= p.start
              AND seg."end" >= p."end"
              AND q.annotator_id = p.annotator_id
              AND (q.speaker_entity_id IS NOT NULL OR {stripped("q.speaker_text")} != ''))
        ELSE 0 END
    ELSE 0 END, 0)"""


def _list_sql(where: str) -> str:
    """The document list's rows of the documents ``d`` for which ``where`` holds, in list
    order: row key, id, title, date, source, position, status of ``:a``, their span count and
    warnings (``_SPAN_WARNING`` and quotes without a speaker), each document's spans read in
    one pass, and its assignees' names (sorted, joined by ``_NAMES_SEP``; from the primary
    key of ``assignments``)."""
    chosen = f"(SELECT d.id FROM documents d WHERE {where})"
    return f"""
    SELECT d.rowid, d.id, d.title, d.date, d.source, d.position, s.status,
           coalesce(f.spans, 0), coalesce(f.warnings, 0) + coalesce(w.quotes, 0),
           (SELECT group_concat(n.assignee, char(31)) FROM (
               SELECT assignee FROM assignments WHERE document_id = d.id ORDER BY assignee
           ) n)
    FROM documents d
    LEFT JOIN document_status s ON s.document_id = d.id AND s.annotator_id = :a
    LEFT JOIN (
        SELECT p.document_id, count(*) AS spans, sum({_SPAN_WARNING}) AS warnings
        FROM spans p LEFT JOIN claims c ON c.span_id = p.id
        WHERE p.annotator_id = :a AND p.document_id IN {chosen}
        GROUP BY p.document_id
    ) f ON f.document_id = d.id
    LEFT JOIN (
        SELECT q.document_id, count(*) AS quotes FROM quotes q
        WHERE q.annotator_id = :a AND q.document_id IN {chosen}
          AND {quote_without_speaker("q.")}
        GROUP BY q.document_id
    ) w ON w.document_id = d.id
    WHERE {where}
    ORDER BY d.position, d.rowid
    """


_NAMES_SEP = "\x1f"  # between assignee names in a list row (a name never holds it: char(31))
_DOCUMENT_COLUMNS = "id, text, title, date, source, sha256, position, created_at, meta"


class Documents(Repository):
    """The documents of the project, in list order, and who stands where on each."""

    def __init__(self, pdb: ProjectDb) -> None:
        super().__init__(pdb)

    # -- reading -------------------------------------------------------------------------------

    def get(self, document_id: str) -> Document:
        row = self._db.execute(
            f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE id = ?", [document_id]
        ).fetchone()
        if row is None:
            raise KeyError(document_id)
        if not all(type(v) is str for v in (row[1], row[2], row[4])):
            raise damaged(
                self._pdb.path, f"document {document_id!r} has a text or title that is not text"
            )
        id_, text, title, date, source, sha, position, created_at, meta = row
        return Document(
            id_, text, title, date, source, sha, position, created_at, self._meta(meta, id_)
        )

    def _meta(self, value: object, document_id: str) -> dict[str, str]:
        try:
            meta = json.loads(value) if type(value) is str else None
        except ValueError:
            meta = None
        if meta is None or metadata_refusal(meta):
            raise damaged(
                self._pdb.path,
                f"document {document_id!r} has metadata that is not an object of texts",
            )
        return meta  # type: ignore[no-any-return]

    def exists(self, document_id: str) -> bool:
        found = self._db.execute("SELECT 1 FROM documents WHERE id = ?", [document_id])
        return found.fetchone() is not None

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def titles_by_sha(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self._db.execute("SELECT sha256, title FROM documents")}

    def ids_by_sha(self) -> dict[str, str]:
        """Text hash -> document id, for every document."""
        return {r[0]: r[1] for r in self._db.execute("SELECT sha256, id FROM documents")}

    def rows(self) -> Iterator[DocumentRow]:
        """Every document in list order, with its text."""
        rows = self._db.conn.execute(
            "SELECT id, text, title, date, source, sha256, meta FROM documents ORDER BY position"
        )
        # Not ``yield from``: closing this generator late must not close the cursor of a
        # connection that may be closed by then (an error in the middle of an import).
        for row in rows:
            if not all(type(v) is str for v in (row[1], row[2], row[4])) or not (
                row[3] is None or type(row[3]) is str
            ):
                raise damaged(
                    self._pdb.path, f"document {row[0]!r} has a text or title that is not text"
                )
            yield row

    def meta(self, annotator_id: str, document_id: str | None = None) -> list[DocumentMeta]:
        """The document list for one annotator (or one row of it), without the texts."""
        where = "d.id = :d" if document_id is not None else "1"
        rows = self._db.execute(_list_sql(where), {"a": annotator_id, "d": document_id})
        return [self._list_meta(r[1:]) for r in rows]

    def order(
        self,
        annotator_id: str,
        words: Sequence[str] = (),
        only: Sequence[str] | None = None,
        assignees: Sequence[str] | None = None,
    ) -> tuple[array[int], array[int]]:
        """The document list in its order (by position), reduced to the documents
        matching every one of ``words`` (casefolded) in their title, date, source or
        ``annotator_id``'s status, to the documents of ``only`` (ids) if given, and to those
        assigned to one of ``assignees`` (names) if given: (positions, row keys), two arrays
        of the same length. Read from an index of the list (migration 0007), never from the
        texts."""
        where, params = [], {"a": annotator_id}
        if only is not None:
            where.append("d.id IN (SELECT value FROM json_each(:only))")
            params["only"] = json.dumps(list(only))
        if assignees is not None:
            where.append(
                "d.id IN (SELECT document_id FROM assignments "
                "WHERE assignee IN (SELECT value FROM json_each(:names)))"
            )
            params["names"] = json.dumps(list(assignees))
        for i, word in enumerate(words):
            where.append(f"({' OR '.join(_word_terms(word, i, params))})")
        if any(not w.isascii() for w in words):
            _register_fold(self._db.conn)
        # Documents of the same position (none are made so) come in the index's order.
        rows = self._db.execute(
            "SELECT d.position, d.rowid FROM documents d "
            f"{'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY d.position",
            params,
        ).fetchall()
        return array("q", [r[0] for r in rows]), array("q", [r[1] for r in rows])

    def list_rows(self, annotator_id: str, keys: Sequence[int]) -> dict[int, DocumentMeta]:
        """The document list's rows (figures of ``annotator_id``) of the documents with these
        row keys (from ``order``): row key -> row; a document gone since is left out."""
        rows = self._db.execute(
            _list_sql("d.rowid IN (SELECT value FROM json_each(:k))"),
            {"a": annotator_id, "k": json.dumps(list(keys))},
        )
        return {r[0]: self._list_meta(r[1:]) for r in rows}

    def _list_meta(self, r: Sequence[object]) -> DocumentMeta:
        id_, title, date, source, position, status, spans, warnings, names = r
        return DocumentMeta(
            id=str(id_),
            title=str(title),
            date=None if date is None else str(date),
            source=str(source),
            position=int(position),  # type: ignore[call-overload]
            status=self._status(status, str(id_)),
            span_count=int(spans),  # type: ignore[call-overload]
            warnings=int(warnings),  # type: ignore[call-overload]
            assignees=tuple(str(names).split(_NAMES_SEP)) if names else (),
        )

    def place(self, document_id: str) -> tuple[int, int] | None:
        """Where a document stands in the list's order: (position, row key); None if absent."""
        row = self._db.execute(
            "SELECT position, rowid FROM documents WHERE id = ?", [document_id]
        ).fetchone()
        return None if row is None else (int(row[0]), int(row[1]))

    def id_of_key(self, key: int) -> str | None:
        """The id of the document with this row key (from ``order``); None if it is gone."""
        row = self._db.execute("SELECT id FROM documents WHERE rowid = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def ids_of_keys(self, keys: Sequence[int]) -> list[str]:
        """The ids of the documents with these row keys, in their order (gone ones left out)."""
        rows = self._db.execute(
            "SELECT d.rowid, d.id FROM documents d "
            "WHERE d.rowid IN (SELECT value FROM json_each(?))",
            [json.dumps(list(keys))],
        )
        found = dict(rows.fetchall())
        return [found[k] for k in keys if k in found]

    def first_id(self) -> str | None:
        """The first document of the list; None in an empty project."""
        row = self._db.execute("SELECT id FROM documents ORDER BY position LIMIT 1").fetchone()
        return None if row is None else str(row[0])

    def started_counts(self) -> dict[str, int]:
        """Documents each annotator id has a status row on (read from the statuses' key)."""
        rows = self._db.execute(
            "SELECT annotator_id, count(*) FROM document_status GROUP BY annotator_id"
        )
        return {str(r[0]): int(r[1]) for r in rows}

    def status(self, document_id: str, annotator_id: str) -> Status:
        row = self._db.execute(
            "SELECT status FROM document_status WHERE document_id = ? AND annotator_id = ?",
            [document_id, annotator_id],
        ).fetchone()
        return self._status(row[0] if row else None, document_id)

    def _status(self, value: object, document_id: str) -> Status:
        if not value:
            return Status.NOT_STARTED
        try:
            return Status(str(value))
        except ValueError:
            raise damaged(
                self._pdb.path, f"document {document_id!r} has the status {value!r}"
            ) from None

    # -- writing -------------------------------------------------------------------------------

    def add(self, documents: Iterable[Document]) -> list[Document]:
        """Insert documents at the end of the list, in one transaction; returns them stored."""
        added: list[Document] = []
        with self._pdb.writing():
            row = self._db.execute("SELECT coalesce(max(position), -1) FROM documents").fetchone()
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
                    meta=dict(doc.meta),
                )
                self._db.execute(
                    f"INSERT INTO documents ({_DOCUMENT_COLUMNS}) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        stored.id,
                        stored.text,
                        stored.title,
                        stored.date,
                        stored.source,
                        stored.sha256,
                        stored.position,
                        stored.created_at,
                        metadata_json(stored.meta),
                    ],
                )
                added.append(stored)
        return added

    def update_meta(
        self,
        document_id: str,
        *,
        title: str,
        date: str | None,
        source: str,
        meta: Mapping[str, str],
    ) -> None:
        with self._pdb.writing():
            cur = self._db.execute(
                "UPDATE documents SET title = ?, date = ?, source = ?, meta = ? WHERE id = ?",
                [title, date, source, metadata_json(meta), document_id],
            )
            if cur.rowcount != 1:
                raise KeyError(document_id)

    def set_status(self, document_id: str, annotator_id: str, status: Status) -> None:
        with self._pdb.writing():
            self.write_status(document_id, annotator_id, status)

    def write_status(self, document_id: str, annotator_id: str, status: Status) -> None:
        """Inside the caller's transaction: the status row as ``status`` says (none for not
        started)."""
        if status is Status.NOT_STARTED:
            self._db.execute(
                "DELETE FROM document_status WHERE document_id = ? AND annotator_id = ?",
                [document_id, annotator_id],
            )
            return
        self._db.execute(
            "INSERT INTO document_status (document_id, annotator_id, status, updated_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (document_id, annotator_id) DO UPDATE SET "
            "status = excluded.status, updated_at = excluded.updated_at",
            [document_id, annotator_id, status.value, now_iso()],
        )

    def remove(self, document_ids: Iterable[str]) -> None:
        """Delete documents with everything on them (every annotator's spans, statuses, quotes,
        claims, review decisions, decided proposals and assignments), in one transaction."""
        with self._pdb.writing():
            for document_id in document_ids:
                self._remove(document_id)

    def _remove(self, document_id: str) -> None:
        spans = "SELECT id FROM spans WHERE document_id = ?"
        quotes = "SELECT id FROM quotes WHERE document_id = ?"
        for statement in (
            "DELETE FROM proposal_outcomes WHERE document_id = ?",
            "DELETE FROM decisions WHERE document_id = ?",
            f"DELETE FROM claims WHERE span_id IN ({spans})",
            f"DELETE FROM quote_segments WHERE quote_id IN ({quotes})",
            "DELETE FROM quotes WHERE document_id = ?",
            "DELETE FROM spans WHERE document_id = ?",
            "DELETE FROM document_status WHERE document_id = ?",
            "DELETE FROM assignments WHERE document_id = ?",
        ):
            self._db.execute(statement, [document_id])
        if self._db.execute("DELETE FROM documents WHERE id = ?", [document_id]).rowcount != 1:
            raise KeyError(document_id)


def _like(text: str) -> str:
    """``text`` as a LIKE pattern matching itself anywhere (escaped with a backslash)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _word_terms(word: str, i: int, params: dict[str, str]) -> list[str]:
    """SQL alternatives for "``word`` (casefolded) is in the title, the date, the source or
    the status shown": each a LIKE (SQLite folds ASCII case itself); a word with other letters
    is matched by LIKE with those letters as wildcards, then exactly against the casefolded
    column (a Python function, run only on the rows LIKE let through). A word in a status's
    name keeps the documents of ``:a`` in that status: the ids of a status, or those without
    one (not started), each read once for the query, not looked up per document (a join of
    the statuses made the first letter typed take 0.5 s on 100,000 documents, this 0.12 s)."""
    columns = ("d.title", "coalesce(d.date, '')", "d.source")
    if word.isascii():
        params[f"w{i}"] = _like(word)
        terms = [f"{c} LIKE :w{i} ESCAPE '\\'" for c in columns]
    else:
        rough = "".join(ch if ch.isascii() else "\x00" for ch in word)
        params[f"w{i}"] = _like(rough).replace("\x00", "_")
        params[f"x{i}"] = word
        terms = [
            f"({c} LIKE :w{i} ESCAPE '\\' AND instr(annotator_fold({c}), :x{i}) > 0)"
            for c in columns
        ]
    statuses = [s for s in Status if word in s.display.casefold()]
    stored = [f"'{s.value}'" for s in statuses if s is not Status.NOT_STARTED]
    of_a = "SELECT document_id FROM document_status WHERE annotator_id = :a"
    if stored:
        terms.append(f"d.id IN ({of_a} AND status IN ({', '.join(stored)}))")
    if Status.NOT_STARTED in statuses:  # (no status row: a document not started)
        terms.append(f"d.id NOT IN ({of_a})")
    return terms


def _fold(value: str | None) -> str | None:
    return value.casefold() if isinstance(value, str) else value


def _register_fold(conn: sqlite3.Connection) -> None:
    """``annotator_fold(text)``: Python's casefold, on this connection (for ``order``)."""
    conn.create_function("annotator_fold", 1, _fold, deterministic=True)
