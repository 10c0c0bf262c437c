"""``annotator search``: human lines and JSON, filters, the index of an upgraded project built
first (with progress on stderr), and clear refusals."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner, Result

from annotator.app.projects import open_session
from annotator.cli import cli
from annotator.core.articles import parse_article
from tests.hostile.world import old_project

ARTICLES = {
    "cafe.txt": "Café society\n\n😀 The café near the old station served coffee.\n",
    "rail.txt": "Rail strike\n\nWorkers at the station went on strike over pay.\n",
    "budget.txt": "Budget vote\n\nThe council voted on the budget.\n",
}


def _project(path: Path) -> Path:
    session = open_session(path)
    try:
        session.import_articles(
            [(n, parse_article(t.encode("utf-8"))) for n, t in ARTICLES.items()]
        )
    finally:
        session.close()
    return path


def _unindexed(project: Path) -> Path:
    """The project with its search index emptied, as an upgraded project has it."""
    conn = sqlite3.connect(project)
    conn.execute("INSERT INTO _search_documents (_search_documents) VALUES ('delete-all')")
    conn.execute("UPDATE _search_progress SET upto = 0")
    conn.commit()
    conn.close()
    return project


def _search(*args: object) -> Result:
    return CliRunner().invoke(cli, ["search", *(str(a) for a in args)])


def test_human_output_marks_the_hit(tmp_path: Path) -> None:
    project = _project(tmp_path / "p.sqlite")
    result = _search(project, "cafe")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Café society — no date [")
    assert "[café]" in lines[1] and "[Café]" in lines[1]
    assert result.stderr.strip() == "1 document found"


def test_json_is_one_object_per_document(tmp_path: Path) -> None:
    project = _project(tmp_path / "p.sqlite")
    result = _search(project, "station", "--json")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["title"] for r in records} == {"Café society", "Rail strike"}
    session = open_session(project, read_only=True)
    try:
        for r in records:
            text = session.document(r["document_id"]).text
            assert text[r["start"] : r["end"]] == "station"  # code points (an emoji before)
            s, e = r["snippet_hits"][0]
            assert r["snippet"][s:e] == "station"
            assert r["found_in"] == "text"
    finally:
        session.close()


def test_a_snippet_is_one_line_of_single_spaces(tmp_path: Path) -> None:
    session = open_session(tmp_path / "p.sqlite")
    try:
        text = "Tabs\n\nBRUSSELS\t(Reuters) -\tthe  council\r\nmet.\n"
        session.import_articles([("t.txt", parse_article(text.encode("utf-8")))])
    finally:
        session.close()
    result = _search(tmp_path / "p.sqlite", "council")
    snippet = result.stdout.splitlines()[1]
    assert "\t" not in snippet and "  " not in snippet.strip()
    assert "[council]" in snippet


def test_filters_and_limit(tmp_path: Path) -> None:
    project = _project(tmp_path / "p.sqlite")
    assert _search(project, "station", "--status", "done", "--json").stdout == ""
    one = _search(project, "station", "--limit", "1", "--json")
    assert len(one.stdout.splitlines()) == 1
    listed = _search(project, "", "--status", "not_started", "--json")
    assert len(listed.stdout.splitlines()) == 3


def test_bad_input_is_one_clear_line(tmp_path: Path) -> None:
    project = _project(tmp_path / "p.sqlite")
    bad_label = _search(project, "station", "--label", "NOPE")
    assert bad_label.exit_code == 1
    assert bad_label.stderr.startswith("Error: no label 'NOPE'")
    odd = _search(project, 'NEAR("unfinished')
    assert odd.exit_code == 0
    assert "read as plain words" in odd.stderr
    not_a_project = tmp_path / "notes.txt"
    not_a_project.write_text("hello\n", encoding="utf-8")
    refused = _search(not_a_project, "x")
    assert refused.exit_code == 1
    assert str(not_a_project) in refused.stderr and "Traceback" not in refused.output
    missing = _search(tmp_path / "missing.sqlite", "x")
    assert missing.exit_code == 2 and "does not exist" in missing.stderr


def test_an_older_project_is_searched_through_an_indexed_copy(tmp_path: Path) -> None:
    path = old_project(tmp_path / "old.sqlite")
    before = path.read_bytes()
    conn = sqlite3.connect(path)
    word = conn.execute("SELECT text FROM documents ORDER BY rowid").fetchone()[0].split()[0]
    conn.close()
    result = _search(path, word, "--json")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
    assert path.read_bytes() == before  # a command that reads leaves the old file as it was


def test_an_unbuilt_index_is_built_first_and_kept(tmp_path: Path) -> None:
    project = _unindexed(_project(tmp_path / "p.sqlite"))
    result = _search(project, "station", "--json")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 2
    assert result.stderr.splitlines()[-1] == "Building the search index: 100%"
    conn = sqlite3.connect(project)
    assert {r[0] for r in conn.execute("SELECT upto FROM _search_progress")} == {2**63 - 1}
    conn.close()


def test_a_project_held_by_a_window_is_searched_as_far_as_it_is_indexed(tmp_path: Path) -> None:
    project = _unindexed(_project(tmp_path / "p.sqlite"))
    window = open_session(project)  # the writer: holds the lock
    try:
        assert window.search.build_step(budget=0.0) is False  # one step: part of it indexed
        result = _search(project, "budget OR station", "--json")
    finally:
        window.close()
    assert result.exit_code == 0, result.output
    assert "% built; results so far" in result.stderr
    titles = {json.loads(line)["title"] for line in result.stdout.splitlines()}
    assert titles == {"Café society", "Rail strike"}  # the budget vote is not indexed yet
