"""What the user sees when annotator itself fails (a bug, not bad input): one line saying so and
where the details were saved, never a traceback in their face. The window and the command
line both use it; every expected failure has its own message before it gets here."""

from __future__ import annotations

import os
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

from annotator.storage.errors import DatabaseFault


def report_folder() -> Path:
    """Where crash reports go: the user's cache folder (``XDG_CACHE_HOME``), else the
    temporary folder."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "annotator" / "crash-reports"


def save_report(exc: BaseException) -> Path | None:
    """Write the traceback of ``exc`` to a new file; its path, or None if nothing could be
    written (a full disk, say)."""
    text = "".join(traceback.format_exception(exc))
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for folder in (report_folder(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"annotator-{stamp}-{os.getpid()}.txt"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return None


def unexpected_text(exc: BaseException, project: object = None) -> str:
    """The one line for the user (and the report saved for a developer)."""
    if isinstance(exc, DatabaseFault) and project:
        return (
            f"{project} could not be read: SQLite says {exc}. The file may be damaged: "
            f"`annotator check {project}` says more"
        )
    saved = save_report(exc)
    where = f"; the details are in {saved}" if saved else ""
    return (
        f"annotator failed ({type(exc).__name__}: {exc}). This is a bug, not something you "
        f"did{where}. Please report it with that file"
    )
