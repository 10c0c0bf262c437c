"""Suggestions in the window, by key, checked in the project file: Ctrl+Shift+S proposes, Enter
accepts the proposal under the cursor, R rejects for good, Shift+A accepts a kind, undo."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session
from annotator.core.proposals import Proposal
from annotator.core.wording import counted
from annotator.ui.window.main_window import MainWindow
from tests.readback import rows
from tests.ui.test_annotate import press
from tests.ui.test_links_ui import label_mention

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def suggest(qtbot: QtBot, window: MainWindow) -> list[Proposal]:
    press(qtbot, window, Qt.Key.Key_S, CTRL_SHIFT)
    return list(window.proposals.model.proposals)


def suggest_everywhere(qtbot: QtBot, window: MainWindow) -> list[Proposal]:
    """Ctrl+Alt+S, and wait for the search in every document (on a thread of its own) to end."""
    press(qtbot, window, Qt.Key.Key_S, CTRL_ALT)
    qtbot.waitUntil(lambda: not window.proposals.running, timeout=20000)
    return list(window.proposals.model.proposals)


def put_cursor_in(window: MainWindow, p: Proposal) -> None:
    start, end = p.segments[0] if p.segments else (p.start, p.end)
    window.article.view.clear_selection()
    window.article.view.select_range(start + 1, start + 1)


def test_enter_accepts_the_quote_under_the_cursor_with_cue_speaker_and_origin(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    found = suggest(qtbot, window)
    quotes = [p for p in found if p.segments and p.document_id == window.ctx.document_id]
    assert quotes, "the example article has direct quotes"
    assert window.proposals.panel.summary.text().startswith(counted(len(found), "proposal"))
    assert len(window.article.view.ghosts) >= len(quotes)  # ghosts in the text, nothing stored
    assert rows(example_copy, "SELECT count(*) FROM spans") == [(0,)]

    lavrov = next(p for p in quotes if p.text.startswith("want to prop him"))
    put_cursor_in(window, lavrov)
    press(qtbot, window, Qt.Key.Key_Return)
    spans = rows(example_copy, "SELECT label, text FROM spans ORDER BY start")
    text = window.article.view.text
    assert [("QUOTE", text[s:e]) for s, e in lavrov.segments] == [
        x for x in spans if x[0] == "QUOTE"
    ]
    assert ("CUE", "told Russian media") in spans
    assert rows(example_copy, "SELECT speaker_text FROM quotes") == [("Lavrov",)]  # as named there
    assert rows(example_copy, "SELECT origin, outcome FROM proposal_outcomes") == [
        ("rule", "accepted")
    ]
    assert lavrov.key not in {p.key for p in window.proposals.model.proposals}
    before = rows(example_copy, "SELECT * FROM spans ORDER BY id")

    window.undo_stack.undo()
    assert rows(example_copy, "SELECT count(*) FROM spans") == [(0,)]
    assert lavrov.key in {p.key for p in window.proposals.model.proposals}  # back in the list
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
    assert first.key not in {p.key for p in window.proposals.model.proposals}
    window.close()

    again = MainWindow(open_session(example_copy))
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    again.activateWindow()
    again.ctx.show_document(first.document_id)
    again.proposals.suggest_here.trigger()  # Suggest > Suggest in this document
    keys = {p.key for p in again.proposals.model.proposals}
    assert first.key not in keys
    assert {p.key for p in found} - {first.key} <= keys
    again.undo_stack.clear()
    again.close()


def test_known_entities_are_proposed_and_shift_a_accepts_that_kind(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    label_mention(qtbot, window, "Keir Starmer")  # labelled and linked to a new entity
    [(entity,)] = rows(example_copy, "SELECT id FROM entities")
    window.article.view.clear_selection()
    found = suggest(qtbot, window)
    registry = [p for p in found if p.origin == "registry"]
    assert registry and all(p.text == "Keir Starmer" and p.entity_id == entity for p in registry)
    window.proposals.current = found.index(registry[0])
    press(qtbot, window, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    linked = rows(example_copy, f"SELECT count(*) FROM spans WHERE entity_id = '{entity}'")
    assert linked == [(1 + len(registry),)]
    left = {p.origin for p in window.proposals.model.proposals}
    assert "registry" not in left and "rule" in left  # only that kind was accepted


def test_the_suggest_menu_sits_before_review_and_says_why_the_model_is_off(
    window: MainWindow,
) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Suggest") == titles.index("&Review") - 1
    window.proposals.menu.aboutToShow.emit()
    model = window.proposals.use_model
    why = window.session.proposals.model_missing()
    assert model.isEnabled() == (why == "")
    assert (why in model.text()) if why else model.text() == "Use the spaCy &model"


def test_ghosts_are_painted_on_a_document_with_no_span_yet(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Suggestions start on fresh documents: the ghosts must show there (they once did not
    when the document had no span)."""
    assert window.article.view.spans() == []
    before = window.article.view.viewport().grab().toImage()
    suggest(qtbot, window)
    window.article.view.viewport().repaint()
    after = window.article.view.viewport().grab().toImage()
    assert window.article.view.ghosts and after != before


def test_accept_all_everywhere_keeps_the_view_to_its_document_and_undoes_whole(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    found = suggest_everywhere(qtbot, window)
    assert len({p.document_id for p in found}) > 1
    window.proposals.panel.accept_all_button.click()
    here = window.ctx.document_id
    assert window.article.view.spans() and all(
        s.document_id == here for s in window.article.view.spans()
    )
    stored = rows(example_copy, "SELECT count(DISTINCT document_id) FROM spans")
    assert stored == [(len({p.document_id for p in found}),)]
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert rows(example_copy, "SELECT count(*) FROM spans") == [(0,)]
    assert len(window.proposals.model.proposals) == len(found)


def test_keys_act_on_the_shown_document_and_its_innermost_proposal(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    label_mention(qtbot, window, "Ukraine")  # a registry entity inside quotes, too
    window.article.view.clear_selection()
    suggest_everywhere(qtbot, window)
    other = next(
        p.document_id
        for p in window.proposals.model.proposals
        if p.document_id != window.ctx.document_id
    )
    window.ctx.show_document(other)
    press(qtbot, window, Qt.Key.Key_R)  # not a proposal out of sight
    [(doc,)] = rows(example_copy, "SELECT document_id FROM proposal_outcomes")
    assert doc == other

    lavrov = next(
        d for d in window.documents.model.ids() if "Lavrov" in window.session.document(d).text
    )
    window.ctx.show_document(lavrov)
    inside = next(
        (q, p)
        for q in window.proposals.model.proposals
        for p in window.proposals.model.proposals
        if q.segments
        and p.origin == "registry"
        and q.start <= p.start
        and p.end <= q.end
        and q.document_id == p.document_id == lavrov
    )
    window.proposals.current = -1
    window.article.view.clear_selection()
    window.article.view.select_range(inside[1].start + 1, inside[1].start + 1)
    press(qtbot, window, Qt.Key.Key_Return)
    accepted = rows(example_copy, "SELECT label, start FROM spans ORDER BY created_at DESC")
    assert accepted[0] == (inside[1].label, inside[1].start)  # the name, not the quote


def test_what_no_longer_applies_leaves_the_list(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    suggest_everywhere(qtbot, window)
    other = next(
        p.document_id
        for p in window.proposals.model.proposals
        if p.document_id != window.ctx.document_id
    )
    window.session.remove_documents([other])
    assert all(p.document_id != other for p in window.proposals.model.proposals)

    first = window.proposals.model.proposals[0]
    window.ctx.show_document(first.document_id)
    start, end = first.segments[0] if first.segments else (first.start, first.end)
    window.session.add_span(window.session.new_span(first.document_id, start, end,
                            window.session.scheme.get(first.layer, first.label)))  # fmt: skip
    steps = window.undo_stack.count()
    window.proposals.current = 0
    press(qtbot, window, Qt.Key.Key_A)  # labelled by hand meanwhile: nothing to accept
    assert window.undo_stack.count() == steps  # no empty undo step
    assert first.key not in {p.key for p in window.proposals.model.proposals}

    copy = example_copy.parent / "copy"
    shutil.copytree(example_copy / "articles", copy / "articles")
    assert window.open_project(copy)
    assert window.proposals.model.proposals == [] and window.article.view.ghosts == []


def test_suggestions_are_for_your_own_track(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    window.ctx.set_track("someone-else")
    suggest(qtbot, window)
    assert window.proposals.model.proposals == []
    assert "suggestions are for your own work" in window.statusBar().currentMessage()
