"""What every part of the window shares, and the only way parts reach each other's state: the
open session, the document shown, whose annotations are shown, the shared article canvas, the
side tabs, the window's menu actions; ``push`` (make an edit), ``say`` (the status bar),
``warn`` (the banner, for what happens to the project file).

Parts never reach into the window or into another part: they read and set state here, and hear
through its signals when the project, the document, the shown track, or the project's content
changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QStatusBar, QTabWidget, QWidget

from annotator.core.errors import AnnotatorError
from annotator.session import Away, Change, ChangeKind, Session
from annotator.session.ops.base import Operation, refusal
from annotator.storage.errors import WriteFailed
from annotator.ui.common.actions import Actions
from annotator.ui.common.away import WriteAway
from annotator.ui.common.banner import Banner
from annotator.ui.common.dialogs import Notice
from annotator.ui.common.undo import Discarded, Hook, OperationCommand

T = TypeVar("T")


class WindowContext(QObject):
    """The window's shared state (see the module docstring)."""

    project_changed = Signal()  # a session was attached: the first, or another project's
    document_leaving = Signal()  # another document (or project) is about to be shown
    document_changed = Signal(object)  # the id of the document now shown, or None
    track_changed = Signal()  # another annotator's work is shown (or yours again)
    changed = Signal(object)  # a Change the session reported (after its commit)
    span_requested = Signal(str, bool)  # select this span of the article (and scroll to it)
    edit_refused = Signal(str)  # an edit the user tried may not be made (why)

    def __init__(
        self,
        session: Session,
        window: QWidget,
        status: QStatusBar,
        stack: QUndoStack | None = None,
    ) -> None:
        super().__init__(window)
        self.session = session
        self.window = window  # parent of dialogs
        self.status = status
        self.stack = stack if stack is not None else QUndoStack(self)
        self.discarded = Discarded(self)  # undone edits a new edit replaced
        self.document_id: str | None = None
        self.viewed = session.annotator.id  # whose annotations are shown
        self.paused = ""  # what keeps edits waiting (an import writing), "" if nothing
        self.applying = False  # a reported change is being applied to the widgets
        self.first_apply = False  # a new edit is being made (not an undo or redo)
        self.article: QWidget | None = None  # the article view, set by the article part
        self.tabs: QTabWidget | None = None  # the side tabs, set by the window
        self.actions: Actions | None = None  # the menu actions, set by the window
        self.banner = Banner(window)  # placed in its layout by the window
        self._failing = False  # the last edit could not be written (the banner says so)
        self.write_away = WriteAway(self, lambda: self.session, status)  # heavy edits
        session.subscribe(self._on_session_changed)

    # -- project, document, track --------------------------------------------------------------

    def attach(self, session: Session) -> None:
        """Show another project (the old session is the caller's to close)."""
        self.document_leaving.emit()
        self.session.unsubscribe(self._on_session_changed)
        self.session = session
        session.subscribe(self._on_session_changed)
        self.stack.clear()
        self.banner.hide()  # what it said was about the other project
        self.document_id = None
        self.viewed = session.default_track()
        self.project_changed.emit()

    def detach(self) -> None:
        """The window closes: nothing more is heard from the session."""
        self.session.unsubscribe(self._on_session_changed)

    def show_document(self, document_id: str | None) -> None:
        self.document_leaving.emit()
        self.document_id = document_id
        self.document_changed.emit(document_id)

    def select_span(self, span_id: str, scroll: bool = False) -> None:
        """Select a span of the shown document (the article part does it)."""
        self.span_requested.emit(span_id, scroll)

    def set_track(self, annotator_id: str) -> None:
        """Show ``annotator_id``'s annotations (read-only unless they are yours)."""
        self.document_leaving.emit()
        self.viewed = annotator_id
        self.track_changed.emit()

    def is_other(self) -> bool:
        """Whether someone else's annotations are shown (read-only)."""
        return self.viewed != self.session.annotator.id

    def viewed_name(self) -> str:
        return self.session.annotator_name(self.viewed)

    def read_only_reason(self) -> str | None:
        """Why what is shown cannot be edited (a read-only project, another annotator's
        work), None if it can be."""
        session = self.session
        if session.read_only:
            return "This project is open read-only: nothing can be changed"
        if self.is_other():
            return (
                f"Showing {self.viewed_name()}'s annotations, read-only: "
                "View > Show annotations of > your name, to annotate"
            )
        return None

    def refuse_if_read_only(self) -> bool:
        """For a key or button that edits what is shown: True (and the user told why, where
        they look) if it cannot be edited."""
        why = self.read_only_reason()
        if why is not None:
            self.refuse(why)
        return why is not None

    def refuse(self, why: str) -> None:
        """An edit the user tried is refused: the status bar says why, and whoever shows the
        reason more visibly hears it (``edit_refused``)."""
        self.say(why)
        self.edit_refused.emit(why)

    # -- editing -------------------------------------------------------------------------------

    def refusal(self, op: Operation) -> str | None:
        """Why ``op`` may not be made now (the session's write policy), None if it may."""
        return refusal(self.session, op, viewed=self.viewed, paused=self.paused)

    def push(
        self,
        op: Operation,
        *,
        after_apply: Hook | None = None,
        after_revert: Hook | None = None,
    ) -> bool:
        """Make one edit now (committed on return) and keep it on the undo stack; False (and
        a word to the user) if it may not be made or fails, and then nothing was written."""
        why = self.refusal(op)
        if why is not None:
            self.refuse(why)
            return False
        command = OperationCommand(
            op,
            after_apply=after_apply,
            after_revert=after_revert,
            failed=self._undo_failed,
            away=self._away(op) if op.heavy else None,
        )
        self.first_apply = True  # a new edit elsewhere (accept all) does not move the reader
        try:
            command.apply_first()
        except WriteFailed as exc:  # the disk, not the edit: say so and let the user go on
            self._write_failed(f"Not saved: {op.text}. {exc}")
            return False
        except (AnnotatorError, KeyError) as exc:
            Notice.show(self.window, "Edit not made", str(exc), error=True)
            return False
        finally:
            self.first_apply = False
        self._saved_again()
        self.discarded.take_redo_side(self.stack)  # (freed on later turns, not in this edit)
        self.stack.push(command)
        return True

    def _away(self, op: Operation) -> Away[Any]:
        """Where a heavy edit (and its undo and redo) is written: on a thread, while the window
        draws and other edits wait (``ui.common.away``)."""

        def away(job: Callable[[Session], T]) -> T:
            was = self.paused
            self.paused = f"Saving “{op.text}”"
            self.write_away.what = f"Saving: {op.text}"
            try:
                return self.write_away(job)
            finally:
                self.paused = was

        return away

    def _undo_failed(self, message: str, error: AnnotatorError, put_back: str | None) -> None:
        if put_back is not None:  # the stack goes back to where the file is, once Qt is done
            QTimer.singleShot(0, getattr(self.stack, put_back))
        if isinstance(error, WriteFailed):
            self._write_failed(f"Undo or redo not saved: {message}")
        else:
            Notice.show(self.window, "Undo / redo not made", message, error=True)

    def _write_failed(self, message: str) -> None:
        """The file could not be written (a full disk): nothing was shown that is not in
        it, the banner says so until an edit is saved again, and the window goes on."""
        self.warn(message, error=True)
        self.say(message.split(". ", 1)[0])
        self._failing = True

    def _saved_again(self) -> None:
        if self._failing:
            self._failing = False
            self.banner.hide()

    def say(self, message: str, ms: int = 0) -> None:
        """A message in the status bar (``ms`` 0: until the next one)."""
        self.status.showMessage(message, ms)

    def run_later(self, slot: Callable[[], None]) -> None:
        """``slot`` on the next turn of the event loop (while this window lives)."""
        QTimer.singleShot(0, self, slot)

    def warn(self, message: str, *, error: bool = False) -> None:
        """What the user must know about the project file, in the banner until dismissed."""
        self.banner.show_message(message, error=error)

    def _on_session_changed(self, change: Change) -> None:
        if change.kind is ChangeKind.FILE:
            self.warn(change.note)
        self.applying = True
        try:
            self.changed.emit(change)
        finally:
            self.applying = False
