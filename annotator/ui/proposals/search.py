"""Looking for proposals in every document on a thread of its own (``session.finding.
ReaderJob``: a read-only connection of its own), handing them to the window in batches, so the
window never waits for a corpus; it stops between two documents when asked."""

from __future__ import annotations

import time

from PySide6.QtCore import QThread, Signal

from annotator.app.crash import unexpected_text
from annotator.core.errors import AnnotatorError
from annotator.core.proposals import Proposal
from annotator.session.finding import ReaderJob

BATCH_SECONDS = 0.1  # how often the window hears of the search (and its progress bar moves)


class ProposalSearch(QThread):
    """Runs one ``ReaderJob``. ``batch`` carries (proposals, their documents' titles by id,
    documents done, documents in all) at most every ``BATCH_SECONDS`` and once at the end;
    ``names`` the registry's names, read on the thread too; ``failed`` what went wrong, in
    words. ``requestInterruption`` stops it before the next
    document; what it found until then was handed over already."""

    batch = Signal(list, dict, int, int)
    names = Signal(dict)  # entity id -> name (the speakers of quotes), before the first batch
    failed = Signal(str)

    def __init__(self, job: ReaderJob) -> None:
        super().__init__()
        self._job = job

    def run(self) -> None:
        try:
            self._search()
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 (said in the window, not lost in a thread)
            self.failed.emit(unexpected_text(exc))

    def _search(self) -> None:
        found: list[Proposal] = []
        titles: dict[str, str] = {}
        done = total = 0
        last = time.monotonic()
        steps = self._job.run()
        try:
            for step in steps:
                if not done:
                    self.names.emit(self._job.entity_names)
                if self.isInterruptionRequested():
                    break
                done, total = step.done, step.total
                if step.proposals:
                    found += step.proposals
                    titles[step.document_id] = step.title
                if time.monotonic() - last >= BATCH_SECONDS:
                    self.batch.emit(found, titles, done, total)
                    found, titles, last = [], {}, time.monotonic()
        finally:
            steps.close()  # the reader's connection closes here, in its thread
        self.batch.emit(found, titles, done, total)
