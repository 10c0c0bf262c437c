"""The command line: import and list through click's runner and as a real `python -m annotator`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from annotator.app.projects import open_session
from annotator.cli import cli
from tests.conftest import ARTICLES

TITLES = {
    "2025-03-03": "Vladimir Putin’s top diplomat has indirectly dismissed Keir Starmer’s idea to "
    "deploy peacekeeping troops to Ukraine.",
    "2026-03-02": "BRUSSELS (Reuters) - The European Commission on Monday proposed a €150 billion "
    "defence loan scheme.",
}


def test_import_into_a_new_project_file(tmp_path: Path) -> None:
    project = tmp_path / "news.sqlite"
    result = CliRunner().invoke(cli, ["import", str(project), str(ARTICLES)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    imported = sorted(line for line in lines if line.startswith("imported "))
    assert [line.split(":")[0] for line in imported] == [
        f"imported {path}" for path in sorted(ARTICLES.glob("*.txt"))
    ]
    assert lines[-1] == f"{project}: 4 imported"
    assert result.stderr == ""
    session = open_session(project, read_only=True)
    try:
        assert len(session.documents()) == 4
    finally:
        session.close()

    again = CliRunner().invoke(cli, ["import", str(project), str(ARTICLES)])
    assert again.exit_code == 0, again.output
    assert (
        again.stdout.splitlines()[-1]
        == f"{project}: 0 imported, 4 skipped (already in the project)"
    )


def test_import_with_a_bad_file_exits_1_naming_it(tmp_path: Path) -> None:
    project = tmp_path / "news.sqlite"
    good = tmp_path / "good.txt"
    good.write_text("date 2024-02-03 A good article. Body.\n", encoding="utf-8")
    bad = tmp_path / "cp1252.txt"
    bad.write_bytes("Smart “quotes” from Windows.".encode("cp1252"))
    result = CliRunner().invoke(cli, ["import", str(project), str(good), str(bad)])
    assert result.exit_code == 1
    assert f"refused {bad}: " in result.stderr
    assert "not UTF-8" in result.stderr
    assert f"imported {good}: A good article." in result.stdout
    assert "1 imported, 1 refused" in result.stdout


def test_import_into_a_folder_that_does_not_exist_is_a_clear_error(tmp_path: Path) -> None:
    project = tmp_path / "missing" / "news.sqlite"
    result = CliRunner().invoke(cli, ["import", str(project), str(ARTICLES)])
    assert result.exit_code == 1
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.output
    assert not project.parent.exists()


def test_list_prints_the_documents(tmp_path: Path) -> None:
    project = tmp_path / "news.sqlite"
    assert CliRunner().invoke(cli, ["import", str(project), str(ARTICLES)]).exit_code == 0
    result = CliRunner().invoke(cli, ["list", str(project)])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert len(rows) == 4
    assert sorted(row[1] for row in rows) == [
        "2025-03-03",
        "2026-01-20",
        "2026-02-14",
        "2026-03-02",
    ]
    for row in rows:
        assert len(row) == 5
        assert row[2] == "not started"
        assert row[3] == "0"
        if row[1] in TITLES:
            assert row[4] == TITLES[row[1]]


def test_list_of_a_missing_project_fails(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["list", str(tmp_path / "nope.sqlite")])
    assert result.exit_code != 0
    assert "nope.sqlite" in result.stderr


def test_python_dash_m_annotator_import_and_list(tmp_path: Path) -> None:
    project = tmp_path / "news.sqlite"
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "import", str(project), str(ARTICLES)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == f"{project}: 4 imported"
    listed = subprocess.run(
        [sys.executable, "-m", "annotator", "list", str(project)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == 4


def test_import_into_a_read_only_project_is_a_clear_error(tmp_path: Path) -> None:
    project = tmp_path / "news.sqlite"
    assert CliRunner().invoke(cli, ["import", str(project), str(ARTICLES / "crlf-and-tabs.txt")])
    project.chmod(0o444)
    try:
        result = CliRunner().invoke(cli, ["import", str(project), str(ARTICLES)])
    finally:
        project.chmod(0o644)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "read-only" in result.stderr
    assert "nothing was imported" in result.stderr
    assert "imported /" not in result.output
