"""A labelled matrix painted as a heatmap: the confusion of two annotators' labels, pairwise F1."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QLinearGradient,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from annotator.core.agreement.records import UNMATCHED, Confusion
from annotator.ui.common import plain
from annotator.ui.common.palette import text_color

# ColorBrewer "Blues" (sequential, one hue, safe for the common colour-vision deficiencies and
# in greyscale): light = few, dark = many.
RAMP = tuple(
    QColor(c)
    for c in (
        "#f7fbff",
        "#deebf7",
        "#c6dbef",
        "#9ecae1",
        "#6baed6",
        "#4292c6",
        "#2171b5",
        "#08519c",
        "#08306b",
    )
)
NO_VALUE = QColor("#e4e4e4")  # a cell without a value: "—" against "—", the pairwise diagonal
ZERO_TEXT = QColor("#6a6a6a")
MARGIN, GAP, LABEL_MAX = 12, 2, 170  # pixels; LABEL_MAX: longer labels are elided (tooltip)

Cells = Mapping[tuple[str, str], float | None]


def shade(t: float) -> QColor:
    """The ramp colour at ``t`` in [0, 1], interpolated between its steps."""
    t = min(1.0, max(0.0, t)) * (len(RAMP) - 1)
    i = min(int(t), len(RAMP) - 2)
    f = t - i
    lo, hi = RAMP[i], RAMP[i + 1]
    return QColor.fromRgbF(
        lo.redF() + (hi.redF() - lo.redF()) * f,
        lo.greenF() + (hi.greenF() - lo.greenF()) * f,
        lo.blueF() + (hi.blueF() - lo.blueF()) * f,
    )


@dataclass(frozen=True)
class _Geometry:
    grid: QRect  # the cells
    cell: QSize
    row_labels: QRect
    col_labels: QRect


class Heatmap(QWidget):
    """Rows against columns, each cell shaded by its value and showing it as text.

    All text (labels, titles) is painted with ``QPainter.drawText``: plain characters, never
    markup. Missing cells and ``None`` values are drawn grey and empty.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("heatmap")
        self.setAutoFillBackground(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._rows: tuple[str, ...] = ()
        self._cols: tuple[str, ...] = ()
        self._cells: dict[tuple[str, str], float | None] = {}
        self._row_title = self._col_title = ""
        self._maximum = 1.0
        self._decimals = 0
        self._empty_text = "Nothing to show"

    # -- content -------------------------------------------------------------------------------

    def set_matrix(
        self,
        rows: Sequence[str],
        cols: Sequence[str],
        cells: Cells,
        *,
        row_title: str,
        col_title: str,
        maximum: float | None = None,
        decimals: int = 0,
        empty_text: str = "Nothing to show",
    ) -> None:
        """Show ``cells[(row, col)]``; the darkest shade stands for ``maximum`` (default: the
        largest value)."""
        self._rows, self._cols = tuple(rows), tuple(cols)
        self._cells = {k: cells.get(k) for k in ((r, c) for r in rows for c in cols)}
        self._row_title, self._col_title = row_title, col_title
        values = [v for v in self._cells.values() if v is not None]
        self._maximum = maximum if maximum is not None else max(values, default=0.0)
        self._decimals = decimals
        self._empty_text = empty_text
        self.updateGeometry()
        self.update()

    def show_confusion(self, confusion: Confusion, a_name: str, b_name: str) -> None:
        """A's labels down, B's across (the same labels both ways, so agreement is the
        diagonal), and ``UNMATCHED`` for a span the other did not have."""
        labels = [x for x in confusion.labels if x != UNMATCHED]
        rows = cols = [*labels, UNMATCHED] if labels else []
        cells: dict[tuple[str, str], float | None] = {
            (r, c): float(confusion.counts.get(r, {}).get(c, 0)) for r in rows for c in cols
        }
        cells[UNMATCHED, UNMATCHED] = None
        self.set_matrix(
            rows,
            cols,
            cells,
            row_title=f"A: {a_name}",
            col_title=f"B: {b_name}",
            empty_text="Neither annotator has spans of this layer on the documents compared.",
        )

    def rows(self) -> tuple[str, ...]:
        return self._rows

    def columns(self) -> tuple[str, ...]:
        return self._cols

    def value(self, row: str, col: str) -> float | None:
        return self._cells.get((row, col))

    def text(self, value: float | None) -> str:
        return "" if value is None else f"{value:.{self._decimals}f}"

    def render_png(self, path: str | Path) -> bool:
        """Save the heatmap as it looks (at its size hint when it is not on screen)."""
        if not self.isVisible():
            self.resize(self.size().expandedTo(self.sizeHint()))
        return self.grab().save(str(path), "PNG")

    # -- geometry ------------------------------------------------------------------------------

    def _bold(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def _min_cell(self) -> QSize:
        fm = self.fontMetrics()
        widest = max((fm.horizontalAdvance(self.text(v)) for v in self._cells.values()), default=0)
        return QSize(max(48, widest + 16), max(30, fm.height() + 14))

    def _label_width(self, labels: Sequence[str]) -> int:
        fm = self.fontMetrics()
        return min(LABEL_MAX, max((fm.horizontalAdvance(x) for x in labels), default=0))

    def _geometry(self, width: int, height: int, scale: float | None = None) -> _Geometry:
        """Where everything goes: cells fill the room up to thrice their least size (or are
        ``scale`` times it), column labels too wide for their cell are written upwards."""
        fm, bold = self.fontMetrics(), QFontMetrics(self._bold())
        cell = self._min_cell()
        title_h = bold.height() + 6
        row_w = self._label_width(self._rows) + 10
        left = MARGIN + title_h + row_w
        legend_h = fm.height() + 22
        n_rows, n_cols = max(1, len(self._rows)), max(1, len(self._cols))
        if scale is None:
            cw = min(3 * cell.width(), max(cell.width(), (width - left - MARGIN) // n_cols))
        else:
            cw = int(scale * cell.width())
        widths = [min(LABEL_MAX, fm.horizontalAdvance(c)) for c in self._cols]
        col_h = max((w if w > cw - 8 else fm.height() for w in widths), default=0) + 8
        top = MARGIN + title_h + col_h
        if scale is None:
            ch = min(2 * cell.height(), max(cell.height(), (height - top - legend_h) // n_rows))
        else:
            ch = int(scale * cell.height())
        grid_w, grid_h = cw * n_cols, ch * n_rows
        shift = max(0, (width - left - MARGIN - grid_w) // 2)  # centre the block
        grid = QRect(left + shift, top, grid_w, grid_h)
        return _Geometry(
            grid,
            QSize(cw, ch),
            QRect(grid.left() - row_w, top, row_w - 6, grid_h),
            QRect(grid.left(), top - col_h, grid_w, col_h - 4),
        )

    def _natural(self, scale: float) -> QSize:
        g = self._geometry(0, 0, scale)
        legend_h = self.fontMetrics().height() + 22
        title = QFontMetrics(self._bold()).horizontalAdvance(self._col_title)
        width = max(g.grid.right(), g.grid.left() + title) + MARGIN
        return QSize(max(width, 260), max(g.grid.bottom() + legend_h, 160))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return self._natural(1.0)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return self._natural(1.4)

    def cell_at(self, pos: QPoint) -> tuple[str, str] | None:
        """The (row, column) under a point of the widget, if any."""
        g = self._geometry(self.width(), self.height())
        if not self._rows or not self._cols or not g.grid.contains(pos):
            return None
        row = (pos.y() - g.grid.top()) // g.cell.height()
        col = (pos.x() - g.grid.left()) // g.cell.width()
        if 0 <= row < len(self._rows) and 0 <= col < len(self._cols):
            return self._rows[row], self._cols[col]
        return None

    # -- painting ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        ink = self.palette().windowText().color()
        if not self._rows or not self._cols:
            painter.setPen(ink)
            painter.drawText(
                self.rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self._empty_text,
            )
            painter.end()
            return
        g = self._geometry(self.width(), self.height())
        self._paint_titles(painter, g, ink)
        self._paint_labels(painter, g, ink)
        self._paint_cells(painter, g)
        self._paint_legend(painter, g, ink)
        painter.end()

    def _paint_titles(self, painter: QPainter, g: _Geometry, ink: QColor) -> None:
        painter.setFont(self._bold())
        painter.setPen(ink)
        fm = painter.fontMetrics()
        width = self.width() - g.grid.left() - MARGIN
        title = fm.elidedText(self._col_title, Qt.TextElideMode.ElideRight, width)
        painter.drawText(g.grid.left(), MARGIN + fm.ascent(), title)
        painter.save()  # the row title reads bottom to top, just left of the row labels
        painter.translate(g.row_labels.left() - fm.height() - 4, g.grid.bottom())
        painter.rotate(-90)
        side = QRect(0, 0, max(g.grid.height(), 60), fm.height())
        title = fm.elidedText(self._row_title, Qt.TextElideMode.ElideRight, side.width())
        painter.drawText(side, Qt.AlignmentFlag.AlignCenter, title)
        painter.restore()
        painter.setFont(self.font())

    def _paint_labels(self, painter: QPainter, g: _Geometry, ink: QColor) -> None:
        fm = painter.fontMetrics()
        painter.setPen(ink)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for i, label in enumerate(self._rows):
            y = g.grid.top() + i * g.cell.height()
            rect = QRect(g.row_labels.left(), y, g.row_labels.width(), g.cell.height())
            painter.drawText(
                rect, right, fm.elidedText(label, Qt.TextElideMode.ElideRight, LABEL_MAX)
            )
        below = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom
        for j, label in enumerate(self._cols):
            x = g.grid.left() + j * g.cell.width()
            text = fm.elidedText(label, Qt.TextElideMode.ElideRight, LABEL_MAX)
            if fm.horizontalAdvance(text) <= g.cell.width() - 8:  # fits: written across ("—")
                painter.drawText(
                    QRect(x, g.col_labels.top(), g.cell.width(), g.col_labels.height()), below, text
                )
                continue
            painter.save()  # too wide for its column: written bottom to top
            painter.translate(
                x + (g.cell.width() + fm.ascent() - fm.descent()) / 2, g.grid.top() - 6
            )
            painter.rotate(-90)
            painter.drawText(QPointF(0, 0), text)
            painter.restore()

    def _paint_cells(self, painter: QPainter, g: _Geometry) -> None:
        painter.setFont(self._bold())
        top = self._maximum or 1.0
        for i, r in enumerate(self._rows):
            for j, c in enumerate(self._cols):
                rect = QRect(
                    g.grid.left() + j * g.cell.width(),
                    g.grid.top() + i * g.cell.height(),
                    g.cell.width() - GAP,
                    g.cell.height() - GAP,
                )
                value = self._cells.get((r, c))
                fill = NO_VALUE if value is None else shade(value / top)
                painter.fillRect(rect, fill)
                if value is not None and r == c and r != UNMATCHED:  # agreement: outlined
                    painter.setPen(QPen(QColor("#08306b"), 1.5))
                    painter.drawRect(QRectF(rect).adjusted(1, 1, -1, -1))
                if value is None:
                    continue
                painter.setPen(ZERO_TEXT if value == 0 else text_color(fill))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.text(value))
        painter.setFont(self.font())

    def _paint_legend(self, painter: QPainter, g: _Geometry, ink: QColor) -> None:
        fm = painter.fontMetrics()
        y = g.grid.bottom() + 12
        low, high = self.text(0.0), self.text(self._maximum)
        x = g.grid.left()
        painter.setPen(ink)
        painter.drawText(QPoint(x, y + fm.ascent()), low)
        bar = QRect(x + fm.horizontalAdvance(low) + 6, y + 2, 120, fm.ascent() - 2)
        gradient = QLinearGradient(QPointF(bar.topLeft()), QPointF(bar.topRight()))
        for k, color in enumerate(RAMP):
            gradient.setColorAt(k / (len(RAMP) - 1), color)
        painter.fillRect(bar, gradient)
        painter.setPen(QPen(QColor("#999999"), 1))
        painter.drawRect(bar)
        painter.setPen(ink)
        painter.drawText(QPoint(bar.right() + 6, y + fm.ascent()), high)

    # -- tooltips ------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cell = self.cell_at(event.pos())
            if cell is None:
                QToolTip.hideText()
                event.ignore()
                return True
            value = self._cells.get(cell)
            shown = "no value" if value is None else self.text(value)
            QToolTip.showText(
                event.globalPos(),
                plain.tooltip(
                    f"{self._row_title} · {cell[0]}\n{self._col_title} · {cell[1]}\n{shown}"
                ),
                self,
            )
            return True
        return super().event(event)
