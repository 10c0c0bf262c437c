"""The lead's window on a team folder: each member's work file is brought in when it changes
(``app.team.TeamFolder``), and a status line says how many are up to date and which one is
behind (caught mid-sync) and why.

A change is heard two ways: ``QFileSystemWatcher`` on ``work/`` and its files (prompt on a
local disk, where a sync client writes), and a poll every few seconds, because a watcher
hears nothing on some network and FUSE file systems and loses a file a sync engine replaced
by renaming. A poll costs one ``stat`` per work file (``TeamFolder.refresh`` reads a file
again only when its bytes changed), so both can run; a file behind is tried again at each
poll. While an import writes (``ctx.paused``) nothing is brought in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel

from annotator.app.team import WORK_DIR, TeamFolder
from annotator.session.changes import Change, ChangeKind
from annotator.ui.common.context import WindowContext

POLL_MS = 4000  # a poll of the work files' marks (see the module docstring)
SETTLE_MS = 400  # a burst of file events (a sync writing) is heard as one


class TeamWatch(QObject):
    """Watches the team folder the window's project leads (``take``: from the opener, after
    each project opened); ``label`` is its status line (hidden for any other project)."""

    def __init__(self, ctx: WindowContext, take: Callable[[], TeamFolder | None]) -> None:
        super().__init__(ctx)
        self._ctx = ctx
        self._take = take
        self.team: TeamFolder | None = None
        self._pending: set[Path] | None = set()  # files heard changing; None: look at all
        self.label = QLabel()
        self.label.setObjectName("status_team")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.hide()
        self._watcher = QFileSystemWatcher(self)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._ctx.project_changed.connect(self._on_ctx_project_changed)
        self._watcher.directoryChanged.connect(self._on_watcher_directory_changed)
        self._watcher.fileChanged.connect(self._on_watcher_file_changed)
        self._settle.timeout.connect(self._on_settle_timeout)
        self._poll.timeout.connect(self._on_poll_timeout)

    def refresh(self, only: set[Path] | None = None) -> None:
        """Bring in the work files that changed (those of ``only``, else any), watch them
        all again (a file replaced by a rename is a new file to the watcher), say where the
        folder stands."""
        team = self.team
        if team is None or self._ctx.paused:
            return
        done = team.refresh(sorted(only) if only else None)
        self._watch(team)
        self._show(team)
        if done.read:
            # Every view reads again what it shows (the document list's span counts too), as
            # when another program changed the file; then the status says whose work came.
            self._ctx.session.report(Change(ChangeKind.EXTERNAL))
            names = ", ".join(team.whose(p) for p in done.read)
            self._ctx.say(f"Brought in the work of {names}", 8000)

    def close(self) -> None:
        self._poll.stop()
        self._settle.stop()
        if self.team is not None:
            self.team.close()
            self.team = None

    # -- slots ---------------------------------------------------------------------------------

    def _on_ctx_project_changed(self) -> None:
        self.close()
        for path in self._watcher.files() + self._watcher.directories():
            self._watcher.removePath(path)
        self.team = self._take()
        if self.team is None:
            self.label.hide()
            return
        self._watch(self.team)
        self._show(self.team)
        self.label.show()
        self._poll.start()

    def _on_watcher_directory_changed(self, _path: str) -> None:
        self._pending = None  # a file came, went or was renamed into place: look at all
        self._settle.start()

    def _on_watcher_file_changed(self, path: str) -> None:
        if self._pending is not None:
            self._pending.add(Path(path))
        self._settle.start()

    def _on_settle_timeout(self) -> None:
        only, self._pending = self._pending, set()
        self.refresh(only)

    def _on_poll_timeout(self) -> None:
        self.refresh()

    # -- helpers -------------------------------------------------------------------------------

    def _watch(self, team: TeamFolder) -> None:
        wanted = [str(team.folder / WORK_DIR)] + [str(p) for p in team.work_files()]
        watched = set(self._watcher.files()) | set(self._watcher.directories())
        missing = [p for p in wanted if p not in watched]
        if missing:
            self._watcher.addPaths(missing)

    def _show(self, team: TeamFolder) -> None:
        self.label.setText(team.status())
        self.label.setToolTip("\n".join([team.status(), *team.behind.values()]))
