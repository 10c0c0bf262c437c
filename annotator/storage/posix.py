"""The calls that only POSIX systems have, one function each: another platform changes this
file and nothing else.

- ``open_private``: open (or create) a small file of ours without following a symbolic link.
- ``try_lock`` / ``unlock``: an advisory whole-file lock, released by the OS if we die.
- ``filesystem_type``: the kind of file system a path lies on (to find network mounts).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

# File systems on which SQLite's locking cannot be trusted (its documentation: "SQLite over a
# network"): the kernel names of NFS, SMB/CIFS, and the FUSE mounts that usually carry them.
NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph"}
    | {"fuse.sshfs", "fuse.rclone", "fuse.gvfsd-fuse", "fuse.s3fs", "davfs", "fuse.davfs2"}
)


def open_private(path: Path) -> int:
    """A read-write descriptor on ``path``, created (mode 0o644) if absent; OSError with
    ``errno.ELOOP`` if ``path`` is a symbolic link, which is never followed. Non-blocking, so
    that a FIFO put there cannot hang us (the caller checks the file's type)."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    return os.open(path, flags, 0o644)


def try_lock(fd: int) -> bool:
    """Take the exclusive lock on the open file ``fd``; False if another process holds it."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def unlock(fd: int) -> None:
    fcntl.flock(fd, fcntl.LOCK_UN)


def filesystem_type(path: Path) -> str:
    """The type of the file system holding ``path`` (``ext4``, ``nfs4``, ``fuse.sshfs``...),
    from the mount table (``/proc/self/mountinfo``); "" when it cannot be told."""
    try:
        target = os.path.realpath(path if path.exists() else path.parent)
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as handle:
            return mount_type(handle.read(), target)
    except OSError:
        return ""


def mount_type(mountinfo: str, target: str) -> str:
    """The file system type of the mount that holds the absolute path ``target``, from the
    text of a ``mountinfo`` table (the deepest mount point that contains it)."""
    best, kind = "", ""
    for line in mountinfo.splitlines():
        fields = line.split()
        if " - " not in line or len(fields) < 5:
            continue
        point = _unescape(fields[4])
        after = line.split(" - ", 1)[1].split()
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if after and inside and len(point) >= len(best):
            best, kind = point, after[0]
    return kind


def _unescape(field: str) -> str:
    """Mount points in mountinfo escape space, tab, newline and backslash as octal."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field
