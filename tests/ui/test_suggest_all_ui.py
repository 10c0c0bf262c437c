"""Suggest in all documents (Ctrl+Alt+S) and all occurrences in the project (Ctrl+Alt+A) on a
generated multi-document project: they run on a thread of their own, the window shows how far
they are and a Stop button; what they find is shown and stored as before, Stop leaves the file
as it was, closing the window stops them (a Qt warning would fail the test)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session
from annotator.core.model import Document
from annotator.ui.proposals.search import ProposalSearch
from annotator.ui.window.main_window import MainWindow
from tests.builders import put_documents
from tests.readback import rows
from tests.ui.test_annotate import press
from tests.ui.test_links_ui import label_mention

CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
WAIT = 60000


def article(i: int) -> str:
    return (
        f"Report {i}. Sergei Lavrov met the mayor of Kyiv on day {i}. "
        f"“We want the talks to go on,” Lavrov told reporters. The mayor of Kyiv "
        f"said the city would rebuild. “Nothing is decided,” said a spokesman, {i} times.\n"
    )


def build(path: Path, n: int) -> None:
    session = open_session(path)
    try:
        put_documents(session, [Document(f"d{i:05}", article(i), f"Day {i}") for i in range(n)])
        lavrov = session.registry.new_entity("Sergei Lavrov", "PERSON", ("Lavrov",))
        session.registry.add_entity(lavrov)
    finally:
        session.close()


def open_window(qtbot: QtBot, path: Path) -> MainWindow:
    win = MainWindow(open_session(path))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.article.view.setFocus()
    return win


@pytest.fixture(autouse=True)
def _searches_end(qtbot: QtBot) -> Iterator[None]:
    """Every search begun here has ended before the next test (none left behind)."""
    yield
    qtbot.waitUntil(lambda: not ProposalSearch._live, timeout=WAIT)


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.sqlite"
    build(path, 30)
    return path


@pytest.fixture
def large(tmp_path: Path) -> Path:
    """Long enough to search (seconds) that Stop comes in the middle."""
    path = tmp_path / "large.sqlite"
    build(path, 3000)
    return path


@pytest.fixture
def window(qtbot: QtBot, small: Path) -> Iterator[MainWindow]:
    win = open_window(qtbot, small)
    yield win
    if win.isVisible():
        win.close()


def test_suggest_all_runs_beside_the_window_and_shows_what_it_found(
    qtbot: QtBot, window: MainWindow, small: Path
) -> None:
    press(qtbot, window, Qt.Key.Key_S, CTRL_ALT)
    assert window.proposals.running  # the key returned before the search ended
    assert window.proposals.panel.progress.isVisible()
    assert window.proposals.panel.stop_button.isVisible()
    qtbot.waitUntil(lambda: not window.proposals.running, timeout=WAIT)
    assert not window.proposals.panel.progress.isVisible()

    found = list(window.proposals.model.proposals)
    ids = [m.id for m in window.session.documents()]
    assert found == window.session.proposals.suggestions(ids)  # as the session finds them
    assert {p.document_id for p in found} == set(ids)
    assert {p.origin for p in found} == {"rule", "registry"}
    assert window.proposals.model.titles["d00007"] == "Day 7"  # titles from the search
    names = {e.id: e.name for e in window.session.registry.entities()}
    assert window.proposals.model.speakers == names  # and the speakers' names
    assert any(window.proposals.model.speaker(p) == "Sergei Lavrov" for p in found)
    assert "suggested in all documents" in window.proposals.panel.summary.text()
    assert rows(small, "SELECT count(*) FROM spans") == [(0,)]  # nothing stored yet

    window.proposals.panel.accept_all_button.click()
    assert rows(small, "SELECT count(*) FROM proposal_outcomes") == [(len(found),)]
    assert rows(small, "SELECT count(DISTINCT document_id) FROM spans") == [(len(ids),)]
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert rows(small, "SELECT count(*) FROM spans") == [(0,)]


def test_all_occurrences_in_the_project_is_one_undo_step(
    qtbot: QtBot, window: MainWindow, small: Path
) -> None:
    label_mention(qtbot, window, "Kyiv")
    steps = window.undo_stack.count()
    press(qtbot, window, Qt.Key.Key_A, CTRL_ALT)
    qtbot.waitUntil(lambda: not window.proposals.running, timeout=WAIT)
    found = list(window.proposals.model.proposals)
    assert {p.origin for p in found} == {"occurrence"} and {p.text for p in found} == {"Kyiv"}
    assert len(found) == 2 * 30 - 1  # twice in each document, one labelled already
    assert "other occurrences of “Kyiv” in the project" in window.proposals.panel.summary.text()

    window.proposals.panel.accept_all_button.click()
    assert rows(small, "SELECT count(*) FROM spans WHERE text = 'Kyiv'") == [(2 * 30,)]
    [(entity,)] = rows(small, "SELECT count(DISTINCT entity_id) FROM spans")
    assert entity == 1  # every occurrence is linked as the labelled mention is
    assert window.undo_stack.count() == steps + 1
    window.undo_stack.undo()
    assert rows(small, "SELECT count(*) FROM spans") == [(1,)]


def at_first_progress(qtbot: QtBot, win: MainWindow, act: Callable[[], object]) -> list[bool]:
    """Start suggest-all and ``act`` in the turn that shows its first progress (polling for
    it let a quiet CI machine find every document between two polls: nothing was left to
    stop); whether the search was running then."""
    running: list[bool] = []

    def at_first(value: int) -> None:
        if value > 0 and not running:
            running.append(win.proposals.running)
            act()

    win.proposals.panel.progress.valueChanged.connect(at_first)
    win.proposals.suggest_all.trigger()
    qtbot.waitUntil(lambda: bool(running), timeout=WAIT)
    return running


def test_stop_shows_what_was_found_and_leaves_the_file_as_it_was(qtbot: QtBot, large: Path) -> None:
    win = open_window(qtbot, large)
    before = rows(large, "SELECT count(*) FROM spans")
    stopped = at_first_progress(qtbot, win, win.proposals.panel.stop_button.click)
    assert stopped == [True]  # it was running when stopped
    assert not win.proposals.running  # at once: what was found is shown, nobody waits

    summary = win.proposals.panel.summary.text()
    assert "(stopped after " in summary and "of 3000 documents)" in summary
    done = int(summary.split("(stopped after ")[1].split(" of ")[0])
    assert 0 < done < 3000
    found = list(win.proposals.model.proposals)
    first = [f"d{i:05}" for i in range(done)]
    assert found == win.session.proposals.suggestions(first)  # every document up to there
    assert rows(large, "SELECT count(*) FROM spans") == before
    assert rows(large, "SELECT count(*) FROM proposal_outcomes") == [(0,)]
    conn = sqlite3.connect(f"file:{large}?mode=ro", uri=True)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    win.close()


def test_closing_the_window_stops_the_search(qtbot: QtBot, large: Path) -> None:
    win = open_window(qtbot, large)
    finished: list[bool] = []

    def close() -> None:
        search = win.proposals._running.search  # type: ignore[union-attr]
        win.close()
        finished.append(search.isFinished())  # (deleted once the loop turns again)

    assert at_first_progress(qtbot, win, close) == [True]
    assert not win.proposals.running
    assert finished == [True]  # stopped, not left running behind a closed project


def test_a_new_search_replaces_one_running(qtbot: QtBot, large: Path) -> None:
    win = open_window(qtbot, large)
    win.proposals.suggest_all.trigger()
    qtbot.waitUntil(lambda: win.proposals.panel.progress.value() > 0, timeout=WAIT)
    label_mention(qtbot, win, "Kyiv")  # (the current document's first mention of Kyiv)
    win.proposals.find_all.trigger()
    qtbot.waitUntil(lambda: not win.proposals.running, timeout=WAIT)
    assert {p.origin for p in win.proposals.model.proposals} == {"occurrence"}
    assert len(win.proposals.model.proposals) == 2 * 3000 - 1
    win.close()


def test_suggest_here_replaces_a_search_running(qtbot: QtBot, large: Path) -> None:
    win = open_window(qtbot, large)
    win.proposals.suggest_all.trigger()
    qtbot.waitUntil(lambda: win.proposals.panel.progress.value() > 0, timeout=WAIT)
    win.proposals.suggest_here.trigger()
    assert not win.proposals.running
    here = win.proposals.model.proposals
    assert here and {p.document_id for p in here} == {win.ctx.document_id}
    qtbot.wait(300)  # nothing of the stopped search comes after
    assert win.proposals.model.proposals == here
    assert not win.proposals.panel.progress.isVisible()
    win.close()


def test_stop_before_the_first_document_says_so(qtbot: QtBot, window: MainWindow) -> None:
    window.proposals.suggest_all.trigger()
    window.proposals.panel.stop_button.click()  # before any event: nothing heard of it yet
    assert not window.proposals.running
    assert window.proposals.model.proposals == []
    assert "(stopped before the first document)" in window.proposals.panel.summary.text()
