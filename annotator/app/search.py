"""Search the corpus, for the window and ``annotator search``: open a project for searching
(its index built first where it may be), build what the index lacks, say how far it is. The
query itself is the session's (``session.search``: ``filters()`` from names, ``find()``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from annotator.app.projects import open_session
from annotator.core.errors import AnnotatorError
from annotator.session import Session

BUILD_STEP = 0.25  # s of indexing per transaction when nobody waits for the window
# s of indexing per idle turn of the window's event loop: the commit that follows (the index's
# new segment, the WAL's fsync) takes about as long again
IDLE_STEP = 0.006


def open_for_search(path: Path) -> Session:
    """The project at ``path`` opened for reading. An older file is read through an upgraded
    copy, whose index is built there; a current file whose index is not complete is opened
    for writing, so that what is built is kept, unless another program holds it (then what
    is built is searched)."""
    session = open_session(path, read_only=True, wal=False)
    if session.search.built() >= 1.0 or session.search.can_build():
        return session
    session.close()
    try:
        return open_session(path, wal=False)
    except AnnotatorError:
        return open_session(path, read_only=True, wal=False)


def build_index(session: Session, progress: Callable[[float], None] | None = None) -> bool:
    """Index what the project's index lacks (``progress`` hears the share built after each
    step); False when it cannot be built here (read-only)."""
    search = session.search
    if search.built() >= 1.0:
        return True
    if not search.can_build():
        return False
    while True:
        done = search.build_step(BUILD_STEP)
        if progress is not None:
            progress(search.built())  # the last step says 100%
        if done:
            return True


def built_note(built: float) -> str:
    """What to tell the user when the index does not cover the whole project yet."""
    if built >= 1.0:
        return ""
    return f"index {int(built * 100)}% built; results so far"
