"""CoNLL export and import: IOB2 tags of one layer, ``# text`` comments, spans the tags cannot
hold reported by layer, round trips (token-aligned spans come back), bad lines refused with the
file and line; through ``formats.peers.conll`` and the command line on real project files."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.app.projects import build_from_sources
from annotator.cli import cli
from annotator.core.model import Annotator, Document, Layer, Span, Status
from annotator.core.tokens import tokenize
from annotator.formats.jsonl import write_document_line
from annotator.formats.peers import IMPORTERS, PeerFormatError
from annotator.formats.peers.conll import read_conll, render_conll, write_conll
from annotator.formats.peers.tokenized import Omissions
from tests.conftest import EXAMPLE
from tests.readback import rows

ANN = Annotator("a-0001", "Ann")
TEXT = (
    "🇺🇦 Kyiv, 3 March.\r\n"  # CRLF as a script's minimal line may bring it
    "Sergei Lavrov said: “We want peace 👨‍👩‍👧,” he told reporters.\n"
    "Cafe\u0301 owners 🙂 in مرحبا disagree with Keir Starmer’s plan."
)


def cut(text: str, piece: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


def record(text: str, spans: list[tuple[str, Layer, str]], title: str = "Kyiv") -> dict[str, Any]:
    """A native record with spans given as (piece, layer, label), each at its first place."""
    made = []
    for n, (piece, layer, label) in enumerate(spans):
        start, end = cut(text, piece)
        made.append(Span(f"s{n}", "doc-1", ANN.id, layer, label, start, end, piece))
    document = Document("doc-1", text, title, None, "kyiv.txt")
    obj: dict[str, Any] = json.loads(
        write_document_line(document, ANN, Status.DONE, made, [], [], [])
    )
    return obj


SPANS = [
    ("🇺🇦 Kyiv", Layer.ENTITY, "LOCATION"),
    ("Sergei Lavrov", Layer.ENTITY, "PERSON"),
    ("Lavrov", Layer.ENTITY, "PERSON"),  # nested in "Sergei Lavrov": left out of the tags
    ("Cafe\u0301 owners", Layer.ENTITY, "OTHER"),
    ("مرحبا", Layer.ENTITY, "LOCATION"),
    ("Keir Starmer", Layer.ENTITY, "PERSON"),  # cuts "Starmer’s"
    ("said", Layer.QUOTE, "CUE"),
    ("We want peace 👨‍👩‍👧,", Layer.QUOTE, "QUOTE"),
    ("Starmer’s plan", Layer.CLAIM, "CLAIM"),
]


def spans_of(obj: dict[str, Any], layer: str = "entity") -> list[tuple[int, int, str, str]]:
    return sorted(
        (s["start"], s["end"], s["text"], s["label"]) for s in obj["spans"] if s["layer"] == layer
    )


def test_export_writes_iob2_tags_and_the_text_comment(tmp_path: Path) -> None:
    omissions = Omissions()
    ((name, text),) = render_conll([record(TEXT, SPANS)], omissions)
    assert name == "kyiv.conll"
    lines = text.split("\n")
    assert lines[:5] == [
        "-DOCSTART- -X- O O",
        "# text = " + json.dumps(TEXT, ensure_ascii=False),
        '# title = "Kyiv"',
        "# annotator = Ann",
        "# annotator_id = a-0001",
    ]
    assert lines[5:12] == ["", "🇺🇦 B-LOCATION", "Kyiv I-LOCATION", ", O", "3 O", "March O", ". O"]
    assert lines[12] == ""  # a sentence ends at the line break
    assert "Sergei B-PERSON" in lines and "Lavrov I-PERSON" in lines
    assert "Starmer I-PERSON" in lines and "’s O" in lines  # cut at the span's end
    assert "👨‍👩‍👧 O" in lines and "Cafe\u0301 B-OTHER" in lines and "مرحبا B-LOCATION" in lines
    assert omissions.lines() == [
        "CoNLL tags of the entity layer: 1 span left out, nested in, overlapping or equal to a "
        f"longer or earlier span of the layer (PERSON 'Lavrov' at {cut(TEXT, 'Lavrov')[0]}.."
        f"{cut(TEXT, 'Lavrov')[1]} in 'Kyiv')"
    ]


def test_round_trip_gives_back_the_token_aligned_spans_of_each_layer(tmp_path: Path) -> None:
    source = record(TEXT, SPANS)
    for layer in Layer:
        target = tmp_path / f"{layer.value}.conll"
        omissions = write_conll([source], target, layer=layer)
        ((place, back),) = read_conll(target)
        assert place == "line 1"
        assert back["text"] == TEXT  # exact, CRLF included, from the # text comment
        assert (back["annotator_id"], back["annotator"]) == (ANN.id, ANN.name)
        assert bool(omissions) == (layer is Layer.ENTITY)  # the nested "Lavrov" only
        expected = spans_of(source, layer.value)
        if layer is Layer.ENTITY:
            expected = [s for s in expected if s[2] != "Lavrov"]
        assert spans_of(back, layer.value) == expected


def test_without_comments_the_text_is_the_tokens_joined(tmp_path: Path) -> None:
    target = tmp_path / "plain.conll"
    write_conll([record(TEXT, SPANS)], target, comments=False)
    assert not [line for line in target.read_text("utf-8").splitlines() if line.startswith("#")]
    ((_, back),) = read_conll(target, fallback=ANN)
    assert back["text"].split("\n")[0] == "🇺🇦 Kyiv , 3 March ."
    assert [s["text"] for s in back["spans"]][:2] == ["🇺🇦 Kyiv", "Sergei Lavrov"]
    assert "Keir Starmer" in [s["text"] for s in back["spans"]]


SAMPLE = """-DOCSTART- -X- -X- O

EU NNP B-NP B-ORG
rejects VBZ B-VP O
German JJ B-NP I-MISC
call NN I-NP O
. . O O

Peter NNP B-NP S-PER
Blackburn NNP B-NP B-PER
Lovell NNP I-NP E-PER
"""


def test_conll_2003_columns_iob1_and_bioes_are_read(tmp_path: Path) -> None:
    path = tmp_path / "eng.conll"
    path.write_text(SAMPLE, encoding="utf-8")
    ((_, back),) = read_conll(path, fallback=ANN)
    assert back["text"] == "EU rejects German call .\nPeter Blackburn Lovell"
    assert spans_of(back) == [
        (0, 2, "EU", "ORG"),
        (11, 17, "German", "MISC"),  # I- after O begins a span (IOB1, as conlleval reads it)
        (25, 30, "Peter", "PER"),  # S-: a span of one token
        (31, 47, "Blackburn Lovell", "PER"),
    ]


@pytest.mark.parametrize(
    ("content", "line", "says"),
    [
        ("Kyiv B-LOC\nis X-LOC\n", 2, "unknown tag 'X-LOC'"),
        ("Kyiv B-LOC\nis\n", 2, "'is' has no tag"),
        ("Kyiv B-LOC\nis B-\n", 2, "unknown tag 'B-'"),
        ("-DOCSTART- -X- O O\n# text = Kyiv is\n\nKyiv O\n", 2, "must hold a JSON string"),
        ('-DOCSTART- -X- O O\n# text = "Kyiv is"\n\nKyiv O\nwas O\n', 5, "'was' is not the next"),
        ('-DOCSTART- -X- O O\n# text = "Kyiv is big"\n\nKyiv O\nis O\n', 5, "a token is missing"),
        ("Kyiv O\n\xff\xfe O\n", 2, "not UTF-8"),
    ],
)
def test_bad_lines_are_refused_with_file_and_line(
    tmp_path: Path, content: str, line: int, says: str
) -> None:
    path = tmp_path / "bad.conll"
    path.write_bytes(content.encode("utf-8").replace(b"\xc3\xbf\xc3\xbe", b"\xff\xfe"))
    with pytest.raises(PeerFormatError) as caught:
        list(read_conll(path, fallback=ANN))
    assert str(caught.value).startswith(f"{path}, line {line}: "), str(caught.value)
    assert says in str(caught.value)


@settings(max_examples=60)
@given(st.data())
def test_any_token_aligned_spans_round_trip(data: st.DataObject) -> None:
    alphabet = st.sampled_from([*"ab Z9.,’-:\n\t“”", "e\u0301", "🙂", "👨‍👩‍👧", "🇺🇦", "مر"])
    pieces = data.draw(st.lists(alphabet, min_size=1, max_size=30))
    text = "".join(pieces)
    if not text.strip():
        return
    tokens = tokenize(text)
    marks = sorted(data.draw(st.sets(st.integers(0, len(tokens)), max_size=8)))
    chosen = []
    for a, b in zip(marks[::2], marks[1::2], strict=False):
        if a < b:
            start, end = tokens[a][0], tokens[b - 1][1]
            chosen.append(
                Span(f"s{a}", "d", ANN.id, Layer.ENTITY, "X", start, end, text[start:end])
            )
    document = Document("d", text, "t")
    line = write_document_line(document, ANN, Status.DONE, chosen, [], [], [])
    ((_, text_out),) = render_conll([json.loads(line)], Omissions())
    with tempfile.TemporaryDirectory(prefix="conll-") as folder:
        path = Path(folder) / "x.conll"
        path.write_text(text_out, encoding="utf-8")
        ((_, back),) = read_conll(path)
    assert back["text"] == text
    assert sorted((s["start"], s["end"]) for s in back["spans"]) == sorted(
        (s.start, s.end) for s in chosen
    )


# -- the command line, on real project files ---------------------------------------------------


@pytest.fixture
def example(tmp_path: Path, example_copy: Path) -> Path:
    shutil.copy(EXAMPLE / "annotations.jsonl", example_copy / "annotations.jsonl")
    return build_from_sources(example_copy)


def run(*args: str | Path) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_cli_export_import_export_is_the_same_file(tmp_path: Path, example: Path) -> None:
    first, second = tmp_path / "first.conll", tmp_path / "second.conll"
    done = run("export", example, "-o", first, "--format", "conll", "--all")
    assert done.exit_code == 0, done.output
    assert "(conll;" in done.output
    new = tmp_path / "new.sqlite"
    done = run("import", new, first)  # recognised by its suffix
    assert done.exit_code == 0, done.output
    assert "imported" in done.output and "by blanca (new here), example (new here)" in done.output
    assert run("export", new, "-o", second, "--format", "conll", "--all").exit_code == 0
    assert second.read_text("utf-8") == first.read_text("utf-8")
    entity = rows(example, "SELECT count(*) FROM spans WHERE layer = 'entity'")[0][0]
    assert rows(new, "SELECT count(*) FROM spans")[0][0] == entity  # none nested in the example
    # the same file again: the same work, skipped
    again = run("import", new, first)
    assert again.exit_code == 0 and "nothing new" in again.output


def test_cli_reports_spans_left_out_by_layer(tmp_path: Path) -> None:
    source = tmp_path / "nested.jsonl"
    source.write_text(json.dumps(record(TEXT, SPANS), ensure_ascii=False) + "\n", "utf-8")
    project = tmp_path / "p.sqlite"
    assert run("import", project, source, "--add-labels").exit_code == 0
    out = tmp_path / "out.conll"
    done = run("export", project, "-o", out, "--format", "conll", "--annotator", "Ann")
    assert done.exit_code == 0, done.output
    assert "note: CoNLL tags of the entity layer: 1 span left out, nested in" in done.output
    assert "PERSON 'Lavrov'" in done.output
    refused = run("export", project, "-o", out, "--format", "native", "--layer", "quote")
    assert refused.exit_code == 2 and "--layer and --no-comments are for --format conll" in (
        refused.output
    )


def test_cli_folder_export_and_import(tmp_path: Path, example: Path) -> None:
    folder = tmp_path / "conll"
    folder.mkdir()
    done = run("export", example, "-o", folder, "--format", "conll", "--all", "--layer", "quote")
    assert done.exit_code == 0, done.output
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "2025-03-03-lavrov-peacekeepers-2.conll",
        "2025-03-03-lavrov-peacekeepers.conll",
    ]
    # an earlier CoNLL folder is replaced; any other folder is refused
    assert run("export", example, "-o", folder, "--format", "conll", "--all").exit_code == 0
    other = tmp_path / "other"
    other.mkdir()
    (other / "keep.txt").write_text("mine", "utf-8")
    refused = run("export", example, "-o", other, "--format", "conll", "--all")
    assert refused.exit_code == 1 and "not an earlier CoNLL export" in refused.output
    assert (other / "keep.txt").read_text("utf-8") == "mine"
    new = tmp_path / "new.sqlite"
    done = run("import", new, folder, "--format", "conll")
    assert done.exit_code == 0, done.output
    assert rows(new, "SELECT count(DISTINCT annotator_id) FROM spans")[0][0] == 2


def test_matched_to_existing_documents_only_through_the_text_comment(
    tmp_path: Path, example: Path
) -> None:
    with_text, plain = tmp_path / "with.conll", tmp_path / "plain.conll"
    who = ("--annotator", "example")
    assert run("export", example, "-o", with_text, "--format", "conll", *who).exit_code == 0
    done = run("export", example, "-o", plain, "--format", "conll", *who, "--no-comments")
    assert done.exit_code == 0
    target = tmp_path / "target.sqlite"
    shutil.copy(example, target)  # the same documents, none of their work under "tester"
    before = rows(target, "SELECT count(*) FROM documents")[0][0]
    done = run("import", target, with_text, "--as", "tester")
    assert done.exit_code == 0, done.output
    assert "(0 new documents, 1 already in the project)" in done.output
    done = run("import", target, plain, "--as", "someone")
    assert done.exit_code == 0, done.output
    assert "(1 new documents)" in done.output  # tokens joined by spaces: another text
    assert rows(target, "SELECT count(*) FROM documents")[0][0] == before + 1


def test_cli_bad_file_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad.conll"
    bad.write_text("-DOCSTART- -X- O O\n\nKyiv B-LOC\n\n-DOCSTART- -X- O O\n\nOdesa Q\n", "utf-8")
    project = tmp_path / "p.sqlite"
    done = run("import", project, bad)
    assert done.exit_code == 1
    assert f"refused {bad}, line 7: unknown tag 'Q'" in done.output
    assert "Traceback" not in done.output
    assert not project.exists()  # a new project is not kept when nothing goes in


def test_the_importer_is_registered() -> None:
    assert IMPORTERS["conll"] is read_conll


def test_an_annotator_id_alone_is_the_projects_annotator_or_a_new_one_of_that_id(
    tmp_path: Path, example: Path
) -> None:
    ((blanca,),) = rows(example, "SELECT id FROM annotators WHERE name = 'blanca'")
    source = tmp_path / "ids.conll"
    source.write_text(
        f"-DOCSTART- -X- O O\n# annotator_id = {blanca}\n\nChernihiv B-LOCATION\n\n"
        "-DOCSTART- -X- O O\n# annotator_id = x-0042\n\nOdesa B-LOCATION\n",
        "utf-8",
    )
    done = run("import", example, source, "--format", "conll")
    assert done.exit_code == 0, done.output
    assert rows(
        example,
        "SELECT s.text, a.id, a.name FROM spans s JOIN annotators a ON a.id = s.annotator_id "
        "WHERE s.text IN ('Chernihiv', 'Odesa') ORDER BY s.text",
    ) == [("Chernihiv", blanca, "blanca"), ("Odesa", "x-0042", "x-0042")]


def test_a_label_with_spaces_round_trips_written_with_underscores(tmp_path: Path) -> None:
    text = "Keir Starmer met Olena Zelenska in Kyiv."
    spans = [
        ("Keir Starmer", Layer.ENTITY, "PUBLIC FIGURE"),
        ("Olena Zelenska", Layer.ENTITY, "FIRST_LADY X"),  # both _ and a space
        ("Kyiv", Layer.ENTITY, "LOCATION"),
    ]
    source = tmp_path / "spaces.jsonl"
    source.write_text(json.dumps(record(text, spans), ensure_ascii=False) + "\n", "utf-8")
    project = tmp_path / "p.sqlite"
    assert run("import", project, source, "--add-labels").exit_code == 0
    with_comments, plain = tmp_path / "with.conll", tmp_path / "plain.conll"
    who = ("--format", "conll", "--annotator", "Ann")
    assert run("export", project, "-o", with_comments, *who).exit_code == 0
    assert run("export", project, "-o", plain, *who, "--no-comments").exit_code == 0
    lines = with_comments.read_text("utf-8").splitlines()
    assert "Keir B-PUBLIC_FIGURE" in lines and "Olena B-FIRST_LADY_X" in lines
    assert '# labels = {"FIRST_LADY_X": "FIRST_LADY X", "PUBLIC_FIGURE": "PUBLIC FIGURE"}' in lines
    expected = [
        ("Keir Starmer", "PUBLIC FIGURE"),
        ("Kyiv", "LOCATION"),
        ("Olena Zelenska", "FIRST_LADY X"),
    ]
    query = "SELECT text, label FROM spans ORDER BY text"
    # the file's # labels comment says which tags had spaces: a new project gets them right
    new = tmp_path / "new.sqlite"
    done = run("import", new, with_comments, "--add-labels")
    assert done.exit_code == 0, done.output
    assert rows(new, query) == expected
    # without comments the project's scheme tells: the label whose spaces written _ is the tag
    done = run("import", project, plain, "--as", "Bob")
    assert done.exit_code == 0, done.output
    bob = "SELECT s.text, s.label FROM spans s JOIN annotators a ON a.id = s.annotator_id "
    assert rows(project, bob + "WHERE a.name = 'Bob' ORDER BY s.text") == expected
    # a label the scheme has as written is that label
    ((_, back),) = read_conll(plain, fallback=ANN, layers={"PUBLIC_FIGURE": Layer.ENTITY})
    assert ("Keir Starmer", "PUBLIC_FIGURE") in [(s["text"], s["label"]) for s in back["spans"]]


def test_labels_that_would_be_one_tag_are_not_confused(tmp_path: Path) -> None:
    text = "Keir Starmer met Olena Zelenska."
    source = record(text, [("Keir Starmer", Layer.ENTITY, "A B"), ("Olena", Layer.ENTITY, "A_B")])
    omissions = Omissions()
    ((_, written),) = render_conll([source], omissions)
    assert (
        "Keir B-A_B" in written
        and "Olena O" in written
        and '# labels = {"A_B": "A B"}' in (written)
    )
    assert omissions.lines() == [
        "CoNLL tags of the entity layer: 1 span left out, its label, spaces written _, is the "
        "tag of the label 'A B' (A_B 'Olena' at 17..22 in 'Kyiv')"
    ]
    plain = tmp_path / "plain.conll"
    plain.write_text("Keir B-A_B_C\n", "utf-8")
    layers = {"A B_C": Layer.ENTITY, "A_B C": Layer.ENTITY}
    with pytest.raises(PeerFormatError, match="line 1: the tag label 'A_B_C' may be any of"):
        list(read_conll(plain, fallback=ANN, layers=layers))
    bad = tmp_path / "bad.conll"
    bad.write_text('-DOCSTART- -X- O O\n# labels = ["A B"]\n\nKeir B-A_B\n', "utf-8")
    with pytest.raises(PeerFormatError, match="line 2: # labels must hold a JSON object"):
        list(read_conll(bad, fallback=ANN))
