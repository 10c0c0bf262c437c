"""The lead's window on a team folder (``ui.team.watch``): a member's work file written by
another process is brought in when it changes (watcher or poll), the status line names a file
caught mid-sync and clears once it is whole; rendered at 1366x768 to look at."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QTimer
from pytestqt.qtbot import QtBot

from annotator.core.model import Annotator, Document, Layer, Status
from annotator.core.scheme import load_default_scheme
from annotator.identity import current_annotator
from annotator.session import Session
from annotator.ui.team.reading import TeamReading
from annotator.ui.window.main_window import MainWindow
from annotator.ui.window.opener import ProjectOpener
from tests.builders import put_documents, run_as

MEMBER = """
import sys
from pathlib import Path
from annotator.app.team import open_team
from annotator.core.model import Layer, Status
from annotator.identity import current_annotator

session, _ = open_team(Path(sys.argv[1]), current_annotator())
label = next(lb for lb in session.scheme if lb.layer is Layer.ENTITY)
for i in range(int(sys.argv[2])):
    session.add_span(session.new_span("d1", i, i + 1, label))
if sys.argv[3:] == ["--empty"]:  # every span of theirs removed, every document not started
    for document in session.documents():
        for span in session.spans(document.id):
            session.remove_span(span)
        session.set_status(document.id, Status.NOT_STARTED)
session.close()
print(session.path)
"""


def member_writes(root: Path, folder: Path, name: str, spans: int, *, empty: bool = False) -> Path:
    """``name``, in a process of their own, adds ``spans`` spans in their work file (then,
    if ``empty``, removes all their work from it)."""
    done = run_as(root, name, MEMBER, str(folder), str(spans), *(["--empty"] if empty else []))
    return Path(done.strip())


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Annotator]]:
    config = tmp_path / "config-lea"
    config.mkdir()
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(config))
    monkeypatch.setenv("ANNOTATOR_NAME", "lea")
    lea = current_annotator()
    folder = tmp_path / "team"
    (folder / "work").mkdir(parents=True)
    session = Session.open(folder / "project.sqlite", lea, scheme=load_default_scheme())
    ids = ["d1", "d2", "d3"]
    put_documents(session, [Document(d, f"Alice said on {d} that it rained.", d) for d in ids])
    session.assignments.add([("d1", "ana"), ("d2", "ana"), ("d1", "ben"), ("d3", "ben")])
    session.assignments.set_setting("team.lead", lea.id)
    session.close()
    yield folder, lea


def test_the_leads_window_brings_in_work_files_as_they_change_and_names_one_behind(
    qtbot: QtBot, team: tuple[Path, Annotator], tmp_path: Path
) -> None:
    folder, lea = team
    ana_file = member_writes(tmp_path, folder, "ana", 2)
    opener = ProjectOpener()
    session = opener.open(None, folder)
    assert session is not None
    window = MainWindow(session, opener)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    label = window.team.label
    try:
        assert label.isVisible()
        assert label.text() == "Team folder: 1 work file up to date"
        ana = ana_file.stem
        assert window.session.span_counts() == {ana: 2}

        ben_file = member_writes(tmp_path, folder, "ben", 3)  # a new file: the folder changed
        member_writes(tmp_path, folder, "ana", 1)
        qtbot.waitUntil(lambda: window.session.span_counts() == {ana: 3, ben_file.stem: 3})
        qtbot.waitUntil(lambda: label.text() == "Team folder: 2 work files up to date")
        window.ctx.set_track(ana)
        model = window.documents.model
        spans = next(
            c
            for c in range(model.columnCount())
            if model.headerData(c, Qt.Orientation.Horizontal) == "Spans"
        )
        assert model.index(0, spans).data() in (3, "3")  # the list shows what came in
        said = window.statusBar().currentMessage()  # (the files are read in their names' order)
        assert said.startswith("Brought in the work of ")
        assert set(said.removeprefix("Brought in the work of ").split(", ")) == {"ana", "ben"}

        whole = ben_file.read_bytes()
        ben_file.write_bytes(whole[: len(whole) // 2])  # a sync engine half way through
        qtbot.waitUntil(lambda: f"behind: ben, {ben_file.name[:8]}… (incomplete)" in label.text())
        assert "incomplete or damaged" in label.toolTip()
        assert window.session.span_counts()[ben_file.stem] == 3  # kept as it was
        window.grab().save(str(tmp_path / "team-behind.png"))
        shot = Path("/tmp/team-folder/team-behind.png")
        if shot.parent.is_dir():
            window.grab().save(str(shot))
        ben_file.write_bytes(whole)
        qtbot.waitUntil(lambda: label.text() == "Team folder: 2 work files up to date")
    finally:
        window.close()


def test_a_member_who_empties_their_file_is_emptied_in_the_leads_window(
    qtbot: QtBot, team: tuple[Path, Annotator], tmp_path: Path
) -> None:
    """ana's two spans come into the lead's open window; she removes them and marks d1 not
    started (in her own process): the window brings that in too, and her track is empty in the
    lead's project file, ben's left as it was."""
    folder, _ = team
    ana_file = member_writes(tmp_path, folder, "ana", 2)
    ben_file = member_writes(tmp_path, folder, "ben", 3)
    window = team_window(qtbot, folder)
    ana, ben = ana_file.stem, ben_file.stem
    try:
        assert window.session.span_counts() == {ana: 2, ben: 3}
        assert window.session.status("d1", ana) is Status.IN_PROGRESS
        member_writes(tmp_path, folder, "ana", 0, empty=True)
        qtbot.waitUntil(lambda: window.session.span_counts() == {ben: 3}, timeout=30000)
        qtbot.waitUntil(lambda: not window.team.busy(), timeout=30000)
        assert window.session.status("d1", ana) is Status.NOT_STARTED
        assert window.team.label.text() == "Team folder: 2 work files up to date"
    finally:
        window.close()
    conn = sqlite3.connect(f"file:{folder / 'project.sqlite'}?mode=ro", uri=True)
    try:
        held = "SELECT count(*) FROM spans WHERE annotator_id = ? UNION ALL " + (
            "SELECT count(*) FROM document_status WHERE annotator_id = ?"
        )
        assert conn.execute(held, [ana, ana]).fetchall() == [(0,), (0,)]
        assert conn.execute(held, [ben, ben]).fetchall() == [(3,), (1,)]
    finally:
        conn.close()


def team_window(qtbot: QtBot, folder: Path) -> MainWindow:
    """The window on the team folder ``folder``, opened as its user opens it, shown."""
    opener = ProjectOpener()
    session = opener.open(None, folder)
    assert session is not None
    window = MainWindow(session, opener)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


class _Held(QObject):
    """Holds each reading the window begins in its own thread, right after a file was read
    and before the reading goes on, until ``release`` (or ``then`` ran there); notes whether
    the hold ended by ``release``."""

    def __init__(self, then: object = None) -> None:
        super().__init__()
        self.released = threading.Event()
        self.ended_by_release: list[bool] = []
        self.then = then

    def _on_watch_reading_begun(self, reading: TeamReading) -> None:
        reading.read.connect(self._on_reading_read, Qt.ConnectionType.DirectConnection)

    def _on_reading_read(self, _token: int, path: Path, _read: object) -> None:
        if callable(self.then):  # (in the reading's thread)
            self.then(path)
            return
        self.ended_by_release.append(self.released.wait(20))


def test_the_window_stays_responsive_while_a_work_file_is_read(
    qtbot: QtBot, team: tuple[Path, Annotator], tmp_path: Path
) -> None:
    """The window's event loop runs while a changed work file is read: the reading is held
    in its thread until a timer of the window's has fired five times (a window frozen by the
    read would never let it go); meanwhile the status line says a file is being read; then
    the work comes in, written by the window, and the status line says all is up to date."""
    folder, _ = team
    ana_file = member_writes(tmp_path, folder, "ana", 2)
    window = team_window(qtbot, folder)
    watch, label = window.team, window.team.label
    held = _Held()
    watch.reading_begun.connect(held._on_watch_reading_begun)
    ticks: list[bool] = []

    def on_timer() -> None:
        ticks.append(watch.busy())
        if sum(ticks) >= 5:
            held.released.set()

    timer = QTimer(window)
    timer.setInterval(5)
    timer.timeout.connect(on_timer)
    try:
        member_writes(tmp_path, folder, "ana", 1)
        timer.start()
        watch.refresh({ana_file})
        assert watch.busy()  # (the refresh returned at once: the file is read elsewhere)
        assert label.text() == "Team folder: 1 work file up to date; reading 1 changed file…"
        window.resize(1366, 768)
        window.grab().save(str(tmp_path / "team-reading.png"))
        qtbot.waitUntil(lambda: not watch.busy(), timeout=30000)
        assert held.ended_by_release == [True]  # the loop ran while the file was held
        assert window.session.span_counts() == {ana_file.stem: 3}
        assert label.text() == "Team folder: 1 work file up to date"
        assert window.statusBar().currentMessage() == "Brought in the work of ana"
    finally:
        timer.stop()
        held.released.set()
        window.close()


def test_a_file_changing_again_during_its_own_refresh_is_read_again(
    qtbot: QtBot, team: tuple[Path, Annotator], tmp_path: Path
) -> None:
    """Ana's file is written again right after the window's reading read it (in the reading's
    thread, before the window wrote what it read): the window writes what it read, notices
    the file's bytes are not those it read, and reads it again: her last span comes in."""
    folder, _ = team
    ana_file = member_writes(tmp_path, folder, "ana", 2)
    window = team_window(qtbot, folder)
    watch = window.team
    ana = Annotator(ana_file.stem, "ana")
    changed_again: list[Path] = []

    def write_again(path: Path) -> None:
        if changed_again:
            return
        theirs = Session.open(path, ana, wal=False)
        label = next(lb for lb in theirs.scheme if lb.layer is Layer.ENTITY)
        theirs.add_span(theirs.new_span("d1", 20, 24, label))
        theirs.close()
        changed_again.append(path)

    held = _Held(then=write_again)
    watch.reading_begun.connect(held._on_watch_reading_begun)
    try:
        member_writes(tmp_path, folder, "ana", 1)
        watch.refresh({ana_file})
        qtbot.waitUntil(lambda: changed_again == [ana_file], timeout=30000)
        qtbot.waitUntil(lambda: window.session.span_counts() == {ana.id: 4}, timeout=30000)
        qtbot.waitUntil(lambda: not watch.busy(), timeout=30000)
        assert window.team.label.text() == "Team folder: 1 work file up to date"
    finally:
        window.close()


def test_the_status_line_is_hidden_for_a_project_that_is_no_team_folder(
    qtbot: QtBot, tmp_path: Path
) -> None:
    opener = ProjectOpener()
    session = opener.open(None, tmp_path / "plain.sqlite")
    assert session is not None
    window = MainWindow(session, opener)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        assert not window.team.label.isVisible() and window.team.team is None
    finally:
        window.close()
