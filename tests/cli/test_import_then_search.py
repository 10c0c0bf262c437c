"""``annotator search`` right after ``annotator import``: into a new project, the import leaves
the search index to be built and the first search builds it (saying so) before it answers in
full; into a project with documents, the import indexes as it writes."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator.app.check import check_project
from annotator.cli import cli
from annotator.identity import current_annotator
from annotator.storage.migrations import SEARCH_COMPLETE
from tests.conftest import ARTICLES
from tests.formats.test_native_io import BOB, build_source

NOTE = "checked against the zeppelin desk"


def run(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def exported_with_a_note(folder: Path) -> Path:
    """Every annotator's work of ``build_source`` as native JSONL (two documents, the last
    Brussels), with NOTE on a span of the last document."""
    session = build_source(folder / "source.sqlite", current_annotator(), BOB)
    session.update_span(replace(session.span("m2"), note=NOTE))
    session.close()
    out = folder / "all.jsonl"
    result = run("export", folder / "source.sqlite", "-o", out, "--all")
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    return exported_with_a_note(tmp_path)


def _found(project: Path, query: str, *, builds: bool = False) -> list[dict[str, object]]:
    result = run("search", project, query, "--json")
    assert result.exit_code == 0, result.output
    assert "results so far" not in result.stderr
    assert ("Building the search index: 100%" in result.stderr) is builds
    return [json.loads(line) for line in result.stdout.splitlines()]


def _progress(project: Path) -> set[int]:
    conn = sqlite3.connect(project)
    try:
        return {r[0] for r in conn.execute("SELECT upto FROM _search_progress")}
    finally:
        conn.close()


def _indexed_whole(project: Path) -> None:
    assert _progress(project) == {SEARCH_COMPLETE}
    report = check_project(project)  # FTS5's own check of the index against the rows
    assert report.sound, report.problems


def test_the_first_search_after_an_import_into_a_new_project_builds_the_index(
    exported: Path, tmp_path: Path
) -> None:
    project = tmp_path / "new.sqlite"
    result = run("import", project, exported)
    assert result.exit_code == 0, result.output
    assert _progress(project) == {0}  # left to the build
    assert [(r["title"], r["found_in"]) for r in _found(project, "Commission", builds=True)] == [
        ("Brussels", "text")
    ]
    _indexed_whole(project)
    [note] = _found(project, "zeppelin")
    assert (note["title"], note["found_in"]) == ("Brussels", "note")
    assert "[zeppelin]" in run("search", project, "zeppelin").stdout


def test_an_import_into_a_project_with_documents_is_found_at_once(
    exported: Path, tmp_path: Path
) -> None:
    project = tmp_path / "old.sqlite"
    assert run("import", project, ARTICLES / "crlf-and-tabs.txt").exit_code == 0
    result = run("import", project, exported)
    assert result.exit_code == 0, result.output
    _indexed_whole(project)
    assert [r["title"] for r in _found(project, '"Leyen said on Monday"')] == ["Brussels"]
    assert [r["found_in"] for r in _found(project, "zeppelin")] == ["note"]
