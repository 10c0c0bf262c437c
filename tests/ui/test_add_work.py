"""File > Add annotator's work and File > Share a copy in the window: in the worker, with edits
paused while work comes in, the window reloading after, their file untouched."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from annotator.app.projects import build_from_sources, project_file
from annotator.core.model import Layer, Span
from annotator.session import Session
from annotator.ui.common import dialogs
from annotator.ui.transfer import dialogs as transfer_dialogs
from annotator.ui.transfer.part import ADDING_WORK
from annotator.ui.transfer.requests import AddWorkRequest
from annotator.ui.window.main_window import MainWindow
from tests.cli.test_add_work import state
from tests.formats.test_native_io import BOB
from tests.ui.conftest import stored_spans
from tests.ui.test_annotate import press, select


def colleague(tmp_path: Path, example_copy: Path) -> Path:
    """Bob's project: the example's articles and one more; one span of his on Lavrov."""
    folder = tmp_path / "colleague"
    shutil.copytree(example_copy / "articles", folder / "articles")
    (folder / "articles" / "zz-only-theirs.txt").write_text(
        "Only theirs\n\nAn article the reviewer does not have.\n", encoding="utf-8"
    )
    path = build_from_sources(folder, BOB)
    session = Session.open(path, BOB, scheme=None)
    try:
        doc = next(d.id for d in session.documents() if "Lavrov" in session.document(d.id).text)
        start = session.document(doc).text.index("Lavrov")
        session.add_span(
            Span("bob1", doc, BOB.id, Layer.ENTITY, "PERSON", start, start + 6, "Lavrov")
        )
    finally:
        session.close()
    return path


def test_file_menu_has_both_actions(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    names = [a.objectName() for a in file_menu.actions()]  # type: ignore[union-attr]
    assert "file_add_work" in names and "file_share_copy" in names
    assert window.findChild(QAction, "file_add_work") is window.actions.add_work


def test_add_annotators_work_then_their_documents(
    qtbot: QtBot,
    window: MainWindow,
    example_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    theirs = colleague(tmp_path, example_copy)
    before = state(theirs.parent)
    asked: list[list[str]] = []
    answers = [False]

    def question(cls, parent, not_found):  # type: ignore[no-untyped-def]
        asked.append(list(not_found))
        return answers.pop(0) if answers else False

    monkeypatch.setattr(
        transfer_dialogs.AddWorkFileDialog, "ask", classmethod(lambda c, p: AddWorkRequest(theirs))
    )
    monkeypatch.setattr(transfer_dialogs.AddDocumentsQuestion, "ask", classmethod(question))
    documents = window.documents.model.rowCount()
    window.actions.add_work.trigger()
    assert window.transfer.busy == ADDING_WORK  # edits are paused until it ends
    qtbot.waitUntil(lambda: not window.transfer.running() and bool(asked), timeout=10000)

    [bob1] = [s for s in stored_spans(example_copy) if s.id == "bob1"]
    assert (bob1.annotator_id, bob1.text) == (BOB.id, "Lavrov")
    message = window.statusBar().currentMessage()
    assert "Brought in project.sqlite: 4 documents matched, 1 not in this project" in message
    assert "work of Bob: 1 span" in message
    assert message.endswith("See it with View > Show annotations of > Bob")
    [[not_here]] = asked
    assert not_here.startswith(f"{theirs}, document 5: 'Only theirs")
    assert window.documents.model.rowCount() == documents  # the document was not added
    assert state(theirs.parent) == before  # their project: same files, bytes and times

    # Their work is a read-only track of its own, in View > Show annotations of.
    window.tracks.menu.aboutToShow.emit()
    [bob] = [a for a in window.tracks.menu.actions() if a.text().startswith("Bob")]
    assert bob.text() == "Bob (read-only) — 1 span"
    bob.trigger()
    assert window.ctx.is_other() and window.ctx.viewed == BOB.id

    # Asked again, the reviewer adds the document they lack: nothing is duplicated.
    answers.append(True)
    window.actions.add_work.trigger()
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=10000)
    qtbot.waitUntil(lambda: not window.transfer.running(), timeout=10000)
    assert "4 documents matched, 1 added" in window.statusBar().currentMessage()
    assert window.documents.model.rowCount() == documents + 1
    assert [s.id for s in stored_spans(example_copy) if s.annotator_id == BOB.id] == ["bob1"]
    assert state(theirs.parent) == before


def test_share_a_copy_while_the_project_is_open(
    qtbot: QtBot,
    window: MainWindow,
    example_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    select(window, "Keir Starmer")
    press(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, Qt.Key.Key_Return)
    path = project_file(example_copy)
    immutable = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    in_file = immutable.execute("SELECT count(*) FROM spans").fetchone()
    immutable.close()
    assert in_file == (0,)  # the edit is still in the -wal: a plain file copy would miss it
    target = tmp_path / "for-review.sqlite"
    monkeypatch.setattr(
        transfer_dialogs.ShareCopyDialog, "ask", classmethod(lambda c, p, s: target)
    )
    window.actions.share_copy.trigger()
    assert window.transfer.busy == ""  # a copy does not pause edits
    qtbot.waitUntil(lambda: not window.transfer.running(), timeout=10000)
    assert [s.text for s in stored_spans(target)] == ["Keir Starmer"]
    assert window.statusBar().currentMessage() == (
        f"Shared a copy of the project: {target} (every edit up to now is in it)"
    )
    assert sorted(p.name for p in tmp_path.iterdir() if "for-review" in p.name) == [
        "for-review.sqlite"
    ]


def test_your_own_work_in_their_file_is_left_out_and_said(
    qtbot: QtBot,
    window: MainWindow,
    example_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    theirs = colleague(tmp_path, example_copy)
    me = window.session.annotator
    session = Session.open(theirs, me, scheme=None)
    try:
        doc = session.span("bob1").document_id
        session.add_span(Span("not-mine", doc, me.id, Layer.ENTITY, "PERSON", 0, 3, "Rus"))
    finally:
        session.close()
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        transfer_dialogs.AddWorkFileDialog, "ask", classmethod(lambda c, p: AddWorkRequest(theirs))
    )
    monkeypatch.setattr(
        transfer_dialogs.AddDocumentsQuestion, "ask", classmethod(lambda c, p, n: False)
    )
    monkeypatch.setattr(
        dialogs.Notice,
        "show",
        classmethod(
            lambda c, p, title, text, details="", error=False: shown.append((text, details))
        ),
    )
    window.actions.add_work.trigger()
    qtbot.waitUntil(lambda: not window.transfer.running() and bool(shown), timeout=10000)
    [(text, details)] = shown
    assert "work of Bob: 1 span" in text and "1 line of your own work left out" in text
    assert f"annotator '{me.name}' is you: your own work is never replaced from a file" in details
    assert "not-mine" not in [s.id for s in stored_spans(example_copy)]
