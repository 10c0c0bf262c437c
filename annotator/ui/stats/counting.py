"""Counting the statistics in a thread of its own, on a read-only connection of its own
(``Session.reader``), so that the window never waits for the file (seconds at 100,000
documents); a count nobody waits for any more is interrupted."""

from __future__ import annotations

import threading
import time
from typing import ClassVar

from PySide6.QtCore import QThread, Signal

from annotator.app.crash import unexpected_text
from annotator.app.progress import ProgressCache
from annotator.app.stats import TOP, compute
from annotator.core.errors import AnnotatorError
from annotator.core.model import Annotator
from annotator.session import Session


class Counting(QThread):
    """One count of every figure; ``counted`` carries the ``app.stats.Statistics`` and the
    seconds it took, ``failed`` what went wrong, in words (nothing when cancelled)."""

    counted = Signal(object, float)
    failed = Signal(str)

    # Counts whose view was closed before they ended: kept until they end (a QThread must not
    # be destroyed while it runs).
    _left: ClassVar[set[Counting]] = set()

    def __init__(
        self,
        session: Session,
        annotator: Annotator | None,
        top: int = TOP,
        cache: ProgressCache | None = None,
    ) -> None:
        super().__init__()
        self._cache = cache  # the team's progress read before (only this count uses it)
        self._open_reader = session.reader()  # on the session's thread; opened in run()
        self._annotator = annotator
        self._top = top
        self._lock = threading.Lock()  # the reader, between run() and cancel()
        self._reader: Session | None = None
        self.cancelled = False

    def run(self) -> None:
        start = time.perf_counter()
        try:
            with self._lock:
                if self.cancelled:
                    return
                self._reader = self._open_reader()
            try:
                stats = compute(self._reader, self._annotator, self._top, self._cache)
            finally:
                with self._lock:
                    self._reader.close()
                    self._reader = None
        except AnnotatorError as exc:
            if not self.cancelled:
                self.failed.emit(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 (said in the view, not lost in a thread)
            if not self.cancelled:  # (an interrupted count raises: nobody waits for it)
                self.failed.emit(unexpected_text(exc))
            return
        if not self.cancelled:
            self.counted.emit(stats, time.perf_counter() - start)

    def cancel(self) -> None:
        """Nobody waits for this count any more: its reading is interrupted (from the thread
        that asks) and it says nothing."""
        with self._lock:
            self.cancelled = True
            if self._reader is not None:
                self._reader.interrupt()

    def keep_until_done(self) -> None:
        """Cancel the count and keep it alive until its thread ends (its view closed), then
        delete it."""
        self.cancel()
        if self.isRunning():
            Counting._left.add(self)
            self.finished.connect(self._on_self_finished)
        else:
            self.deleteLater()

    def _on_self_finished(self) -> None:
        self.wait()
        Counting._left.discard(self)
        self.deleteLater()
