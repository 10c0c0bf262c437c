"""Open a project file safely: inspect read-only first, refuse what is not ours or too new;
copy someone else's project into memory without writing anything where it lies (through the
checked private copy of ``storage.copying``: never in place)."""

from __future__ import annotations

import functools
import os
import shutil
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from annotator.core.files import not_a_file
from annotator.storage.copying import FileMark, private_copy, private_folder
from annotator.storage.errors import NotAProject, ProjectError, TooNew
from annotator.storage.migrations import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    SEARCH_SINCE,
    migrations,
)

_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


@dataclass(frozen=True)
class FileState:
    exists: bool
    version: int  # 0 for a new or empty file
    writable: bool


def _readonly_uri(path: Path, immutable: bool = False) -> str:
    quoted = str(path.resolve()).replace("?", "%3f").replace("#", "%23")
    return f"file:{quoted}?mode=ro" + ("&immutable=1" if immutable else "")


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that cannot write and leaves nothing where it must not.

    In a folder we may write, ``mode=ro``: it follows a writer's edits (a second window), and
    SQLite may keep its ``-wal`` and ``-shm`` beside a WAL file as it always does. In a
    read-only folder (its permission bits count, even for root) no writer can start, so the
    file cannot change: it is read ``immutable`` (no side files, no locks), unless a writer
    left its ``-wal`` and ``-shm`` there, which ``mode=ro`` then reads without creating
    anything.
    """
    beside = {s: path.with_name(path.name + s).exists() for s in ("-wal", "-shm")}
    if folder_writable(path.parent) or (beside["-wal"] and beside["-shm"]):
        try:
            conn = sqlite3.connect(_readonly_uri(path), uri=True, isolation_level=None)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError:
            pass  # e.g. a -shm we may not use: read the file alone
    return sqlite3.connect(_readonly_uri(path, immutable=True), uri=True, isolation_level=None)


def connect_for_inspection(path: Path) -> sqlite3.Connection:
    """A connection that reads the header without creating anything beside the file.

    Even a ``mode=ro`` connection creates ``-wal`` and ``-shm`` files beside a WAL database.
    When no ``-wal`` or ``-journal`` holds changes, the file alone is complete, so it is read
    as immutable: no side files, no locks. Otherwise those changes must be read through them.
    """
    pending = [path.with_name(path.name + suffix) for suffix in ("-wal", "-journal")]
    if any(p.exists() for p in pending):
        return connect_readonly(path)
    return sqlite3.connect(_readonly_uri(path, immutable=True), uri=True, isolation_level=None)


def is_writable(path: Path) -> bool:
    """Whether we may write the file: permission bits count even for root, and the folder too."""
    target = path if path.exists() else path.parent
    if not os.access(target, os.W_OK):
        return False
    if path.exists() and not path.stat().st_mode & _WRITE_BITS:
        return False
    return folder_writable(path.parent)


def folder_writable(folder: Path) -> bool:
    """Whether files may be created in ``folder``; its permission bits count even for root
    (who could create them anyway: SQLite would then leave side files in a read-only folder)."""
    return os.access(folder, os.W_OK) and bool(folder.stat().st_mode & _WRITE_BITS)


def _not_ours(path: Path, app_id: int = 0) -> NotAProject:
    whose = f" (it belongs to another program: application id {app_id:#x})" if app_id else ""
    return NotAProject(
        f"{path} is an SQLite database, but not an annotator project{whose}; it was left untouched"
    )


def _too_new(path: Path, version: int) -> TooNew:
    return TooNew(
        f"{path} was written by a newer version of annotator (project schema {version}; "
        f"this version reads up to {SCHEMA_VERSION}). Update annotator to open it; "
        "the file was left untouched."
    )


def _check_header(path: Path) -> None:
    with path.open("rb") as handle:
        header = handle.read(16)
    if header != b"SQLite format 3\x00":
        raise NotAProject(f"{path} is not an annotator project (not an SQLite database)")


def inspect(path: Path) -> FileState:
    """Read the header of ``path`` without writing anything; raise if we must not open it."""
    if not path.exists():
        if os.path.islink(path):  # dangling, or a loop: a new file would go where it points
            raise ProjectError(f"{path} {not_a_file(path)}; a project is a file")
        if not path.parent.is_dir():
            raise ProjectError(f"{path}: the folder {path.parent} does not exist")
        return FileState(exists=False, version=0, writable=is_writable(path))
    if path.is_dir():
        raise ProjectError(f"{path} is a folder, not a project file")
    why = not_a_file(path)
    if why:
        raise ProjectError(f"{path} {why}; a project is a file")
    writable = is_writable(path)
    if path.stat().st_size == 0:
        return FileState(exists=True, version=0, writable=writable)
    _check_header(path)
    try:
        conn = connect_for_inspection(path)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise NotAProject(f"{path} cannot be read as a project: {exc}") from None
    if app_id != APPLICATION_ID:
        if tables == 0 and app_id == 0:  # an empty database nobody claims: may become ours
            return FileState(exists=True, version=0, writable=writable)
        raise _not_ours(path, app_id)
    if version > SCHEMA_VERSION:
        raise _too_new(path, version)
    if tables:
        conn = connect_for_inspection(path)
        try:
            why = schema_problem(conn, version)
        except sqlite3.DatabaseError as exc:
            why = f"cannot be read ({exc})"
        finally:
            conn.close()
        if why:
            raise NotAProject(f"{path} is not a project annotator can use: {why}")
    return FileState(exists=True, version=version, writable=writable)


@functools.cache
def our_columns() -> dict[str, list[tuple[str, str, int, int]]]:
    """Each table of a project at this version, and its columns (name, declared type, not
    null, place in the primary key), from a project made in memory by the migrations."""
    db = Database(sqlite3.connect(":memory:"))
    migrations.apply(db)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    columns = {t: _columns(db.conn, t) for t in tables}
    db.close()
    return columns


@functools.cache
def our_search_objects() -> dict[str, tuple[str, str]]:
    """The search index's triggers and virtual tables at this version (name -> type, SQL):
    the only triggers a project may hold, each exactly as the migration made it."""
    db = Database(sqlite3.connect(":memory:"))
    migrations.apply(db)
    rows = db.execute(
        "SELECT name, type, sql FROM sqlite_master WHERE type = 'trigger' "
        "OR (type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%')"
    ).fetchall()
    db.close()
    return {str(name): (str(kind), str(sql)) for name, kind, sql in rows}


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, str, int, int]]:
    rows = conn.execute(f'PRAGMA main.table_info("{table}")').fetchall()
    return [(str(r[1]), str(r[2]).upper(), int(r[3]), int(r[5])) for r in rows]


def schema_problem(conn: sqlite3.Connection, version: int) -> str:
    """What in the file's schema is not annotator's ("" if nothing): a view or a trigger (we
    make none but the search index's, which must be exactly as the migration made them:
    another could loop forever, or change rows behind our back), and at this version a
    table missing or with other columns, or a search index that is not ours. Read before any
    row, so nothing hangs on it."""
    rows = conn.execute("SELECT type, name, sql FROM main.sqlite_master").fetchall()
    objects = [(kind, name) for kind, name, _ in rows]
    ours = our_search_objects() if version >= SEARCH_SINCE else {}
    odd = [
        (kind, name)
        for kind, name, sql in rows
        if kind in ("view", "trigger") and ours.get(name) != (kind, sql)
    ]
    if odd:
        kind, name = odd[0]
        return f"it holds a {kind} {name!r}, which annotator never makes"
    if version != SCHEMA_VERSION:
        return ""
    for kind, name, sql in rows:
        if name in ours and ours[name] != (kind, sql):
            return f"its {name!r} is not annotator's search index"
    kinds = {name: kind for kind, name in objects}
    for table, columns in our_columns().items():
        if kinds.get(table) != "table":
            return f"its table {table!r} is missing"
        if _columns(conn, table) != columns:
            return f"its table {table!r} does not have annotator's columns"
    return ""


# -- someone else's project, read without a trace -------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """An in-memory copy of a project file, at this version's schema."""

    db: Database
    version: int  # the file's schema version (the copy is upgraded, never the file)
    mark: FileMark  # which bytes of the file were read (``storage.copying.mark_of``)


def snapshot(path: Path, *, roll_back: bool = True) -> Snapshot:
    """Copy the project at ``path`` into an in-memory database, writing nothing: not the
    file, not a side file beside it, nothing in its folder. The file is read the one way a
    file that is not ours is read (``storage.copying.private_copy``): its bytes and its
    ``-wal``'s copied into a private folder, where SQLite folds the ``-wal`` in, checked to
    be unchanged meanwhile and whole (Behind, naming the file, if not); then backed up into
    memory and the private copy removed. A hot ``-journal`` (a crash in the middle of a
    transaction) is copied too and rolled back in the copy, unless ``roll_back`` is False:
    then it is Behind (a writer at work now). Then the checks of ``inspect``: NotAProject or
    TooNew name the file. An older file's copy is upgraded in memory."""
    path = Path(path)
    why = not_a_file(path)
    if why:
        raise ProjectError(f"{path} {why}; a project is a file")
    if path.stat().st_size == 0:
        raise NotAProject(f"{path} is an empty file, not an annotator project")
    _check_header(path)
    memory = sqlite3.connect(":memory:", isolation_level=None)
    try:
        mark = _copy_into(path, memory, roll_back)
        app_id, version, tables = _header_of(memory)
    except sqlite3.DatabaseError as exc:
        memory.close()
        raise NotAProject(f"{path} cannot be read as a project: {exc}") from None
    except BaseException:
        memory.close()
        raise
    if app_id != APPLICATION_ID or tables == 0:
        memory.close()
        raise _not_ours(path, app_id if app_id != APPLICATION_ID else 0)
    if version > SCHEMA_VERSION:
        memory.close()
        raise _too_new(path, version)
    db = Database(memory)
    try:
        why = schema_problem(memory, version)
        if not why and version < SCHEMA_VERSION:
            migrations.apply(db)  # the copy only
            why = schema_problem(memory, SCHEMA_VERSION)
    except sqlite3.DatabaseError as exc:
        why = f"it cannot be upgraded ({exc})"
    if why:
        memory.close()
        raise NotAProject(f"{path} is not a project annotator can use: {why}")
    return Snapshot(db, version, mark)


def _header_of(conn: sqlite3.Connection) -> tuple[int, int, int]:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    return int(app_id), int(version), int(tables)


def _copy_into(path: Path, memory: sqlite3.Connection, roll_back: bool) -> FileMark:
    """Back ``path`` up into ``memory`` through a checked private copy; the mark read."""
    folder = private_folder()
    try:
        copy, mark = private_copy(path, folder, roll_back=roll_back)
        source = sqlite3.connect(str(copy), isolation_level=None)
        try:
            source.backup(memory)
        finally:
            source.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return mark
