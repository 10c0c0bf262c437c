"""Looking for proposals in every document on a thread of its own (``session.finding.
ReaderJob``: a read-only connection of its own), handing them to the window in batches, so the
window never waits for a corpus; it stops between two documents when asked."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from typing import ClassVar

from PySide6.QtCore import QThread, Signal

from annotator.app.crash import unexpected_text
from annotator.core.errors import AnnotatorError
from annotator.core.proposals import Proposal
from annotator.session.finding import ReaderJob
from annotator.ui.common import collector

BATCH_SECONDS = 0.1  # how often the window hears of the search (and its progress bar moves)


class ProposalSearch(QThread):
    """Runs one ``ReaderJob``. ``batch`` carries (proposals, their documents' titles by id,
    documents done, documents in all) at most every ``BATCH_SECONDS`` and once at the end;
    ``names`` the registry's names, read on the thread too; ``failed`` what went wrong, in
    words.

    Nobody waits for a search: ``begin`` starts it, ``abandon`` asks it to stop and forgets
    it; it ends by itself (before its next document, or between the stages of preparing) and
    is deleted then. Until every search has ended, cyclic garbage collection is off: one set
    off by a search's allocations would run in its thread and may finalise Qt objects of the
    window's (see TransferPart); ``wait_all`` waits for them (the application quits). What
    a search found before it was stopped was handed over already."""

    # Each signal carries the search's ``token`` first: a receiver knows which search spoke
    # by it (``QObject.sender()`` may give another wrapper once an earlier search is deleted).
    batch = Signal(int, list, dict, int, int)
    names = Signal(int, dict)  # entity id -> name (the speakers of quotes), before any batch
    failed = Signal(int, str)
    ended = Signal(int)  # the last signal of a search, whether it ended, stopped or failed

    _live: ClassVar[set[ProposalSearch]] = set()  # begun and not yet ended

    _tokens: ClassVar[Iterator[int]] = itertools.count(1)

    def __init__(self, job: ReaderJob) -> None:
        super().__init__()
        self._job = job
        self.token = next(ProposalSearch._tokens)
        self.finished.connect(self._on_self_finished)

    def begin(self) -> None:
        collector.hold(self)  # (no collection: a full one of a large heap stalls the window)
        ProposalSearch._live.add(self)
        self.start()

    def abandon(self) -> None:
        """Stop as soon as it can; nothing it finds after this is wanted."""
        self.requestInterruption()

    def _on_self_finished(self) -> None:
        ProposalSearch._live.discard(self)
        self.deleteLater()
        collector.release(self)

    @classmethod
    def wait_all(cls) -> None:
        """Stop every search and wait for it to end (the application quits)."""
        for search in list(cls._live):
            search.requestInterruption()
            search.wait()

    def run(self) -> None:
        try:
            self._search()
        except AnnotatorError as exc:
            self.failed.emit(self.token, str(exc))
        except Exception as exc:  # noqa: BLE001 (said in the window, not lost in a thread)
            self.failed.emit(self.token, unexpected_text(exc))
        finally:
            self.ended.emit(self.token)

    def _search(self) -> None:
        found: list[Proposal] = []
        titles: dict[str, str] = {}
        done = total = 0
        last = time.monotonic()
        steps = self._job.run(self.isInterruptionRequested)
        try:
            for step in steps:
                if not done:
                    self.names.emit(self.token, self._job.entity_names)
                if self.isInterruptionRequested():
                    break
                done, total = step.done, step.total
                if step.proposals:
                    found += step.proposals
                    titles[step.document_id] = step.title
                if time.monotonic() - last >= BATCH_SECONDS:
                    self.batch.emit(self.token, found, titles, done, total)
                    found, titles, last = [], {}, time.monotonic()
        finally:
            steps.close()  # the reader's connection closes here, in its thread
        self.batch.emit(self.token, found, titles, done, total)
