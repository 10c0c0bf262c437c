"""Work that only reads the project, in a thread of its own on a read-only connection of its
own (``Session.reader``), so that the window never waits for the file; work nobody waits for
any more is interrupted and says nothing."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import ClassVar

from PySide6.QtCore import QObject, QThread, Signal

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


class LatestReading(QObject):
    """One reading of a kind at a time, the latest asked for (``make`` makes it, when none
    runs): ``start`` starts one, or, while one runs, interrupts it and starts anew once it
    has stopped. ``done`` carries the result of a reading still wanted and the seconds it
    took, ``failed`` what went wrong; ``ended`` says a reading's thread ended and none
    follows. ``changed``: the project changed while it ran (its owner decides what then)."""

    done = Signal(object, float)
    failed = Signal(str)
    ended = Signal()

    def __init__(self, make: Callable[[], Reading], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._make = make
        self._reading: Reading | None = None
        self._again = False  # start anew when the count running now ends
        self.changed = False
        self.took = 0.0  # seconds the last reading took

    def running(self) -> bool:
        return self._reading is not None

    def start(self) -> None:
        if self._reading is not None:
            self._reading.cancel()
            self._again = True
            return
        reading = self._reading = self._make()
        reading.done.connect(self._on_reading_done)
        reading.failed.connect(self.failed)
        reading.finished.connect(self._on_reading_finished)
        reading.start()

    def close(self) -> None:
        """Nobody waits for the result any more: a reading running is interrupted, ends
        alone, unheard."""
        reading, self._reading, self._again = self._reading, None, False
        if reading is not None:
            reading.done.disconnect(self._on_reading_done)
            reading.failed.disconnect(self.failed)
            reading.finished.disconnect(self._on_reading_finished)
            reading.keep_until_done()

    def _on_reading_done(self, result: object, took: float) -> None:
        if self._reading is None or self._reading.cancelled:
            return  # nobody wants this result any more: a new reading follows
        self.took = took
        self.done.emit(result, took)

    def _on_reading_finished(self) -> None:
        if self._reading is not None:
            self._reading.wait()
            self._reading.deleteLater()
        self._reading = None
        if self._again:  # (reading anew, after whatever changed)
            self._again = self.changed = False
            self.start()
        else:
            self.ended.emit()
