"""Issue 12: each line, task or annotation of an imported file lands under its own annotator
(native ``annotator_id``, this program's ``meta``, Label Studio's ``completed_by``, the user a
doccano archive's file is named after); ``--as`` makes it one annotator's; the same file twice
is skipped; what cannot be stored is said in the user's words with the file and place."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from annotator.formats.ids import named_annotator_id
from tests.cli.test_export_import import run
from tests.conftest import EXAMPLE

PEER_FORMATS = ["native", "doccano", "doccano-relations", "label-studio"]


@pytest.fixture
def example(example_copy: Path) -> Path:
    """The example project folder with its work of two annotators, "example" and "blanca"."""
    shutil.copy(EXAMPLE / "annotations.jsonl", example_copy / "annotations.jsonl")
    return example_copy


def figures(project: Path) -> dict[str, Any]:
    """``annotator agreement PROJECT example blanca --json``, without document ids (local to
    a project)."""
    result = run("agreement", project, "example", "blanca", "--json")
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    for document in found["documents"]:
        document.pop("id")
    return found


def table(project: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(project) as db:
        return db.execute(sql).fetchall()


def export(project: Path, out: Path, fmt: str, *more: str) -> Path:
    result = run("export", project, "-o", out, "--format", fmt, *more)
    assert result.exit_code == 0, result.output
    return out


def refused(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "constraint" not in result.output
    return result.stderr


@pytest.mark.parametrize("fmt", PEER_FORMATS)
def test_export_all_then_import_keeps_each_annotator(
    example: Path, tmp_path: Path, fmt: str
) -> None:
    out = export(example, tmp_path / f"all-{fmt}.json", fmt, "--all")
    new = tmp_path / "new.sqlite"
    first = run("import", new, out)
    assert first.exit_code == 0, first.output
    assert "; by blanca (new here), example (new here)\n" in first.stdout
    assert figures(new) == figures(example)
    owners = "SELECT DISTINCT a.name FROM spans s JOIN annotators a ON a.id = s.annotator_id"
    assert sorted(table(new, owners)) == [("blanca",), ("example",)]  # nobody else's
    again = run("import", new, out)
    assert again.exit_code == 0, again.output
    assert "nothing new (2 lines already in the project)" in again.stdout
    assert figures(new) == figures(example)


def doccano_archive(lines: list[dict[str, Any]], target: Path) -> Path:
    """A zip as doccano exports a project: one USER.jsonl per member holding every example,
    with that member's labels ([] on examples they did not label), doccano's columns."""
    users = sorted({line["meta"]["annotator"] for line in lines})
    with zipfile.ZipFile(target, "w") as archive:
        for user in users:
            rows = []
            for n, line in enumerate(lines, 1):
                mine = line["meta"]["annotator"] == user
                rows.append(
                    {
                        "id": n,
                        "text": line["text"],
                        "meta": line["meta"],
                        "label": line["label"] if mine else [],
                        "Comments": [],
                    }
                )
            archive.writestr(f"{user}.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    return target


def test_a_doccano_archive_gives_each_file_to_its_user(example: Path, tmp_path: Path) -> None:
    out = export(example, tmp_path / "all.jsonl", "doccano", "--all")
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    archive = doccano_archive(lines, tmp_path / "doccano-export.zip")
    new = tmp_path / "new.sqlite"
    result = run("import", new, archive)
    assert result.exit_code == 0, result.output
    assert figures(new) == figures(example)
    assert "nothing new" in run("import", new, archive).stdout

    # Users doccano knows and this project does not (no "meta" of ours): each becomes an
    # annotator named after its file, with an id made from the name.
    plain = tmp_path / "plain.zip"
    with zipfile.ZipFile(plain, "w") as zipped:
        for user, line in zip(("alice", "bruno"), lines, strict=True):
            rows = [{"id": 1, "text": line["text"], "label": line["label"], "Comments": []}]
            rows.append({"id": 2, "text": "Not labelled by this user.", "label": []})
            zipped.writestr(f"{user}.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    other = tmp_path / "other.sqlite"
    result = run("import", other, plain)
    assert result.exit_code == 0, result.output
    assert "by alice (new here), bruno (new here)" in result.stdout
    owners = "SELECT DISTINCT a.id, a.name FROM spans s JOIN annotators a ON a.id = s.annotator_id"
    assert sorted(table(other, owners), key=lambda r: r[1]) == [
        (named_annotator_id("alice"), "alice"),
        (named_annotator_id("bruno"), "bruno"),
    ]
    assert table(other, "SELECT count(*) FROM documents") == [(1,)]  # unlabelled: left out


def test_a_label_studio_task_with_two_annotations_is_two_annotators(tmp_path: Path) -> None:
    region = {
        "id": "r1",
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": 0, "end": 6, "text": "Lavrov", "labels": ["PERSON"]},
    }
    task = {
        "id": 7,
        "data": {"text": "Lavrov said no."},
        "annotations": [
            {"completed_by": 1, "result": [region]},
            {"completed_by": {"id": 2, "email": "b@example.org"}, "result": [region]},
        ],
    }
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([task]), "utf-8")
    project = tmp_path / "p.sqlite"
    assert run("import", project, path).exit_code == 0
    owners = "SELECT a.id, a.name FROM spans s JOIN annotators a ON a.id = s.annotator_id"
    assert table(project, owners + " ORDER BY a.id") == [
        ("label-studio-1", "Label Studio user 1"),
        ("label-studio-2", "b@example.org"),
    ]
    # Both annotations made one person's: refused, naming the task, nothing written.
    forced = refused(run("import", tmp_path / "q.sqlite", path, "--as", "carol"))
    assert "tasks.json, task 1 (id 7): the task holds 2 annotations" in forced
    # The same task twice for one user: the second names the first.
    path.write_text(json.dumps([task, {**task, "id": 8}]), "utf-8")
    twice = refused(run("import", tmp_path / "r.sqlite", path))
    assert "tasks.json, task 2 (id 8), annotation 1: annotator 'Label Studio user 1'" in twice
    assert "already has work on document 'Lavrov said no.' at " in twice
    assert f"{path}, task 1 (id 7), annotation 1" in twice
    assert not (tmp_path / "r.sqlite").exists() or table(
        tmp_path / "r.sqlite", "SELECT count(*) FROM spans"
    ) == [(0,)]


def test_as_makes_a_file_one_annotators(example: Path, tmp_path: Path) -> None:
    out = export(example, tmp_path / "blanca.json", "label-studio", "--annotator", "blanca")
    project = tmp_path / "p.sqlite"
    result = run("import", project, out, "--as", "Carol")
    assert result.exit_code == 0, result.output
    assert "by Carol (new here)" in result.stdout
    carol = named_annotator_id("Carol")
    assert table(project, "SELECT DISTINCT annotator_id FROM spans") == [(carol,)]
    # The same name, however written, is the same annotator: the same work, skipped.
    assert "nothing new" in run("import", project, out, "--as", "carol").stdout
    # Two people's lines on one document made one annotator's: refused with both places.
    both = export(example, tmp_path / "both.jsonl", "native", "--all")
    message = refused(run("import", tmp_path / "q.sqlite", both, "--as", "Dan"))
    assert "both.jsonl, line 2: annotator 'Dan'" in message
    assert "both.jsonl, line 1: one annotator's work on one document is one line" in message


def test_two_people_with_one_name_are_told_apart_by_id(tmp_path: Path) -> None:
    text = "Lavrov said no."
    lines = [
        {"text": text, "annotator": "Bob", "annotator_id": bob, "spans": []}
        for bob in ("bob-1", "bob-2")
    ]
    lines[0]["spans"] = [{"start": 0, "end": 6, "label": "PERSON"}]
    path = tmp_path / "two-bobs.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    project = tmp_path / "p.sqlite"
    result = run("import", project, path)
    assert result.exit_code == 0, result.output
    assert "by Bob [bob-1] (new here), Bob [bob-2] (new here)\n" in result.stdout
    minimal = tmp_path / "by-name.jsonl"
    minimal.write_text(json.dumps({"text": "Kyiv.", "annotator": "bob", "spans": []}) + "\n")
    message = refused(run("import", project, minimal))
    assert "by-name.jsonl, line 1: the line: 'annotator' 'bob': 2 annotators are called" in message
    assert "'Bob [bob-1]' (id bob-1), 'Bob [bob-2]' (id bob-2)" in message
    assert "2 annotators are called 'Bob'" in refused(
        run("import", project, minimal, "--as", "Bob")
    )
    chosen = run("import", project, minimal, "--as", "Bob [bob-2]")
    assert chosen.exit_code == 0, chosen.output
    assert "; by Bob [bob-2]\n" in chosen.stdout


def test_an_id_the_project_holds_elsewhere_is_named_with_its_line(
    example: Path, tmp_path: Path
) -> None:
    """A span id already used for another annotator: said with the file and line, never as
    the database's constraint message."""
    out = export(example, tmp_path / "example.jsonl", "native", "--annotator", "example")
    project = tmp_path / "p.sqlite"
    assert run("import", project, out).exit_code == 0
    line = json.loads(out.read_text("utf-8"))
    line["annotator_id"], line["annotator"] = "someone-else", "Someone"
    copy = tmp_path / "copy.jsonl"
    copy.write_text(json.dumps(line, ensure_ascii=False) + "\n", "utf-8")
    message = refused(run("import", project, copy))
    assert "copy.jsonl, line 1: span id " in message
    assert "is already used in the project" in message
