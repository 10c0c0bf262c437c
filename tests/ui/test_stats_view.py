"""The Statistics view on the small project of tests/storage/test_stats.py: opened from its
menu action, counted in its thread, the charts and tables showing the known figures, one
annotator's, recounted after an edit; the chart saved as PNG and the figures as CSV (never
over the project file); an empty project's charts say "nothing yet"."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QColor, QImage
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session
from annotator.core.model import Annotator, Layer
from annotator.ui.common import dialogs
from annotator.ui.stats import view
from annotator.ui.stats.charts import BarChart, Day, Timeline, buckets
from annotator.ui.stats.view import ChartPathDialog, FiguresPathDialog, StatisticsDialog
from annotator.ui.window.main_window import MainWindow
from tests.builders import put_work
from tests.cli.test_stats_cli import project as project  # the fixture, by its name
from tests.storage.test_stats import BOB, span

WAIT = 20_000  # ms: counting runs in a thread


def open_window(qtbot: QtBot, path: Path) -> MainWindow:
    win = MainWindow(open_session(path))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def window(qtbot: QtBot, project: Path) -> Iterator[MainWindow]:
    win = open_window(qtbot, project)
    yield win
    if win.isVisible():
        win.close()


def open_view(qtbot: QtBot, win: MainWindow) -> StatisticsDialog:
    """Through the menu action, as a user would; then wait for the figures."""
    action = win.findChild(QAction, "review_statistics")
    assert action is not None and action.text() == "&Statistics…"
    action.trigger()
    dialog = win.findChild(StatisticsDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.stats is not None and not dialog.is_counting(), timeout=WAIT)
    return dialog


def bars(dialog: StatisticsDialog, key: str) -> dict[str, int]:
    chart = dialog.section(key).chart
    assert isinstance(chart, BarChart)
    return {b.label: b.total for b in chart.bars() if b.segments}


def test_the_view_shows_the_figures(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_view(qtbot, window)
    assert dialog.state.text().endswith("everyone's work")
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "Documents", "Labels", "Speakers", "Claims", "Entities", "Over time", "Progress",
    ]  # fmt: skip
    documents = dialog.section("documents").chart
    assert isinstance(documents, BarChart)
    ann = documents.bars()[0]
    assert ann.label == "Ann"
    assert [(s.name, s.value) for s in ann.segments] == [
        ("done", 1), ("in progress", 1), ("not started", 1)
    ]  # fmt: skip
    labels = bars(dialog, "labels")
    assert (labels["PERSON"], labels["QUOTE"], labels["CLAIM"], labels["EVENT"]) == (3, 4, 3, 0)
    # each label's bar is drawn in its colour from the scheme
    chart = dialog.section("labels").chart
    assert isinstance(chart, BarChart)
    person = window.session.scheme.get(Layer.ENTITY, "PERSON")
    assert person is not None
    bar = next(b for b in chart.bars() if b.label == "PERSON")
    assert bar.segments[0].color == person.color
    assert bars(dialog, "speakers") == {"An official": 2, "Sergey Lavrov": 1, "no speaker": 1}
    assert bars(dialog, "claims") == {"unverified": 1, "true": 1, "misleading": 0, "false": 1}
    assert bars(dialog, "entities") == {"Sergey Lavrov": 3, "Kyiv": 1}
    timeline = dialog.section("days").chart
    assert isinstance(timeline, Timeline)
    assert [(d.day.isoformat(), d.counts) for d in timeline.days()] == [
        ("2026-01-01", (6, 0)), ("2026-01-02", (3, 3))
    ]  # fmt: skip
    # the tables beside the charts are app.stats's, as `annotator stats` prints them
    model = dialog.section("entities").model
    assert [model.index(0, c).data() for c in range(4)] == ["Sergey Lavrov", "PERSON", "3", "2"]
    assert dialog.section("speakers").notes.text().startswith("4 quotes; 1 without a speaker")


def test_one_annotator_and_a_recount_after_an_edit(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_view(qtbot, window)
    dialog.choose(BOB.id)
    qtbot.waitUntil(
        lambda: dialog.stats is not None and dialog.stats.annotator == "Bob", timeout=WAIT
    )
    assert bars(dialog, "labels")["PERSON"] == 1
    assert list(bars(dialog, "documents")) == ["Bob"]
    # an edit in the window is counted again (once the burst of edits is over)
    put_work(window.session, BOB, [span("b9", "d3", BOB, "PERSON", "Nothing")])
    qtbot.waitUntil(lambda: bars(dialog, "labels").get("PERSON") == 2, timeout=WAIT)
    # someone's work brought in: they can be picked, and Bob stays picked
    cleo = Annotator("c-3", "Cleo")
    put_work(window.session, cleo, [span("c1", "d3", cleo, "OTHER", "here")])
    combo = dialog.annotator_combo
    qtbot.waitUntil(
        lambda: "Cleo" in [combo.itemText(i) for i in range(combo.count())], timeout=WAIT
    )
    assert combo.itemText(0) == "Everyone" and combo.currentText() == "Bob"


def test_a_slow_count_is_not_repeated_after_every_edit(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(StatisticsDialog, "AUTO_RECOUNT_S", -1.0)  # every count is "slow"
    dialog = open_view(qtbot, window)
    put_work(window.session, BOB, [span("b9", "d3", BOB, "PERSON", "Nothing")])
    qtbot.waitUntil(lambda: "the project changed since" in dialog.state.text(), timeout=WAIT)
    assert not dialog.is_counting() and bars(dialog, "labels")["PERSON"] == 3
    dialog.recount_button.click()
    qtbot.waitUntil(lambda: bars(dialog, "labels")["PERSON"] == 4, timeout=WAIT)
    assert "changed since" not in dialog.state.text()


def test_a_cancelled_count_says_nothing(qtbot: QtBot, window: MainWindow) -> None:
    heard: list[object] = []
    counting = view.Counting(window.session, None)
    counting.counted.connect(lambda *a: heard.append(a))
    counting.failed.connect(heard.append)
    counting.cancel()
    with qtbot.waitSignal(counting.finished, timeout=WAIT):
        counting.start()
    counting.wait()
    assert heard == [] and counting.cancelled


def test_save_chart_and_figures(
    qtbot: QtBot, window: MainWindow, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_view(qtbot, window)
    dialog.tabs.setCurrentWidget(dialog.section("labels"))
    picture = tmp_path / "labels.png"
    monkeypatch.setattr(ChartPathDialog, "ask", classmethod(lambda cls, parent, s: picture))
    dialog.png_button.click()
    assert dialog.state.text() == "Saved labels.png"
    image = QImage(str(picture))
    chart = dialog.section("labels").chart
    assert (image.width(), image.height()) == (chart.width(), chart.height())
    colours = {
        image.pixelColor(x, y).name()
        for x in range(image.width())
        for y in range(0, image.height(), 3)
    }
    person = window.session.scheme.get(Layer.ENTITY, "PERSON")
    assert person is not None and QColor(person.color).name() in colours

    figures = tmp_path / "figures.csv"
    monkeypatch.setattr(FiguresPathDialog, "ask", classmethod(lambda cls, parent, s: figures))
    dialog.csv_button.click()
    assert dialog.state.text() == "Saved figures.csv"
    with figures.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["figure", "annotator", "group", "item", "count"]
    assert ["spans by label", "Ann", "entity", "PERSON", "2"] in rows
    assert ["documents by status", "Bob", "", "not started", "2"] in rows
    assert ["quotes by speaker", "", "no speaker", "", "1"] in rows
    assert ["claims by verdict", "", "", "false", "1"] in rows
    assert ["mentions by entity", "", "PERSON", "Sergey Lavrov", "3"] in rows
    assert ["spans by day", "Bob", "", "2026-01-02", "3"] in rows


def test_the_project_file_is_never_an_output(
    qtbot: QtBot, window: MainWindow, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_view(qtbot, window)
    said: list[str] = []
    monkeypatch.setattr(
        dialogs.Notice, "show", classmethod(lambda cls, p, t, text, *a, **k: said.append(text))
    )
    before = project.read_bytes()
    for side in (project, project.with_name(project.name + "-wal")):
        monkeypatch.setattr(ChartPathDialog, "ask", classmethod(lambda cls, parent, s, to=side: to))
        dialog.png_button.click()
        monkeypatch.setattr(
            FiguresPathDialog, "ask", classmethod(lambda cls, parent, s, to=side: to)
        )
        dialog.csv_button.click()
    assert len(said) == 4 and all(str(project.name) in text for text in said)
    assert project.read_bytes()[:100] == before[:100]
    assert dialog.state.text().startswith("Counted at")


def test_an_empty_project_says_nothing_yet(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    open_session(path).close()
    win = open_window(qtbot, path)
    try:
        dialog = open_view(qtbot, win)
        for section in dialog.sections:
            dialog.tabs.setCurrentWidget(section)
            assert section.chart.is_empty(), section.key
            assert section.chart.render_png(tmp_path / f"{section.key}.png")
        assert dialog.section("documents").model.rowCount() == 0
    finally:
        win.close()


def test_closing_while_counting_and_the_view_once(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_view(qtbot, window)
    again = StatisticsDialog.ask(window, window.session)
    assert again is dialog  # one view per window
    dialog.recount()
    assert dialog.is_counting()
    dialog.close()  # the count goes on alone and ends
    qtbot.waitUntil(lambda: not view.Counting._left, timeout=WAIT)


def test_the_timeline_groups_days_it_cannot_fit() -> None:
    start = dt.date(2025, 1, 1)
    days = [Day(start + dt.timedelta(days=i), (1, 2)) for i in range(0, 400, 3)]
    unit, columns = buckets(days, width=4000, series=2)  # room for a column a day
    assert unit == "day" and len(columns) == 400  # the first to the last day, empty ones too
    assert columns[0].counts == (1, 2) and columns[1].counts == (0, 0)
    unit, columns = buckets(days, width=600, series=2)
    assert unit == "week" and columns[0].start == dt.date(2024, 12, 30)  # Mondays
    assert sum(c.total for c in columns) == 3 * len(days)
    unit, columns = buckets(days, width=100, series=2)
    assert unit == "month" and [c.start.day for c in columns] == [1] * 14
    assert columns[0].counts == (11, 22)  # 1, 4, ... 31 January
