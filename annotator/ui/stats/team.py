"""The Progress section of the Statistics view (issue 15): a bar per assignee (done, started,
not started, stacked), the pairs' agreement as a small heatmap (assignees x assignees, each
cell coloured by its overlap F1 with the value written in it; "—" on grey for a pair that
shares documents but has no F1 yet, hatched for a pair that shares none, said in a legend
below), the assignees' table and the documents ready for review; painted with QPainter like
the other charts, saved as one PNG."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from annotator.app import progress as team
from annotator.app.progress import DASH, HOW_TO_ASSIGN, f3
from annotator.app.stats import Statistics
from annotator.core.agreement.records import Counts
from annotator.core.progress import PairAgreement, Progress
from annotator.ui.common.palette import text_color
from annotator.ui.common.views import table_view
from annotator.ui.stats.charts import CENTER, ELIDE, GAP, GRID, LEFT, MARGIN, Chart, Series
from annotator.ui.stats.sections import STATUS_COLOURS, FigureTableModel, Section

DONE, STARTED, WAITING = STATUS_COLOURS["done"], STATUS_COLOURS["in progress"], "#D9D9D9"
LEGEND = (Series("done", DONE), Series("started", STARTED), Series("not started", WAITING))
LOW, HIGH = QColor("#F7FBFF"), QColor("#08519C")  # F1 0 and 1 (a sequential blue)
NO_F1 = QColor("#E4E4E4")  # a pair sharing documents, without an F1 yet ("—")
NO_SHARED = QColor("#B8B8B8")  # the hatching of a pair sharing no document
NO_F1_NOTE = "no F1 yet: no document both have done, or no spans on them"
NO_SHARED_NOTE = "no document assigned to both"
_NO_F1 = PairAgreement("", "", 0, (), Counts(0, 0, 0), {})  # (the legend's swatch)
CELL = 46  # pixels: a heatmap cell at most
MIN_CELL = 30
LABEL_MAX = 160  # pixels: names beside the bars and the heatmap


def f1_colour(value: float) -> QColor:
    """The heatmap's colour of an F1 (0..1): from light to dark blue."""
    t = min(1.0, max(0.0, value))
    return QColor(
        round(LOW.red() + (HIGH.red() - LOW.red()) * t),
        round(LOW.green() + (HIGH.green() - LOW.green()) * t),
        round(LOW.blue() + (HIGH.blue() - LOW.blue()) * t),
    )


class ProgressChart(Chart):
    """The bars (top) and the heatmap (below): "nothing yet" without an assignment."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._progress: Progress | None = None
        self._legend = LEGEND

    def set_progress(self, progress: Progress | None) -> None:
        self._progress = progress
        self.updateGeometry()
        self.update()

    def progress(self) -> Progress | None:
        return self._progress

    def is_empty(self) -> bool:
        return self._progress is None or not self._progress.assigned

    def names(self) -> list[str]:
        """The assignees in the heatmap: those in a pair."""
        p = self._progress
        if p is None:
            return []
        return sorted({x.a for x in p.pairs} | {x.b for x in p.pairs})

    def _label_width(self) -> int:
        p, fm = self._progress, self.fontMetrics()
        names = [a.name for a in p.assignees] if p is not None else []
        return min(LABEL_MAX, max((fm.horizontalAdvance(n) for n in names), default=0) + 8)

    def _cell(self) -> int:
        n = len(self.names())
        room = self.width() - 2 * MARGIN - self._label_width()
        return max(MIN_CELL, min(CELL, room // n if n else CELL))

    def _head_height(self) -> int:
        """The heatmap's column heads: the names, written upwards."""
        fm = self.fontMetrics()
        widest = max((fm.horizontalAdvance(n) for n in self.names()), default=0)
        return min(LABEL_MAX, widest) + 14

    def _heat_top(self) -> int:
        p = self._progress
        rows = len(p.assignees) if p is not None else 0
        return self.plot_top() + rows * self.row_height() + 2 * GAP + self.row_height()

    def _key_height(self) -> int:
        """The heatmap's legend below it: a row for each kind of cell without a value."""
        return 2 * self.row_height() + GAP

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        n = len(self.names())
        heat = (
            (n * CELL + self._head_height() + GAP + self._key_height()) if n else self.row_height()
        )
        return QSize(560, self._heat_top() + heat + MARGIN)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        if self.is_empty():
            return QSize(300, 120)
        n = len(self.names())
        heat = (
            (n * MIN_CELL + self._head_height() + GAP + self._key_height())
            if n
            else self.row_height()
        )
        return QSize(300, self._heat_top() + heat + MARGIN)

    def paint_nothing(self, painter: QPainter) -> None:
        super().paint_nothing(painter)
        if self._progress is not None:  # counted: nothing is assigned
            painter.setFont(self.font())
            box = self.rect().adjusted(MARGIN, self.height() // 2 + 20, -MARGIN, -MARGIN)
            flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            painter.drawText(box, int(flags) | int(Qt.TextFlag.TextWordWrap), HOW_TO_ASSIGN)

    def paint(self, painter: QPainter) -> None:
        p = self._progress
        assert p is not None
        self._paint_bars(painter, p)
        self._paint_heatmap(painter)

    def _paint_bars(self, painter: QPainter, p: Progress) -> None:
        fm, ink = self.fontMetrics(), self.palette().windowText().color()
        label_w = self._label_width()
        left = MARGIN + label_w + GAP
        value_w = fm.horizontalAdvance("0,000 of 0,000 done (100.0%)") + 8
        room = max(1.0, float(self.width() - MARGIN - value_w - left))
        most = max((a.assigned for a in p.assignees), default=1) or 1
        for i, a in enumerate(p.assignees):
            top = self.plot_top() + i * self.row_height()
            painter.setPen(ink)
            name = fm.elidedText(a.name, ELIDE, label_w)
            painter.drawText(QRect(MARGIN, top, label_w, self.row_height()), LEFT, name)
            x = float(left)
            parts = (
                (a.done, DONE),
                (a.started - a.done, STARTED),
                (a.assigned - a.started, WAITING),
            )
            for value, colour in parts:
                end = x + room * max(0, value) / most
                rect = QRect(round(x), top + 3, round(end) - round(x), self.row_height() - 6)
                painter.fillRect(rect, QColor(colour))
                text = f"{value:,}"
                if value and fm.horizontalAdvance(text) + 6 <= rect.width():
                    painter.setPen(text_color(QColor(colour)))
                    painter.drawText(rect, CENTER, text)
                x = end
            painter.setPen(ink)
            share = f" ({100 * a.done / a.assigned:.1f}%)" if a.assigned else ""
            said = f"{a.done:,} of {a.assigned:,} done{share}"
            painter.drawText(QRect(round(x) + 5, top, value_w, self.row_height()), LEFT, said)

    def _paint_heatmap(self, painter: QPainter) -> None:
        p = self._progress
        assert p is not None
        fm, ink = self.fontMetrics(), self.palette().windowText().color()
        top = self._heat_top() - self.row_height()
        painter.setPen(ink)
        painter.setFont(self.bold())
        heading = "Agreement per pair (overlap F1 on the documents both have done)"
        painter.drawText(QRect(MARGIN, top, self.width() - 2 * MARGIN, self.row_height()),
                         LEFT, heading)  # fmt: skip
        painter.setFont(self.font())
        names = self.names()
        if not names:
            painter.setPen(self.palette().placeholderText().color())
            below = QRect(MARGIN, top + self.row_height(), self.width(), self.row_height())
            painter.drawText(below, LEFT, "no document is assigned to two or more names")
            return
        f1 = {(x.a, x.b): x for x in p.pairs} | {(x.b, x.a): x for x in p.pairs}
        cell, label_w = self._cell(), self._label_width()
        head = self._head_height()
        left, y0 = MARGIN + label_w + GAP, top + self.row_height() + head
        painter.setPen(ink)
        for j, name in enumerate(names):  # the column heads, upwards
            painter.save()
            painter.translate(left + j * cell + cell // 2, y0 - 4)
            painter.rotate(-90)
            box = QRect(0, -fm.height() // 2, head - 6, fm.height())
            painter.drawText(box, LEFT, fm.elidedText(name, ELIDE, head - 10))
            painter.restore()
        for i, row in enumerate(names):
            y = y0 + i * cell
            painter.setPen(ink)
            label = fm.elidedText(row, ELIDE, label_w)
            painter.drawText(QRect(MARGIN, y, label_w, cell), LEFT, label)
            for j, col in enumerate(names):
                if row != col:  # (a name with itself: left empty)
                    self._paint_cell(painter, QRect(left + j * cell, y, cell - 2, cell - 2),
                                     f1.get((row, col)))  # fmt: skip
        painter.setPen(GRID)
        painter.drawRect(QRect(left - 1, y0 - 1, len(names) * cell, len(names) * cell))
        self._paint_key(painter, y0 + len(names) * cell + GAP)

    def _paint_cell(self, painter: QPainter, rect: QRect, pair: PairAgreement | None) -> None:
        """A pair's F1 in its colour; "—" on grey without one; hatched if no pair."""
        if pair is None:
            painter.fillRect(rect, self.palette().base())
            painter.fillRect(rect, QBrush(NO_SHARED, Qt.BrushStyle.BDiagPattern))
            return
        value = pair.f1
        fill = f1_colour(value) if value is not None else NO_F1
        painter.fillRect(rect, fill)
        painter.setPen(text_color(fill))
        painter.drawText(rect, CENTER, DASH if value is None else f"{value:.2f}")

    def _paint_key(self, painter: QPainter, top: int) -> None:
        """What a cell without a value means: "—" (no F1 yet) and hatched (no pair)."""
        fm, ink = self.fontMetrics(), self.palette().windowText().color()
        box = fm.height() + 4
        for k, (note, pair) in enumerate(((NO_F1_NOTE, _NO_F1), (NO_SHARED_NOTE, None))):
            y = top + k * self.row_height()
            swatch = QRect(MARGIN, y + (self.row_height() - box) // 2, box, box)
            self._paint_cell(painter, swatch, pair)
            painter.setPen(ink)
            x = swatch.right() + 8
            text = fm.elidedText(note, ELIDE, self.width() - x - MARGIN)
            painter.drawText(QRect(x, y, self.width() - x - MARGIN, self.row_height()), LEFT, text)

    def cell_at(self, pos: QPoint) -> tuple[str, str] | None:
        names = self.names()
        cell = self._cell()
        left = MARGIN + self._label_width() + GAP
        y0 = self._heat_top() + self._head_height()
        i, j = (pos.y() - y0) // cell, (pos.x() - left) // cell
        if pos.x() < left or pos.y() < y0 or not (0 <= i < len(names) and 0 <= j < len(names)):
            return None
        return names[i], names[j]

    def tip_at(self, pos: QPoint) -> str:
        p, at = self._progress, self.cell_at(pos)
        if p is None or at is None:
            return ""
        if at[0] == at[1]:
            return ""
        pair = next((x for x in p.pairs if {x.a, x.b} == set(at)), None)
        if pair is None:
            return f"{min(at)} and {max(at)}: {NO_SHARED_NOTE}"
        layers = "\n".join(f"{x.layer}: {f3(x.overlap.f1)}" for x in pair.layers)
        said = f"{pair.a} and {pair.b}: {pair.documents} documents both done\n{layers}"
        return said if pair.f1 is not None else f"{said}\n{NO_F1_NOTE}"


class ProgressSection(Section):
    """The progress chart, the assignees' table, and below it the documents ready for review
    with their disagreements."""

    key, title = "progress", "Progress"

    def make_chart(self) -> Chart:
        return ProgressChart()

    def side(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 2)
        self.ready_title = QLabel("Ready for review")
        self.ready_title.setTextFormat(Qt.TextFormat.PlainText)
        self.ready_model = FigureTableModel()
        self.ready_table = table_view("statistics_progress_ready_table", self.ready_model)
        self.ready_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        layout.addWidget(self.ready_title)
        layout.addWidget(self.ready_table, 3)
        return box

    def show_stats(self, stats: Statistics | None) -> None:
        """(Not from the statistics: the team's progress is counted apart, ``show_progress``.)"""

    def show_progress(self, progress: Progress | None) -> None:
        """The team's progress (None: not counted yet)."""
        tables = {t.key: t for t in team.tables(progress)} if progress is not None else {}
        self.show_table(tables.get(self.key))
        ready = tables.get("progress_ready")
        self.ready_model.reset(ready)
        self.ready_title.setText(ready.notes[0] if ready is not None else "Ready for review")
        self.ready_title.setWordWrap(True)
        if ready is not None:
            self.fit_table(ready, self.ready_table)
        chart = self.chart
        assert isinstance(chart, ProgressChart)
        chart.set_progress(progress)
