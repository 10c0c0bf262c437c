"""Documents' open metadata in the native format (issue 12): exported under ``meta`` beside
title, date, source and sha256; read back into a new project as it was; refused with the line
when it is not text by name. Through the command line, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.app.projects import open_session
from annotator.cli import cli
from annotator.core.model import Status
from annotator.session.ops.documents import EditDocument, SetStatus
from tests.formats.test_jsonl import SCHEMA, _validate

TRAM = (
    "City council approves new tram line after heated debate\n"
    "By Staff Reporter\n\n"
    "The Springfield city council voted 7-2 on Tuesday to build a tram line.\n"
)
META = {"author": "Staff Reporter", "url": "https://example.org/tram", "publisher": "Gazette"}


def _run(*args: object) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _project(tmp_path: Path) -> Path:
    (tmp_path / "tram.txt").write_text(TRAM, encoding="utf-8")
    project = tmp_path / "p.sqlite"
    _run("import", project, tmp_path / "tram.txt")
    session = open_session(project)
    try:
        doc = session.documents()[0]
        EditDocument(session, doc.id, doc.title, "2026-03-03", doc.source, META).apply()
        SetStatus(session, doc.id, Status.DONE).apply()  # work to export
    finally:
        session.close()
    return project


def test_metadata_goes_out_under_meta_and_comes_back_as_it_was(tmp_path: Path) -> None:
    project = _project(tmp_path)
    out = tmp_path / "out.jsonl"
    _run("export", project, "-o", out, "--all")
    (line,) = [json.loads(raw) for raw in out.read_text(encoding="utf-8").splitlines()]
    assert line["meta"] == {
        "title": "City council approves new tram line after heated debate",
        "date": "2026-03-03",
        "source": "tram.txt",
        "sha256": line["meta"]["sha256"],
        **META,
    }
    schema = json.loads(SCHEMA.read_text("utf-8"))
    _validate(line, schema, schema)
    _run("validate", out)
    again = tmp_path / "again.sqlite"
    _run("import", again, out)
    session = open_session(again, read_only=True)
    try:
        (doc,) = session.documents()
        assert session.document(doc.id).meta == META
    finally:
        session.close()


def test_metadata_that_is_not_text_by_name_is_refused_with_its_line(tmp_path: Path) -> None:
    project = _project(tmp_path)
    out = tmp_path / "out.jsonl"
    _run("export", project, "-o", out, "--all")
    good = out.read_text(encoding="utf-8").strip()
    for meta, why in [
        ({"year": 2020}, "the metadata value of 'year' is not text"),
        ({"tags": ["a", "b"]}, "the metadata value of 'tags' is not text"),
        ({"": "x"}, "is not a name of 1 to 100 characters"),
    ]:
        line = json.loads(good)
        line["meta"].update(meta)
        bad = tmp_path / "bad.jsonl"
        bad.write_text(f"{good}\n{json.dumps(line)}\n", encoding="utf-8")
        result = CliRunner().invoke(cli, ["import", str(tmp_path / "new.sqlite"), str(bad)])
        assert result.exit_code != 0 and "Traceback" not in result.output
        assert f"{bad}, line 2" in result.output and why in result.output, result.output
        assert not (tmp_path / "new.sqlite").exists() or "tram" not in _run(
            "list", tmp_path / "new.sqlite"
        )


@pytest.mark.parametrize(
    ("fmt", "name", "reader"),
    [
        ("doccano", "d.jsonl", "doccano"),
        ("doccano-relations", "r.jsonl", "doccano"),
        ("label-studio", "ls.json", "label-studio"),
    ],
)
def test_metadata_survives_a_trip_through_the_peer_tools_files(
    tmp_path: Path, fmt: str, name: str, reader: str
) -> None:
    project = _project(tmp_path)
    out = tmp_path / name
    _run("export", project, "-o", out, "--all", "--format", fmt)
    again = tmp_path / "again.sqlite"
    _run("import", again, out, "--format", reader)
    session = open_session(again, read_only=True)
    try:
        (doc,) = session.documents()
        assert session.document(doc.id).meta == META
    finally:
        session.close()
