"""The lead's window on a team folder (``ui.team.watch``): a member's work file written by
another process is brought in when it changes (watcher or poll), the status line names a file
caught mid-sync and clears once it is whole; rendered at 1366x768 to look at."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.core.model import Annotator, Document
from annotator.core.scheme import load_default_scheme
from annotator.identity import current_annotator
from annotator.session import Session
from annotator.ui.window.main_window import MainWindow
from annotator.ui.window.opener import ProjectOpener
from tests.builders import put_documents

REPO = Path(__file__).resolve().parents[2]
MEMBER = """
import sys
from pathlib import Path
from annotator.app.team import open_team
from annotator.core.model import Layer
from annotator.identity import current_annotator

session, _ = open_team(Path(sys.argv[1]), current_annotator())
label = next(lb for lb in session.scheme if lb.layer is Layer.ENTITY)
for i in range(int(sys.argv[2])):
    session.add_span(session.new_span("d1", i, i + 1, label))
session.close()
print(session.path)
"""


def member_writes(root: Path, folder: Path, name: str, spans: int) -> Path:
    """``name``, in a process of their own, adds ``spans`` spans in their work file."""
    config = root / f"config-{name}"
    config.mkdir(exist_ok=True)
    env = dict(os.environ, ANNOTATOR_CONFIG_DIR=str(config), ANNOTATOR_NAME=name)
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run(
        [sys.executable, "-c", MEMBER, str(folder), str(spans)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return Path(done.stdout.strip())


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
