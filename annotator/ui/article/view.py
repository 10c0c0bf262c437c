"""The read-only article with its spans drawn per layer; speaks code points to the rest of the app.

Entities are fills set on each block's text layout (cheap: only the blocks a span touches are
redone). Quotes and claims are painted over the visible lines only: a solid underline for
quotes, a dotted one for claims, and a bar per layer in the left margin, so an entity
inside a quote inside a claim shows all three at once.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextLayout,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QToolTip, QWidget

from annotator.core.model import Layer, Span
from annotator.core.offsets import OffsetMap
from annotator.core.scheme import Scheme
from annotator.core.snapping import trim, word_step
from annotator.ui.common import plain
from annotator.ui.common.palette import SELECTED_OUTLINE, fill_color

MARGIN = 18  # px for the quote / claim bars left of the text
_CARET_KEYS = frozenset(
    {
        Qt.Key.Key_Left,
        Qt.Key.Key_Right,
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
        Qt.Key.Key_PageUp,
        Qt.Key.Key_PageDown,
    }
)
EDGE_GRIP_PX = 3  # how close to a selected span's edge a press grabs it for resizing


@dataclass(frozen=True)
class _Placed:
    """A span with its UTF-16 range in the Qt document."""

    span: Span
    u_start: int
    u_end: int


class ArticleView(QPlainTextEdit):
    """Shows one document; emits requests, never edits data itself."""

    span_selected = Signal(str)  # span id, "" for none
    spans_hovered = Signal(list)  # ids of the spans under the pointer, innermost first
    resize_requested = Signal(str, int, int)  # span id, new start, new end (code points)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("article_view")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        font = QFont("DejaVu Serif")
        font.setStyleHint(QFont.StyleHint.Serif)
        font.setPixelSize(17)
        self.setFont(font)
        self.document().setDocumentMargin(14)
        self._overlay = Overlay(self)
        self._margin = Margin(self, self._overlay)
        self.setViewportMargins(MARGIN, 0, 0, 0)
        self._text = ""
        self._offsets = OffsetMap("")
        self._scheme: Scheme | None = None
        self._placed: dict[str, _Placed] = {}
        self._fills: dict[str, QTextCharFormat] = {}
        self._block_starts: list[int] = []  # UTF-16 start of each block, when known
        self._by_block: dict[int, list[str]] = {}
        self.selected_span_id = ""
        self.hint_ids: list[str] = []
        self.hint_focus = ""
        self._hovered: list[str] = []
        self.ghosts: list[tuple[int, int, str, bool]] = []
        self._ghosts_by_block: dict[int, list[int]] = {}
        self.snapping = True
        self._last_click: tuple[int, str] | None = None
        self._drag: tuple[str, str] | None = None  # (span id, "start" | "end")
        self._drag_preview: tuple[int, int] | None = None
        # review mode (ui/review/overlay.py) paints its marks over the text and adds to tooltips
        self.extra_painter: Callable[[QPaintEvent], None] | None = None
        self.extra_tooltip: Callable[[int], str] | None = None  # rich text at a code point
        self.updateRequest.connect(self._on_self_update_request)

    # -- content -------------------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self._text

    @property
    def offsets(self) -> OffsetMap:
        return self._offsets

    @property
    def overlay(self) -> Overlay:
        return self._overlay

    def show_document(self, text: str, spans: list[Span], scheme: Scheme) -> None:
        self._text = text
        self._offsets = OffsetMap(text)
        self.set_scheme(scheme)
        self._placed.clear()
        self._by_block.clear()
        self.selected_span_id = ""
        self.hint_ids, self.hint_focus = [], ""
        self.ghosts, self._ghosts_by_block = [], {}
        self._last_click = None
        self.setPlainText(text)
        self._block_starts = [0] + [
            self._offsets.to_utf16(m.end()) for m in re.finditer("\n", text)
        ]
        if len(self._block_starts) != self.document().blockCount():
            self._block_starts = []  # Qt split the text elsewhere too: ask the document
        for span in spans:
            self._place(span)
        touched = set(self._by_block)
        for number in touched:
            self._apply_block_formats(self.document().findBlockByNumber(number))
        self.viewport().update()
        self._margin.update()

    def clear_document(self) -> None:
        self.show_document("", [], self._scheme or Scheme([]))

    def set_scheme(self, scheme: Scheme) -> None:
        self._scheme = scheme
        self._overlay.reset_pens()
        self._fills = {}
        for label in scheme.by_layer(Layer.ENTITY):
            fmt = QTextCharFormat()
            fmt.setBackground(fill_color(label.color))
            self._fills[label.name] = fmt

    def spans(self) -> list[Span]:
        return [p.span for p in self._placed.values()]

    def span(self, span_id: str) -> Span | None:
        placed = self._placed.get(span_id)
        return placed.span if placed else None

    def upsert_span(self, span: Span) -> None:
        """Show a new or changed span; only the blocks it covers (before and after) are redone."""
        blocks = self._unplace(span.id)
        blocks |= self._place(span)
        self._refresh_blocks(blocks)

    def remove_span(self, span_id: str) -> None:
        blocks = self._unplace(span_id)
        if span_id == self.selected_span_id:
            self.selected_span_id = ""
        self._refresh_blocks(blocks)

    def _place(self, span: Span) -> set[int]:
        u_start, u_end = self._offsets.span_to_utf16(span.start, span.end)
        self._placed[span.id] = _Placed(span, u_start, u_end)
        numbers = self._block_numbers(u_start, u_end)
        for number in numbers:
            self._by_block.setdefault(number, []).append(span.id)
        return numbers

    def _unplace(self, span_id: str) -> set[int]:
        placed = self._placed.pop(span_id, None)
        if placed is None:
            return set()
        numbers = self._block_numbers(placed.u_start, placed.u_end)
        for number in numbers:
            ids = self._by_block.get(number)
            if ids and span_id in ids:
                ids.remove(span_id)
        return numbers

    def _block_numbers(self, u_start: int, u_end: int) -> set[int]:
        if self._block_starts:
            first = bisect_right(self._block_starts, u_start) - 1
            last = bisect_right(self._block_starts, max(u_start, u_end - 1)) - 1
            return set(range(first, last + 1))
        doc = self.document()
        first = doc.findBlock(u_start).blockNumber()
        last = doc.findBlock(max(u_start, u_end - 1)).blockNumber()
        return set(range(first, last + 1))

    def _refresh_blocks(self, numbers: set[int]) -> None:
        for number in numbers:
            self._apply_block_formats(self.document().findBlockByNumber(number))
        self._repaint_blocks(numbers)

    def _repaint_blocks(self, numbers: set[int]) -> None:
        """Only these blocks painted again (those in view), not the whole text."""
        for number in numbers:
            rect = self._block_rect(self.document().findBlockByNumber(number))
            if rect is not None:
                self.viewport().update(rect)
                self._margin.update(0, rect.top(), MARGIN, rect.height())

    def _block_rect(self, block: QTextBlock) -> QRect | None:
        if not block.isValid() or not block.isVisible():
            return None
        geometry = self.blockBoundingGeometry(block).translated(self.contentOffset())
        return geometry.toAlignedRect().adjusted(-2, -3, 2, 3)

    def _apply_block_formats(self, block: QTextBlock) -> None:
        if not block.isValid() or self._scheme is None:
            return
        position, length = block.position(), block.length()
        entities = [
            self._placed[sid]
            for sid in self._by_block.get(block.blockNumber(), [])
            if self._placed[sid].span.layer is Layer.ENTITY
        ]
        # Longer spans first so a nested (shorter) entity paints over its container.
        entities.sort(key=lambda p: p.u_start - p.u_end)
        ranges = []
        for placed in entities:
            start = max(placed.u_start, position) - position
            end = min(placed.u_end, position + length - 1) - position
            if end <= start:
                continue
            fmt = self._fills.get(placed.span.label)
            if fmt is None:  # a label not (or no longer) in the scheme: neutral grey
                fmt = self._fills[placed.span.label] = QTextCharFormat()
                fmt.setBackground(fill_color("#999999"))
            rng = QTextLayout.FormatRange()
            rng.start, rng.length, rng.format = start, end - start, fmt
            ranges.append(rng)
        block.layout().setFormats(ranges)

    # -- positions -----------------------------------------------------------------------------

    def top_line(self) -> tuple[int, int]:
        """(block number, line within it) of the first line on screen."""
        block = self.firstVisibleBlock()
        lines_above = self.verticalScrollBar().value() - self._lines_before(block.blockNumber())
        return block.blockNumber(), max(0, lines_above)

    def scroll_to_line(self, block_number: int, line: int = 0) -> None:
        """Put that line of that block at the top, whatever has been laid out so far."""
        self.verticalScrollBar().setValue(self._lines_before(block_number) + line)

    def _lines_before(self, block_number: int) -> int:
        """Wrapped lines of the blocks before ``block_number`` (the scroll bar's unit)."""
        layout = self.document().documentLayout()
        lines, block = 0, self.document().firstBlock()
        while block.isValid() and block.blockNumber() < block_number:
            layout.blockBoundingRect(block)  # lays the block out if it was not yet
            lines += max(1, block.lineCount())
            block = block.next()
        return lines

    def zoom(self, steps: int) -> int:
        """Grow or shrink the reading font by ``steps`` pixels (10-48 px); returns the size."""
        font = self.font()
        font.setPixelSize(max(10, min(48, font.pixelSize() + steps)))
        self.setFont(font)
        return font.pixelSize()

    def selection_range(self) -> tuple[int, int]:
        """The selected text as code point offsets ``[start, end)`` into the stored text."""
        cursor = self.textCursor()
        return self._offsets.span_to_codepoint(cursor.selectionStart(), cursor.selectionEnd())

    def select_range(self, start: int, end: int) -> None:
        """Select ``text[start:end]`` (code points) in the widget."""
        u_start, u_end = self._offsets.span_to_utf16(start, end)
        cursor = self.textCursor()
        cursor.setPosition(u_start)
        cursor.setPosition(u_end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def position_at(self, point: QPoint) -> int:
        """Code point offset of the character boundary nearest to a viewport point."""
        return self._offsets.to_codepoint(self.cursorForPosition(point).position())

    def char_at(self, point: QPoint) -> int | None:
        """Code point offset of the character under a viewport point, if any.

        The nearest caret position has a character on each side; the one whose box holds the
        point wins. Boxes come from the layout, so right-to-left text is hit correctly."""
        u = self.cursorForPosition(point).position()
        for candidate in (u, u - 1):
            if candidate < 0 or candidate >= self._offsets.length_utf16:
                continue
            box = self._char_box(candidate)
            if box is not None and box.contains(point):
                cp = self._offsets.to_codepoint(candidate)
                return cp if cp < len(self._text) else None
        return None

    def _char_box(self, u: int) -> QRect | None:
        """The viewport box of the character starting at UTF-16 position ``u``."""
        block = self.document().findBlock(u)
        if u >= block.position() + block.length() - 1:
            return None  # the paragraph break
        layout = block.layout()
        rel = u - block.position()
        line = layout.lineForTextPosition(rel)
        if not line.isValid():
            return None
        width = 2 if self._offsets.to_codepoint(u + 1) == self._offsets.to_codepoint(u) else 1
        x1 = line.cursorToX(rel)[0]
        x2 = line.cursorToX(rel + width)[0]  # a surrogate pair is one character of 2 units
        origin = self.block_origin(block) + layout.position()
        left, right = min(x1, x2), max(x1, x2)
        return QRectF(
            origin.x() + left, origin.y() + line.y(), max(right - left, 1.0), line.height()
        ).toAlignedRect()

    def spans_at(self, cp: int) -> list[Span]:
        """Spans covering character ``cp``, innermost (shortest) first."""
        u = self._offsets.to_utf16(cp)
        number = self.document().findBlock(u).blockNumber()
        found = [
            self._placed[sid].span
            for sid in self._by_block.get(number, [])
            if self._placed[sid].u_start <= u < self._placed[sid].u_end
        ]
        return sorted(found, key=lambda s: (s.length, s.start, s.id))

    def scroll_to_span(self, span_id: str) -> None:
        placed = self._placed.get(span_id)
        if placed is None:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(placed.u_start)
        self.setTextCursor(cursor)
        self.centerCursor()

    def select_span(self, span_id: str, *, scroll: bool = False) -> None:
        old = self._placed.get(self.selected_span_id)
        self.selected_span_id = span_id if span_id in self._placed else ""
        blocks: set[int] = set()
        for placed in (old, self._placed.get(self.selected_span_id)):
            if placed is not None:
                blocks |= self._block_numbers(placed.u_start, placed.u_end)
        if scroll and self.selected_span_id:
            self.scroll_to_span(self.selected_span_id)
        self._refresh_blocks(blocks)

    def set_ghosts(self, ghosts: list[tuple[int, int, str]], current: int = -1) -> None:
        """Show proposals as ghost spans: (start, end, colour) in code points; the
        ``current`` one is drawn stronger. They are not spans: nothing here stores them."""
        self.ghosts = []
        self._ghosts_by_block = {}
        for i, (start, end, color) in enumerate(ghosts):
            u_start, u_end = self._offsets.span_to_utf16(start, end)
            self.ghosts.append((u_start, u_end, color, i == current))
            for number in self._block_numbers(u_start, u_end):
                self._ghosts_by_block.setdefault(number, []).append(i)
        self.viewport().update()

    def ghosts_in_block(self, number: int) -> list[tuple[int, int, str, bool]]:
        return [self.ghosts[i] for i in self._ghosts_by_block.get(number, [])]

    def set_hints(self, span_ids: list[str], focus: str = "") -> None:
        """Outline spans related to the selection (a quote's speaker mentions and cue, the
        candidates while picking a speaker); ``focus`` is drawn stronger."""
        hint_ids = [i for i in span_ids if i in self._placed]
        hint_focus = focus if focus in self._placed else ""
        if (hint_ids, hint_focus) == (self.hint_ids, self.hint_focus):
            return  # (every selection and label sets them, most often to none again)
        blocks: set[int] = set()
        for span_id in {*self.hint_ids, *hint_ids}:  # the outlines that go and those that come
            placed = self._placed.get(span_id)
            if placed is not None:
                blocks |= self._block_numbers(placed.u_start, placed.u_end)
        self.hint_ids, self.hint_focus = hint_ids, hint_focus
        self._repaint_blocks(blocks)

    # -- painting ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        super().paintEvent(event)
        self._overlay.paint(event)
        if self.extra_painter is not None:
            self.extra_painter(event)

    def block_origin(self, block: QTextBlock) -> QPointF:
        return self.blockBoundingGeometry(block).translated(self.contentOffset()).topLeft()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        rect = self.contentsRect()
        self._margin.setGeometry(QRect(rect.left(), rect.top(), MARGIN, rect.height()))

    def _on_self_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self._margin.scroll(0, dy)
        else:
            self._margin.update(0, rect.y(), MARGIN, rect.height())

    # -- interaction ---------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            point = self.viewport().mapFromGlobal(event.globalPos())
            cp = self.char_at(point)
            spans = self.spans_at(cp) if cp is not None else []
            extra = self.extra_tooltip(cp) if self.extra_tooltip and cp is not None else ""
            if spans or extra:
                inner = tooltip_for(spans)[4:-5] if spans else ""
                joined = "<hr>".join(t for t in (extra, inner) if t)
                QToolTip.showText(event.globalPos(), f"<qt>{joined}</qt>", self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def edge_at(self, point: QPoint) -> str | None:
        """ "start" or "end" if ``point`` is on an edge of the selected span (within a few px).

        Only the edge itself is a handle: a press a little inside the span selects text as
        usual, so a nested span can start where its container starts."""
        placed = self._placed.get(self.selected_span_id)
        if placed is None:
            return None
        for edge, cp in (("start", placed.span.start), ("end", placed.span.end)):
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._offsets.to_utf16(cp))
            rect = self.cursorRect(cursor)
            near = abs(point.x() - rect.center().x()) <= EDGE_GRIP_PX
            if near and rect.top() <= point.y() <= rect.bottom():
                return edge
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        edge = self.edge_at(event.position().toPoint())
        if edge is not None and event.button() == Qt.MouseButton.LeftButton:
            placed = self._placed[self.selected_span_id]
            self._drag = (placed.span.id, edge)
            self._drag_preview = (placed.span.start, placed.span.end)
            return
        super().mousePressEvent(event)

    def _drag_range(self, point: QPoint) -> tuple[int, int] | None:
        assert self._drag is not None
        span = self._placed[self._drag[0]].span
        pos = self.position_at(point)
        start, end = (pos, span.end) if self._drag[1] == "start" else (span.start, pos)
        return (start, end) if start < end else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if self._drag is not None:
            preview = self._drag_range(event.position().toPoint())
            if preview is not None:
                self._drag_preview = preview
                self.viewport().update()
            return
        point = event.position().toPoint()
        on_edge = self.edge_at(point) is not None
        self.viewport().setCursor(
            Qt.CursorShape.SizeHorCursor if on_edge else Qt.CursorShape.IBeamCursor
        )
        cp = self.char_at(point)
        hovered = [s.id for s in self.spans_at(cp)] if cp is not None else []
        if hovered != self._hovered:
            self._hovered = hovered
            self.spans_hovered.emit(hovered)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if self._drag is not None:
            final = self._drag_range(event.position().toPoint()) or self._drag_preview
            span = self._placed[self._drag[0]].span
            self._drag, self._drag_preview = None, None
            self.viewport().update()
            if final is not None and final != (span.start, span.end):
                self.resize_requested.emit(span.id, *final)
            return
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        cp = self.char_at(event.position().toPoint())
        self.click_at(cp)

    def click_at(self, cp: int | None) -> None:
        """A click with no selection: select the span there; clicking again cycles the stack."""
        stack = self.spans_at(cp) if cp is not None else []
        if not stack or cp is None:
            self._last_click = None
            self.span_selected.emit("")
            return
        ids = [s.id for s in stack]
        chosen = ids[0]
        if self._last_click and self._last_click[0] == cp and self.selected_span_id in ids:
            chosen = ids[(ids.index(self.selected_span_id) + 1) % len(ids)]
        self._last_click = (cp, chosen)
        self.span_selected.emit(chosen)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt API)
        menu = self.createStandardContextMenu(event.pos())
        cp = self.char_at(self.viewport().mapFrom(self, event.pos()))
        stack = self.spans_at(cp) if cp is not None else []
        if stack:
            first = menu.actions()[0] if menu.actions() else None
            header = QMenu("Select span here", menu)
            for span in stack:
                action = header.addAction(plain.menu_text(f"{span.label}: {_short(span.text)}"))
                action.triggered.connect(lambda _=False, sid=span.id: self.span_selected.emit(sid))
            menu.insertMenu(first, header)
            menu.insertSeparator(first)
        menu.exec(event.globalPos())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        placed = self._placed.get(self.selected_span_id)
        mods = event.modifiers()
        shift = Qt.KeyboardModifier.ShiftModifier
        ctrl = Qt.KeyboardModifier.ControlModifier
        arrows = (Qt.Key.Key_Left, Qt.Key.Key_Right)
        if (
            placed is not None
            and event.key() in arrows
            and mods & shift
            and not self.textCursor().hasSelection()
        ):
            direction = 1 if event.key() == Qt.Key.Key_Right else -1
            start, end = placed.span.start, placed.span.end
            if mods & ctrl:
                start = self._step(start, direction)
            else:
                end = self._step(end, direction)
            if self.snapping:  # a word step lands on the space before or after the word
                start, end = trim(self._text, start, end)
            if 0 <= start < end <= len(self._text):
                self.resize_requested.emit(placed.span.id, start, end)
            return
        if event.key() == Qt.Key.Key_Escape:
            self.clear_selection()
            self.span_selected.emit("")
            return
        if placed is not None and event.key() in _CARET_KEYS and not mods & shift:
            # moving the caret leaves the span: Shift+arrows then select text again
            self.span_selected.emit("")
        super().keyPressEvent(event)

    def _step(self, pos: int, direction: int) -> int:
        if self.snapping:
            return word_step(self._text, pos, direction)
        return max(0, min(len(self._text), pos + direction))


def _short(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def tooltip_for(spans: list[Span]) -> str:
    """Every label under the cursor, innermost first; document text escaped, never rich text."""
    lines = [
        f"<b>{html.escape(s.label)}</b> ({s.layer.value}): {html.escape(_short(s.text, 60))}"
        + (f"<br><i>{html.escape(_short(s.note, 80))}</i>" if s.note else "")
        for s in spans
    ]
    return "<qt>" + "<br>".join(lines) + "</qt>"


# -- what the view paints over its text ------------------------------------------------------


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
