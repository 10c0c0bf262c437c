"""The assignment rows (``storage.assignments``) on real project files: documents to names,
names bound to annotator ids, what a name resolves to, the team settings; each write durable
(read back through a new connection), refused writes leave nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.model import Annotator, Document
from annotator.session import Session
from annotator.session.changes import Change, ChangeKind
from annotator.storage.check import recover
from annotator.storage.errors import ProjectError, ReadOnlyProject, WriteFailed
from annotator.storage.store import ProjectStore
from tests.builders import put_documents, put_work

LEAD = Annotator("lead-1", "Lea")
IDS = ["d1", "d2", "d3", "d4"]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "project.sqlite"


@pytest.fixture
def session(path: Path) -> Iterator[Session]:
    s = Session.open(path, LEAD)
    # Listed in an order that is not the ids' order: documents_of follows the project's.
    put_documents(s, [Document(d, f"Text of {d}.", d.upper()) for d in ["d3", "d1", "d4", "d2"]])
    yield s
    s.close()


def reopened(path: Path) -> ProjectStore:
    return ProjectStore.open(path, read_only=True, scheme=None)


def test_add_remove_and_read_back_from_a_new_connection(session: Session, path: Path) -> None:
    a = session.assignments
    assert a.add([("d1", "alice"), ("d2", "bob"), ("d1", "bob"), ("d4", "alice")]) == 4
    assert a.add([("d1", "alice"), ("d3", "carol")]) == 1  # (d1, alice) was there
    session.close()
    store = reopened(path)
    try:
        got = store.assignments
        assert got.by_document() == {
            "d1": ["alice", "bob"],
            "d2": ["bob"],
            "d4": ["alice"],
            "d3": ["carol"],
        }
        assert got.by_document(["d1", "d2", "missing"]) == {"d1": ["alice", "bob"], "d2": ["bob"]}
        assert got.documents_of("alice") == ["d1", "d4"]  # project order: d3 d1 d4 d2
        assert got.documents_of("bob") == ["d1", "d2"]
        assert got.documents_of("Alice") == []  # names are exact here
        assert got.names() == ["alice", "bob", "carol"]
        assert got.counts() == {"alice": 2, "bob": 2, "carol": 1}
        assert got.bindings() == {"alice": None, "bob": None, "carol": None}
    finally:
        store.close()


def test_remove_keeps_the_binding_and_names_lose_the_emptied(session: Session) -> None:
    a = session.assignments
    a.add([("d1", "alice"), ("d2", "bob")])
    a.bind("bob", "b-2")
    assert a.remove([("d2", "bob"), ("d3", "bob")]) == 1
    assert a.names() == ["alice"]
    assert a.bindings() == {"alice": None, "bob": "b-2"}
    assert a.by_document() == {"d1": ["alice"]}


def test_by_document_of_many_ids_reads_in_chunks(session: Session) -> None:
    session.assignments.add([("d2", "alice")])
    many = [f"x{i}" for i in range(2500)] + ["d2"]
    assert session.assignments.by_document(many) == {"d2": ["alice"]}


def test_a_document_the_project_lacks_is_refused_with_nothing_written(
    session: Session, path: Path
) -> None:
    with pytest.raises(WriteFailed, match=str(path)):
        session.assignments.add([("d1", "alice"), ("nope", "bob")])
    assert session.assignments.by_document() == {}
    assert session.assignments.bindings() == {}


def test_bind_is_recorded_and_conflicting_binds_are_refused(session: Session, path: Path) -> None:
    a = session.assignments
    a.add([("d1", "alice"), ("d2", "bob")])
    a.bind("alice", "a-1")
    a.bind("alice", "a-1")  # again: nothing changes
    with pytest.raises(ProjectError, match="already bound to annotator a-1"):
        a.bind("alice", "z-9")
    with pytest.raises(ProjectError, match="already bound to the name 'alice'"):
        a.bind("bob", "a-1")
    a.bind("dave", "d-4", "2026-11-30T09:15:00.000+00:00")  # no documents yet; bound earlier
    session.close()
    store = reopened(path)
    try:
        assert store.assignments.bindings() == {"alice": "a-1", "bob": None, "dave": "d-4"}
        assert store.assignments.names() == ["alice", "bob"]
        (bound_at,) = store.db.execute(
            "SELECT bound_at FROM assignees WHERE name = 'alice'"
        ).fetchone()
        assert bound_at
        assert store.assignments.bound_at() == {
            "alice": bound_at,
            "dave": "2026-11-30T09:15:00.000+00:00",
        }
    finally:
        store.close()


def test_resolved_bound_id_then_one_namesake_then_none(session: Session) -> None:
    put_work(session, Annotator("b-2", "  BOB "))
    put_work(session, Annotator("c-3", "Carol"))
    put_work(session, Annotator("c-4", "carol"))  # two Carols: which one is not known
    put_work(session, Annotator("x-5", "alice"))
    a = session.assignments
    a.add([("d1", "alice"), ("d2", "bob"), ("d3", "carol"), ("d4", "erin")])
    a.bind("alice", "a-1")  # bound: the id counts, not the namesake x-5
    assert a.resolved() == {"alice": "a-1", "bob": "b-2", "carol": None, "erin": None}


def test_settings_are_team_keys_only_and_durable(session: Session, path: Path) -> None:
    a = session.assignments
    assert a.setting("team.others_visible", "0") == "0"
    a.set_setting("team.others_visible", "1")
    a.set_setting("team.seed", "42")
    a.set_setting("team.seed", "43")
    for key in ("guideline", "team.", "created_at"):
        with pytest.raises(ValueError, match="not a team setting"):
            a.set_setting(key, "x")
        with pytest.raises(ValueError):
            a.setting(key)
    session.close()
    store = reopened(path)
    try:
        assert store.assignments.setting("team.others_visible") == "1"
        assert store.assignments.setting("team.seed") == "43"
        assert store.assignments.setting("team.lead", "none") == "none"
    finally:
        store.close()


def test_read_only_refuses_writes(session: Session, path: Path) -> None:
    session.assignments.add([("d1", "alice")])
    session.close()
    store = reopened(path)
    try:
        with pytest.raises(ReadOnlyProject):
            store.assignments.add([("d2", "bob")])
        with pytest.raises(ReadOnlyProject):
            store.assignments.set_setting("team.seed", "1")
        assert store.assignments.by_document() == {"d1": ["alice"]}
    finally:
        store.close()


def test_removing_a_document_removes_its_assignments(session: Session) -> None:
    session.assignments.add([("d1", "alice"), ("d1", "bob"), ("d2", "bob")])
    session.remove_documents(["d1"])
    assert session.assignments.by_document() == {"d2": ["bob"]}


def test_my_names_lead_and_the_change_heard(session: Session) -> None:
    heard: list[Change] = []
    session.subscribe(heard.append)
    put_work(session, Annotator("x-5", "lea"))  # a namesake of mine: "lea" is not mine then
    a = session.assignments
    a.add([("d1", "Lea "), ("d2", "me"), ("d3", "lea")])
    a.bind("me", LEAD.id)
    # "Lea " is unbound and my name; "lea" resolves to x-5 but is unbound and my name too.
    assert a.my_names() == {"me", "Lea ", "lea"}
    assert a.is_lead() and a.lead() == ""
    a.set_setting("team.lead", "someone-else")
    assert not a.is_lead()
    assert not a.others_visible()
    assert heard.count(Change(ChangeKind.ASSIGNMENTS)) == 3


def test_a_repaired_copy_keeps_the_assignments(session: Session, tmp_path: Path) -> None:
    session.assignments.add([("d1", "alice"), ("d2", "bob")])
    session.assignments.bind("bob", "b-2")
    session.assignments.set_setting("team.others_visible", "1")
    path = session.path
    session.close()
    target = tmp_path / "copy.sqlite"
    recover(path, target)
    store = reopened(target)
    try:
        assert store.assignments.by_document() == {"d1": ["alice"], "d2": ["bob"]}
        assert store.assignments.bindings() == {"alice": None, "bob": "b-2"}
        assert store.assignments.setting("team.others_visible") == "1"
    finally:
        store.close()


def test_the_document_list_shows_assignees_and_filters_by_them(session: Session) -> None:
    session.assignments.add([("d1", "bob"), ("d1", "alice"), ("d4", "carol"), ("d2", "alice")])
    every = session.document_list()
    assert [every.meta(i).assignees for i in range(len(every))] == [  # type: ignore[union-attr]
        (),  # d3
        ("alice", "bob"),  # d1
        ("carol",),  # d4
        ("alice",),  # d2
    ]
    mine = session.document_list(assignees=["alice", "nobody"])
    assert mine.ids() == ["d1", "d2"]
    assert mine.again(["D2"]).ids() == ["d2"]  # the words filter too, the names kept
    assert session.document_list(assignees=[]).ids() == []
    assert session.document_meta("d1").assignees == ("alice", "bob")  # type: ignore[union-attr]
