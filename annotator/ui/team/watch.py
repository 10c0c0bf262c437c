"""The lead's window on a team folder: each member's work file is brought in when it changes
(``app.team.TeamFolder``), and a status line says how many are up to date and which one is
behind (caught mid-sync) and why.

A change is heard two ways (``ui.team.hearing``): ``QFileSystemWatcher`` on ``work/`` and its
files, and a poll every few seconds. A poll costs one ``stat`` per work file (a file is read
again only when its bytes changed: ``TeamFolder.changed``); a file behind is tried again at
each poll.

The changed files are read on a thread of their own (``TeamReading``: the private copy, its
check, its lines), and each is written into the project here, on the window's thread, by the
session (its only writer), one transaction per file, as it arrives: the window never waits for
a file to be read. A change heard while a reading runs is looked at when it ends. While an
import writes (``ctx.paused``) nothing is brought in."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel

from annotator.app.team import WORK_DIR, Collected, TeamFolder, read_work_file
from annotator.app.work import TheirWork
from annotator.core.errors import AnnotatorError
from annotator.core.wording import counted
from annotator.session.changes import Change, ChangeKind
from annotator.ui.common.context import WindowContext
from annotator.ui.team.hearing import Hearing
from annotator.ui.team.reading import TeamReading


class TeamWatch(QObject):
    """Watches the team folder the window's project leads (``take``: from the opener, after
    each project opened); ``label`` is its status line (hidden for any other project).
    ``reading_begun`` carries each ``TeamReading`` just before it starts."""

    reading_begun = Signal(object)

    def __init__(self, ctx: WindowContext, take: Callable[[], TeamFolder | None]) -> None:
        super().__init__(ctx)
        self._ctx = ctx
        self._take = take
        self.team: TeamFolder | None = None
        self._reading: TeamReading | None = None  # the files being read now
        self._done = Collected()  # what the reading now has brought in so far
        self._again: set[Path] | None = set()  # asked for while it reads (None: all)
        self._wanted_again = False
        self._to_read = 0  # files of the reading not yet heard of
        self.label = QLabel()
        self.label.setObjectName("status_team")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.hide()
        self._hearing = Hearing(self)
        self._tell = QTimer(self)  # the views told, on a loop turn of its own after the write
        self._tell.setSingleShot(True)
        self._tell.setInterval(0)
        self._told: list[str] = []  # whose work came in, to say once the views are told
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._ctx.project_changed.connect(self._on_ctx_project_changed)
        self._hearing.heard.connect(self._on_hearing_heard)
        self._tell.timeout.connect(self._on_tell_timeout)

    def refresh(self, only: set[Path] | None = None) -> None:
        """Bring in the work files that changed (those of ``only``, else any): read on a
        thread of their own (``TeamReading``), each written here as it arrives; watch them all
        again (a file replaced by a rename is a new file to the watcher), say where the
        folder stands. Asked while a reading runs: looked at when it ends."""
        team = self.team
        if team is None or self._ctx.paused:
            return
        if self._reading is not None:
            self._wanted_again = True
            if only is None or self._again is None:
                self._again = None
            else:
                self._again |= only
            return
        changed, _ = team.changed(sorted(only) if only else None)
        self._watch(team)
        if not changed:
            self._show(team)
            return
        self._done = Collected()
        read_one = partial(read_work_file, team.ours())
        reading = TeamReading(changed, read_one, self._ctx.session.reader())
        reading.read.connect(self._on_reading_read)
        reading.failed.connect(self._on_reading_failed)
        reading.ended.connect(self._on_reading_ended)
        self._reading, self._to_read = reading, len(changed)
        self._show(team)
        self.reading_begun.emit(reading)
        reading.begin()

    def busy(self) -> bool:
        """Whether work files are being read now (or the views are yet to be told)."""
        return self._reading is not None or self._tell.isActive()

    def close(self) -> None:
        self._hearing.stop()
        self._tell.stop()
        self._told = []
        if self._reading is not None:
            self._reading.abandon()  # (it ends by itself; its token is heard no more)
            self._reading, self._to_read = None, 0
        self._again, self._wanted_again = set(), False
        if self.team is not None:
            self.team.close()
            self.team = None

    def follow(self, team: TeamFolder | None) -> None:
        """Watch ``team`` from now on, instead of the folder watched so far (None: none). A
        member's window starts when the lead lets members see each other's work (then
        ``refresh`` brings in every file) and stops when the lead no longer does."""
        self.close()
        self.team = team
        if team is None:
            self.label.hide()
            return
        self._watch(team)
        self._show(team)
        self.label.show()
        self._hearing.start()

    # -- slots ---------------------------------------------------------------------------------

    def _on_ctx_project_changed(self) -> None:
        self.follow(self._take())  # (its files were brought in as it opened)

    def _on_hearing_heard(self, only: set[Path] | None) -> None:
        self.refresh(only)

    def _on_tell_timeout(self) -> None:
        # Every view reads again what it shows (the document list's span counts too), as when
        # another program changed the file; then the status says whose work came.
        names, self._told = ", ".join(self._told), []
        if self.team is None:
            return
        self._ctx.session.report(Change(ChangeKind.EXTERNAL))
        self._ctx.say(f"Brought in the work of {names}", 8000)

    def _on_reading_read(self, token: int, path: Path, read: TheirWork | AnnotatorError) -> None:
        team = self.team
        if team is None or self._reading is None or token != self._reading.token:
            return
        self._to_read -= 1
        if self._ctx.paused:  # (an import writes: not taken; its mark is kept as it was, so
            return  # the file is read again at the next look)
        team.take(path, read, self._done)
        self._show(team)

    def _on_reading_failed(self, token: int, message: str) -> None:
        if self._reading is not None and token == self._reading.token:
            self._ctx.warn(f"The team folder could not be read: {message}")

    def _on_reading_ended(self, token: int) -> None:
        team = self.team
        if team is None or self._reading is None or token != self._reading.token:
            return
        self._reading, self._to_read = None, 0
        self._watch(team)
        self._show(team)
        done, self._done = self._done, Collected()
        if done.read:  # (the views are told on a loop turn of their own: no stall adds up)
            self._told += [team.whose(p) for p in done.read if team.whose(p) not in self._told]
            self._tell.start()
        if self._wanted_again:
            again, self._again, self._wanted_again = self._again, set(), False
            self.refresh(again)

    # -- helpers -------------------------------------------------------------------------------

    def _watch(self, team: TeamFolder) -> None:
        self._hearing.watch([team.folder / WORK_DIR, *team.work_files()])

    def _show(self, team: TeamFolder) -> None:
        status = team.status()
        reading = f"; reading {counted(self._to_read, 'changed file')}…" if self._to_read else ""
        self.label.setText(status + reading if self._reading is not None else status)
        self.label.setToolTip("\n".join([status, *team.behind.values()]))
