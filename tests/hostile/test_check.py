"""``annotator check`` and ``--repair`` (issue 11, 14): SQLite's integrity check plus ours on
sound, damaged and hostile files; what can be read saved into a new file that checks sound,
never over the old one, which stays byte for byte as it was."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.model import Annotator
from annotator.session import Session
from tests.hostile.test_damaged import (
    HOSTILE_SCHEMAS,
    HOSTILE_VALUES,
    HOT_JOURNAL,
    _edit,
    _flip,
    _offsets,
)
from tests.hostile.world import World, old_project, refused

READER = Annotator("0000000000000000000000000000c0c0", "checker")


def _counts(path: Path) -> tuple[int, int]:
    session = Session.open(path, READER, read_only=True)
    try:
        docs = session.documents()
        return len(docs), sum(session.span_counts().values())
    finally:
        session.close()


def test_a_sound_project_is_said_sound_and_nothing_is_written(world: World) -> None:
    before = world.state()
    outcome = world.cli("check", world.project)
    assert outcome.code == 0 and not outcome.traceback, outcome.output
    assert "sound (4 documents, 163 spans, 3 annotators)" in outcome.output, outcome.output
    assert world.state() == before


def test_repairing_a_sound_project_copies_every_row(world: World) -> None:
    before = world.state()
    outcome = world.cli("check", world.project, "--repair")
    assert outcome.code == 0, outcome.output
    copy = world.folder / "p.recovered.sqlite"
    assert "nothing was left out" in outcome.output
    assert _counts(copy) == _counts(world.project) == (4, 163)
    assert {k: v for k, v in world.state().items() if "recovered" not in k} == before


@pytest.mark.parametrize("case", sorted(HOSTILE_VALUES))
def test_hostile_values_are_found_and_left_out_of_the_repair(world: World, case: str) -> None:
    hostile = world.outside / "hostile.sqlite"
    shutil.copy(world.project, hostile)
    _edit(hostile, "PRAGMA ignore_check_constraints = ON", HOSTILE_VALUES[case])
    before = world.state()
    found = world.cli("check", hostile)
    refused(found, hostile)
    assert re.search(r"\d+ rows? of '", found.output), found.output
    repaired = world.cli("check", hostile, "--repair")
    assert repaired.code == 0 and not repaired.traceback, repaired.output
    fixed = world.outside / "hostile.recovered.sqlite"
    again = world.cli("check", fixed)
    assert again.code == 0 and "sound" in again.output, again.output
    docs, _ = _counts(fixed)
    assert docs >= 3
    assert {k: v for k, v in world.state().items() if "recovered" not in k} == before


@pytest.mark.parametrize("where", list(_offsets(Path(__file__))))  # names only
def test_flipped_bytes_are_found_and_what_can_be_read_is_saved(world: World, where: str) -> None:
    damaged = world.outside / "damaged.sqlite"
    shutil.copy(world.project, damaged)
    _flip(damaged, _offsets(world.project)[where])
    before = world.state()
    found = world.cli("check", damaged)
    assert not found.traceback and found.code in (0, 1), found.output
    if found.code == 1:
        assert str(damaged) in found.output
    repaired = world.cli("check", damaged, "--repair")
    assert not repaired.traceback, repaired.traceback
    fixed = world.outside / "damaged.recovered.sqlite"
    if repaired.code == 0:
        again = world.cli("check", fixed)
        assert again.code == 0 and "sound" in again.output, (where, again.output)
    else:  # nothing could be read as a project: said so, nothing made
        assert str(damaged) in repaired.output and not fixed.exists()
    assert {k: v for k, v in world.state().items() if "recovered" not in k} == before


def test_a_table_cut_off_at_its_root_page_is_said_and_the_rest_saved(world: World) -> None:
    damaged = world.outside / "rootless.sqlite"
    shutil.copy(world.project, damaged)
    with sqlite3.connect(damaged) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'spans'").fetchone()
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    conn.close()
    with open(damaged, "r+b") as handle:  # the B-tree's root page overwritten
        handle.seek((root[0] - 1) * page)
        handle.write(b"\xff" * 64)
    before = world.state()
    found = world.cli("check", damaged)
    assert found.code == 1 and not found.traceback, found.output
    assert "the rows of 'spans' (all of them) lie beyond a damaged page" in found.output
    repaired = world.cli("check", damaged, "--repair")
    assert repaired.code == 0 and not repaired.traceback, repaired.output
    fixed = world.outside / "rootless.recovered.sqlite"
    assert world.cli("check", fixed).code == 0
    assert _counts(fixed) == (documents, 0)
    assert {k: v for k, v in world.state().items() if "recovered" not in k} == before


def test_a_leftover_rollback_journal_is_rolled_back_in_a_copy_only(world: World) -> None:
    crashed = world.outside / "crashed.sqlite"
    shutil.copy(world.project, crashed)
    subprocess.run([sys.executable, "-c", HOT_JOURNAL, str(crashed)], check=False)
    before = world.state()
    outcome = world.cli("check", crashed)
    assert outcome.code == 0 and "rolled back in a copy" in outcome.output, outcome.output
    assert world.state() == before


def test_repair_never_writes_over_anything(world: World) -> None:
    taken = world.outside / "taken.sqlite"
    taken.write_bytes(b"mine")
    before = world.state()
    for out in (taken, world.project, world.folder / "p.sqlite-wal", world.folder / "p.sqlite"):
        refused(world.cli("check", world.project, "--repair", "-o", out), out)
    assert world.state() == before


def test_what_is_not_a_project_is_said_so(world: World) -> None:
    other = world.outside / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    for path in (other, world.victim, world.outside / "missing.sqlite"):
        refused(world.cli("check", path), path)


@pytest.mark.parametrize("case", sorted(HOSTILE_SCHEMAS))
def test_a_schema_that_is_not_ours_is_said_and_no_row_is_read(world: World, case: str) -> None:
    """A recursive view where spans should be would never end: check says what is wrong and
    reads no row (it hung before), and --repair makes nothing."""
    hostile = world.outside / "hostile.sqlite"
    shutil.copy(world.project, hostile)
    _edit(hostile, "PRAGMA foreign_keys = OFF", *HOSTILE_SCHEMAS[case])
    before = world.state()
    found = world.process("check", hostile, timeout=30)
    assert found.code == 1 and str(hostile) in found.output and not found.traceback
    repaired = world.process("check", hostile, "--repair", timeout=30)
    assert repaired.code == 1 and not (world.outside / "hostile.recovered.sqlite").exists()
    assert world.state() == before


def test_a_project_of_an_older_annotator_is_sound_and_repairs_whole(world: World) -> None:
    """Every project made before a migration: checked through an upgraded copy (it was called
    damaged, and --repair kept no document), the file itself as it was."""
    old = old_project(world.outside / "old.sqlite")
    before = world.state()
    found = world.cli("check", old)
    assert found.code == 0 and "sound" in found.output, found.output
    repaired = world.cli("check", old, "--repair")
    assert repaired.code == 0 and "nothing was left out" in repaired.output, repaired.output
    assert _counts(world.outside / "old.recovered.sqlite") == (4, 4)  # as the file holds
    assert {k: v for k, v in world.state().items() if "recovered" not in k} == before


def test_checking_leaves_no_side_file_beside_the_project(world: World) -> None:
    """A project with a -wal and no -shm (nobody has it open): a read-only connection would
    make a -shm beside it; check reads a private copy."""
    wal = world.outside / "w.sqlite"
    shutil.copy(world.project, wal)
    conn = sqlite3.connect(wal)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE documents SET title = title || ' (edited)'")
    conn.commit()
    shutil.copy(wal, world.outside / "kept.sqlite")
    shutil.copy(f"{wal}-wal", world.outside / "kept.sqlite-wal")
    conn.close()  # closing folds the -wal in: put the state a crash leaves back
    for name in ("kept.sqlite", "kept.sqlite-wal"):
        os.replace(world.outside / name, world.outside / name.replace("kept", "w"))
    Path(f"{wal}-shm").unlink(missing_ok=True)
    names = sorted(p.name for p in world.outside.iterdir())
    outcome = world.cli("check", wal)
    assert outcome.code == 0 and "sound" in outcome.output, outcome.output
    assert sorted(p.name for p in world.outside.iterdir()) == names
