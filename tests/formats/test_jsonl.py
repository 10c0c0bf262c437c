"""The native JSONL format: round trip with the same ids, checked offsets, bad lines, schema."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from annotator.core.articles import ParsedArticle
from annotator.core.links import (
    CheckWorthiness,
    Claim,
    ClaimerKind,
    Entity,
    Quote,
    QuoteType,
    Stance,
    Verdict,
)
from annotator.core.model import Annotator, Layer, Span, Status
from annotator.core.scheme import load_default_scheme
from annotator.formats.jsonl import (
    FIELDS,
    JsonlError,
    document_lines,
    load_into,
    read_lines,
    write_document_line,
)
from annotator.session import Session
from tests.builders import put_work
from tests.conftest import REPO

SCHEMA = REPO / "resources" / "annotation.schema.json"
ANN = Annotator("a-0001", "Ann")
# Emoji (a flag is two code points, four UTF-16 units), a combining mark, guillemets: offsets
# after them differ between code points, UTF-16 and bytes.
TEXT = (
    "🇺🇦 Kyiv. Sergei Lavrov said: “We want peace,” he told reporters, “but not yet.”\n"
    "Lavrov denied that Russia shelled Odesa. Café owners disagree. Sergey Lavrov was absent."
)


def _open(path: Path, annotator: Annotator) -> Session:
    return Session.open(path, annotator, scheme=load_default_scheme())


def _cut(piece: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(piece, start + 1)
    return start, start + len(piece)


@pytest.fixture
def source(tmp_path: Path) -> Iterator[Session]:
    """A project made here: spans of the three layers, an entity with aliases, a quote with two
    segments, a cue and a speaker, a claim with each claimer kind."""
    session = _open(tmp_path / "source.sqlite", ANN)
    report = session.import_articles([("t.txt", ParsedArticle(TEXT, "Kyiv.", "2025-03-03"))])
    doc = report.imported[0][1].id
    lavrov = Entity("e-lavrov", ANN.id, "Sergey Lavrov", "PERSON", ("Sergei Lavrov", "Lavrov"))
    russia = Entity("e-russia", ANN.id, "Russia", "LOCATION", (), "Q159")
    for entity in (lavrov, russia):
        session.registry.add_entity(entity)

    def span(sid: str, piece: str, layer: Layer, label: str, nth: int = 0, **kw: Any) -> Span:
        start, end = _cut(piece, nth)
        made = Span(sid, doc, ANN.id, layer, label, start, end, TEXT[start:end], **kw)
        session.add_span(made)
        return made

    span("m1", "Sergei Lavrov", Layer.ENTITY, "PERSON", entity_id=lavrov.id, note="body")
    span("m2", "Lavrov", Layer.ENTITY, "PERSON", nth=1, entity_id=lavrov.id)
    span("m3", "Sergey Lavrov", Layer.ENTITY, "PERSON", entity_id=lavrov.id)
    span("m4", "Russia", Layer.ENTITY, "LOCATION", entity_id=russia.id)
    span("m5", "Odesa", Layer.ENTITY, "LOCATION")  # a mention not linked yet
    span("q1", "We want peace", Layer.QUOTE, "QUOTE")
    span("q2", "but not yet", Layer.QUOTE, "QUOTE")
    span("cue", "said", Layer.QUOTE, "CUE")
    span("c-ent", "Russia shelled Odesa", Layer.CLAIM, "CLAIM")
    span("c-auth", "Café owners disagree", Layer.CLAIM, "CLAIM")
    span("c-quote", "We want peace", Layer.CLAIM, "CLAIM")
    span("c-unset", "Sergey Lavrov was absent", Layer.CLAIM, "CLAIM")
    session.links.add_quote(
        Quote("quote-1", doc, ANN.id, ("q1", "q2"), "cue", lavrov.id, "", QuoteType.DIRECT, "n")
    )
    for claim in (
        Claim("c-ent", ClaimerKind.ENTITY, lavrov.id, Stance.DENIES, CheckWorthiness.CHECK_WORTHY),
        Claim("c-auth", ClaimerKind.AUTHOR, verdict=Verdict.MISLEADING, evidence="a source"),
        Claim("c-quote", ClaimerKind.QUOTE, check_worthiness=CheckWorthiness.NOT_CHECK_WORTHY),
        Claim("c-unset"),
    ):
        session.links.set_claim(claim)
    session.set_status(doc, Status.DONE)
    yield session
    session.close()


def _written(session: Session, path: Path) -> Path:
    path.write_text(
        "".join(line + "\n" for line in document_lines(session.rows, [ANN.id])), "utf-8"
    )
    return path


def _state(session: Session, annotator_id: str) -> dict[str, Any]:
    """Everything an annotator made, without document ids and timestamps."""
    doc = next(d.id for d in session.documents(annotator_id) if d.span_count)
    bare = {"document_id": "", "created_at": "", "updated_at": ""}
    return {
        "spans": [replace(s, **bare) for s in session.spans(doc, annotator_id)],
        "quotes": [replace(q, **bare) for q in session.links.quotes(doc, annotator_id)],
        "claims": {
            k: replace(c, updated_at="") for k, c in session.links.claims(doc, annotator_id).items()
        },
        "entities": [replace(e, created_at="") for e in session.registry.entities()],
        "status": session.status(doc, annotator_id),
        "text": session.document(doc).text,
    }


def test_round_trip_keeps_every_annotation_and_id(source: Session, tmp_path: Path) -> None:
    path = _written(source, tmp_path / "out.jsonl")
    (line,) = path.read_text("utf-8").splitlines()
    obj = json.loads(line)
    assert tuple(obj) == FIELDS and obj["annotator"] == "Ann" and obj["status"] == "done"
    for span in obj["spans"]:  # offsets are code points into the text as Python sees it
        assert TEXT[span["start"] : span["end"]] == span["text"]
    assert obj["spans"][0]["start"] == TEXT.index("Sergei")  # after a 2-code-point flag

    target = _open(tmp_path / "target.sqlite", Annotator("b-0002", "Bob"))
    try:
        report = load_into(target.rows, read_lines(path))
        assert (report.lines, report.documents_added, report.spans, report.quotes) == (1, 1, 12, 1)
        assert report.claims == 4 and report.entities_added == 2
        assert Annotator(ANN.id, "Ann") in target.annotators()
        assert _state(target, ANN.id) == _state(source, ANN.id)
        quote = target.links.quote("quote-1")
        assert quote.segment_ids == ("q1", "q2") and quote.cue_span_id == "cue"
        kinds = {c.claimer_kind for c in target.links.claims(quote.document_id, ANN.id).values()}
        assert kinds == set(ClaimerKind)
        # export again: the same line but for the document id, local to each project
        (again,) = document_lines(target.rows, [ANN.id])
        assert {**json.loads(again), "id": ""} == {**obj, "id": ""}

        # the same file again is recognised and skipped; nothing is doubled
        second = load_into(target.rows, read_lines(path))
        assert second.lines == 0 and len(second.skipped) == 1
        assert len(target.spans(quote.document_id, ANN.id)) == 12
    finally:
        target.close()


def test_a_differing_version_of_loaded_work_is_refused(source: Session, tmp_path: Path) -> None:
    path = _written(source, tmp_path / "out.jsonl")
    obj = json.loads(path.read_text("utf-8"))
    obj["spans"][0]["id"] = "m1-renamed"
    changed = tmp_path / "changed.jsonl"
    changed.write_text(json.dumps(obj) + "\n", "utf-8")
    target = _open(tmp_path / "target.sqlite", ANN)
    try:
        load_into(target.rows, read_lines(path))
        with pytest.raises(JsonlError, match=r"changed\.jsonl, line 1: .*already has other"):
            load_into(target.rows, read_lines(changed))
    finally:
        target.close()


def test_unknown_label_is_refused_before_anything_is_written(
    source: Session, tmp_path: Path
) -> None:
    obj = json.loads(_written(source, tmp_path / "out.jsonl").read_text("utf-8"))
    obj["spans"][-1]["label"] = "ORG"
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(obj) + "\n", "utf-8")
    target = _open(tmp_path / "target.sqlite", ANN)
    try:
        with pytest.raises(JsonlError, match=r"bad\.jsonl, line 1: .*no \w+ label 'ORG'"):
            load_into(target.rows, read_lines(bad))
        assert target.documents(ANN.id) == [] and target.registry.entities() == []
    finally:
        target.close()


def _spans(obj: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in obj["spans"]}


BAD_LINES = {
    "malformed JSON": (lambda o: None, r"malformed JSON"),
    "missing field": (lambda o: _spans(o)["m1"].pop("note"), r"span 1: missing field 'note'"),
    "offsets outside": (
        lambda o: _spans(o)["m1"].update(end=len(TEXT) + 1),
        r"span 'm1': offsets .* fall outside",
    ),
    "text mismatch": (
        lambda o: _spans(o)["m1"].update(start=_spans(o)["m1"]["start"] + 1),
        r"span 'm1': its text 'Sergei Lavrov' is not the document's text",
    ),
    "unknown layer": (lambda o: _spans(o)["m1"].update(layer="event"), r"unknown layer 'event'"),
    "unknown segment": (
        lambda o: o["quotes"][0]["segments"].append("nope"),
        r"quote 'quote-1': segment 'nope' is not a span id of this line",
    ),
    "unknown entity": (
        lambda o: _spans(o)["m1"].update(entity="e-x"),
        r"span 'm1': entity 'e-x' is not an entity of this line",
    ),
    "changed text": (lambda o: o.update(text=o["text"] + "!"), r"'sha256' is not the SHA-256"),
    "claim on a quote span": (
        lambda o: o["claims"][0].update(span="q1"),
        r"must be the id of a claim span",
    ),
    "unknown field": (lambda o: o.update(extra=1), r"unknown field 'extra'"),
}


@pytest.mark.parametrize("case", list(BAD_LINES))
def test_bad_lines_name_the_file_and_line(source: Session, tmp_path: Path, case: str) -> None:
    good = _written(source, tmp_path / "good.jsonl").read_text("utf-8").strip()
    mutate, message = BAD_LINES[case]
    obj = json.loads(good)
    obj["annotator_id"] = "someone-else"  # a second line of the same document is allowed
    mutate(obj)
    bad_line = "{not json" if case == "malformed JSON" else json.dumps(obj, ensure_ascii=False)
    path = tmp_path / "bad.jsonl"
    path.write_text(f"{good}\n\n{bad_line}\n", "utf-8")
    records = read_lines(path)
    assert next(records).line == 1  # the good line is read before the bad one is reached
    with pytest.raises(JsonlError) as caught:
        next(records)
    assert str(caught.value).startswith(f"{path}, line 3: ")
    assert re.search(message, str(caught.value)), str(caught.value)


def test_duplicate_ids_across_lines_are_refused(source: Session, tmp_path: Path) -> None:
    good = _written(source, tmp_path / "good.jsonl").read_text("utf-8").strip()
    obj = json.loads(good)
    obj["annotator_id"] = "someone-else"
    path = tmp_path / "twice.jsonl"
    path.write_text(f"{good}\n{json.dumps(obj)}\n", "utf-8")
    with pytest.raises(JsonlError, match=r"line 2: span id 'm1' already appears on line 1"):
        list(read_lines(path))
    path.write_text(f"{good}\n{good}\n", "utf-8")
    with pytest.raises(JsonlError, match=r"line 2: this document for this annotator"):
        list(read_lines(path))


def test_writer_checks_span_text_against_the_document(source: Session) -> None:
    doc_id = source.documents(ANN.id)[0].id
    document = source.document(doc_id)
    spans = source.spans(doc_id, ANN.id)
    entities = source.registry.entities()
    write_document_line(document, ANN, Status.DONE, spans, entities=entities)  # consistent
    with pytest.raises(JsonlError, match=r"span 'm1': entity 'e-lavrov' is not an entity of"):
        write_document_line(document, ANN, Status.DONE, spans)  # the entities left out
    wrong = replace(spans[0], text="Sergej Lavrov")  # what a bad database row would give
    with pytest.raises(JsonlError, match=r"document 'Kyiv\.' .*'Sergej Lavrov' is not the doc"):
        write_document_line(document, ANN, Status.DONE, [wrong, *spans[1:]], entities=entities)
    quote = source.links.quotes(doc_id, ANN.id)[0]
    with pytest.raises(JsonlError, match=r"segment 'q2' is not a span id of this line"):
        write_document_line(
            document, ANN, Status.DONE, [s for s in spans if s.id != "q2"], [quote], (), entities
        )


# -- the JSON Schema, checked with a small validator of the keywords it uses -------------------


def _validate(value: Any, schema: dict[str, Any], root: dict[str, Any], at: str = "$") -> None:
    known = {"$schema", "title", "description", "$defs", "$ref", "type", "required"}
    known |= {"additionalProperties", "properties", "items", "enum", "oneOf", "minLength"}
    known |= {"pattern", "minimum", "minItems", "uniqueItems", "maxProperties", "maxLength"}
    assert set(schema) <= known, f"the test validator does not know {set(schema) - known}"
    if "$ref" in schema:
        _validate(value, root["$defs"][schema["$ref"].rsplit("/", 1)[1]], root, at)
    if "oneOf" in schema:
        passed = 0
        for option in schema["oneOf"]:
            try:
                _validate(value, option, root, at)
                passed += 1
            except AssertionError:
                pass
        assert passed == 1, f"{at}: {value!r} matches {passed} of oneOf"
    types = {"object": dict, "array": list, "string": str, "null": type(None)}
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        ok = any(
            type(value) is int if n == "integer" else isinstance(value, types[n]) for n in names
        )
        assert ok, f"{at}: {value!r} is not {names}"
    if "enum" in schema:
        assert value in schema["enum"], f"{at}: {value!r} not in {schema['enum']}"
    if isinstance(value, str):
        assert len(value) >= schema.get("minLength", 0), at
        assert len(value) <= schema.get("maxLength", len(value)), at
        assert re.search(schema.get("pattern", ""), value), at
    if isinstance(value, int) and "minimum" in schema:
        assert value >= schema["minimum"], at
    if isinstance(value, list):
        assert len(value) >= schema.get("minItems", 0), at
        if schema.get("uniqueItems"):
            assert len(set(map(json.dumps, value))) == len(value), at
        for i, item in enumerate(value):
            _validate(item, schema.get("items", {}), root, f"{at}[{i}]")
    if isinstance(value, dict):
        missing = set(schema.get("required", ())) - set(value)
        assert not missing, f"{at}: missing {missing}"
        if schema.get("additionalProperties") is False:
            extra = set(value) - set(schema.get("properties", {}))
            assert not extra, f"{at}: unknown {extra}"
        assert len(value) <= schema.get("maxProperties", len(value)), at
        more = schema.get("additionalProperties")
        for key, item in value.items():
            known_key = key in schema.get("properties", {})
            below = schema["properties"][key] if known_key else more if more else {}
            _validate(item, below, root, f"{at}.{key}")


def test_schema_describes_what_the_writer_writes(source: Session, tmp_path: Path) -> None:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert tuple(schema["required"]) == FIELDS
    lines = _written(source, tmp_path / "out.jsonl").read_text("utf-8").splitlines()
    lines += (REPO / "projects" / "example" / "annotations.jsonl").read_text("utf-8").splitlines()
    for line in lines:
        obj = json.loads(line)
        _validate(obj, schema, schema)
        # every object the writer writes has exactly the fields the schema requires
        defs = schema["$defs"]
        assert set(obj["meta"]) == set(schema["properties"]["meta"]["required"])
        for key, part in (("spans", "span"), ("quotes", "quote"), ("claims", "claim")):
            for item in obj[key]:
                assert set(item) == set(defs[part]["required"])
        for entity in obj["entities"]:
            assert set(entity) == set(defs["entity"]["required"])
        broken = copy.deepcopy(obj)
        del broken["spans"][0]["note"]
        with pytest.raises(AssertionError, match="missing"):
            _validate(broken, schema, schema)


def test_two_annotators_of_one_new_document_land_side_by_side(
    source: Session, tmp_path: Path
) -> None:
    bob = Annotator("b-0002", "Bob")
    put_work(source, bob)
    doc = source.documents(ANN.id)[0].id
    start, end = _cut("Sergey Lavrov")
    mention = Span("bob-1", doc, bob.id, Layer.ENTITY, "PERSON", start, end, TEXT[start:end])
    source.add_span(replace(mention, entity_id="e-lavrov"))
    path = tmp_path / "both.jsonl"
    lines = document_lines(source.rows, [ANN.id, bob.id])
    path.write_text("".join(f"{line}\n" for line in lines), "utf-8")
    target = _open(tmp_path / "target.sqlite", Annotator("c-0003", "Cy"))
    try:
        report = load_into(target.rows, read_lines(path))
        assert (report.lines, report.documents_added, report.entities_added) == (2, 1, 2)
        [new_doc] = [d.id for d in target.documents(bob.id)]
        assert [s.id for s in target.spans(new_doc, bob.id)] == ["bob-1"]
        assert len(target.spans(new_doc, ANN.id)) == 12
        assert target.status(new_doc, bob.id) is Status.IN_PROGRESS
    finally:
        target.close()
