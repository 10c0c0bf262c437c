"""Whether a path the user gave is a file that can be read to its end: reading a FIFO or a
device waits forever or never ends, a dangling link or a loop of links reads nothing."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


def not_a_file(path: Path) -> str:
    """Why ``path`` is not a regular file to read ("" if it is one); links are followed."""
    try:
        info = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a loop of symbolic links"
        if os.path.islink(path):
            return f"is a symbolic link to {os.readlink(path)}, which does not exist"
        if exc.errno == errno.ENOENT:
            return "does not exist"
        return f"cannot be read ({exc.strerror})"
    kind = _KINDS.get(stat.S_IFMT(info.st_mode))
    return f"is {kind}, not a file" if kind else ""
