"""What the window benchmarks' child processes measure the event loop with: the longest stall
(a 5 ms timer's largest gap between two beats), the moment a widget was last painted, and
running the loop until something is true or for a while."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer


class Beats(QObject):
    """The longest gap between two beats of a 5 ms timer: how long the event loop stood still."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.last = time.monotonic()
        self.longest = 0.0

    def _on_timer_timeout(self) -> None:
        now = time.monotonic()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last, self.longest = time.monotonic(), 0.0
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return max(self.longest, time.monotonic() - self.last) * 1000


class Painted(QObject):
    """An event filter noting when the widget it watches was painted (``at``; the first paint
    after ``at`` was set to None if ``first``, else the last)."""

    def __init__(self, first: bool = True) -> None:
        super().__init__()
        self.at: float | None = None
        self.first = first

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Paint and (self.at is None or not self.first):
            self.at = time.monotonic()
        return False


def looping(app: Any) -> tuple[Callable[..., None], Callable[[float], None]]:
    """``run_until(done, limit=30.0)``: the loop runs until ``done()`` (or ``limit`` s);
    ``settle(ms)``: the loop runs for ``ms`` milliseconds."""

    def run_until(done: Callable[[], object], limit: float = 30.0) -> None:
        end = time.monotonic() + limit
        while not done() and time.monotonic() < end:
            app.processEvents()

    def settle(ms: float) -> None:
        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.001)

    return run_until, settle


def type_filter(
    app: Any, edit: Any, model: Any, painted: Painted, beats: Beats, text: str
) -> tuple[list[float], list[float]]:
    """``text`` typed into ``edit`` key by key, each key once the list (``model``, its view
    watched by ``painted``) was reset and painted for the previous one: the milliseconds from
    each key to that paint (the typing pause included) and the longest stall meanwhile. A
    space only waits: the words are the same."""
    from PySide6.QtTest import QTest

    run_until, settle = looping(app)
    resets: list[float] = []

    def on_reset() -> None:
        resets.append(time.monotonic())

    model.modelReset.connect(on_reset)
    keys, stalls = [], []
    for ch in text:
        if ch.isspace():
            QTest.keyClicks(edit, ch)
            settle(200)
            continue
        resets.clear()
        painted.at = None
        beats.start()
        start = time.monotonic()
        QTest.keyClicks(edit, ch)
        run_until(lambda: resets and painted.at is not None and painted.at > resets[0], 10)
        keys.append((time.monotonic() - start) * 1000)
        settle(20)
        stalls.append(beats.stop())
    model.modelReset.disconnect(on_reset)
    return keys, stalls
