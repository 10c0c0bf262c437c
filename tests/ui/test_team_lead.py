"""A member's window on a team folder follows the lead's scheme while it is open
(``ui.team.lead``): the lead, in a process of their own, changes ``project.sqlite``; the
member's open window shows the new labels (menu, keys, colours) and says so, the member's
work file holds them, and a label the lead removed keeps the member's spans."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.core.model import Document, Layer
from annotator.core.scheme import load_default_scheme
from annotator.session import Session
from annotator.ui.window.main_window import MainWindow
from annotator.ui.window.opener import ProjectOpener
from tests.builders import as_person, put_documents, run_as
from tests.ui.conftest import stored_spans
from tests.ui.test_team_watch import member_writes, team_window

LEAD = """
import sys
from pathlib import Path
from annotator.core.model import Layer
from annotator.identity import current_annotator
from annotator.session import Session

lead = Session.open(Path(sys.argv[1]) / "project.sqlite", current_annotator(), wal=False)
lead.labels.edit_label(Layer.ENTITY, "PERSON", new_name="HUMAN", color="#123456")
lead.labels.add_label(lead.labels.new_label(Layer.ENTITY, "VEHICLE", "#654321", "v"))
lead.labels.remove_label(Layer.ENTITY, "EVENT")
lead.labels.set_guideline("Mark people and vehicles.")
lead.close()
"""


def lead_changes_the_scheme(root: Path, folder: Path) -> None:
    """The lead, in a process of their own, renames PERSON to HUMAN in a new colour, adds
    VEHICLE (key v), removes EVENT and rewrites the guideline, in ``project.sqlite``."""
    run_as(root, "lea", LEAD, str(folder))


def stored_labels(path: Path) -> dict[str, tuple[str, str | None]]:
    """Each label's name -> (colour, key), as the file holds them (read-only)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT name, color, key FROM labels").fetchall()
    finally:
        conn.close()
    return {str(name): (str(color), key) for name, color, key in rows}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    lea = as_person(monkeypatch, tmp_path, "lea")
    folder = tmp_path / "team"
    (folder / "work").mkdir(parents=True)
    session = Session.open(folder / "project.sqlite", lea, scheme=load_default_scheme())
    text = "Alice said in Paris that the summit was a success"
    put_documents(session, [Document(d, f"{text} ({d}).", d) for d in ("d1", "d2")])
    session.assignments.add([("d1", "ana"), ("d2", "ana")])
    session.assignments.set_setting("team.lead", lea.id)
    session.close()
    as_person(monkeypatch, tmp_path, "ana")  # the window is ana's, a member
    return folder


def label_here(qtbot: QtBot, window: MainWindow, piece: str, key: Qt.Key) -> None:
    """Select ``piece`` in the article and press a label's key, as a user does."""
    view = window.article.view
    start = view.text.index(piece)
    view.select_range(start, start + len(piece))
    view.setFocus()
    qtbot.keyClick(view, key)


def test_a_members_open_window_takes_the_leads_new_scheme(
    qtbot: QtBot, folder: Path, tmp_path: Path
) -> None:
    opener = ProjectOpener()
    session = opener.open(None, folder)
    assert session is not None
    mine = session.path
    assert mine.parent == folder / "work"  # ana's work file, made on this first open
    window = MainWindow(session, opener)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # (a label's key works in the active window)
    try:
        assert not window.team.label.isVisible()  # (no one else's work to watch)
        label_here(qtbot, window, "Alice", Qt.Key.Key_P)
        label_here(qtbot, window, "summit", Qt.Key.Key_E)
        assert [s.label for s in stored_spans(mine)] == ["PERSON", "EVENT"]

        lead_changes_the_scheme(tmp_path, folder)

        actions = window.labels.label_actions
        qtbot.waitUntil(lambda: (Layer.ENTITY, "VEHICLE") in actions, timeout=15000)
        said = window.statusBar().currentMessage()
        assert said.startswith("The lead changed the scheme: "), said
        assert "PERSON is now HUMAN" in said and "VEHICLE added" in said
        # The menu and the keys: the new label with its key, the renamed one, and the one the
        # lead removed, which ana still uses (removing it would remove her span).
        menu = [a.objectName() for a in window.labels.menu.actions() if a.objectName()]
        assert "label_entity_VEHICLE" in menu and "label_entity_HUMAN" in menu
        assert "label_entity_PERSON" not in menu and "label_entity_EVENT" in menu
        assert actions[(Layer.ENTITY, "VEHICLE")].shortcut().toString() == "V"
        assert actions[(Layer.ENTITY, "HUMAN")].shortcut().toString() == "P"
        human = next(lb for lb in window.session.scheme if lb.name == "HUMAN")
        assert human.color == "#123456"
        assert "Mark people and vehicles." in window.labels.guideline.text.toPlainText()
        shown = [window.labels.span_model.index(r).data() for r in range(2)]
        assert any("HUMAN" in str(row) for row in shown), shown

        # The work file holds it, durably (read by a connection of its own).
        labels = stored_labels(mine)
        assert labels["HUMAN"] == ("#123456", "p") and labels["VEHICLE"] == ("#654321", "v")
        assert "PERSON" not in labels and "EVENT" in labels
        assert [s.label for s in stored_spans(mine)] == ["HUMAN", "EVENT"]

        # The new key labels, and the span is saved under the lead's new label.
        label_here(qtbot, window, "Paris", Qt.Key.Key_V)
        assert [s.label for s in stored_spans(mine)] == ["HUMAN", "VEHICLE", "EVENT"]
        shot = Path("/tmp/team-folder/member-follows-lead.png")
        if shot.parent.is_dir():
            window.grab().save(str(shot))
    finally:
        window.close()


def test_a_lead_file_caught_mid_sync_is_followed_once_whole(
    qtbot: QtBot, folder: Path, tmp_path: Path
) -> None:
    # The lead changes the scheme on their own machine; a sync engine then writes their new
    # file into the member's team folder, stopping half way first.
    theirs = tmp_path / "lead-machine"
    theirs.mkdir()
    shutil.copy2(folder / "project.sqlite", theirs / "project.sqlite")
    lead_changes_the_scheme(tmp_path, theirs)
    new = (theirs / "project.sqlite").read_bytes()

    window = team_window(qtbot, folder)
    session = window.session
    try:
        (folder / "project.sqlite").write_bytes(new[: len(new) // 2])
        qtbot.waitUntil(
            lambda: window.statusBar().currentMessage().startswith("The lead's scheme was not"),
            timeout=15000,
        )
        assert "incomplete" in window.statusBar().currentMessage()
        assert (Layer.ENTITY, "VEHICLE") not in window.labels.label_actions
        assert "HUMAN" not in stored_labels(session.path)  # nothing half read was followed

        (folder / "project.sqlite").write_bytes(new)  # the sync ends
        qtbot.waitUntil(
            lambda: (Layer.ENTITY, "VEHICLE") in window.labels.label_actions, timeout=15000
        )
        assert "HUMAN" in stored_labels(session.path)
        assert window.statusBar().currentMessage().startswith("The lead changed the scheme: ")
    finally:
        window.close()


def test_a_lead_file_that_cannot_be_read_is_read_again_only_once_it_changes(
    qtbot: QtBot, folder: Path
) -> None:
    window = team_window(qtbot, folder)
    try:
        (folder / "project.sqlite").write_bytes(b"not a project at all\n" * 300)
        qtbot.waitUntil(
            lambda: "could not be read" in window.statusBar().currentMessage(), timeout=15000
        )
        qtbot.waitUntil(lambda: not window.lead.busy(), timeout=15000)
        window.lead.look()  # (as the next poll does): the same bytes are not copied again
        assert not window.lead.busy()
        assert (Layer.ENTITY, "PERSON") in window.labels.label_actions  # the scheme as it was
    finally:
        window.close()


LEAD_SETS = """
import sys
from pathlib import Path
from annotator.identity import current_annotator
from annotator.session import Session

lead = Session.open(Path(sys.argv[1]) / "project.sqlite", current_annotator(), wal=False)
if sys.argv[2] == "assign":
    lead.assignments.add([("d1", "ben")])
else:
    lead.assignments.set_setting("team.others_visible", sys.argv[2])
lead.close()
"""


def test_a_members_open_window_sees_the_others_work_once_the_lead_lets_them_and_not_after(
    qtbot: QtBot, folder: Path, tmp_path: Path
) -> None:
    """The lead, in a process of their own, lets members see each other's work while ana's
    window is open: ben's work file is brought in (his spans in ana's file, his track offered),
    and the status line watches the others' files; the lead takes it back: ben's track is
    no longer offered and his file no longer watched."""
    run_as(tmp_path, "lea", LEAD_SETS, str(folder), "assign")  # d1 goes to ben too
    ben = Path(member_writes(tmp_path, folder, "ben", 2)).stem  # (his work file: work/<id>)
    window = team_window(qtbot, folder)
    session = window.session
    try:
        assert window.team.team is None and not window.team.label.isVisible()
        assert [a.name for a in session.visible_annotators()] == ["ana"]

        run_as(tmp_path, "lea", LEAD_SETS, str(folder), "1")
        qtbot.waitUntil(lambda: len(session.spans("d1", ben)) == 2, timeout=15000)
        assert window.team.team is not None and window.team.label.isVisible()
        assert "ben" in [a.name for a in session.visible_annotators()]
        said = window.statusBar().currentMessage
        qtbot.waitUntil(lambda: said() == "Brought in the work of ben", timeout=5000)

        run_as(tmp_path, "lea", LEAD_SETS, str(folder), "0")
        qtbot.waitUntil(lambda: window.team.team is None, timeout=15000)
        assert not window.team.label.isVisible()
        assert [a.name for a in session.visible_annotators()] == ["ana"]
    finally:
        window.close()
