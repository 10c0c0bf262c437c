"""Project > Assign... and the team's settings in the window, offscreen: the dialog's preview,
Apply as one undo step (checked in the project file), the document list's Assigned column
and "Assigned to me" filter, tracks of others hidden from a non-lead annotator; the preview
worked out in a thread while the dialog answers; the dialog and the window rendered at
1366x768 (``SHOTS``)."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from annotator.app.assign import Assignment, Move, prepare_assignment
from annotator.app.projects import open_session, project_file
from annotator.core.model import Annotator
from annotator.session import Session
from annotator.storage.store import ProjectStore
from annotator.ui.assign import dialog as assign_dialog
from annotator.ui.assign.dialog import AssignDialog, ReassignDialog
from annotator.ui.documents.pane import ASSIGNED_COLUMN
from annotator.ui.window.main_window import MainWindow
from tests.builders import put_work
from tests.ui.gates import held

# Where the renderings go to be looked at: ANNOTATOR_SHOTS=/tmp/team-assign (else a temporary
# folder of the run).
SHOTS = Path(os.environ.get("ANNOTATOR_SHOTS") or tempfile.mkdtemp(prefix="assign-shots-"))
WAIT = 20_000  # ms: the preview is worked out in a thread


def stored(folder: Path) -> tuple[dict[str, list[str]], str]:
    """The assignments and the seed as they are in the project file (read-only connection)."""
    store = ProjectStore.open(project_file(folder), read_only=True, scheme=None)
    try:
        return store.assignments.by_document(), store.assignments.setting("team.seed")
    finally:
        store.close()


def filled(qtbot: QtBot, parent: MainWindow, session: Session, shot: str = "") -> AssignDialog:
    dialog = AssignDialog(parent, session)
    qtbot.addWidget(dialog)
    dialog.names_edit.setText("alice, tester , bob")
    dialog.overlap.setValue(0.5)
    dialog.per_doc.setValue(2)
    dialog.seed.setValue(42)
    dialog.preview()
    qtbot.waitUntil(lambda: not dialog.previewing(), timeout=WAIT)
    if shot:
        SHOTS.mkdir(parents=True, exist_ok=True)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.grab().save(str(SHOTS / shot))
    return dialog


@pytest.fixture
def assigning(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    """The window whose Assign dialog is filled in and applied by the test's hand."""

    def ask(cls: type[AssignDialog], parent: MainWindow, session: Session) -> Assignment | None:
        dialog = filled(qtbot, parent, session, "assign_dialog.png")
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
        assert dialog.result() == QDialog.DialogCode.Accepted
        return dialog.assignment

    monkeypatch.setattr(AssignDialog, "ask", classmethod(ask))
    yield window


def test_the_preview_counts_each_annotator_and_refuses_bad_names(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = filled(qtbot, window, window.session)
    model = dialog.model
    rows = [[model.index(r, c).data() for c in range(4)] for r in range(model.rowCount())]
    assert [r[0] for r in rows] == ["alice", "bob", "tester"]
    assert sum(r[2] for r in rows) == 6 and sum(r[3] for r in rows) == 4  # 4 documents, 2 shared
    assert max(r[2] for r in rows) - min(r[2] for r in rows) <= 1
    assert "Apply assigns 4 documents to 3 annotators, 2 of them to 2" in dialog.summary.text()
    assert dialog.apply_button.isEnabled()
    dialog.names_edit.setText("alice, ALICE")
    dialog.preview()
    qtbot.waitUntil(lambda: not dialog.previewing(), timeout=WAIT)
    assert "'alice' and 'ALICE' are the same name" in dialog.summary.text()
    assert not dialog.apply_button.isEnabled() and model.rowCount() == 0
    assert stored(Path(window.session.path).parent)[0] == {}  # nothing written


def test_apply_is_one_undo_step_and_the_list_shows_assignees(
    qtbot: QtBot, assigning: MainWindow, example_copy: Path
) -> None:
    win = assigning
    win.actions.assign.trigger()
    after, seed = stored(example_copy)
    assert len(after) == 4 and seed == "42"
    assert sum(len(v) for v in after.values()) == 6
    pane = win.documents.pane
    assert not pane.table.isColumnHidden(ASSIGNED_COLUMN)
    model = win.documents.model
    shown = {model.id_at(r): model.index(r, ASSIGNED_COLUMN).data() for r in range(4)}
    assert shown == {d: ", ".join(names) for d, names in after.items()}
    assert pane.mine.isVisibleTo(pane)  # tester (ANNOTATOR_NAME) has documents
    SHOTS.mkdir(parents=True, exist_ok=True)
    win.resize(QSize(1366, 768))
    qtbot.wait(50)
    assert not pane.table.isColumnHidden(ASSIGNED_COLUMN)  # (in place of the span count)
    win.grab().save(str(SHOTS / "window_assigned.png"))
    mine = sorted(d for d, names in after.items() if "tester" in names)
    pane.mine.setChecked(True)
    assert sorted(model.ids()) == mine
    assert pane.table.isColumnHidden(ASSIGNED_COLUMN)  # all mine: the span count instead
    win.grab().save(str(SHOTS / "window_mine.png"))
    win.undo_stack.undo()
    assert stored(example_copy) == ({}, "")
    assert pane.table.isColumnHidden(ASSIGNED_COLUMN) and not pane.mine.isVisibleTo(pane)
    assert len(model.ids()) == 4  # "Assigned to me" went with the assignment
    win.undo_stack.redo()
    assert stored(example_copy) == (after, "42")


def test_a_project_opens_on_my_documents_and_hides_others_tracks_from_a_non_lead(
    qtbot: QtBot, example_copy: Path
) -> None:
    session = open_session(example_copy)
    try:
        ids = session.document_list().ids()
        session.assignments.add([(ids[0], "Tester"), (ids[1], "alice")])
        session.assignments.set_setting("team.lead", "0123456789abcdef")  # not me
    finally:
        session.close()
    win = MainWindow(open_session(example_copy))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    try:
        assert win.documents.pane.mine.isChecked()
        assert win.documents.model.ids() == [ids[0]]  # "Tester" is me (ANNOTATOR_NAME tester)
        # the example's own track is someone else's: hidden, so the window opens on mine
        assert win.ctx.viewed == win.session.annotator.id
        win.tracks.menu.aboutToShow.emit()
        assert [a.text() for a in win.tracks.menu.actions()] == ["tester (you) — 0 spans"]
        assert not win.track_picker.button.isVisibleTo(win.statusBar())
        assert not win.actions.others_visible.isEnabled()  # the lead decides
        assert not win.actions.assign.isEnabled()
        win.documents.pane.mine.setChecked(False)
        assert len(win.documents.model.ids()) == 4
    finally:
        win.close()


def test_the_lead_lets_annotators_see_each_others_tracks_undoably(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    action = window.actions.others_visible
    assert action.isEnabled() and not action.isChecked()  # no lead recorded: anyone decides
    put_work(window.session, Annotator("bea0bea0", "bea"))
    window.ctx.set_track("bea0bea0")  # showing another's track: a team edit is still made
    action.trigger()
    assert window.session.assignments.others_visible() and action.isChecked()
    store = ProjectStore.open(project_file(example_copy), read_only=True, scheme=None)
    try:
        assert store.assignments.setting("team.others_visible") == "1"
    finally:
        store.close()
    window.undo_stack.undo()
    assert not window.session.assignments.others_visible() and not action.isChecked()


def test_reassign_from_the_window_is_one_undo_step(
    qtbot: QtBot, window: MainWindow, example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = window.session
    ids = session.document_list().ids()
    window.ctx.push(prepare_assignment(session, ["alice", "bob"], overlap=0.5, seed=1).operation)
    before, _ = stored(example_copy)
    window.ctx.show_document(ids[0])
    holder = before[ids[0]][0]

    def ask(
        cls: type[ReassignDialog], parent: MainWindow, s: Session, doc: str | None
    ) -> Move | None:
        dialog = ReassignDialog(parent, s, doc)
        qtbot.addWidget(dialog)
        assert dialog.source.currentData() == holder  # a name of the shown document first
        assert dialog.only_this.isChecked()
        assert not dialog.apply_button.isEnabled()  # nobody to give it to yet
        dialog.target.setText("  dave ")
        assert dialog.summary.text().startswith(f"Apply moves 1 document from {holder} to dave")
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.grab().save(str(SHOTS / "reassign_dialog.png"))
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
        return dialog.moving

    monkeypatch.setattr(ReassignDialog, "ask", classmethod(ask))
    assert window.actions.reassign.isEnabled()
    window.actions.reassign.trigger()
    after, _ = stored(example_copy)
    assert after[ids[0]] == sorted(set(before[ids[0]]) - {holder} | {"dave"})
    assert {d: v for d, v in after.items() if d != ids[0]} == {
        d: v for d, v in before.items() if d != ids[0]
    }
    window.undo_stack.undo()
    assert stored(example_copy)[0] == before


@pytest.mark.parametrize("size", [QSize(1366, 768), QSize(1920, 1080)], ids=["1366", "1920"])
def test_titles_stay_readable_beside_an_assignment_of_three(
    qtbot: QtBot, example_copy: Path, size: QSize
) -> None:
    """The lead's list of every document, each with its assignees: the titles keep most of the
    pane (the status a symbol, the warnings and names as narrow as they may be)."""
    session = open_session(example_copy)
    try:
        names = ["alice", "tester", "bob"]
        prepare_assignment(session, names, overlap=0.5, seed=42).operation.apply()
    finally:
        session.close()
    win = MainWindow(open_session(example_copy))
    qtbot.addWidget(win)
    win.resize(size)
    win.show()
    qtbot.waitExposed(win)
    try:
        pane = win.documents.pane
        pane.mine.setChecked(False)  # every document, with who has it
        qtbot.wait(50)
        SHOTS.mkdir(parents=True, exist_ok=True)
        win.grab().save(str(SHOTS / f"list_assigned_{size.width()}.png"))
        assert not pane.table.isColumnHidden(ASSIGNED_COLUMN)
        title = pane.table.columnWidth(0)
        longest = pane.table.fontMetrics().horizontalAdvance("Vladimir Putin’s top diplomat")
        assert title >= (longest if size.width() > 1366 else 160), title
    finally:
        win.close()


def test_the_preview_is_worked_out_while_the_dialog_answers(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan held at a gate (the real one, made to wait): the dialog goes on answering
    (typing in it, its event loop turning), says it is working, Apply waits; let go, the
    preview of the fields as they were last is shown. Closed while one is worked out, it
    ends alone, unheard."""
    gate = threading.Event()
    plan = held(gate, assign_dialog.prepare_assignment)
    monkeypatch.setattr(assign_dialog, "prepare_assignment", plan)
    dialog = AssignDialog(window, window.session)
    qtbot.addWidget(dialog)
    dialog.show()
    try:
        assert dialog.previewing() and dialog.summary.text() == assign_dialog.WORKING
        qtbot.keyClicks(dialog.names_edit, "alice, bob")  # answered while the plan waits
        dialog.overlap.setValue(0.5)
        dialog.seed.setValue(7)
        qtbot.wait(2 * assign_dialog.PREVIEW_DELAY_MS)
        assert dialog.names_edit.text().endswith("alice, bob")
        assert dialog.previewing() and not dialog.apply_button.isEnabled()
        dialog.apply_button.click()
        assert dialog.isVisible()  # (nothing to apply yet)
    finally:
        gate.set()
    qtbot.waitUntil(lambda: not dialog.previewing(), timeout=WAIT)
    made = dialog.assignment
    assert made is not None and made.seed == 7 and made.names == ["alice", "bob"]
    assert made.operation.session is window.session  # made on the window's session
    assert dialog.model.rowCount() == 2 and dialog.apply_button.isEnabled()
    gate.clear()
    dialog.seed.setValue(8)
    qtbot.waitUntil(lambda: dialog.summary.text() == assign_dialog.WORKING, timeout=WAIT)
    dialog.reject()
    gate.set()
    qtbot.waitUntil(lambda: not assign_dialog.Previewing._left, timeout=WAIT)
    assert dialog.assignment is None
