"""The sections of the Statistics view: each a chart beside its table of figures (the table is
``app.stats``'s, the one the command line prints). A later part adds a section by adding a
class to ``SECTIONS``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.app.stats import Statistics
from annotator.app.tables import Table
from annotator.core.links import Verdict
from annotator.core.model import Layer
from annotator.ui.common import plain
from annotator.ui.common.models import Index, RowsTableModel
from annotator.ui.common.views import table_view
from annotator.ui.stats.charts import Bar, BarChart, Chart, Day, Segment, Series, Timeline

# Okabe-Ito: distinct with the common colour-vision deficiencies.
SERIES_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
STATUS_COLOURS = {"done": "#009E73", "in progress": "#E69F00", "not started": "#D9D9D9"}
VERDICT_COLOURS = {
    Verdict.UNVERIFIED: "#A0A0A0",
    Verdict.TRUE: "#009E73",
    Verdict.MISLEADING: "#E69F00",
    Verdict.FALSE: "#D55E00",
}
SPEAKER_COLOUR, APART_COLOUR = "#0072B2", "#BBBBBB"
LAYER_HEADINGS = {Layer.ENTITY: "Entities", Layer.QUOTE: "Quotes", Layer.CLAIM: "Claims"}
TABLE_MAX = 560  # pixels: a wider table scrolls
WORDS_MIN = 160  # pixels: the narrowest a column of words gets to keep the figures in sight
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class FigureTableModel(RowsTableModel):
    """One ``app.stats.Table``: its columns and rows as they are."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[tuple[str | int, ...]] = []

    def reset(self, table: Table | None) -> None:
        self.beginResetModel()
        self.COLUMNS = table.columns if table is not None else ()
        self._rows = list(table.rows) if table is not None else []
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{value:,}" if isinstance(value, int) else value
        if role == Qt.ItemDataRole.TextAlignmentRole and _numeric(value):
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, str) and value:
            return plain.tooltip(value)
        return None


def _numeric(value: str | int) -> bool:
    """A count, a percentage or no figure (a dash): right-aligned."""
    return isinstance(value, int) or value.endswith("%") or value == "—"


class Section(QWidget):
    """A chart (left) and the figures' table (right), notes under both. Subclasses say which
    table (``key``), which chart, and how the figures become its bars (``draw``)."""

    key = ""
    title = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"statistics_{self.key}")
        self.chart = self.make_chart()
        self.chart.setObjectName(f"statistics_{self.key}_chart")
        self.model = FigureTableModel()
        self.table = table_view(f"statistics_{self.key}_table", self.model)
        # Widths from the figures (``fit_table``), not by Qt measuring every row: a table
        # of days has thousands.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.notes = QLabel()
        self.notes.setObjectName(f"statistics_{self.key}_notes")
        self.notes.setTextFormat(Qt.TextFormat.PlainText)  # speakers' and entities' names
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(self.chart)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(area)
        split.addWidget(self.side())
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.notes)

    def make_chart(self) -> Chart:
        return BarChart()

    def side(self) -> QWidget:
        """What is beside the chart: the table (a section may add to it)."""
        return self.table

    def show_stats(self, stats: Statistics | None) -> None:
        """The figures (None: not counted yet)."""
        self.show_table(stats.table(self.key) if stats is not None else None)
        if stats is not None:
            self.draw(stats)

    def show_table(self, table: Table | None) -> None:
        """The section's table and its notes (None: not counted yet)."""
        self.model.reset(table)
        self.notes.setText("\n".join(table.notes) if table is not None else "")
        if table is not None:
            self.fit_table(table, self.table)

    def draw(self, stats: Statistics) -> None:
        """Fill the chart from ``stats`` (each section its own way)."""

    def fit_table(self, table: Table, view: QTableView) -> None:
        """Each column as wide as its widest cell (measured once, as the model shows it), the
        table as wide as its columns up to ``TABLE_MAX``: no figure hidden. Where the columns
        are wider than that, the widest column of words (a document's title) gives way, down
        to ``WORDS_MIN``, elided (its whole text in its tooltip), before any figure scrolls
        out of sight."""
        fm, header = view.fontMetrics(), view.horizontalHeader()
        bold = QFontMetrics(header.font())
        widths = []
        for i, title in enumerate(table.columns):
            cells = (f"{r[i]:,}" if isinstance(r[i], int) else str(r[i]) for r in table.rows)
            widest = max(cells, key=len, default="")
            widths.append(max(fm.horizontalAdvance(widest), bold.horizontalAdvance(title) + 6) + 16)
        frame = 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width()
        words = [i for i in range(len(widths)) if not all(_numeric(r[i]) for r in table.rows)]
        over = sum(widths) + frame - TABLE_MAX
        if over > 0 and words:
            widest = max(words, key=widths.__getitem__)
            widths[widest] = max(WORDS_MIN, widths[widest] - over)
        for i, width in enumerate(widths):
            header.resizeSection(i, width)
        view.setMinimumWidth(min(sum(widths) + frame, TABLE_MAX))

    def set_bars(self, bars: Sequence[Bar], legend: Sequence[Series] = ()) -> None:
        assert isinstance(self.chart, BarChart)
        self.chart.set_bars(bars, legend)


class DocumentsSection(Section):
    """Each annotator's documents: done, in progress, not started, stacked."""

    key, title = "documents", "Documents"

    def draw(self, stats: Statistics) -> None:
        bars = []
        for c in stats.figures.statuses:
            counts = {"done": c.done, "in progress": c.in_progress, "not started": c.not_started}
            bars.append(
                Bar(
                    stats.name(c.annotator_id),
                    tuple(Segment(n, STATUS_COLOURS[s], s) for s, n in counts.items()),
                )
            )
        self.set_bars(bars, [Series(s, c) for s, c in STATUS_COLOURS.items()])


class LabelsSection(Section):
    """Spans per label, under a heading per layer, each bar in its label's colour."""

    key, title = "labels", "Labels"

    def draw(self, stats: Statistics) -> None:
        totals: dict[tuple[str, str], int] = {}
        for c in stats.figures.labels:
            totals[c.layer, c.label] = totals.get((c.layer, c.label), 0) + c.spans
        bars: list[Bar] = []
        for layer in Layer:
            bars.append(Bar(LAYER_HEADINGS[layer]))
            bars += [
                Bar(label, (Segment(totals.get((la, label), 0), colour),))
                for la, label, colour in stats.labels
                if la == layer.value
            ]
        self.set_bars(bars)


class SpeakersSection(Section):
    """The speakers quoted most; quotes without a speaker apart, below them."""

    key, title = "speakers", "Speakers"

    def draw(self, stats: Statistics) -> None:
        f = stats.figures
        bars = [Bar(p.name, (Segment(p.quotes, SPEAKER_COLOUR),)) for p in f.speakers]
        if f.no_speaker:
            bars += [
                Bar("Counted apart"),
                Bar("no speaker", (Segment(f.no_speaker, APART_COLOUR),)),
            ]
        self.set_bars(bars)


class ClaimsSection(Section):
    key, title = "claims", "Claims"

    def draw(self, stats: Statistics) -> None:
        self.set_bars(
            [
                Bar(v.verdict.value, (Segment(v.claims, VERDICT_COLOURS[v.verdict]),))
                for v in stats.figures.verdicts
            ]
        )


class EntitiesSection(Section):
    """The entities mentioned most, each bar in the colour of its type's label."""

    key, title = "entities", "Entities"

    def draw(self, stats: Statistics) -> None:
        self.set_bars(
            [
                Bar(e.name, (Segment(e.mentions, stats.colour("entity", e.type), e.type),))
                for e in stats.figures.entities
            ]
        )


class DaysSection(Section):
    """Spans made per day, stacked by annotator."""

    key, title = "days", "Over time"

    def make_chart(self) -> Chart:
        return Timeline()

    def draw(self, stats: Statistics) -> None:
        chart = self.chart
        assert isinstance(chart, Timeline)
        who = sorted({d.annotator_id for d in stats.figures.days}, key=_order(stats))
        series = [
            Series(stats.name(a), SERIES_COLOURS[i % len(SERIES_COLOURS)])
            for i, a in enumerate(who)
        ]
        per_day: dict[str, list[int]] = {}
        for d in stats.figures.days:
            per_day.setdefault(d.day, [0] * len(who))[who.index(d.annotator_id)] += d.spans
        days = []
        for day, counts in per_day.items():
            try:
                days.append(Day(dt.date.fromisoformat(day), tuple(counts)))
            except ValueError:
                continue  # a created_at that is no date: in the table, not on the axis
        chart.set_days(days, series)


def _order(stats: Statistics) -> Callable[[str], tuple[int, str]]:
    """Annotators in the order they arrived (the documents' table's), others after."""
    ids = stats.annotator_ids
    return lambda a: (ids.index(a) if a in ids else len(ids), a)


SECTIONS: tuple[type[Section], ...] = (
    DocumentsSection,
    LabelsSection,
    SpeakersSection,
    ClaimsSection,
    EntitiesSection,
    DaysSection,
)
