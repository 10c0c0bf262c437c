"""Minimal native lines (issue 12, 3-4): a script hands over pre-annotations as
``{"text", "spans": [{"start", "end", "label"}]}``; the reader completes them from the project
(ids, span text, layers from the scheme, whose), the writer still writes every field, and a
line that cannot be completed is refused with its line. Format detection sends every native
line, complete, minimal or lacking a field, to the native reader."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from annotator.app.transfer import annotation_format, import_annotations, validation_filling
from annotator.core.errors import AnnotatorError
from annotator.core.model import Annotator
from annotator.core.scheme import load_default_scheme
from annotator.formats.ids import named_annotator_id
from annotator.formats.jsonl import FIELDS, JsonlError, export_jsonl, validate_file
from annotator.formats.peers import detect
from annotator.session import Session
from tests.formats.test_jsonl import SCHEMA, _validate

ANN = Annotator("a-0001", "Ann")
TEXT = "🇺🇦 Sergei Lavrov said: “No.” Russia denies it."


def cut(piece: str) -> dict[str, int]:
    start = TEXT.index(piece)
    return {"start": start, "end": start + len(piece)}


MINIMAL: dict[str, Any] = {
    "text": TEXT,
    "spans": [
        {**cut("Sergei Lavrov"), "label": "PERSON", "id": "lavrov", "entity": "e-lavrov"},
        {**cut("said"), "label": "CUE", "id": "said"},
        {**cut("No."), "label": "QUOTE", "id": "no"},
        {**cut("Russia denies it."), "label": "CLAIM", "id": "claim"},
        {**cut("Russia"), "label": "LOCATION", "note": "the state"},
    ],
    "quotes": [{"segments": ["no"], "cue": "said", "speaker": "e-lavrov"}],
    "claims": [{"span": "claim", "claimer": {"entity": "e-lavrov"}}],
    "entities": [{"id": "e-lavrov", "name": "Sergey Lavrov", "type": "PERSON"}],
}


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    opened = Session.open(tmp_path / "p.sqlite", ANN, scheme=load_default_scheme())
    yield opened
    opened.close()


def write(path: Path, *lines: object) -> Path:
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in lines), "utf-8")
    return path


def exported(session: Session, path: Path) -> list[dict[str, Any]]:
    export_jsonl(session.rows, path, [a.id for a in session.annotators()])
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_a_minimal_line_is_completed_and_written_back_in_full(
    session: Session, tmp_path: Path
) -> None:
    path = write(tmp_path / "pre.jsonl", MINIMAL)
    assert annotation_format(path) == "native"
    report = import_annotations(session, path)
    assert (report.lines, report.spans, report.quotes, report.claims) == (1, 5, 1, 1)
    (line,) = exported(session, tmp_path / "out.jsonl")
    assert tuple(line) == FIELDS and line["annotator_id"] == ANN.id
    assert line["status"] == "in_progress"
    spans = {s["text"]: s for s in line["spans"]}
    assert {t: (s["layer"], s["label"]) for t, s in spans.items()} == {
        "Sergei Lavrov": ("entity", "PERSON"),
        "said": ("quote", "CUE"),
        "No.": ("quote", "QUOTE"),
        "Russia denies it.": ("claim", "CLAIM"),
        "Russia": ("entity", "LOCATION"),
    }
    assert spans["Russia"]["note"] == "the state" and spans["Russia"]["entity"] is None
    assert all(TEXT[s["start"] : s["end"]] == s["text"] for s in line["spans"])
    (quote,) = line["quotes"]
    assert quote["segments"] == [spans["No."]["id"]] and quote["cue"] == spans["said"]["id"]
    assert quote["speaker"] == "e-lavrov" and quote["type"] == "direct"
    (claim,) = line["claims"]
    assert claim["span"] == spans["Russia denies it."]["id"]
    assert claim["claimer"] == {"kind": "entity", "entity": "e-lavrov"}
    assert (claim["stance"], claim["check_worthiness"], claim["verdict"]) == (
        "asserts",
        "unsure",
        "unverified",
    )
    assert line["entities"] == [
        {
            "id": "e-lavrov",
            "name": "Sergey Lavrov",
            "type": "PERSON",
            "aliases": [],
            "wikidata": None,
        }
    ]
    # The same file again is the same work (ids are made from the content), not a conflict.
    again = import_annotations(session, path)
    assert again.lines == 0 and len(again.skipped) == 1


def test_whose_a_minimal_line_is(session: Session, tmp_path: Path) -> None:
    bare = {"text": "Kyiv, Monday.", "spans": [{"start": 0, "end": 4, "label": "LOCATION"}]}
    lines = [
        bare,
        {**bare, "annotator": "Zoe"},  # a name the project does not know: a new annotator
        {**bare, "annotator": "ann"},  # the project's Ann (names match ignoring case)
    ]
    with pytest.raises(JsonlError, match="line 3: this document for this annotator already"):
        import_annotations(session, write(tmp_path / "who.jsonl", *lines))
    report = import_annotations(session, write(tmp_path / "who.jsonl", *lines[:2]))
    assert report.whose == {ANN.id: "Ann", named_annotator_id("zoe"): "Zoe"}
    forced = import_annotations(session, write(tmp_path / "as.jsonl", bare), as_annotator="Yann")
    assert forced.whose == {named_annotator_id("Yann"): "Yann"}


BAD: dict[str, tuple[object, str]] = {
    "label the scheme lacks": (
        {"text": "Kyiv.", "spans": [{"start": 0, "end": 4, "label": "CITY"}]},
        "span 1 (0..4 'Kyiv'): label 'CITY' is not in the project's label scheme",
    ),
    "offsets outside the text": (
        {"text": "Kyiv.", "spans": [{"start": 2, "end": 40, "label": "LOCATION"}]},
        "span 1: 2..40 falls outside a text of 5 characters (code points)",
    ),
    "reversed offsets": (
        {"text": "Kyiv.", "spans": [{"start": 4, "end": 1, "label": "LOCATION"}]},
        "span 1: 4..1 is empty or reversed in a text of 5",
    ),
    "offsets as strings": (
        {"text": "Kyiv.", "spans": [{"start": "0", "end": 4, "label": "LOCATION"}]},
        "span 1: 'start' and 'end' must be integers (code point offsets)",
    ),
    "a span without label": (
        {"text": "Kyiv.", "spans": [{"start": 0, "end": 4}]},
        "span 1: missing field 'label'",
    ),
    "text that is not the document's": (
        {"text": "Kyiv.", "spans": [{"start": 0, "end": 4, "label": "LOCATION", "text": "Lviv"}]},
        "span 1 (0..4 'Kyiv'): its text 'Lviv' is not the document's text there",
    ),
    "one span twice": (
        {"text": "Kyiv.", "spans": [{"start": 0, "end": 4, "label": "LOCATION"}] * 2},
        "span 2 (0..4 'Kyiv'): the same span (offsets and label) appears twice",
    ),
    "no spans": ({"text": "Kyiv."}, "the line: missing field 'spans'"),
    "a field of another format": (
        {"text": "Kyiv.", "spans": [], "ents": []},
        "the line: unknown field 'ents'",
    ),
    "a quote of no span of the line": (
        {"text": "Kyiv.", "spans": [], "quotes": [{"segments": ["q"]}]},
        "segment 'q' is not a span id of this line",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_line_that_cannot_be_completed_is_refused_with_its_line(
    session: Session, tmp_path: Path, case: str
) -> None:
    bad, message = BAD[case]
    good = {"text": "Lviv.", "spans": [{"start": 0, "end": 4, "label": "LOCATION"}]}
    path = write(tmp_path / "bad.jsonl", good, bad)
    with pytest.raises(JsonlError) as caught:
        import_annotations(session, path)
    assert str(caught.value).startswith(f"{path}, line 2: ")
    assert message in str(caught.value)
    assert session.documents() == []  # nothing of the file, not even its good first line


def test_a_label_the_scheme_lacks_comes_with_its_layer(session: Session, tmp_path: Path) -> None:
    line = {"text": "Kyiv.", "spans": [{"start": 0, "end": 4, "label": "CITY", "layer": "entity"}]}
    path = write(tmp_path / "city.jsonl", line)
    with pytest.raises(JsonlError, match="the project has no entity label 'CITY'"):
        import_annotations(session, path)
    assert import_annotations(session, path, add_labels=True).labels_added == ["entity CITY"]
    mapped = {**line, "text": "Odesa.", "spans": [{"start": 0, "end": 5, "label": "TOWN"}]}
    report = import_annotations(
        session, write(tmp_path / "town.jsonl", mapped), label_map={"TOWN": "LOCATION"}
    )
    assert report.spans == 1  # a mapped name's layer is its target's


def test_validate_completes_minimal_lines_against_the_default_scheme(tmp_path: Path) -> None:
    bad = {"text": "Kyiv.", "spans": [{"start": 0, "end": 4, "label": "CITY"}]}
    path = write(tmp_path / "pre.jsonl", MINIMAL, bad)
    found = validate_file(path, filling=validation_filling())
    assert found.lines == 1 and found.spans == 5
    (error,) = found.errors
    assert error.line == 2 and "not in the default label scheme" in error.reason
    strict = validate_file(path)  # without completing: a minimal line lacks fields
    assert "missing field" in strict.errors[0].reason


def test_the_schema_documents_what_is_written_and_what_is_accepted(
    session: Session, tmp_path: Path
) -> None:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    minimal = {"$ref": "#/$defs/minimal"}
    _validate(MINIMAL, minimal, schema)
    import_annotations(session, write(tmp_path / "pre.jsonl", MINIMAL))
    (written,) = exported(session, tmp_path / "out.jsonl")
    _validate(written, schema, schema)  # the root: what the writer writes
    _validate(written, minimal, schema)  # a complete line is also an accepted one
    with pytest.raises(AssertionError, match="missing"):
        _validate(MINIMAL, schema, schema)  # the written form requires every field
    for broken in ({"text": "x"}, {"spans": []}, {**MINIMAL, "ents": []}):
        with pytest.raises(AssertionError):
            _validate(broken, minimal, schema)


def test_a_native_line_lacking_a_field_is_read_as_native(session: Session, tmp_path: Path) -> None:
    import_annotations(session, write(tmp_path / "pre.jsonl", MINIMAL))
    (full,) = exported(session, tmp_path / "out.jsonl")
    for missing in FIELDS:
        line = {k: v for k, v in full.items() if k != missing}
        if missing == "text":
            continue  # no text: no reader's line
        assert detect(line) == "native", missing
        assert detect(json.dumps(line).encode()) == "native", missing
    no_spans = {k: v for k, v in full.items() if k != "spans"}
    path = write(tmp_path / "no-spans.jsonl", no_spans)
    assert annotation_format(path) == "native"
    with pytest.raises(JsonlError) as caught:
        import_annotations(session, path)
    assert str(caught.value) == (
        f"{path}, line 1: the line: missing field 'spans' (a line needs at least 'text' and "
        "'spans')"
    )
    no_claims = {k: v for k, v in full.items() if k != "claims"}
    other = Session.open(tmp_path / "other.sqlite", ANN, scheme=load_default_scheme())
    try:
        report = import_annotations(other, write(tmp_path / "no-claims.jsonl", no_claims))
    finally:
        other.close()
    assert (report.spans, report.claims) == (5, 0)  # read as a minimal line: no claim entries


def test_as_needs_a_name_that_says_one_person(session: Session, tmp_path: Path) -> None:
    with sqlite3.connect(session.path) as db:
        db.executemany(
            "INSERT INTO annotators (id, name, created_at) VALUES (?, 'Bob', '')",
            [("bob-1",), ("bob-2",)],
        )
    path = write(tmp_path / "pre.jsonl", MINIMAL)
    with pytest.raises(AnnotatorError, match=r"2 annotators are called 'Bob': .*\(id bob-2\)"):
        import_annotations(session, path, as_annotator="Bob")
    assert import_annotations(session, path, as_annotator="bob-2").whose == {"bob-2": "Bob"}
