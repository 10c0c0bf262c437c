"""The team folder's changed work files read on a thread of their own (``app.team.
read_work_file``: a private copy of each, checked with ``quick_check``, its lines read on the
copy's own connection and compared with the lead's project on a reader's connection of its
own, ``Session.reader``, to keep only the documents whose work changed), so that the lead's
window never waits for a file; only writing what changed into the project happens on the
window's thread (``TeamFolder.take``: one transaction per file, on the session's connection,
the file's only writer)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QThread, Signal

from annotator.app.crash import unexpected_text
from annotator.app.team import read_work_file
from annotator.app.work import Ours
from annotator.ui.common import collector
from annotator.ui.common.reading import Opener


class TeamReading(QThread):
    """Reads ``paths`` one after the other: ``read`` carries (token, the file, what was read
    of it: ``TheirWork``, or the AnnotatorError saying why it is behind) as each is read;
    ``failed`` (token, what went wrong, in words) if something unexpected did; ``ended``
    (token) last, whether it ended, was stopped or failed. Each signal carries the reading's
    ``token`` first: a receiver knows which reading spoke by it (never ``QObject.sender()``,
    which may give another wrapper once an earlier reading is deleted).

    Nobody waits for a reading: ``begin`` starts it, ``abandon`` asks it to stop before its
    next file; it is deleted when it ends. While any runs, cyclic garbage collection is off
    (one set off by its allocations would run in its thread and may finalise Qt objects of
    the window's: see ``ui.proposals.search``); ``wait_all`` waits for them (the application
    quits)."""

    read = Signal(int, object, object)  # token, Path, TheirWork | AnnotatorError
    failed = Signal(int, str)
    ended = Signal(int)

    _live: ClassVar[set[TeamReading]] = set()  # begun and not yet ended
    _tokens: ClassVar[Iterator[int]] = itertools.count(1)

    def __init__(self, ours: Ours, open_reader: Opener, paths: list[Path]) -> None:
        super().__init__()
        self._ours = ours  # (taken on the session's thread)
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
            reader = self._open_reader()  # the lead's project, to leave out what it has
            try:
                for path in self._paths:
                    if self.isInterruptionRequested():
                        break
                    read = read_work_file(self._ours, path, reader.rows)
                    self.read.emit(self.token, path, read)
            finally:
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
