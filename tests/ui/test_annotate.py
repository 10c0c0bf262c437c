"""Annotating as a user does: select, press a key, then look in the project file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session
from annotator.core.model import Layer, Status
from annotator.ui.documents.part import DocumentsPart
from annotator.ui.window.main_window import MainWindow
from tests.ui.conftest import stored_spans
from tests.ui.parts import Harness


def select(
    window: MainWindow, piece: str, lo: int = 0, hi: int = 0, nth: int = 0
) -> tuple[int, int]:
    text = window.article.view.text
    i = -1
    for _ in range(nth + 1):
        i = text.index(piece, i + 1)
    window.article.view.select_range(i + lo, i + len(piece) + hi)
    return i, i + len(piece)


def press(
    qtbot: QtBot,
    window: MainWindow,
    key: Qt.Key,
    mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    window.article.view.setFocus()
    qtbot.keyClick(window.article.view, key, mods)


def test_select_and_key_creates_snapped_span(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    start, end = select(window, "Sergei Lavrov", lo=2, hi=-2)  # "rgei Lavr"
    press(qtbot, window, Qt.Key.Key_P)
    spans = stored_spans(example_copy)
    assert [(s.label, s.text, s.start, s.end) for s in spans] == [
        ("PERSON", "Sergei Lavrov", start, end)
    ]
    assert spans[0].annotator_id == window.session.annotator.id
    assert spans[0].created_at
    assert window.labels.span_model.rowCount() == 1
    assert window.documents.model.meta(0).status is Status.IN_PROGRESS
    assert window.documents.model.meta(0).span_count == 1


def test_snapping_off_keeps_exact_selection(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    window.actions.snap.setChecked(False)
    select(window, "Sergei Lavrov", lo=2, hi=-2)
    press(qtbot, window, Qt.Key.Key_P)
    assert [s.text for s in stored_spans(example_copy)] == ["rgei Lavr"]


def test_nesting_entity_in_quote_in_claim(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    sentence = "“We need to increase spending, we’ve got to increase capability"
    select(window, sentence)
    press(qtbot, window, Qt.Key.Key_C)
    select(window, "We need to increase spending")
    press(qtbot, window, Qt.Key.Key_Q)
    select(window, "Ukraine conflict")
    press(qtbot, window, Qt.Key.Key_L)
    spans = stored_spans(example_copy)
    assert sorted((s.layer.value, s.text) for s in spans) == [
        ("claim", sentence[1:]),
        ("entity", "Ukraine conflict"),
        ("quote", "We need to increase spending"),
    ]
    # clicking inside the quote selects the innermost span; clicking again cycles outward
    cp = window.article.view.text.index("need")
    window.article.view.click_at(cp)
    assert window.article.view.span(window.article.view.selected_span_id).layer is Layer.QUOTE
    window.article.view.click_at(cp)
    assert window.article.view.span(window.article.view.selected_span_id).layer is Layer.CLAIM


def test_relabel_delete_undo_redo_keep_ids(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    select(window, "Keir Starmer")
    press(qtbot, window, Qt.Key.Key_P)
    [span] = stored_spans(example_copy)
    window.article.view.click_at(span.start + 1)
    assert window.article.view.selected_span_id == span.id
    press(qtbot, window, Qt.Key.Key_O)
    [relabelled] = stored_spans(example_copy)
    assert (relabelled.id, relabelled.label) == (span.id, "ORGANIZATION")
    press(qtbot, window, Qt.Key.Key_Delete)
    assert stored_spans(example_copy) == []
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    [back] = stored_spans(example_copy)
    assert back == relabelled
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_spans(example_copy)[0].label == "PERSON"
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    press(qtbot, window, Qt.Key.Key_Z, shift_ctrl)
    press(qtbot, window, Qt.Key.Key_Z, shift_ctrl)
    assert stored_spans(example_copy) == []


def test_undo_of_first_span_restores_not_started(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    select(window, "Keir Starmer")
    press(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.documents.model.meta(0).status is Status.NOT_STARTED


def test_shift_arrows_move_boundaries(qtbot: QtBot, window: MainWindow, example_copy: Path) -> None:
    select(window, "Sergei")
    press(qtbot, window, Qt.Key.Key_P)
    [span] = stored_spans(example_copy)
    window.article.view.click_at(span.start)
    press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    [moved] = stored_spans(example_copy)
    assert (moved.id, moved.text) == (span.id, "Sergei Lavrov")
    both = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier
    press(qtbot, window, Qt.Key.Key_Left, both)
    [grown] = stored_spans(example_copy)
    assert grown.text == "minister Sergei Lavrov"
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_spans(example_copy)[0].text == "Sergei Lavrov"


def test_note_is_saved_on_enter(qtbot: QtBot, window: MainWindow, example_copy: Path) -> None:
    select(window, "Keir Starmer")
    press(qtbot, window, Qt.Key.Key_P)
    note = window.labels.note_edit
    assert note.isEnabled()
    note.setFocus()
    qtbot.keyClicks(note, "UK prime minister <b>not bold</b>")
    qtbot.keyClick(note, Qt.Key.Key_Return)
    assert stored_spans(example_copy)[0].note == "UK prime minister <b>not bold</b>"


def test_emoji_document_offsets_are_code_points(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    row = next(
        i
        for i, d in enumerate(window.documents.model.ids())
        if "Lviv" in window.documents.model.meta(i).title
    )
    window.ctx.show_document(window.documents.model.ids()[row])
    select(window, "Olena Kovalenko")
    press(qtbot, window, Qt.Key.Key_P)
    select(window, "𝐚𝐠𝐚𝐢𝐧")  # math bold letters: two UTF-16 units each
    press(qtbot, window, Qt.Key.Key_X)
    text = window.session.document(window.ctx.document_id).text
    for span in stored_spans(example_copy):
        assert text[span.start : span.end] == span.text
    assert sorted(s.text for s in stored_spans(example_copy)) == ["Olena Kovalenko", "𝐚𝐠𝐚𝐢𝐧"]


def test_spans_survive_reopen(qtbot: QtBot, window: MainWindow, example_copy: Path) -> None:
    select(window, "Keir Starmer")
    press(qtbot, window, Qt.Key.Key_P)
    before = stored_spans(example_copy)
    window.close()
    again = MainWindow(open_session(example_copy))
    qtbot.addWidget(again)
    assert again.article.view.spans() == before
    again.close()


def test_undo_in_other_document_brings_it_up(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    first = window.ctx.document_id
    select(window, "Keir Starmer")
    press(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.ctx.document_id != first
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.ctx.document_id == first
    assert stored_spans(example_copy) == []


def test_mark_done_and_navigation(qtbot: QtBot, window: MainWindow, example_copy: Path) -> None:
    ids = window.documents.model.ids()
    press(qtbot, window, Qt.Key.Key_D)
    assert window.session.status(ids[0], window.session.annotator.id) is Status.DONE
    assert window.documents.model.meta(0).status is Status.DONE
    press(qtbot, window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.ctx.document_id == ids[1]
    press(qtbot, window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.ctx.document_id == ids[0]


def test_document_filter(qtbot: QtBot, example_copy: Path) -> None:
    """The documents part alone: the list and its filter."""
    harness = Harness(open_session(example_copy))
    qtbot.addWidget(harness.widget)
    documents = DocumentsPart(harness.ctx)
    harness.ctx.attach(harness.ctx.session)
    pane = documents.pane
    assert pane.filtered.rowCount() == 4
    qtbot.keyClicks(pane.filter_edit, "lviv")  # filtered once typing pauses (one query)
    qtbot.waitUntil(lambda: pane.filtered.rowCount() == 1)
    pane.filter_edit.clear()
    qtbot.waitUntil(lambda: pane.filtered.rowCount() == 4)
    harness.close()


def test_find_selects_the_match(qtbot: QtBot, window: MainWindow) -> None:
    window.actions.find.trigger()
    qtbot.keyClicks(window.article.find_bar.edit, "bayonets")
    qtbot.keyClick(window.article.find_bar.edit, Qt.Key.Key_Return)
    start, end = window.article.view.selection_range()
    assert window.article.view.text[start:end] == "bayonets"


def test_zoom_changes_font(qtbot: QtBot, window: MainWindow) -> None:
    before = window.article.view.font().pixelSize()
    press(qtbot, window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.article.view.font().pixelSize() == before + 1
    press(qtbot, window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.article.view.font().pixelSize() == before - 1


def test_drag_an_edge_moves_the_boundary(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    select(window, "Sergei")
    press(qtbot, window, Qt.Key.Key_P)
    [span] = stored_spans(example_copy)
    view = window.article.view
    view.click_at(span.start)
    assert view.selected_span_id == span.id

    def point_at(cp: int):  # the viewport point of the boundary before character cp
        from PySide6.QtGui import QTextCursor

        cursor = QTextCursor(view.document())
        cursor.setPosition(view.offsets.to_utf16(cp))
        return view.cursorRect(cursor).center()

    target = view.text.index("Lavrov", span.end) + len("Lavrov")
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(span.end))
    qtbot.mouseMove(view.viewport(), point_at(target))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(target))
    [moved] = stored_spans(example_copy)
    assert (moved.id, moved.text) == (span.id, "Sergei Lavrov")


def test_click_hits_the_character_in_right_to_left_text(window: MainWindow) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QTextCursor

    doc_id = next(
        i for i in window.documents.model.ids() if "Macron" in window.session.document(i).text
    )
    window.ctx.show_document(doc_id)
    view = window.article.view
    word = "אנחנו"
    start = view.text.index(word)
    view.centerCursor()

    def caret_x(cp: int) -> tuple[int, int]:
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.offsets.to_utf16(cp))
        rect = view.cursorRect(cursor)
        return rect.center().x(), rect.center().y()

    # inner letters: at the edges of a right-to-left run the caret x is ambiguous
    for cp in range(start + 1, start + len(word) - 1):
        (x1, y), (x2, _) = caret_x(cp), caret_x(cp + 1)
        assert view.char_at(QPoint((x1 + x2) // 2, y)) == cp, view.text[cp]


def test_exact_selection_is_not_grown_and_keyboard_moves_are_trimmed(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    select(window, "Keir Starmer")  # followed by ’s in the text
    press(qtbot, window, Qt.Key.Key_P)
    [span] = stored_spans(example_copy)
    assert span.text == "Keir Starmer"
    press(qtbot, window, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert stored_spans(example_copy)[0].text == "Keir"
    both = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier
    press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, window, Qt.Key.Key_Right, both)
    assert stored_spans(example_copy)[0].text == "Starmer"


def test_arrow_leaves_the_new_span_so_shift_arrows_select_text(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    select(window, "Sergei")
    press(qtbot, window, Qt.Key.Key_P)
    assert window.article.view.selected_span_id
    press(qtbot, window, Qt.Key.Key_Right)
    assert window.article.view.selected_span_id == ""
    for _ in range(7):
        press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    start, end = window.article.view.selection_range()
    assert window.article.view.text[start:end].strip() == "Lavrov"
    assert [s.text for s in stored_spans(example_copy)] == ["Sergei"]


def test_typed_note_is_saved_when_moving_on_or_closing(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    select(window, "Keir Starmer")
    press(qtbot, window, Qt.Key.Key_P)
    qtbot.keyClicks(window.labels.note_edit, "UK PM")  # no Enter
    press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert stored_spans(example_copy)[0].note == "UK PM"
    press(qtbot, window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    window.article.view.click_at(stored_spans(example_copy)[0].start)
    window.labels.note_edit.setText("UK prime minister")  # typed, then the window closes
    window.close()
    assert stored_spans(example_copy)[0].note == "UK prime minister"


def test_each_layer_is_drawn_in_its_own_style(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    from PySide6.QtGui import QColor

    select(window, "Europe has rallied around Kyiv")
    press(qtbot, window, Qt.Key.Key_C)
    select(window, "British boots on the ground")
    press(qtbot, window, Qt.Key.Key_Q)
    window.article.view.scroll_to_span(stored_spans(example_copy)[0].id)
    image = window.article.view.viewport().grab().toImage()
    margin = window.article.view._margin.grab().toImage()

    def count(img, colour: str) -> int:  # type: ignore[no-untyped-def]
        rgb = QColor(colour).rgb()
        return sum(
            1 for x in range(img.width()) for y in range(img.height()) if img.pixel(x, y) == rgb
        )

    quote = window.session.scheme.find("QUOTE").color
    claim = window.session.scheme.find("CLAIM").color
    assert count(image, quote) > 100  # the solid underline under the quote
    assert count(image, claim) > 40  # the dotted underline under the claim
    assert count(margin, quote) > 50 and count(margin, claim) > 20  # and their margin bars


def test_double_click_a_word_then_a_key(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    from PySide6.QtGui import QTextCursor

    view = window.article.view
    cp = view.text.index("Zelenskyy") + 3
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_utf16(cp))
    view.centerCursor()
    view.setTextCursor(cursor)
    point = view.cursorRect(cursor).center()
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    press(qtbot, window, Qt.Key.Key_P)
    assert [s.text for s in stored_spans(example_copy)] == ["Zelenskyy"]


class _Painted(QObject):
    """The area of each paint of a widget (the sum of its region's rectangles)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.areas: list[int] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if isinstance(event, QPaintEvent):
            self.areas.append(sum(r.width() * r.height() for r in event.region()))
        return False


def test_a_label_repaints_the_lines_it_changed_not_the_whole_text(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Every label and selection set the outlines of the selection's relations (to none, most
    often), and that repainted the whole text in view."""
    view = window.article.view
    select(window, "Keir Starmer")
    press(qtbot, window, Qt.Key.Key_P)
    select(window, "Sergei Lavrov")
    qtbot.wait(20)
    painted = _Painted(view.viewport())
    press(qtbot, window, Qt.Key.Key_P)
    qtbot.wait(20)
    assert len(view.spans()) == 2
    whole = view.viewport().width() * view.viewport().height()
    assert painted.areas and sum(painted.areas) < whole / 2  # the lines of the two spans
    painted.areas.clear()
    window.ctx.select_span(view.spans()[0].id)  # back to the first
    qtbot.wait(20)
    assert painted.areas and sum(painted.areas) < whole / 2
