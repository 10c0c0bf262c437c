"""The team folder (``app.team``) on real files: a member's work file made on first open and
bound to them, the lead bringing in each work file's own track only (never a stale copy of
someone else's track), a file caught mid-sync named and read again later, never read half."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.app.team import Collected, open_team, read_work_file, work_file
from annotator.app.work import TheirWork
from annotator.core.errors import AnnotatorError
from annotator.core.links import Verdict
from annotator.core.model import Annotator, Document, Layer, Span, Status, new_id, now_iso
from annotator.core.scheme import load_default_scheme
from annotator.session import Session
from annotator.session.ops.documents import SetStatus
from annotator.session.ops.links import SetClaim
from annotator.session.ops.spans import AddSpan, RemoveSpan
from annotator.session.team import Behind, private_copy, private_folder
from tests.builders import as_person, put_documents, put_work

IDS = [f"d{i}" for i in range(1, 7)]


def add_spans(session: Session, document_id: str, count: int) -> None:
    """``count`` entity spans of the session's annotator, one edit each."""
    label = next(lb for lb in session.scheme if lb.layer is Layer.ENTITY)
    for i in range(count):
        session.add_span(session.new_span(document_id, i, i + 1, label))


def joins(
    monkeypatch: pytest.MonkeyPatch, root: Path, folder: Path, name: str, document: str, spans: int
) -> Annotator:
    """``name`` opens the team folder (their work file made) and adds ``spans`` spans."""
    person = as_person(monkeypatch, root, name)
    session, _ = open_team(folder, person)
    add_spans(session, document, spans)
    session.close()
    return person


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Annotator]]:
    """A team folder led by 'lea': alice has d1-d3, bob d3-d4."""
    lea = as_person(monkeypatch, tmp_path, "lea")
    folder = tmp_path / "team"
    (folder / "work").mkdir(parents=True)
    session = Session.open(folder / "project.sqlite", lea, scheme=load_default_scheme())
    put_documents(session, [Document(d, f"Alice met Bob in {d} town.", d.upper()) for d in IDS])
    session.assignments.add([("d1", "alice"), ("d2", "alice"), ("d3", "alice")])
    session.assignments.add([("d3", "bob"), ("d4", "bob")])
    session.assignments.set_setting("team.lead", lea.id)
    session.close()
    yield folder, lea


def test_someone_with_no_documents_assigned_is_told_and_gets_no_work_file(
    team: tuple[Path, Annotator], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _ = team
    lead_bytes = (folder / "project.sqlite").read_bytes()
    carol = as_person(monkeypatch, tmp_path, "carol")
    with pytest.raises(AnnotatorError) as refused:
        open_team(folder, carol)
    said = str(refused.value)
    assert str(folder / "project.sqlite") in said and "no documents to you (carol)" in said
    assert "alice, bob" in said  # the names the lead assigned, to open under or to ask for
    assert not work_file(folder, carol.id).exists()
    assert sorted(p.name for p in (folder / "work").iterdir()) == []  # nothing half-made
    assert (folder / "project.sqlite").read_bytes() == lead_bytes


def test_a_member_gets_their_own_work_file_made_from_the_project_and_bound_to_them(
    team: tuple[Path, Annotator], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, lea = team
    lead_bytes = (folder / "project.sqlite").read_bytes()
    alice = as_person(monkeypatch, tmp_path, "Alice")
    session, collector = open_team(folder, alice)
    try:
        assert collector is None
        assert session.path == work_file(folder, alice.id)
        assert [d.id for d in session.documents()] == ["d1", "d2", "d3"]
        assert session.assignments.bindings() == {"alice": alice.id}
        add_spans(session, "d3", 2)
    finally:
        session.close()
    assert (folder / "project.sqlite").read_bytes() == lead_bytes  # the lead's: never written
    assert rows(session.path, "PRAGMA journal_mode") == [("delete",)]  # whole file, syncable
    assert rows(session.path, "SELECT count(*) FROM spans") == [(2,)]
    # Opened again: the same file, not made anew.
    session, _ = open_team(folder, alice)
    try:
        assert len(session.spans("d3")) == 2
    finally:
        session.close()


def test_the_lead_brings_in_each_files_own_track_only_and_the_binding(
    team: tuple[Path, Annotator], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, lea = team
    alice = joins(monkeypatch, tmp_path, folder, "alice", "d3", 3)
    bob = as_person(monkeypatch, tmp_path, "bob")
    session, _ = open_team(folder, bob)
    add_spans(session, "d3", 1)  # the same document as alice: two tracks, no conflict
    # A stale copy of alice's track in bob's file (say, from an old sync): never taken.
    stamp = now_iso()
    stale = Span(new_id(), "d3", alice.id, Layer.ENTITY, "PERSON", 0, 5, "Alice", created_at=stamp)
    put_work(session, alice, [stale])
    session.close()

    as_person(monkeypatch, tmp_path, "lea")
    session, collector = open_team(folder, lea)
    assert collector is not None
    try:
        assert session.path == folder / "project.sqlite"
        assert len(session.spans("d3", alice.id)) == 3
        assert stale.id not in {s.id for s in session.spans("d3", alice.id)}
        assert len(session.spans("d3", bob.id)) == 1
        assert session.assignments.bindings() == {"alice": alice.id, "bob": bob.id}
        assert collector.status() == "Team folder: 2 work files up to date"
        # Nothing changed: nothing is read again.
        done = collector.refresh()
        assert done.read == [] and done.unchanged == 2
    finally:
        collector.close()
        session.close()


def test_a_file_caught_mid_sync_is_named_kept_as_it_was_and_read_once_whole(
    team: tuple[Path, Annotator], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, lea = team
    alice = joins(monkeypatch, tmp_path, folder, "alice", "d1", 2)
    mine = work_file(folder, alice.id)
    first = mine.read_bytes()
    session = Session.open(mine, alice, wal=False)
    add_spans(session, "d2", 3)
    session.close()
    second = mine.read_bytes()
    mine.write_bytes(first)

    as_person(monkeypatch, tmp_path, "lea")
    session, collector = open_team(folder, lea)
    assert collector is not None
    try:
        assert session.span_counts()[alice.id] == 2
        # The sync engine writes the new version in place, half of it so far.
        with mine.open("r+b") as handle:
            handle.truncate(0)
            handle.write(second[: len(second) // 2])
        done = collector.refresh()
        assert mine in done.behind and "incomplete or damaged" in done.behind[mine]
        assert collector.status() == (
            f"Team folder: 0 of 1 up to date; behind: alice, {mine.name[:8]}… (incomplete)"
        )
        assert session.span_counts()[alice.id] == 2  # what was read before stays
        # A -journal beside it: a transaction under way; not read.
        mine.write_bytes(second)
        journal = mine.with_name(mine.name + "-journal")
        journal.write_bytes(b"x" * 512)
        assert mine in collector.refresh().behind
        journal.unlink()
        # Whole again: read, and the status says so.
        done = collector.refresh()
        assert done.read == [mine] and not collector.behind
        assert session.span_counts()[alice.id] == 5
        assert collector.status() == "Team folder: 1 work file up to date"
    finally:
        collector.close()
        session.close()


def test_a_private_copy_is_refused_when_the_file_changes_while_it_is_read(
    team: tuple[Path, Annotator], tmp_path: Path
) -> None:
    folder, _ = team
    source = folder / "project.sqlite"
    copies = private_folder()
    try:
        copy, mark = private_copy(source, copies)
        assert copy.parent == copies and mark.size == source.stat().st_size
        assert not list(folder.glob("project.sqlite-*"))  # nothing made beside the file
        replaced = tmp_path / "other.sqlite"
        shutil.copyfile(source, replaced)
        os.replace(replaced, source)  # a sync engine's rename: another file now
        copy2, mark2 = private_copy(source, copies)
        assert mark2.inode != mark.inode
        (folder / "empty.sqlite").write_bytes(b"")
        with pytest.raises(Behind, match="empty.sqlite is incomplete or damaged"):
            private_copy(folder / "empty.sqlite", copies)
        with pytest.raises(Behind, match="gone"):
            private_copy(folder / "missing.sqlite", copies)
    finally:
        shutil.rmtree(copies)


def test_others_work_files_are_never_written_by_the_lead(
    team: tuple[Path, Annotator], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, lea = team
    alice = joins(monkeypatch, tmp_path, folder, "alice", "d1", 1)
    mine = work_file(folder, alice.id)
    before = (mine.read_bytes(), mine.stat().st_mtime_ns)
    os.chmod(folder / "work", 0o555)  # a read-only folder: nothing may be made in it
    try:
        as_person(monkeypatch, tmp_path, "lea")
        session, collector = open_team(folder, lea)
        assert collector is not None
        collector.close()
        session.close()
    finally:
        os.chmod(folder / "work", 0o755)
    assert (mine.read_bytes(), mine.stat().st_mtime_ns) == before
    assert sorted(p.name for p in (folder / "work").iterdir()) == [mine.name]


def test_a_members_file_follows_the_leads_scheme_and_the_lead_gets_their_work_back(
    team: tuple[Path, Annotator], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, lea = team
    alice = as_person(monkeypatch, tmp_path, "alice")
    session, _ = open_team(folder, alice)
    old = next(lb.name for lb in session.scheme if lb.layer is Layer.ENTITY)
    add_spans(session, "d1", 2)
    session.close()

    # The lead renames the label alice used, adds one and rewrites the guideline.
    lead = Session.open(folder / "project.sqlite", lea, wal=False)
    lead.labels.edit_label(Layer.ENTITY, old, new_name="HUMAN")
    added = lead.labels.add_label(lead.labels.new_label(Layer.ENTITY, "VEHICLE", "#123456"))
    lead.labels.set_guideline("Mark people and vehicles.")
    lead.close()

    as_person(monkeypatch, tmp_path, "alice")
    session, _ = open_team(folder, alice)
    try:
        assert [s.label for s in session.spans("d1")] == ["HUMAN", "HUMAN"]  # ids kept
        assert ("entity", "VEHICLE") in session.team.label_ids().values()
        assert session.team.label_ids()[added.row_id] == ("entity", "VEHICLE")
        assert session.labels.guideline() == "Mark people and vehicles."
        assert old not in {lb.name for lb in session.scheme}
    finally:
        session.close()

    as_person(monkeypatch, tmp_path, "lea")
    session, collector = open_team(folder, lea)
    assert collector is not None
    try:
        assert not collector.behind
        assert [s.label for s in session.spans("d1", alice.id)] == ["HUMAN", "HUMAN"]
    finally:
        collector.close()
        session.close()


def test_members_see_each_others_own_tracks_only_when_the_lead_lets_them(
    team: tuple[Path, Annotator], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, lea = team
    alice = joins(monkeypatch, tmp_path, folder, "alice", "d3", 2)
    bob = as_person(monkeypatch, tmp_path, "bob")
    session, others = open_team(folder, bob)
    try:
        assert others is None and session.spans("d3", alice.id) == []  # the default: unseen
    finally:
        session.close()

    lead = Session.open(folder / "project.sqlite", lea, wal=False)
    lead.assignments.set_setting("team.others_visible", "1")
    lead.close()
    as_person(monkeypatch, tmp_path, "bob")
    alice_bytes = work_file(folder, alice.id).read_bytes()
    session, others = open_team(folder, bob)
    assert others is not None
    try:
        assert session.assignments.others_visible()
        assert len(session.spans("d3", alice.id)) == 2  # read by copy from her file
        assert others.work_files() == [work_file(folder, alice.id)]
    finally:
        others.close()
        session.close()
    assert work_file(folder, alice.id).read_bytes() == alice_bytes  # hers: never written


def test_a_reading_against_the_leads_project_keeps_only_the_documents_that_changed(
    team: tuple[Path, Annotator], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the window reads a work file (``read_work_file`` with the lead's project on a
    reader's connection): after alice's file was brought in, a reading keeps no line; after
    she changed d2 (and removed her work on d1), it keeps those two lines only, and writing
    them brings her file in whole."""
    folder, lea = team
    alice = joins(monkeypatch, tmp_path, folder, "alice", "d1", 2)
    mine = work_file(folder, alice.id)
    as_person(monkeypatch, tmp_path, "lea")
    session, collector = open_team(folder, lea)
    assert collector is not None
    reader = session.reader()()
    try:
        assert session.span_counts() == {alice.id: 2}
        read = read_work_file(collector.ours(), mine, reader.rows)
        assert isinstance(read, TheirWork) and list(read.lines) == []

        theirs = Session.open(mine, alice, wal=False)
        add_spans(theirs, "d2", 1)
        for span in theirs.spans("d1"):
            theirs.remove_span(span)
        theirs.close()
        read = read_work_file(collector.ours(), mine, reader.rows)
        assert isinstance(read, TheirWork)
        assert sorted(line.document[2] for line in read.lines) == ["D1", "D2"]  # (titles)
        done = Collected()
        collector.take(mine, read, done)
        assert done.read == [mine]
        assert session.span_counts() == {alice.id: 1}
        assert [s.document_id for s in session.spans("d2", alice.id)] == ["d2"]
        assert collector.changed() == ([], 1)  # the mark of the bytes read is kept
    finally:
        reader.close()
        collector.close()
        session.close()


# -- a member who empties their track ---------------------------------------------------------


def annotates(session: Session, document_id: str) -> None:
    """A member's work on a document as they make it in the window, one edit each: two
    entity spans, a quote, a claim span with a verdict, the document marked done."""
    by_layer = {lb.layer: lb for lb in reversed(list(session.scheme))}  # (each layer's first)
    add_spans(session, document_id, 2)
    said = session.new_span(document_id, 0, 5, by_layer[Layer.QUOTE])
    AddSpan(session, said, quote=session.links.new_quote(said)).apply()
    claim = session.new_span(document_id, 6, 9, by_layer[Layer.CLAIM])
    AddSpan(session, claim).apply()
    verdict = session.links.claim(claim.id).with_changes(verdict=Verdict.FALSE)
    SetClaim(session, verdict, "Verdict").apply()
    SetStatus(session, document_id, Status.DONE).apply()


def empties(session: Session) -> None:
    """A member removes every span of theirs and marks every document not started, as they
    can in the window: nothing of their track is left in their file."""
    for document in session.documents():
        for span in session.spans(document.id):
            RemoveSpan(session, span).apply()
        SetStatus(session, document.id, Status.NOT_STARTED).apply()


def track(path: Path, annotator_id: str) -> dict[str, list[object]]:
    """One annotator's track in a project file, by kind of row: the documents each is on."""
    kinds = ("spans", "quotes", "document_status")
    found = {
        kind: [r[0] for r in rows(path, f"SELECT document_id FROM {kind} WHERE annotator_id = "
                                  f"'{annotator_id}' ORDER BY 1")]
        for kind in kinds
    }  # fmt: skip
    found["claims"] = [
        r[0]
        for r in rows(
            path,
            "SELECT s.document_id FROM claims c JOIN spans s ON s.id = c.span_id "
            f"WHERE s.annotator_id = '{annotator_id}' ORDER BY 1",
        )
    ]
    return found


def test_a_member_who_empties_their_track_empties_it_in_the_leads_file_and_nothing_else(
    team: tuple[Path, Annotator], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """alice annotates d1 and d2, is collected, then removes all of it (no span, no status
    left in her file): collected again, the lead's file holds none of it. Her old work on d5
    (not assigned to her, so not in her file), bob's track on her d3, and the lead's own edit
    stay; the lead's undo of that edit still works after the collection."""
    folder, lea = team
    project = folder / "project.sqlite"
    alice = as_person(monkeypatch, tmp_path, "alice")
    session = Session.open(project, lea)
    old = Span(
        new_id(), "d5", alice.id, Layer.ENTITY, "PERSON", 0, 5, "Alice", created_at=now_iso()
    )
    put_work(session, alice, [old])  # (brought in from elsewhere before the team folder)
    session.close()

    session, _ = open_team(folder, alice)
    annotates(session, "d1")
    annotates(session, "d2")
    session.close()
    bob = joins(monkeypatch, tmp_path, folder, "bob", "d3", 1)

    as_person(monkeypatch, tmp_path, "lea")
    lead, collector = open_team(folder, lea)
    assert collector is not None
    try:
        assert collector.behind == {}, collector.behind
        assert track(project, alice.id) == {
            "spans": ["d1"] * 4 + ["d2"] * 4 + ["d5"],
            "quotes": ["d1", "d2"],
            "document_status": ["d1", "d2"],
            "claims": ["d1", "d2"],
        }
        own = AddSpan(lead, lead.new_span("d1", 10, 13, next(iter(lead.scheme))))
        own.apply()  # the lead's own edit, on a document alice emptied

        as_person(monkeypatch, tmp_path, "alice")
        theirs, _ = open_team(folder, alice)
        empties(theirs)
        theirs.close()
        assert track(work_file(folder, alice.id), alice.id) == {
            "spans": [], "quotes": [], "document_status": [], "claims": [],
        }  # fmt: skip

        done = collector.refresh()
        assert done.read == [work_file(folder, alice.id)] and not done.behind
        assert track(project, alice.id) == {
            "spans": ["d5"], "quotes": [], "document_status": [], "claims": [],
        }  # fmt: skip
        assert lead.status("d1", alice.id) is Status.NOT_STARTED
        assert [s.id for s in lead.spans("d5", alice.id)] == [old.id]  # not hers to empty
        assert len(lead.spans("d3", bob.id)) == 1  # another annotator's track
        assert len(lead.spans("d1")) == 1  # the lead's own
        own.revert()
        assert lead.spans("d1") == []
        own.apply()
        assert len(lead.spans("d1")) == 1
        assert track(project, alice.id)["spans"] == ["d5"]  # undo brought none of hers back
        assert collector.refresh().read == []  # and nothing is read again
    finally:
        collector.close()
        lead.close()


def test_a_document_a_member_never_touched_keeps_the_leads_copy_of_their_work(
    team: tuple[Path, Annotator], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Work of alice the lead had before her work file was made (d2, from a package) is in her
    file from its first open: while she leaves d2 alone, even emptying the rest, the lead
    keeps it. A member with work in the lead's file and no work file yet (bob, who never
    opened the folder) keeps it all."""
    folder, lea = team
    project = folder / "project.sqlite"
    alice = as_person(monkeypatch, tmp_path, "alice")
    bob = Annotator("bob-2", "bob")
    session = Session.open(project, lea)
    label = "PERSON"
    kept = Span(new_id(), "d2", alice.id, Layer.ENTITY, label, 0, 5, "Alice", created_at=now_iso())
    put_work(session, alice, [kept], statuses={"d2": Status.DONE})
    bobs = Span(new_id(), "d4", bob.id, Layer.ENTITY, label, 0, 5, "Alice", created_at=now_iso())
    put_work(session, bob, [bobs], statuses={"d4": Status.IN_PROGRESS})
    session.close()

    session, _ = open_team(folder, alice)
    add_spans(session, "d1", 2)
    session.close()
    as_person(monkeypatch, tmp_path, "lea")
    lead, collector = open_team(folder, lea)
    assert collector is not None
    try:
        assert len(lead.spans("d1", alice.id)) == 2
        as_person(monkeypatch, tmp_path, "alice")
        theirs, _ = open_team(folder, alice)
        for span in theirs.spans("d1"):
            RemoveSpan(theirs, span).apply()
        SetStatus(theirs, "d1", Status.NOT_STARTED).apply()
        theirs.close()
        assert collector.refresh().read == [work_file(folder, alice.id)]
        assert track(project, alice.id) == {
            "spans": ["d2"], "quotes": [], "document_status": ["d2"], "claims": [],
        }  # fmt: skip
        assert [s.id for s in lead.spans("d2", alice.id)] == [kept.id]
        assert lead.status("d2", alice.id) is Status.DONE
        assert [s.id for s in lead.spans("d4", bob.id)] == [bobs.id]
        assert lead.status("d4", bob.id) is Status.IN_PROGRESS
    finally:
        collector.close()
        lead.close()
