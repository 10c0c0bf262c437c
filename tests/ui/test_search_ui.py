"""The search panel: Ctrl+Shift+F opens it, typing searches, Enter opens the document at the
hit (selected in Qt's positions after emoji), "Mark all done" is one undo step in the file, and
an upgraded project's index is built on idle turns while the panel says how far it is."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session, project_file
from annotator.core.offsets import OffsetMap
from annotator.ui.search.model import SearchResultsModel
from annotator.ui.window.main_window import MainWindow
from tests.hostile.world import old_project


def _open_and_type(qtbot: QtBot, window: MainWindow, words: str) -> None:
    qtbot.keyClick(
        window,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    panel = window.search.panel
    assert window.search.dock.isVisible()
    qtbot.waitUntil(lambda: panel.query.hasFocus())
    qtbot.keyClicks(panel.query, words)
    qtbot.waitUntil(
        lambda: window.search.model.rowCount() > 0 and not window.search._timer.isActive()
    )


def test_ctrl_shift_f_types_and_enter_opens_the_hit(qtbot: QtBot, window: MainWindow) -> None:
    _open_and_type(qtbot, window, "Kovalenko")
    panel = window.search.panel
    assert "1 document found" in panel.said.text()
    results = window.search.results
    assert results is not None
    listed = window.search.model.hit(0)
    assert listed.start is None  # the window finds the offsets of the one hit opened
    hit = window.session.search.locate(results.match, listed)
    text = window.session.document(hit.document_id).text
    assert hit.start is not None and hit.end is not None
    assert text[hit.start : hit.end] == "Kovalenko"
    qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    assert window.ctx.document_id == hit.document_id
    cursor = window.article.view.textCursor()
    offsets = OffsetMap(text)
    assert (cursor.selectionStart(), cursor.selectionEnd()) == offsets.span_to_utf16(
        hit.start, hit.end
    )
    assert cursor.selectionStart() != hit.start  # emoji before the hit: Qt counts otherwise
    assert cursor.selectedText() == "Kovalenko"
    assert window.article.view.hasFocus()


def test_mark_all_done_is_one_undo_step_in_the_file(qtbot: QtBot, window: MainWindow) -> None:
    _open_and_type(qtbot, window, "the")
    ids = [h.document_id for h in window.search.model.hits()]
    assert len(ids) >= 2
    path = project_file(window.session.path)
    me = window.session.annotator.id
    depth = window.undo_stack.count()
    qtbot.mouseClick(window.search.panel.mark_done, Qt.MouseButton.LeftButton)
    assert window.undo_stack.count() == depth + 1

    def done() -> set[str]:
        conn = sqlite3.connect(path)
        try:
            rows = conn.execute(
                "SELECT document_id FROM document_status WHERE annotator_id = ? "
                "AND status = 'done'",
                [me],
            )
            return {r[0] for r in rows}
        finally:
            conn.close()

    assert done() == set(ids)
    window.undo_stack.undo()
    assert done() == set()
    window.undo_stack.redo()
    assert done() == set(ids)


def test_undoing_mark_all_done_shows_every_status_as_the_file_has_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    """One undo of an edit of several documents brings up one of them (not each in turn)
    and the document list shows each document's status as the file has it."""
    _open_and_type(qtbot, window, "the")
    ids = [h.document_id for h in window.search.model.hits()]
    assert len(ids) >= 3
    qtbot.mouseClick(window.search.panel.mark_done, Qt.MouseButton.LeftButton)
    shown: list[str | None] = []
    window.ctx.document_changed.connect(shown.append)
    for step in (window.undo_stack.undo, window.undo_stack.redo):  # each a key press: a turn
        qtbot.wait(10)
        shown.clear()
        step()
        model = window.documents.model
        listed = {
            model.id_at(r): model.index(r, 2).data(Qt.ItemDataRole.AccessibleTextRole)
            for r in range(model.rowCount())
        }
        for doc in ids:
            assert listed[doc] == window.session.status(doc).display
        assert len(shown) <= 1
    opened = ids[1]
    window.ctx.show_document(opened)  # the shown document is one of them: the reader stays
    for step in (window.undo_stack.undo, window.undo_stack.redo):
        qtbot.wait(10)
        step()
        assert window.ctx.document_id == opened


def test_results_shown_in_the_document_list_until_show_all(
    qtbot: QtBot, window: MainWindow
) -> None:
    everyone = window.documents.ids()
    _open_and_type(qtbot, window, "Kovalenko")
    found = [h.document_id for h in window.search.model.hits()]
    assert 0 < len(found) < len(everyone)
    qtbot.mouseClick(window.search.panel.show_in_list, Qt.MouseButton.LeftButton)
    pane = window.documents.pane
    assert window.documents.ids() == found
    assert pane.only_bar.isVisible()
    assert "found by “Kovalenko”" in pane.only_label.text()
    qtbot.keyClicks(pane.filter_edit, "zzz-no-such-title")  # the filter narrows them further
    qtbot.waitUntil(lambda: window.documents.ids() == [])
    pane.filter_edit.clear()
    qtbot.waitUntil(lambda: window.documents.ids() == found)
    qtbot.mouseClick(pane.show_all, Qt.MouseButton.LeftButton)
    assert window.documents.ids() == everyone
    assert not pane.only_bar.isVisible()


def test_the_document_list_says_when_it_shows_the_first_results_only(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("annotator.ui.search.part.LIMIT", 2)
    _open_and_type(qtbot, window, "the")
    found = window.search.results
    assert found is not None and found.more and found.total > 2
    qtbot.mouseClick(window.search.panel.show_in_list, Qt.MouseButton.LeftButton)
    assert len(window.documents.ids()) == 2
    said = window.documents.pane.only_label.text()
    assert said == f"2 documents found by “the” (the first of {found.found})"


def test_results_are_plain_text_and_the_model_is_sound(
    qtbot: QtBot, window: MainWindow, qtmodeltester: object
) -> None:
    doc = window.session.documents()[0].id
    window.session.edit_document(doc, title="<b>Bold</b> &amp; Kovalenko", date=None, source="")
    _open_and_type(qtbot, window, "Kovalenko")
    model = window.search.model
    assert isinstance(model, SearchResultsModel)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    shown = {model.data(model.index(r, 0)) for r in range(model.rowCount())}
    assert "<b>Bold</b> &amp; Kovalenko — no date" in shown  # the characters, not markup


def test_an_upgraded_project_is_indexed_in_the_background(qtbot: QtBot, tmp_path: Path) -> None:
    path = old_project(tmp_path / "old.sqlite")
    session = open_session(path)  # upgraded on open; the index is left to build
    assert session.search.built() < 1.0
    win = MainWindow(session)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.session.search.built() == 1.0, timeout=10_000)
    conn = sqlite3.connect(path)
    assert {r[0] for r in conn.execute("SELECT upto FROM _search_progress")} == {2**63 - 1}
    conn.close()
    win.close()
