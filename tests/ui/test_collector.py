"""Python's garbage collector is off while any of the window's background threads runs, of
whatever kind, and on again when the last ends: the end of one kind's last thread no longer
turns it on while a thread of another kind still runs (a collection set off in that thread
could finalise the window's Qt objects there)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session
from annotator.session import Session
from annotator.session.registry import Loading
from annotator.ui.common import collector
from annotator.ui.common.reading import Reading
from annotator.ui.entities.loading import RegistryLoader


@pytest.fixture
def session(project_path: Path) -> Iterator[Session]:
    session = open_session(project_path)
    yield session
    session.close()


def _waiting_reading(session: Session, gate: threading.Event, seen: list[bool]) -> Reading:
    """A real reading (its own reader of the project) that notes whether the collector is on
    while it works, then waits for ``gate``."""

    def work(reader: Session) -> int:
        seen.append(gc.isenabled())
        gate.wait(120)  # (set by the test long before)
        return len(reader.documents())

    return Reading(session.reader(), work)


def _waiting_loader(gate: threading.Event, log: list[str]) -> RegistryLoader:
    def read(_loading: Loading) -> None:  # (what the registry would take; unused here)
        log.append("read begins")
        log.append(f"gate set: {gate.wait(120)}")  # (set by the test long before)

    return RegistryLoader(Loading(read, 0))  # type: ignore[arg-type]


def test_one_kind_ending_leaves_the_collector_off_while_another_runs(
    qtbot: QtBot, session: Session
) -> None:
    assert gc.isenabled() and collector.holders() == 0
    gate = threading.Event()
    seen: list[bool] = []
    other_kind = object()  # a thread of another kind, begun before the reading
    collector.hold(other_kind)
    try:
        reading = _waiting_reading(session, gate, seen)
        with qtbot.waitSignal(reading.done, timeout=60_000):
            reading.start()
            gate.set()
        qtbot.waitUntil(lambda: collector.holders() == 1, timeout=60_000)  # the reading ended
        assert seen == [False]  # it worked with the collector off
        assert not gc.isenabled()  # and its end left it off: the other still runs
    finally:
        collector.release(other_kind)
    assert gc.isenabled() and collector.holders() == 0
    reading.wait()
    reading.deleteLater()


def test_a_registry_reading_holds_the_collector_off_until_it_ends(qtbot: QtBot) -> None:
    gate = threading.Event()
    log: list[str] = []
    loader = _waiting_loader(gate, log)
    loader.begin()
    try:
        assert not gc.isenabled() and collector.holders() == 1
    finally:
        gate.set()
    # (its end is heard whenever it comes: even if something stopped it early)
    qtbot.waitUntil(lambda: collector.holders() == 0, timeout=60_000)
    assert gc.isenabled(), log


def test_a_collector_turned_off_by_the_user_stays_off(qtbot: QtBot, session: Session) -> None:
    gc.disable()
    try:
        gate = threading.Event()
        seen: list[bool] = []
        reading = _waiting_reading(session, gate, seen)
        with qtbot.waitSignal(reading.finished, timeout=60_000):
            reading.start()
            gate.set()
        qtbot.waitUntil(lambda: collector.holders() == 0, timeout=60_000)
        assert not gc.isenabled()
        reading.deleteLater()
    finally:
        gc.enable()
