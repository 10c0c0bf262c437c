"""Two people with the same display name (issue 12, 3): the command line shows them apart
("blanca [3f2a]"), takes either by that name, by id or the start of an id, refuses the bare
name listing the choices, and `add-work` from a namesake brings their work in as a separate
annotator."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator.app.projects import build_from_sources
from annotator.cli import cli
from tests.conftest import ARTICLES, EXAMPLE
from tests.readback import rows

ARTICLE = "2025-03-03-lavrov-peacekeepers.txt"
FIRST = "0000000000000000000000000000e002"  # the example's blanca
SECOND = "3f2a0000000000000000000000000b02"  # another blanca, on another desktop


def run(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The example's article with both annotators' work, and a namesake's file beside it:
    blanca's line again, under another person's id (every id in it made new), a few mentions
    fewer."""
    folder = tmp_path / "example"
    (folder / "articles").mkdir(parents=True)
    shutil.copy(ARTICLES / ARTICLE, folder / "articles" / ARTICLE)
    shutil.copy(EXAMPLE / "annotations.jsonl", folder / "annotations.jsonl")
    build_from_sources(folder)
    line = (EXAMPLE / "annotations.jsonl").read_text(encoding="utf-8").splitlines()[1]
    other = json.loads(line.replace('"b-', '"c-').replace(FIRST, SECOND))
    cited = {i for q in other["quotes"] for i in (*q["segments"], q["cue"])}
    cited |= {c["span"] for c in other["claims"]}
    drop = [s["id"] for s in other["spans"] if s["layer"] == "entity" and s["id"] not in cited]
    other["spans"] = [s for s in other["spans"] if s["id"] not in drop[:3]]
    (tmp_path / "blanca2.jsonl").write_text(json.dumps(other, ensure_ascii=False) + "\n")
    return folder


def test_add_work_from_a_namesake_arrives_as_another_annotator_shown_apart(
    project: Path, tmp_path: Path
) -> None:
    result = run("add-work", project, tmp_path / "blanca2.jsonl")
    assert result.exit_code == 0, result.output
    assert "work of blanca [3f2a]:" in result.output
    assert "View > Show annotations of > blanca [3f2a] (read-only)" in result.output
    people = rows(project, "SELECT id, name FROM annotators WHERE name = 'blanca' ORDER BY id")
    assert people == [(FIRST, "blanca"), (SECOND, "blanca")]
    assert rows(project, "SELECT count(*) FROM spans WHERE annotator_id = ?", (SECOND,)) != [(0,)]


def test_a_shared_name_is_refused_with_the_choices_and_each_is_taken_another_way(
    project: Path, tmp_path: Path
) -> None:
    assert run("add-work", project, tmp_path / "blanca2.jsonl").exit_code == 0
    refused = run("agreement", project, "blanca", "blanca")
    assert refused.exit_code != 0
    assert "2 annotators are called 'blanca': give one of" in refused.output
    assert f"'blanca [0000]' (id {FIRST})" in refused.output
    assert f"'blanca [3f2a]' (id {SECOND})" in refused.output
    for a, b in (("blanca [0000]", "blanca [3f2a]"), (FIRST, "3f2a"), ("blanca [0000]", SECOND)):
        done = run("agreement", project, a, b)
        assert done.exit_code == 0, done.output
        assert done.output.startswith(
            f"Agreement of 'blanca [0000]' ({FIRST}; A, the reference) and "
            f"'blanca [3f2a]' ({SECOND}; B) on 1 document both started"
        )
    same = run("agreement", project, "3f2a", "blanca [3f2a]")
    assert same.exit_code != 0 and "A and B are the same annotator ('blanca [3f2a]'" in same.output
    matrix = run("agreement", project, "--all").output
    assert "blanca [0000]" in matrix and "blanca [3f2a]" in matrix and FIRST not in matrix


def test_export_takes_an_id_start_and_names_the_annotator_apart(
    project: Path, tmp_path: Path
) -> None:
    assert run("add-work", project, tmp_path / "blanca2.jsonl").exit_code == 0
    out = tmp_path / "out.jsonl"
    done = run("export", project, "--annotator", "3f2a", "-o", out)
    assert done.exit_code == 0, done.output
    assert "(native; blanca [3f2a])" in done.output
    [line] = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert (line["annotator_id"], line["annotator"]) == (SECOND, "blanca")
    refused = run("export", project, "--annotator", "blanca", "-o", tmp_path / "no.jsonl")
    assert refused.exit_code != 0 and "2 annotators are called 'blanca'" in refused.output
    assert not (tmp_path / "no.jsonl").exists()
