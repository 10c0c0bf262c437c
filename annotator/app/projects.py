"""Turn a path the user gave into an open session: a project file, or a project folder.

A project folder keeps its sources (``articles/*.txt``, and optionally ``annotations.jsonl`` in
the native format); its project file ``project.sqlite`` is built from them when absent and never
rebuilt over the user's edits.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from annotator.app.articles import import_files
from annotator.app.team import claim_package, is_team_folder, open_team
from annotator.core.model import Annotator
from annotator.core.scheme import load_default_scheme
from annotator.formats.jsonl import load_file
from annotator.identity import current_annotator
from annotator.session import Session, refuse_output
from annotator.storage.errors import ProjectError

PROJECT_FILE = "project.sqlite"
ARTICLES_DIR = "articles"
ANNOTATIONS_FILE = "annotations.jsonl"
NETWORK_WRITE = "ANNOTATOR_NETWORK_WRITE"  # "1": write a project on a network drive anyway


def project_file(path: Path) -> Path:
    """The SQLite file a user-given path stands for (a folder means its project.sqlite)."""
    return path / PROJECT_FILE if path.is_dir() else path


def project_name(db_path: Path) -> str:
    """What to call a project: its folder's name for a project folder, else the file's name."""
    return db_path.parent.name if db_path.name == PROJECT_FILE else db_path.name


def open_session(path: Path, *, read_only: bool = False, wal: bool = True) -> Session:
    """Open the project at ``path`` (file or folder) for the current annotator. A project
    folder without its project file gets one built from its sources; reading (``read_only``)
    never makes a project of a folder that has none. ``wal=False``: a command that writes
    once keeps the file's journal mode (see ``Session.open``)."""
    path = Path(path)
    sources = (path / ARTICLES_DIR).is_dir() or (path / ANNOTATIONS_FILE).is_file()
    if read_only and path.is_dir() and not (path / PROJECT_FILE).exists() and not sources:
        raise ProjectError(
            f"{path} is not a project folder (no {PROJECT_FILE}, no {ARTICLES_DIR}/ or "
            f"{ANNOTATIONS_FILE} to build one from); nothing was created"
        )
    annotator = current_annotator()
    if path.is_dir() and not (path / PROJECT_FILE).exists():
        build_from_sources(path, annotator)
    network_ok = os.environ.get(NETWORK_WRITE) == "1"
    if is_team_folder(path):  # (app.team: the lead's project or my work file)
        session, team = open_team(path, annotator, read_only=read_only, network_ok=network_ok)
        if team is not None:
            team.close()
        return session
    session = Session.open(
        project_file(path),
        annotator,
        read_only=read_only,
        scheme=load_default_scheme(),
        wal=wal,
        network_ok=network_ok,
    )
    try:
        claim_package(session)  # a package opened by its assignee binds its name to them
    except BaseException:
        session.close()
        raise
    return session


def discard_if_empty(path: Path) -> bool:
    """Remove the project file at ``path`` (and its side files) if it holds no document: for
    a command that made it for an import that was then refused, so that nothing is left
    behind. True if it was removed."""
    target = project_file(Path(path))
    if not target.is_file() or target.is_symlink():
        return False
    session = Session.open(target, current_annotator(), read_only=True)
    try:
        empty = not session.documents()
    finally:
        session.close()
    if empty:
        for suffix in ("-wal", "-shm", ""):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
    return empty


def check_output(project: Path, target: Path, *, copy: bool = False) -> None:
    """ProjectError if ``target`` must not be written as an output of ``project`` (file or
    folder): one of its files or side files, or of another project, a special file... (see
    ``storage.files``). Checked before the project is opened, so a refusal touches nothing."""
    refuse_output(target, project_file(Path(project)), copy=copy)


def build_from_sources(folder: Path, annotator: Annotator | None = None) -> Path:
    """Build ``folder/project.sqlite`` from the folder's sources, all or nothing.

    The articles are imported, then ``annotations.jsonl`` (if any) is loaded into the same
    file. It is built under a temporary name and renamed into place when complete, so an
    interrupted build, or annotations that cannot be loaded (JsonlError naming the file and
    line), leave no project behind.
    """
    target = folder / PROJECT_FILE
    temp = folder / f".{PROJECT_FILE}.building-{os.getpid()}"
    for leftover in (temp, temp.with_name(temp.name + "-wal"), temp.with_name(temp.name + "-shm")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    annotator = annotator or current_annotator()
    leftovers = [temp.with_name(temp.name + end) for end in ("-wal", "-shm", ".lock")]
    session = Session.open(temp, annotator, scheme=load_default_scheme())
    built = False
    try:
        articles = folder / ARTICLES_DIR
        if articles.is_dir():
            import_files(session, [articles])
        annotations = folder / ANNOTATIONS_FILE
        if annotations.is_file():
            load_file(session.rows, annotations)
        built = True
    finally:
        session.close()
        wal = leftovers[0]
        # Closing folds the -wal into the file; if it could not (a full disk), the rows are
        # still in the -wal alone: the build is not complete, and nothing of it is kept.
        folded = not wal.exists() or wal.stat().st_size == 0
        for leftover in leftovers if built and folded else [temp, *leftovers]:
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    if not folded:
        raise ProjectError(
            f"{target} could not be built: its rows could not be written into the file "
            "(is the disk full?); nothing was kept"
        )
    if target.exists():  # someone else built it meanwhile: theirs wins, ours goes
        temp.unlink()
    else:
        os.replace(temp, target)
    return target
