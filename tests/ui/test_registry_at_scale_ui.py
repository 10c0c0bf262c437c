"""The window with a large registry: it is read on a thread as the project opens (the first
label does not read it); the entity list of a mention reads only the rows it shows (Qt measured
each row's text for the combo's width; opening its popup still does, once); creating, renaming
and merging entities, and their undo, never read the document list's rows again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session
from annotator.core.model import new_id, now_iso
from annotator.core.rows import BulkBatch
from annotator.ui.entities.editor import EntityChoices
from annotator.ui.entities.loading import RegistryLoader
from annotator.ui.window.main_window import MainWindow
from tests.ui.test_annotate import press
from tests.ui.test_links_ui import label_mention, stored

MANY = 3000


def _window(qtbot: QtBot, folder: Path, entities: int = 0) -> MainWindow:
    session = open_session(folder)
    if entities:
        me, stamp = session.annotator.id, now_iso()
        rows = [
            (new_id(), me, f"Person{i} Name{i}", "PERSON", "[]", "", stamp, "")
            for i in range(entities)
        ]
        session.rows.write([BulkBatch(entities=rows)])
    win = MainWindow(session)
    qtbot.addWidget(win)
    win.resize(1360, 820)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.article.view.setFocus()
    win.actions.snap.setChecked(True)
    qtbot.wait(1)  # (the first document is shown by the event loop)
    return win


def _count_reads(monkeypatch) -> list[int]:  # type: ignore[no-untyped-def]
    """The rows of entity lists read from now on (the real model's ``data``, counted)."""
    reads: list[int] = []
    data = EntityChoices.data

    def counted(self: EntityChoices, index: QModelIndex, role: int = 0) -> object:
        reads.append(index.row())
        return data(self, index, role)

    monkeypatch.setattr(EntityChoices, "data", counted)
    return reads


def test_the_registry_is_read_on_a_thread_as_the_project_opens(
    qtbot: QtBot, example_copy: Path, monkeypatch
) -> None:
    begun: list[RegistryLoader] = []
    begin = RegistryLoader.begin

    def noted(self: RegistryLoader) -> None:  # the real begin, its call noted
        begun.append(self)
        begin(self)

    monkeypatch.setattr(RegistryLoader, "begin", noted)
    window = _window(qtbot, example_copy, MANY)
    registry = window.session.registry
    # Begun as the window opened (it may have ended already on a quiet machine: asking
    # whether it still runs failed on a fresh CI machine).
    assert len(begun) == 1
    qtbot.waitUntil(lambda: window.entities._loader is None, timeout=20000)
    assert registry.loaded()  # taken when the thread ended: a label reads nothing more
    a = label_mention(qtbot, window, "Zelenskyy")
    assert window.article.view.span(a).entity_id
    names = {e.name for e in stored(example_copy)[2]}
    assert "Zelenskyy" in names and len(names) == MANY + 1
    assert len(registry.entities()) == MANY + 1


def test_a_label_before_the_registry_is_read_waits_for_it(qtbot: QtBot, example_copy: Path) -> None:
    window = _window(qtbot, example_copy, MANY)
    a = label_mention(qtbot, window, "Zelenskyy")  # at once, whether the thread is done or not
    entity = window.article.view.span(a).entity_id
    assert entity is not None
    assert window.session.registry.find(entity) is not None
    qtbot.waitUntil(lambda: window.entities._loader is None, timeout=20000)
    assert window.session.registry.find(entity) is not None  # the edit was kept in memory
    assert len(window.session.registry.entities()) == MANY + 1


def test_the_entity_list_of_a_mention_reads_only_the_rows_it_shows(
    qtbot: QtBot, example_copy: Path, monkeypatch
) -> None:
    reads = _count_reads(monkeypatch)
    window = _window(qtbot, example_copy, MANY)
    qtbot.waitUntil(lambda: window.entities._loader is None, timeout=20000)
    window.tabs.setCurrentWidget(window.entities.registry)  # as a user keeps it, at times
    qtbot.wait(1)
    reads.clear()
    label_mention(qtbot, window, "Zelenskyy")
    combo = window.entities.editor.entity_combo
    assert combo.isVisible()
    assert combo.count() >= MANY  # the whole registry of its type is listed
    assert len(reads) < 200  # but only the rows shown are read


def test_new_rename_merge_and_their_undo_leave_the_document_list_alone(
    qtbot: QtBot, example_copy: Path
) -> None:
    window = _window(qtbot, example_copy)
    a = label_mention(qtbot, window, "Zelenskyy")
    b = label_mention(qtbot, window, "Starmer", nth=2)
    view = window.article.view
    keep, gone = view.span(b).entity_id, view.span(a).entity_id
    assert keep and gone and keep != gone
    panel = window.entities.registry
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    changed: list[tuple[int, int]] = []
    model = window.documents.model
    model.dataChanged.connect(lambda top, bottom, *_: changed.append((top.row(), bottom.row())))
    panel.model.setData(panel.model.index(panel.model.row_of(keep), 0), "Keir Starmer")
    qtbot.waitUntil(lambda: any(e.name == "Keir Starmer" for e in stored(example_copy)[2]))
    panel.merge_requested.emit(keep, gone)
    qtbot.waitUntil(lambda: len(stored(example_copy)[2]) == 1)
    edits = window.undo_stack.index()
    window.undo_stack.undo()
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: {e.name for e in stored(example_copy)[2]} == {"Zelenskyy", "Starmer"})
    window.undo_stack.redo()
    assert window.undo_stack.index() == edits - 1
    qtbot.wait(20)
    assert changed == []  # no row of the document list was read again
    view.setFocus()
    window.article.select(a)
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)  # a new entity
    qtbot.waitUntil(lambda: len(stored(example_copy)[2]) == 2)
    assert all(top == bottom for top, bottom in changed)  # its mention's document row alone


def test_the_entity_page_shown_first_with_a_large_registry_reads_only_its_shown_rows(
    qtbot: QtBot, monkeypatch
) -> None:
    """Qt sized the combo from every row's text when its page was first shown: 100,000 reads
    (most of a second) at the first label with a 50,000-entity registry."""
    from annotator.core.links import Entity
    from annotator.ui.entities.editor import AttributeEditor

    reads = _count_reads(monkeypatch)
    editor = AttributeEditor()
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    others = [Entity(f"e{i:05d}", "a", f"Person{i:05d} Name", "PERSON") for i in range(MANY)]
    reads.clear()
    editor.show_entity(None, [], others, ["PERSON"])
    qtbot.wait(10)
    assert editor.entity_combo.isVisible() and editor.entity_combo.count() == MANY + 1
    assert len(reads) < 200
