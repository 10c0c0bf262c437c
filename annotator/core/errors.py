"""Errors the user can act on: each carries a message fit to show as it is."""

from __future__ import annotations

import errno


class AnnotatorError(Exception):
    """Base of every error whose message is meant for the user."""


class SchemeError(AnnotatorError):
    """The label scheme is inconsistent (duplicate key, reserved key, unknown layer...)."""


class SpanError(AnnotatorError):
    """A span does not fit its document (offsets outside the text, empty span...)."""


_OS_WORDS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file cannot grow (the disk is full or a file size limit was reached)",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "not permitted",
    errno.ENOENT: "no such file or folder",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ELOOP: "a loop of symbolic links",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EIO: "the disk could not be read or written (an I/O error)",
}


def os_error_text(exc: OSError) -> str:
    """An OSError in words a user acts on, naming the file: "PATH: the disk is full"."""
    what = _OS_WORDS.get(exc.errno or 0) or exc.strerror or str(exc)
    where = exc.filename if exc.filename is not None else ""
    return f"{where}: {what}" if where else what


def error_text(exc: AnnotatorError | OSError) -> str:
    """What to tell the user of an error a command or the window expects."""
    return os_error_text(exc) if isinstance(exc, OSError) else str(exc)
