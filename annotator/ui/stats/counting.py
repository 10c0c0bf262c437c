"""Counting the statistics, and apart the team's progress, each in a thread of its own on a
read-only connection of its own (``Session.reader``), so that the window never waits for the
file (seconds at 100,000 documents) and the progress shows as soon as it is counted; a count
nobody waits for any more is interrupted."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import SignalInstance

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
