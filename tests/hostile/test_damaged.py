"""Damaged and hostile project files (issue 11, 10-11): a view or a trigger where our tables
are (one that recurses forever), special files given as projects or inputs, flipped bytes, a
leftover rollback journal, links that loop or dangle, values of the wrong type. Every command
and the window say what is wrong, naming the file, never hang, never show a traceback, and
change no file."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.hostile.world import World, open_in_window, refused

READERS = {
    "list": lambda w, p: ("list", p),
    "export": lambda w, p: ("export", p, "-o", w.outside / "out.jsonl", "--all"),
    "share": lambda w, p: ("share", p, "-o", w.outside / "copy.sqlite"),
    "agreement": lambda w, p: ("agreement", p, "--all"),
    "suggest": lambda w, p: ("suggest", p, "--json", "--no-model"),
    "search": lambda w, p: ("search", p, "the", "--json"),
}
WRITERS = {
    "import": lambda w, p: ("import", p, w.outside / "a.txt"),
    "add-work into it": lambda w, p: ("add-work", p, w.outside / "other.sqlite"),
    "add-work from it": lambda w, p: ("add-work", w.project, p),
}
COMMANDS = {**READERS, **WRITERS}
OUTPUTS = ("outside/out.jsonl", "outside/copy.sqlite")  # what a reader that succeeds writes


def _inputs(state: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in state.items() if k not in OUTPUTS}


def _prepare(world: World) -> None:
    (world.outside / "a.txt").write_text("A headline\n\nSome text.\n", encoding="utf-8")
    shutil.copy(world.project, world.outside / "other.sqlite")


def _edit(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON") if any(
        "sqlite_master" in s for s in statements
    ) else None
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


HOSTILE_SCHEMAS = {
    "spans is an endless recursive view": (
        "DROP TABLE quote_segments",
        "DROP TABLE claims",
        "DROP TABLE decisions",
        "DROP TABLE proposal_outcomes",
        "DROP TABLE spans",
        "CREATE VIEW spans AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
        "SELECT 'x' || n AS id, '' AS document_id, '' AS annotator_id, 'entity' AS layer, "
        "'PERSON' AS label, 0 AS start, 1 AS \"end\", 'x' AS text, '' AS note, '' AS created_at, "
        "'' AS updated_at, NULL AS entity_id FROM r",
    ),
    "a trigger that loops": (
        "CREATE TRIGGER loop AFTER UPDATE ON documents BEGIN "
        "UPDATE documents SET title = title || 'x'; END",
    ),
    "a table without its columns": (
        "ALTER TABLE entities RENAME TO entities_old",
        "CREATE TABLE entities (id TEXT PRIMARY KEY)",
    ),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("case", sorted(HOSTILE_SCHEMAS))
def test_a_schema_that_is_not_ours_is_refused_before_any_row_is_read(
    world: World, case: str, command: str
) -> None:
    _prepare(world)
    hostile = world.outside / "hostile.sqlite"
    shutil.copy(world.project, hostile)
    _edit(hostile, "PRAGMA foreign_keys = OFF", *HOSTILE_SCHEMAS[case])
    before = world.state()
    outcome = world.process(*COMMANDS[command](world, hostile), timeout=60)
    refused(outcome, hostile)
    assert "is not a project annotator can use" in outcome.output, outcome.output
    assert world.state() == before


def test_the_window_refuses_a_hostile_schema_in_a_dialog(
    world: World, qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    for case, statements in HOSTILE_SCHEMAS.items():
        hostile = world.outside / f"{case}.sqlite"
        shutil.copy(world.project, hostile)
        _edit(hostile, "PRAGMA foreign_keys = OFF", *statements)
    before = world.state()
    for case in HOSTILE_SCHEMAS:
        hostile = world.outside / f"{case}.sqlite"
        refused(open_in_window(monkeypatch, hostile), hostile)
    assert world.state() == before


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
@pytest.mark.parametrize("role", ["project", "import input", "add-work input"])
def test_special_files_never_hang(world: World, kind: str, role: str) -> None:
    _prepare(world)
    special = world.outside / ("x.jsonl" if role != "project" else "x.sqlite")
    if kind == "fifo":
        os.mkfifo(special)
    elif kind == "folder":
        special.mkdir()
        if role == "project":
            pytest.skip("a folder is a project folder: tested elsewhere")
    else:
        special = Path("/dev/zero")
    before = world.state()
    args = {
        "project": ("list", special),
        "import input": ("import", world.project, special, "--format", "native"),
        "add-work input": ("add-work", world.project, special),
    }[role]
    outcome = world.process(*args, timeout=30)
    refused(outcome, special)
    assert world.state() == before


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    for i in range(offset, min(offset + 16, len(data))):
        data[i] ^= 0xA5
    path.write_bytes(bytes(data))


def _offsets(path: Path) -> dict[str, int]:
    size = path.stat().st_size
    return {
        "header": 20,
        "schema page": 100,
        "page 2": 4096 + 8,
        "middle": (size // 2 // 4096) * 4096 + 8,
        "last page": size - 4096 + 8,
        "last bytes": size - 16,
    }


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_flipped_bytes_give_a_message_naming_the_file(world: World, command: str) -> None:
    _prepare(world)
    for where, offset in _offsets(world.project).items():
        damaged = world.outside / f"damaged-{where.replace(' ', '-')}.sqlite"
        shutil.copy(world.project, damaged)
        _flip(damaged, offset)
    before = world.state()
    for where in _offsets(world.project):
        damaged = world.outside / f"damaged-{where.replace(' ', '-')}.sqlite"
        outcome = world.cli(*COMMANDS[command](world, damaged))
        assert not outcome.traceback, (where, outcome.traceback)
        assert outcome.code != -1
        if outcome.code != 0:  # a flip in bytes nothing reads may go unnoticed: fine
            assert str(damaged) in outcome.output, (where, outcome.output)
    if command in READERS:
        assert _inputs(world.state()) == _inputs(before)


def test_the_window_opens_a_damaged_file_with_a_dialog(
    world: World, qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    for where, offset in _offsets(world.project).items():
        damaged = world.outside / f"damaged-{where.replace(' ', '-')}.sqlite"
        shutil.copy(world.project, damaged)
        _flip(damaged, offset)
        outcome = open_in_window(monkeypatch, damaged)
        assert not outcome.traceback, (where, outcome.traceback)
        if outcome.code != 0:
            assert str(damaged) in outcome.output, (where, outcome.output)


HOT_JOURNAL = textwrap.dedent(
    """
    import os, sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA cache_size = 1")  # spill changed pages into the file at once
    conn.execute("BEGIN")
    conn.execute("UPDATE documents SET title = title || ' (changed)'")
    conn.execute("UPDATE spans SET note = 'half written'")
    os._exit(1)  # a crash in the middle: a hot -journal stays beside the file
    """
)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_leftover_rollback_journal(world: World, command: str) -> None:
    _prepare(world)
    crashed = world.outside / "crashed.sqlite"
    shutil.copy(world.project, crashed)
    subprocess.run([sys.executable, "-c", HOT_JOURNAL, str(crashed)], check=False)
    assert Path(f"{crashed}-journal").exists()
    outcome = world.cli(*COMMANDS[command](world, crashed))
    assert not outcome.traceback, outcome.traceback
    if outcome.code != 0:
        assert str(crashed) in outcome.output, outcome.output
    listed = world.cli("list", crashed).output
    assert "(changed)" not in listed  # never the half-written transaction


@pytest.mark.parametrize("link", ["loop", "dangling"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_project_path_through_a_bad_link(world: World, command: str, link: str) -> None:
    _prepare(world)
    path = world.outside / "linked.sqlite"
    path.symlink_to(path if link == "loop" else world.outside / "gone" / "p.sqlite")
    before = world.state()
    outcome = world.cli(*COMMANDS[command](world, path))
    refused(outcome, path)
    assert world.state() == before


HOSTILE_VALUES = {
    "a span start that is text": "UPDATE spans SET start = 'abc' WHERE rowid = 1",
    "a span end that is a blob": "UPDATE spans SET \"end\" = x'00ff' WHERE rowid = 2",
    "a title that is bytes": "UPDATE documents SET title = x'00ff' WHERE rowid = 1",
    "a text that is not UTF-8": "UPDATE documents SET text = CAST(x'c328' AS TEXT) WHERE rowid = 1",
    "aliases that are not a list": "UPDATE entities SET aliases = '{\"a\": 1}' WHERE rowid = 1",
    "a status no one knows": "UPDATE document_status SET status = 'weird' WHERE rowid = 1",
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("case", sorted(HOSTILE_VALUES))
def test_values_of_the_wrong_type(world: World, case: str, command: str) -> None:
    _prepare(world)
    hostile = world.outside / "hostile.sqlite"
    shutil.copy(world.project, hostile)
    _edit(hostile, "PRAGMA ignore_check_constraints = ON", HOSTILE_VALUES[case])
    before = world.state()
    outcome = world.cli(*COMMANDS[command](world, hostile))
    assert not outcome.traceback, outcome.traceback
    if outcome.code != 0:
        assert str(hostile) in outcome.output or "document" in outcome.output, outcome.output
    if command in READERS:
        assert _inputs(world.state()) == _inputs(before)


def test_a_bug_reaches_the_user_as_one_line_and_a_report(
    world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The last line of defence of the ``annotator`` command: an exception nobody expected
    (here a bug put in ``list`` on purpose) is one line naming a report file, exit 70."""
    from annotator.cli import main
    from annotator.cli import projects as list_module

    def broken(*_: object, **__: object) -> object:
        raise TypeError("a bug")

    monkeypatch.setattr(list_module, "open_project", broken)
    monkeypatch.setenv("XDG_CACHE_HOME", str(world.outside / "cache"))
    with pytest.raises(SystemExit) as exited:
        main(["list", str(world.project)])
    err = capsys.readouterr().err
    assert exited.value.code == 70
    assert "This is a bug" in err and "Traceback" not in err
    [report] = (world.outside / "cache" / "annotator" / "crash-reports").iterdir()
    assert "TypeError: a bug" in report.read_text(encoding="utf-8")
