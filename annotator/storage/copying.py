"""Another person's file read through a private copy of its bytes, checked whole: the one way
this program reads a file it is not the writer of (a colleague's project brought in with
``add-work``, a package, a team folder's work files and the lead's ``project.sqlite``).

A sync engine may replace such a file, or write it, while it is read; SQLite's locks do not
reach across machines, and ``immutable=1`` on a file that changes returns garbage. So the file
(and a ``-wal`` beside it, which holds edits not yet folded into it) is copied into a folder
private to this process, the file system's mark of both (inode, size, time) is compared before
and after, and the copy is checked with ``PRAGMA quick_check`` before a row of it is believed:
a file caught changing is refused (``Behind``, naming it), never half read. Nothing is ever
created beside the file: SQLite opens the copy, in the private folder, and folds the copied
``-wal`` in there.

Each side file is looked at once (opened, or found missing), never checked and then used: a
``-wal`` or ``-journal`` may vanish between two looks.
"""

from __future__ import annotations

import errno
import os
import secrets
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from annotator.storage.errors import ProjectError

CHUNK = 1 << 20


class Behind(ProjectError):
    """A file could not be read whole right now (being written or synced, half written,
    replaced while read, damaged): nothing of it was kept, and it may be read again later.
    ``short``: the reason in a few words, for a status line."""

    def __init__(self, message: str, short: str) -> None:
        super().__init__(message)
        self.short = short


@dataclass(frozen=True)
class FileMark:
    """Which bytes a path holds now, as cheaply as the file system tells: a file is read
    again only when this changes."""

    inode: int
    size: int
    mtime_ns: int


def mark_of(path: Path) -> FileMark | None:
    """The mark of ``path`` now (None: no file there)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return FileMark(info.st_ino, info.st_size, info.st_mtime_ns)


def _mark_of_open(handle: int) -> FileMark:
    info = os.fstat(handle)
    return FileMark(info.st_ino, info.st_size, info.st_mtime_ns)


def private_copy(path: Path, folder: Path, *, roll_back: bool = False) -> tuple[Path, FileMark]:
    """Copy the bytes of ``path`` and of a ``-wal`` beside it into ``folder`` (private to this
    process), check the copy whole, and return its path and the mark of the bytes read.

    A non-empty ``-journal`` beside ``path`` means a transaction is under way (or a crash left
    one half done): Behind, unless ``roll_back``, when it is copied too and SQLite rolls the
    half-done transaction back in the copy (for a file a crash may have left so: the file's
    own reader, ``add-work``). Behind, naming the file and why, when it is caught changing or
    being replaced while it was copied (its mark or its ``-wal``'s mark differs before and
    after, or from the bytes opened), or when SQLite finds the copy incomplete or damaged
    (``PRAGMA quick_check``). Then nothing is left in ``folder``. Nothing is ever created
    beside ``path``."""
    copy = folder / f"{secrets.token_hex(6)}.sqlite"
    try:
        mark = _copy_checked(path, copy, roll_back)
        why = _quick_check(copy)
    except BaseException:
        drop_copy(copy)
        raise
    if why:
        drop_copy(copy)
        raise Behind(
            f"{path} is incomplete or damaged ({why}): a sync under way? read again later",
            "incomplete",
        ) from None
    return copy, mark


def _copy_checked(path: Path, copy: Path, roll_back: bool) -> FileMark:
    """The copy of ``path`` and its side files, each opened once; the mark of ``path`` read."""
    before = mark_of(path)
    if before is None:
        raise Behind(f"{path} is gone (being replaced?); read again later", "gone")
    try:
        journal = _copy_side(path, "-journal", copy) if roll_back else None
        if not roll_back:
            _refuse_journal(path)
        with path.open("rb") as source, copy.open("wb") as out:
            opened = _mark_of_open(source.fileno())
            _copy_bytes(source, out, opened.size)
        wal = _copy_side(path, "-wal", copy)
        wal_after = mark_of(path.with_name(path.name + "-wal"))
        journal_after = mark_of(path.with_name(path.name + "-journal")) if roll_back else None
    except OSError as exc:
        raise Behind(
            f"{path} could not be copied ({exc.strerror or exc}); read again later",
            "unreadable",
        ) from None
    after = mark_of(path)
    sides_same = wal == wal_after and journal == journal_after
    if after != before or opened != before or copy.stat().st_size != before.size or not sides_same:
        raise Behind(
            f"{path} changed while it was read (a sync under way?); read again later",
            "changed while read",
        ) from None
    return before


def _refuse_journal(path: Path) -> None:
    """Behind if a non-empty ``-journal`` lies beside ``path`` (one look only)."""
    being_written = mark_of(path.with_name(path.name + "-journal"))
    if being_written is not None and being_written.size > 0:
        raise Behind(
            f"{path} is being written (a -journal lies beside it); read again later",
            "being written",
        ) from None


def _copy_side(path: Path, suffix: str, copy: Path) -> FileMark | None:
    """Copy ``path``'s side file ``suffix`` beside ``copy`` if there is one (opened once: it
    may vanish at any moment, and then there is none); the mark of the bytes copied."""
    try:
        source = path.with_name(path.name + suffix).open("rb")
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            return None
        raise
    with source, copy.with_name(copy.name + suffix).open("wb") as out:
        mark = _mark_of_open(source.fileno())
        _copy_bytes(source, out, mark.size)
    return mark


def _copy_bytes(source: BinaryIO, out: BinaryIO, size: int) -> None:
    """The first ``size`` bytes of ``source`` (its size when opened) into ``out``: a file
    that grows while it is read is copied as far as it was, never chased to its end (a
    writer faster than the copy would fill the disk); the growth shows in its mark."""
    left = size
    while left > 0:
        chunk = source.read(min(CHUNK, left))
        if not chunk:
            return  # (it shrank: the marks tell)
        out.write(chunk)
        left -= len(chunk)


def _quick_check(copy: Path) -> str:
    """'' if SQLite finds the copy whole; else what it says. (Opening the copy folds a copied
    ``-wal`` into it, or rolls a copied hot ``-journal`` back, in the private folder.)"""
    with open(copy, "rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            return "not an SQLite file yet"
    try:
        conn = sqlite3.connect(str(copy), isolation_level=None)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    found = [str(r[0]) for r in rows]
    return "" if found == ["ok"] else "; ".join(found[:2])


def drop_copy(copy: Path) -> None:
    """Remove a private copy and its side files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        copy.with_name(copy.name + suffix).unlink(missing_ok=True)


def private_folder() -> Path:
    """A new private folder for copies (remove it with ``shutil.rmtree`` when done)."""
    return Path(tempfile.mkdtemp(prefix="annotator-copy-"))
