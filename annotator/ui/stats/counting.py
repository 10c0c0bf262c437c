"""Counting the statistics in a thread of its own, on a read-only connection of its own
(``Session.reader``), so that the window never waits for the file (seconds at 100,000
documents); a count nobody waits for any more is interrupted."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import SignalInstance

from annotator.app.progress import ProgressCache
from annotator.app.stats import TOP, compute
from annotator.core.model import Annotator
from annotator.session import Session
from annotator.ui.common.reading import Reading


class Counting(Reading):
    """One count of every figure; ``counted`` carries the ``app.stats.Statistics`` and the
    seconds it took, ``failed`` what went wrong, in words (nothing when cancelled)."""

    _left: ClassVar[set[Reading]] = set()  # (counts closed before they ended)

    def __init__(
        self,
        session: Session,
        annotator: Annotator | None,
        top: int = TOP,
        cache: ProgressCache | None = None,
    ) -> None:
        # cache: the team's progress read before (only this count uses it)
        super().__init__(session.reader(), lambda reader: compute(reader, annotator, top, cache))

    @property
    def counted(self) -> SignalInstance:
        return self.done
