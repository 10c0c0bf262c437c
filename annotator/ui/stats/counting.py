"""Counting the statistics, and apart the team's progress, each in a thread of its own on a
read-only connection of its own (``Session.reader``), so that the window never waits for the
file (seconds at 100,000 documents) and the progress shows as soon as it is counted; a count
nobody waits for any more is interrupted."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from PySide6.QtCore import QObject, Signal, SignalInstance

from annotator.app import progress as team
from annotator.app.stats import TOP, compute
from annotator.core.model import Annotator
from annotator.session import Session
from annotator.ui.common.reading import Reading


class Counting(Reading):
    """One count of every figure but the team's progress (``ProgressCounting``): ``counted``
    carries the ``app.stats.Statistics`` and the seconds it took, ``failed`` what went
    wrong, in words (nothing when cancelled)."""

    _left: ClassVar[set[Reading]] = set()  # (counts closed before they ended)

    def __init__(self, session: Session, annotator: Annotator | None, top: int = TOP) -> None:
        super().__init__(
            session.reader(), lambda reader: compute(reader, annotator, top, progress=False)
        )

    @property
    def counted(self) -> SignalInstance:
        return self.done


class ProgressCounting(Reading):
    """One count of the team's progress (``app.progress.compute``): ``done`` carries the
    ``core.progress.Progress`` and the seconds it took."""

    _left: ClassVar[set[Reading]] = set()

    def __init__(self, session: Session, cache: team.ProgressCache) -> None:
        # cache: the progress read before (only this count uses it while it runs)
        super().__init__(session.reader(), lambda reader: team.compute(reader, cache))


class Recount(QObject):
    """One count of a kind at a time (``make`` makes it, when none runs): ``start`` starts
    one, or, while one runs, interrupts it and starts anew once it has stopped. ``counted``
    carries the figures of a count still wanted and the seconds it took, ``failed`` what
    went wrong; ``ended`` says a count's thread ended and none follows. ``changed``: the
    project changed while it ran (its owner decides what then)."""

    counted = Signal(object, float)
    failed = Signal(str)
    ended = Signal()

    def __init__(self, make: Callable[[], Reading], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._make = make
        self._reading: Reading | None = None
        self._again = False  # start anew when the count running now ends
        self.changed = False
        self.took = 0.0  # seconds the last count took

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
        """Nobody waits for the figures any more: a count running is interrupted, ends
        alone, unheard."""
        reading, self._reading, self._again = self._reading, None, False
        if reading is not None:
            reading.done.disconnect(self._on_reading_done)
            reading.failed.disconnect(self.failed)
            reading.finished.disconnect(self._on_reading_finished)
            reading.keep_until_done()

    def _on_reading_done(self, figures: object, took: float) -> None:
        if self._reading is None or self._reading.cancelled:
            return  # nobody wants these figures any more: a new count follows
        self.took = took
        self.counted.emit(figures, took)

    def _on_reading_finished(self) -> None:
        if self._reading is not None:
            self._reading.wait()
            self._reading.deleteLater()
        self._reading = None
        if self._again:  # (counting anew, after whatever changed)
            self._again = self.changed = False
            self.start()
        else:
            self.ended.emit()
