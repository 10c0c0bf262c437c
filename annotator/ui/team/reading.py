"""The team folder's changed files read on a thread of their own, so that the window never
waits for a file: a member's work file (``app.team.read_work_file``: a private copy of each,
checked with ``quick_check``, its lines read on the copy's own connection and compared with
the lead's project on a reader's connection of its own, ``Session.reader``, to keep only the
documents whose work changed), or the lead's ``project.sqlite`` in a member's window
(``app.team.read_lead``: its scheme, by a private copy). Only writing what was read into the
window's project happens on the window's thread (``TeamFolder.take``, ``app.team.adopt_lead``:
one transaction per file, on the session's connection, the file's only writer)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QThread, Signal

from annotator.app.crash import unexpected_text
from annotator.core.rows import RowTarget
from annotator.ui.common import collector
from annotator.ui.common.reading import Opener

# One file read, on the reading's thread: what was read of it, or the AnnotatorError saying
# why it is behind. Its second argument is the window's project on the reading's own
# connection (None if the reading was given no ``open_reader``).
ReadOne = Callable[[Path, RowTarget | None], object]


class TeamReading(QThread):
    """Reads ``paths`` one after the other with ``read_one``: ``read`` carries (token, the
    file, what was read of it: ``TheirWork`` or ``LeadScheme``, or the AnnotatorError saying
    why it is behind) as each is read;
    ``failed`` (token, what went wrong, in words) if something unexpected did; ``ended``
    (token) last, whether it ended, was stopped or failed. Each signal carries the reading's
    ``token`` first: a receiver knows which reading spoke by it (never ``QObject.sender()``,
    which may give another wrapper once an earlier reading is deleted).

    Nobody waits for a reading: ``begin`` starts it, ``abandon`` asks it to stop before its
    next file; it is deleted when it ends. While any runs, cyclic garbage collection is off
    (one set off by its allocations would run in its thread and may finalise Qt objects of
    the window's: see ``ui.proposals.search``); ``wait_all`` waits for them (the application
    quits)."""

    read = Signal(int, object, object)  # token, Path, what ``read_one`` gave
    failed = Signal(int, str)
    ended = Signal(int)

    _live: ClassVar[set[TeamReading]] = set()  # begun and not yet ended
    _tokens: ClassVar[Iterator[int]] = itertools.count(1)

    def __init__(
        self, paths: list[Path], read_one: ReadOne, open_reader: Opener | None = None
    ) -> None:
        super().__init__()
        self._read_one = read_one  # (its arguments taken on the session's thread)
        self._open_reader = open_reader  # (made on the session's thread; opened in run())
        self._paths = list(paths)
        self.token = next(TeamReading._tokens)
        self.finished.connect(self._on_self_finished)

    def begin(self) -> None:
        collector.hold(self)
        TeamReading._live.add(self)
        self.start()

    def abandon(self) -> None:
        """Stop before the next file; nothing read after this is wanted."""
        self.requestInterruption()

    def run(self) -> None:
        try:
            # (the window's project, for a reading to leave out what it has)
            reader = self._open_reader() if self._open_reader is not None else None
            try:
                for path in self._paths:
                    if self.isInterruptionRequested():
                        break
                    read = self._read_one(path, reader.rows if reader is not None else None)
                    self.read.emit(self.token, path, read)
            finally:
                if reader is not None:
                    reader.close()
        except Exception as exc:  # noqa: BLE001 (said in the window, not lost in a thread)
            self.failed.emit(self.token, unexpected_text(exc))
        finally:
            self.ended.emit(self.token)

    def _on_self_finished(self) -> None:
        TeamReading._live.discard(self)
        self.deleteLater()
        collector.release(self)

    @classmethod
    def wait_all(cls) -> None:
        """Stop every reading and wait for it to end (the application quits)."""
        for reading in list(cls._live):
            reading.requestInterruption()
            reading.wait()
