"""The project's one connection, shared by every repository of the store, and its
transactions: ``writing()`` is the only way a repository writes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
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

    @contextmanager
    def writing(self) -> Iterator[Database]:
        """One transaction (a savepoint inside another): committed when the block ends, rolled
        back if it raises. ReadOnlyProject on a read-only connection; WriteFailed, naming the
        file, if SQLite cannot write it (nothing of the block stays)."""
        if self.read_only:
            raise ReadOnlyProject(f"{self.path} is open read-only; the edit was not made")
        try:
            with self.db.atomic():
                yield self.db
        except sqlite3.Error as exc:
            raise WriteFailed(f"{self.path}: the edit could not be saved ({exc})") from exc
