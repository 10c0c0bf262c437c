"""Issue 12, 2: review marks keep off the letters. The current item's pointer sits in the margin
left of the text, whatever the item's place on its line; the gold candidate of "edit then
accept" and every mark leave the words as dark as they were (rendered offscreen, pixels read)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from annotator.core.review import Kind
from annotator.ui.window.main_window import MainWindow
from tests.ui.test_annotate import press


def _grab(win: MainWindow) -> QImage:
    view = win.article.view
    view.viewport().repaint()
    return view.viewport().grab().toImage()


def _luminance(color: QColor) -> float:
    """WCAG relative luminance."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(x) for x in (color.redF(), color.greenF(), color.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _pixels(image: QImage, area: QRectF) -> list[float]:
    box = area.toRect() & QRect(0, 0, image.width(), image.height())
    return [
        _luminance(image.pixelColor(x, y))
        for y in range(box.top(), box.bottom() + 1)
        for x in range(box.left(), box.right() + 1)
    ]


def _item_lines(win: MainWindow) -> tuple[list[QRectF], float]:
    """The current item's line rectangles and the text's left edge, in viewport pixels."""
    review, view = win.review, win.article.view
    item = review.current_item()
    assert item is not None
    blocks = view.overlay.visible_blocks()
    rects = view.overlay.line_rects(*view.offsets.span_to_utf16(item.start, item.end), blocks)
    block = view.document().findBlock(view.offsets.to_utf16(item.start))
    left = view.block_origin(block).x() + block.layout().lineAt(0).x()
    return rects, left


def test_the_pointer_is_in_the_margin_not_on_the_words_before_the_item(
    qtbot: QtBot, reviewing: MainWindow
) -> None:
    review = reviewing.review
    row = next(i for i, d in enumerate(review.model.items) if d.kind is Kind.BOUNDARY)
    review._go(row)  # "the Presidential Palace": it starts in the middle of a line
    rects, left = _item_lines(reviewing)
    first = rects[0]
    assert first.left() > left + 40  # words stand before it on its line
    pointed = _grab(reviewing)
    review.overlay.current = -1  # the same marks, no current item
    plain = _grab(reviewing)
    review.overlay.current = row
    line = QRectF(0, first.top(), first.left() - 5, first.height())  # (its frame aside)
    changed = [
        x
        for y in range(int(line.top()), int(line.bottom()))
        for x in range(int(line.right()))
        if pointed.pixelColor(x, y) != plain.pixelColor(x, y)
    ]
    assert changed, "no pointer drawn"
    assert max(changed) < left  # all of it left of the text: no letter is covered


def test_the_candidate_and_the_marks_leave_the_letters_dark(
    qtbot: QtBot, reviewing: MainWindow
) -> None:
    win, review = reviewing, reviewing.review
    row = next(i for i, d in enumerate(review.model.items) if d.kind is Kind.BOUNDARY)
    review._go(row)
    rects, _ = _item_lines(win)
    inner = [r.adjusted(4, 4, -4, -4) for r in rects]  # inside the frame
    review.overlay.clear()
    bare = _grab(win)  # the text with its spans, no review mark
    glyphs = [i for i, v in enumerate(p for r in inner for p in _pixels(bare, r)) if v < 0.02]
    assert len(glyphs) > 50  # (dark letter pixels to compare)
    review.show_marks()
    press(qtbot, win, Qt.Key.Key_4)  # edit then accept: the candidate
    assert review.overlay.candidate is not None
    marked = [p for r in inner for p in _pixels(_grab(win), r)]
    assert max(marked[i] for i in glyphs) < 0.02  # every letter pixel still near black
    background = sorted(marked)[len(marked) * 3 // 4]  # most of the box is background
    darkest = min(marked)
    assert (background + 0.05) / (darkest + 0.05) >= 7  # WCAG AAA contrast, at least
