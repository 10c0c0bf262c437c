"""`annotator package` and `annotator team` through click's CliRunner on real files: packages
written and refused with the file named, a team folder joined by a member and collected by
the lead, a half-synced work file named with exit status 1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator.cli import cli
from annotator.core.model import Document, Layer
from annotator.core.scheme import load_default_scheme
from annotator.identity import current_annotator
from annotator.session import Session
from tests.builders import put_documents

IDS = ["d1", "d2", "d3"]


def run(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def be(monkeypatch: pytest.MonkeyPatch, root: Path, name: str) -> str:
    folder = root / f"config-{name}"
    folder.mkdir(exist_ok=True)
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(folder))
    monkeypatch.setenv("ANNOTATOR_NAME", name)
    return current_annotator().id


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    be(monkeypatch, tmp_path, "lea")
    folder = tmp_path / "corpus"
    folder.mkdir()
    session = Session.open(
        folder / "project.sqlite", current_annotator(), scheme=load_default_scheme()
    )
    put_documents(session, [Document(d, f"Text of {d}, with words.", d.upper()) for d in IDS])
    session.assignments.add([("d1", "alice"), ("d2", "alice"), ("d2", "bob"), ("d3", "bob")])
    session.close()
    yield folder


def test_package_writes_one_file_per_assignee_and_refuses_with_the_file_named(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "hand-out"
    result = run("package", project, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{out / 'alice.sqlite'}: alice, 2 documents",
        f"{out / 'bob.sqlite'}: bob, 2 documents",
    ]
    (out / "bob.sqlite").write_text("not a package", encoding="utf-8")
    result = run("package", project, "-o", out, "--annotator", "bob")
    assert result.exit_code == 1
    assert f"refused {out / 'bob.sqlite'} exists and is not a package of this project" in (
        result.output
    )
    assert (out / "bob.sqlite").read_text(encoding="utf-8") == "not a package"
    result = run("package", project, "-o", out, "--annotator", "zoe")
    assert result.exit_code == 1 and "no documents are assigned to 'zoe'" in result.output
    assert "Traceback" not in result.output
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    result = run("package", project, "-o", tmp_path / "a-file")
    assert result.exit_code == 1 and "a-file is not a folder; nothing was written" in result.output


def test_team_folder_joined_by_a_member_and_collected_by_the_lead(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run("team", project)
    assert result.exit_code == 1 and "is not a team folder" in result.output
    result = run("team", project, "--init")
    assert result.exit_code == 0, result.output
    assert "you lead this team" in result.output
    assert "Team folder: 0 work files up to date" in result.output

    alice = be(monkeypatch, tmp_path, "alice")
    result = run("stats", project)  # read-only, before she has a file: the lead's is not hers
    assert result.exit_code == 1 and "where you have no work file yet" in result.output
    assert not list((project / "work").iterdir())
    result = run("team", project)
    assert result.exit_code == 0, result.output
    mine = project / "work" / f"{alice}.sqlite"
    assert result.output.splitlines() == [
        f"{mine}: your work file (assigned to alice)",
        "2 documents to annotate",
    ]
    session = Session.open(mine, current_annotator(), wal=False)
    label = next(lb for lb in session.scheme if lb.layer is Layer.ENTITY)
    session.add_span(session.new_span("d2", 0, 4, label))
    session.close()

    be(monkeypatch, tmp_path, "lea")
    result = run("team", project)
    assert result.exit_code == 0, result.output
    assert f"read {mine}" in result.output
    result = run("stats", project)  # a command on the team folder reads the lead's project
    assert result.exit_code == 0, result.output
    assert "alice" in result.output

    mine.write_bytes(mine.read_bytes()[:1000])  # caught mid-sync
    result = run("team", project)
    assert result.exit_code == 1
    assert f"behind {mine}: {mine} is incomplete or damaged" in result.output
    assert f"behind: alice, {mine.name[:8]}… (incomplete)" in result.output


def test_a_member_who_may_see_the_others_is_told_whose_files_were_read(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = Session.open(project / "project.sqlite", current_annotator())
    session.assignments.set_setting("team.others_visible", "1")
    session.close()
    assert run("team", project, "--init").exit_code == 0
    alice = be(monkeypatch, tmp_path, "alice")
    assert run("team", project).exit_code == 0
    bob = be(monkeypatch, tmp_path, "bob")
    result = run("team", project)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{project / 'work' / f'{bob}.sqlite'}: your work file (assigned to bob)",
        "2 documents to annotate",
        f"read {project / 'work' / f'{alice}.sqlite'}",
        "Team folder: 1 work file up to date",
    ]
