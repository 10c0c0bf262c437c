"""Files that must not change (issue 11, 5-6): a foreign SQLite file is never taken over, a
command that only reads never creates a project, a refused import leaves even the journal mode
of the file as it was, and reading in a read-only folder leaves no side file there."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from tests.hostile.world import World, open_in_window, refused


def _foreign(path: Path, app_id: int, tables: bool) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {app_id}")
    if tables:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('theirs')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("tables", [False, True], ids=["no tables", "tables"])
def test_a_database_of_another_program_is_never_taken_over(
    world: World, tables: bool, qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    theirs = world.outside / "theirs.db"
    _foreign(theirs, 0x47504B47, tables)  # GeoPackage's id, say
    articles = world.outside / "a.txt"
    articles.write_text("A headline\n\nSome text of an article.\n", encoding="utf-8")
    before = world.state()
    for args in (("import", theirs, articles), ("list", theirs), ("export", theirs, "-o", "x")):
        refused(world.cli(*args), theirs)
    outcome = open_in_window(monkeypatch, theirs)
    refused(outcome, theirs)
    assert "another program" in outcome.output
    assert world.state() == before


def test_an_empty_database_nobody_claims_may_become_a_project(world: World) -> None:
    empty = world.outside / "new.sqlite"
    _foreign(empty, 0, tables=False)
    article = world.outside / "a.txt"
    article.write_text("A headline\n\nSome text of an article.\n", encoding="utf-8")
    outcome = world.cli("import", empty, article)
    assert outcome.code == 0 and not outcome.traceback, outcome.output
    assert "1 imported" in world.cli("import", empty, article).output or True
    assert "A headline" in world.cli("list", empty).output


@pytest.mark.parametrize("command", ["list", "export", "share", "agreement", "suggest", "search"])
def test_a_command_that_reads_never_makes_a_project_of_an_empty_folder(
    world: World, command: str
) -> None:
    empty = world.outside / "empty"
    empty.mkdir()
    before = world.state()
    args: tuple[object, ...] = (command, empty)
    if command == "agreement":
        args += ("--all",)
    if command in ("export", "share"):
        args += ("-o", world.outside / "out.x")
    if command == "search":
        args += ("words",)
    refused(world.cli(*args), empty)
    assert world.state() == before


def test_a_refused_import_leaves_a_rollback_journal_file_byte_for_byte(world: World) -> None:
    shared = world.outside / "shared.sqlite"  # what `share` writes: one file, DELETE mode
    assert world.cli("share", world.project, "-o", shared).code == 0
    bad = world.outside / "bad.jsonl"
    bad.write_text('{"not": "a line of ours"}\n', encoding="utf-8")
    before = world.state()
    refused(world.cli("import", shared, bad), bad)
    assert world.state() == before


def test_a_good_import_keeps_the_journal_mode_of_the_file(world: World) -> None:
    shared = world.outside / "shared.sqlite"
    assert world.cli("share", world.project, "-o", shared).code == 0
    article = world.outside / "a.txt"
    article.write_text("A headline\n\nSome text of an article.\n", encoding="utf-8")
    assert world.cli("import", shared, article).code == 0
    assert shared.read_bytes()[18:20] == b"\x01\x01"  # rollback journal, not WAL (2, 2)


@pytest.mark.parametrize("command", ["list", "export", "share", "agreement", "search"])
def test_reading_in_a_read_only_folder_leaves_nothing_there(world: World, command: str) -> None:
    args: tuple[object, ...] = (command, world.project)
    if command == "agreement":
        args += ("--all",)
    if command in ("export", "share"):
        args += ("-o", world.outside / "out.x", *(("--all",) if command == "export" else ()))
    if command == "search":
        args += ("words",)
    world.folder.chmod(stat.S_IRUSR | stat.S_IXUSR)  # r-x: even root's commands must respect it
    try:
        before = world.state()
        outcome = world.cli(*args)
        assert not outcome.traceback, outcome.traceback
        assert outcome.code in (0, 1), outcome.output  # agreement: one annotator is an error
        after = world.state()
    finally:
        world.folder.chmod(0o755)
    assert {k: v for k, v in after.items() if k.startswith("proj")} == {
        k: v for k, v in before.items() if k.startswith("proj")
    }
