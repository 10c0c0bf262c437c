"""``annotator check``: is a project file sound, and what can be saved from a damaged one.

The check reads the file without writing anything beside it: SQLite's own integrity check,
then ours, which needs no list of rules of its own: every row is offered, table by table, to
a fresh project made by the migrations (in memory), whose constraints (types, CHECKs, unique
ids, references) say which rows a project may hold; and a span must lie inside its document's
text and repeat it. ``recover`` makes the same copy into a new file, keeping every row that
can be read and passes, and reports what it left out. It never writes over the file checked.

SQLite's ``.recover`` (of its shell) can also read pages its B-trees no longer reach, but
Python's sqlite3 module does not offer it, neither does APSW (3.54), and the ``sqlite3``
shell of Debian 12 (3.40.1) is built without the page reader it needs (``.recover`` fails
with "SQL logic error" even on a sound file). So rows are read here through the tables, one
at a time where a page is damaged, and the report says how many could not be read.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import secrets
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from annotator.core.files import not_a_file
from annotator.core.model import metadata_refusal, text_sha256
from annotator.core.wording import counted
from annotator.storage.migrations import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    SEARCH_COMPLETE,
    migrations,
)
from annotator.storage.opening import our_columns, schema_problem

# Tables in the order their rows can be put back (a row's references come before it).
ORDER = (
    "project",
    "annotators",
    "labels",
    "documents",
    "document_status",
    "entities",
    "spans",
    "quotes",
    "quote_segments",
    "claims",
    "decisions",
    "proposal_outcomes",
    "assignees",
    "assignments",
)
SHOWN = 5  # examples named per kind of problem
UNREACHABLE = ()  # from _rows: the rest of the table cannot be reached (how many is unknown)


@dataclass
class TableCopy:
    """What became of one table's rows."""

    kept: int = 0
    unreadable: int = 0  # rows SQLite could not read (a damaged page)
    after: int | None = None  # rows past this rowid could not be reached at all
    refused: dict[str, list[str]] = field(default_factory=dict)  # why -> row ids

    def refuse(self, why: str, row_id: object) -> None:
        self.refused.setdefault(why, []).append(str(row_id))


@dataclass
class CheckReport:
    path: Path
    problems: list[str] = field(default_factory=list)
    tables: dict[str, TableCopy] = field(default_factory=dict)
    note: str = ""  # how the file was read, when that matters
    made: bool = False  # recover: the new file was written

    @property
    def sound(self) -> bool:
        return not self.problems

    def count(self, table: str) -> int:
        copy = self.tables.get(table)
        return copy.kept if copy else 0


def check(path: Path) -> CheckReport:
    """Check the project at ``path`` (see the module docstring); nothing is written."""
    report = CheckReport(Path(path))
    with _source(report) as source, tempfile.TemporaryDirectory(prefix="annotator-") as folder:
        if source is not None:
            _integrity(source, report)
            _search_index(source, report)
            # The rows are offered to a project in a private temporary folder, never kept.
            target = _fresh(sqlite3.connect(str(Path(folder) / "c.sqlite"), isolation_level=None))
            target.execute("UPDATE _search_progress SET upto = 0")  # (no index: rolled back)
            try:
                target.execute("BEGIN")
                _copy(source, target, report)
                target.execute("ROLLBACK")
            finally:
                target.close()
    return report


def recover(path: Path, target: Path) -> CheckReport:
    """Copy every row of ``path`` that can be read and passes the checks into a new project
    at ``target`` (written under a temporary name, renamed when complete); ``path`` is only
    read. The report says what was kept and what was left out."""
    report = CheckReport(Path(path))
    temp = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    with _source(report) as source:
        if source is None:
            return report
        _integrity(source, report)
        conn = _fresh(sqlite3.connect(str(temp), isolation_level=None))
        try:
            conn.execute("BEGIN")
            _copy(source, conn, report)
            conn.execute("COMMIT")
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.close()
            os.replace(temp, target)
            report.made = True
        except BaseException:
            conn.close()
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{temp}{suffix}").unlink(missing_ok=True)
            raise
    return report


# -- reading the file ---------------------------------------------------------------------------


@contextlib.contextmanager
def _source(report: CheckReport) -> Iterator[sqlite3.Connection | None]:
    """A connection to a private copy of the file and its side files (None, and a problem
    said, if it cannot be read as a project at all): nothing is written beside the file, not
    even the ``-shm`` a read-only connection makes. In the copy, SQLite rolls back a
    transaction a crash left half done (a hot ``-journal``) and reads the edits of a
    ``-wal``, as a writer would; an older schema is upgraded there (``_header``)."""
    path = report.path
    why = not_a_file(path)
    if why:
        report.problems.append(f"{path} {why}")
        yield None
        return
    with open(path, "rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            report.problems.append(f"{path} is not an SQLite database (its header is not)")
            yield None
            return
    folder = tempfile.mkdtemp(prefix="annotator-check-")
    try:
        copy = Path(folder) / "copy.sqlite"
        shutil.copyfile(path, copy)
        for suffix in ("-wal", "-journal"):
            side = Path(f"{path}{suffix}")
            if side.is_file() and side.stat().st_size:
                shutil.copyfile(side, f"{copy}{suffix}")
        journal = Path(f"{path}-journal")
        if journal.is_file() and journal.stat().st_size and not Path(f"{path}-wal").exists():
            report.note = (
                f"{journal.name} holds a transaction a crash left half done: it was rolled back "
                "in a copy for this check (a writer rolls the file itself back when it opens it)"
            )
        elif Path(f"{path}-shm").exists():
            report.note = (
                f"{path.name} may be open in another program (its -shm is there): it was read "
                "as it stood on disk; for a check no write can race, close it first"
            )
        conn = sqlite3.connect(str(copy), isolation_level=None)
        try:
            if _header(conn, report):
                yield conn
            else:
                yield None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        report.problems.append(f"{path} cannot be read by SQLite ({exc})")
        yield None
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _header(conn: sqlite3.Connection, report: CheckReport) -> bool:
    """Whether the rows of the (copied) file can be checked: ours, not newer, upgraded if older
    (in the copy), and made of our tables (a view or a trigger in their place is said and no
    row is read: a recursive view would never end)."""
    path = report.path
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if app_id != APPLICATION_ID:
        report.problems.append(f"{path} is an SQLite database, but not an annotator project")
        return False
    if version > SCHEMA_VERSION:
        report.problems.append(
            f"{path} was written by a newer annotator (schema {version}); update to check it"
        )
        return False
    why = schema_problem(conn, version)
    if why:
        report.problems.append(f"{path}: {why}")
        return False
    if version < SCHEMA_VERSION:
        try:
            migrations.apply(Database(conn))
        except sqlite3.DatabaseError as exc:  # damage on the way: read what is there
            report.note = (
                f"{path.name} has the schema of an older annotator ({version}) and could not be "
                f"upgraded in a copy ({exc}); columns it lacks are read with their defaults"
            )
    return True


def _integrity(source: sqlite3.Connection, report: CheckReport) -> None:
    try:
        found = [r[0] for r in source.execute("PRAGMA integrity_check(20)")]
    except sqlite3.DatabaseError as exc:
        found = [str(exc)]
    if found != ["ok"]:
        lines = [line for text in found for line in text.splitlines() if not line.startswith("***")]
        shown = "\n".join(f"    {line}" for line in lines[:SHOWN])
        more = f"\n    ... and {len(lines) - SHOWN} more" if len(lines) > SHOWN else ""
        report.problems.append(
            f"{report.path}: SQLite's integrity check found damage:\n{shown}{more}"
        )


def _search_index(source: sqlite3.Connection, report: CheckReport) -> None:
    """FTS5's own check of the search index against the rows it indexes, when the index is
    complete (a new file's index, made by ``recover``, is built anew from the rows). The
    notes index holds only the spans that have a note: its structure is checked, and that
    it holds as many."""
    try:
        progress = source.execute("SELECT upto FROM _search_progress").fetchall()
    except sqlite3.DatabaseError:
        return  # an older file that could not be upgraded in the copy: no index to check
    if {upto for (upto,) in progress} != {SEARCH_COMPLETE}:
        return
    try:
        # (rank 1: against the rows indexed too, not only the index's own structure)
        source.execute(
            "INSERT INTO _search_documents (_search_documents, rank) VALUES ('integrity-check', 1)"
        )
        source.execute("INSERT INTO _search_notes (_search_notes) VALUES ('integrity-check')")
        held = source.execute("SELECT count(*) FROM _search_notes_docsize").fetchone()[0]
        notes = source.execute("SELECT count(*) FROM spans WHERE note != ''").fetchone()[0]
        if held != notes:
            raise sqlite3.DatabaseError(f"{notes} notes, {held} indexed")
    except sqlite3.DatabaseError as exc:
        report.problems.append(
            f"{report.path}: its search index does not match its documents and notes ({exc}); "
            "--repair writes a new file whose index is built anew"
        )


def _rows(source: sqlite3.Connection, table: str, columns: list[str]) -> Iterator[tuple[Any, ...]]:
    """Every readable row of ``table`` (rowid first, then ``columns`` as far as the file has
    them); a row on a damaged page is yielded as None. A whole scan first; where it breaks,
    one row at a time by rowid."""
    have = {r[1] for r in source.execute(f'PRAGMA table_info("{table}")')}
    defaults = _defaults()[table]
    picked = ", ".join(f'"{c}"' if c in have else defaults.get(c) or "NULL" for c in columns)
    sql = f'SELECT rowid, {picked} FROM "{table}"'
    last = 0
    try:
        for row in source.execute(f"{sql} ORDER BY rowid"):
            last = row[0]
            yield row
        return
    except sqlite3.DatabaseError:
        pass
    try:
        top = source.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()[0] or last
    except sqlite3.DatabaseError:  # the B-tree cannot be walked to its end: rows past the
        yield UNREACHABLE  # last one read cannot be counted either
        return
    for rowid in range(last + 1, top + 1):
        try:
            row = source.execute(f"{sql} WHERE rowid = ?", [rowid]).fetchone()
        except sqlite3.DatabaseError:
            yield None  # type: ignore[misc]
            continue
        if row is not None:
            yield row


@functools.cache
def _defaults() -> dict[str, dict[str, str]]:
    """Each table's columns' DEFAULT expressions at this version (a column an older or damaged
    file lacks is read as this, as the migration adding it would have filled it)."""
    conn = _fresh(sqlite3.connect(":memory:", isolation_level=None))
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            t: {r[1]: r[4] for r in conn.execute(f'PRAGMA table_info("{t}")') if r[4] is not None}
            for t in tables
        }
    finally:
        conn.close()


# -- the copy -----------------------------------------------------------------------------------


def _fresh(conn: sqlite3.Connection) -> sqlite3.Connection:
    """An empty project at this version on ``conn`` (its default labels removed: the file's
    own come in), foreign keys enforced."""
    migrations.apply(Database(conn))
    conn.execute("DELETE FROM labels")
    conn.execute("DELETE FROM project")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _copy(source: sqlite3.Connection, target: sqlite3.Connection, report: CheckReport) -> None:
    columns = our_columns()
    texts: dict[str, str] = {}
    for table in ORDER:
        names = [c[0] for c in columns[table]]
        copy = report.tables[table] = TableCopy()
        marks = ", ".join("?" * len(names))
        quoted = ", ".join(f'"{n}"' for n in names)
        insert = f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})'
        last = 0
        try:
            rows = _rows(source, table, names)
            for row in rows:
                if row is None:
                    copy.unreadable += 1
                    continue
                if row is UNREACHABLE:
                    copy.after = last
                    continue
                last = row[0]
                values = dict(zip(names, row[1:], strict=True))
                why = _refusal(table, values, texts)
                if why:
                    copy.refuse(why, values.get("id", f"rowid {row[0]}"))
                    continue
                try:
                    target.execute("SAVEPOINT row")
                    target.execute(insert, row[1:])
                    target.execute("RELEASE row")
                except sqlite3.Error as exc:
                    target.execute("ROLLBACK TO row")
                    target.execute("RELEASE row")
                    copy.refuse(_constraint(exc), values.get("id", f"rowid {row[0]}"))
                    continue
                copy.kept += 1
                if table == "documents":
                    texts[values["id"]] = values["text"]
        except sqlite3.DatabaseError as exc:
            report.problems.append(f"{report.path}: the table {table!r} cannot be read ({exc})")
        _say(report, table, copy)


def _refusal(table: str, v: dict[str, Any], texts: dict[str, str]) -> str:
    """What our rules (beyond the schema's constraints) say of one row ("" if it may stay)."""
    if table == "documents":
        if type(v["text"]) is not str or type(v["title"]) is not str:
            return "a text or title that is not text"
        if v["sha256"] != text_sha256(v["text"]):
            return "a sha256 that is not its text's"
        try:
            meta = json.loads(v["meta"]) if type(v["meta"]) is str else None
        except ValueError:
            meta = None
        if metadata_refusal(meta):
            return "metadata that is not texts by name"
    if table == "spans":
        start, end, text = v["start"], v["end"], texts.get(v["document_id"])
        if type(start) is not int or type(end) is not int or type(v["text"]) is not str:
            return "offsets or a text of the wrong type"
        if text is None:
            return "a document that is not in the project"
        if not 0 <= start < end <= len(text):
            return "offsets outside its document's text"
        if text[start:end] != v["text"]:
            return "a text that is not its document's text at its offsets"
    if table == "entities":
        try:
            aliases = json.loads(v["aliases"]) if isinstance(v["aliases"], str) else None
        except ValueError:
            aliases = None
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            return "aliases that are not a list of names"
    return ""


def _constraint(exc: sqlite3.Error) -> str:
    text = str(exc)
    if "FOREIGN KEY" in text:
        return "a reference to a row that is not there"
    if "UNIQUE" in text:
        return "an id used twice"
    if "CHECK" in text:
        return "a value no project holds"
    if "NOT NULL" in text:
        return "a value missing"
    return text


def _say(report: CheckReport, table: str, copy: TableCopy) -> None:
    if copy.unreadable:
        report.problems.append(
            f"{report.path}: {counted(copy.unreadable, 'row')} of {table!r} on damaged pages"
        )
    if copy.after is not None:
        which = f"after rowid {copy.after}" if copy.after else "(all of them)"
        report.problems.append(
            f"{report.path}: the rows of {table!r} {which} lie beyond a damaged page; "
            "how many there were cannot be known"
        )
    for why, ids in copy.refused.items():
        shown = ", ".join(ids[:SHOWN]) + (" ..." if len(ids) > SHOWN else "")
        report.problems.append(
            f"{report.path}: {counted(len(ids), 'row')} of {table!r} with {why} ({shown})"
        )
