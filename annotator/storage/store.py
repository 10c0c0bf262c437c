"""The open project file: one connection, and the repositories that read and write its rows
(composed, as Anki's ``Collection`` composes its managers), sharing one ``writing()``."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from annotator.core.model import now_iso
from annotator.core.scheme import Scheme
from annotator.storage.annotators import Annotators
from annotator.storage.assignments import Assignments
from annotator.storage.bulk import Bulk
from annotator.storage.copying import mark_of
from annotator.storage.database import ProjectDb, write_failure
from annotator.storage.decisions import Decisions
from annotator.storage.documents import Documents
from annotator.storage.entities import Entities
from annotator.storage.errors import (
    DatabaseFault,
    NotAProject,
    OnNetworkDrive,
    ProjectError,
    ReadOnlyProject,
    WriteFailed,
    damaged,
)
from annotator.storage.files import refuse_output, write_whole
from annotator.storage.journal import Journal
from annotator.storage.labels import Labels
from annotator.storage.links import Links
from annotator.storage.lock import WriterLock
from annotator.storage.migrations import ROWS_LAST_CHANGED, SCHEMA_VERSION, migrations
from annotator.storage.opening import connect_readonly, inspect, schema_problem, snapshot
from annotator.storage.outcomes import Outcomes
from annotator.storage.posix import NETWORK_FILESYSTEMS, filesystem_type
from annotator.storage.progress import ProgressQueries
from annotator.storage.search import SearchIndex
from annotator.storage.spans import Spans
from annotator.storage.stats import Stats
from annotator.storage.team import Cut, Team, write_package


class ProjectStore:
    """One open project file. Each repository's write is one transaction (a savepoint inside
    another, so that a session can make several of them one)."""

    def __init__(self, path: Path, db: Database, read_only: bool, lock: WriterLock | None) -> None:
        self.path = path
        self.read_only = read_only
        self._lock = lock
        self.file = ProjectDb(path, db, read_only)
        mode = "" if read_only else db.execute("PRAGMA journal_mode").fetchone()[0]
        self._watch_wal = mode == "wal"  # a writer in WAL mode: its -wal must stay its own
        self._wal = _identity(self._wal_path) if self._watch_wal else None
        self.annotators = Annotators(self.file)
        self.documents = Documents(self.file)
        self.links = Links(self.file)
        self.journal = Journal(self.file)
        self.entities = Entities(self.file, self.journal)
        self.spans = Spans(self.file, self.documents, self.links)
        self.labels = Labels(self.file, self.spans)
        self.decisions = Decisions(self.file, self.spans, self.links, self.documents)
        self.outcomes = Outcomes(self.file, self.spans, self.links)
        self.bulk = Bulk(self.file)
        self.search = SearchIndex(self.file)
        self.stats = Stats(self.file)
        self.assignments = Assignments(self.file)
        self.team = Team(self.file, self.labels)
        self.progress = ProgressQueries(self.file)

    @property
    def db(self) -> Database:
        return self.file.db

    @property
    def _wal_path(self) -> Path:
        return self.path.with_name(self.path.name + "-wal")

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        who: str = "annotator",
        read_only: bool = False,
        scheme: Scheme | None,
        wal: bool = True,
        network_ok: bool = False,
    ) -> ProjectStore:
        """Open (creating if absent) the project at ``path``.

        The file is inspected read-only first: a file that is not ours or is too new is refused
        before anything, ``journal_mode`` included, is written. A file we may not write, or
        ``read_only=True``, opens read-only. A writable open takes the writer lock and puts
        the file in WAL mode (readers follow a writer); ``wal=False`` keeps an existing
        file's journal mode (a short command that writes once need not change it).
        ``scheme`` seeds the labels of a new file. A file SQLite finds damaged is refused
        (DamagedProject, naming it). A file on a network file system is not opened for
        writing (OnNetworkDrive) unless ``network_ok``: SQLite's locks cannot be trusted there.
        """
        path = Path(path)
        if not read_only and not network_ok:
            kind = filesystem_type(path)
            if kind in NETWORK_FILESYSTEMS:
                raise OnNetworkDrive(
                    f"{path} is on a network drive ({kind}), where SQLite cannot keep two "
                    "writers apart: it was not opened for writing. Open it read-only, copy it "
                    "to a local disk, or, if nobody else writes it, set ANNOTATOR_NETWORK_WRITE=1"
                )
        try:
            return cls._open(path, who, read_only, scheme, wal)
        except DatabaseFault as exc:
            raise damaged(path, f"SQLite cannot read it ({exc})") from None

    @classmethod
    def _open(
        cls, path: Path, who: str, read_only: bool, scheme: Scheme | None, wal: bool
    ) -> ProjectStore:
        state = inspect(path)
        if read_only or not state.writable:
            if not state.exists or state.version == 0:
                raise ProjectError(f"{path}: cannot create a project here (read-only)")
            journal = mark_of(path.with_name(path.name + "-journal"))  # (one look: it may go)
            hot = journal.size if journal is not None else 0
            if state.version < SCHEMA_VERSION or hot:
                # An older schema is read upgraded, and a transaction a crash left half written
                # (a hot -journal) rolled back, in a copy: the file itself stays as it is.
                return cls(path, snapshot(path).db, read_only=True, lock=None)
            db = Database(connect_readonly(path))
            return cls(path, db, read_only=True, lock=None)
        lock = WriterLock(path)
        lock.acquire(who)
        conn: sqlite3.Connection | None = None
        try:
            if 0 < state.version < ROWS_LAST_CHANGED:  # (later migrations: indexes only)
                _backup(path, path.with_name(f"{path.name}.v{state.version}.bak"))
            conn = _connect(path, wal=wal or state.version == 0)
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
                why = schema_problem(conn, SCHEMA_VERSION)
                if why:
                    raise NotAProject(f"{path} is not a project annotator can use: {why}")
            return store
        except BaseException:
            if conn is not None:
                conn.close()
            lock.release()
            raise

    def worker_connection(self, immediate: bool = False) -> ProjectStore:
        """Another writable connection to this project for a worker thread of the process
        that holds the writer lock (a long import): SQLite serialises the two connections and
        the lock stays where it is. Close it when the work is done. ``immediate``: each
        transaction takes the write lock as it begins (``ProjectDb.immediate``)."""
        if self.read_only:
            raise ReadOnlyProject(f"{self.path} is open read-only")
        conn = _connect(self.path, wal=False, timeout=30, check_same_thread=False)
        store = ProjectStore(self.path, Database(conn), read_only=False, lock=None)
        store.file.immediate = immediate
        return store

    def _seed(self, scheme: Scheme | None) -> None:
        with self.file.writing():
            self.db.execute(
                "INSERT OR IGNORE INTO project (key, value) VALUES ('created_at', ?)", [now_iso()]
            )
            if scheme is not None:  # a new file: the scheme replaces what migrations added
                self.labels.replace_all(list(scheme))
                self.labels.set_guideline(scheme.guideline)

    def close(self, fold: bool = True) -> None:
        """Close the connection; ``fold``: fold the WAL into the file first (not for a worker
        connection that wrote one edit: the window's connection folds it when it closes, and
        folding a merge's 200 MB here would hold the window's next edit)."""
        if fold and not self.read_only:
            with contextlib.suppress(sqlite3.Error):
                # Fold the WAL back into the file, so a plain copy of it is complete.
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.db.close()
        if self._lock is not None:
            self._lock.release()

    def check_wal(self) -> str:
        """If the ``-wal`` file was deleted or replaced since the project was opened (SQLite
        goes on writing into the deleted one, and a crash would lose every edit since),
        fold every edit into the project file through the connection that still holds the
        old one, open a new connection (and so a new ``-wal``), and say what happened;
        "" when the ``-wal`` is as it was (or the file is not in WAL mode)."""
        if not self._watch_wal:
            return ""
        if self._wal is None:
            self._wal = _identity(self._wal_path)  # the -wal was made after the open
            return ""
        if _identity(self._wal_path) == self._wal:
            return ""
        # A file now at the -wal path is not ours: its frames must never be replayed into the
        # project (a crash before our next write would make SQLite do so), so it is moved
        # aside, kept, before anything else.
        aside = ""
        if os.path.lexists(self._wal_path):
            stamp = time.strftime("%Y%m%d-%H%M%S")
            moved = self._wal_path.with_name(f"{self._wal_path.name}.replaced-{stamp}")
            try:
                os.replace(self._wal_path, moved)
            except OSError as exc:
                raise WriteFailed(
                    f"{self._wal_path} was replaced by another file while the project was "
                    f"open, and it cannot be moved aside ({exc.strerror or exc}); close the "
                    "window and move it away before opening the project again"
                ) from exc
            aside = f" The file found in its place was moved to {moved.name}."
        old = self.file.db
        try:
            busy, _, _ = old.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.Error as exc:
            raise WriteFailed(f"{self.path}: {write_failure(exc)}") from exc
        if busy:
            return (
                f"{self._wal_path} was deleted or replaced while the project was open, and "
                "another program reading the project kept its edits from being saved into "
                f"{self.path}. Close other windows on this project; annotator tries again."
            )
        self.file.db = Database(_connect(self.path, wal=True))
        old.conn.close()
        self._wal = _identity(self._wal_path)
        return (
            f"{self._wal_path} was deleted or replaced while the project was open. Every edit "
            f"was saved into {self.path} and a new -wal started: editing goes on.{aside}"
        )

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file (cheap to poll)."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def interrupt(self) -> None:
        """From another thread: stop the statement this connection runs (it raises
        ``sqlite3.OperationalError``, "interrupted"); a long read that nobody waits for."""
        self.db.conn.interrupt()

    def package_to(self, target: Path, cut: Cut) -> None:
        """Write a package of this project for one assignee (``storage.team.write_package``),
        renamed to ``target`` when complete."""
        refuse_output(target, self.path, copy=True)
        write_package(self.db.conn, Path(target), cut)

    def backup_to(self, target: Path, progress: Callable[[int, int], None] | None = None) -> None:
        """Write a consistent copy of the project to ``target`` through SQLite's backup API,
        edits still in the ``-wal`` included, even while another connection writes (the copy
        starts over if the file changes under it). The copy is one self-contained file (no
        ``-wal``), written under a temporary name and renamed over ``target`` when complete.
        ``progress`` hears (pages copied, pages in all) and may raise to cancel: ``target``
        is then left as it was."""
        target = Path(target)
        refuse_output(target, self.path, copy=True)
        if any(target.with_name(target.name + s).exists() for s in ("-wal", "-journal")):
            raise ProjectError(
                f"{target} has a -wal or -journal file beside it (open somewhere, or not closed "
                "cleanly); choose another name"
            )
        if target.is_dir():
            raise ProjectError(f"{target} is a folder; give the name of the copy to write")
        if not target.parent.is_dir():
            raise ProjectError(f"{target}: the folder {target.parent} does not exist")
        step = None if progress is None else lambda _, left, pages: progress(pages - left, pages)

        def fill(dest: sqlite3.Connection) -> None:
            self.db.conn.backup(dest, pages=1024, progress=step)
            dest.execute("PRAGMA journal_mode = DELETE")  # one file, whatever the source uses

        write_whole(target, fill, "the copy")


def _connect(path: Path, *, wal: bool, **options: Any) -> sqlite3.Connection:
    """A writable connection: WAL mode if ``wal`` (else the file's own journal mode), every
    commit synced to disk, foreign keys enforced, temporary tables (the undo journal's) in
    memory, so that a full disk cannot fail them."""
    options.setdefault("timeout", 10)
    conn: sqlite3.Connection = sqlite3.connect(str(path), isolation_level=None, **options)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file ``path`` is now (device, inode); None if there is none."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _backup(source: Path, target: Path) -> None:
    """Copy the file before an in-place upgrade, through SQLite's backup API, into a new file
    renamed to ``target`` when complete: whatever was at ``target`` (an older backup, or a link
    to another file) is replaced as a name, never written through."""
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temp.unlink(missing_ok=True)
    src = sqlite3.connect(str(source))
    dest = sqlite3.connect(str(temp))
    try:
        src.backup(dest)
    finally:
        dest.close()
        src.close()
    try:
        os.replace(temp, target)
    except OSError:
        temp.unlink(missing_ok=True)
        raise
