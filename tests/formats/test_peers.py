"""Other tools' formats: offsets as each tool counts them, round trips, brat and spaCy files,
detection, bad input named by file and line."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.articles import decode
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
from annotator.core.model import Annotator, Document, Layer, Span, Status
from annotator.formats.jsonl import parse_record, write_document_line
from annotator.formats.peers import EXPORTERS, IMPORTERS, PeerFormatError, detect, detect_file
from annotator.formats.peers.doccano import export_doccano, import_doccano
from annotator.formats.peers.label_studio import (
    export_label_studio,
    import_label_studio,
    label_studio_config,
)
from annotator.formats.peers.spacy import export_spacy

ANN = Annotator("a-0001", "Ann")
# Read from a file with CRLF line ends (decode makes them \n). A flag (2 code points, 4 UTF-16
# units), a ZWJ family, an emoji, a combining accent, Arabic: offsets after each differ
# between code points and UTF-16.
RAW = (
    "🇺🇦 Kyiv, 3 March.\r\n"
    "Sergei Lavrov said: “We want peace 👨‍👩‍👧,” he told reporters, “but not yet.”\r\n"
    "Cafe\u0301 owners 🙂 disagree; مرحبا. Lavrov denied that\r\nRussia shelled Odesa.\r\n"
)
TEXT = decode(RAW.encode("utf-8"))


def u16(text: str, i: int) -> int:
    """UTF-16 offset of code point offset ``i``, computed without the code under test."""
    return len(text[:i].encode("utf-16-le")) // 2


def cut(text: str, piece: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


def make_record(text: str = TEXT, doc_id: str = "doc-1") -> dict[str, Any]:
    """A native record made with the native writer: every layer, a two-segment quote with cue
    and speaker, a claim with an entity claimer, notes, a span over a line break."""
    lavrov = Entity("e-lavrov", ANN.id, "Sergey Lavrov", "PERSON", ("Sergei Lavrov", "Lavrov"))
    russia = Entity("e-russia", ANN.id, "Russia", "LOCATION", (), "Q159")
    spans = []

    def span(sid: str, piece: str, layer: Layer, label: str, nth: int = 0, **kw: Any) -> None:
        start, end = cut(text, piece, nth)
        spans.append(Span(sid, doc_id, ANN.id, layer, label, start, end, piece, **kw))

    span("m1", "Sergei Lavrov", Layer.ENTITY, "PERSON", entity_id=lavrov.id, note="the FM")
    span("m2", "Lavrov", Layer.ENTITY, "PERSON", nth=1, entity_id=lavrov.id)
    span("m3", "Russia", Layer.ENTITY, "LOCATION", entity_id=russia.id)
    span("m4", "Odesa", Layer.ENTITY, "LOCATION")
    span("m5", "🇺🇦 Kyiv", Layer.ENTITY, "LOCATION")
    span("m6", "مرحبا", Layer.ENTITY, "OTHER")
    span("q1", "We want peace 👨‍👩‍👧", Layer.QUOTE, "QUOTE")
    span("q2", "but not yet.", Layer.QUOTE, "QUOTE")
    span("cue", "said", Layer.QUOTE, "CUE")
    newline = "\r\n" if "\r" in text else "\n"
    span("c1", f"Lavrov denied that{newline}Russia shelled Odesa", Layer.CLAIM, "CLAIM")
    span("c2", "Cafe\u0301 owners 🙂 disagree", Layer.CLAIM, "CLAIM")
    quote = Quote(
        "quote-1", doc_id, ANN.id, ("q1", "q2"), "cue", lavrov.id, "", QuoteType.MIXED, "2 parts"
    )
    claims = [
        Claim(
            "c1",
            ClaimerKind.ENTITY,
            lavrov.id,
            Stance.DENIES,
            CheckWorthiness.CHECK_WORTHY,
            Verdict.FALSE,
            "the OSCE report",
        ),  # fmt: skip
        Claim("c2", ClaimerKind.AUTHOR, verdict=Verdict.MISLEADING),
    ]
    document = Document(doc_id, text, "Kyiv", "2025-03-03", "kyiv.txt")
    line = write_document_line(document, ANN, Status.DONE, spans, [quote], claims, [lavrov, russia])
    record: dict[str, Any] = json.loads(line)
    return record


def essence(record: dict[str, Any]) -> dict[str, Any]:
    """What must survive a round trip, without span and quote ids."""
    parse_record(record)  # a valid native record
    spans = {s["id"]: s for s in record["spans"]}

    def at(span_id: str | None) -> tuple[int, int, str] | None:
        return None if span_id is None else (spans[span_id]["start"], spans[span_id]["end"],
                                             spans[span_id]["label"])  # fmt: skip

    return {
        "doc": (record["id"], record["text"], record["meta"], record["status"]),
        "who": (record["annotator"], record["annotator_id"]),
        "spans": sorted(
            (s["start"], s["end"], s["text"], s["layer"], s["label"], s["entity"], s["note"])
            for s in record["spans"]
        ),
        "quotes": [
            ([at(i) for i in q["segments"]], at(q["cue"]), q["speaker"], q["type"], q["note"])
            for q in record["quotes"]
        ],
        "claims": sorted(
            (
                at(c["span"]),
                c["claimer"]["kind"],
                c["claimer"]["entity"],
                c["stance"],
                c["check_worthiness"],
                c["verdict"],
                c["evidence"],
            )
            for c in record["claims"]
        ),  # fmt: skip
        "entities": sorted(json.dumps(e, sort_keys=True) for e in record["entities"]),
    }


def write_lines(path: Path, lines: Any) -> Path:
    path.write_text("".join(line + "\n" for line in lines), "utf-8")
    return path


def test_the_test_text_is_hard() -> None:
    assert "\r" not in TEXT and len(TEXT.encode("utf-16-le")) // 2 - len(TEXT) == 6
    assert make_record()["spans"][0]["text"] == "🇺🇦 Kyiv"


# -- doccano ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [TEXT, RAW], ids=["crlf-decoded", "crlf-kept"])
def test_doccano_counts_utf16_units_and_round_trips(tmp_path: Path, text: str) -> None:
    record = make_record(text)
    (line,) = export_doccano([record])
    obj = json.loads(line)
    expected = sorted(
        [u16(text, s["start"]), u16(text, s["end"]), s["label"]] for s in record["spans"]
    )
    assert sorted(obj["label"]) == expected
    flag = next(label for label in obj["label"] if label[2] == "PERSON")
    assert flag[0] == cut(text, "Sergei")[0] + 2  # after the flag: 2 more units

    back = list(import_doccano(write_lines(tmp_path / "d.jsonl", [line])))
    assert len(back) == 1 and essence(back[0]) == essence(record)
    assert {s["id"] for s in back[0]["spans"]}.isdisjoint(s["id"] for s in record["spans"])


def test_doccano_relations_link_a_quote_to_its_speaker_mention(tmp_path: Path) -> None:
    record = make_record()
    (line,) = EXPORTERS["doccano-relations"].render([record])
    obj = json.loads(line[1])
    entities = {e["id"]: e for e in obj["entities"]}
    assert all(isinstance(i, int) for i in entities)
    for e in obj["entities"]:  # offsets are UTF-16 units of the text
        span = next(s for s in record["spans"] if u16(TEXT, s["start"]) == e["start_offset"]
                    and s["label"] == e["label"])  # fmt: skip
        assert e["end_offset"] == u16(TEXT, span["end"])
    kinds = {r["type"]: r for r in obj["relations"]}
    speaker = entities[kinds["speaker"]["to_id"]]
    quote = entities[kinds["speaker"]["from_id"]]
    assert (speaker["label"], quote["label"]) == ("PERSON", "QUOTE")
    assert speaker["start_offset"] == u16(TEXT, TEXT.index("Sergei Lavrov"))  # the nearest one
    assert entities[kinds["cue"]["to_id"]]["label"] == "CUE"
    path = write_lines(tmp_path / "r.jsonl", [line[1].rstrip("\n")])
    assert essence(next(import_doccano(path))) == essence(record)

    # the same file from doccano without our "meta": the relations alone make the quote
    del obj["meta"]
    foreign = write_lines(tmp_path / "foreign.jsonl", [json.dumps(obj)])
    (back,) = import_doccano(foreign, annotator=ANN)
    (quote_back,) = [q for q in back["quotes"] if q["speaker"]]
    (speaker_entity,) = back["entities"]
    assert speaker_entity["name"] == "Sergei Lavrov" and speaker_entity["type"] == "PERSON"
    assert quote_back["speaker"] == speaker_entity["id"] and quote_back["cue"] is not None
    spans = {s["id"]: s for s in back["spans"]}
    assert spans[quote_back["segments"][0]]["text"] == "We want peace 👨‍👩‍👧"
    assert {s["text"] for s in back["spans"]} == {s["text"] for s in record["spans"]}


def test_foreign_doccano_lines_need_an_annotator_and_use_the_callers_layers(
    tmp_path: Path,
) -> None:
    text = "👍 Ann met Bob in Paris."
    (a, b), (c, d) = cut(text, "Ann"), cut(text, "Paris")
    labels = [[u16(text, a), u16(text, b), "PER"], [u16(text, c), u16(text, d), "QUOTE"]]
    line = {"id": 7, "text": text, "label": labels}
    path = write_lines(tmp_path / "plain.jsonl", [json.dumps(line)])
    with pytest.raises(PeerFormatError, match=r"plain\.jsonl, line 1: .*name the annotator"):
        list(import_doccano(path))
    (record,) = import_doccano(path, annotator=ANN, layers={"PER": Layer.ENTITY})
    assert [(s["text"], s["layer"]) for s in record["spans"]] == [
        ("Ann", "entity"), ("Paris", "quote")]  # fmt: skip
    assert len(record["quotes"]) == 1 and record["status"] == "in_progress"
    assert record["id"] == "7" and record["annotator_id"] == ANN.id


BAD_DOCCANO = {
    "malformed": ('{"text": "x", "label": [', r"line 2: malformed JSON"),
    "inside a pair": (
        json.dumps({"text": "🙂 hi", "label": [[1, 4, "X"]]}),
        r"line 2: span '#1': start 1 falls between the two UTF-16 units",
    ),
    "outside": (
        json.dumps({"text": "hi", "label": [[0, 9, "X"]]}),
        r"line 2: span '#1': end 9 falls outside a text of 2 UTF-16 code units",
    ),
    "label id": (json.dumps({"text": "hi", "label": [[0, 1, 3]]}), r"line 2: .*a label id"),
    "other relation": (
        json.dumps(
            {
                "text": "ab",
                "entities": [
                    {"id": 1, "start_offset": 0, "end_offset": 1, "label": "X"},
                    {"id": 2, "start_offset": 1, "end_offset": 2, "label": "X"},
                ],
                "relations": [{"from_id": 1, "to_id": 2, "type": "foundedBy"}],
            }
        ),
        r"line 2: relation type 'foundedBy' has no place here",
    ),  # fmt: skip
    "not doccano": (json.dumps({"text": "hi"}), r"line 2: no 'label' list"),
}


@pytest.mark.parametrize("case", BAD_DOCCANO, ids=list(BAD_DOCCANO))
def test_bad_doccano_input_names_file_and_line(tmp_path: Path, case: str) -> None:
    good = json.dumps({"text": "fine", "label": [[0, 4, "X"]]})
    path = write_lines(tmp_path / "bad.jsonl", [good, BAD_DOCCANO[case][0]])
    with pytest.raises(PeerFormatError, match=r"bad\.jsonl, " + BAD_DOCCANO[case][1]):
        list(import_doccano(path, annotator=ANN))


@given(st.lists(st.sampled_from(["a", " ", "é", "🙂", "🇺🇦", "\u200d", "\n", "ب"]), min_size=1))
def test_doccano_offsets_of_any_text(pieces: list[str]) -> None:
    text = "x" + "".join(pieces)
    spans = [Span(f"s{i}", "d", ANN.id, Layer.ENTITY, "X", i, i + 1, text[i]) for i in
             range(len(text))]  # fmt: skip
    line = write_document_line(Document("d", text, "t"), ANN, Status.DONE, spans)
    (out,) = export_doccano([json.loads(line)])
    assert [label[:2] for label in json.loads(out)["label"]] == [
        [u16(text, i), u16(text, i + 1)] for i in range(len(text))
    ]
    with tempfile.TemporaryDirectory() as folder:
        (back,) = import_doccano(write_lines(Path(folder) / "d.jsonl", [out]))
    assert [(s["start"], s["end"], s["text"]) for s in back["spans"]] == [
        (i, i + 1, text[i]) for i in range(len(text))
    ]


# -- Label Studio ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", [TEXT, RAW], ids=["crlf-decoded", "crlf-kept"])
def test_label_studio_counts_code_points_and_round_trips(tmp_path: Path, text: str) -> None:
    record = make_record(text)
    path = tmp_path / "ls.json"
    path.write_text("".join(export_label_studio([record, make_record(text, "doc-2")])), "utf-8")
    tasks = json.loads(path.read_text("utf-8"))
    assert len(tasks) == 2 and tasks[0]["data"]["text"] == text
    (annotation,) = tasks[0]["annotations"]
    regions = [r for r in annotation["result"] if r["type"] == "labels"]
    assert len(regions) == len(record["spans"])
    for region in regions:  # code points: Python slices give the region's text
        value = region["value"]
        assert text[value["start"] : value["end"]] == value["text"]
        assert region["from_name"] == "label" and region["to_name"] == "text"
    relations = [r for r in annotation["result"] if r["type"] == "relation"]
    assert sorted(r["labels"][0] for r in relations) == ["cue", "speaker"]
    ids = {r["id"] for r in regions}
    assert all(r["from_id"] in ids and r["to_id"] in ids for r in relations)
    noted = next(r for r in regions if r["value"]["text"] == "Sergei Lavrov")
    assert noted["meta"] == {"text": ["the FM"]}

    back = list(import_label_studio(path))
    assert [essence(r) for r in back] == [
        essence(record), essence(make_record(text, "doc-2"))]  # fmt: skip
    assert detect_file(path) == "label-studio"


def _task(result: list[dict[str, Any]], text: str = "Ann said: “Go”.", **extra: Any) -> Any:
    return {"id": 3, "data": {"text": text}, **extra,
            "annotations": [{"completed_by": 5, "result": result}]}  # fmt: skip


def _region(rid: str, start: int, end: int, label: str, text: str | None = None) -> Any:
    value: dict[str, Any] = {"start": start, "end": end, "labels": [label]}
    if text is not None:
        value["text"] = text
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels", "value": value}


def test_label_studio_annotations_of_several_people(tmp_path: Path) -> None:
    task = _task(
        [
            _region("a", 0, 3, "PERSON", "Ann"),
            _region("b", 11, 13, "QUOTE", "Go"),
            {"type": "relation", "from_id": "b", "to_id": "a", "labels": ["speaker"]},
        ]
    )
    task["annotations"] += [
        {"completed_by": {"id": 6, "email": "bo@example.org"}, "result": []},
        {"completed_by": 7, "was_cancelled": True, "result": []},
    ]  # fmt: skip
    path = tmp_path / "ls.json"
    path.write_text(json.dumps([task, {"data": {"text": "no work"}, "annotations": []}]), "utf-8")
    first, second = import_label_studio(path)
    assert (first["annotator_id"], first["annotator"]) == ("label-studio-5", "Label Studio user 5")
    assert second["annotator"] == "bo@example.org" and second["spans"] == []
    (quote,) = first["quotes"]
    assert first["entities"][0]["name"] == "Ann" and quote["speaker"] == first["entities"][0]["id"]
    with pytest.raises(PeerFormatError, match=r"ls\.json, task 1 \(id 3\): .*2 annotations"):
        list(import_label_studio(path, annotator=ANN))


def test_label_studio_writes_a_newline_in_region_text_as_backslash_n(tmp_path: Path) -> None:
    text = "🐱 Warning:\n🐱 This is a test text"
    task = _task([_region("a", 2, 27, "QUOTE", "Warning:\\n🐱 This is a test")], text)
    path = tmp_path / "ls.json"
    path.write_text(json.dumps([task]), "utf-8")
    (record,) = import_label_studio(path)
    assert record["spans"][0]["text"] == "Warning:\n🐱 This is a test"


BAD_LS = {
    "text differs": ([_region("a", 1, 4, "PERSON", "Ann")], r"task 1 \(id 3\): span 'a': its text"),
    "choices": (
        [{"type": "choices", "from_name": "mood", "value": {"choices": ["ok"]}}],
        r"task 1 \(id 3\): a result of type 'choices' \(from 'mood'\) has no place",
    ),
    "bad relation": (
        [
            _region("a", 0, 3, "PERSON"),
            _region("b", 4, 8, "PERSON"),
            {"type": "relation", "from_id": "a", "to_id": "b", "labels": ["speaker"]},
        ],
        r"a 'speaker' relation joins entity 'PERSON' and entity 'PERSON'",
    ),  # fmt: skip
    "hypertext": ([_region("a", "/p[1]", "/p[1]", "X")], r"start '/p\[1\]' is not an integer"),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("case", BAD_LS, ids=list(BAD_LS))
def test_bad_label_studio_input_names_file_and_task(tmp_path: Path, case: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([_task(BAD_LS[case][0])]), "utf-8")
    with pytest.raises(PeerFormatError, match=r"bad\.json, .*" + BAD_LS[case][1]):
        list(import_label_studio(path))


def test_a_cut_off_label_studio_file_names_the_task(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text("".join(export_label_studio([make_record(), make_record(TEXT, "d2")]))[:-300])
    with pytest.raises(PeerFormatError, match=r"cut\.json, task 2: malformed JSON"):
        list(import_label_studio(path))


def test_label_studio_config_names_the_labels() -> None:
    config = label_studio_config(["PERSON", 'A "B"'])
    assert '<Label value="PERSON"/>' in config and "<Label value='A \"B\"'/>" in config
    assert '<Labels name="label" toName="text">' in config and 'value="speaker"' in config


# -- brat and spaCy --------------------------------------------------------------------------


def test_brat_ann_lines_slice_the_txt(tmp_path: Path) -> None:
    record = make_record()
    target = tmp_path / "brat"
    EXPORTERS["brat"].write([record], target)
    names = sorted(p.name for p in target.iterdir())
    assert names == ["annotation.conf", "doc-1.a-0001.ann", "doc-1.a-0001.txt"]
    with (target / "doc-1.a-0001.txt").open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    assert text == TEXT
    lines = (target / "doc-1.a-0001.ann").read_text("utf-8").splitlines()
    ids = {line.split("\t")[0] for line in lines}
    texts = set()
    for line in lines:
        fields = line.split("\t")
        if line.startswith("T"):
            kind, offsets = fields[1].split(" ", 1)
            pieces = [tuple(map(int, part.split())) for part in offsets.split(";")]
            assert " ".join(text[a:b] for a, b in pieces) == fields[2]
            texts.add(fields[2])
        elif line.startswith("R"):
            kind, arg1, arg2 = fields[1].split()
            assert arg1.removeprefix("Arg1:") in ids and arg2.removeprefix("Arg2:") in ids
    assert len([line for line in lines if line.startswith("T")]) == len(record["spans"])
    assert "Lavrov denied that Russia shelled Odesa" in texts  # two fragments over a line end
    assert any(line.startswith("R") and "\tSpeaker " in line for line in lines)
    assert any("\tVerdict " in line and line.endswith(" false") for line in lines)
    assert any("\tReference " in line and "Wikidata:Q159" in line for line in lines)
    assert any("AnnotatorNotes" in line and "the FM" in line for line in lines)
    conf = (target / "annotation.conf").read_text("utf-8")
    assert "Speaker\tArg1:QUOTE, Arg2:LOCATION|OTHER|PERSON" in conf

    EXPORTERS["brat"].write([make_record(TEXT, "doc-2")], target)  # replaces its own folder
    assert sorted(p.name for p in target.iterdir())[1] == "doc-2.a-0001.ann"


def test_brat_refuses_carriage_returns_and_foreign_folders(tmp_path: Path) -> None:
    with pytest.raises(PeerFormatError, match=r"carriage return"):
        list(EXPORTERS["brat"].render([make_record(RAW)]))
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.md").write_text("keep me")
    with pytest.raises(Exception, match=r"not an earlier brat export"):
        EXPORTERS["brat"].write([make_record()], mine)
    assert (mine / "notes.md").read_text() == "keep me"


def test_spacy_offsets_slice_python_strings() -> None:
    record = make_record()
    (line,) = export_spacy([record])
    obj = json.loads(line)
    text = obj["text"]
    assert len(obj["spans"]) == len(record["spans"])
    for span in obj["spans"] + obj["ents"]:
        assert text[span["start"] : span["end"]] in {s["text"] for s in record["spans"]}
    ents = obj["ents"]
    assert all(a["end"] <= b["start"] for a, b in zip(ents, ents[1:], strict=False))
    assert {e["label"] for e in ents} == {"PERSON", "LOCATION", "OTHER"}
    assert next(e for e in ents if text[e["start"] : e["end"]] == "Russia")["kb_id"] == "Q159"


# -- registry, detection, writing ------------------------------------------------------------


def test_detection_from_content(tmp_path: Path) -> None:
    record = make_record()
    assert detect(json.dumps(record).encode()) == "native" and detect(record) == "native"
    (line,) = export_doccano([record])
    assert detect(line) == "doccano" and detect(json.loads(line)) == "doccano"
    (relation,) = export_doccano([record], relations=True)
    assert detect(relation.encode()) == "doccano"
    studio = "".join(export_label_studio([record]))
    assert detect(studio) == "label-studio" and detect(studio[:200].encode()) == "label-studio"
    long = make_record("A long article. " * 100000 + TEXT)  # a first line of 1.6 MB
    native = write_lines(tmp_path / "native.jsonl", [json.dumps(long)])
    assert detect_file(native) == "native"
    cut_off = "".join(export_label_studio([long]))[:65536]
    assert detect(cut_off.encode()) == "label-studio"
    assert detect_file(write_lines(tmp_path / "d.jsonl", [line])) == "doccano"
    for garbage in (b"hello", b"[1, 2]", b'{"x": 1}'):
        with pytest.raises(PeerFormatError):
            detect(garbage)
    assert set(IMPORTERS) == {"doccano", "label-studio", "conll"}
    assert {"doccano", "label-studio", "brat", "spacy"} <= set(EXPORTERS)


def test_a_failed_export_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    broken = make_record()
    broken["spans"][0]["text"] = "not the text"
    with pytest.raises(PeerFormatError, match=r"document 'doc-1', record 2: span"):
        EXPORTERS["doccano"].write([make_record(), broken], target)
    assert target.read_text() == "old\n" and [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
    EXPORTERS["spacy"].write([json.dumps(make_record())], target)  # a native line will do
    assert json.loads(target.read_text("utf-8"))["text"] == TEXT
