"""Qt's undo stack over the session's operations: one ``QUndoCommand`` wraps one operation
(``session.ops``; as orange-canvas-core's ``SimpleUndoCommand`` and Glue's ``Command``), and
what the stack tells the user: the status bar names each edit saved or undone, and the Edit
menu's Undo / Redo name theirs (with a literal "&")."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QStatusBar

from annotator.core.errors import AnnotatorError
from annotator.core.records import RowChange
from annotator.session import Away
from annotator.session.ops.base import Operation
from annotator.storage.errors import WriteFailed
from annotator.ui.common import plain

Hook = Callable[[], None]
# message, error, and for a failed write the step ("undo" / "redo") that puts the index back
Failed = Callable[[str, AnnotatorError, str | None], None]


class OperationCommand(QUndoCommand):
    """One operation on Qt's undo stack. ``apply_first`` makes the edit before it is pushed,
    so that an error reaches the user and nothing is pushed; the stack's first ``redo`` (on
    push) is then skipped. ``after_apply`` / ``after_revert`` run after each apply / revert
    (a list the window keeps, such as open proposals). An undo or redo that fails is told
    through ``failed`` (the message, the error, and for a failed write the stack step that puts
    the index back). When the file changed meanwhile (``JournalConflict``...), the command
    leaves the stack, which stays consistent with the file. When the write failed (a full
    disk: ``WriteFailed``, nothing written), the edit is where it was: the command stays, and
    the index is put back by the opposite step, which this command then skips, so the user can
    undo or redo again once there is room."""

    def __init__(
        self,
        op: Operation,
        *,
        after_apply: Hook | None = None,
        after_revert: Hook | None = None,
        failed: Failed | None = None,
        away: Away[Any] | None = None,
    ) -> None:
        super().__init__(op.text)
        self.op = op
        self._after_apply, self._after_revert, self._failed = after_apply, after_revert, failed
        self._away = away  # where a heavy operation is written (``Operation.apply``)
        self._skip_redo = self._skip_undo = False
        self.quiet = 0  # index changes the status bar must not call saved (a step put back)

    def apply_first(self) -> None:
        self.op.apply(self._away)
        self._skip_redo = True
        if self._after_apply is not None:
            self._after_apply()

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._run(lambda: self.op.apply(self._away), self._after_apply)

    def undo(self) -> None:
        if self._skip_undo:
            self._skip_undo = False
            return
        self._run(lambda: self.op.revert(self._away), self._after_revert, undoing=True)

    def _run(
        self, step: Callable[[], object], after: Hook | None, *, undoing: bool = False
    ) -> None:
        try:
            step()
        except WriteFailed as exc:  # nothing written: the edit stays where it was
            if undoing:
                self._skip_redo = True
            else:
                self._skip_undo = True
            self.quiet = 2  # this step and the one putting the index back
            if self._failed is not None:
                self._failed(f"{self.op.text}: {exc}", exc, "redo" if undoing else "undo")
            return
        except AnnotatorError as exc:
            self.setObsolete(True)  # the stack drops it: undo and redo match the file
            if self._failed is not None:
                self._failed(f"{self.op.text}: {exc}", exc, None)
            return
        if after is not None:
            after()

    def id(self) -> int:
        """Operations that merge (``Operation.merge``) share an id per kind; others none."""
        if type(self.op).merge is Operation.merge:
            return -1
        return zlib.crc32(type(self.op).__name__.encode()) & 0x7FFFFFFF

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt API)
        if not isinstance(other, OperationCommand) or not self.op.merge(other.op):
            return False
        self.setText(self.op.text)
        return True


class Discarded(QObject):
    """The records of the undone edits a new edit takes off the stack, freed a slice per turn
    of the event loop: QUndoStack.push deletes them at once, and an undone merge of two
    entities of 40,000 mentions each holds 40,000 rows, whose freeing held the window about
    20 ms inside the next label."""

    SLICE = 2000  # rows freed a turn (about a millisecond)

    def __init__(self, owner: QObject) -> None:
        super().__init__(owner)
        self._rows: list[list[RowChange]] = []
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_timer_timeout)

    def take_redo_side(self, stack: QUndoStack) -> None:
        """Take the records of the commands a push onto ``stack`` is about to delete."""
        for i in range(stack.index(), stack.count()):
            command = stack.command(i)
            if isinstance(command, OperationCommand):
                rows = command.op.discard()
                if rows:
                    self._rows.append(rows)
        if self._rows and not self._timer.isActive():
            self._timer.start()

    def pending(self) -> int:
        """Rows still to free."""
        return sum(len(rows) for rows in self._rows)

    def _on_timer_timeout(self) -> None:
        rows = self._rows[-1]
        del rows[-self.SLICE :]
        if not rows:
            self._rows.pop()
        if not self._rows:
            self._timer.stop()


class UndoStatus(QObject):
    def __init__(
        self,
        owner: QObject,
        stack: QUndoStack,
        status: QStatusBar,
        undo: QAction,
        redo: QAction,
    ) -> None:
        super().__init__(owner)  # lives and dies with the window, like the widgets it updates
        self.stack, self.status, self.undo, self.redo = stack, status, undo, redo
        self._index = stack.index()
        stack.indexChanged.connect(self._on_stack_index_changed)
        stack.undoTextChanged.connect(self._on_stack_undo_text_changed)
        stack.redoTextChanged.connect(self._on_stack_redo_text_changed)

    def _alive(self) -> bool:
        """False while the window is being destroyed (the stack clears itself as it goes)."""
        return all(shiboken6.isValid(o) for o in (self.stack, self.status, self.undo, self.redo))

    def _on_stack_undo_text_changed(self, text: str) -> None:
        if self._alive():
            self.undo.setText(f"&Undo {plain.menu_text(text)}".strip())

    def _on_stack_redo_text_changed(self, text: str) -> None:
        if self._alive():
            self.redo.setText(f"&Redo {plain.menu_text(text)}".strip())

    def _on_stack_index_changed(self, index: int) -> None:
        """Say what was just saved: the edit pushed or redone, or the one undone."""
        if not self._alive():
            return
        # command() is None once the stack was cleared (another project opened)
        moved = self.stack.command(min(index, self._index))
        if isinstance(moved, OperationCommand) and moved.quiet:
            moved.quiet -= 1  # a step that failed to write, or its putting back: not saved
            self._index = index
            return
        if index < self._index and self.stack.command(index) is not None:
            what = f"undid {self.stack.command(index).text()}"
        elif index > 0 and self.stack.command(index - 1) is not None:
            what = self.stack.command(index - 1).text()
        else:
            what = ""
        self._index = index
        if what:
            self.status.showMessage(f"Saved {datetime.now():%H:%M:%S}: {what}", 6000)
