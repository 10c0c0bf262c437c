"""The project's -wal deleted or replaced while the window writes (issue 11, 3): SQLite goes on
writing into the deleted file, so a crash would lose every edit since. The window notices after
the next edit (or its next poll), folds everything into the project file, starts a new -wal and
says so in a banner; editing goes on and survives a SIGKILL."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotator.core.model import Annotator, Status
from annotator.session import Session
from tests.hostile.world import World

WRITER = Annotator("0000000000000000000000000000a111", "writer")

CHILD = textwrap.dedent(
    """
    import os, re, sys
    from pathlib import Path
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from annotator.app.projects import open_session
    from annotator.ui.window.app import make_application
    from annotator.ui.window.main_window import MainWindow
    app = make_application()
    project = Path(sys.argv[1])
    window = MainWindow(open_session(project))
    window.show()
    QTest.qWaitForWindowActive(window, 2000)
    window.ctx.set_track(window.session.annotator.id)  # one's own work, to edit
    view = window.article.view
    for n, match in enumerate(re.finditer(r"[A-Z][a-z]{3,}", view.text)):
        if n == 3:
            os.unlink(f"{project}-wal")  # another program deletes it
            print("deleted", flush=True)
        if n == 3 + int(sys.argv[2]):
            break
        view.select_range(match.start(), match.end())
        view.setFocus()
        QTest.keyClick(view, Qt.Key.Key_P)
        app.processEvents()
        if view.selected_span_id:  # shown: it must be in the file from now on
            print("span", view.selected_span_id, flush=True)
    print("banner", window.ctx.banner.message().replace(chr(10), " "), flush=True)
    print("done", flush=True)
    app.exec()  # until killed
    """
)


def _spans(project: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT id FROM spans")}
    finally:
        conn.close()


@pytest.mark.parametrize("after", [1, 5])
def test_edits_after_the_wal_is_deleted_survive_a_sigkill(world: World, after: int) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(world.project), str(after)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    lines: list[str] = []
    assert child.stdout is not None
    while True:
        line = child.stdout.readline()
        if not line or line.startswith("done"):
            break
        lines.append(line.strip())
    os.kill(child.pid, signal.SIGKILL)
    _, err = child.communicate()
    shown = {line.split()[1] for line in lines if line.startswith("span ")}
    assert "deleted" in lines, err
    assert len(shown) == 3 + after, lines
    assert shown <= _spans(world.project)  # nothing shown was lost
    banner = next(line for line in lines if line.startswith("banner"))
    assert "p.sqlite-wal was deleted or replaced" in banner and "editing goes on" in banner
    assert "Traceback" not in err, err


def test_a_replaced_wal_is_noticed_too_and_the_file_alone_holds_every_edit(
    world: World, tmp_path: Path
) -> None:
    session = Session.open(world.project, WRITER)
    try:
        docs = [d.id for d in session.documents()]
        session.set_status(docs[0], Status.DONE)
        assert session.check_file() == ""  # nothing happened
        wal = Path(f"{world.project}-wal")
        shutil.copy(wal, tmp_path / "stale-wal")
        os.replace(tmp_path / "stale-wal", wal)  # a sync tool puts "its" copy back
        session.set_status(docs[1], Status.DONE)  # into the replaced file's inode
        assert "was deleted or replaced" in session.check_file()  # saved into the file
        assert session.check_file() == ""  # told once
        session.set_status(docs[2], Status.DONE)
        alone = tmp_path / "alone.sqlite"
        shutil.copy(world.project, alone)  # what is in the file itself (a crash now)
        shutil.copy(wal, f"{alone}-wal")  # and what the new -wal holds
        conn = sqlite3.connect(alone)
        done = conn.execute(
            "SELECT count(*) FROM document_status WHERE status = 'done' AND annotator_id = ?",
            [WRITER.id],
        ).fetchone()[0]
        conn.close()
        assert done == 3
    finally:
        session.close()


def test_the_frames_of_a_replacing_wal_are_never_replayed_over_later_edits(
    world: World, tmp_path: Path
) -> None:
    """A copy of the -wal put in its place holds frames of an older state: once the edits are
    folded into the file, those frames must not be at the -wal path, where SQLite's recovery
    after a crash would replay them over the newer pages (the cold read's reproduction)."""
    session = Session.open(world.project, WRITER)
    wal = Path(f"{world.project}-wal")
    try:
        doc = session.documents()[0].id
        session.set_status(doc, Status.DONE)
        shutil.copy(wal, tmp_path / "stale-wal")
        os.replace(tmp_path / "stale-wal", wal)  # its frames say: done
        session.set_status(doc, Status.IN_PROGRESS)  # acknowledged, into the old inode
        told = session.check_file()
        assert "moved to p.sqlite-wal.replaced-" in told, told
        crashed = tmp_path / "crashed.sqlite"  # the files as a crash right now leaves them
        shutil.copy(world.project, crashed)
        if wal.exists():
            shutil.copy(wal, f"{crashed}-wal")
        conn = sqlite3.connect(crashed)
        status = conn.execute(
            "SELECT status FROM document_status WHERE document_id = ? AND annotator_id = ?",
            [doc, WRITER.id],
        ).fetchone()[0]
        conn.close()
        assert status == "in_progress"
        (kept,) = world.folder.glob("p.sqlite-wal.replaced-*")  # the foreign file, kept
        assert kept.stat().st_size > 0
    finally:
        session.close()


def test_the_window_shows_the_banner_on_its_next_poll_and_edits_go_on(
    qtbot: object, world: World
) -> None:
    from annotator.app.projects import open_session
    from annotator.ui.window.main_window import MainWindow

    window = MainWindow(open_session(world.project))
    try:
        assert window.ctx.banner.isHidden()
        doc = window.ctx.document_id
        assert doc is not None
        window.session.set_status(doc, Status.DONE)
        os.unlink(f"{world.project}-wal")
        window._on_poll_timeout()  # noqa: SLF001 (the timer's slot, without waiting a second)
        assert "was deleted or replaced" in window.ctx.banner.message()
        assert os.path.exists(f"{world.project}-wal")  # a new one
        assert _status(world.project, doc) == "done"  # saved into the file itself
    finally:
        window.close()


def _status(project: Path, doc: str) -> str:
    shutil.copy(project, f"{project}.copy")
    conn = sqlite3.connect(f"{project}.copy")
    try:
        row = conn.execute(
            "SELECT status FROM document_status WHERE document_id = ?", [doc]
        ).fetchone()
        return str(row[0]) if row else ""
    finally:
        conn.close()
        os.unlink(f"{project}.copy")
