"""Hearing that files of a team folder changed, two ways: a ``QFileSystemWatcher`` on a folder
and its files (prompt on a local disk, where a sync client writes), and a poll every few
seconds, because a watcher hears nothing on some network and FUSE file systems and loses a
file a sync engine replaced by renaming. Whoever listens decides from the files' marks (one
``stat`` each) whether anything is to be read: both can run."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

POLL_MS = 4000  # a poll of the files' marks (see the module docstring)
SETTLE_MS = 400  # a burst of file events (a sync writing) is heard as one


class Hearing(QObject):
    """``heard`` carries the files heard changing (a set of paths), or None when the folder
    changed (a file came, went or was renamed into place) or at each poll: look at all."""

    heard = Signal(object)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._pending: set[Path] | None = set()  # files heard changing; None: look at all
        self._watcher = QFileSystemWatcher(self)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._watcher.directoryChanged.connect(self._on_watcher_directory_changed)
        self._watcher.fileChanged.connect(self._on_watcher_file_changed)
        self._settle.timeout.connect(self._on_settle_timeout)
        self._poll.timeout.connect(self._on_poll_timeout)

    def watch(self, paths: Iterable[Path]) -> None:
        """Watch ``paths`` (folders and files) too, those that exist and are not watched yet:
        call again after a look (a file replaced by a rename is a new file to the watcher)."""
        watched = set(self._watcher.files()) | set(self._watcher.directories())
        missing = [str(p) for p in paths if str(p) not in watched and p.exists()]
        if missing:
            self._watcher.addPaths(missing)

    def start(self) -> None:
        """Begin polling (the watcher hears what it watches already)."""
        self._poll.start()

    def stop(self) -> None:
        """Hear nothing more: nothing watched, no poll."""
        self._poll.stop()
        self._settle.stop()
        self._pending = set()
        for path in self._watcher.files() + self._watcher.directories():
            self._watcher.removePath(path)

    # -- slots ---------------------------------------------------------------------------------

    def _on_watcher_directory_changed(self, _path: str) -> None:
        self._pending = None
        self._settle.start()

    def _on_watcher_file_changed(self, path: str) -> None:
        if self._pending is not None:
            self._pending.add(Path(path))
        self._settle.start()

    def _on_settle_timeout(self) -> None:
        only, self._pending = self._pending, set()
        self.heard.emit(only)

    def _on_poll_timeout(self) -> None:
        self.heard.emit(None)
