"""`annotator assign` and `reassign` on real project files: the summary, the file afterwards,
reproducibility with the seed, new documents after an import, names refused clearly, a
bound name shown, done documents kept, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator.app.projects import open_session
from annotator.cli import cli
from annotator.core.model import Annotator, Document, Status
from annotator.storage.store import ProjectStore
from tests.builders import put_documents, put_work


def run(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def add_documents(path: Path, ids: list[str]) -> None:
    session = open_session(path)
    try:
        put_documents(session, [Document(d, f"Text {d}.", d.upper()) for d in ids])
    finally:
        session.close()


def stored(path: Path) -> dict[str, list[str]]:
    store = ProjectStore.open(path, read_only=True, scheme=None)
    try:
        return store.assignments.by_document()
    finally:
        store.close()


def setting(path: Path, key: str) -> str:
    store = ProjectStore.open(path, read_only=True, scheme=None)
    try:
        return store.assignments.setting(key)
    finally:
        store.close()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.sqlite"
    add_documents(path, [f"d{i:02d}" for i in range(20)])
    return path


def test_assign_writes_a_balanced_assignment_and_says_so(project: Path) -> None:
    result = run("assign", project, "--to", " alice, bob ,carol", "--overlap", "0.3", "--seed", 5)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        lines[0] == "assigned 20 documents to 3 annotators (6 of them to 2 annotators each); seed 5"
    )
    assert lines[1] == "20 of 20 documents assigned"
    assert lines[2].split() == ["annotator", "documents", "in", "the", "overlap"]
    rows = {line.split()[0]: [int(x) for x in line.split()[1:]] for line in lines[3:6]}
    assert set(rows) == {"alice", "bob", "carol"}
    assert sum(r[0] for r in rows.values()) == 26 and sum(r[1] for r in rows.values()) == 12
    assert max(r[0] for r in rows.values()) - min(r[0] for r in rows.values()) <= 1
    assert lines[6].startswith("pairs sharing documents: alice+bob ")
    got = stored(project)
    assert len(got) == 20 and sum(len(v) for v in got.values()) == 26
    assert setting(project, "team.seed") == "5"
    assert setting(project, "team.overlap") == "0.3"
    assert setting(project, "team.per_doc") == "2"
    assert setting(project, "team.lead")  # whoever assigned first


def test_the_same_seed_gives_the_same_assignment(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    add_documents(other, [f"d{i:02d}" for i in range(20)])
    for path in (project, other):
        result = run("assign", path, "--to", "carol,alice,bob", "--overlap", "0.5", "--seed", 9)
        assert result.exit_code == 0, result.output
    assert stored(project) == stored(other)


def test_assigning_again_gives_out_the_new_documents_only(project: Path) -> None:
    assert run("assign", project, "--to", "alice,bob", "--seed", 1).exit_code == 0
    first = stored(project)
    again = run("assign", project, "--to", "alice,bob")
    assert again.exit_code == 0
    assert again.output.startswith("every document is assigned already (--replace")
    add_documents(project, ["n1", "n2", "n3", "n4"])
    result = run("assign", project, "--to", "Alice,bob,carol", "--seed", 2)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("assigned 4 documents to 3 annotators")
    now = stored(project)
    assert {d: now[d] for d in first} == first  # kept
    # carol had nothing: the new documents go to her first ("Alice" is alice)
    assert sorted(n for d in ["n1", "n2", "n3", "n4"] for n in now[d]) == ["carol"] * 4
    replaced = run("assign", project, "--to", "dave,erin", "--replace", "--seed", 3)
    assert replaced.exit_code == 0, replaced.output
    assert "replacing 24 earlier assignments" in replaced.output
    assert {n for names in stored(project).values() for n in names} == {"dave", "erin"}


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ("alice,,bob", "an assignee name is empty"),
        ("alice,ALICE", "'alice' and 'ALICE' are the same name"),
        ("alice", "2 annotators per overlap document need 2 names or more"),
    ],
)
def test_bad_names_are_refused_clearly_with_nothing_written(
    project: Path, names: str, message: str
) -> None:
    result = run("assign", project, "--to", names, "--overlap", "0.2")
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert stored(project) == {}


def test_bad_shares_are_refused_by_the_options(project: Path) -> None:
    assert "0<=x<=1" in run("assign", project, "--to", "a,b", "--overlap", "1.5").output
    assert "x>=2" in run("assign", project, "--to", "a,b", "--per-doc", "1").output


def test_dry_run_writes_nothing(project: Path) -> None:
    result = run("assign", project, "--to", "alice,bob", "--dry-run", "--seed", 4)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("would assign 20 documents to 2 annotators")
    assert stored(project) == {}


def test_a_small_overlap_says_which_pairs_share_nothing(project: Path) -> None:
    result = run("assign", project, "--to", "a,b,c,d,e", "--overlap", "0.1", "--seed", 1)
    assert result.exit_code == 0
    assert "note: 8 pairs of annotators share no document" in result.stderr
    assert "need at least 10 overlap documents" in result.stderr


def test_json(project: Path) -> None:
    result = run("assign", project, "--to", "alice,bob", "--overlap", "0.5", "--seed", 3, "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["written"] and out["seed"] == 3 and out["new"] == 20 and out["overlap_new"] == 10
    assert out["pairs"] == [{"a": "alice", "b": "bob", "documents": 10}]
    assert [(a["name"], a["documents"], a["overlap"]) for a in out["annotators"]] == [
        ("alice", 15, 10),
        ("bob", 15, 10),
    ]


def test_reassign_everything_of_one_who_left_keeps_their_done_work(project: Path) -> None:
    assert (
        run("assign", project, "--to", "alice,bob", "--overlap", "0.2", "--seed", 1).exit_code == 0
    )
    before = stored(project)
    bobs = [d for d, names in before.items() if "bob" in names]
    session = open_session(project)
    try:  # bob's work came in, one document done
        put_work(session, Annotator("b0b0b0b0", "Bob"), statuses={bobs[0]: Status.DONE})
    finally:
        session.close()
    result = run("reassign", project, "--from", "BOB", "--to", "dave")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"reassigned {len(bobs) - 1} documents from bob to dave"
    assert lines[1] == f"kept with bob: {bobs[0]} (bob marked it done; --include-done moves it)"
    after = stored(project)
    assert after[bobs[0]] == before[bobs[0]]
    assert all(after[d] == sorted(set(before[d]) - {"bob"} | {"dave"}) for d in bobs[1:])
    again = run("reassign", project, "--from", "bob", "--to", "dave", "--include-done", "--json")
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["moved"] == 1
    assert "bob" not in {n for names in stored(project).values() for n in names}


def test_reassign_one_document_and_refusals(project: Path) -> None:
    assert run("assign", project, "--to", "alice,bob", "--seed", 1).exit_code == 0
    before = stored(project)
    alices = [d for d, names in before.items() if names == ["alice"]]
    result = run("reassign", project, "--from", "alice", "--to", "erin", "--document", alices[0])
    assert result.exit_code == 0, result.output
    assert stored(project)[alices[0]] == ["erin"]
    bobs = [d for d, names in before.items() if names == ["bob"]]
    for args, message in [
        (["--from", "alice", "--to", "erin", "--document", bobs[0]], "is not assigned to 'alice'"),
        (["--from", "zed", "--to", "erin"], "'zed' is not an assignee of"),
        (["--from", "alice", "--to", "erin", "--document", "nope"], "has no document 'nope'"),
        (["--from", "alice", "--to", " Alice"], "are the same name"),
    ]:
        refused = run("reassign", project, *args)
        assert refused.exit_code == 1 and message in refused.output, refused.output
    assert stored(project)[bobs[0]] == ["bob"]


def test_a_bound_name_is_shown_with_its_id(project: Path) -> None:
    assert run("assign", project, "--to", "alice,bob", "--seed", 1).exit_code == 0
    store = ProjectStore.open(project, scheme=None)
    try:
        store.assignments.bind("alice", "3f2a9c0d1e", "2026-11-30T09:15:00.000+00:00")
    finally:
        store.close()
    result = run("reassign", project, "--from", "bob", "--to", "alice")
    assert result.exit_code == 0, result.output
    assert "alice (bound to 3f2a on 2026-11-30)" in result.output
