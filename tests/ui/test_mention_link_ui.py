"""Issue 12, 1 in the window: a name labelled with its key is linked at once, so `s` on a quote
picks it as the speaker straight away; Ctrl+Z takes the mention and its new entity, Ctrl+Shift+Z
puts back the very same rows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.ui.window.main_window import MainWindow
from tests.readback import dump, rows
from tests.ui.test_annotate import press, select
from tests.ui.test_links_ui import CTRL_SHIFT_Z, CTRL_Z


def test_label_then_pick_the_speaker_at_once_and_undo_takes_the_entity_too(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    empty = dump(example_copy)
    select(window, "Starmer", nth=2)  # "… isn’t there,” Starmer said."
    press(qtbot, window, Qt.Key.Key_P)
    mention = window.article.view.selected_span_id
    [(entity_id, name)] = rows(example_copy, "SELECT id, name FROM entities")
    assert name == "Starmer"
    assert rows(example_copy, "SELECT entity_id FROM spans WHERE id = ?", (mention,)) == [
        (entity_id,)
    ]
    labelled = dump(example_copy)

    select(window, "We need to increase spending, we’ve got to increase capability")
    press(qtbot, window, Qt.Key.Key_Q)
    press(qtbot, window, Qt.Key.Key_S)
    assert "No entity is mentioned" not in window.statusBar().currentMessage()
    assert window.statusBar().currentMessage().startswith("Speaker: Starmer (1/1)")
    press(qtbot, window, Qt.Key.Key_Return)
    assert rows(example_copy, "SELECT speaker_entity_id FROM quotes") == [(entity_id,)]
    assert mention in window.article.view.hint_ids  # the speaker's mention is outlined
    done = dump(example_copy)

    for _ in range(2):
        press(qtbot, window, *CTRL_Z)  # the speaker, then the quote
    assert dump(example_copy) == labelled
    press(qtbot, window, *CTRL_Z)  # the mention and the entity made with it
    assert dump(example_copy) == empty
    for _ in range(3):
        press(qtbot, window, *CTRL_SHIFT_Z)
    assert dump(example_copy) == done  # same ids, same rows


def test_a_closer_registry_entity_is_offered_and_enter_moves_the_mention_to_it(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    """ "Sergei Lavrov" is not the registry's "Sergey Lavrov" word for word, so it gets its own
    entity; the editor proposes "Sergey Lavrov" first and Enter links it, the entity made from
    the name going with that edit."""
    select(window, "Sergey Lavrov")
    press(qtbot, window, Qt.Key.Key_P)
    select(window, "Sergei Lavrov")
    press(qtbot, window, Qt.Key.Key_P)
    assert sorted(r[0] for r in rows(example_copy, "SELECT name FROM entities")) == [
        "Sergei Lavrov",
        "Sergey Lavrov",
    ]
    combo = window.entities.editor.entity_combo
    assert combo.currentText().startswith("Sergey Lavrov")  # proposed, chosen for Enter
    press(qtbot, window, Qt.Key.Key_Return)
    [(lavrov,)] = rows(example_copy, "SELECT id FROM entities")
    assert rows(example_copy, "SELECT DISTINCT entity_id FROM spans") == [(lavrov,)]
