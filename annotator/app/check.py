"""``annotator check``: is the project file sound, and save what can be read of a damaged one
into a new file (never over it). The words for the user are made here, for the command line
and any other caller alike."""

from __future__ import annotations

from pathlib import Path

from annotator.app.projects import project_file
from annotator.core.wording import counted
from annotator.session import CheckReport, check_file, recover_file, refuse_output
from annotator.storage.errors import ProjectError


def check_project(path: Path) -> CheckReport:
    """SQLite's integrity check and ours, on the project at ``path`` (file or folder)."""
    return check_file(project_file(Path(path)))


def recovered_name(path: Path) -> Path:
    source = project_file(Path(path))
    return source.with_name(f"{source.stem}.recovered{source.suffix or '.sqlite'}")


def repair_project(path: Path, target: Path | None = None) -> tuple[CheckReport, Path]:
    """Every row of the project at ``path`` that can be read and passes the checks, copied
    into a new project (``target``, by default ``NAME.recovered.sqlite`` beside it, which
    must not exist yet); the project itself is only read."""
    source = project_file(Path(path))
    target = Path(target) if target is not None else recovered_name(source)
    refuse_output(target, source, copy=True)
    if target.exists() or target.is_symlink():
        raise ProjectError(f"{target} exists already; give another name with -o")
    return recover_file(source, target), target


def holds(report: CheckReport) -> str:
    """What the file holds, as far as it could be read: "4 documents, 163 spans, 3 annotators"."""
    return ", ".join(
        [
            counted(report.count("documents"), "document"),
            counted(report.count("spans"), "span"),
            counted(report.count("annotators"), "annotator"),
        ]
    )
