"""Why a project file cannot be opened or written; messages name the file."""

from __future__ import annotations

import sqlite3

from annotator.core.errors import AnnotatorError


class ProjectError(AnnotatorError):
    """The project file cannot be used as asked."""


class NotAProject(ProjectError):
    """The file is not SQLite, or SQLite but not an annotator project."""


class TooNew(ProjectError):
    """The file was written by a newer annotator; it is left untouched."""


class ProjectLocked(ProjectError):
    """Another window or command is writing to the project."""


class OnNetworkDrive(ProjectError):
    """The project lies on a network file system, where SQLite's locks cannot be trusted: it
    is not opened for writing unless the user says so."""


class ReadOnlyProject(ProjectError):
    """A write was attempted on a project opened read-only."""


class WriteFailed(ProjectError):
    """SQLite could not write the file (a broken rule, an I/O error); nothing was written."""


class BulkConflict(ProjectError):
    """A bulk write broke a constraint of the file (an id already used, a dangling reference);
    nothing of it was written."""


class JournalConflict(ProjectError):
    """Undo or redo found a row not as the edit left it (another program changed it since):
    nothing was put back."""


class DamagedProject(ProjectError):
    """The project file holds what annotator never writes (a value of the wrong type, a page
    SQLite cannot read): the message names the file, and ``annotator check`` says more."""


DatabaseFault = sqlite3.DatabaseError
"""What SQLite raises when a file it reads turns out damaged (a malformed page, text that is
not UTF-8): the window and the command line catch it at their edge and name the file."""


def damaged(path: object, what: str) -> DamagedProject:
    return DamagedProject(
        f"{path} is damaged: {what}. `annotator check {path}` says more; "
        "`annotator check --repair` saves what can be read into a new file"
    )
