"""`annotator suggest` on a copy of the example project (articles and annotations): the
proposals as JSON for scripts, one document by title, and clear refusals."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner, Result

from annotator.cli import cli
from tests.conftest import EXAMPLE


def run(*args: object) -> Result:
    return CliRunner().invoke(cli, ["suggest", *(str(a) for a in args)])


def _example(tmp_path: Path) -> Path:
    target = tmp_path / "example"
    shutil.copytree(EXAMPLE / "articles", target / "articles")
    shutil.copy(EXAMPLE / "annotations.jsonl", target / "annotations.jsonl")
    return target


def test_json_lists_quotes_with_speaker_and_cue_and_known_entities(tmp_path: Path) -> None:
    project = _example(tmp_path)
    result = run(project, "--json", "--no-model")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    texts = {r["document"]: r for r in rows}
    assert texts  # the tester has annotated nothing: everything is proposed
    lavrov = next(r for r in rows if r["text"].startswith("want to prop him"))
    assert lavrov["origin"] == "rule" and lavrov["label"] == "QUOTE"
    assert lavrov["speaker_name"] == "Sergey Lavrov"  # the registry entity, via "Lavrov"
    assert lavrov["cue"][2] == "told Russian media"
    known = [r for r in rows if r["origin"] == "registry"]
    assert {"Keir Starmer", "Sergei Lavrov"} <= {r["text"] for r in known}
    assert all(r["entity"] and r["entity_name"] for r in known)
    conn = sqlite3.connect(f"file:{project / 'project.sqlite'}?mode=ro", uri=True)
    stored = dict(conn.execute("SELECT id, text FROM documents").fetchall())
    conn.close()
    for r in rows:  # code points into the stored text, emoji and CRLF articles included
        assert stored[r["document"]][r["start"] : r["end"]] == r["text"]


def test_one_document_by_title_and_readable_lines(tmp_path: Path) -> None:
    project = _example(tmp_path)
    everything = json.loads(run(project, "--json", "--no-model").stdout)
    title = next(r["title"] for r in everything if r["title"].startswith("Vladimir Putin"))
    result = run(project, "--doc", title, "--no-model")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == sum(1 for r in everything if r["title"] == title)
    assert any("\trule\tQUOTE\t" in line and "speaker=Keir Starmer" in line for line in lines)
    assert f"{len(lines)} proposals in 1 document" in result.stderr


def test_an_unknown_document_is_refused_by_name(tmp_path: Path) -> None:
    result = run(_example(tmp_path), "--doc", "No such article")
    assert result.exit_code == 2
    assert "no document has the id or title 'No such article'" in result.output


def test_json_streamed_document_by_document_is_one_indented_array(tmp_path: Path) -> None:
    """The array is written as its proposals are found, byte for byte as ``json.dumps`` of
    the whole array writes it; an empty one is ``[]``."""
    project = _example(tmp_path)
    result = run(project, "--json", "--no-model")
    rows = json.loads(result.stdout)
    assert len({r["document"] for r in rows}) > 1
    assert any(r.get("segments") for r in rows)  # nested arrays too
    assert result.stdout == json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    title = rows[0]["title"]
    lines = run(project, "--doc", title, "--no-model").stdout.splitlines()
    assert [line.split("\t")[1] for line in lines] == [
        f"{r['start']}-{r['end']}" for r in rows if r["title"] == title
    ]

    empty = tmp_path / "empty"
    (empty / "articles").mkdir(parents=True)
    (empty / "articles" / "a.txt").write_text("Nothing said here.\n", encoding="utf-8")
    result = run(empty, "--json", "--no-model")
    assert result.exit_code == 0, result.output
    assert result.stdout == "[]\n"
