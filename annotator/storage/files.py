"""The files a project is made of, and the outputs that must never replace one of them.

A project ``X.sqlite`` is more than one file: SQLite keeps edits not yet folded into it in
``X.sqlite-wal`` (with its index ``-shm``, or a ``-journal`` in rollback mode), the writer's
lock is ``X.sqlite.lock``, and an upgrade leaves ``X.sqlite.vN.bak``. Writing any of them from
outside loses edits or lets two writers in, so an export, a share or a brat folder whose path
is one of them (after following links, for this project or any other) is refused.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

from annotator.storage.errors import ProjectError

SIDE_SUFFIXES = ("-wal", "-shm", "-journal", ".lock")
_BACKUP = re.compile(r"^(?P<base>.+)\.v\d+\.bak$")
_SQLITE_HEADER = b"SQLite format 3\x00"


def side_files(path: Path) -> list[Path]:
    """``path``'s side files that exist now (backups of upgrades included)."""
    found = [path.with_name(path.name + s) for s in SIDE_SUFFIXES]
    found += sorted(path.parent.glob(f"{_glob_escape(path.name)}.v*.bak"))
    return [p for p in found if os.path.lexists(p)]


def _glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def output_refusal(target: Path, project: Path | None = None, *, copy: bool = False) -> str:
    """Why ``target`` must not be written as an output ("" if it may be). Refused: the project
    file itself or one of its side files; a side file of any other SQLite file; a special
    file (a FIFO, a device); an existing SQLite database (an export never replaces one; a
    ``copy`` (share) may replace a database that is none of these); a path through a link loop
    or a dangling link."""
    target = Path(target)
    try:
        resolved = Path(os.path.realpath(target, strict=False))
    except (OSError, RuntimeError):
        return f"{target} cannot be resolved (a loop of symbolic links); choose another output"
    if os.path.islink(target) and not os.path.exists(target):
        return f"{target} is a symbolic link to a file that does not exist; choose another output"
    if project is not None:
        why = _of_project(target, resolved, Path(project))
        if why:
            return why
    base = _side_file_of(resolved)
    if base is not None:
        return (
            f"{target} is a side file of {base} (SQLite's journal, index or annotator's lock "
            "or backup): writing it could lose that project's edits; choose another output"
        )
    try:
        info = os.stat(resolved)
    except FileNotFoundError:
        return ""
    except OSError as exc:
        return f"{target}: {exc.strerror}; choose another output"
    if stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode):
        if stat.S_ISREG(info.st_mode) and not copy and _is_sqlite(resolved):
            return f"{target} is an SQLite database; an export never replaces one"
        return ""
    return f"{target} is not a regular file (a FIFO, a device or a socket); choose another output"


def _of_project(target: Path, resolved: Path, project: Path) -> str:
    real = Path(os.path.realpath(project))
    if resolved == real or _same_file(target, project):
        return f"{target} is the project file itself; choose another output"
    for side in [real.with_name(real.name + s) for s in SIDE_SUFFIXES]:
        if resolved == side:
            return (
                f"{target} is the project's {side.name[len(real.name) :]} file: writing it "
                "would lose edits of the project or let two writers in; choose another output"
            )
    match = _BACKUP.match(resolved.name)
    if match and resolved.parent == real.parent and match["base"] == real.name:
        return f"{target} is the project's backup from an upgrade; choose another output"
    return ""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _side_file_of(resolved: Path) -> Path | None:
    """The file whose side file ``resolved`` is named as, if that file exists."""
    name = resolved.name
    bases = [name[: -len(s)] for s in SIDE_SUFFIXES if name.endswith(s) and len(name) > len(s)]
    match = _BACKUP.match(name)
    if match:
        bases.append(match["base"])
    for base in bases:
        candidate = resolved.with_name(base)
        if candidate.is_file() and (_is_sqlite(candidate) or name.endswith((".lock", ".bak"))):
            return candidate
    return None


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == _SQLITE_HEADER
    except OSError:
        return False


def refuse_output(target: Path, project: Path | None = None, *, copy: bool = False) -> None:
    """ProjectError if ``target`` must not be written (see ``output_refusal``)."""
    why = output_refusal(target, project, copy=copy)
    if why:
        raise ProjectError(why)


def write_whole(target: Path, fill: Callable[[sqlite3.Connection], None], what: str) -> None:
    """Write a new SQLite file at ``target`` whole or not at all: ``fill`` writes it through a
    connection to a file beside ``target`` under a temporary name, renamed over ``target``
    when complete (the rename made durable); on any failure, or an interruption, the
    temporary file and its side files are removed and ``target`` is as it was. A failure of
    SQLite is told as "``target``: ``what`` could not be written"."""
    temp = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    dest = sqlite3.connect(str(temp), isolation_level=None)
    try:
        fill(dest)
        dest.close()  # each step was committed with synchronous = FULL (the default)
        os.replace(temp, target)
        with contextlib.suppress(OSError):  # make the rename itself durable
            folder = os.open(target.parent, os.O_RDONLY)
            os.fsync(folder)
            os.close(folder)
    except BaseException as exc:
        dest.close()
        for suffix in ("", "-journal", "-wal", "-shm"):
            temp.with_name(temp.name + suffix).unlink(missing_ok=True)
        if isinstance(exc, sqlite3.Error):
            raise ProjectError(f"{target}: {what} could not be written ({exc})") from None
        raise
