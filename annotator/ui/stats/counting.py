"""Counting the statistics in a thread of its own, on a read-only connection of its own
(``Session.reader``), so that the window never waits for the file (seconds at 100,000
documents)."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QThread, Signal

from annotator.app.crash import unexpected_text
from annotator.app.stats import TOP, compute
from annotator.core.errors import AnnotatorError
from annotator.core.model import Annotator
from annotator.session import Session


class Counting(QThread):
    """One count of every figure; ``counted`` carries the ``app.stats.Statistics``,
    ``failed`` what went wrong, in words."""

    counted = Signal(object)
    failed = Signal(str)

    # Counts whose view was closed before they ended: kept until they end (a QThread must not
    # be destroyed while it runs; a count cannot be interrupted from outside its connection).
    _left: ClassVar[set[Counting]] = set()

    def __init__(self, session: Session, annotator: Annotator | None, top: int = TOP) -> None:
        super().__init__()
        self._open_reader = session.reader()  # on the session's thread; opened in run()
        self._annotator = annotator
        self._top = top

    def run(self) -> None:
        try:
            reader = self._open_reader()
            try:
                stats = compute(reader, self._annotator, self._top)
            finally:
                reader.close()
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 (said in the view, not lost in a thread)
            self.failed.emit(unexpected_text(exc))
            return
        self.counted.emit(stats)

    def keep_until_done(self) -> None:
        """Nobody waits for this count any more (its view closed): it is kept alive until
        it ends, then deleted."""
        if self.isRunning():
            Counting._left.add(self)
            self.finished.connect(self._on_self_finished)
        else:
            self.deleteLater()

    def _on_self_finished(self) -> None:
        Counting._left.discard(self)
        self.deleteLater()
