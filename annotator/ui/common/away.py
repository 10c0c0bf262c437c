"""Heavy edits written on a thread while the window goes on drawing: a merge of two entities
with 40,000 mentions rewrites as many pages of the file (seconds at 100,000 documents), and the
window's thread waited for it. ``WriteAway`` is the session's ``Away``: it gives the job a
worker session (a second connection of the project), runs it on a thread, and waits for it in
an event loop of its own that draws, runs timers and animates a busy bar in the status bar, but
takes no key or click (Qt keeps them, and delivers them when the write has ended: a key pressed
meanwhile edits after it). Edits are paused meanwhile (``ctx.paused``; the session refuses any
other write too), and what the write changed is shown only once it is committed: the caller
returns then, as for an edit made on the window's thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QProgressBar, QStatusBar

from annotator.session import Session
from annotator.ui.common import collector

T = TypeVar("T")


class _Ended(QObject):
    ended = Signal()  # emitted on the worker thread, heard on the window's


class WriteAway(QObject):
    """Writes one heavy edit at a time on a thread (see the module docstring)."""

    def __init__(
        self, owner: QObject, session: Callable[[], Session], status: QStatusBar | None
    ) -> None:
        super().__init__(owner)
        self._session = session  # the window's session, read at each write
        self._status = status
        self._bar: QProgressBar | None = None
        self.busy = False  # a write runs (the window must not close the project meanwhile)
        self.what = ""  # what the status bar says while it runs

    def __call__(self, job: Callable[[Session], T]) -> T:
        worker = self._session().worker(immediate=True)  # (waits for another program)
        outcome: list[T] = []
        failure: list[BaseException] = []
        ended = _Ended()
        loop = QEventLoop()
        ended.ended.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

        def run() -> None:
            try:
                outcome.append(job(worker))
            except BaseException as exc:  # noqa: BLE001 (raised again on the window's thread)
                failure.append(exc)
            finally:
                ended.ended.emit()

        thread = threading.Thread(target=run, name="annotator-write-away")
        self.busy = True
        self._show(True)
        collector.hold(self)  # (no collection on the worker thread: see ui.transfer)
        try:
            thread.start()
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
            thread.join()
        finally:
            collector.release(self)
            self._show(False)
            self.busy = False
            worker.close(fold=False)  # (the window's connection folds the WAL as it closes)
        if failure:
            raise failure[0]
        return outcome[0]

    def _show(self, on: bool) -> None:
        status = self._status
        if on:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            if status is not None:
                if self._bar is None:
                    self._bar = QProgressBar()
                    self._bar.setObjectName("write_away_progress")
                    self._bar.setRange(0, 0)  # busy: how long is not known
                    self._bar.setMaximumWidth(160)
                    status.addPermanentWidget(self._bar)
                self._bar.show()
                status.showMessage(f"{self.what or 'Saving'}…")
            return
        QApplication.restoreOverrideCursor()
        if self._bar is not None:
            self._bar.hide()
