"""A read-only connection of its own to an open project, for a reader thread: work over every
document (suggestions, occurrences) runs there while the project's one connection stays with
the thread that owns it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from sqlite_utils import Database

from annotator.storage.opening import connect_readonly
from annotator.storage.store import ProjectStore


def reader_opener(store: ProjectStore) -> Callable[[], ProjectStore]:
    """Called on ``store``'s thread: a function that opens, on the reader's thread (an SQLite
    connection stays on the thread that made it), a read-only store of the same project.

    The reader never writes and takes no writer lock, so it may read a project on a network
    drive or in a read-only folder (``connect_readonly`` says how it reads there); through
    ``mode=ro`` it sees what the writer committed before each of its queries (a WAL reader
    never blocks the writer). A project held in memory (an older file read upgraded, or a
    read-only file with a hot journal, see ``opening.snapshot``) is copied for the reader
    here, as it is now. Close the reader's store when its work is done.
    """
    path = store.path
    main = store.db.execute("PRAGMA database_list").fetchone()
    if main is not None and main[2]:  # a file: the reader opens its own connection to it
        return lambda: ProjectStore(path, Database(connect_readonly(path)), True, None)
    copy = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    store.db.conn.backup(copy)
    return lambda: ProjectStore(path, Database(copy), True, None)
