"""What the article view paints over its text: quote and claim lines, margin bars, outlines.

A helper of ArticleView (it reads the view's placed spans); kept apart so the view itself
stays about content and interaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QTextBlock
from PySide6.QtWidgets import QWidget

from annotator.core.model import Layer, Span
from annotator.ui.palette import SELECTED_OUTLINE

if TYPE_CHECKING:
    from annotator.ui.article_view import ArticleView


class Margin(QWidget):
    """The strip left of the text where quote and claim bars are drawn."""

    def __init__(self, view: ArticleView, overlay: Overlay) -> None:
        super().__init__(view)
        self._overlay = overlay
        # It fills its own background: without this, each of its repaints (one per viewport
        # update) would repaint the whole parent chain up to the main window.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        self._overlay.paint_margin(self, event)


class Overlay:
    def __init__(self, view: ArticleView) -> None:
        self.view = view
        self._pens: dict[tuple[Layer, str], QPen] = {}

    def reset_pens(self) -> None:
        """Forget cached pens (the scheme's colours changed)."""
        self._pens = {}

    def _visible_blocks(self, area: QRect | None = None) -> list[QTextBlock]:
        """Blocks on screen; with ``area``, only those that reach into it (a partial repaint)."""
        blocks = []
        block = self.view.firstVisibleBlock()
        offset = self.view.contentOffset()
        top_limit = area.top() if area is not None else 0
        bottom_limit = area.bottom() if area is not None else self.view.viewport().height()
        while block.isValid():
            geometry = self.view.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom_limit:
                break
            if block.isVisible() and geometry.bottom() >= top_limit:
                blocks.append(block)
            block = block.next()
        return blocks

    def line_rects(self, u_start: int, u_end: int, blocks: list[QTextBlock]) -> list[QRectF]:
        """Line-by-line viewport rectangles of a UTF-16 range on ``blocks`` (visible ones)."""
        rects: list[QRectF] = []
        for block in blocks:
            pos = block.position()
            if pos >= u_end:
                break
            if pos + block.length() > u_start:
                rects += self._segments(block, u_start, u_end)
        return rects

    def visible_blocks(self, area: QRect | None = None) -> list[QTextBlock]:
        return self._visible_blocks(area)

    def _segments(
        self, block: QTextBlock, u_start: int, u_end: int, origin: QPointF | None = None
    ) -> list[QRectF]:
        """Line-by-line rectangles (viewport coordinates) of a UTF-16 range within a block."""
        pos = block.position()
        start, end = max(u_start, pos) - pos, min(u_end, pos + block.length() - 1) - pos
        if start >= end:
            return []
        layout = block.layout()
        if origin is None:
            origin = self.view.block_origin(block)
        origin = origin + layout.position()
        rects = []
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            l_start = line.textStart()
            a, b = max(start, l_start), min(end, l_start + line.textLength())
            if a >= b:
                continue
            x1 = line.cursorToX(a)[0]
            x2 = line.cursorToX(b)[0]
            left, right = min(x1, x2), max(x1, x2)
            rects.append(
                QRectF(origin.x() + left, origin.y() + line.y(), right - left, line.height())
            )
        return rects

    def _pen(self, span: Span) -> QPen:
        """The pen of a quote or claim label (cached per label until the scheme changes)."""
        key = (span.layer, span.label)
        pen = self._pens.get(key)
        if pen is None:
            label = self.view._scheme.get(span.layer, span.label) if self.view._scheme else None
            pen = QPen(QColor(label.color if label else "#444444"), 2)
            if span.layer is Layer.CLAIM:
                pen.setStyle(Qt.PenStyle.DotLine)
            self._pens[key] = pen
        return pen

    def paint(self, event: QPaintEvent) -> None:
        """Quote and claim lines, proposals' ghosts and the selection outline over the text
        just painted (ghosts too on a document with no span yet: suggestions start there)."""
        if self.view._scheme is None or not (self.view._placed or self.view.ghosts):
            return
        painter = QPainter(self.view.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        ascent = self.view.fontMetrics().ascent()
        for block in self._visible_blocks(event.rect()):
            ids = self.view._by_block.get(block.blockNumber(), [])
            origin = self.view.block_origin(block)
            depth = {Layer.QUOTE: 0, Layer.CLAIM: 0}
            placed_here = sorted(
                (self.view._placed[sid] for sid in ids),
                key=lambda p: (p.u_start, -p.u_end),
            )
            for placed in placed_here:
                layer = placed.span.layer
                if layer is Layer.ENTITY:
                    continue
                level = depth[layer]
                depth[layer] += 1
                painter.setPen(self._pen(placed.span))
                for rect in self._segments(block, placed.u_start, placed.u_end, origin):
                    # quotes: solid line at the bottom of the line box; claims: dotted line
                    # just under the baseline. Nested spans of a layer step up by 2 px.
                    if layer is Layer.QUOTE:
                        y = rect.bottom() - 1 - 2 * level
                    else:
                        y = rect.top() + ascent + 1 - 2 * level
                    painter.drawLine(int(rect.left()), int(y), int(rect.right()), int(y))
            if self.view.hint_ids:
                self._paint_hints(painter, block, origin)
            if self.view.ghosts:
                self._paint_ghosts(painter, block, origin)
            self._paint_selection(painter, block, origin)
        painter.end()

    def _paint_hints(self, painter: QPainter, block: QTextBlock, origin: QPointF) -> None:
        view = self.view
        for span_id in view.hint_ids:
            placed = view._placed.get(span_id)
            if placed is None:
                continue
            focus = span_id == view.hint_focus
            pen = QPen(
                self._pen(placed.span).color()
                if placed.span.layer is not Layer.ENTITY
                else SELECTED_OUTLINE,
                3 if focus else 1,
                Qt.PenStyle.DashLine,
            )
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rect in self._segments(block, placed.u_start, placed.u_end, origin):
                painter.drawRect(rect.adjusted(-2, 1, 2, -1))

    def _paint_ghosts(self, painter: QPainter, block: QTextBlock, origin: QPointF) -> None:
        """Proposals: a faint fill and a dotted frame, unlike any annotation style."""
        for u_start, u_end, color, current in self.view.ghosts_in_block(block.blockNumber()):
            fill = QColor(color)
            fill.setAlpha(70 if current else 35)
            painter.setPen(QPen(QColor(color), 3 if current else 1.5, Qt.PenStyle.DotLine))
            painter.setBrush(fill)
            for rect in self._segments(block, u_start, u_end, origin):
                painter.drawRect(rect.adjusted(-1, 1, 1, -1))
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _paint_selection(self, painter: QPainter, block: QTextBlock, origin: QPointF) -> None:
        placed = self.view._placed.get(self.view.selected_span_id)
        rng = None
        if placed is not None:
            rng = (placed.u_start, placed.u_end)
        if self.view._drag_preview is not None:
            rng = self.view._offsets.span_to_utf16(*self.view._drag_preview)
        if rng is None:
            return
        painter.setPen(QPen(SELECTED_OUTLINE, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect in self._segments(block, *rng, origin):
            painter.drawRect(rect.adjusted(-1, 0, 1, 0))

    def paint_margin(self, widget: QWidget, event: QPaintEvent) -> None:
        painter = QPainter(widget)
        painter.fillRect(event.rect(), self.view.palette().base())
        if self.view._scheme is not None:
            for block in self._visible_blocks(event.rect()):
                origin = self.view.block_origin(block)
                for sid in self.view._by_block.get(block.blockNumber(), []):
                    placed = self.view._placed[sid]
                    layer = placed.span.layer
                    if layer is Layer.ENTITY:
                        continue
                    color = self._pen(placed.span).color()
                    for rect in self._segments(block, placed.u_start, placed.u_end, origin):
                        if layer is Layer.QUOTE:  # a solid bar
                            painter.fillRect(QRectF(3, rect.top(), 5, rect.height()), color)
                        else:  # a dotted bar, like the claim's dotted underline
                            pen = QPen(color, 4, Qt.PenStyle.DotLine)
                            painter.setPen(pen)
                            x = 13
                            painter.drawLine(x, int(rect.top()) + 2, x, int(rect.bottom()) - 1)
        painter.end()
