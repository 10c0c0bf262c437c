"""Review decisions by key on a real window make a complete gold layer (quotes with speaker and
cue, claims with attributes, linked mentions), read back on a second read-only connection;
undo, redo and reopening are exact; a click on a mark in the article selects its item."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session
from annotator.core.review import Kind
from annotator.ui.window.main_window import MainWindow
from tests.readback import rows
from tests.ui.test_annotate import press

QUOTES = (
    "SELECT q.id, q.speaker_entity_id, q.speaker_text, q.quote_type, "
    "(SELECT text FROM spans WHERE id = q.cue_span_id), "
    "(SELECT group_concat(text, ' | ') FROM (SELECT s.text FROM quote_segments g "
    "JOIN spans s ON s.id = g.span_id WHERE g.quote_id = q.id ORDER BY g.position)) "
    "FROM quotes q WHERE q.annotator_id = 'gold' ORDER BY 6"
)
CLAIMS = (
    'SELECT s.start, s."end", c.claimer_kind, c.claimer_entity_id, c.stance, '
    "c.check_worthiness, c.verdict, c.evidence FROM claims c JOIN spans s ON s.id = c.span_id "
    "WHERE s.annotator_id = 'gold' ORDER BY s.start"
)
EVERYTHING = {
    "spans": "SELECT * FROM spans WHERE annotator_id = 'gold' ORDER BY id",
    "quotes": "SELECT * FROM quotes WHERE annotator_id = 'gold' ORDER BY id",
    "segments": "SELECT * FROM quote_segments WHERE quote_id IN "
    "(SELECT id FROM quotes WHERE annotator_id = 'gold') ORDER BY quote_id, position",
    "claims": "SELECT * FROM claims WHERE span_id IN "
    "(SELECT id FROM spans WHERE annotator_id = 'gold') ORDER BY span_id",
    "decisions": "SELECT key, choice, gold_span_ids FROM decisions ORDER BY key",
}


def _all(path: Path) -> dict[str, list[tuple[object, ...]]]:
    return {name: rows(path, sql) for name, sql in EVERYTHING.items()}


def _to(win: MainWindow, kind: Kind) -> None:
    review = win.review
    review._go(next(i for i, d in enumerate(review.model.items) if d.kind is kind))


def test_keys_build_gold_quotes_speakers_claims_and_undo_redo_reopen_exactly(
    qtbot: QtBot, reviewing: MainWindow, example_copy: Path
) -> None:
    win, review = reviewing, reviewing.review
    empty = _all(example_copy)
    mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    press(qtbot, win, Qt.Key.Key_Return, mods)  # every agreement, as one edit
    quotes = rows(example_copy, QUOTES)
    # every quote both agree on is in gold, whole: cue, speaker (A's entity), type, segments
    # in reading order (the three-paragraph one made of three agreed segments)
    assert ("e-lavrov", "", "direct", "said") in [q[1:5] for q in quotes]
    maga = next(q for q in quotes if q[5] and str(q[5]).startswith("Donald Trump is"))
    assert maga[1:4] == ("e-lavrov", "", "direct") and str(maga[5]).count(" | ") == 2
    assert len(rows(example_copy, CLAIMS)) == 10  # the claims both agree on, with their rows
    mention = "SELECT entity_id FROM spans WHERE annotator_id = 'gold' AND text = 'Sergei Lavrov'"
    assert rows(example_copy, mention) == [("e-lavrov",)]
    agreed = _all(example_copy)

    _to(win, Kind.SPEAKER)  # Trump (A) or Zelenskyy (B) said the Ukrainian was losing
    press(qtbot, win, Qt.Key.Key_2)
    losing = [q for q in rows(example_copy, QUOTES) if q[4] == "claiming"]
    assert [q[1:4] for q in losing] == [("b-e-zelenskyy", "", "indirect")]
    _to(win, Kind.CLAIM_ATTRIBUTE)  # verdict: true (A) or unverified (B)
    press(qtbot, win, Qt.Key.Key_1)
    item = next(d for d in review.all_items if d.kind is Kind.CLAIM_ATTRIBUTE)
    claim = [c for c in rows(example_copy, CLAIMS) if c[:2] == (item.start, item.end)]
    assert [c[2:7] for c in claim] == [("author", None, "asserts", "check_worthy", "true")]
    decided = _all(example_copy)

    win.undo_stack.undo()
    win.undo_stack.undo()
    assert _all(example_copy) == agreed
    win.undo_stack.redo()
    win.undo_stack.redo()
    assert _all(example_copy) == decided  # the same ids: quote, segments, claim rows
    win.undo_stack.undo()
    win.undo_stack.undo()
    win.undo_stack.undo()
    assert _all(example_copy) == empty
    for _ in range(3):
        win.undo_stack.redo()
    assert _all(example_copy) == decided
    win.close()
    again = open_session(example_copy)
    again.close()
    assert _all(example_copy) == decided


def test_edit_of_a_speaker_disagreement_takes_the_whole_quote(
    qtbot: QtBot, reviewing: MainWindow, example_copy: Path
) -> None:
    win, review = reviewing, reviewing.review
    _to(win, Kind.SPEAKER)
    item = review.current_item()
    assert item is not None and item.b is not None and item.b.quote is not None
    press(qtbot, win, Qt.Key.Key_4)
    press(qtbot, win, Qt.Key.Key_4)  # B's side: Zelenskyy as the speaker
    assert review.editor.side == "b"
    assert review.overlay.along == tuple(item.b.quote.segments[1:])  # the rest come along
    press(qtbot, win, Qt.Key.Key_Return)
    ((_, speaker, _, kind, _, segments),) = rows(example_copy, QUOTES)
    assert (speaker, kind) == ("b-e-zelenskyy", "indirect")
    assert segments == " | ".join(win.article.view.text[s:e] for s, e in item.b.quote.segments)
    assert rows(example_copy, "SELECT choice FROM decisions") == [("edit",)]


def _click(qtbot: QtBot, win: MainWindow, cp: int) -> None:
    view = win.article.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_utf16(cp))
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    rect = view.cursorRect(cursor)
    point = QPoint(rect.right() + 3, rect.center().y())  # inside the character after cp
    assert view.char_at(point) == cp
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_clicking_a_mark_selects_its_item_and_j_goes_on_from_there(
    qtbot: QtBot, reviewing: MainWindow
) -> None:
    win, review = reviewing, reviewing.review
    items = review.model.items
    assert len(items) >= 3 and review.current == 0
    target = next(i for i, d in enumerate(items) if d.kind is Kind.SPEAKER)
    assert target >= 2
    _click(qtbot, win, items[target].start + 2)
    assert review.current == target
    assert review.panel.list.currentIndex().row() == target
    assert review.overlay.current == target
    press(qtbot, win, Qt.Key.Key_J)
    assert review.current == target + 1
    # a click on text without a disagreement (an agreement's mark) changes nothing
    quiet = review.agreed[0]
    _click(qtbot, win, quiet.start + 1)
    assert review.current == target + 1
    # outside review mode a click is only a click
    win.tabs.setCurrentIndex(0)
    _click(qtbot, win, items[0].start + 1)
    assert review.overlay.items == []


def test_the_review_list_has_room_at_the_default_window_size(
    qtbot: QtBot, reviewing: MainWindow
) -> None:
    """The label buttons fold away while the Review tab is current, so the disagreement list
    shows at least eight rows in a 1360×860 window; they come back on leaving it."""
    win, panel = reviewing, reviewing.review.panel
    win.resize(1360, 860)
    qtbot.waitUntil(lambda: win.height() == 860)
    palette = win.labels.palette
    assert not palette.isVisible()
    qtbot.waitUntil(lambda: panel.list.viewport().height() > 0)
    row = panel.list.sizeHintForRow(0)
    assert row > 0
    assert panel.list.viewport().height() // row >= 8
    win.tabs.setCurrentIndex(0)
    assert palette.isVisible()
