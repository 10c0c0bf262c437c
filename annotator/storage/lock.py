"""One writer per project: an advisory lock beside the file, released by the OS if we die."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
from pathlib import Path
from typing import IO

from annotator.storage.errors import ProjectLocked


class WriterLock:
    """``flock`` on ``<project>.lock``; the holder writes who it is so others can say so."""

    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".lock")
        self._handle: IO[str] | None = None

    def acquire(self, who: str) -> None:
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = _describe(handle.read())
            handle.close()
            raise ProjectLocked(
                f"{self.path.with_suffix('')} is open for writing by {holder}. Close it there "
                "first, or open this project read-only."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(
            json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "who": who}) + "\n"
        )
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is None:
            return
        with contextlib.suppress(OSError):
            self._handle.seek(0)
            self._handle.truncate()
            fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
        self._handle.close()
        self._handle = None
        # The file stays: unlinking it would let two processes lock two different inodes.

    @property
    def held(self) -> bool:
        return self._handle is not None


def _describe(content: str) -> str:
    try:
        info = json.loads(content)
        return f"{info['who']} (process {info['pid']} on {info['host']})"
    except (ValueError, KeyError, TypeError):
        return "another process"
