"""`annotator add-work` and `annotator share`: another annotator's project file (read without a
trace, -wal files and read-only folders included) or JSONL brought in as their own track, their
work replacing their earlier work; a consistent copy of an open project."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator.cli import cli
from annotator.core.articles import ParsedArticle
from annotator.core.links import Entity
from annotator.core.model import GOLD_ANNOTATOR_ID, Annotator, Layer, Span, Status
from annotator.formats.project_file import project_lines
from annotator.identity import current_annotator
from annotator.session import Session
from annotator.session.rows import ProjectCopy
from annotator.storage.errors import ProjectError
from annotator.storage.migrations import APPLICATION_ID, SCHEMA_VERSION
from annotator.storage.opening import snapshot
from tests.formats.test_native_io import ANN, BOB, TEXTS, build_source, dump, open_project

CAROL = Annotator("c-0003", "Carol")


def run(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def me() -> Annotator:
    return current_annotator()


@pytest.fixture
def theirs(tmp_path: Path) -> Path:
    """A colleague's project: Ann's work on the first two documents, Bob's on the second;
    the third ('Lviv') has nobody's work."""
    folder = tmp_path / "colleague"
    folder.mkdir()
    path = folder / "theirs.sqlite"
    build_source(path, ANN, BOB).close()
    return path


def _make_mine(path: Path, me: Annotator, texts: list[str]) -> Path:
    session = open_project(path, me)
    articles = [(f"m{i}.txt", ParsedArticle(t, t.split(".")[0], None)) for i, t in enumerate(texts)]
    docs = [d.id for _, d in session.import_articles(articles).imported]
    place = texts[-1].split(".")[0]  # 'Brussels' or 'Lviv'
    session.add_span(Span("mine1", docs[-1], me.id, Layer.ENTITY, "LOCATION", 0, len(place), place))
    session.close()
    return path


@pytest.fixture
def mine(tmp_path: Path, me: Annotator) -> Path:
    """The reviewer's project: the first two documents (not 'Lviv'), a span of their own."""
    return _make_mine(tmp_path / "mine.sqlite", me, TEXTS[:2])


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def spans_by_annotator(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for who, span_id in rows(path, "SELECT annotator_id, id FROM spans ORDER BY id"):
        found.setdefault(str(who), []).append(str(span_id))
    return found


def state(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, tuple[str, int] | None]:
    """Every file in the folder: its bytes' hash and mtime (None for names in ``skip``)."""
    return {
        p.name: None
        if p.name.endswith(skip) or p.is_dir()
        else (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
    }


# -- bringing a project file in --------------------------------------------------------------------


def test_a_project_file_brings_each_annotators_work_as_their_own(
    theirs: Path, mine: Path, me: Annotator
) -> None:
    result = run("add-work", mine, theirs)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"brought in {theirs} (project file): 2 documents matched, 1 not in this project; "
        "work of Ann, Bob: 7 spans, 1 quote, 1 claim",
        f"not in this project: {theirs}, document 3: 'Lviv' (--add-documents adds it)",
        f"{mine}: 1 file brought in",
        "See their work in the window: View > Show annotations of > Ann / Bob (read-only)",
    ]
    assert spans_by_annotator(mine) == {
        ANN.id: ["c1", "cue1", "loc", "m1", "m2", "q1"],
        me.id: ["mine1"],
        BOB.id: ["o1"],
    }
    assert rows(mine, "SELECT id, annotator_id FROM quotes") == [("quote1", ANN.id)]
    assert rows(mine, "SELECT span_id, claimer_entity_id FROM claims") == [("c1", "e-lavrov")]
    assert rows(mine, "SELECT id, annotator_id, name FROM entities") == [
        ("e-lavrov", ANN.id, "Sergey Lavrov")
    ]
    statuses = rows(mine, "SELECT annotator_id, status FROM document_status ORDER BY status")
    assert sorted(statuses) == sorted(
        [(ANN.id, "done"), (ANN.id, "in_progress"), (BOB.id, "in_progress"), (me.id, "in_progress")]
    )
    assert rows(mine, "SELECT count(*) FROM documents") == [(2,)]  # 'Lviv' was not added
    assert {r[0] for r in rows(mine, "SELECT name FROM annotators")} == {"Ann", "Bob", "tester"}


def test_add_documents_adds_what_the_project_lacks(theirs: Path, mine: Path) -> None:
    result = run("add-work", mine, theirs, "--add-documents")
    assert result.exit_code == 0, result.output
    assert "2 documents matched, 1 added; work of Ann, Bob" in result.stdout
    assert "not in this project" not in result.stdout
    assert rows(mine, "SELECT title FROM documents ORDER BY position")[-1] == ("Lviv",)


def test_bringing_the_same_work_in_twice_updates_rather_than_duplicates(
    theirs: Path, mine: Path, me: Annotator
) -> None:
    assert run("add-work", mine, theirs).exit_code == 0
    again = run("add-work", mine, theirs)
    assert again.exit_code == 0, again.output
    assert (
        f"brought in {theirs} (project file): 2 documents matched, 1 not in this project; "
        "nothing new; 3 lines already here, unchanged" in again.stdout
    )
    assert "See their work" not in again.stdout
    before = spans_by_annotator(mine)
    # In their project, Bob relabels his span and adds one; Ann removes her only span on
    # 'Brussels' (and with it all her work there).
    bob = Session.open(theirs, BOB, scheme=None)
    brussels = bob.span("o1").document_id
    bob.update_span(replace(bob.span("o1"), label="LOCATION", note="a place, not the body"))
    text = bob.document(brussels).text
    start = text.index("Ursula")
    bob.add_span(Span("o2", brussels, BOB.id, Layer.ENTITY, "PERSON", start, start + 6, "Ursula"))
    bob.close()
    ann = Session.open(theirs, ANN, scheme=None)
    ann.remove_span(ann.span("m2"))
    ann.set_status(brussels, Status.NOT_STARTED)
    ann.close()
    updated = run("add-work", mine, theirs)
    assert updated.exit_code == 0, updated.output
    assert (
        "2 documents matched, 1 not in this project; work of Ann, Bob: 2 spans, 0 quotes, "
        "0 claims (2 earlier versions replaced); 1 line already here, unchanged"
    ) in updated.stdout
    after = spans_by_annotator(mine)
    assert after[BOB.id] == ["o1", "o2"] and after[ANN.id] == [
        s for s in before[ANN.id] if s != "m2"
    ]
    assert after[me.id] == before[me.id]
    assert rows(mine, "SELECT label, note FROM spans WHERE id = 'o1'") == [
        ("LOCATION", "a place, not the body")
    ]
    brussels_here = rows(mine, "SELECT document_id FROM spans WHERE id = 'mine1'")[0][0]
    statuses = rows(
        mine, f"SELECT annotator_id FROM document_status WHERE document_id = '{brussels_here}'"
    )
    assert sorted(statuses) == sorted([(BOB.id,), (me.id,)])  # Ann's went with her work


def test_your_own_work_is_never_replaced(tmp_path: Path, me: Annotator) -> None:
    """A colleague's project made from a copy of yours holds your work too: it is left out."""
    theirs = tmp_path / "theirs.sqlite"
    build_source(theirs, me, BOB).close()
    mine = _make_mine(tmp_path / "mine.sqlite", me, TEXTS[:2])
    before = rows(mine, f"SELECT * FROM spans WHERE annotator_id = '{me.id}'")
    result = run("add-work", mine, theirs)
    assert result.exit_code == 0, result.output
    assert "work of Bob: 1 span, 0 quotes, 0 claims; 2 lines of your own work left out" in (
        result.stdout
    )
    assert (
        f"left out {theirs}, document 1: annotator 'tester' is you: your own work is never "
        "replaced from a file (document '🇺🇦 Kyiv')" in result.stderr
    )
    assert rows(mine, f"SELECT * FROM spans WHERE annotator_id = '{me.id}'") == before
    assert spans_by_annotator(mine)[BOB.id] == ["o1"]


def test_the_gold_layer_is_never_replaced_either(tmp_path: Path, mine: Path) -> None:
    theirs = tmp_path / "theirs.sqlite"
    build_source(theirs, Annotator(GOLD_ANNOTATOR_ID, "gold"), BOB).close()
    result = run("add-work", mine, theirs)
    assert result.exit_code == 0, result.output
    assert "annotator 'gold' is the gold layer: decisions made here are never replaced" in (
        result.stderr
    )
    assert GOLD_ANNOTATOR_ID not in spans_by_annotator(mine)


def test_a_document_whose_text_differs_is_reported_not_misaligned(
    tmp_path: Path, theirs: Path, me: Annotator
) -> None:
    edited = TEXTS[1].replace("Monday", "Tuesday")
    mine = _make_mine(tmp_path / "mine.sqlite", me, [TEXTS[0], edited])
    result = run("add-work", mine, theirs)
    assert result.exit_code == 0, result.output
    assert f"not in this project: {theirs}, document 2: 'Brussels'" in result.stdout
    assert "1 document matched, 2 not in this project; work of Ann: 5 spans" in result.stdout
    assert BOB.id not in spans_by_annotator(mine)
    assert "m2" not in spans_by_annotator(mine)[ANN.id]


def test_an_entity_already_here_with_other_content_keeps_ours(
    theirs: Path, mine: Path, me: Annotator
) -> None:
    session = Session.open(mine, me, scheme=None)
    session.registry.add_entity(Entity("e-lavrov", me.id, "S. Lavrov", "PERSON", (), ""))
    session.close()
    result = run("add-work", mine, theirs)
    assert result.exit_code == 0, result.output
    assert (
        "note: entity 'S. Lavrov' (e-lavrov): the file has it as 'Sergey Lavrov' (PERSON) "
        "with other details; this project's version was kept"
    ) in result.stderr
    assert rows(mine, "SELECT annotator_id, name FROM entities") == [(me.id, "S. Lavrov")]
    assert rows(mine, "SELECT entity_id FROM spans WHERE id = 'm1'") == [("e-lavrov",)]


def test_native_jsonl_is_brought_in_the_same_way(
    tmp_path: Path, theirs: Path, me: Annotator
) -> None:
    out = tmp_path / "theirs.jsonl"
    assert run("export", theirs, "-o", out, "--all").exit_code == 0
    mine = _make_mine(tmp_path / "mine.sqlite", me, [TEXTS[0], TEXTS[2]])  # not 'Brussels'
    result = run("add-work", mine, out)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        f"brought in {out} (JSONL): 1 document matched, 1 not in this project; work of Ann: "
        "5 spans, 1 quote, 1 claim",
        f"not in this project: {out}, line 2: 'Brussels' (--add-documents adds it)",
    ]
    again = run("add-work", mine, out, "--add-documents")
    assert "1 document matched, 1 added; work of Ann, Bob: 2 spans" in again.stdout
    assert "1 line already here, unchanged" in again.stdout
    assert sorted(spans_by_annotator(mine)[BOB.id]) == ["o1"]


@pytest.mark.parametrize("kind", ["not ours", "too new", "text", "this project"])
def test_what_cannot_be_brought_in_is_refused_with_the_file_named(
    tmp_path: Path, mine: Path, theirs: Path, kind: str
) -> None:
    bad = tmp_path / "bad.sqlite"
    if kind == "not ours":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE notes (text)")
        conn.commit()
        conn.close()
        message = f"refused {bad} is an SQLite database, but not an annotator project"
    elif kind == "too new":
        shutil.copy(theirs, bad)
        conn = sqlite3.connect(bad)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.commit()
        conn.close()
        message = f"refused {bad} was written by a newer version of annotator"
    elif kind == "text":
        bad = tmp_path / "notes.jsonl"
        bad.write_text("just some notes\n", "utf-8")
        message = f"refused {bad}, line 1: malformed JSON"
    else:
        bad = mine
        message = f"refused {mine} is this project itself"
    folder = state(bad.parent, skip=("mine.sqlite", "-wal", "-shm", ".lock"))
    before = dump(mine)
    result = run("add-work", mine, bad, theirs)
    assert result.exit_code == 1
    assert result.stderr.startswith(message), result.stderr
    assert f"brought in {theirs}" in result.stdout  # the other file still is
    assert result.stdout.splitlines()[-2] == f"{mine}: 1 file brought in, 1 refused"
    if kind != "this project":
        assert dump(mine) != before
        assert state(bad.parent, skip=("mine.sqlite", "-wal", "-shm", ".lock")) == folder


def test_an_older_project_file_is_read_through_an_upgraded_copy(tmp_path: Path, mine: Path) -> None:
    old = tmp_path / "old.sqlite"
    conn = sqlite3.connect(old)
    fixture = Path(__file__).parents[1] / "storage" / "fixtures" / "schema_v1.sql"
    conn.executescript(fixture.read_text(encoding="utf-8"))
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    before = old.read_bytes()
    copy = snapshot(old)
    assert copy.version == 1
    copy.db.close()
    theirs = ProjectCopy(old)
    try:
        lines = list(project_lines(theirs))
    finally:
        theirs.close()
    assert sum(len(line.spans) for line in lines) == 4
    assert old.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("old")) == ["old.sqlite"]


def test_a_label_the_project_lacks_refuses_the_file_unless_added(theirs: Path, mine: Path) -> None:
    conn = sqlite3.connect(theirs)
    conn.execute("UPDATE labels SET name = 'ORG' WHERE name = 'ORGANIZATION'")
    conn.execute("UPDATE spans SET label = 'ORG' WHERE id = 'o1'")
    conn.commit()
    conn.close()
    before = dump(mine)
    refused = run("add-work", mine, theirs)
    assert refused.exit_code == 1
    assert f"refused {theirs}: the project has no entity label 'ORG'; nothing from this" in (
        refused.stderr
    )
    assert "(--add-labels adds them, --map ORG=LABEL maps one)" in refused.stderr
    assert dump(mine) == before
    mapped = run("add-work", mine, theirs, "--map", "ORG=ORGANIZATION")
    assert mapped.exit_code == 0, mapped.output
    assert rows(mine, "SELECT label FROM spans WHERE id = 'o1'") == [("ORGANIZATION",)]


# -- their file is never touched ---------------------------------------------------------------


def _edit_in_the_wal(path: Path) -> sqlite3.Connection:
    """A connection of 'their window': an edit that stays in the -wal (no checkpoint)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE spans SET note = 'only in the wal' WHERE id = 'o1'")
    return conn


@pytest.mark.parametrize("read_only_folder", [False, True], ids=["folder", "read-only folder"])
@pytest.mark.parametrize("how", ["closed", "copied while open", "open elsewhere"])
def test_their_file_is_never_touched(
    tmp_path: Path, theirs: Path, mine: Path, how: str, read_only_folder: bool
) -> None:
    source, writer = theirs, None
    if how != "closed":
        writer = _edit_in_the_wal(theirs)
        assert theirs.with_name("theirs.sqlite-wal").stat().st_size > 0
    if how == "copied while open":  # their folder copied with the -wal, the app still open
        assert writer is not None
        copied = tmp_path / "copied"
        copied.mkdir()
        for name in ("theirs.sqlite", "theirs.sqlite-wal"):
            shutil.copy(theirs.with_name(name), copied / name)
        writer.close()
        writer, source = None, copied / "theirs.sqlite"
    folder = source.parent
    # A reader takes its read mark in a live connection's -shm: that is what -shm is for.
    skip = ("-shm",) if writer is not None else ()
    before = state(folder, skip)
    if read_only_folder:
        folder.chmod(0o555)
    try:
        result = run("add-work", mine, source)
    finally:
        folder.chmod(0o755)
        after = state(folder, skip)
        if writer is not None:
            writer.close()
    assert result.exit_code == 0, result.output
    assert after == before  # same files, same bytes, same times: no -wal, -shm or lock added
    note = rows(mine, "SELECT note FROM spans WHERE id = 'o1'")
    if how == "closed":
        assert note == [("",)] and "note:" not in result.stderr
    else:  # (the file and its -wal copied together, even from a read-only folder)
        assert note == [("only in the wal",)]
        assert "note:" not in result.stderr


# A sync engine writing the file, until it is stopped: 4 KiB a millisecond at most (a sync
# engine's pace, not the disk's: unthrottled, a slow add-work on a loaded machine let it
# write 27 GB and fill the disk), and never more than 1 GiB (about four minutes).
GROWING = """
import sys, time
with open(sys.argv[1], "ab", buffering=0) as out:
    for _ in range(1 << 18):
        out.write(bytes(4096))
        time.sleep(0.001)
"""


def test_a_file_changing_while_it_is_read_is_refused_and_nothing_kept(
    tmp_path: Path, theirs: Path, mine: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Their file grows while add-work copies it (a sync engine writing it): refused with the
    file named, nothing of it kept here, no private copy left, nothing made beside it."""
    with theirs.open("ab") as out:  # (bytes past the last page: SQLite reads the file as it was)
        out.write(bytes(48 << 20))  # (so that a copy takes a while)
    copies = tmp_path / "tmp"
    copies.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(copies))  # where private copies are made
    assert run("add-work", mine, theirs).exit_code == 0  # whole, it is read
    before, beside = dump(mine), sorted(p.name for p in theirs.parent.iterdir())
    writer = subprocess.Popen([sys.executable, "-c", GROWING, str(theirs)])
    try:
        size = theirs.stat().st_size
        while theirs.stat().st_size == size:  # (the writer has begun)
            time.sleep(0.01)
        result = run("add-work", mine, theirs)
    finally:
        writer.kill()
        writer.wait()
    assert result.exit_code == 1, result.output
    assert f"{theirs} changed while it was read (a sync under way?)" in result.stderr
    assert "Traceback" not in result.output
    assert dump(mine) == before
    assert list(copies.iterdir()) == []
    assert sorted(p.name for p in theirs.parent.iterdir()) == beside


def test_a_wal_beside_their_file_is_read_and_a_hot_journal_rolled_back_in_the_copy(
    tmp_path: Path, theirs: Path, mine: Path
) -> None:
    """The -wal beside their (closed) file holds an edit: it comes in. A -journal left by a
    crash mid-transaction is rolled back in the private copy: the half-done change never comes
    in, and neither file beside theirs is touched."""
    writer = _edit_in_the_wal(theirs)
    wal = theirs.with_name("theirs.sqlite-wal")
    kept = tmp_path / "kept"
    kept.mkdir()
    for name in ("theirs.sqlite", "theirs.sqlite-wal"):  # as a crash leaves them
        shutil.copy(theirs.with_name(name), kept / name)
    writer.close()
    source = kept / "theirs.sqlite"
    before = state(kept)
    assert run("add-work", mine, source).exit_code == 0
    assert rows(mine, "SELECT note FROM spans WHERE id = 'o1'") == [("only in the wal",)]
    assert state(kept) == before and wal.name in before

    crashed = tmp_path / "crashed" / "theirs.sqlite"
    crashed.parent.mkdir()
    build_source(crashed, ANN, BOB).close()
    subprocess.run([sys.executable, "-c", HALF_WRITTEN, str(crashed)], check=False)
    assert crashed.with_name("theirs.sqlite-journal").stat().st_size > 0
    before = state(crashed.parent)
    result = run("add-work", mine, crashed)
    assert result.exit_code == 0, result.output
    assert ("half written",) not in rows(mine, "SELECT note FROM spans")
    assert state(crashed.parent) == before


HALF_WRITTEN = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = DELETE")
conn.execute("PRAGMA cache_size = 1")  # changed pages spill into the file at once
conn.execute("BEGIN")
conn.execute("UPDATE spans SET note = 'half written'")
os._exit(1)  # a crash in the middle: a hot -journal stays beside the file
"""


def test_a_snapshot_names_what_it_refuses(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="does not exist"):
        snapshot(tmp_path / "nope.sqlite")
    (tmp_path / "empty.sqlite").touch()
    with pytest.raises(ProjectError, match="empty.sqlite is an empty file, not an annotator"):
        snapshot(tmp_path / "empty.sqlite")


def test_a_conflict_after_a_replacement_keeps_nothing_of_the_file(theirs: Path, mine: Path) -> None:
    """Bob's earlier work is deleted in the transaction, then his new span's id is found to
    be taken here: all of it rolls back, and the line is named."""
    assert run("add-work", mine, theirs).exit_code == 0
    bob = Session.open(theirs, BOB, scheme=None)
    brussels = bob.span("o1").document_id
    start = bob.document(brussels).text.index("Brussels")
    bob.add_span(
        Span("mine1", brussels, BOB.id, Layer.ENTITY, "LOCATION", start, start + 8, "Brussels")
    )
    bob.close()
    before = dump(mine)
    result = run("add-work", mine, theirs)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"refused {theirs}, document 2: span id 'mine1' is already used in the project (for "
        "another document or annotator); nothing from this file was imported"
    ), result.stderr
    assert dump(mine) == before


# -- share ------------------------------------------------------------------------------------


@pytest.fixture
def open_project_with_wal(tmp_path: Path, me: Annotator) -> Iterator[tuple[Path, Session]]:
    """A project open for writing ('the window', holding the writer lock) whose last edit is
    only in its -wal, not yet in the file."""
    path = tmp_path / "mine.sqlite"
    build_source(path, me, BOB).close()
    session = Session.open(path, me)  # one small edit stays in the -wal until closing
    doc = session.span("o1").document_id
    session.edit_document(doc, title="Edited just now", date=None, source="")
    yield path, session
    session.close()


def test_share_writes_a_consistent_copy_with_the_edits_in_the_wal(
    open_project_with_wal: tuple[Path, Session], tmp_path: Path
) -> None:
    path, _ = open_project_with_wal
    immutable = f"file:{path}?mode=ro&immutable=1"
    conn = sqlite3.connect(immutable, uri=True)
    assert ("Edited just now",) not in conn.execute("SELECT title FROM documents").fetchall()
    conn.close()  # a plain copy of the file would miss the edit
    copy = tmp_path / "for-review.sqlite"
    result = run("share", path, "-o", copy)
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"{copy}: a copy of {path} (3 documents, 7 spans by 2 annotators)\n")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("for-review")) == [
        "for-review.sqlite"
    ]
    conn = sqlite3.connect(f"file:{copy}?mode=ro&immutable=1", uri=True)
    try:
        assert ("Edited just now",) in conn.execute("SELECT title FROM documents").fetchall()
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()
    listed = run("list", copy)
    assert listed.exit_code == 0 and "Edited just now" in listed.stdout


def test_share_refuses_the_project_itself_and_a_failed_copy_leaves_the_old_one(
    open_project_with_wal: tuple[Path, Session], tmp_path: Path
) -> None:
    path, session = open_project_with_wal
    itself = run("share", path, "-o", path)
    assert itself.exit_code == 1 and "is the project file itself" in itself.stderr
    target = tmp_path / "old-copy.sqlite"
    target.write_bytes(b"yesterday's copy")

    def cancel(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        session.backup_to(target, cancel)
    assert target.read_bytes() == b"yesterday's copy"
    assert [p.name for p in tmp_path.iterdir() if "old-copy" in p.name] == ["old-copy.sqlite"]
    session.backup_to(target)
    copy = Session.open(target, session.annotator, read_only=True)
    assert copy.document_count() == 3
    copy.close()


def test_a_colleagues_project_folder_stands_for_its_file(tmp_path: Path, mine: Path) -> None:
    folder = tmp_path / "bob-project"
    folder.mkdir()
    build_source(folder / "project.sqlite", ANN, BOB).close()
    result = run("add-work", mine, folder)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"brought in {folder / 'project.sqlite'} (project file): ")
