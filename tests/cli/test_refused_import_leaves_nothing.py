"""An import into a project file that did not exist, refused whole: no empty project is left
behind (a cold read found one); an existing project is never removed, even empty."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from annotator.app.projects import open_session
from annotator.cli import cli


def _import(*args: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["import", *map(str, args)])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_a_refused_first_import_leaves_no_project_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "spans": [{"start": 0, "end": 9, "label": "PERSON"}]}\n')
    code, output = _import(tmp_path / "new.sqlite", bad)
    assert code == 1 and "new project file was not kept" in output, output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl"]


def test_an_existing_project_stays_even_empty(tmp_path: Path) -> None:
    project = tmp_path / "mine.sqlite"
    open_session(project).close()  # made before, by someone: not this command's to remove
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n")
    code, output = _import(project, bad)
    assert code == 1 and "not kept" not in output and project.exists()


def test_an_empty_article_alone_leaves_no_project_either(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, _ = _import(tmp_path / "new.sqlite", empty)
    assert code == 1 and not (tmp_path / "new.sqlite").exists()
