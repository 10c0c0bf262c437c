"""A merge of entities, and its undo and redo, are written on a thread while the window goes on
running its event loop (a merge at 100,000 documents rewrites tens of thousands of rows): here
another program holds the file's write lock while the merge waits for it, and a timer of the
window, which could not run if the window's thread were the one waiting, sees the edit being
saved, has another edit refused meanwhile, then lets the other program go. The merge is in the
file when the window shows it, and its undo puts back every row as it was."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from annotator.app.projects import project_file
from annotator.session.ops import links as link_ops
from annotator.ui.labels.scheme_editor import SchemeEditorDialog
from annotator.ui.window.main_window import MainWindow
from tests.readback import dump
from tests.ui.test_links_ui import label_mention, stored


def _held_by_another_program(
    path: Path, window: MainWindow, seen: list[tuple[bool, str, bool]]
) -> Callable[[], None]:
    """Take the file's write lock in another connection now; a window timer notes what the
    window shows 100 ms later (an edit being saved, edits paused, another edit refused), then
    lets the lock go. Returns what closes the other connection."""
    other = sqlite3.connect(project_file(path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    ctx = window.ctx

    def meanwhile() -> None:
        entity = ctx.session.registry.entities()[0]
        rename = link_ops.rename_entity(ctx.session, entity.id, "Another name")
        assert rename is not None
        pushed = ctx.push(rename)
        seen.append((ctx.session.writing_away, ctx.paused, pushed))
        other.execute("ROLLBACK")

    QTimer.singleShot(100, meanwhile)
    return other.close


def _two_entities(qtbot: QtBot, window: MainWindow, path: Path) -> tuple[str, str]:
    """Two mentions labelled, each with an entity of its own: (one id, the other), sorted."""
    label_mention(qtbot, window, "Zelenskyy")
    label_mention(qtbot, window, "Starmer", nth=2)
    _, _, entities, _ = stored(path)
    first, second = sorted(e.id for e in entities)
    return first, second


def test_merge_and_its_undo_are_written_while_the_window_runs(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    gone, keep = _two_entities(qtbot, window, example_copy)
    before = dump(example_copy)
    edits = window.undo_stack.index()

    seen: list[tuple[bool, str, bool]] = []
    close = _held_by_another_program(example_copy, window, seen)
    window.entities.registry.merge_requested.emit(keep, gone)  # returns once saved
    close()
    assert len(seen) == 1
    saving, paused, pushed = seen[0]
    assert saving and paused.startswith("Saving") and not pushed
    assert window.undo_stack.index() == edits + 1
    _, _, entities, spans = stored(example_copy)  # in the file as the window shows it
    assert [e.id for e in entities] == [keep]
    assert {s.entity_id for s in spans.values()} == {keep}
    assert [e.id for e in window.session.registry.entities()] == [keep]
    assert window.ctx.paused == "" and not window.ctx.write_away.busy

    seen.clear()
    close = _held_by_another_program(example_copy, window, seen)
    window.undo_stack.undo()
    close()
    assert seen and seen[0][0] and not seen[0][2]
    assert dump(example_copy) == before
    assert sorted(e.id for e in window.session.registry.entities()) == [gone, keep]


def test_the_window_does_not_close_while_an_edit_is_saved(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    keep, gone = _two_entities(qtbot, window, example_copy)
    other = sqlite3.connect(project_file(example_copy), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    closed: list[bool] = []

    def meanwhile() -> None:
        closed.append(window.close())
        other.execute("ROLLBACK")

    QTimer.singleShot(100, meanwhile)
    window.entities.registry.merge_requested.emit(keep, gone)
    other.close()
    assert closed == [False] and window.isVisible()
    _, _, entities, _ = stored(example_copy)
    assert [e.id for e in entities] == [keep]
    assert window.close()


def test_a_guideline_typed_before_a_merge_is_saved_after_it(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    keep, gone = _two_entities(qtbot, window, example_copy)
    editor = SchemeEditorDialog.ask(window, window.session, window.ctx.push)
    qtbot.waitExposed(editor)
    editor.guideline.setPlainText("Typed just before the merge.")  # its save timer runs
    other = sqlite3.connect(project_file(example_copy), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    kept: list[str] = []

    def meanwhile() -> None:
        editor.commit_guideline()  # as its timer does: refused while the merge is saved
        kept.append(window.session.labels.guideline())
        other.execute("ROLLBACK")

    QTimer.singleShot(100, meanwhile)
    window.entities.registry.merge_requested.emit(keep, gone)
    other.close()
    assert kept and kept[0] != "Typed just before the merge."
    assert editor.guideline.toPlainText() == "Typed just before the merge."  # not overwritten
    qtbot.waitUntil(lambda: window.session.labels.guideline() == "Typed just before the merge.")
    editor.close()
