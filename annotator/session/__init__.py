"""The open project and the current annotator (``session.Session``): every read and edit of
the window and the command line goes through here, and what each edit changed is reported.

``session`` (the Session and the documents and spans everything hangs on), its parts
``registry``, ``links``, ``labels``, ``review``, ``proposals`` and ``rows`` (the project as rows
for the formats), ``changes`` (what an edit changed), ``ops`` (each user edit as an undoable
operation, with its rules). ``refuse_output`` says whether a path may be written as an output
before any project is opened (the project's own files and side files never may);
``check_file`` and ``recover_file`` check a project file that may not even open, and save
what can be read of a damaged one.
"""

from annotator.session.changes import Change, ChangeKind, ImportReport
from annotator.session.session import Away, Listener, Session
from annotator.storage.check import CheckReport
from annotator.storage.check import check as check_file
from annotator.storage.check import recover as recover_file
from annotator.storage.files import refuse_output

__all__ = [
    "Away",
    "Change",
    "ChangeKind",
    "CheckReport",
    "ImportReport",
    "Listener",
    "Session",
    "check_file",
    "recover_file",
    "refuse_output",
]
