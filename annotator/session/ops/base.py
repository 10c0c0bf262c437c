"""An edit as an operation: ``apply()`` makes it, ``revert()`` puts back exactly what was there
(every row, ids and rowids included), ``apply()`` again makes it again; each returns what
changed. The first ``apply`` runs the edit's own rules and writes in one transaction while the
store records the rows it touches (``storage.journal``); later ones replay that record. Qt
knows nothing of this: ``ui.common.undo`` wraps an operation in a ``QUndoCommand``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError
from annotator.core.records import RowChange
from annotator.session.changes import Change

if TYPE_CHECKING:
    from annotator.session.session import Away, Session


class Refused(AnnotatorError):
    """The rules do not allow the edit asked for; the message says why, in the user's words.
    Nothing was written."""


class Operation(ABC):
    """One user edit. Subclasses say what it does in ``run()`` (session writes, each one
    reported), and may keep what it made for the caller."""

    writes_gold = False  # review decisions write the gold layer, whichever track is shown
    of_project = False  # an edit of the project, no one's track (the team's assignment)
    # may take seconds in a large project (a merge of entities): given an ``away`` (the
    # window's), it is written through a worker session elsewhere (``write``), and so are its
    # undo and redo
    heavy = False

    def __init__(self, session: Session, text: str) -> None:
        self.session = session
        self.text = text  # what the Edit menu and the status bar call it
        self.changes: tuple[Change, ...] = ()
        self._undo: list[RowChange] | None = None  # set while applied
        self._redo: list[RowChange] | None = None  # set while reverted

    @abstractmethod
    def run(self) -> None:
        """The edit itself, the first time (its rules may raise AnnotatorError)."""

    def write(self, session: Session) -> None:
        """``run`` through ``session``: this operation's own, or, for a ``heavy`` one (which
        says how), a worker session on another connection of the same project."""
        if session is not self.session:
            raise AnnotatorError(f"{self.text}: made only through its own session")
        self.run()

    def apply(self, away: Away[Any] | None = None) -> tuple[Change, ...]:
        """Make the edit (one transaction); returns what changed. ``away``: a ``heavy`` edit
        is written elsewhere (``Session.record_away``)."""
        if self._undo is not None:
            raise AnnotatorError(f"{self.text}: already made")
        away = away if self.heavy else None
        if self._redo is None:
            if away is not None:
                _, self._undo, changes = self.session.record_away(self.write, away)
            else:
                _, self._undo, changes = self.session.record(self.run)
            self.changes = tuple(changes)
        else:
            self._undo = self._replay(self._redo, away)
            self._redo = None
        return self.changes

    def revert(self, away: Away[Any] | None = None) -> tuple[Change, ...]:
        """Put back what was there before ``apply`` (one transaction); returns what changed."""
        if self._undo is None:
            raise AnnotatorError(f"{self.text}: not made, so not undone")
        self._redo = self._replay(self._undo, away if self.heavy else None)
        self._undo = None
        return self.changes

    def _replay(self, rows: list[RowChange], away: Away[Any] | None) -> list[RowChange]:
        if away is not None:
            return self.session.replay_away(rows, self.changes, away)
        return self.session.replay(rows, self.changes)

    def discard(self) -> list[RowChange]:
        """The edit leaves the undo stack for good (a new edit took the place of its redo):
        its record, handed to the caller, who may free it a piece at a time."""
        rows = self._undo if self._undo is not None else self._redo or []
        self._undo = self._redo = None
        return rows

    def merge(self, later: Operation) -> bool:
        """Take ``later`` (applied just after this one) into this operation, so that one undo
        reverts both; False if the two are separate edits (the default)."""
        return False

    def _absorb(self, later: Operation) -> None:
        """Become this operation followed by ``later`` (both applied)."""
        assert self._undo is not None and later._undo is not None
        self._undo = later._undo + self._undo
        self.changes = tuple(dict.fromkeys(self.changes + later.changes))


def refusal(session: Session, op: Operation, *, viewed: str, paused: str = "") -> str | None:
    """Why ``op`` may not be made now, in the user's words; None if it may. ``viewed`` is the
    annotator whose work is shown (another's is read-only, but for the gold layer a review
    writes), ``paused`` what keeps edits waiting (an import writing), "" if nothing."""
    if session.read_only:
        return "This project is open read-only: nothing was changed"
    if paused:
        return f"{paused}: edits are paused until it ends"
    if viewed != session.annotator.id and not (op.writes_gold or op.of_project):
        return (
            f"Showing {session.annotator_name(viewed)}'s annotations, read-only: "
            "View > Show annotations of > your name, to annotate"
        )
    return None


def short(text: str, limit: int = 30) -> str:
    """``text`` on one line, cut to ``limit`` characters: how an edit names what it touched."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
