"""`annotator progress` and the progress part of `annotator stats` on a real project file with
an assignment and work (tests/app/test_progress.py): text and JSON say the same figures, the
two commands print the same part, a project with no assignment says so in one line, nothing
is written."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from annotator.app.progress import HOW_TO_ASSIGN
from annotator.app.projects import open_session
from annotator.cli import cli
from tests.app.test_progress import ALICE, team_project


def run(*args: object) -> Result:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


def test_text_and_json_agree(tmp_path: Path) -> None:
    project = team_project(tmp_path)
    before = project.read_bytes()
    lines = run("progress", project).output.splitlines()
    data = json.loads(run("progress", project, "--json").output)
    assert lines[:8] == [
        "Progress of the assignees",
        "  6 documents of 7 assigned: 2 done by every assignee (33.3%), 0 by some, 4 by none",
        "  no work here yet under the name dave",
        "  Assignee  assigned  started  done  done %  spans",
        "  alice            3        2     2   66.7%      4",
        "  bob              2        2     1   50.0%      4",
        "  carol            2        0     0    0.0%      0",
        "  dave             1        0     0    0.0%      0",
    ]
    for person, line in zip(data["assignees"], lines[4:8], strict=True):
        figures = (person["assigned"], person["started"], person["done"], person["spans"])
        words = line.split()
        assert words[0] == person["name"]
        assert tuple(int(w) for w in (*words[1:4], words[5])) == figures
    assert data["assignees"][0]["annotator_id"] == ALICE.id
    assert "  alice – bob: 1 document; entity 0.500, quote 1.000, claim —; all 0.667; " \
        "2 disagreements" in lines  # fmt: skip
    pair = data["pairs"][0]
    assert (pair["a"], pair["b"], pair["documents"], pair["disagreements"]) == (
        "alice", "bob", 1, 2,
    )  # fmt: skip
    assert round(pair["overlap_f1"], 3) == 0.667
    labels = lines[lines.index("Spans by label on the assigned documents") + 1 :][:4]
    assert labels == [
        "  Layer   Label     alice  bob  carol  dave  total",
        "  entity  LOCATION      0    1      0     0      1",
        "  entity  PERSON        3    2      0     0      5",
        "  quote   QUOTE         1    1      0     0      2",
    ]
    ready = lines[lines.index("Ready for review") :]
    assert ready[2:] == [
        "  Document  assignees   disagreements  reviewed",
        "  Doc 0     alice, bob              2  no",
        "  Doc 1     alice                   —  no",
    ]
    assert [(d["title"], d["disagreements"]) for d in data["ready_for_review"]] == [
        ("Doc 0", 2),
        ("Doc 1", None),
    ]
    assert [d["done"] for d in data["documents_assigned"][:2]] == [["alice", "bob"], ["alice"]]
    assert project.read_bytes() == before  # nothing written


def test_stats_prints_the_same_part(tmp_path: Path) -> None:
    project = team_project(tmp_path)
    alone = run("progress", project).output.splitlines()
    stats = run("stats", project).output.splitlines()
    assert stats[-len(alone) :] == alone
    assert json.loads(run("stats", project, "--json").output)["progress"] == json.loads(
        run("progress", project, "--json").output
    )


def test_no_assignment_in_one_line(tmp_path: Path) -> None:
    project = tmp_path / "plain.sqlite"
    open_session(project).close()
    assert run("progress", project).output == HOW_TO_ASSIGN + "\n"
    assert json.loads(run("progress", project, "--json").output)["assigned"] is False
    assert run("stats", project).output.splitlines()[-1] == HOW_TO_ASSIGN


def test_not_a_project(tmp_path: Path) -> None:
    junk = tmp_path / "notes.sqlite"
    junk.write_text("not a database", encoding="utf-8")
    result = CliRunner().invoke(cli, ["progress", str(junk)])
    assert result.exit_code != 0
    assert "notes.sqlite" in result.output and "Traceback" not in result.output
