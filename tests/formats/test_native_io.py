"""Native JSONL at scale: fast and reference checks agree, streaming reads, one transaction per
file, the re-import rule, labels refused/mapped/added, atomic writes."""

from __future__ import annotations

import copy
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from annotator.core.articles import ParsedArticle
from annotator.core.links import Claim, ClaimerKind, Entity, Quote, Stance
from annotator.core.model import Annotator, Layer, Span, Status
from annotator.core.scheme import load_default_scheme
from annotator.formats import native_load, native_read
from annotator.formats.jsonl import (
    BadLine,
    JsonlError,
    MissingLabels,
    check_object,
    document_lines,
    export_jsonl,
    line_of,
    load_file,
    parse_record,
    read_checked,
    validate_file,
    write_atomically,
)
from annotator.session import Change, ChangeKind, Session
from tests.builders import put_work

ANN = Annotator("a-0001", "Ann")
BOB = Annotator("b-0002", "Bob")
# A flag (2 code points), a ZWJ family, a combining accent, CRLF kept as is (a JSONL line may
# hold any text), Arabic: code point offsets differ from UTF-16 and bytes after each.
TEXTS = [
    "🇺🇦 Kyiv.\r\nSergei Lavrov said: “We want peace 👨‍👩‍👧,” he told reporters.\r\n"
    "Cafe\u0301 owners disagree; مرحبا. Lavrov denied that Russia shelled Odesa.",
    "Brussels. The Commission proposed a loan scheme, Ursula von der Leyen said on Monday.",
    "Lviv. Volunteers handed out blankets, the city council said.",
]


def open_project(path: Path, who: Annotator = ANN) -> Session:
    return Session.open(path, who, scheme=load_default_scheme())


def _span(session: Session, doc: str, who: Annotator, sid: str, piece: str, label: str) -> Span:
    text = session.document(doc).text
    start = text.index(piece)
    layer = {"QUOTE": Layer.QUOTE, "CUE": Layer.QUOTE, "CLAIM": Layer.CLAIM}.get(label)
    span = Span(sid, doc, who.id, layer or Layer.ENTITY, label, start, start + len(piece), piece)
    session.add_span(span)
    return span


def build_source(
    path: Path, who: Annotator = ANN, other: Annotator = BOB, other_span: str = "o1"
) -> Session:
    """Three documents: the first fully annotated by ``who`` (an entity, a quote with cue and
    speaker, a claim; done), the second by ``who`` (in progress) and by ``other``, the third
    by nobody."""
    session = open_project(path, who)
    articles = [(f"t{i}.txt", ParsedArticle(t, t.split(".")[0], None)) for i, t in enumerate(TEXTS)]
    docs = [d.id for _, d in session.import_articles(articles).imported]
    lavrov = Entity("e-lavrov", who.id, "Sergey Lavrov", "PERSON", ("Sergei Lavrov",), "Q70")
    session.registry.add_entity(lavrov)
    first = docs[0]
    _span(session, first, who, "m1", "Sergei Lavrov", "PERSON")
    session.update_span(replace(session.span("m1"), entity_id=lavrov.id, note="n"))
    _span(session, first, who, "q1", "We want peace 👨‍👩‍👧", "QUOTE")
    _span(session, first, who, "cue1", "said", "CUE")
    _span(session, first, who, "c1", "Russia shelled Odesa", "CLAIM")
    _span(session, first, who, "loc", "Odesa", "LOCATION")
    session.links.add_quote(Quote("quote1", first, who.id, ("q1",), "cue1", lavrov.id))
    session.links.set_claim(Claim("c1", ClaimerKind.ENTITY, lavrov.id, Stance.DENIES))
    session.set_status(first, Status.DONE)
    _span(session, docs[1], who, "m2", "Ursula von der Leyen", "PERSON")
    put_work(session, other)
    _span(session, docs[1], other, other_span, "Commission", "ORGANIZATION")
    return session


@pytest.fixture
def source(tmp_path: Path) -> Iterator[Session]:
    session = build_source(tmp_path / "source.sqlite")
    yield session
    session.close()


def export_file(session: Session, path: Path, who: list[Annotator] | None = None) -> Path:
    export_jsonl(session.rows, path, [a.id for a in who or [ANN, BOB]])
    return path


def dump(path: Path) -> list[str]:
    """The project's content, whatever the file's bytes (a logical dump)."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


# -- the fast check says yes exactly when the reference check does ------------------------------

BAD_VALUES: list[Any] = [None, "", " ", 0, -1, 10**6, 1.5, True, [], {}, ["x"], {"a": 1}, "x"]


def _paths(value: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield at
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*at, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, (*at, i))


def _set(obj: Any, at: tuple[Any, ...], value: Any) -> Any:
    obj = copy.deepcopy(obj)
    if not at:
        return value
    target = obj
    for key in at[:-1]:
        target = target[key]
    target[at[-1]] = value
    return obj


def _reference_accepts(obj: Any) -> bool:
    try:
        parse_record(obj)
    except BadLine:
        return False
    return True


def test_fast_check_agrees_with_the_reference_on_every_field(source: Session) -> None:
    lines = [json.loads(line) for line in document_lines(source.rows, [ANN.id, BOB.id])]
    tried = 0
    for good in lines:
        assert check_object(good) is not None and _reference_accepts(good)
        for at in _paths(good):
            for value in BAD_VALUES:
                obj = _set(good, at, value)
                fast, reference = check_object(obj) is not None, _reference_accepts(obj)
                assert fast == reference, (at, value)
                tried += 1
            if at and isinstance(at[-1], str):  # a missing field and an unknown one
                parent = copy.deepcopy(good)
                holder = parent
                for key in at[:-1]:
                    holder = holder[key]
                del holder[at[-1]]
                assert check_object(parent) is None and not _reference_accepts(parent), at
                holder[at[-1] + "_x"] = 1
                assert check_object(parent) is None and not _reference_accepts(parent), at
    assert tried > 1000


def test_ids_repeated_inside_a_line_or_swapped_across_layers_agree(source: Session) -> None:
    good = json.loads(next(iter(document_lines(source.rows, [ANN.id]))))
    cases: list[Callable[[dict[str, Any]], None]] = [
        lambda o: o["spans"].append(copy.deepcopy(o["spans"][0])),
        lambda o: o["quotes"].append(copy.deepcopy(o["quotes"][0])),
        lambda o: o["claims"].append(copy.deepcopy(o["claims"][0])),
        lambda o: o["entities"].append(copy.deepcopy(o["entities"][0])),
        lambda o: o["quotes"][0]["segments"].append(o["quotes"][0]["segments"][0]),
        lambda o: o["quotes"][0].update(cue=o["quotes"][0]["segments"][0]),
        lambda o: o["quotes"][0].update(segments=[o["quotes"][0]["cue"]]),
        lambda o: o["claims"][0].update(span="m1"),
        lambda o: o["quotes"][0].update(speaker="nobody"),
        lambda o: o["claims"][0]["claimer"].update(entity="nobody"),
        lambda o: o["spans"][0].update(attrs={"k": "v"}),
        lambda o: o["spans"][0].update(start=o["spans"][0]["end"]),
        lambda o: o["meta"].update(sha256=o["meta"]["sha256"].upper()),
        lambda o: o.update(status="reviewed"),
    ]
    for mutate in cases:
        obj = copy.deepcopy(good)
        mutate(obj)
        assert check_object(obj) is None and not _reference_accepts(obj)


def test_repeated_keys_are_refused_however_they_are_spaced(source: Session) -> None:
    # the writer is compact; lines written by other programs are spaced as json.dumps does
    raw = json.dumps(
        json.loads(next(iter(document_lines(source.rows, [ANN.id])))), ensure_ascii=False
    )
    assert line_of(raw).spans
    # a key given twice (the last would win in a plain dict), at the top and inside a span
    for repeated in (
        raw.replace('"status": "done"', '"status": "in_progress", "status": "done"'),
        raw.replace('"status": "done"', '"status" : "in_progress",  "status"\t:"done"'),
        raw.replace('"note": "n"', '"note": "x", "note": "n"', 1),
    ):
        with pytest.raises(BadLine, match="appears twice"):
            line_of(repeated)
    # white space before colons and '":' inside strings are fine
    spaced = raw.replace('"status": "done"', '"status" :  "done"')
    assert line_of(spaced).status == "done"
    tricky = raw.replace('"note": "n"', '"note": "he said \\": yes\\":"', 1)
    assert [s[7] for s in line_of(tricky).spans if s[0] == "m1"] == ['he said ": yes":']
    for broken in ("{", "[1, 2]", '"text"', raw.replace('"done"', "NaN"), "[" * 100_000):
        with pytest.raises(BadLine):
            line_of(broken)


# -- reading files -------------------------------------------------------------------------------


def test_reading_streams_and_reports_progress(source: Session, tmp_path: Path) -> None:
    path = export_file(source, tmp_path / "out.jsonl")
    seen: list[tuple[int, int]] = []
    lines = list(read_checked(path, lambda done, size: seen.append((done, size))))
    assert [line.line for line in lines] == [1, 2, 3]
    assert seen[-1] == (path.stat().st_size, path.stat().st_size)
    found = validate_file(path)
    assert (found.lines, found.spans, found.quotes, found.claims, found.errors) == (3, 7, 1, 1, [])


def test_validate_collects_several_errors_and_cross_line_repeats(
    source: Session, tmp_path: Path
) -> None:
    good = export_file(source, tmp_path / "out.jsonl").read_text("utf-8").splitlines()
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([good[0], "{oops", good[0], good[1], "[]", ""]) + "\n", "utf-8")
    found = validate_file(bad)
    assert [(e.line, e.reason.split(" (")[0]) for e in found.errors] == [
        (2, "malformed JSON"),
        (3, "this document for this annotator already appears on line 1"),
        (5, "the line must be a JSON object"),
    ]
    assert found.lines == 2
    assert len(validate_file(bad, max_errors=1).errors) == 1
    assert validate_file(bad, max_errors=1).more_errors
    obj = json.loads(good[1])
    obj["annotator_id"] = "someone-else"
    repeated = tmp_path / "repeated.jsonl"
    repeated.write_text(f"{good[0]}\n{good[1]}\n{json.dumps(obj)}\n", "utf-8")
    (error,) = validate_file(repeated).errors
    assert (error.line, error.reason) == (3, "span id 'm2' already appears on line 2")


def test_a_hash_collision_alone_is_not_a_repeat(tmp_path: Path, source: Session) -> None:
    path = export_file(source, tmp_path / "out.jsonl")
    native_read._repeated(path, 3, "span", ["not-on-any-line"])  # returns: no error
    with pytest.raises(BadLine, match="span id 'm1' already appears on line 1"):
        native_read._repeated(path, 3, "span", ["m1"])


# -- loading: one transaction per file ------------------------------------------------------------


def test_round_trip_keeps_ids_and_loads_in_one_commit(source: Session, tmp_path: Path) -> None:
    path = export_file(source, tmp_path / "out.jsonl")
    target = open_project(tmp_path / "target.sqlite", Annotator("c-3", "Cy"))
    heard: list[Change] = []
    target.subscribe(heard.append)
    try:
        report = load_file(target.rows, path)
        assert (report.lines, report.documents_added, report.spans, report.entities_added) == (
            3,
            2,
            7,
            1,
        )
        assert {c.kind for c in heard} == {ChangeKind.DOCUMENTS, ChangeKind.ENTITIES}
        again = tmp_path / "again.jsonl"
        export_file(target, again)
        strip = [{**json.loads(x), "id": "", "meta": None} for x in path.read_text().splitlines()]
        back = [{**json.loads(x), "id": "", "meta": None} for x in again.read_text().splitlines()]
        assert back == strip
        assert again.read_text().count("\r\n") == 0 and "\\r\\n" in again.read_text()
    finally:
        target.close()


def test_a_bad_line_after_good_batches_leaves_the_project_as_it_was(
    source: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(native_load, "_BATCH_SPANS", 1)  # every line its own batch
    lines = export_file(source, tmp_path / "out.jsonl").read_text("utf-8").splitlines()
    obj = json.loads(lines[2])
    obj["spans"][0]["end"] = 10_000
    bad = tmp_path / "bad.jsonl"
    bad.write_text(f"{lines[0]}\n{lines[1]}\n{json.dumps(obj, ensure_ascii=False)}\n", "utf-8")
    project = tmp_path / "target.sqlite"
    target = open_project(project)
    before = dump(project)
    try:
        with pytest.raises(JsonlError, match=r"bad\.jsonl, line 3: span 'o1': offsets .* outside"):
            load_file(target.rows, bad)
        assert target.documents(ANN.id) == [] and target.registry.entities() == []
    finally:
        target.close()
    assert dump(project) == before


def test_an_id_used_elsewhere_in_the_project_names_the_line(
    source: Session, tmp_path: Path
) -> None:
    path = export_file(source, tmp_path / "out.jsonl", [ANN])
    obj = json.loads(path.read_text("utf-8").splitlines()[1])
    obj["spans"][0]["id"] = "m1"  # the id of a span of the first document
    obj["annotator_id"], obj["annotator"] = "z-9", "Zoe"
    clash = tmp_path / "clash.jsonl"
    clash.write_text(json.dumps(obj, ensure_ascii=False) + "\n", "utf-8")
    target = open_project(tmp_path / "target.sqlite")
    try:
        load_file(target.rows, path)
        count = len(target.annotators())
        with pytest.raises(JsonlError, match=r"clash\.jsonl, line 1: span id 'm1' is already used"):
            load_file(target.rows, clash)
        assert len(target.annotators()) == count  # Zoe's row went with the rest
    finally:
        target.close()


def test_reimport_skips_identical_work_and_refuses_edited_work(
    source: Session, tmp_path: Path
) -> None:
    path = export_file(source, tmp_path / "out.jsonl")
    project = tmp_path / "target.sqlite"
    target = open_project(project)
    try:
        load_file(target.rows, path)
        again = load_file(target.rows, path)
        assert again.lines == 0 and len(again.skipped) == 3
        assert "already in the project (document 'Brussels', annotator 'Bob')" in again.skipped[2]
        doc = next(d.id for d in target.documents(ANN.id) if d.status is Status.DONE)
        edited = target.span("loc")
        target.update_span(edited.with_changes(label="OTHER"))
        before = dump(project)
        with pytest.raises(JsonlError) as caught:
            load_file(target.rows, path)
        message = str(caught.value)
        assert message.startswith(f"{path}, line 1: annotator 'Ann' (a-0001) already has other")
        assert f"document '🇺🇦 Kyiv' ({doc})" in message
        assert "2 spans differ" in message and "nothing from this file was imported" in message
        assert dump(project) == before
        target.update_span(edited)  # back as exported: identical again, but the status...
        target.set_status(doc, Status.IN_PROGRESS)
        with pytest.raises(JsonlError, match="status in_progress in the project, done in the"):
            load_file(target.rows, path)
    finally:
        target.close()


def test_another_annotator_attaches_to_the_same_text(source: Session, tmp_path: Path) -> None:
    path = export_file(source, tmp_path / "out.jsonl", [BOB])
    target = build_source(tmp_path / "target.sqlite", ANN, Annotator("x-1", "Xena"), "x1")
    try:
        report = load_file(target.rows, path)
        assert (report.lines, report.documents_added, report.documents_matched) == (1, 0, 1)
        doc = target.rows.document_ids_by_sha()[
            source.document(source.span("o1").document_id).sha256
        ]
        assert [s.id for s in target.spans(doc, BOB.id)] == ["o1"]
        assert [s.id for s in target.spans(doc, ANN.id)] == ["m2"]
    finally:
        target.close()


# -- labels -------------------------------------------------------------------------------------


def _relabelled(path: Path, tmp_path: Path) -> Path:
    lines = [json.loads(x) for x in path.read_text("utf-8").splitlines()]
    for obj in lines:
        for span in obj["spans"]:
            span["label"] = {"PERSON": "PER", "ORGANIZATION": "ORG", "CLAIM": "RUMOUR"}.get(
                span["label"], span["label"]
            )
        for entity in obj["entities"]:
            entity["type"] = "PER"
    out = tmp_path / "theirs.jsonl"
    out.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in lines), "utf-8")
    return out


def test_missing_labels_are_listed_then_mapped_or_added(source: Session, tmp_path: Path) -> None:
    theirs = _relabelled(export_file(source, tmp_path / "out.jsonl"), tmp_path)
    target = open_project(tmp_path / "target.sqlite")
    try:
        with pytest.raises(MissingLabels) as caught:
            load_file(target.rows, theirs)
        assert caught.value.labels == [
            ("claim", "RUMOUR", 1),
            ("entity", "PER", 1),
            ("entity", "ORG", 3),
        ]
        assert "no claim label 'RUMOUR' (first on line 1), no entity label 'PER'" in str(
            caught.value
        )
        assert target.documents(ANN.id) == []
        with pytest.raises(MissingLabels, match="no entity label 'ORG'"):
            load_file(target.rows, theirs, label_map={"PER": "PERSON", "RUMOUR": "CLAIM"})
        mapped = {"PER": "PERSON", "RUMOUR": "CLAIM", "ORG": "ORGANIZATION"}
        report = load_file(target.rows, theirs, label_map=mapped)
        assert report.lines == 3 and report.labels_added == []
        assert target.span("m1").label == "PERSON"
        assert target.registry.entity("e-lavrov").type == "PERSON"
        assert target.span("o1").label == "ORGANIZATION"
    finally:
        target.close()
    fresh = open_project(tmp_path / "fresh.sqlite")
    heard: list[Change] = []
    fresh.subscribe(heard.append)
    try:
        report = load_file(fresh.rows, theirs, add_labels=True)
        assert report.labels_added == ["entity PER", "claim RUMOUR", "entity ORG"]
        assert fresh.scheme.get(Layer.CLAIM, "RUMOUR") is not None  # the session's scheme too
        assert ChangeKind.SCHEME in {c.kind for c in heard}
        assert fresh.span("c1").label == "RUMOUR"
        assert load_file(fresh.rows, theirs, add_labels=True).labels_added == []  # skipped: same
    finally:
        fresh.close()


def test_a_label_that_cannot_be_added_is_refused(source: Session, tmp_path: Path) -> None:
    lines = export_file(source, tmp_path / "out.jsonl").read_text("utf-8").splitlines()
    obj = json.loads(lines[0])
    obj["spans"][0]["label"] = "x" * 70
    bad = tmp_path / "long.jsonl"
    bad.write_text(json.dumps(obj, ensure_ascii=False) + "\n", "utf-8")
    target = open_project(tmp_path / "target.sqlite")
    try:
        with pytest.raises(JsonlError, match=r"long\.jsonl, line 1: cannot add the label"):
            load_file(target.rows, bad, add_labels=True)
        assert len(list(target.scheme)) == len(load_default_scheme())
    finally:
        target.close()


# -- writing -------------------------------------------------------------------------------------


def test_a_failed_export_leaves_the_old_file_and_no_temporary(
    source: Session, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("the old export\n", "utf-8")
    conn = sqlite3.connect(source.path)
    conn.execute("UPDATE spans SET text = 'Sergej Lavrov' WHERE id = 'm1'")  # a corrupt row
    conn.commit()
    conn.close()
    with pytest.raises(JsonlError, match=r"span 'm1': its text 'Sergej Lavrov' is not the doc"):
        export_jsonl(source.rows, out, [BOB.id, ANN.id])
    assert out.read_text("utf-8") == "the old export\n"
    assert [p.name for p in tmp_path.iterdir() if "out.jsonl" in p.name] == ["out.jsonl"]


def test_write_atomically_keeps_the_old_file_on_error(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", "utf-8")

    def lines() -> Iterator[str]:
        yield "new 1"
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        write_atomically(out, lines())
    assert out.read_text() == "old\n" and [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
    write_atomically(out, iter(["a", "b"]))
    assert out.read_bytes() == b"a\nb\n" and [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_only_done_and_unknown_annotators(source: Session, tmp_path: Path) -> None:
    done = [json.loads(x) for x in document_lines(source.rows, [ANN.id, BOB.id], only_done=True)]
    assert [(o["annotator"], o["status"]) for o in done] == [("Ann", "done")]
    with pytest.raises(Exception, match="no annotator with id 'nobody'"):
        list(document_lines(source.rows, ["nobody"]))
