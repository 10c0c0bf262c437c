"""A full disk (issue 11, 4), made real with a file-size limit (RLIMIT_FSIZE): writes past it
fail as on a full disk. The window says at once that the edit was not saved, shows nothing that
is not in the file, keeps its undo stack as it was and goes on when space is back; the command
line says the disk is full, with no traceback, and leaves the project as it was."""

from __future__ import annotations

import contextlib
import os
import re
import resource
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session
from annotator.ui.window.main_window import MainWindow
from tests.hostile.world import World, refused
from tests.ui.conftest import stored_spans
from tests.ui.test_annotate import press


@contextlib.contextmanager
def disk_full_beyond(size: int) -> Iterator[None]:
    """No file of this process may grow past ``size`` bytes while the block runs."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG, not death
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def _words(window: MainWindow) -> Iterator[tuple[int, int]]:
    for match in re.finditer(r"[A-Z][a-z]{3,}", window.article.view.text):
        yield match.start(), match.end()


def test_an_edit_on_a_full_disk_is_refused_at_once_and_editing_goes_on_after(
    qtbot: QtBot, world: World
) -> None:
    window = MainWindow(open_session(world.project))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # its shortcuts work
    window.ctx.set_track(window.session.annotator.id)
    view = window.article.view
    words = _words(window)
    view.select_range(*next(words))
    view.setFocus()
    press(qtbot, window, Qt.Key.Key_P)
    mine = window.session.annotator.id
    assert len(stored_spans(world.project, mine)) == 1
    undo_count = window.undo_stack.count()
    wal = Path(f"{world.project}-wal")
    with disk_full_beyond(wal.stat().st_size):
        for _ in range(3):  # each is refused; none is queued
            view.select_range(*next(words))
            press(qtbot, window, Qt.Key.Key_P)
            assert "Not saved: Add PERSON" in window.ctx.banner.message()
            assert str(world.project) in window.ctx.banner.message()
            assert window.statusBar().currentMessage().startswith("Not saved: Add PERSON")
            assert len(view.spans()) == 1  # nothing shown that is not in the file
    assert window.undo_stack.count() == undo_count
    assert len(stored_spans(world.project, mine)) == 1
    view.select_range(*next(words))  # space is back
    press(qtbot, window, Qt.Key.Key_P)
    assert len(stored_spans(world.project, mine)) == 2 and len(view.spans()) == 2
    assert window.ctx.banner.isHidden()  # the trouble is over
    assert window.undo_stack.count() == undo_count + 1
    window.close()


LIMIT = (
    "import resource, signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
    "resource.setrlimit(resource.RLIMIT_FSIZE, ({n}, {n}))"
)


def test_an_import_on_a_full_disk_says_so_and_changes_nothing(world: World) -> None:
    big = world.outside / "articles"
    big.mkdir()
    for n in range(40):
        (big / f"a{n}.txt").write_text(f"Article {n}\n\n" + "Words of news. " * 400)
    before = world.state()
    outcome = world.process(
        "import", world.project, big, limits=LIMIT.format(n=world.project.stat().st_size)
    )
    refused(outcome, world.project)
    assert "disk is full" in outcome.output, outcome.output
    assert _without_side_files(world.state()) == _without_side_files(before)


def test_an_export_on_a_full_disk_says_so_and_leaves_no_file(world: World) -> None:
    out = world.outside / "out.jsonl"
    before = world.state()
    outcome = world.process(
        "export", world.project, "-o", out, "--all", limits=LIMIT.format(n=4096)
    )
    refused(outcome, out)
    assert "disk is full" in outcome.output, outcome.output
    assert _without_side_files(world.state()) == _without_side_files(before)
    assert not out.exists()


def _without_side_files(state: dict[str, object]) -> dict[str, object]:
    """SQLite's -shm is shared memory and an empty -wal holds nothing: a reader may leave
    marks in them; an empty lock file is what every writer leaves (removing it would let two
    writers lock two files)."""
    return {
        k: v
        for k, v in state.items()
        if not k.endswith(("-shm", "-wal"))
        and not (k.endswith(".lock") and v == ("file", (0o644, b"")))
    }


@pytest.fixture(autouse=True)
def _no_limit_leaks() -> Iterator[None]:
    yield
    assert resource.getrlimit(resource.RLIMIT_FSIZE)[0] == resource.RLIM_INFINITY or os.name


def test_an_undo_on_a_full_disk_keeps_the_edit_undoable_when_space_is_back(
    qtbot: QtBot, world: World
) -> None:
    """The undo fails to write: the span stays in the file and on screen, the undo stack keeps
    the edit where it was (it was dropped for good before: found by a cold read), and once
    there is room Ctrl+Z undoes it."""
    window = MainWindow(open_session(world.project))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.ctx.set_track(window.session.annotator.id)
    view = window.article.view
    view.select_range(*next(_words(window)))
    view.setFocus()
    press(qtbot, window, Qt.Key.Key_P)
    mine = window.session.annotator.id
    stack = window.undo_stack
    assert len(stored_spans(world.project, mine)) == 1 and stack.index() == stack.count()
    wal = Path(f"{world.project}-wal")
    with disk_full_beyond(wal.stat().st_size):
        press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: stack.index() == stack.count())  # put back where it was
        assert "Undo or redo not saved" in window.ctx.banner.message()
        assert not window.statusBar().currentMessage().startswith("Saved")
    assert len(stored_spans(world.project, mine)) == 1 and len(view.spans()) == 1
    assert stack.canUndo() and stack.undoText().startswith("Add PERSON")
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # room again
    assert stored_spans(world.project, mine) == [] and view.spans() == []
    stack.redo()
    assert len(stored_spans(world.project, mine)) == 1
    window.close()
