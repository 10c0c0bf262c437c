"""Outputs that are a project's own files, and a lock file that is not ours (issue 11, 1-2).

Every output path below is refused, whether named directly or through a symbolic link, while
the project is open for writing elsewhere (its -wal and -shm exist): the command exits non-zero
naming it, and no file of the world changes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from annotator.core.model import Annotator, Status
from annotator.session import Session
from tests.hostile.world import World, old_project, open_in_window, refused

WRITER = Annotator("0000000000000000000000000000a111", "writer")
SIDES = ["-wal", "-shm", ".lock", ".v3.bak"]
COMMANDS = {
    "export": lambda w, out: ("export", w.project, "-o", out),
    "export brat": lambda w, out: ("export", w.project, "-o", out, "--format", "brat"),
    "export doccano": lambda w, out: ("export", w.project, "-o", out, "--format", "doccano"),
    "share": lambda w, out: ("share", w.project, "-o", out),
}


@pytest.fixture
def open_elsewhere(world: World) -> Iterator[Session]:
    """The project open for writing, as a window has it, with an edit in its -wal."""
    session = Session.open(world.project, WRITER)
    doc = session.documents()[0].id
    session.set_status(doc, Status.DONE)
    (world.folder / "p.sqlite.v3.bak").write_bytes(b"an upgrade's backup")
    yield session
    session.close()


@pytest.mark.parametrize("how", ["direct", "link"])
@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_output_that_is_a_side_file_of_the_project_is_refused(
    world: World, open_elsewhere: Session, command: str, side: str, how: str
) -> None:
    out = world.folder / f"p.sqlite{side}"
    if how == "link":
        out = world.outside / "innocent-name.jsonl"
        out.symlink_to(world.folder / f"p.sqlite{side}")
    before = world.state()
    outcome = world.cli(*COMMANDS[command](world, out))
    refused(outcome, out)
    assert world.state() == before


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_output_that_is_the_project_file_or_a_hard_link_to_it(
    world: World, command: str
) -> None:
    twin = world.outside / "twin.sqlite"
    os.link(world.project, twin)
    before = world.state()
    for out in (world.project, twin, world.outside / ".." / "proj" / "p.sqlite"):
        refused(world.cli(*COMMANDS[command](world, out)), out)
    assert world.state() == before


@pytest.mark.parametrize("side", ["-wal", "-shm", "-journal"])
def test_an_output_named_as_the_side_file_of_another_sqlite_file(world: World, side: str) -> None:
    other = world.outside / "their.sqlite"
    other.write_bytes(world.project.read_bytes())
    before = world.state()
    out = world.outside / f"their.sqlite{side}"
    refused(world.cli("export", world.project, "-o", out), out)
    assert world.state() == before


def test_an_export_never_replaces_a_database(world: World) -> None:
    other = world.outside / "their.sqlite"
    other.write_bytes(world.project.read_bytes())
    before = world.state()
    refused(world.cli("export", world.project, "-o", other), other)
    assert world.state() == before


def test_an_output_through_a_dangling_link_or_a_loop(world: World) -> None:
    dangling = world.outside / "dangling.jsonl"
    dangling.symlink_to(world.outside / "nowhere" / "x.jsonl")
    loop = world.outside / "loop.jsonl"
    loop.symlink_to(loop)
    before = world.state()
    refused(world.cli("export", world.project, "-o", dangling), dangling)
    refused(world.cli("export", world.project, "-o", loop), loop)
    refused(world.cli("share", world.project, "-o", loop), loop)
    assert world.state() == before


def test_an_output_that_is_a_fifo(world: World) -> None:
    fifo = world.outside / "pipe.jsonl"
    os.mkfifo(fifo)
    before = world.state()
    refused(world.cli("export", world.project, "-o", fifo), fifo)
    refused(world.cli("share", world.project, "-o", fifo), fifo)
    assert world.state() == before


# -- the lock ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "planted", ["symlink", "dangling symlink", "hard link", "folder", "fifo", "foreign content"]
)
@pytest.mark.parametrize("command", ["import", "window"])
def test_a_lock_path_that_is_not_our_lock_file_is_refused_and_left_alone(
    world: World, planted: str, command: str, qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock = world.project.with_name("p.sqlite.lock")
    if planted == "symlink":
        lock.symlink_to(world.victim)
    elif planted == "dangling symlink":
        lock.symlink_to(world.outside / "made-by-the-link")
    elif planted == "hard link":
        os.link(world.victim, lock)
    elif planted == "folder":
        lock.mkdir()
    elif planted == "fifo":
        os.mkfifo(lock)
    else:
        lock.write_text("my notes, not a lock\n", encoding="utf-8")
    good = world.outside / "good.jsonl"
    good.write_text("", encoding="utf-8")
    before = world.state()
    if command == "import":
        outcome = world.cli("import", world.project, world.outside / "good.jsonl")
    else:
        outcome = open_in_window(monkeypatch, world.project)
    refused(outcome, lock)
    assert world.state() == before
    assert world.victim.read_text(encoding="utf-8") == "someone else's precious file\n"


def test_a_stale_lock_record_of_a_dead_process_is_taken_over(world: World) -> None:
    lock = world.project.with_name("p.sqlite.lock")
    lock.write_text('{"pid": 999999, "host": "gone", "who": "someone"}\n', encoding="utf-8")
    session = Session.open(world.project, WRITER)
    try:
        assert str(os.getpid()) in lock.read_text(encoding="utf-8")
    finally:
        session.close()
    assert not lock.exists()  # nothing of the writer stays beside the project


RACER = """
import os, sys, time
from pathlib import Path
from annotator.storage.errors import ProjectLocked
from annotator.storage.lock import WriterLock
project, marker, rounds = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
held = 0
while held < rounds:
    lock = WriterLock(project)
    try:
        lock.acquire(f"racer {os.getpid()}")
    except ProjectLocked:
        continue
    fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)  # fails if another holds it too
    os.close(fd)
    time.sleep(0.0005)
    os.unlink(marker)
    lock.release()
    held += 1
print("ok", held)
"""


def test_two_writers_racing_for_the_lock_never_hold_it_together(world: World) -> None:
    """The holder removes the lock file as it lets go; one who opened that file just before
    must notice and start over, never hold a lock on a file that is gone while another holds
    the new one."""
    marker = world.outside / "held"
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(world.project), str(marker), "150"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for racer in racers:
        out, err = racer.communicate(timeout=120)
        assert racer.returncode == 0 and out.startswith("ok 150"), err
    assert not world.project.with_name("p.sqlite.lock").exists()


def test_the_upgrade_backup_never_writes_through_a_link(world: World) -> None:
    """``X.sqlite.vN.bak`` as a link to another project: the upgrade's backup replaces the
    link, never the file it points to (the cold read found the other project overwritten)."""

    old = old_project(world.folder / "old.sqlite")
    victim = world.outside / "victim.sqlite"
    victim.write_bytes(world.project.read_bytes())
    kept = victim.read_bytes()
    (world.folder / "old.sqlite.v1.bak").symlink_to(victim)
    outcome = world.cli("list", old)  # reading: an upgraded copy, no backup at all
    assert outcome.code == 0 and not outcome.traceback
    session = Session.open(old, Annotator("0000000000000000000000000000a222", "up"))
    session.close()  # writing: upgraded in place, after its backup
    assert victim.read_bytes() == kept
    backup = world.folder / "old.sqlite.v1.bak"
    assert not backup.is_symlink() and backup.read_bytes()[:16] == b"SQLite format 3\x00"
