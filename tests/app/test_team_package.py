"""Packages for the assignees (``app.team.package``) on real project files: what each holds,
file names safe for any name, the binding of a package's name to whoever opens it and its way
back to the lead, a re-package that never loses work, renamed labels followed, a package from
a newer version refused."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.app.projects import open_session
from annotator.app.team import package, package_names
from annotator.app.work import add_work
from annotator.core.model import Annotator, Document, Layer, Span, Status, new_id, now_iso
from annotator.core.scheme import load_default_scheme
from annotator.identity import current_annotator
from annotator.session import Session
from annotator.session.ops.documents import SetStatus
from annotator.session.ops.spans import AddSpan, RemoveSpan
from annotator.storage.errors import TooNew
from tests.builders import as_person, put_documents, put_work

IDS = [f"d{i}" for i in range(1, 7)]
CAROL = Annotator("carol-3", "carol")


def entity_label(session: Session) -> str:
    return next(lb.name for lb in session.scheme if lb.layer is Layer.ENTITY)


def span_of(session: Session, who: Annotator, document_id: str, start: int, end: int) -> Span:
    text = session.document(document_id).text
    return Span(
        new_id(), document_id, who.id, Layer.ENTITY, entity_label(session), start, end,
        text[start:end], created_at=now_iso(),
    )  # fmt: skip


@pytest.fixture
def lead_project(tmp_path: Path) -> Iterator[Path]:
    """A project led by the current user: six documents; alice has d1-d3, bob d3-d4 (d3 is
    the overlap); carol (not an assignee) has work on d1."""
    path = tmp_path / "lead" / "project.sqlite"
    path.parent.mkdir()
    session = Session.open(path, current_annotator(), scheme=load_default_scheme())
    put_documents(session, [Document(d, f"Alice met Bob in {d} town.", d.upper()) for d in IDS])
    session.labels.set_guideline("Mark every person.")
    session.assignments.add([("d1", "alice"), ("d2", "alice"), ("d3", "alice")])
    session.assignments.add([("d3", "bob"), ("d4", "bob")])
    put_work(session, CAROL, [span_of(session, CAROL, "d1", 0, 5)])
    session.close()
    yield path


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def make_packages(project: Path, out: Path, names: tuple[str, ...] = ()) -> list[str]:
    session = open_session(project)
    try:
        return [p.refused for p in package(session, out, names)]
    finally:
        session.close()


def test_a_package_holds_the_assignees_documents_scheme_guideline_and_nothing_else(
    lead_project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert make_packages(lead_project, out) == ["", ""]
    alice = out / "alice.sqlite"
    assert sorted(rows(alice, "SELECT id FROM documents")) == [("d1",), ("d2",), ("d3",)]
    assert rows(alice, "SELECT document_id, assignee FROM assignments ORDER BY 1") == [
        ("d1", "alice"), ("d2", "alice"), ("d3", "alice"),
    ]  # fmt: skip
    keys = dict(rows(alice, "SELECT key, value FROM project"))  # type: ignore[arg-type]
    assert keys["team.assignee"] == "alice"
    assert keys["team.lead"] == current_annotator().id
    assert keys["guideline"] == "Mark every person."
    assert rows(alice, "SELECT count(*) FROM spans") == [(0,)]  # carol's track is not handed out
    assert rows(alice, "SELECT name, layer FROM labels ORDER BY id") == rows(
        lead_project, "SELECT name, layer FROM labels ORDER BY id"
    )
    assert rows(alice, "PRAGMA journal_mode") == [("delete",)]  # one file, nothing beside it
    assert sorted(rows(out / "bob.sqlite", "SELECT id FROM documents")) == [("d3",), ("d4",)]
    # Vacuumed: nothing of the documents left out can be read in the file's bytes.
    assert b"in d4 town" not in alice.read_bytes()
    assert b"in d1 town" in alice.read_bytes()


def test_others_tracks_are_in_a_package_only_when_the_lead_lets_annotators_see_them(
    lead_project: Path, tmp_path: Path
) -> None:
    session = open_session(lead_project)
    session.assignments.set_setting("team.others_visible", "1")
    session.close()
    make_packages(lead_project, tmp_path, ("alice",))
    assert rows(tmp_path / "alice.sqlite", "SELECT annotator_id FROM spans") == [(CAROL.id,)]


def test_package_file_names_are_safe_and_distinct_for_any_name() -> None:
    names = ["alice", "Alice", "../../etc/passwd", "José María", "CON", ".hidden", "a/b", "ä" * 90]
    files = package_names(names)
    assert files["alice"] != files["Alice"]  # one file on macOS and Windows otherwise
    assert files["alice"].casefold() != files["Alice"].casefold()
    assert len({f.casefold() for f in files.values()}) == len(names)
    for name, file in files.items():
        assert "/" not in file and "\\" not in file and not file.startswith("."), name
        assert file.endswith(".sqlite") and len(file) <= 80
    assert files["CON"].startswith("CON-")  # a reserved device name on Windows
    plain = package_names(["alice", "bob_2"])  # plain names are kept as they are
    assert plain == {"alice": "alice.sqlite", "bob_2": "bob_2.sqlite"}


def test_unknown_assignee_is_refused_and_nothing_written(
    lead_project: Path, tmp_path: Path
) -> None:
    session = open_session(lead_project)
    try:
        with pytest.raises(Exception, match="no documents are assigned to 'zoe'"):
            package(session, tmp_path, ["zoe"])
    finally:
        session.close()
    assert not list(tmp_path.glob("*.sqlite"))


def test_opening_a_package_binds_its_name_once_and_the_lead_sees_it_after_add_work(
    lead_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead = current_annotator()
    out = tmp_path / "out"
    out.mkdir()
    make_packages(lead_project, out)
    alice_file = out / "alice.sqlite"
    open_session(alice_file).close()  # the lead looking at it binds nobody
    assert rows(alice_file, "SELECT annotator_id FROM assignees") == [(None,)]

    alice = as_person(monkeypatch, tmp_path, "Alice Smith")
    session = open_session(alice_file)
    session.add_span(span_of(session, alice, "d2", 0, 5))
    session.set_status("d2", Status.DONE)
    session.close()
    bound = rows(alice_file, "SELECT name, annotator_id, bound_at IS NOT NULL FROM assignees")
    assert bound == [("alice", alice.id, 1)]

    mallory = as_person(monkeypatch, tmp_path, "mallory")
    open_session(alice_file).close()  # someone else opening it later changes nothing
    assert rows(alice_file, "SELECT annotator_id FROM assignees") == [(alice.id,)]
    assert mallory.id != alice.id

    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(Path(lead_project).parent.parent / "x"))
    session = Session.open(lead_project, lead)
    try:
        report = add_work(session, alice_file)
        assert session.assignments.bindings()["alice"] == alice.id
        assert session.assignments.bindings()["bob"] is None
        assert any("'alice' is now bound" in n for n in report.notes)
        # bound as of her first open, in her file, not of her work's arrival here
        (opened,) = rows(alice_file, "SELECT bound_at FROM assignees")[0]
        assert session.assignments.bound_at() == {"alice": opened}
        assert f"they opened their package on {opened[:10]}" in " ".join(report.notes)
        shown = session.assignments.shown_names()
        assert shown["alice"] == f"alice (bound to {alice.id[:4]} on {opened[:10]})"
        assert shown["bob"] == "bob"
        assert len(session.spans("d2", alice.id)) == 1
    finally:
        session.close()


def test_repackaging_refuses_to_replace_work_not_brought_in_and_follows_renamed_labels(
    lead_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead = current_annotator()
    out = tmp_path / "out"
    out.mkdir()
    make_packages(lead_project, out)
    alice_file = out / "alice.sqlite"
    alice = as_person(monkeypatch, tmp_path, "alice")
    session = open_session(alice_file)
    old_label = entity_label(session)
    span = span_of(session, alice, "d1", 0, 5)
    session.add_span(span)
    session.close()

    # The lead renames the label, then packages again: alice's file holds work not here yet.
    session = Session.open(lead_project, lead)
    session.labels.edit_label(Layer.ENTITY, old_label, new_name="HUMAN")
    session.close()
    refused = make_packages(lead_project, out, ("alice",))
    assert "holds work of alice not brought in yet" in refused[0]
    assert rows(alice_file, "SELECT count(*) FROM spans") == [(1,)]  # left as it was

    # Brought in, her span follows the rename (matched by label id), and packaging again
    # hands her a file with the new scheme and her work under the new name.
    session = Session.open(lead_project, lead)
    try:
        add_work(session, alice_file)
        assert [s.label for s in session.spans("d1", alice.id)] == ["HUMAN"]
    finally:
        session.close()
    assert make_packages(lead_project, out, ("alice",)) == [""]
    assert rows(alice_file, "SELECT id, label FROM spans") == [(span.id, "HUMAN")]
    assert ("HUMAN",) in rows(alice_file, "SELECT name FROM labels")


def test_a_file_that_is_not_the_assignees_package_is_never_replaced(
    lead_project: Path, tmp_path: Path
) -> None:
    (tmp_path / "alice.sqlite").write_text("my notes\n", encoding="utf-8")
    other = tmp_path / "bob.sqlite"
    open_session(tmp_path / "someone-else.sqlite").close()
    (tmp_path / "someone-else.sqlite").rename(other)
    refused = make_packages(lead_project, tmp_path)
    assert "is not a package of this project" in refused[0]
    assert "is not bob's package of this project" in refused[1]
    assert (tmp_path / "alice.sqlite").read_text(encoding="utf-8") == "my notes\n"


def test_a_package_made_by_a_newer_annotator_is_refused_untouched(
    lead_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_packages(lead_project, tmp_path, ("alice",))
    alice_file = tmp_path / "alice.sqlite"
    conn = sqlite3.connect(alice_file)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.execute(f"PRAGMA user_version = {version + 1}")
    conn.close()
    before = alice_file.read_bytes()
    as_person(monkeypatch, tmp_path, "alice")
    with pytest.raises(TooNew, match="newer version of annotator.*Update annotator"):
        open_session(alice_file)
    assert alice_file.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("alice")) == [
        "alice.sqlite"
    ]


def test_add_work_of_a_package_its_holder_emptied_empties_their_track_and_nothing_else(
    lead_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """alice works in her package, the lead brings it in; she then removes all her work (no
    span, no status left) and sends it again: add-work empties her track on her documents
    here. Her work on d4 (not in her package) and carol's track on her d1 stay, and bob's
    package, which knows alice but holds none of her work, is only bob's track."""
    lead = current_annotator()
    out = tmp_path / "out"
    out.mkdir()
    make_packages(lead_project, out, ("alice",))
    alice_file, bob_file = out / "alice.sqlite", out / "bob.sqlite"

    alice = as_person(monkeypatch, tmp_path, "alice")
    session = open_session(alice_file)
    for document_id in ("d1", "d2"):
        AddSpan(session, span_of(session, alice, document_id, 0, 5)).apply()
        SetStatus(session, document_id, Status.DONE).apply()
    session.close()
    session = Session.open(lead_project, lead)
    try:
        put_work(session, alice, [span_of(session, alice, "d4", 0, 5)])
        add_work(session, alice_file)
        assert {d: len(session.spans(d, alice.id)) for d in IDS[:4]} == {
            "d1": 1, "d2": 1, "d3": 0, "d4": 1,
        }  # fmt: skip
    finally:
        session.close()
    make_packages(lead_project, out, ("bob",))
    assert rows(bob_file, f"SELECT name FROM annotators WHERE id = '{alice.id}'") == [("alice",)]
    bob = as_person(monkeypatch, tmp_path, "bob")
    session = open_session(bob_file)
    AddSpan(session, span_of(session, bob, "d3", 0, 5)).apply()
    session.close()

    as_person(monkeypatch, tmp_path, "alice")
    session = open_session(alice_file)
    for document_id in ("d1", "d2"):
        RemoveSpan(session, session.spans(document_id)[0]).apply()
        SetStatus(session, document_id, Status.NOT_STARTED).apply()
    session.close()
    assert rows(alice_file, "SELECT count(*) FROM spans UNION ALL "
                "SELECT count(*) FROM document_status") == [(0,), (0,)]  # fmt: skip
    session = Session.open(lead_project, lead)
    try:
        add_work(session, bob_file)  # knows alice, holds no work of hers: not hers to empty
        assert len(session.spans("d3", bob.id)) == 1
        assert [len(session.spans(d, alice.id)) for d in IDS[:4]] == [1, 1, 0, 1]
        report = add_work(session, alice_file)
        assert report.load.replaced == 2
        assert [len(session.spans(d, alice.id)) for d in IDS[:4]] == [0, 0, 0, 1]
        assert [session.status(d, alice.id) for d in ("d1", "d2")] == [Status.NOT_STARTED] * 2
        assert len(session.spans("d1", CAROL.id)) == 1
    finally:
        session.close()
