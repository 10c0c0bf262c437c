"""Review mode in the window: the disagreement list, decisions by key, undo/redo, ghosts."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session
from annotator.core.agreement.records import DocumentPair
from annotator.core.model import GOLD_ANNOTATOR_ID
from annotator.core.review import Kind, agreements, disagreements
from annotator.ui.review.panel import SHORT_NAMES
from annotator.ui.window.main_window import MainWindow
from tests.conftest import EXAMPLE
from tests.ui.conftest import review_window, stored_spans
from tests.ui.test_annotate import press


@pytest.fixture
def reviewing(qtbot: QtBot, example_copy: Path) -> Iterator[MainWindow]:
    """``review_window`` with the reviewer's own (editable) track shown."""
    win = review_window(qtbot, example_copy, own_track=True)
    yield win
    if win.isVisible():
        win.close()


def _pair(win: MainWindow) -> DocumentPair:
    s, doc = win.session, win.ctx.document_id
    assert doc is not None
    names = s.registry.names()
    a, b = (win.review.panel.a_combo.currentData(), win.review.panel.b_combo.currentData())
    text = s.document(doc).text
    return DocumentPair(
        doc, "", text, s.review.work_of(doc, a, names), s.review.work_of(doc, b, names)
    )


def test_list_shows_core_review_disagreements(reviewing: MainWindow) -> None:
    panel = reviewing.review.panel
    names = {panel.a_combo.currentText(), panel.b_combo.currentText()}
    assert names == {"example", "blanca"}
    expected = disagreements(_pair(reviewing))
    assert expected and reviewing.review.model.items == expected
    model = panel.list.model()
    assert model.rowCount() == len(expected)
    first = model.data(model.index(0), Qt.ItemDataRole.DisplayRole)
    assert first.startswith(SHORT_NAMES[expected[0].kind])
    total = len(expected) + len(agreements(_pair(reviewing)))
    agree = total - len(expected)
    assert panel.shown.text() == f"{len(expected)} to decide · {agree} agree, 0 accepted"
    assert reviewing.review.progress == (0, total)


def test_accept_b_undo_redo(qtbot: QtBot, reviewing: MainWindow, example_copy: Path) -> None:
    review = reviewing.review
    row = next(i for i, d in enumerate(review.model.items) if d.kind is Kind.LABEL)
    item = review.model.items[row]
    assert item.b is not None
    review.current = row
    press(qtbot, reviewing, Qt.Key.Key_2)

    def gold() -> list[tuple[str, int, int, str]]:
        return [
            (s.id, s.start, s.end, s.label)
            for s in stored_spans(example_copy)
            if s.annotator_id == GOLD_ANNOTATOR_ID
        ]

    made = gold()
    assert [g[1:] for g in made] == [(item.b.start, item.b.end, item.b.label)]
    assert "✓ b" in review.model.data(review.model.index(row), Qt.ItemDataRole.DisplayRole)
    assert review.progress[0] == 1
    reviewing.undo_stack.undo()
    assert gold() == []
    assert review.progress[0] == 0
    reviewing.undo_stack.redo()
    assert gold() == made  # the same span, the same id
    assert review.progress[0] == 1


def test_accept_all_agreements_is_one_edit(qtbot: QtBot, reviewing: MainWindow) -> None:
    review = reviewing.review
    n_agreed, n_items = len(review.agreed), len(review.model.items)
    assert n_agreed
    count = reviewing.undo_stack.count()
    press(
        qtbot,
        reviewing,
        Qt.Key.Key_Return,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert reviewing.undo_stack.count() == count + 1
    assert review.progress == (n_agreed, n_agreed + n_items)
    reviewing.undo_stack.undo()
    assert review.progress == (0, n_agreed + n_items)


def test_j_and_k_move_and_mark_the_current_disagreement(
    qtbot: QtBot, reviewing: MainWindow
) -> None:
    review, view = reviewing.review, reviewing.article.view
    review.current = 0
    press(qtbot, reviewing, Qt.Key.Key_J)
    assert review.current == 1
    assert review.panel.list.currentIndex().row() == 1
    item = review.model.items[1]
    overlay = review.overlay
    assert overlay.current == 1 and view.extra_painter == overlay.paint
    marked = {m.kind for m in overlay.marks if m.index == 1}
    assert marked == {item.kind}
    assert len([m for m in overlay.marks if m.index == -1]) == len(review.agreed)
    assert view.textCursor().position() == view.offsets.to_utf16(item.start)
    press(qtbot, reviewing, Qt.Key.Key_K)
    assert review.current == 0
    reviewing.tabs.setCurrentIndex(0)  # leaving review mode takes the marks away
    assert overlay.marks == [] and view.extra_painter is None


def test_keys_are_free_of_label_and_reserved_keys(reviewing: MainWindow) -> None:
    from annotator.core.scheme import RESERVED_KEYS

    taken = {lb.key.casefold() for lb in reviewing.session.scheme if lb.key}
    taken |= set(RESERVED_KEYS)
    assert taken >= set("polexqucdarns")  # the default scheme's keys are among them
    review = reviewing.review
    for action in (*review.actions.values(), review.next, review.previous):
        assert action.shortcut().toString().casefold() not in taken
    reviewing.tabs.setCurrentIndex(0)  # away from Review: its keys are off
    assert not review.next.isEnabled()


def test_decisions_work_while_another_annotators_track_is_shown(
    qtbot: QtBot, example_copy: Path
) -> None:
    """Opening the example shows its annotations read-only; deciding writes gold, so it works."""
    shutil.copy(EXAMPLE / "annotations.jsonl", example_copy / "annotations.jsonl")
    win = MainWindow(open_session(example_copy))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    assert win.ctx.is_other()
    doc = next(i for i in win.documents.model.ids() if "Lavrov" in win.session.document(i).text)
    win.ctx.show_document(doc)
    win.tabs.setCurrentWidget(win.review.panel)
    win.article.view.setFocus()
    qtbot.keyClick(win.article.view, Qt.Key.Key_J)  # to the first disagreement
    qtbot.keyClick(win.article.view, Qt.Key.Key_0)  # reject it
    assert win.undo_stack.count() == 1
    win.close()
