"""Charts painted with QPainter (PySide6-Essentials has no QtCharts): horizontal bars, plain or
stacked, and a timeline of counts per day; each says "nothing yet" when it has nothing to show
and saves itself as a PNG."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from annotator.ui.common import plain
from annotator.ui.common.palette import text_color

MARGIN, GAP = 12, 8  # pixels
LABEL_SHARE = 0.4  # row labels take at most this share of the width (longer ones are elided)
MIN_COLUMN = 6  # pixels: a timeline with narrower columns groups days into weeks or months
MAX_COLUMN = 48  # pixels: a few days do not fill the width
NOTHING_YET = "nothing yet"
GRID = QColor("#d0d0d0")
LEFT = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
RIGHT = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight
CENTER = Qt.AlignmentFlag.AlignCenter


@dataclass(frozen=True)
class Segment:
    value: int
    color: str
    name: str = ""  # its series, said in the tooltip


@dataclass(frozen=True)
class Bar:
    """One row: a label and its segments (one for a plain bar). No segment: a heading row."""

    label: str
    segments: tuple[Segment, ...] = ()

    @property
    def total(self) -> int:
        return sum(s.value for s in self.segments)


@dataclass(frozen=True)
class Series:
    name: str
    color: str


class Chart(QWidget):
    """What every chart has: a legend along the top, "nothing yet" when empty, a PNG."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._legend: tuple[Series, ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setBackgroundRole(self.palette().ColorRole.Base)
        self.setAutoFillBackground(True)
        self.setMouseTracking(True)

    def is_empty(self) -> bool:
        return True

    def legend(self) -> tuple[Series, ...]:
        return self._legend

    def render_png(self, path: str | Path) -> bool:
        """Save the chart as it looks (at its size hint when it is not on screen)."""
        if not self.isVisible():
            self.resize(self.size().expandedTo(self.sizeHint()))
        return self.grab().save(str(path), "PNG")

    def tip_at(self, pos: QPoint) -> str:
        return ""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        if self.is_empty():
            self.paint_nothing(painter)
            return
        self.paint_legend(painter)
        self.paint(painter)

    def paint(self, painter: QPainter) -> None:
        """The chart itself, below its legend (it is not empty)."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.tip_at(event.pos())
            if tip:
                QToolTip.showText(event.globalPos(), plain.tooltip(tip), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    # -- for the charts ------------------------------------------------------------------------

    def bold(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def row_height(self) -> int:
        return self.fontMetrics().height() + 10

    def plot_top(self) -> int:
        return MARGIN + (self.row_height() if self._legend else 0)

    def paint_legend(self, painter: QPainter) -> None:
        fm = self.fontMetrics()
        x, box = MARGIN, fm.height() - 4
        painter.setPen(self.palette().windowText().color())
        for series in self._legend:
            painter.fillRect(QRect(x, MARGIN + 2, box, box), QColor(series.color))
            x += box + 5
            width = fm.horizontalAdvance(series.name)
            painter.drawText(QRect(x, MARGIN, width + 2, fm.height()), LEFT, series.name)
            x += width + 18

    def paint_nothing(self, painter: QPainter) -> None:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        painter.setFont(font)
        painter.setPen(self.palette().placeholderText().color())
        painter.drawText(self.rect(), CENTER, NOTHING_YET)


class BarChart(Chart):
    """Horizontal bars, a row each, labels on the left and each bar's value after it; a
    stacked bar also shows each segment's value inside it where it fits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: tuple[Bar, ...] = ()

    def set_bars(self, bars: Sequence[Bar], legend: Sequence[Series] = ()) -> None:
        self._bars = tuple(bars)
        self._legend = tuple(legend)
        self.updateGeometry()
        self.update()

    def bars(self) -> tuple[Bar, ...]:
        return self._bars

    def is_empty(self) -> bool:
        return not any(b.total for b in self._bars)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        rows = max(len(self._bars), 4)
        return QSize(560, self.plot_top() + rows * self.row_height() + MARGIN)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(300, self.sizeHint().height() if not self.is_empty() else 120)

    def _row(self, i: int) -> QRect:
        top = self.plot_top() + i * self.row_height()
        return QRect(MARGIN, top, self.width() - 2 * MARGIN, self.row_height())

    def _label_width(self) -> int:
        fm, bold = self.fontMetrics(), QFontMetrics(self.bold())
        widest = max(
            ((fm if b.segments else bold).horizontalAdvance(b.label) for b in self._bars),
            default=0,
        )
        return min(int((self.width() - 2 * MARGIN) * LABEL_SHARE), widest + 6)

    def row_at(self, pos: QPoint) -> int | None:
        return next((i for i in range(len(self._bars)) if self._row(i).contains(pos)), None)

    def tip_at(self, pos: QPoint) -> str:
        i = self.row_at(pos)
        if i is None or not self._bars[i].segments:
            return ""
        bar = self._bars[i]
        named = [f"{s.name}: {s.value:,}" for s in bar.segments if s.name]
        return "\n".join([f"{bar.label}: {bar.total:,}", *named])

    def paint(self, painter: QPainter) -> None:
        fm, ink = self.fontMetrics(), self.palette().windowText().color()
        label_w = self._label_width()
        left = MARGIN + label_w + GAP
        value_w = fm.horizontalAdvance(f"{max(b.total for b in self._bars):,}") + 8
        room = max(1.0, float(self.width() - MARGIN - value_w - left))
        most = max(b.total for b in self._bars)
        painter.setPen(GRID)
        painter.drawLine(left, self._row(0).top(), left, self._row(len(self._bars) - 1).bottom())
        for i, bar in enumerate(self._bars):
            row = self._row(i)
            label_rect = QRect(row.left(), row.top(), label_w, row.height())
            painter.setPen(ink)
            if not bar.segments:  # a heading row
                painter.setFont(self.bold())
                painter.drawText(label_rect, LEFT, bar.label)
                painter.setFont(self.font())
                continue
            painter.drawText(label_rect, LEFT, fm.elidedText(bar.label, ELIDE, label_w))
            x = float(left)
            for seg in bar.segments:
                end = x + room * seg.value / most
                rect = QRect(round(x), row.top() + 3, round(end) - round(x), row.height() - 6)
                fill = QColor(seg.color)
                painter.fillRect(rect, fill)
                text = f"{seg.value:,}"
                stacked = len(bar.segments) > 1
                if stacked and seg.value and fm.horizontalAdvance(text) + 6 <= rect.width():
                    painter.setPen(text_color(fill))
                    painter.drawText(rect, CENTER, text)
                x = end
            painter.setPen(ink)
            painter.drawText(QRect(round(x) + 5, row.top(), value_w, row.height()), LEFT,
                             f"{bar.total:,}")  # fmt: skip


ELIDE = Qt.TextElideMode.ElideRight


@dataclass(frozen=True)
class Day:
    day: dt.date
    counts: tuple[int, ...]  # one per series


@dataclass(frozen=True)
class _Bucket:
    start: dt.date
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


def _week(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _month(d: dt.date) -> dt.date:
    return d.replace(day=1)


def _next_month(d: dt.date) -> dt.date:
    return (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


UNITS: tuple[tuple[str, Callable[[dt.date], dt.date], Callable[[dt.date], dt.date]], ...] = (
    ("day", lambda d: d, lambda d: d + dt.timedelta(days=1)),
    ("week", _week, lambda d: d + dt.timedelta(days=7)),
    ("month", _month, _next_month),
)


def buckets(days: Sequence[Day], width: int, series: int) -> tuple[str, list[_Bucket]]:
    """The days in columns: per day if each column gets ``MIN_COLUMN`` pixels of ``width``,
    else per week, else per month; every column from the first to the last, empty or not."""
    if not days:
        return "day", []
    first, last = min(d.day for d in days), max(d.day for d in days)
    for unit, start_of, after in UNITS:
        starts = [start_of(first)]
        while starts[-1] < start_of(last):
            starts.append(after(starts[-1]))
        if len(starts) * MIN_COLUMN <= width or unit == "month":
            sums = {s: [0] * series for s in starts}
            for d in days:
                counts = sums[start_of(d.day)]
                for i, n in enumerate(d.counts):
                    counts[i] += n
            return unit, [_Bucket(s, tuple(sums[s])) for s in starts]
    raise AssertionError("unreachable")


class Timeline(Chart):
    """Counts per day as stacked columns along a time axis, with a scale on the left and
    dates below; too many days for the width are shown per week or per month (said above
    the columns). Columns wide enough carry their value, else the highest one does."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._days: tuple[Day, ...] = ()
        self._series: tuple[Series, ...] = ()

    def set_days(self, days: Sequence[Day], series: Sequence[Series]) -> None:
        self._days = tuple(sorted(days, key=lambda d: d.day))
        self._series = tuple(series)
        self._legend = self._series if len(self._series) > 1 else ()
        self.update()

    def days(self) -> tuple[Day, ...]:
        return self._days

    def is_empty(self) -> bool:
        return not any(sum(d.counts) for d in self._days)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(640, 340)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(300, 220)

    def _plot(self) -> QRect:
        fm = self.fontMetrics()
        most = sum(sum(d.counts) for d in self._days)  # no column is higher (weeks, months)
        scale_w = fm.horizontalAdvance(f"{most:,}") + 10
        top = self.plot_top() + fm.height() + 6  # the unit and the peak's value above
        bottom = self.height() - MARGIN - fm.height() - 6  # the dates below
        return QRect(MARGIN + scale_w, top, self.width() - 2 * MARGIN - scale_w, bottom - top)

    def columns(self) -> tuple[str, list[_Bucket]]:
        """The unit of the columns as drawn now, and the columns."""
        return buckets(self._days, self._plot().width(), len(self._series))

    def tip_at(self, pos: QPoint) -> str:
        plot = self._plot()
        unit, cols = self.columns()
        if not cols or not plot.contains(pos):
            return ""
        step = min(plot.width() / len(cols), MAX_COLUMN)
        i = int((pos.x() - plot.left()) // step)
        if i >= len(cols):
            return ""
        col = cols[i]
        named = [f"{s.name}: {n:,}" for s, n in zip(self._series, col.counts, strict=True)]
        return "\n".join([f"{unit} of {col.start.isoformat()}: {col.total:,}", *named])

    def paint(self, painter: QPainter) -> None:
        fm, ink = self.fontMetrics(), self.palette().windowText().color()
        plot = self._plot()
        unit, cols = self.columns()
        most = max(c.total for c in cols)
        painter.setPen(ink)
        caption = QRect(plot.left(), plot.top() - fm.height() - 6, plot.width(), fm.height())
        painter.drawText(caption, RIGHT, f"spans per {unit}")
        for value in (0, most // 2, most) if most > 1 else (0, most):  # the scale
            y = plot.bottom() - round(plot.height() * value / most)
            painter.setPen(GRID)
            painter.drawLine(plot.left(), y, plot.right(), y)
            painter.setPen(ink)
            scale = QRect(MARGIN, y - fm.height() // 2, plot.left() - MARGIN - 6, fm.height())
            painter.drawText(scale, RIGHT, f"{value:,}")
        step = min(plot.width() / len(cols), MAX_COLUMN)
        peak = max(range(len(cols)), key=lambda i: cols[i].total)
        for i, col in enumerate(cols):
            x0, x1 = plot.left() + round(i * step), plot.left() + round((i + 1) * step)
            width = max(1, x1 - x0 - (1 if step >= 4 else 0))
            top = float(plot.bottom())
            for series, n in zip(self._series, col.counts, strict=True):
                h = plot.height() * n / most
                painter.fillRect(QRect(x0, round(top - h), width, round(top) - round(top - h)),
                                 QColor(series.color))  # fmt: skip
                top -= h
            text = f"{col.total:,}"
            if col.total and (fm.horizontalAdvance(text) + 2 <= step or i == peak):
                painter.setPen(ink)
                w = fm.horizontalAdvance(text) + 2
                left = min(max(plot.left(), x0 + width // 2 - w // 2), plot.right() - w)
                painter.drawText(QRect(left, round(top) - fm.height() - 2, w, fm.height()),
                                 CENTER, text)  # fmt: skip
        self._paint_dates(painter, plot, unit, cols)

    def _paint_dates(self, painter: QPainter, plot: QRect, unit: str, cols: list[_Bucket]) -> None:
        """The first and last column's dates, and as many between as fit."""
        fm = self.fontMetrics()
        painter.setPen(self.palette().windowText().color())
        label = (lambda d: d.strftime("%Y-%m")) if unit == "month" else dt.date.isoformat
        width = fm.horizontalAdvance("0000-00-00") + 16
        step = min(plot.width() / len(cols), MAX_COLUMN)
        shown = max(1, min(len(cols), round(step * len(cols)) // width))
        picks = sorted({round(k * (len(cols) - 1) / max(shown - 1, 1)) for k in range(shown)})
        y = plot.bottom() + 4
        for i in picks:
            centre = plot.left() + round((i + 0.5) * step)
            w = fm.horizontalAdvance(label(cols[i].start)) + 2
            left = max(plot.left(), min(centre - w // 2, plot.right() - w + 1))
            painter.drawText(QRect(left, y, w, fm.height()), CENTER, label(cols[i].start))
