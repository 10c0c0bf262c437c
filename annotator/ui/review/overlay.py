"""Review mode's marks over the article: A's and B's tracks compared, typed by colour and shape.

Agreements are quiet (small grey corners at their two ends); each type of disagreement has its own
Okabe-Ito colour and its own shape, so the types stay apart without colour:

=================  ===========================================================
only A             blue, a solid frame with ``///`` hatching
only B             vermillion, a dashed frame with ``\\\\\\`` hatching
label differs      reddish purple, a double frame
boundaries differ  orange, A's extent as a bracket above, B's as one below
speaker differs    bluish green, a wavy underline
claim attribute    sky blue, a dash-dot frame with horizontal hatching
=================  ===========================================================

The current disagreement is drawn with thicker lines, with a dark pointer in the margin left
of its first line (never on the text); decided ones are faded. Every mark is multiplied into
what is under it (``QPainter.CompositionMode_Multiply``): a dark glyph stays as dark as it
was, so the marks sit under the text as a highlighter does, and the text keeps its contrast.
The gold candidate is a thick dark frame with a yellow band under its words. Hovering names
the type and both sides; a click (no text selected) on a disagreement's mark makes it the
current one (``item_clicked``; clicking again where marks are stacked goes to the next one
there). The marks are not spans: nothing here is stored.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QTextBlock
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from annotator.core.review import AGREED, KIND_NAMES, Agreed, Disagreement, Kind, describe
from annotator.ui.article.view import ArticleView


@dataclass(frozen=True)
class Style:
    color: str
    pen: Qt.PenStyle
    hatch: Qt.BrushStyle | None
    shape: str  # the words for the legend's tooltip


STYLES: dict[str, Style] = {
    AGREED: Style("#8a8a8a", Qt.PenStyle.SolidLine, None, "small grey corners at its two ends"),
    Kind.ONLY_A: Style(
        "#0072B2", Qt.PenStyle.SolidLine, Qt.BrushStyle.BDiagPattern, "solid frame, /// hatch"
    ),
    Kind.ONLY_B: Style(
        "#D55E00", Qt.PenStyle.DashLine, Qt.BrushStyle.FDiagPattern, "dashed frame, \\\\\\ hatch"
    ),
    Kind.LABEL: Style("#CC79A7", Qt.PenStyle.SolidLine, None, "double frame"),
    Kind.BOUNDARY: Style(
        "#E69F00", Qt.PenStyle.SolidLine, None, "A's extent bracketed above, B's below"
    ),
    Kind.SPEAKER: Style("#009E73", Qt.PenStyle.SolidLine, None, "wavy underline"),
    Kind.CLAIM_ATTRIBUTE: Style(
        "#56B4E9", Qt.PenStyle.DashDotLine, Qt.BrushStyle.HorPattern, "dash-dot frame, hatched"
    ),
}


CANDIDATE_COLOR = "#111111"  # the candidate of "edit then accept": a thick dark frame


@dataclass(frozen=True)
class Mark:
    """One drawn extent (UTF-16, the view's units): the item's kind, whose side ("a", "b" or
    "ab" for both), and the item's index among the disagreements (-1 for an agreement)."""

    u_start: int
    u_end: int
    kind: str
    role: str
    index: int


CANDIDATE_FILL = QColor("#F0C000")  # the candidate's underline band, under its frame


def paint_mark(painter: QPainter, rects: list[QRectF], kind: str, role: str, current: bool) -> None:
    """Draw one mark over its line rectangles (also used for the legend's samples). The
    caller multiplies it in (``under_text``), so it never covers the glyphs."""
    style = STYLES[kind]
    color = QColor(style.color)
    width = 3.0 if current else 1.6
    if style.hatch is not None:
        hatch = QColor(color)
        hatch.setAlpha(150 if current else 110)
        for rect in rects:
            painter.fillRect(rect, QBrush(hatch, style.hatch))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    pen = QPen(color, width, style.pen)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(pen)
    for rect in rects:
        r = rect.adjusted(-1, 1, 1, -1)
        if kind == AGREED:
            pass  # corner ticks at the span's two ends, below
        elif kind is Kind.BOUNDARY:
            y, tick = (r.top() + 1, 5) if role == "a" else (r.bottom() - 1, -5)
            painter.drawLine(QPointF(r.left(), y), QPointF(r.right(), y))
            painter.drawLine(QPointF(r.left(), y), QPointF(r.left(), y + tick))
            painter.drawLine(QPointF(r.right(), y), QPointF(r.right(), y + tick))
        elif kind is Kind.SPEAKER:
            _wave(painter, r.left(), r.right(), r.bottom() - 2)
        elif kind is Kind.LABEL:
            painter.drawRect(r)
            painter.setPen(QPen(color, 1.0))
            painter.drawRect(r.adjusted(3, 3, -3, -3))
            painter.setPen(pen)
        else:
            painter.drawRect(r)
    if kind == AGREED and rects:
        _corners(painter, rects[0], rects[-1], QPen(color, 1.4))


def _corners(painter: QPainter, first: QRectF, last: QRectF, pen: QPen) -> None:
    """An agreement's quiet mark: a small ⌜ where it starts and a ⌟ where it ends."""
    painter.setPen(pen)
    x, y = first.left(), first.top() + 2
    painter.drawPolyline([QPointF(x, y + 6), QPointF(x, y), QPointF(x + 5, y)])
    x, y = last.right(), last.bottom() - 2
    painter.drawPolyline([QPointF(x - 5, y), QPointF(x, y), QPointF(x, y - 6)])


def _wave(painter: QPainter, left: float, right: float, y: float) -> None:
    points, x, up = [], left, True
    while x <= right:
        points.append(QPointF(x, y - (2 if up else -2)))
        x, up = x + 3, not up
    painter.drawPolyline(points)


class ReviewOverlay(QObject):
    """Marks of the open document's review items, painted over ``view`` while review is on."""

    item_clicked = Signal(int)  # index into ``items`` of the disagreement clicked

    def __init__(self, view: ArticleView) -> None:
        super().__init__(view)
        self.view = view
        view.viewport().installEventFilter(self)
        self.marks: list[Mark] = []
        self.items: list[Disagreement] = []
        self.agreed: list[Agreed] = []
        self.current = -1  # index into ``items``
        self.candidate: tuple[int, int] | None = None  # code points, while editing
        self.along: tuple[tuple[int, int], ...] = ()  # a whole quote's other segments
        self.decided: set[int] = set()  # indexes into ``items`` of decided disagreements

    def show(
        self,
        items: list[Disagreement],
        agreed: list[Agreed],
        current: int,
        decided: set[str] | frozenset[str] = frozenset(),
    ) -> None:
        """Draw these items (``current`` is an index into ``items``, -1 for none); those with a
        key in ``decided`` are drawn faded."""
        self.items, self.agreed, self.current = list(items), list(agreed), current
        self.decided = {i for i, d in enumerate(items) if d.key in decided}
        to16 = self.view.offsets.span_to_utf16
        marks: list[Mark] = []
        for a in agreed:
            marks.append(Mark(*to16(a.start, a.end), AGREED, "ab", -1))
        for i, d in enumerate(items):
            if d.kind is Kind.BOUNDARY and d.a is not None and d.b is not None:
                marks.append(Mark(*to16(d.a.start, d.a.end), d.kind, "a", i))
                marks.append(Mark(*to16(d.b.start, d.b.end), d.kind, "b", i))
            else:
                role = {Kind.ONLY_A: "a", Kind.ONLY_B: "b"}.get(d.kind, "ab")
                marks.append(Mark(*to16(d.start, d.end), d.kind, role, i))
        self.marks = marks
        self.view.extra_painter = self.paint
        self.view.extra_tooltip = self.tooltip
        self.view.viewport().update()

    def set_candidate(
        self, extent: tuple[int, int] | None, along: tuple[tuple[int, int], ...] = ()
    ) -> None:
        """Show the gold candidate being edited (a thick dark frame), or none; ``along`` are
        the other segments of a whole quote accepted with it (a thin dashed frame)."""
        self.candidate, self.along = extent, along
        self.view.viewport().update()

    def clear(self) -> None:
        self.marks, self.items, self.agreed, self.current = [], [], [], -1
        self.candidate, self.along = None, ()
        self.view.extra_painter = None
        self.view.extra_tooltip = None
        self.view.viewport().update()

    def paint(self, event: QPaintEvent) -> None:
        if not self.marks and self.candidate is None:
            return
        blocks = self.view.overlay.visible_blocks(event.rect())
        if not blocks:
            return
        first = blocks[0].position()
        last = blocks[-1].position() + blocks[-1].length()
        area, at = event.rect(), self.view.cursorForPosition  # only the lines in view of a
        top = min(at(area.topLeft()).position(), at(area.topRight()).position())  # long paragraph
        bottom = max(at(area.bottomLeft()).position(), at(area.bottomRight()).position())
        first, last = max(first, top - 1), min(last, bottom + 2)  # (both ends: RTL lines too)
        painter = QPainter(self.view.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        under_text(painter)
        pointed: QRectF | None = None  # the current item's first line, for the pointer
        # the current item last, so it is on top
        for mark in sorted(self.marks, key=lambda m: m.index == self.current):
            if mark.u_end <= first or mark.u_start >= last:
                continue
            rects = self.view.overlay.line_rects(mark.u_start, mark.u_end, blocks)
            current = mark.index >= 0 and mark.index == self.current
            faded = mark.index in self.decided and not current
            painter.setOpacity(0.35 if faded else 1.0)
            paint_mark(painter, rects, mark.kind, mark.role, current)
            painter.setOpacity(1.0)
            if current and rects and (pointed is None or rects[0].top() < pointed.top()):
                pointed = rects[0]
        if self.candidate is not None:
            u_start, u_end = self.view.offsets.span_to_utf16(*self.candidate)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rect in self.view.overlay.line_rects(u_start, u_end, blocks):
                frame = rect.adjusted(-2, 0, 2, 0)
                band = QRectF(frame.left(), frame.bottom() - 6, frame.width(), 5)
                painter.fillRect(band, CANDIDATE_FILL)  # an underline, not a fill over text
                painter.setPen(QPen(QColor(CANDIDATE_COLOR), 2.5))
                painter.drawRect(frame)
            painter.setPen(QPen(QColor(CANDIDATE_COLOR), 1.2, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for extent in self.along:
                u_start, u_end = self.view.offsets.span_to_utf16(*extent)
                for rect in self.view.overlay.line_rects(u_start, u_end, blocks):
                    painter.drawRect(rect.adjusted(-2, 0, 2, 0))
        if pointed is not None:
            self._pointer(painter, pointed, blocks)
        painter.end()

    def _pointer(self, painter: QPainter, line: QRectF, blocks: list[QTextBlock]) -> None:
        """A dark ▶ in the margin left of the text, level with the current item's first line:
        in the text's left margin, never on a letter (wherever on the line the item starts)."""
        view = self.view
        block = next((b for b in blocks if _holds(view, b, line)), None)
        if block is None:
            return
        layout = block.layout()
        indent = min((layout.lineAt(i).x() for i in range(layout.lineCount())), default=0.0)
        left = view.block_origin(block).x() + layout.position().x() + indent  # the text's edge
        x = max(left - 10.0, 1.0)
        width = min(7.0, left - x - 2.0)
        if width < 3:
            return
        y = line.center().y()
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(CANDIDATE_COLOR))
        painter.drawPolygon([QPointF(x, y - 5), QPointF(x + width, y), QPointF(x, y + 5)])

    def at(self, cp: int) -> list[Disagreement | Agreed]:
        """Items with a side covering character ``cp``: disagreements first, shortest first."""
        found: list[Disagreement | Agreed] = []
        for item in (*self.items, *self.agreed):
            sides = [s for s in (item.a, item.b) if s is not None]
            if any(s.start <= cp < s.end for s in sides):
                found.append(item)
        return sorted(found, key=lambda i: (isinstance(i, Agreed), i.end - i.start))

    def clicked(self, cp: int) -> int:
        """The disagreement a click on ``cp`` chooses (-1 for none): the innermost one there,
        or the next one stacked there when the current one is among them."""
        stack = [self.items.index(i) for i in self.at(cp) if isinstance(i, Disagreement)]
        if not stack:
            return -1
        if self.current in stack:
            return stack[(stack.index(self.current) + 1) % len(stack)]
        return stack[0]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and self.items
            and self.candidate is None
            and not self.view.textCursor().hasSelection()
        ):
            cp = self.view.char_at(event.position().toPoint())
            index = self.clicked(cp) if cp is not None else -1
            if index >= 0:
                self.item_clicked.emit(index)
        return False

    def tooltip(self, cp: int) -> str:
        """Rich text naming each item under ``cp`` (document text escaped)."""
        lines = []
        for item in self.at(cp):
            text = html.escape(describe(item, 60))
            what, _, rest = text.partition(" — ")
            lines.append(f"<b>{what}</b> — {rest}")
        return "<br>".join(lines)


def under_text(painter: QPainter) -> None:
    """Marks from here on are multiplied into what is painted: over white they show in their
    colours, over a dark glyph they leave it dark (a highlighter's ink, not paint over it)."""
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)


def _holds(view: ArticleView, block: QTextBlock, line: QRectF) -> bool:
    """Whether ``line`` (viewport coordinates) is one of ``block``'s lines."""
    top = view.block_origin(block).y()
    height = view.blockBoundingRect(block).height()
    return top <= line.center().y() < top + height


class _Swatch(QWidget):
    """A sample word with one kind's mark, for the legend."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setFixedSize(QSize(26, 16))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        under_text(painter)
        if self.kind is Kind.BOUNDARY:
            paint_mark(painter, [QRectF(2, 1, 16, 14)], self.kind, "a", False)
            paint_mark(painter, [QRectF(8, 1, 16, 14)], self.kind, "b", False)
        else:
            paint_mark(painter, [QRectF(2, 1, 22, 14)], self.kind, "ab", False)
        painter.end()


LEGEND_NAMES = {
    AGREED: "agree",
    Kind.ONLY_A: "A only",
    Kind.ONLY_B: "B only",
    Kind.LABEL: "label",
    Kind.BOUNDARY: "bounds",
    Kind.SPEAKER: "speaker",
    Kind.CLAIM_ATTRIBUTE: "attribute",
}


class Legend(QWidget):
    """The marks' key: a swatch and a short name of each type, in four columns."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review_legend")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(2)
        for i, (kind, style) in enumerate(STYLES.items()):
            row, col = divmod(i, 4)
            swatch = _Swatch(kind)
            name = QLabel(LEGEND_NAMES[kind])
            name.setTextFormat(Qt.TextFormat.PlainText)
            for widget in (swatch, name):
                widget.setToolTip(f"{KIND_NAMES[kind]}: {style.shape}")
            grid.addWidget(swatch, row, 2 * col)
            grid.addWidget(name, row, 2 * col + 1)
        for col in (1, 3, 5, 7):
            grid.setColumnStretch(col, 1)
