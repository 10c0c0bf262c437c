"""Review mode driven by keys on a real window; the project file read back on its own
connection: filters, edit then accept, comments, gold as B, progress in the document list,
the article's marks and tooltips."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session, project_file
from annotator.core.model import GOLD_ANNOTATOR_ID
from annotator.core.review import Kind
from annotator.ui.documents.pane import REVIEW_COLUMN
from annotator.ui.window.main_window import MainWindow
from tests.ui.test_annotate import press


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    """Rows of the project file, read on a second, read-only connection."""
    conn = sqlite3.connect(f"file:{project_file(path)}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _decisions(path: Path) -> list[tuple[object, ...]]:
    return _rows(path, "SELECT key, choice, comment, gold_span_ids FROM decisions ORDER BY key")


def _gold(path: Path) -> list[tuple[object, ...]]:
    sql = "SELECT start, \"end\", label, text FROM spans WHERE annotator_id = 'gold' ORDER BY start"
    return _rows(path, sql)


def _to(win: MainWindow, kind: Kind) -> int:
    review = win.review
    row = next(i for i, d in enumerate(review.model.items) if d.kind is kind)
    review._go(row)
    return row


def test_filters_by_layer_and_type_with_counts_and_j_k_stay_inside(
    qtbot: QtBot, reviewing: MainWindow
) -> None:
    review, panel = reviewing.review, reviewing.review.panel
    everything = list(review.all_items)
    assert len({d.layer for d in everything}) > 1
    panel.layer_filter.setCurrentIndex(panel.layer_filter.findData("entity"))
    shown = [d for d in everything if d.layer == "entity"]
    assert review.model.items == shown
    assert panel.shown.text().endswith(f"{len(shown)} of {len(everything)} shown")
    for _ in range(len(shown) + 1):
        press(qtbot, reviewing, Qt.Key.Key_J)
        assert review.current_item() in shown
    assert {m.index for m in review.overlay.marks if m.index >= 0} == set(range(len(shown)))
    panel.layer_filter.setCurrentIndex(0)
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findData(Kind.SPEAKER.value))
    speaker = [d for d in everything if d.kind is Kind.SPEAKER]
    assert speaker and review.model.items == speaker
    press(qtbot, reviewing, Qt.Key.Key_K)
    assert review.current_item() == speaker[-1]


def test_edit_then_accept_by_keys_undo_redo_and_reopen(
    qtbot: QtBot, reviewing: MainWindow, example_copy: Path
) -> None:
    review = reviewing.review
    _to(reviewing, Kind.BOUNDARY)  # "Presidential Palace" / "the Presidential Palace"
    item = review.current_item()
    assert item is not None and item.a is not None
    press(qtbot, reviewing, Qt.Key.Key_4)  # A's side into the editor
    assert review.editor.editing and review.panel.editor.isVisible()
    assert review.overlay.candidate == (item.a.start, item.a.end)
    press(qtbot, reviewing, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)  # end a word back
    press(qtbot, reviewing, Qt.Key.Key_O)  # ORGANIZATION, not a new span
    candidate = review.editor.candidate
    assert candidate is not None and candidate.label == "ORGANIZATION"
    assert candidate.end < item.a.end
    text = reviewing.article.view.text[candidate.start : candidate.end]
    press(qtbot, reviewing, Qt.Key.Key_Return)
    assert not review.editor.editing
    assert _gold(example_copy) == [(candidate.start, candidate.end, "ORGANIZATION", text)]
    ((key, choice, _comment, _ids),) = _decisions(example_copy)
    assert (key, choice) == (item.key, "edit")
    assert reviewing.undo_stack.count() == 1
    reviewing.undo_stack.undo()
    assert _gold(example_copy) == [] and _decisions(example_copy) == []
    reviewing.undo_stack.redo()
    assert _gold(example_copy) == [(candidate.start, candidate.end, "ORGANIZATION", text)]
    doc, pair = reviewing.ctx.document_id, reviewing.review.pair_ids()
    assert doc is not None and pair is not None
    reviewing.close()
    again = open_session(example_copy)
    try:
        stored = again.review.decisions(doc, *pair)[item.key]
        assert stored.choice.value == "edit"
        assert [(s.start, s.end, s.label) for s in stored.spans] == [
            (candidate.start, candidate.end, "ORGANIZATION")
        ]
    finally:
        again.close()


def test_edit_cancels_with_escape_and_switches_side_with_4(
    qtbot: QtBot, reviewing: MainWindow, example_copy: Path
) -> None:
    review = reviewing.review
    _to(reviewing, Kind.BOUNDARY)
    item = review.current_item()
    assert item is not None and item.b is not None
    press(qtbot, reviewing, Qt.Key.Key_4)
    press(qtbot, reviewing, Qt.Key.Key_4)
    assert review.editor.side == "b" and review.overlay.candidate == (item.b.start, item.b.end)
    press(qtbot, reviewing, Qt.Key.Key_Escape)
    assert not review.editor.editing and review.overlay.candidate is None
    assert _decisions(example_copy) == [] and reviewing.undo_stack.count() == 0


def test_comment_saved_with_the_decision_then_edited_as_an_undoable_command(
    qtbot: QtBot, reviewing: MainWindow, example_copy: Path
) -> None:
    review, comment = reviewing.review, reviewing.review.panel.comment
    row = _to(reviewing, Kind.LABEL)
    key = review.model.items[row].key

    def focus_comment() -> None:  # as a click into the field does
        comment.setFocus()
        qtbot.waitUntil(comment.hasFocus)

    focus_comment()
    qtbot.keyClicks(comment, "AP is an organisation")
    qtbot.keyClick(comment, Qt.Key.Key_Return)
    assert reviewing.article.view.hasFocus()  # Enter goes back to the article and its keys
    assert _decisions(example_copy) == []  # undecided: kept for the decision
    press(qtbot, reviewing, Qt.Key.Key_2)
    assert [(d[0], d[1], d[2]) for d in _decisions(example_copy)] == [
        (key, "b", "AP is an organisation")
    ]
    review._go(row)
    assert comment.text() == "AP is an organisation"
    focus_comment()
    comment.clear()
    qtbot.keyClicks(comment, "agency, per guideline 3.2")
    qtbot.keyClick(comment, Qt.Key.Key_Return)
    assert _decisions(example_copy)[0][2] == "agency, per guideline 3.2"
    assert reviewing.undo_stack.count() == 2
    reviewing.undo_stack.undo()
    assert _decisions(example_copy)[0][2] == "AP is an organisation"
    reviewing.undo_stack.redo()
    assert _decisions(example_copy)[0][2] == "agency, per guideline 3.2"


def test_one_annotator_against_the_gold_layer(
    qtbot: QtBot, reviewing: MainWindow, example_copy: Path
) -> None:
    review, panel = reviewing.review, reviewing.review.panel
    _to(reviewing, Kind.LABEL)
    press(qtbot, reviewing, Qt.Key.Key_2)  # gold takes B's label
    gold_before = _gold(example_copy)
    assert len(gold_before) == 1
    panel.b_combo.setCurrentIndex(panel.b_combo.findData(GOLD_ANNOTATOR_ID))
    assert review.pair_ids() == (panel.a_combo.currentData(), GOLD_ANNOTATOR_ID)
    # A against gold: gold holds one span, so every other span of A is "only A"
    assert review.all_items and all(d.b is None for d in review.all_items if d.kind is Kind.ONLY_A)
    label = next(d for d in review.all_items if d.kind is Kind.LABEL)
    review._go(review.model.items.index(label))
    press(qtbot, reviewing, Qt.Key.Key_1)  # A's label replaces gold's
    assert label.a is not None
    assert [(s, e, lb) for s, e, lb, _ in _gold(example_copy)] == [
        (label.a.start, label.a.end, label.a.label)
    ]
    reviewing.undo_stack.undo()
    assert _gold(example_copy) == gold_before


def test_document_list_shows_progress_for_the_pair(qtbot: QtBot, reviewing: MainWindow) -> None:
    table, model = reviewing.documents.pane.table, reviewing.documents.model
    assert not table.isColumnHidden(REVIEW_COLUMN)
    row = model.row_of(reviewing.ctx.document_id or "")
    cell = model.index(row, REVIEW_COLUMN)
    done, total = reviewing.review.progress
    assert (done, total) == (0, len(reviewing.review.all_items) + len(reviewing.review.agreed))
    assert cell.data() == f"0/{total}"
    press(
        qtbot,
        reviewing,
        Qt.Key.Key_Return,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    for _ in reviewing.review.all_items:
        press(qtbot, reviewing, Qt.Key.Key_0)  # each reject moves on to the next undecided
    assert reviewing.review.progress == (total, total)
    assert cell.data() == f"✓ {total}"
    others = [model.index(r, REVIEW_COLUMN).data() for r in range(model.rowCount()) if r != row]
    assert set(others) == {None}  # only one document was started by both
    reviewing.tabs.setCurrentIndex(0)
    assert table.isColumnHidden(REVIEW_COLUMN)


def test_tooltip_names_the_type_and_both_sides(reviewing: MainWindow) -> None:
    review = reviewing.review
    row = _to(reviewing, Kind.LABEL)
    item = review.model.items[row]
    assert item.a is not None and item.b is not None
    tip = review.overlay.tooltip(item.a.start)
    assert "label differs" in tip
    assert f"A: {item.a.label} ‘" in tip and f"B: {item.b.label} ‘" in tip
    assert "<" not in item.a.text  # document text reaches the tooltip escaped (checked below)
    review.overlay.items[0] = item.__class__(
        item.kind, item.layer, item.a.__class__(item.a.start, item.a.end, "<b>X", "<i>"), None, "k"
    )
    assert "&lt;b&gt;X" in review.overlay.tooltip(item.a.start)


def test_review_mode_renders(qtbot: QtBot, reviewing: MainWindow, tmp_path: Path) -> None:
    """The window in review mode renders (the picture in docs/review.png is made the same way)."""
    _to(reviewing, Kind.BOUNDARY)
    press(qtbot, reviewing, Qt.Key.Key_4)
    out = tmp_path / "review.png"
    assert reviewing.grab().save(str(out))
    assert out.stat().st_size > 10_000
