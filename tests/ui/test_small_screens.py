"""The window on a laptop's screen: it fits 1366x768 (about 1366x730 left by a panel) and
works at 1024x700, whichever side tab is open: nothing squeezed below what it needs, every
label button's text whole, every tab's title shown, the side column not scrolling."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QSizePolicy, QSplitter, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session
from annotator.ui.window.main_window import MainWindow
from tests.conftest import EXAMPLE

REPO = Path(__file__).resolve().parents[2]
SMALL = QSize(1024, 700)


def open_example(qtbot: QtBot, folder: Path, size: QSize) -> MainWindow:
    """The example with its annotations, in a window of ``size`` (set before it is shown,
    as a window manager does on a small screen), a quote selected: the tallest editor."""
    shutil.copy(EXAMPLE / "annotations.jsonl", folder / "annotations.jsonl")
    win = MainWindow(open_session(folder))
    qtbot.addWidget(win)
    win.resize(size)
    win.show()
    qtbot.waitExposed(win)
    doc = next(d.id for d in win.session.documents() if d.title.startswith("Vladimir Putin"))
    win.ctx.show_document(doc)
    quote = next(s for s in win.article.view.spans() if s.label == "QUOTE" and "need" in s.text)
    win.ctx.select_span(quote.id, scroll=True)
    qtbot.wait(10)
    return win


@pytest.fixture
def small(qtbot: QtBot, example_copy: Path) -> Iterator[MainWindow]:
    win = open_example(qtbot, example_copy, SMALL)
    yield win
    win.close()


def click_tab(qtbot: QtBot, win: MainWindow, index: int) -> None:
    bar = win.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    qtbot.wait(10)  # layout requests are handled on the next turn of the event loop
    assert win.tabs.currentIndex() == index


def least_size(widget: QWidget) -> tuple[int, int]:
    """The size a layout will not go below (what Qt's own layouts compute: the minimum size
    if set, else the minimum size hint, or the size hint where the policy may not shrink)."""
    policy, hint, least = widget.sizePolicy(), widget.sizeHint(), widget.minimumSizeHint()
    shrink = QSizePolicy.PolicyFlag.ShrinkFlag.value
    sizes = []
    for set_min, kind, wanted, floor in (
        (widget.minimumWidth(), policy.horizontalPolicy(), hint.width(), least.width()),
        (widget.minimumHeight(), policy.verticalPolicy(), hint.height(), least.height()),
    ):
        if set_min > 0:
            sizes.append(set_min)
        elif kind == QSizePolicy.Policy.Ignored:
            sizes.append(0)
        else:
            sizes.append(floor if kind.value & shrink else max(wanted, floor))
    return sizes[0], sizes[1]


def squeezed(win: MainWindow) -> list[str]:
    """Every shown widget a layout or splitter placed smaller than it needs."""
    found = []
    for widget in win.findChildren(QWidget):
        parent = widget.parentWidget()
        if parent is None or not widget.isVisible():
            continue
        layout = parent.layout()
        placed = isinstance(parent, QSplitter) or (
            layout is not None and layout.indexOf(widget) >= 0
        )
        if not placed:
            continue  # placed by its parent's own code (a header, a scroll bar)
        width, height = least_size(widget)
        if widget.hasHeightForWidth():
            height = min(height, widget.heightForWidth(widget.width()))
        if widget.width() < width or widget.height() < height:
            name = f"{type(widget).__name__} {widget.objectName()!r}"
            found.append(f"{name}: {widget.width()}x{widget.height()} < {width}x{height}")
    return found


def test_the_window_may_be_as_small_as_1024x700_whichever_tab_is_open(
    qtbot: QtBot, small: MainWindow
) -> None:
    for index in range(small.tabs.count()):
        click_tab(qtbot, small, index)
        least = small.minimumSizeHint()
        assert least.width() <= SMALL.width() and least.height() <= SMALL.height()
        assert small.size() == SMALL  # a tab never makes the window grow


def test_at_1024x700_nothing_is_squeezed_and_the_side_column_needs_no_scrolling(
    qtbot: QtBot, small: MainWindow
) -> None:
    for index in range(small.tabs.count()):
        click_tab(qtbot, small, index)
        assert squeezed(small) == [], small.tabs.tabText(index)
        assert not small.side.verticalScrollBar().isVisible(), small.tabs.tabText(index)
        bar = small.tabs.tabBar()
        assert bar.width() >= bar.sizeHint().width()  # every tab's title, no scroll arrows
    article = small.article.view.viewport().width()
    assert article >= 380  # the article keeps a readable measure
    pane = small.documents.pane
    assert pane.table.columnWidth(0) >= 80  # titles are not cut to their first letters:
    assert pane.table.isColumnHidden(1) and pane.table.isColumnHidden(3)  # date, count make way


def test_at_1024x700_every_label_button_shows_its_whole_text(small: MainWindow) -> None:
    buttons = small.labels.palette.findChildren(QToolButton)
    assert len(buttons) == len(list(small.session.scheme))
    for button in buttons:
        text = button.fontMetrics().horizontalAdvance(button.text())
        room = button.width() - button.iconSize().width()
        assert text < room, button.text()
        assert button.height() >= button.sizeHint().height(), button.text()
        assert button.width() >= button.sizeHint().width(), button.text()
    # two abreast: the column is short of height, the buttons do not stack needlessly
    person = small.findChild(QToolButton, "label_button_entity_PERSON")
    organization = small.findChild(QToolButton, "label_button_entity_ORGANIZATION")
    assert person is not None and organization is not None
    assert person.y() == organization.y()


def test_a_narrower_column_stacks_the_label_buttons_instead_of_cutting_them(
    qtbot: QtBot, small: MainWindow
) -> None:
    sizes = small.splitter.sizes()
    narrowest = small.side.minimumSizeHint().width()
    small.splitter.setSizes([sizes[0], sizes[1] + sizes[2] - narrowest, narrowest])
    qtbot.wait(10)
    assert small.side.width() == narrowest
    for button in small.labels.palette.findChildren(QToolButton):
        assert button.width() >= button.sizeHint().width(), button.text()
    assert squeezed(small) == []


def test_at_1366x730_every_tab_fits_without_scrolling(qtbot: QtBot, example_copy: Path) -> None:
    win = open_example(qtbot, example_copy, QSize(1366, 730))
    for index in range(win.tabs.count()):
        click_tab(qtbot, win, index)
        assert squeezed(win) == []
        assert not win.side.verticalScrollBar().isVisible()
        assert win.size() == QSize(1366, 730)
    win.close()


def test_a_window_shorter_than_its_side_column_scrolls_the_column(
    qtbot: QtBot, small: MainWindow
) -> None:
    small.resize(1024, 480)
    qtbot.wait(10)
    assert small.height() == 480
    assert small.side.verticalScrollBar().isVisible()
    assert squeezed(small) == []  # scrolled, not crushed


CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtTest import QTest
    from annotator.app.projects import open_session
    from annotator.ui.window.app import make_application
    from annotator.ui.window.main_window import MainWindow
    app = make_application()
    window = MainWindow(open_session(Path(sys.argv[1])))
    window.show()
    QTest.qWaitForWindowExposed(window, 5000)
    free = window.screen().availableGeometry()
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QTest.qWait(50)
        frame = window.frameGeometry()
        print(index, free.contains(frame), frame.width(), frame.height(), flush=True)
    window.close()
    """
)


def test_a_real_window_on_a_1366x768_screen_opens_inside_it(
    example_copy: Path, tmp_path: Path
) -> None:
    if shutil.which("xvfb-run") is None:
        if os.environ.get("CI"):
            pytest.fail("xvfb-run is missing on CI: .ci/run should install xvfb")
        pytest.skip("xvfb-run is not installed")
    shutil.copy(EXAMPLE / "annotations.jsonl", example_copy / "annotations.jsonl")
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env |= {"QT_QPA_PLATFORM": "xcb", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24"]
        + [sys.executable, "-c", CHILD, str(example_copy)],
        capture_output=True,
        text=True,
        timeout=90,
        env=env,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    lines = [line.split() for line in result.stdout.splitlines()]
    assert len(lines) == 5, result.stdout
    for _, inside, width, height in lines:
        assert inside == "True" and int(width) <= 1366 and int(height) <= 768
