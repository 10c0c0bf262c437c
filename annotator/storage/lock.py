"""One writer per project: an advisory lock beside the file, released by the OS if we die.

The lock file is ours alone. It is opened without following a symbolic link, and used only if
it is a regular file of this user with no other name (hard link), holding nothing or a lock
record of annotator: anything else there is refused and left exactly as it was, so that a
link or a file planted at ``<project>.lock`` can never make us overwrite something else. The
writer removes it when it is done, so nothing of it stays beside the project.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
import stat
from pathlib import Path

from annotator.storage.errors import ProjectError, ProjectLocked
from annotator.storage.posix import open_private, try_lock, unlock

_MOST = 4096  # bytes: a lock record is one short line


class WriterLock:
    """``flock`` on ``<project>.lock``; the holder writes who it is so others can say so."""

    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".lock")
        self._fd: int | None = None

    def acquire(self, who: str) -> None:
        for _ in range(20):
            fd = self._open()
            if fd < 0:
                continue  # removed by its holder as we opened it: open the new one
            try:
                self._take(fd, who)
            except BaseException:
                os.close(fd)
                raise
            if _same(fd, self.path):
                self._fd = fd
                return
            os.close(fd)  # the holder removed that file as we locked it: lock the new one
        raise ProjectError(f"{self.path}: the lock file keeps changing; try again")

    def _take(self, fd: int, who: str) -> None:
        """Lock the open file and write who holds it; refuse a file that holds anything but
        a lock record, and say who holds a lock that is taken."""
        content = _read(fd)
        if content.strip() and _record(content) is None:
            raise ProjectError(
                f"{self.path} is not a lock file of annotator (it holds something else); "
                "it was left untouched. Move it away to open the project for writing."
            )
        if not try_lock(fd):
            holder = _describe(_record(_read(fd)))
            raise ProjectLocked(
                f"{self.path.with_suffix('')} is open for writing by {holder}. Close it "
                "there first, or open this project read-only."
            )
        record = {"pid": os.getpid(), "host": socket.gethostname(), "who": who}
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(record) + "\n").encode("utf-8"), 0)

    def _open(self) -> int:
        """The lock file, open, checked to be ours to use; -1 if it was removed meanwhile."""
        try:
            fd = open_private(self.path)
        except OSError as exc:
            raise ProjectError(_open_failure(self.path, exc)) from None
        info = os.fstat(fd)
        why = ""
        if info.st_nlink == 0:
            os.close(fd)
            return -1
        if not stat.S_ISREG(info.st_mode):
            why = "is not a regular file"
        elif info.st_uid != os.geteuid():
            why = "belongs to another user"
        elif info.st_nlink != 1:
            why = "has another name too (a hard link)"
        elif info.st_size > _MOST:
            why = "is not a lock file of annotator (it is too large)"
        if why:
            os.close(fd)
            raise ProjectError(
                f"{self.path} {why}; annotator uses that name for its lock and left the file "
                "untouched. Move it away to open the project for writing."
            )
        return fd

    def release(self) -> None:
        """Remove the lock file (still locked, and only if it is the one we hold), then let it
        go: nothing of a writer stays beside the project. A process that opened the file just
        before finds, once it has the lock, that the path no longer names it, and starts over
        (``acquire``), so two writers never hold two files."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            if _same(self._fd, self.path):
                os.unlink(self.path)
            else:
                os.ftruncate(self._fd, 0)
            unlock(self._fd)
        os.close(self._fd)
        self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None


def _same(fd: int, path: Path) -> bool:
    """Whether ``path`` (not followed) still names the file open as ``fd``."""
    try:
        named, held = os.lstat(path), os.fstat(fd)
    except OSError:
        return False
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


def _open_failure(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return (
            f"{path} is a symbolic link; annotator never follows one for its lock file (it "
            "could make it overwrite another file). Remove the link to open the project."
        )
    if exc.errno == errno.EISDIR:
        return f"{path} is a folder; annotator needs that name for its lock file. Move it away."
    return f"{path}: the lock file cannot be opened ({exc.strerror})"


def _read(fd: int) -> str:
    return os.pread(fd, _MOST, 0).decode("utf-8", errors="replace")


def _record(content: str) -> dict[str, object] | None:
    """The lock record in ``content``; None if it is not one."""
    try:
        info = json.loads(content)
    except ValueError:
        return None
    if isinstance(info, dict) and {"pid", "host", "who"} <= info.keys():
        return info
    return None


def _describe(info: dict[str, object] | None) -> str:
    if info is None:
        return "another process"
    return f"{info['who']} (process {info['pid']} on {info['host']})"
