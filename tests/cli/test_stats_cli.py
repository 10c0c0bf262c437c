"""`annotator stats` on the small project of tests/storage/test_stats.py: the tables as text,
one JSON object, one annotator's work, and what it says to a wrong name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator.app.projects import open_session
from annotator.cli import cli
from tests.storage.test_stats import ANN, BOB, build, work


def run(*args: object) -> Result:
    return CliRunner().invoke(cli, ["stats", *(str(a) for a in args)])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.sqlite"
    session = open_session(path)
    try:
        build(session)
        work(session)
    finally:
        session.close()
    return path


def section(lines: list[str], title: str) -> list[str]:
    """The lines under ``title``, up to the blank line after them."""
    start = lines.index(title) + 1
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return lines[start:end]


def test_tables(project: Path) -> None:
    result = run(project)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"{project}: every annotator's work"
    assert section(lines, "Documents by status") == [
        "  3 documents in the project",
        "  Annotator  done  in progress  not started  spans",
        "  Ann           1            1            1      9",
        "  Bob           0            1            2      3",
    ]
    labels = section(lines, "Spans by label")
    assert labels[:2] == [
        "  Layer   Label         Ann  Bob  total",
        "  entity  PERSON          2    1      3",
    ]
    assert labels[-1] == "  total                   9    3     12"
    speakers = section(lines, "Quotes by speaker")
    assert speakers[0] == "  4 quotes; 1 without a speaker"
    assert speakers[3] == "  An official    words        2"
    claims = section(lines, "Claims by verdict")
    assert [line.split() for line in claims[2:]] == [
        ["unverified", "1"], ["true", "1"], ["misleading", "0"], ["false", "1"]
    ]  # fmt: skip
    entities = section(lines, "Entities by mentions")
    assert entities[2] == "  Sergey Lavrov  PERSON           3          2"
    assert section(lines, "Spans made per day") == [
        "  Day (UTC)   Ann  Bob  total",
        "  2026-01-01    6    0      6",
        "  2026-01-02    3    3      6",
    ]


def test_json(project: Path) -> None:
    result = run(project, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["documents"] == 3
    assert data["annotator"] is None
    assert data["documents_by_status"][1] == {
        "annotator": "Bob",
        "annotator_id": BOB.id,
        "done": 0,
        "in_progress": 1,
        "not_started": 2,
    }
    assert {"annotator": "Ann", "annotator_id": ANN.id, "layer": "quote", "label": "QUOTE",
            "spans": 3} in data["spans_by_label"]  # fmt: skip
    assert data["quotes"] == {
        "total": 4,
        "no_speaker": 1,
        "speakers": 2,
        "top_speakers": [
            {"speaker": "An official", "entity": False, "quotes": 2},
            {"speaker": "Sergey Lavrov", "entity": True, "quotes": 1},
        ],
    }
    assert data["claims_by_verdict"] == {"unverified": 1, "true": 1, "misleading": 0, "false": 1}
    assert data["entities"]["top"][0] == {
        "name": "Sergey Lavrov",
        "type": "PERSON",
        "registry_entries": 2,
        "mentions": 3,
        "documents": 2,
    }
    assert data["spans_by_day"][-1] == {
        "day": "2026-01-02",
        "annotator": "Bob",
        "annotator_id": BOB.id,
        "spans": 3,
    }


def test_one_annotator_and_top(project: Path) -> None:
    result = run(project, "--json", "--annotator", "ann", "--top", "1")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["annotator"] == "Ann"
    assert [r["annotator"] for r in data["documents_by_status"]] == ["Ann"]
    assert data["quotes"]["top_speakers"] == [
        {"speaker": "An official", "entity": False, "quotes": 1}
    ]  # Ann's: one quote each, and by name after the count
    assert data["quotes"]["speakers"] == 2
    text = run(project, "--annotator", "Bob")
    assert text.output.splitlines()[0] == f"{project}: Bob's work"


def test_refusals(project: Path, tmp_path: Path) -> None:
    result = run(project, "--annotator", "Zed")
    assert result.exit_code != 0
    assert "Zed" in result.output and "Traceback" not in result.output
    result = run(project, "--top", "0")
    assert result.exit_code == 2
    missing = run(tmp_path / "none.sqlite")
    assert missing.exit_code == 2 and "none.sqlite" in missing.output


def test_an_empty_project_says_nothing_yet(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    open_session(path).close()
    result = run(path)
    assert result.exit_code == 0, result.output
    # every table but the labels' and the verdicts' (all of them, at 0)
    assert result.output.count("nothing yet") == 4
    assert json.loads(run(path, "--json").output)["documents"] == 0
