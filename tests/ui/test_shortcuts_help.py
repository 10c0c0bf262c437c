"""F1: the keyboard reference is a table of the keys as typed, made from the window's own
actions, so every shortcut is in it and a new one (a label added) appears without a word of
the reference being edited."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFontMetrics
from pytestqt.qtbot import QtBot

from annotator.core.model import Label, Layer
from annotator.session.ops.scheme import AddLabel
from annotator.ui.window.main_window import MainWindow
from annotator.ui.window.shortcuts import OTHER_KEYS, Row, ShortcutsDialog, typed

OTHER = {Row(*other) for other in OTHER_KEYS}


def open_help(qtbot: QtBot, window: MainWindow) -> ShortcutsDialog:
    qtbot.keyClick(window.article.view, Qt.Key.Key_F1)
    dialogs = [d for d in window.findChildren(ShortcutsDialog) if d.isVisible()]
    assert len(dialogs) == 1
    qtbot.addWidget(dialogs[0])
    return dialogs[0]


def find(rows: list[Row], keys: str) -> Row:
    """The row of the action with ``keys`` (not of the keys widgets handle themselves)."""
    found = [r for r in rows if keys in r.keys.split(", ") and r not in OTHER]
    assert len(found) == 1, found
    return found[0]


def test_f1_lists_every_action_with_a_shortcut(qtbot: QtBot, window: MainWindow) -> None:
    rows = open_help(qtbot, window).rows()
    with_keys = [a for a in window.findChildren(QAction) if not a.shortcut().isEmpty()]
    assert len(with_keys) > 40  # menus, labels, entities, proposals, review
    missing = []
    for action in with_keys:
        # its row: its keys, and its own words (a label's: the label's name)
        words = action.text().replace("&", "").rstrip("…").split("  [")[0]
        key = typed(action.shortcut())
        if not any(key in r.keys.split(", ") and words in r.what for r in rows):
            missing.append(f"{action.objectName()}: {key} {words}")
    assert missing == []


def test_keys_are_written_as_they_are_typed(qtbot: QtBot, window: MainWindow) -> None:
    rows = open_help(qtbot, window).rows()
    assert find(rows, "p").what == "label PERSON (Entities)"
    assert find(rows, "p").where == "Labels"
    d_rows = {r.what for r in rows if "d" in r.keys.split(", ") and r not in OTHER}
    assert d_rows == {"Mark document done / not done", "Review: mark gold done / not done"}
    assert find(rows, "Shift+Enter").what == "New entity from mention"
    assert find(rows, "Ctrl+Z").what == "Undo" and find(rows, "Ctrl+Z").where == "Edit"
    assert find(rows, "Delete").keys == "Delete, Backspace"
    assert find(rows, "Ctrl++").what == "Zoom in"
    assert find(rows, "Ctrl+Page Down").what == "Next document"
    for row in rows:
        for key in row.keys.split(", "):
            assert not (len(key) == 1 and key.isupper()), row  # "p", never "P"
            assert key not in ("Return", "Undo", "Help"), row  # Enter; no multimedia keys


def test_a_label_added_to_the_scheme_is_in_the_next_help(qtbot: QtBot, window: MainWindow) -> None:
    label = Label(Layer.ENTITY, "WEAPON", "#123456", "w", "arms and munitions")
    assert window.ctx.push(AddLabel(window.session, label))
    rows = open_help(qtbot, window).rows()
    assert find(rows, "w").what == "label WEAPON (Entities)"


def test_the_table_can_be_filtered_and_shows_whole_keys(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_help(qtbot, window)
    table = dialog.table
    assert table.columnCount() == 3
    bold = table.item(1, 0).font()
    assert bold.bold()
    widest = max(
        QFontMetrics(bold).horizontalAdvance(table.item(r, 0).text())
        for r in range(table.rowCount())
        if table.columnSpan(r, 0) == 1
    )
    assert table.columnWidth(0) >= widest  # the keys are never cut
    qtbot.keyClicks(dialog.filter, "undo")
    shown = [
        table.item(r, 1).text()
        for r in range(table.rowCount())
        if not table.isRowHidden(r) and table.columnSpan(r, 0) == 1
    ]
    assert shown == ["Undo"]
    dialog.filter.clear()
    assert not any(table.isRowHidden(r) for r in range(table.rowCount()))


def test_f1_again_gives_one_table_not_two(qtbot: QtBot, window: MainWindow) -> None:
    first = open_help(qtbot, window)
    second = open_help(qtbot, window)
    assert first is not second and not first.isVisible()
