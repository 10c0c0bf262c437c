"""Review tab on a real offscreen window, keys pressed, the file read back on a second
connection: the list follows the compared annotators' edits, typed comments survive leaving the
item, an edit candidate ends with its document, "Both" is refused where gold keeps one value,
stale decisions can be dropped (undoably)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session
from annotator.core.model import Annotator, Layer, Span, new_id
from annotator.core.review import Kind
from annotator.ui.window.main_window import MainWindow
from tests.builders import put_work
from tests.conftest import EXAMPLE
from tests.readback import rows
from tests.ui.test_annotate import press

GOLD_SPANS = "SELECT start, \"end\", label FROM spans WHERE annotator_id = 'gold' ORDER BY start"
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def win(reviewing: MainWindow) -> MainWindow:
    return reviewing


def _row(win: MainWindow, kind: Kind) -> int:
    return next(i for i, d in enumerate(win.review.model.items) if d.kind is kind)


def _ids(win: MainWindow) -> dict[str, str]:
    return {a.name: a.id for a in win.session.annotators()}


def test_the_list_follows_a_compared_annotators_new_span(qtbot: QtBot, win: MainWindow) -> None:
    review, ids = win.review, _ids(win)
    win.ctx.set_track(ids["tester"])  # the reviewer's own track, to annotate
    win.tabs.setCurrentWidget(review.panel)
    combo = review.panel.a_combo
    combo.setCurrentIndex(combo.findData(ids["tester"]))
    review.panel.b_combo.setCurrentIndex(review.panel.b_combo.findData(ids["example"]))
    before = [d.key for d in review.model.items]
    start = win.article.view.text.index("Hanoi")
    win.article.view.select_range(start, start + len("Hanoi"))
    label = win.session.scheme.by_layer(Layer.ENTITY)[0]
    press(qtbot, win, getattr(Qt.Key, f"Key_{label.key.upper()}"))
    assert rows(
        win.session.path, "SELECT count(*) FROM spans WHERE annotator_id = ?", (ids["tester"],)
    ) == [(1,)]
    doc = win.ctx.document_id
    assert doc is not None
    fresh = win.session.review.items(doc, ids["tester"], ids["example"])[0]
    assert [d.key for d in review.model.items] == [d.key for d in fresh]
    assert before != [d.key for d in fresh]  # Hanoi is an agreement now


def test_a_comment_typed_on_a_decided_item_is_saved_when_leaving_by_keyboard(
    qtbot: QtBot, win: MainWindow
) -> None:
    review = win.review
    review._go(0)
    press(qtbot, win, Qt.Key.Key_1)
    review._go(0)
    doc = win.ctx.document_id
    qtbot.keyClicks(review.panel.comment, "checked twice")
    qtbot.keyClick(review.panel.comment, Qt.Key.Key_Right, ALT)  # next document
    assert win.ctx.document_id != doc
    assert rows(win.session.path, "SELECT comment FROM decisions") == [("checked twice",)]


def test_a_pending_comment_belongs_to_its_pair(qtbot: QtBot, win: MainWindow) -> None:
    review = win.review
    review._go(_row(win, Kind.ONLY_A))
    key = review.current_item().key  # type: ignore[union-attr]
    qtbot.keyClicks(review.panel.comment, "not this pair")
    qtbot.keyClick(review.panel.comment, Qt.Key.Key_Return)
    b = review.panel.b_combo
    b.setCurrentIndex(b.findData("gold"))  # example against gold has the same only-A key
    review._go(next(i for i, d in enumerate(review.model.items) if d.key == key))
    assert review.panel.comment.text() == ""
    b.setCurrentIndex(b.findData(_ids(win)["blanca"]))  # back: the comment is still there
    review._go(next(i for i, d in enumerate(review.model.items) if d.key == key))
    assert review.panel.comment.text() == "not this pair"


def test_the_edit_candidate_ends_with_its_document(qtbot: QtBot, win: MainWindow) -> None:
    review = win.review
    review._go(0)
    press(qtbot, win, Qt.Key.Key_4)
    assert review.editor.editing
    press(qtbot, win, Qt.Key.Key_Right, ALT)
    assert not review.editor.editing and review.overlay.candidate is None
    press(qtbot, win, Qt.Key.Key_Return)
    assert rows(win.session.path, GOLD_SPANS) == []


def test_both_on_a_speaker_item_is_refused_with_a_message(qtbot: QtBot, win: MainWindow) -> None:
    win.review._go(_row(win, Kind.SPEAKER))
    press(qtbot, win, Qt.Key.Key_3)
    assert "Both" in win.statusBar().currentMessage()
    assert rows(win.session.path, GOLD_SPANS) == []


def test_stale_decisions_are_shown_and_dropped_undoably(qtbot: QtBot, win: MainWindow) -> None:
    review, ids = win.review, _ids(win)
    review._go(_row(win, Kind.BOUNDARY))
    item = review.current_item()
    assert item is not None and item.a is not None and item.b is not None
    press(qtbot, win, Qt.Key.Key_1)
    decided = rows(win.session.path, GOLD_SPANS)
    assert (item.a.start, item.a.end, item.a.label) in decided
    assert not review.panel.drop_stale.isVisibleTo(review.panel)
    doc = win.ctx.document_id
    assert doc is not None
    span = next(
        s
        for s in win.session.spans(doc, ids["example"])
        if (s.start, s.end) == (item.a.start, item.a.end)
    )
    text = win.article.view.text
    win.session.update_span(
        span.with_changes(start=item.b.start, text=text[item.b.start : item.b.end])
    )
    assert review.panel.drop_stale.isVisibleTo(review.panel)
    assert review.panel.drop_stale.text() == "Drop 1 stale decision"
    review.panel.drop_stale.click()
    assert (item.a.start, item.a.end, item.a.label) not in rows(win.session.path, GOLD_SPANS)
    assert rows(win.session.path, "SELECT key FROM decisions") == []
    win.undo_stack.undo()
    assert rows(win.session.path, GOLD_SPANS) == decided
    assert rows(win.session.path, "SELECT key FROM decisions") == [(item.key,)]


def test_unsnapped_edit_moves_by_grapheme_cluster(qtbot: QtBot, example_copy: Path) -> None:
    shutil.copy(EXAMPLE / "annotations.jsonl", example_copy / "annotations.jsonl")
    session = open_session(example_copy)
    ids = {a.name: a.id for a in session.annotators()}
    doc = next(m.id for m in session.documents() if "Lviv" in m.title)
    text = session.document(doc).text
    start = text.index("Lviv \U0001f1fa\U0001f1e6")
    example = Annotator(ids["example"], "example")
    blanca = Annotator(ids["blanca"], "blanca")
    put_work(
        session,
        example,
        [Span(new_id(), doc, example.id, Layer.ENTITY, "LOCATION", start, start + 4, "Lviv")],
    )
    put_work(
        session,
        blanca,
        [
            Span(
                new_id(),
                doc,
                ids["blanca"],
                Layer.ENTITY,
                "LOCATION",
                start - 3,
                start + 4,
                text[start - 3 : start + 4],
            ),
        ],
    )
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.ctx.show_document(doc)
    window.tabs.setCurrentWidget(window.review.panel)
    window.actions.snap.setChecked(False)
    window.review._go(_row(window, Kind.BOUNDARY))
    window.review.edit.trigger()  # the action of key 4
    assert window.review.editor.editing
    for _ in range(2):  # the space, then the whole flag
        press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, window, Qt.Key.Key_Return)
    found = rows(session.path, "SELECT text FROM spans WHERE annotator_id = 'gold'")
    assert found == [("Lviv \U0001f1fa\U0001f1e6",)]
    window.close()
