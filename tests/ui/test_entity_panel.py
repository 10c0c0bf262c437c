"""The Entities tab follows each edit row by row: a new entity, a rename, a merge and their undo
insert, move and remove single rows with their counts, and the list is never read anew."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.session.registry import order_key
from annotator.ui.entities.registry import EntityPanel
from annotator.ui.window.main_window import MainWindow
from tests.ui.test_annotate import press, select
from tests.ui.test_links_ui import label_mention, stored


def shown(panel: EntityPanel) -> list[tuple[str, str, int, int]]:
    model = panel.model
    return [
        tuple(model.index(r, c).data() for c in range(model.columnCount()))  # type: ignore[misc]
        for r in range(model.rowCount())
    ]


def expected(path: Path, needle: str = "") -> list[tuple[str, str, int, int]]:
    """The rows as a fresh read of the file gives them."""
    _, _, entities, spans = stored(path)
    rows = []
    for entity in sorted(entities, key=order_key):
        if needle and not any(needle in n.casefold() for n in entity.names):
            continue
        mentions = [s for s in spans.values() if s.entity_id == entity.id]
        documents = {s.document_id for s in mentions}
        rows.append((entity.name, entity.type, len(mentions), len(documents)))
    return rows


def test_each_edit_and_its_undo_change_only_its_rows(
    qtbot: QtBot, window: MainWindow, example_copy: Path, qtmodeltester
) -> None:
    window.actions.snap.setChecked(True)
    panel = window.entities.registry
    window.tabs.setCurrentWidget(panel)
    qtmodeltester.check(panel.model)
    resets: list[int] = []
    panel.model.modelReset.connect(lambda: resets.append(1))

    def settled(path: Path = example_copy) -> None:
        qtbot.waitUntil(lambda: shown(panel) == expected(path))

    a = label_mention(qtbot, window, "Zelenskyy")  # a new entity, "Zelenskyy"
    settled()
    select(window, "Volodymyr Zelenskyy")
    press(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    b = window.article.view.selected_span_id
    settled()
    assert len(shown(panel)) == 2
    keep = window.article.view.span(b).entity_id
    gone = window.article.view.span(a).entity_id
    assert keep and gone
    panel.model.setData(panel.model.index(panel.model.row_of(keep), 0), "Zelensky, Volodymyr")
    settled()  # renamed, and moved to its place
    window.entities.registry.merge_requested.emit(keep, gone)
    settled()
    assert shown(panel) == [("Zelensky, Volodymyr", "PERSON", 2, 1)]
    edits = window.undo_stack.index()
    for _ in range(edits):  # the merge, the rename, the mentions and their entities
        window.undo_stack.undo()
        settled()
    assert shown(panel) == []
    for _ in range(edits):
        window.undo_stack.redo()
        settled()
    assert shown(panel) == [("Zelensky, Volodymyr", "PERSON", 2, 1)]
    assert resets == []  # row by row, never the whole list
    qtmodeltester.check(panel.model)


def test_the_filter_keeps_names_and_aliases_and_follows_edits(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    panel = window.entities.registry
    window.tabs.setCurrentWidget(panel)
    label_mention(qtbot, window, "Zelenskyy")
    label_mention(qtbot, window, "Starmer", nth=2)
    qtbot.waitUntil(lambda: len(shown(panel)) == 2)
    panel.filter_edit.setText("ZELENS")
    assert shown(panel) == expected(example_copy, "zelens")
    label_mention(qtbot, window, "Ukraine")  # not kept by the filter
    qtbot.waitUntil(lambda: len(expected(example_copy)) == 3)
    qtbot.wait(10)
    assert shown(panel) == expected(example_copy, "zelens")
    panel.filter_edit.clear()
    assert shown(panel) == expected(example_copy)


def test_the_entity_list_of_a_mention_names_each_entity_of_its_type_once(
    qtbot: QtBot, window: MainWindow, example_copy: Path, qtmodeltester
) -> None:
    """Proposals and the linked entity first, then every other entity of the type in the
    registry's order, none twice; the speaker list likewise."""
    window.actions.snap.setChecked(True)
    label_mention(qtbot, window, "Starmer", nth=2)
    label_mention(qtbot, window, "Ukraine")
    a = label_mention(qtbot, window, "Zelenskyy")
    select(window, "Volodymyr Zelenskyy")
    press(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    window.article.select(a)
    combo = window.entities.editor.entity_combo
    qtmodeltester.check(window.entities.editor.entity_choices)
    listed = [combo.itemData(i) for i in range(combo.count())]
    _, _, entities, spans = stored(example_copy)
    people = [e.id for e in sorted(entities, key=order_key) if e.type == "PERSON"]
    assert listed[0] == "" and sorted(listed[1:]) == sorted(people)
    proposed = window.entities.editor.proposed_entity_id()  # made from its name: the other
    assert proposed in people and proposed != spans[a].entity_id
