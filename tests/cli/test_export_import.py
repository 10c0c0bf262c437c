"""`annotator export`, `import` of annotation files and `validate`, through click's runner and
as real `python -m annotator` processes."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator.app import transfer as workspace
from annotator.cli import cli
from annotator.cli import common as cli_common
from annotator.core.model import Annotator
from annotator.identity import current_annotator
from tests.conftest import ARTICLES
from tests.formats.test_native_io import BOB, build_source, dump

TESTER = "tester"  # ANNOTATOR_NAME in tests/conftest.py


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def me() -> Annotator:
    return current_annotator()


@pytest.fixture
def project(tmp_path: Path, me: Annotator) -> Iterator[Path]:
    """A project where the current annotator (and Bob) have work: see ``build_source``."""
    path = tmp_path / "source.sqlite"
    build_source(path, me, BOB).close()
    yield path


def lines_of(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def without_local_ids(lines: list[dict[str, object]]) -> list[dict[str, object]]:
    """Lines without what is local to a project: the document id and its source path."""
    return [{**obj, "id": "", "meta": {**obj["meta"], "source": ""}} for obj in lines]  # type: ignore[dict-item]


# -- export ---------------------------------------------------------------------------------------


def test_export_defaults_to_the_current_annotator(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run("export", project, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}: 2 lines (native; {TESTER}), 6 spans, 1 quote, 1 claim\n"
    assert [o["annotator"] for o in lines_of(out)] == [TESTER, TESTER]


def test_export_chooses_annotators_by_name_or_id_or_all(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert run("export", project, "-o", out, "--annotator", "bob").exit_code == 0
    assert [o["annotator"] for o in lines_of(out)] == ["Bob"]
    assert run("export", project, "-o", out, "--annotator", BOB.id, "--annotator", TESTER)
    assert [o["annotator"] for o in lines_of(out)] == [TESTER, "Bob", TESTER]  # as asked
    assert run("export", project, "-o", out, "--all").exit_code == 0
    assert len(lines_of(out)) == 3
    assert run("export", project, "-o", out, "--all", "--done-only").exit_code == 0
    assert [(o["annotator"], o["status"]) for o in lines_of(out)] == [(TESTER, "done")]
    unknown = run("export", project, "-o", out, "--annotator", "Zoe")
    assert unknown.exit_code == 1
    assert (
        "no annotator 'Zoe' (annotators: " in unknown.stderr
        and "'Bob' (id b-0002)" in unknown.stderr
    )
    both = run("export", project, "-o", out, "--all", "--annotator", "Bob")
    assert both.exit_code == 2 and "not both" in both.stderr


def test_export_of_a_project_you_have_no_work_in_says_whose_there_is(tmp_path: Path) -> None:
    path = tmp_path / "theirs.sqlite"
    build_source(path, Annotator("x-1", "Xena"), BOB).close()
    result = run("export", path, "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 1
    assert f"you ('{TESTER}', id " in result.stderr and "'Xena' (id x-1)" in result.stderr
    assert not (tmp_path / "out.jsonl").exists()


def test_a_failed_export_leaves_the_old_file(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("the export of yesterday\n", "utf-8")
    conn = sqlite3.connect(project)
    conn.execute("UPDATE spans SET start = start + 1 WHERE id = 'o1'")  # Bob's, 2nd document
    conn.commit()
    conn.close()
    result = run("export", project, "-o", out, "--all")
    assert result.exit_code == 1
    assert "annotator 'Bob': span 'o1': its text 'Commission' is not" in result.stderr
    assert f"nothing was written, {out} is as it was" in result.stderr
    assert out.read_text("utf-8") == "the export of yesterday\n"
    assert [p.name for p in tmp_path.iterdir() if "out.jsonl" in p.name] == ["out.jsonl"]


def test_export_refuses_to_overwrite_the_project(project: Path) -> None:
    result = run("export", project, "-o", project)
    assert result.exit_code == 1 and "is the project file itself" in result.stderr
    assert dump(project)


def test_progress_is_shown_for_long_runs(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_common, "PROGRESS_DELAY", 0.0)
    out = tmp_path / "out.jsonl"
    result = run("export", project, "-o", out, "--all")
    assert f"exporting {project}: 3/3 documents" in result.stderr
    result = run("import", tmp_path / "new.sqlite", out)
    assert f"importing {out}: 100% of" in result.stderr


# -- import ---------------------------------------------------------------------------------------


def test_round_trip_through_the_cli_keeps_every_id(project: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    assert run("export", project, "-o", first, "--all").exit_code == 0
    new = tmp_path / "new.sqlite"
    result = run("import", new, first)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"imported {first}: 3 lines (2 new documents), 7 spans, 1 quote, 1 claim, 1 entity added"
        "; by tester, Bob (new here)",
        f"{new}: 1 annotation file imported",
    ]
    assert run("export", new, "-o", second, "--all").exit_code == 0
    assert without_local_ids(lines_of(second)) == without_local_ids(lines_of(first))
    ids = [[s["id"] for s in o["spans"]] for o in lines_of(second)]  # type: ignore[attr-defined]
    assert ids == [["m1", "cue1", "q1", "c1", "loc"], ["o1"], ["m2"]]  # --all: by name
    assert run("validate", second).stdout.startswith(f"{second}: OK (3 lines, 7 spans")


def _broken(good: Path, tmp_path: Path, name: str, line: str) -> Path:
    text = good.read_text("utf-8").splitlines()
    path = tmp_path / name
    path.write_text(f"{text[0]}\n{line}\n", "utf-8")
    return path


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("malformed", r"line 2: malformed JSON"),
        ("outside", r"line 2: span 'o1': offsets \d+\.\.500 fall outside a text of \d+"),
        ("mismatch", r"line 2: span 'o1': its text 'Commission' is not the document's text"),
    ],
)
def test_a_bad_line_refuses_its_file_and_not_the_others(
    project: Path, tmp_path: Path, case: str, message: str
) -> None:
    good = tmp_path / "good.jsonl"
    assert run("export", project, "-o", good, "--all").exit_code == 0
    bob = next(o for o in lines_of(good) if o["annotator"] == "Bob")
    span = bob["spans"][0]  # type: ignore[index]
    if case == "outside":
        span["end"] = 500
    elif case == "mismatch":
        span["start"] += 1
    line = "{not json" if case == "malformed" else json.dumps(bob, ensure_ascii=False)
    bad = _broken(good, tmp_path, "bad.jsonl", line)
    target = tmp_path / "target.sqlite"
    assert run("import", target, ARTICLES / "crlf-and-tabs.txt").exit_code == 0
    before = dump(target)
    result = run("import", target, bad)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"refused {bad}, ")
    assert re.search(message, result.stderr), result.stderr
    assert result.stdout.splitlines()[-1] == f"{target}: 0 annotation files imported, 1 refused"
    assert dump(target) == before  # not even the good first line
    both = run("import", target, bad, good)
    assert both.exit_code == 1
    assert f"imported {good}: 3 lines (2 new documents)" in both.stdout
    assert f"{target}: 1 annotation file imported, 1 refused" in both.stdout


def test_articles_and_annotations_in_one_command(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert run("export", project, "-o", out, "--all").exit_code == 0
    target = tmp_path / "target.sqlite"
    result = run("import", target, ARTICLES, out)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == f"{target}: 4 imported; 1 annotation file imported"


def test_labels_refused_then_mapped_or_added(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert run("export", project, "-o", out, "--all").exit_code == 0
    theirs = tmp_path / "theirs.jsonl"
    theirs.write_text(out.read_text("utf-8").replace('"ORGANIZATION"', '"ORG"'), "utf-8")
    target = tmp_path / "target.sqlite"
    refused = run("import", target, theirs)
    assert refused.exit_code == 1
    assert "no entity label 'ORG' (first on line 2)" in refused.stderr
    assert "(--add-labels adds them, --map ORG=LABEL maps one)" in refused.stderr
    bad_map = run("import", target, theirs, "--map", "ORG")
    assert bad_map.exit_code == 1 and "write it as FROM=TO" in bad_map.stderr
    mapped = run("import", target, theirs, "--map", "ORG=ORGANIZATION")
    assert mapped.exit_code == 0, mapped.output
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT label FROM spans WHERE id = 'o1'").fetchone() == ("ORGANIZATION",)
    conn.close()
    added = tmp_path / "added.sqlite"
    result = run("import", added, theirs, "--add-labels")
    assert result.exit_code == 0 and "labels added: entity ORG" in result.stdout
    conn = sqlite3.connect(added)
    assert conn.execute("SELECT count(*) FROM labels WHERE name = 'ORG'").fetchone() == (1,)
    conn.close()


def test_reimport_is_skipped_and_an_edit_since_is_refused(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert run("export", project, "-o", out, "--all").exit_code == 0
    target = tmp_path / "target.sqlite"
    assert run("import", target, out).exit_code == 0
    again = run("import", target, out)
    assert again.exit_code == 0
    assert f"imported {out}: nothing new (3 lines already in the project)" in again.stdout
    assert f"skipped {out}, line 3: already in the project (document 'Brussels'," in again.stdout
    conn = sqlite3.connect(target)
    conn.execute("UPDATE spans SET note = 'checked' WHERE id = 'o1'")  # Bob edits, here
    conn.commit()
    conn.close()
    before = dump(target)
    edited = run("import", target, out)
    assert edited.exit_code == 1
    assert f"refused {out}, line 2: annotator 'Bob' (b-0002) already has other" in edited.stderr
    assert "on document 'Brussels' (" in edited.stderr and "2 spans differ" in edited.stderr
    assert dump(target) == before


def test_other_formats_need_the_peers_package(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workspace, "peers", lambda: None)
    result = run("export", project, "-o", tmp_path / "out.jsonl", "--format", "doccano")
    assert result.exit_code == 1
    assert "--format doccano: export of this format is not available" in result.stderr
    assert not (tmp_path / "out.jsonl").exists()
    tasks = tmp_path / "tasks.json"
    tasks.write_text("[]", "utf-8")
    result = run("import", tmp_path / "new.sqlite", tasks)
    assert result.exit_code == 1 and "import of this format is not available" in result.stderr


# -- validate -------------------------------------------------------------------------------------


def test_validate_exit_status(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert run("export", project, "-o", out, "--all").exit_code == 0
    ok = run("validate", out)
    assert ok.exit_code == 0
    assert ok.stdout == f"{out}: OK (3 lines, 7 spans, 1 quote, 1 claim, 1 entity)\n"
    bad = _broken(out, tmp_path, "bad.jsonl", '{"id": 1}')
    result = run("validate", out, bad)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1:] == [
        f"{bad}, line 2: the line: missing field 'text' (a line needs at least 'text' and 'spans')",
        f"{bad}: 1 error",
    ]
    missing = run("validate", tmp_path / "nope.jsonl")
    assert missing.exit_code == 1 and "cannot be read" in missing.stdout


# -- a real process -------------------------------------------------------------------------------


def test_python_dash_m_annotator_export_import_validate(project: Path, tmp_path: Path) -> None:
    out, new = tmp_path / "out.jsonl", tmp_path / "new.sqlite"

    def annotator(*args: object) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "annotator", *map(str, args)]
        return subprocess.run(command, capture_output=True, text=True, timeout=60)

    done = annotator("export", project, "-o", out, "--all")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{out}: 3 lines")
    done = annotator("import", new, out)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == f"{new}: 1 annotation file imported"
    assert annotator("validate", out).returncode == 0
    (tmp_path / "bad.jsonl").write_text("{}\n", "utf-8")
    assert annotator("validate", tmp_path / "bad.jsonl").returncode == 1


def test_a_file_of_no_known_kind_is_refused_alone(project: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    assert run("export", project, "-o", good, "--all").exit_code == 0
    odd = tmp_path / "odd.json"
    odd.write_text('{"foo": 1}\n', "utf-8")
    target = tmp_path / "target.sqlite"
    result = run("import", target, odd, good)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"refused {odd}")
    assert result.stdout.splitlines()[-1] == f"{target}: 1 annotation file imported, 1 refused"
