"""The review queue end to end (issue 15) on a real window and project file: documents are
assigned, two annotators' work is marked done, the Review tab's queue goes to the documents
every assignee marked done (their assignees as A and B), the reviewer decides and marks gold
done, the queue moves on; `annotator export --annotator gold --done-only` then writes the
adjudicated documents only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session
from annotator.cli import cli
from annotator.core.model import Status
from annotator.core.review import Kind
from annotator.ui.common import dialogs
from annotator.ui.window.main_window import MainWindow
from tests.app.test_progress import ALICE, BOB, team_project
from tests.readback import rows
from tests.ui.test_annotate import press


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return team_project(tmp_path)


@pytest.fixture
def window(qtbot: QtBot, project: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    def notice(parent: object, title: str, text: str, *args: object, **kw: object) -> None:
        raise AssertionError(f"{title}: {text}")  # a notice would wait for a person

    monkeypatch.setattr(dialogs.Notice, "show", notice)
    win = MainWindow(open_session(project))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.ctx.show_document("d5")  # a document nobody finished
    win.tabs.setCurrentWidget(win.review.panel)
    yield win
    if win.isVisible():
        win.close()


def action(win: MainWindow, name: str) -> QAction:
    found = win.findChild(QAction, name)
    assert found is not None
    return found


def test_the_queue_leads_through_the_ready_documents_to_a_gold_export(
    qtbot: QtBot, window: MainWindow, project: Path, tmp_path: Path
) -> None:
    win, review = window, window.review
    panel = review.panel
    assert panel.queue.isVisible()
    assert panel.queue_state.text() == "Ready for review: 2 documents, 0 reviewed"
    action(win, "review_next_ready").trigger()  # Shift+J
    assert win.ctx.document_id == "d0"
    assert review.pair_ids() == (ALICE.id, BOB.id)  # its assignees, bob under his bound id
    assert panel.queue_state.text().endswith("this is 1 of 2")
    assert len(review.all_items) == 2  # alice's "Bob", bob's "Paris"
    mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    press(qtbot, win, Qt.Key.Key_Return, mods)  # the agreements into gold
    for kind, key in ((Kind.ONLY_A, Qt.Key.Key_1), (Kind.ONLY_B, Qt.Key.Key_0)):
        review._go(next(i for i, d in enumerate(review.model.items) if d.kind is kind))
        press(qtbot, win, key)  # alice's "Bob" into gold, bob's "Paris" rejected
    # every item decided: gold is done on d0 (as review does), so d0 is reviewed
    assert rows(project, "SELECT status FROM document_status WHERE annotator_id = 'gold'") == [
        ("done",)
    ]
    assert panel.queue_state.text() == "Ready for review: 2 documents, 1 reviewed · this is 1 of 2"
    press(qtbot, win, Qt.Key.Key_J, Qt.KeyboardModifier.ShiftModifier)
    assert win.ctx.document_id == "d1"  # the next one gold is not done on
    assert review.pair_ids() == (ALICE.id, "gold")  # one assignee: against gold
    assert win.session.review.gold_status("d1") is not Status.DONE
    press(qtbot, win, Qt.Key.Key_D)  # the reviewer marks gold done on d1
    press(qtbot, win, Qt.Key.Key_K, Qt.KeyboardModifier.ShiftModifier)
    assert win.ctx.document_id == "d0"  # previous: any document of the queue
    press(qtbot, win, Qt.Key.Key_J, Qt.KeyboardModifier.ShiftModifier)
    assert win.ctx.document_id == "d0"  # every one reviewed: it stays, and says so
    assert panel.queue_state.text().startswith("Ready for review: 2 documents, 2 reviewed")
    assert not panel.next_ready.isEnabled()

    out = tmp_path / "gold.jsonl"
    args = ["export", str(project), "-o", str(out), "--annotator", "gold", "--done-only"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines if "id" in line] == ["d0", "d1"]
    d0 = next(line for line in lines if line.get("id") == "d0")
    assert sorted((s["text"], s["label"]) for s in d0["spans"]) == [
        ("Alice", "PERSON"),
        ("Bob", "PERSON"),
        ("She said", "QUOTE"),
    ]
