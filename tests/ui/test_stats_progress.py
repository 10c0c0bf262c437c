"""The Statistics view's Progress section on a real project file with an assignment and two
annotators' work (tests/app/test_progress.py): the bars, the heatmap's cell in its F1 colour,
the assignees' and ready-for-review tables, the PNG and the CSV; counted again after the
assignment changes; shown before the rest of the statistics are counted; a project with no
assignment says how to assign."""

from __future__ import annotations

import csv
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QImage, QPainter
from pytestqt.qtbot import QtBot

from annotator.app.progress import HOW_TO_ASSIGN
from annotator.app.projects import open_session
from annotator.ui.stats import counting
from annotator.ui.stats.sections import FigureTableModel
from annotator.ui.stats.team import (
    NO_F1,
    NO_F1_NOTE,
    NO_SHARED,
    NO_SHARED_NOTE,
    ProgressChart,
    f1_colour,
)
from annotator.ui.stats.view import ChartPathDialog, FiguresPathDialog, StatisticsDialog
from annotator.ui.window.main_window import MainWindow
from tests.app.test_progress import BOB, team_project
from tests.ui.gates import held
from tests.ui.test_stats_view import WAIT, open_view, open_window


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    win = open_window(qtbot, team_project(tmp_path))
    yield win
    if win.isVisible():
        win.close()


def progress_of(dialog: StatisticsDialog) -> ProgressChart:
    chart = dialog.section("progress").chart
    assert isinstance(chart, ProgressChart)
    return chart


def cells(model: FigureTableModel) -> list[list[str]]:
    return [
        [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_the_progress_section(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_view(qtbot, window)
    section = dialog.section("progress")
    dialog.tabs.setCurrentWidget(section)
    chart = progress_of(dialog)
    progress = chart.progress()
    assert progress is not None and not chart.is_empty()
    assert chart.names() == ["alice", "bob", "carol"]
    assert cells(section.model)[:2] == [
        ["alice", "3", "2", "2", "66.7%", "4"],
        ["bob", "2", "2", "1", "50.0%", "4"],
    ]
    assert cells(section.ready_model) == [
        ["Doc 0", "alice, bob", "2", "no"],
        ["Doc 1", "alice", "—", "no"],
    ]
    assert section.ready_title.text().startswith("2 documents every assignee marked done")
    # the heatmap: alice x bob in the colour of their F1, said in its tooltip
    cell = next(
        QPoint(x, y)
        for y in range(0, chart.height(), 2)
        for x in range(0, chart.width(), 2)
        if chart.cell_at(QPoint(x, y)) == ("alice", "bob")
    )
    assert "alice and bob: 1 documents both done" in chart.tip_at(cell)
    picture = tmp_path / "progress.png"
    monkeypatch.setattr(ChartPathDialog, "ask", classmethod(lambda cls, parent, s: picture))
    dialog.png_button.click()
    assert dialog.state.text() == "Saved progress.png"
    image = QImage(str(picture))
    assert image.pixelColor(cell.x() + 3, cell.y() + 3).name() == f1_colour(4 / 6).name()

    figures = tmp_path / "figures.csv"
    monkeypatch.setattr(FiguresPathDialog, "ask", classmethod(lambda cls, parent, s: figures))
    dialog.csv_button.click()
    with figures.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert ["progress", "alice", "", "done", "2"] in rows
    assert ["agreement overlap F1", "alice / bob", "entity", "", "0.500"] in rows
    assert ["ready for review", "alice, bob", "d0", "Doc 0", "2"] in rows


def test_the_heatmap_tells_no_f1_yet_from_no_shared_document(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """alice and carol share d4 that carol has not done: "—" on grey; bob and carol share
    nothing: hatched, both ways round; the legend below says which is which."""
    dialog = open_view(qtbot, window)
    dialog.resize(1366, 768)
    dialog.tabs.setCurrentWidget(dialog.section("progress"))
    chart = progress_of(dialog)
    qtbot.waitUntil(lambda: chart.height() > 300, timeout=WAIT)
    found: dict[tuple[str, str], QPoint] = {}
    for y in range(0, chart.height(), 2):
        for x in range(0, chart.width(), 2):
            at = chart.cell_at(QPoint(x, y))
            if at is not None and at not in found:
                found[at] = QPoint(x + 4, y + 4)  # (inside the cell, off its text)
    image = chart.grab().toImage()
    colour = {at: image.pixelColor(point).name() for at, point in found.items()}
    for a, b in (("alice", "carol"), ("carol", "alice")):
        assert colour[a, b] == NO_F1.name()
        assert chart.tip_at(found[a, b]).endswith(NO_F1_NOTE)
    assert "alice and bob" in chart.tip_at(found["bob", "alice"])
    blank = image.pixelColor(found["alice", "alice"]).name()
    assert blank == colour["bob", "bob"] and chart.tip_at(found["alice", "alice"]) == ""
    for a, b in (("bob", "carol"), ("carol", "bob")):
        hatched = {image.pixelColor(found[a, b] + QPoint(dx, 0)).name() for dx in range(12)}
        assert NO_SHARED.name() in hatched and blank in hatched  # lines on the base colour
        assert chart.tip_at(found[a, b]) == f"bob and carol: {NO_SHARED_NOTE}"
    texts = legend_texts(chart)
    assert NO_F1_NOTE in texts and NO_SHARED_NOTE in texts
    chart.grab().save(str(tmp_path / "heatmap.png"))


def legend_texts(chart: ProgressChart) -> list[str]:
    """The texts the chart paints, as drawn (QPainter.drawText recorded)."""
    said: list[str] = []

    class Recording(QPainter):
        def drawText(self, *args: object) -> None:  # noqa: N802 (Qt API)
            said.append(str(args[-1]))
            super().drawText(*args)  # type: ignore[call-overload]

    image = QImage(chart.size(), QImage.Format.Format_ARGB32)
    painter = Recording(image)
    try:
        chart.paint(painter)
    finally:
        painter.end()
    return said


def test_counted_again_after_the_assignment_changes(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_view(qtbot, window)
    window.session.assignments.add([("d6", "carol")])

    def carol() -> int:
        p = progress_of(dialog).progress()
        return next(a.assigned for a in p.assignees if a.name == "carol") if p else 0

    qtbot.waitUntil(lambda: carol() == 3, timeout=WAIT)
    assert dialog._progress.read == ["carol"]  # only her documents were read again


def test_no_assignment_says_how_to_assign(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "plain.sqlite"
    open_session(path).close()
    win = open_window(qtbot, path)
    try:
        dialog = open_view(qtbot, win)
        section = dialog.section("progress")
        assert progress_of(dialog).is_empty()
        assert section.notes.text() == HOW_TO_ASSIGN
        assert section.model.rowCount() == 0 and section.ready_model.rowCount() == 0
    finally:
        win.close()


def test_the_progress_shows_before_the_other_figures_are_counted(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The statistics' count is held at a gate (the real count, made to wait): the Progress
    tab shows the team's figures all the same, the rest says "counting…"; once let go, the
    figures come, and another annotator's figures do not count the progress again."""
    gate = threading.Event()
    monkeypatch.setattr(counting, "compute", held(gate, counting.compute))
    action = window.findChild(QAction, "review_statistics")
    assert action is not None
    action.trigger()
    dialog = window.findChild(StatisticsDialog)
    assert dialog is not None
    try:
        section = dialog.progress_section()
        qtbot.waitUntil(lambda: progress_of(dialog).progress() is not None, timeout=WAIT)
        assert dialog.stats is None and dialog.state.text() == "counting…"
        assert cells(section.model)[0] == ["alice", "3", "2", "2", "66.7%", "4"]
        assert cells(section.ready_model)[0] == ["Doc 0", "alice, bob", "2", "no"]
        assert dialog.section("documents").model.rowCount() == 0  # (not counted yet)
    finally:
        gate.set()
    qtbot.waitUntil(lambda: dialog.stats is not None and not dialog.is_counting(), timeout=WAIT)
    assert dialog.section("documents").model.rowCount() > 0
    shown = dialog.progress
    dialog.choose(BOB.id)  # counts the figures again, not the team's progress
    assert dialog.is_counting() and not dialog._team.running()
    qtbot.waitUntil(lambda: dialog.stats is not None and dialog.stats.annotator, timeout=WAIT)
    assert dialog.progress is shown and progress_of(dialog).progress() is shown


def test_a_long_title_gives_way_so_the_disagreements_stay_in_sight(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """A ready document with a long title (a news headline): its column is elided (the whole
    title in its tooltip) so that the assignees, the disagreements and whether it is reviewed
    are in sight without scrolling, at a laptop's window size."""
    path = team_project(tmp_path)
    title = "Vladimir Putin's top diplomat has indirectly dismissed Keir Starmer's idea " * 2
    conn = sqlite3.connect(path)
    with conn:  # (a headline as long as news gives them)
        conn.execute("UPDATE documents SET title = ? WHERE id = 'd0'", [title.strip()])
    conn.close()
    win = open_window(qtbot, path)
    try:
        win.resize(1366, 768)
        dialog = open_view(qtbot, win)
        section = dialog.section("progress")
        dialog.tabs.setCurrentWidget(section)
        qtbot.waitUntil(lambda: section.ready_model.rowCount() == 2, timeout=WAIT)
        table, header = section.ready_table, section.ready_table.horizontalHeader()
        last = header.count() - 1
        assert header.sectionViewportPosition(last) + header.sectionSize(last) <= (
            table.viewport().width()
        )
        assert not table.horizontalScrollBar().isVisible()
        assert section.ready_model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    finally:
        win.close()
