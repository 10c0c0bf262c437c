"""Issue 12, 2 on a real window: deciding every item by key marks gold done (the project file
says so, and `export --annotator gold --done-only` writes the document); `d` while reviewing
toggles gold's status (never your own document's), undoable; the pair defaults to two people
who worked on the document shown; the list says both sides and counts agreements apart."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.cli import cli
from annotator.core.model import Annotator, Layer, Span, Status, new_id
from annotator.ui.review.panel import SIDE_A_ROLE, SIDE_B_ROLE
from annotator.ui.window.main_window import MainWindow
from tests.builders import put_work
from tests.readback import rows
from tests.ui.test_annotate import press

ACCEPT_AGREEMENTS = (
    Qt.Key.Key_Return,
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
)
CTRL_Z = (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def _gold_status(path: Path) -> list[tuple[object, ...]]:
    return rows(path, "SELECT status FROM document_status WHERE annotator_id = 'gold'")


def _own_status(win: MainWindow) -> list[tuple[object, ...]]:
    me = win.session.annotator.id
    return rows(
        win.session.path, "SELECT status FROM document_status WHERE annotator_id = ?", (me,)
    )


def _export_gold_done(project: Path, out: Path) -> list[dict[str, object]]:
    result = CliRunner().invoke(
        cli, ["export", str(project), "--annotator", "gold", "--done-only", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    return [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]


def test_deciding_every_item_by_key_marks_gold_done_and_d_toggles_it(
    qtbot: QtBot, reviewing: MainWindow, example_copy: Path, tmp_path: Path
) -> None:
    win, review = reviewing, reviewing.review
    press(qtbot, win, *ACCEPT_AGREEMENTS)
    assert review.panel.shown.text().startswith(f"{len(review.all_items)} to decide · ")
    for _ in range(len(review.all_items) - 1):
        press(qtbot, win, Qt.Key.Key_0)  # reject: the next undecided item comes up
    assert _gold_status(example_copy) == [("in_progress",)]
    press(qtbot, win, Qt.Key.Key_0)  # the last one
    assert _gold_status(example_copy) == [("done",)]
    assert review.panel.shown.text().startswith("0 to decide · ")
    assert review.panel.shown.text().endswith("gold done ✓")
    [line] = _export_gold_done(example_copy, tmp_path / "gold.jsonl")
    assert (line["annotator"], line["status"]) == ("gold", "done")

    before = _own_status(win)
    press(qtbot, win, Qt.Key.Key_D)  # back to in progress, by the same key as your own
    assert _gold_status(example_copy) == [("in_progress",)]
    assert _own_status(win) == before  # your own document's status is not what D did
    assert _export_gold_done(example_copy, tmp_path / "none.jsonl") == []
    press(qtbot, win, Qt.Key.Key_D)
    assert _gold_status(example_copy) == [("done",)]
    press(qtbot, win, *CTRL_Z)
    assert _gold_status(example_copy) == [("in_progress",)]
    press(qtbot, win, *CTRL_Z)
    assert _gold_status(example_copy) == [("done",)]
    press(qtbot, win, *CTRL_Z)  # the last decision, and the status it brought
    assert _gold_status(example_copy) == [("in_progress",)]

    win.tabs.setCurrentIndex(0)  # out of review mode, D is your own document's again
    win.ctx.set_track(win.session.annotator.id)
    press(qtbot, win, Qt.Key.Key_D)
    assert _own_status(win) == [("done",)]
    assert _gold_status(example_copy) == [("in_progress",)]


def test_the_rows_show_both_sides_in_words(reviewing: MainWindow) -> None:
    model = reviewing.review.model
    rows_ = [
        (d, model.index(i).data(SIDE_A_ROLE), model.index(i).data(SIDE_B_ROLE))
        for i, d in enumerate(model.items)
    ]
    label = next(r for r in rows_ if r[0].kind.value == "label")
    assert label[0].a is not None and label[0].b is not None
    assert label[1] == f"{label[0].a.label} “{label[0].a.text}”"
    assert label[2] == f"{label[0].b.label} “{label[0].b.text}”"
    only_a = next(r for r in rows_ if r[0].kind.value == "only_a")
    assert only_a[2] == "nothing"
    speaker = next(r for r in rows_ if r[0].kind.value == "speaker")
    assert speaker[1].startswith("speaker Donald Trump · ")
    assert speaker[2].startswith("speaker Volodymyr Zelenskyy · ")
    shown = model.index(0).data(Qt.ItemDataRole.DisplayRole).split("\n")
    assert shown[1].startswith("A: ") and shown[2].startswith("B: ")


def _span(doc: str, who: Annotator, text: str, piece: str) -> Span:
    start = text.index(piece)
    end = start + len(piece)
    return Span(new_id(), doc, who.id, Layer.ENTITY, "PERSON", start, end, piece)


def test_the_pair_is_two_people_who_worked_on_the_document_shown(
    qtbot: QtBot, reviewing: MainWindow
) -> None:
    """Carl and Dora annotated another document only; Eve has nothing anywhere. The
    pair follows the document unless the reviewer chose one that worked there; A = B is
    never left: choosing as A the one who was B swaps them."""
    win, panel = reviewing, reviewing.review.panel
    session = win.session
    lavrov = win.ctx.document_id
    assert lavrov is not None
    other = next(m.id for m in session.documents() if m.id != lavrov)
    text = session.document(other).text
    carl, dora, eve = (
        Annotator(c * 32, n) for c, n in (("c", "carl"), ("d", "dora"), ("e", "eve"))
    )
    word = text.split()[0]
    put_work(session, carl, [_span(other, carl, text, word)], statuses={other: Status.DONE})
    put_work(session, dora, [_span(other, dora, text, word)])
    put_work(session, eve)
    names = ("example", "blanca")

    def pair() -> tuple[str, str]:
        return panel.a_combo.currentText(), panel.b_combo.currentText()

    assert set(pair()) == set(names)
    win.ctx.show_document(other)
    assert set(pair()) == {"carl", "dora"}
    assert win.review.pair_ids() is not None
    win.ctx.show_document(lavrov)
    assert set(pair()) == set(names)
    # the reviewer chooses blanca as A: swapped, never A = B, and kept while both worked here
    panel.a_combo.setCurrentIndex(panel.a_combo.findText("blanca"))
    assert pair() == ("blanca", "example")
    win.ctx.show_document(other)  # neither worked there: the pair of that document
    assert set(pair()) == {"carl", "dora"}
    win.ctx.show_document(lavrov)
    assert pair() == ("blanca", "example")
    assert "eve" not in pair()
