"""Open a project file safely: inspect read-only first, refuse what is not ours or too new."""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from annotator.storage.errors import NotAProject, ProjectError, TooNew
from annotator.storage.migrations import APPLICATION_ID, SCHEMA_VERSION


@dataclass(frozen=True)
class FileState:
    exists: bool
    version: int  # 0 for a new or empty file
    writable: bool


def _readonly_uri(path: Path, immutable: bool = False) -> str:
    quoted = str(path.resolve()).replace("?", "%3f").replace("#", "%23")
    return f"file:{quoted}?mode=ro" + ("&immutable=1" if immutable else "")


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that cannot write, even where the folder cannot hold SQLite's side files."""
    try:
        conn = sqlite3.connect(_readonly_uri(path), uri=True, isolation_level=None)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn = sqlite3.connect(_readonly_uri(path, immutable=True), uri=True, isolation_level=None)
        return conn


def _connect_for_inspection(path: Path) -> sqlite3.Connection:
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
    if path.exists() and not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return False
    return os.access(path.parent, os.W_OK)


def inspect(path: Path) -> FileState:
    """Read the header of ``path`` without writing anything; raise if we must not open it."""
    if not path.exists():
        if not path.parent.is_dir():
            raise ProjectError(f"{path}: the folder {path.parent} does not exist")
        return FileState(exists=False, version=0, writable=is_writable(path))
    if path.is_dir():
        raise ProjectError(f"{path} is a folder, not a project file")
    writable = is_writable(path)
    if path.stat().st_size == 0:
        return FileState(exists=True, version=0, writable=writable)
    with path.open("rb") as handle:
        header = handle.read(16)
    if header != b"SQLite format 3\x00":
        raise NotAProject(f"{path} is not an annotator project (not an SQLite database)")
    try:
        conn = _connect_for_inspection(path)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise NotAProject(f"{path} cannot be read as a project: {exc}") from None
    if app_id != APPLICATION_ID:
        if tables == 0:
            return FileState(exists=True, version=0, writable=writable)
        raise NotAProject(
            f"{path} is an SQLite database, but not an annotator project; it was left untouched"
        )
    if version > SCHEMA_VERSION:
        raise TooNew(
            f"{path} was written by a newer version of annotator (project schema {version}; "
            f"this version reads up to {SCHEMA_VERSION}). Update annotator to open it; "
            "the file was left untouched."
        )
    return FileState(exists=True, version=version, writable=writable)
