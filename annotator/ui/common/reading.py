"""Work that only reads the project, in a thread of its own on a read-only connection of its
own (``Session.reader``), so that the window never waits for the file; work nobody waits for
any more is interrupted and says nothing."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import ClassVar

from PySide6.QtCore import QThread, Signal

from annotator.app.crash import unexpected_text
from annotator.core.errors import AnnotatorError
from annotator.session import Session
from annotator.ui.common import collector

Opener = Callable[[], Session]  # opens the reader's session, on the reader's thread


class Reading(QThread):
    """One run of ``work`` over a reader's session: ``done`` carries its result and the
    seconds it took, ``failed`` what went wrong, in words (nothing when cancelled)."""

    done = Signal(object, float)
    failed = Signal(str)

    # Readings cancelled before they ended: kept until they end (a QThread must not be
    # destroyed while it runs); a set for each kind (``_left`` in a subclass).
    _left: ClassVar[set[Reading]] = set()

    def __init__(self, open_reader: Opener, work: Callable[[Session], object]) -> None:
        super().__init__()
        self._open_reader = open_reader  # made on the session's thread; opened in run()
        self._work = work
        self._lock = threading.Lock()  # the reader, between run() and cancel()
        self._reader: Session | None = None
        self.cancelled = False
        # Heard from the start, on this object's (the window's) thread, so that whether the
        # end was heard is known there without a race (``keep_until_done``).
        self._ended = False
        self.finished.connect(self._on_self_finished)

    def run(self) -> None:
        start = time.perf_counter()
        try:
            with self._lock:
                if self.cancelled:
                    return
                self._reader = self._open_reader()
            try:
                result = self._work(self._reader)
            finally:
                with self._lock:
                    self._reader.close()
                    self._reader = None
        except AnnotatorError as exc:
            if not self.cancelled:
                self.failed.emit(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 (said in the window, not lost in a thread)
            if not self.cancelled:  # (an interrupted reading raises: nobody waits for it)
                self.failed.emit(unexpected_text(exc))
            return
        if not self.cancelled:
            self.done.emit(result, time.perf_counter() - start)

    def start(self, *args: object) -> None:
        """Start; the garbage collector is off until the thread ends (``ui.common.collector``)."""
        collector.hold(self)
        super().start(*args)  # type: ignore[arg-type]

    def cancel(self) -> None:
        """Nobody waits for this reading any more: its reading is interrupted (from the
        thread that asks) and it says nothing."""
        with self._lock:
            self.cancelled = True
            if self._reader is not None:
                self._reader.interrupt()

    def start_kept(self) -> None:
        """Start, kept alive until the thread ends (whoever asked for it may go first, and
        then ``cancel`` it), then deleted."""
        type(self)._left.add(self)
        self.start()

    def keep_until_done(self) -> None:
        """Cancel the reading and keep it alive until its thread ends (whoever asked for it
        may go first), then delete it."""
        self.cancel()
        if self._ended or not (self.isRunning() or self.isFinished()):
            type(self)._left.discard(self)  # its end heard already, or it never started
            self.deleteLater()
            return
        # Its end is still to be heard here (``finished`` is queued to this thread even when
        # the thread ended a moment ago): kept until then. (Asking isRunning() and then
        # connecting ``finished`` lost an end that fell between the two: kept for ever.)
        type(self)._left.add(self)

    def _on_self_finished(self) -> None:
        self._ended = True
        collector.release(self)
        if self in type(self)._left:
            self.wait()
            type(self)._left.discard(self)
            self.deleteLater()
