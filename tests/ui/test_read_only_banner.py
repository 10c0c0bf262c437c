"""What the window says when the article cannot be edited (the example's own work on first
launch, a read-only project): a banner over the article with the way out, flashed by a key
that would edit; the status bar button that switches between tracks."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session
from annotator.ui.window.main_window import MainWindow
from tests.conftest import EXAMPLE
from tests.ui.conftest import stored_spans
from tests.ui.test_annotate import press, select


def first_launch(qtbot: QtBot, folder: Path, *, read_only: bool = False) -> MainWindow:
    """The example with its shipped annotations (annotator "example"), opened by "tester",
    who has not annotated it yet."""
    shutil.copy(EXAMPLE / "annotations.jsonl", folder / "annotations.jsonl")
    if read_only:
        open_session(folder).close()  # built first: a read-only opening never builds
    win = MainWindow(open_session(folder, read_only=read_only))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    with qtbot.waitActive(win):
        win.activateWindow()
    win.article.view.setFocus()
    return win


@pytest.fixture
def example(qtbot: QtBot, example_copy: Path) -> Iterator[MainWindow]:
    win = first_launch(qtbot, example_copy)
    yield win
    win.close()


def banner_button(win: MainWindow) -> QPushButton:
    button = win.findChild(QPushButton, "track_banner_mine")
    assert button is not None
    return button


def test_the_first_launch_says_over_the_article_whose_work_it_is(example: MainWindow) -> None:
    banner = example.track_banner.banner
    assert example.ctx.is_other()
    assert banner.isVisible()
    assert banner.message().startswith("These are example's annotations (someone else's work)")
    # over the article, not somewhere else in the window
    article = example.article.widget
    assert banner.parentWidget() is article.parentWidget()
    assert (
        banner.mapTo(example, banner.rect().bottomLeft()).y()
        <= article.mapTo(example, article.rect().topLeft()).y()
    )
    assert banner_button(example).isVisible()
    assert banner_button(example).text() == "Annotate yourself"
    picker = example.track_picker.button
    assert picker.isVisible() and picker.text() == "Showing example's work (read-only)"


def test_a_label_key_flashes_the_banner_and_writes_nothing(
    qtbot: QtBot, example: MainWindow, example_copy: Path
) -> None:
    before = stored_spans(example_copy)
    select(example, "Keir Starmer")
    press(qtbot, example, Qt.Key.Key_P)
    banner = example.track_banner.banner
    assert banner.isVisible() and banner.flashing()
    assert banner.property("flash") == "true"
    assert "read-only" in example.statusBar().currentMessage()
    assert stored_spans(example_copy) == before
    qtbot.waitUntil(lambda: not banner.flashing(), timeout=3000)
    assert banner.property("flash") == "false" and banner.isVisible()  # it stays


def test_a_dismissed_banner_comes_back_when_a_key_would_edit(
    qtbot: QtBot, example: MainWindow
) -> None:
    banner = example.track_banner.banner
    qtbot.mouseClick(banner.dismiss, Qt.MouseButton.LeftButton)
    assert banner.isHidden()
    press(qtbot, example, Qt.Key.Key_D)  # mark the document done: an edit too
    assert banner.isVisible() and banner.flashing()
    # even with nothing selected, a label key is an attempt to edit
    banner.hide()
    example.article.view.clear_selection()
    example.ctx.select_span("")
    press(qtbot, example, Qt.Key.Key_P)
    assert banner.isVisible() and banner.flashing()


def test_annotate_yourself_switches_to_your_track_and_the_keys_work(
    qtbot: QtBot, example: MainWindow, example_copy: Path
) -> None:
    qtbot.mouseClick(banner_button(example), Qt.MouseButton.LeftButton)
    session = example.session
    assert example.ctx.viewed == session.annotator.id
    assert example.track_banner.banner.isHidden()
    assert example.article.view.hasFocus()
    assert example.track_picker.button.text() == "Showing your work"
    select(example, "Keir Starmer")
    press(qtbot, example, Qt.Key.Key_P)
    mine = stored_spans(example_copy, session.annotator.id)
    assert [s.text for s in mine] == ["Keir Starmer"]
    assert example.track_banner.banner.isHidden()


def test_the_example_is_one_click_away_in_the_status_bar_and_the_button_counts_yours(
    qtbot: QtBot, example: MainWindow
) -> None:
    qtbot.mouseClick(banner_button(example), Qt.MouseButton.LeftButton)
    select(example, "Keir Starmer")
    press(qtbot, example, Qt.Key.Key_P)
    menu = example.track_picker.button.menu()
    assert menu is not None
    menu.aboutToShow.emit()  # as the click on the button opens it
    [theirs] = [a for a in menu.actions() if a.text().startswith("example")]
    assert "read-only" in theirs.text()
    theirs.trigger()
    assert example.ctx.is_other()
    assert example.track_banner.banner.isVisible()
    assert banner_button(example).text() == "Show my annotations (1 span)"


def test_a_read_only_project_says_so_and_offers_no_track_to_switch_to(
    qtbot: QtBot, example_copy: Path
) -> None:
    win = first_launch(qtbot, example_copy, read_only=True)
    win.ctx.set_track(win.session.annotator.id)
    banner = win.track_banner.banner
    assert banner.isVisible() and "open read-only" in banner.message()
    assert not banner_button(win).isVisible()
    select(win, "Keir Starmer")
    press(qtbot, win, Qt.Key.Key_P)
    assert banner.flashing()
    assert stored_spans(example_copy, win.session.annotator.id) == []
    win.close()


def test_review_mode_folds_the_banner_away_its_decisions_are_allowed(
    qtbot: QtBot, example: MainWindow
) -> None:
    banner = example.track_banner.banner
    example.tabs.setCurrentWidget(example.review.panel)
    assert banner.isHidden()
    example.tabs.setCurrentIndex(0)
    assert banner.isVisible()


def test_your_own_track_shows_no_banner(qtbot: QtBot, window: MainWindow) -> None:
    assert not window.ctx.is_other()
    assert window.track_banner.banner.isHidden()
    assert window.track_picker.button.isHidden()  # no one else's work to switch to
