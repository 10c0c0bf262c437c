"""The project's one connection, shared by every repository of the store, and its
transactions: ``writing()`` is the only way a repository writes."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from annotator.storage.errors import ReadOnlyProject, WriteFailed


class ProjectDb:
    """One connection to one project file (read-only or the writer's)."""

    def __init__(self, path: Path, db: Database, read_only: bool) -> None:
        self.path = path
        self.db = db
        self.read_only = read_only
        # Run inside the first transaction that writes, then forgotten once it commits (the
        # session records its annotator so: opening alone never writes the file).
        self.before_first_write: Callable[[], None] | None = None
        # Each transaction takes the write lock as it begins (BEGIN IMMEDIATE), so that while
        # another program writes it waits for it (the connection's timeout) instead of failing
        # at its first write after a read: for a worker thread's connection, whose waiting
        # holds no window.
        self.immediate = False

    @contextmanager
    def writing(self) -> Iterator[Database]:
        """One transaction (a savepoint inside another): committed when the block ends, rolled
        back if it raises. ReadOnlyProject on a read-only connection; WriteFailed, naming the
        file, if SQLite cannot write it (nothing of the block stays)."""
        if self.read_only:
            raise ReadOnlyProject(f"{self.path} is open read-only; the edit was not made")
        conn = self.db.conn
        first = self.before_first_write if not conn.in_transaction else None
        self.before_first_write = None  # (it writes through here too)
        outer = self.immediate and not conn.in_transaction
        try:
            if outer:
                conn.execute("BEGIN IMMEDIATE")
            try:
                with self.db.atomic():  # (inside BEGIN IMMEDIATE: a savepoint)
                    if first is not None:
                        first()
                    yield self.db
                if outer:
                    conn.execute("COMMIT")
            except BaseException:
                if outer and conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except BaseException as exc:
            if first is not None:
                self.before_first_write = first  # rolled back: again with the next write
            if isinstance(exc, sqlite3.Error):
                raise WriteFailed(f"{self.path}: {write_failure(exc)}") from exc
            raise


def write_failure(exc: sqlite3.Error) -> str:
    """Why SQLite could not write, in words (its error name decides, not its message)."""
    name = getattr(exc, "sqlite_errorname", "")
    if name == "SQLITE_FULL":
        return "the disk is full, so nothing of this was saved: free some space, then try again"
    if name.startswith("SQLITE_IOERR"):
        return (
            "the disk could not be written, so nothing of this was saved (the disk is full, "
            f"failing, or a file size limit was reached; {exc}): make room, then try again"
        )
    if name.startswith("SQLITE_READONLY"):
        return f"the file cannot be written any more, so nothing of this was saved ({exc})"
    if name.startswith("SQLITE_CORRUPT") or name == "SQLITE_NOTADB":
        return f"the file is damaged ({exc}); nothing was saved. `annotator check` says more"
    return f"this breaks a rule of the project file ({exc}); nothing of it was saved"


class Repository:
    """Base of the store's repositories: the project's connection, read afresh at each use
    (the store may replace it, see ``ProjectStore.check_wal``)."""

    def __init__(self, pdb: ProjectDb) -> None:
        self._pdb = pdb

    @property
    def _db(self) -> Database:
        return self._pdb.db
