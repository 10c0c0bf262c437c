"""Suggestions in the window, by key, checked in the project file: Ctrl+Shift+S proposes, Enter
accepts the proposal under the cursor, R rejects for good, Shift+A accepts a kind, undo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.core.proposals import Proposal
from annotator.ui.main_window import MainWindow
from annotator.workspace import open_session
from tests.readback import rows
from tests.ui.test_annotate import press
from tests.ui.test_links_ui import label_mention

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def suggest(qtbot: QtBot, window: MainWindow) -> list[Proposal]:
    press(qtbot, window, Qt.Key.Key_S, CTRL_SHIFT)
    return list(window.proposal_model.proposals)


def put_cursor_in(window: MainWindow, p: Proposal) -> None:
    start, end = p.segments[0] if p.segments else (p.start, p.end)
    window.view.clear_selection()
    window.view.select_range(start + 1, start + 1)


def test_enter_accepts_the_quote_under_the_cursor_with_cue_speaker_and_origin(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    found = suggest(qtbot, window)
    quotes = [p for p in found if p.segments and p.document_id == window.current_id]
    assert quotes, "the example article has direct quotes"
    assert window.proposal_panel.summary.text().startswith(f"{len(found)} proposal(s)")
    assert len(window.view.ghosts) >= len(quotes)  # ghosts in the text, nothing stored
    assert rows(example_copy, "SELECT count(*) FROM spans") == [(0,)]

    lavrov = next(p for p in quotes if p.text.startswith("want to prop him"))
    put_cursor_in(window, lavrov)
    press(qtbot, window, Qt.Key.Key_Return)
    spans = rows(example_copy, "SELECT label, text FROM spans ORDER BY start")
    text = window.view.text
    assert [("QUOTE", text[s:e]) for s, e in lavrov.segments] == [
        x for x in spans if x[0] == "QUOTE"
    ]
    assert ("CUE", "told Russian media") in spans
    assert rows(example_copy, "SELECT speaker_text FROM quotes") == [("Lavrov",)]  # as named there
    assert rows(example_copy, "SELECT origin, outcome FROM proposal_outcomes") == [
        ("rule", "accepted")
    ]
    assert lavrov.key not in {p.key for p in window.proposal_model.proposals}
    before = rows(example_copy, "SELECT * FROM spans ORDER BY id")

    window.undo_stack.undo()
    assert rows(example_copy, "SELECT count(*) FROM spans") == [(0,)]
    assert lavrov.key in {p.key for p in window.proposal_model.proposals}  # back in the list
    window.undo_stack.redo()
    assert rows(example_copy, "SELECT * FROM spans ORDER BY id") == before


def test_a_rejected_proposal_stays_rejected_in_a_new_window(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    found = suggest(qtbot, window)
    first = found[0]
    press(qtbot, window, Qt.Key.Key_R)  # the current one: the first
    assert rows(example_copy, 'SELECT start, "end", label, outcome FROM proposal_outcomes') == [
        (first.start, first.end, first.label, "rejected")
    ]
    assert first.key not in {p.key for p in window.proposal_model.proposals}
    window.close()

    again = MainWindow(open_session(example_copy))
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    again.activateWindow()
    again.show_document(first.document_id)
    again.proposals.suggest_here.trigger()  # Suggest > Suggest in this document
    keys = {p.key for p in again.proposal_model.proposals}
    assert first.key not in keys
    assert {p.key for p in found} - {first.key} <= keys
    again.undo_stack.clear()
    again.close()


def test_known_entities_are_proposed_and_shift_a_accepts_that_kind(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    label_mention(qtbot, window, "Keir Starmer")  # labelled and linked to a new entity
    [(entity,)] = rows(example_copy, "SELECT id FROM entities")
    window.view.clear_selection()
    found = suggest(qtbot, window)
    registry = [p for p in found if p.origin == "registry"]
    assert registry and all(p.text == "Keir Starmer" and p.entity_id == entity for p in registry)
    window.proposals.current = found.index(registry[0])
    press(qtbot, window, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    linked = rows(example_copy, f"SELECT count(*) FROM spans WHERE entity_id = '{entity}'")
    assert linked == [(1 + len(registry),)]
    left = {p.origin for p in window.proposal_model.proposals}
    assert "registry" not in left and "rule" in left  # only that kind was accepted


def test_the_suggest_menu_sits_before_review_and_says_why_the_model_is_off(
    window: MainWindow,
) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Suggest") == titles.index("&Review") - 1
    window.proposals.menu.aboutToShow.emit()
    model = window.proposals.use_model
    why = window.session.model_missing()
    assert model.isEnabled() == (why == "")
    assert (why in model.text()) if why else model.text() == "Use the spaCy &model"


def test_ghosts_are_painted_on_a_document_with_no_span_yet(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Suggestions start on fresh documents: the ghosts must show there (they once did not
    when the document had no span)."""
    assert window.view.spans() == []
    before = window.view.viewport().grab().toImage()
    suggest(qtbot, window)
    window.view.viewport().repaint()
    after = window.view.viewport().grab().toImage()
    assert window.view.ghosts and after != before
