"""brat standoff in: PolNeAR's layout and oddities, side-by-side files, annotators from file
names, the metadata table, generic relations/attributes/notes/equivalences, CRLF and emoji,
bad lines named with file:line, nothing written on refusal, and ours -> brat -> ours."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from annotator.cli import cli
from annotator.core.links import Claim, ClaimerKind, Entity, Quote, QuoteType, Stance
from annotator.core.model import Annotator, Document, Layer, Span, Status
from annotator.formats.ids import named_annotator_id
from annotator.formats.jsonl import write_document_line
from annotator.formats.peers.brat_polnear import quote_type
from annotator.formats.peers.brat_sources import source_entity
from tests.readback import dump, rows

ME, BOB = Annotator("me-0001", "me"), Annotator("b-0002", "Bob")

# An emoji (1 code point, 2 UTF-16 units) and a flag before the spans: offsets are code points.
TEXT = (
    "🇺🇦 Kyiv 🙂. Sergei Lavrov said: “We want peace,” and he added that talks\n"
    "\n"
    "would go on. Officials said nothing. The minister insisted it was fair.\n"
)


def at(piece: str, text: str = TEXT, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


def t_line(n: int, kind: str, *pieces: str, text: str = TEXT) -> str:
    spans = [at(p, text) for p in pieces]
    offsets = ";".join(f"{a} {b}" for a, b in spans)
    return f"T{n}\t{kind} {offsets}\t{' '.join(text[a:b] for a, b in spans)}"


def run(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def write(path: Path, text: str, newline: str = "\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


NAME = "nyt_2016-01-02_talks_go-on"  # underscores inside the document's name


def polnear_ann() -> str:
    """Every PolNeAR oddity, one line each: a Content over two fragments whose text column
    runs on over raw newlines (a blank line among them), a Content2 role, duplicate note ids,
    an Attribution-no-source event with its trigger only, Discuss and Discard types."""
    lines = [
        t_line(1, "Source", "Sergei Lavrov"),
        t_line(2, "Cue", "said"),
        t_line(3, "Content", "“We want peace,”"),
        t_line(4, "Attribution", "said"),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        t_line(5, "Source", "he"),
        t_line(6, "Cue", "added"),
        # fragments "that talks" + "would go on": the text column holds the raw newlines
        t_line(7, "Content", "that talks", "would go on").replace("talks would", "talks\n\nwould"),
        t_line(8, "Attribution", "added"),
        t_line(9, "Content", "nothing"),
        "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5 Content2:T9",
        t_line(10, "Attribution-no-source", "insisted"),
        "E3\tAttribution-no-source:T10 ",
        t_line(11, "Discuss", "Officials"),
        t_line(12, "Discard", "The minister"),
        "#1\tAnnotatorNotes T3\tcheck the quotation marks",
        "#1\tAnnotatorNotes T7\tsecond note, same id",
    ]
    return "\n".join(lines) + "\n"


METADATA = (
    "compartment\tfilename\tlevel\tpublisher\tpublication_date\tauthor\ttitle\n"
    f"train\t{NAME}\t3\tnyt\t2016-01-02\tJane Doe\tTalks go on\n"
    "train\tnyt_other_article\t1\tnyt\t2016-01-03\tX\tNot in this corpus\n"
)


@pytest.fixture
def polnear(tmp_path: Path) -> Path:
    corpus = tmp_path / "polnear"
    write(corpus / "text" / f"{NAME}.txt", TEXT)
    write(corpus / "attributions" / f"{NAME}_4e07.ann", polnear_ann())
    second = "\n".join(polnear_ann().splitlines()[:5]) + "\n"  # only the first attribution
    write(corpus / "attributions" / f"{NAME}_d473.ann", second)
    write(corpus / "metadata.tsv", METADATA)
    return corpus


WORKERS = (
    "SELECT DISTINCT a.name FROM spans s JOIN annotators a ON a.id = s.annotator_id ORDER BY 1"
)


def quotes_of(project: Path, who: str) -> list[tuple[object, ...]]:
    """(segments' texts, cue, speaker entity name, speaker text, type) of ``who``'s quotes."""
    return rows(
        project,
        "SELECT (SELECT group_concat(s.text, ' | ') FROM (SELECT sp.text FROM quote_segments qs "
        "  JOIN spans sp ON sp.id = qs.span_id WHERE qs.quote_id = q.id ORDER BY qs.position) s),"
        " (SELECT text FROM spans WHERE id = q.cue_span_id),"
        " (SELECT name FROM entities WHERE id = q.speaker_entity_id), q.speaker_text,"
        " q.quote_type FROM quotes q JOIN annotators a ON a.id = q.annotator_id "
        "WHERE a.name = ? ORDER BY 1",
        (who,),
    )


def test_polnear_attributions_become_quotes_with_cue_and_speaker(
    polnear: Path, tmp_path: Path
) -> None:
    project = tmp_path / "p.sqlite"
    table = polnear / "metadata.tsv"
    result = run("import", project, polnear, "--format", "brat", "--metadata", table)
    assert result.exit_code == 0, result.output
    assert "brat mapping: polnear" in result.output
    assert rows(project, "SELECT count(*) FROM documents") == [(1,)]  # one text, two annotators
    assert rows(project, WORKERS) == [("4e07",), ("d473",)]
    assert quotes_of(project, "4e07") == [
        ("that talks\n\nwould go on | nothing", "added", None, "he", "indirect"),
        ("“We want peace,”", "said", "Sergei Lavrov", "", "direct"),
    ]
    lavrov = ("“We want peace,”", "said", "Sergei Lavrov", "", "direct")
    assert quotes_of(project, "d473") == [lavrov]
    # the named source is a PERSON mention linked to its entity; the pronoun a SOURCE span
    sources = rows(
        project,
        "SELECT s.label, s.text, s.entity_id IS NOT NULL FROM spans s JOIN annotators a "
        "ON a.id = s.annotator_id WHERE a.name = '4e07' AND s.layer = 'entity' ORDER BY s.start",
    )
    assert sources == [("PERSON", "Sergei Lavrov", 1), ("SOURCE", "he", 0)]
    notes = rows(project, "SELECT note FROM spans WHERE note != '' ORDER BY start")
    assert notes == [("check the quotation marks",), ("second note, same id",)]
    title, date, meta = rows(project, "SELECT title, date, meta FROM documents")[0]
    assert (title, date) == ("Talks go on", "2016-01-02")
    assert json.loads(str(meta)) == {
        "compartment": "train",
        "level": "3",
        "publisher": "nyt",
        "author": "Jane Doe",
    }
    ann = f"attributions/{NAME}_4e07.ann"
    assert f"1 × T Discuss (not mapped) (e.g. {ann}:16)" in result.output
    assert f"1 × T Discard (not mapped) (e.g. {ann}:17)" in result.output
    assert f"1 × attribution without Content (e.g. {ann}:15 (no quote made))" in result.output


def test_polnear_as_files_and_a_pattern(polnear: Path, tmp_path: Path) -> None:
    """Files given one by one, and --annotator-from-filename with a named group."""
    project = tmp_path / "p.sqlite"
    result = run(
        "import",
        project,
        polnear / "text" / f"{NAME}.txt",
        polnear / "attributions" / f"{NAME}_4e07.ann",
        "--format",
        "brat",
        "--annotator-from-filename",
        r"_(?P<annotator>[0-9a-f]{4})$",
    )
    assert result.exit_code == 0, result.output
    assert rows(project, WORKERS) == [("4e07",)]
    assert len(quotes_of(project, "4e07")) == 2


def test_a_pattern_without_its_group_is_refused_and_nothing_written(
    polnear: Path, tmp_path: Path
) -> None:
    project = tmp_path / "p.sqlite"
    assert run("import", project, polnear / "text").exit_code == 0  # the article alone
    before = dump(project)
    result = run(
        "import", project, polnear, "--format", "brat", "--annotator-from-filename", "_(.+)$"
    )
    assert result.exit_code == 1
    assert "named group for the annotator" in result.output
    assert dump(project) == before


def test_a_bad_metadata_row_is_named_and_nothing_written(polnear: Path, tmp_path: Path) -> None:
    project = tmp_path / "p.sqlite"
    assert run("import", project, polnear / "text").exit_code == 0
    before = dump(project)
    table = write(tmp_path / "meta.tsv", METADATA + "train\tbroken\n")
    result = run("import", project, polnear, "--format", "brat", "--metadata", table)
    assert result.exit_code == 1
    assert f"{table}, line 4: 2 columns where the header has 7" in result.output
    assert dump(project) == before


def test_bad_lines_are_named_and_the_rest_imported(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    write(folder / "doc.txt", TEXT)
    lines = [
        t_line(1, "PERSON", "Sergei Lavrov"),
        "T2\tPERSON 12 x\tbroken",  # offsets that are no numbers
        f"T3\tPERSON 5 {len(TEXT) + 4}\tbeyond",  # past the end of the text
        f"T4\tPERSON {at('Kyiv')[0]} {at('Kyiv')[1]}\tKiev",  # text column differs
        "R1\tSpeaker Arg1:T1",  # a relation with one argument
        t_line(1, "PERSON", "Officials"),  # a duplicate id
    ]
    lines += ["M1\tNegated T1", "T9\tPERSON", "and a line that is no annotation"]
    write(folder / "doc.ann", "\n".join(lines) + "\n")
    (folder / "latin.txt").write_bytes("Café Lavrov".encode("latin-1"))
    write(folder / "latin.ann", "T1\tPERSON 5 11\tLavrov\n")
    write(folder / "orphan.ann", "T1\tPERSON 0 4\tKyiv\n")
    project = tmp_path / "p.sqlite"
    result = run("import", project, folder, "--format", "brat")
    assert result.exit_code == 0, result.output
    assert rows(project, "SELECT text FROM spans") == [("Sergei Lavrov",)]
    assert "1 × attribute Negated (not mapped) (e.g. doc.ann:7)" in result.output
    assert "1 × text not UTF-8 (e.g. latin.txt (byte 4))" in result.output
    assert "1 × annotation file without its text (e.g. orphan.ann)" in result.output
    assert "2 × malformed T line (e.g. doc.ann:2 (" in result.output
    assert "; doc.ann:8 (expected ID<TAB>TYPE START END<TAB>TEXT)" in result.output
    for line, kind in [
        (9, "not an annotation line"),
        (3, "offsets outside the text"),
        (4, "text differs from the document"),
        (5, "malformed R line"),
        (6, "duplicate id T"),
    ]:
        assert f"1 × {kind} (e.g. doc.ann:{line}" in result.output, kind


def test_side_by_side_annotators_crlf_and_plain_scheme(tmp_path: Path) -> None:
    """NAME.txt + NAME.<annotator>.ann; a CRLF text (offsets on universal newlines); each type
    a label of the project; Speaker/Cue relations, QuoteType, notes, an equivalence; what
    our scheme has no place for reported."""
    folder = tmp_path / "corpus"
    write(folder / "talks.txt", TEXT, newline="\r\n")
    alice = [
        t_line(1, "PERSON", "Sergei Lavrov"),
        t_line(2, "CUE", "said"),
        t_line(3, "QUOTE", "We want peace"),
        t_line(4, "QUOTE", "that talks", "go on"),
        t_line(5, "PERSON", "he"),
        "R1\tSpeaker Arg1:T3 Arg2:T1",
        "R2\tCue Arg1:T3 Arg2:T2",
        "R3\tLikes Arg1:T1 Arg2:T5",
        "A1\tQuoteType T4 indirect",
        "A2\tNegated T1",
        "*\tEquiv T1 T5",
        "#1\tAnnotatorNotes T1\tthe foreign minister",
        t_line(6, "Saying", "added"),
        "E1\tSaying:T6 Agent:T1",
    ]
    write(folder / "talks.alice.ann", "\n".join(alice) + "\n", newline="\r\n")
    write(folder / "talks.bob.ann", t_line(1, "NEWS_PLACE", "Kyiv") + "\n")
    project = tmp_path / "p.sqlite"
    assert run("import", project, folder / "talks.txt").exit_code == 0
    labels = tmp_path / "labels.jsonl"  # a label with a space, which brat writes with _
    span = {"start": 0, "end": 1, "label": "NEWS PLACE", "layer": "entity"}
    line = {"text": TEXT, "spans": [span]}
    write(labels, json.dumps(line) + "\n")
    assert run("import", project, labels, "--add-labels", "--as", "carol").exit_code == 0
    result = run("import", project, folder, "--format", "brat")
    assert result.exit_code == 0, result.output
    assert "brat mapping: plain" in result.output
    assert rows(project, "SELECT text FROM documents") == [(TEXT,)]  # CRLF read as LF
    assert quotes_of(project, "alice") == [
        ("We want peace", "said", "Sergei Lavrov", "", "direct"),
        ("that talks | go on", None, None, "", "indirect"),
    ]
    mentions = rows(
        project,
        "SELECT s.text, e.name, s.note FROM spans s JOIN entities e ON e.id = s.entity_id "
        "ORDER BY s.start",
    )
    assert mentions == [
        ("Sergei Lavrov", "Sergei Lavrov", "the foreign minister"),
        ("he", "Sergei Lavrov", ""),
    ]
    assert rows(
        project,
        "SELECT s.text FROM spans s JOIN annotators a ON a.id = s.annotator_id "
        "WHERE a.name = 'bob'",
    ) == [("Kyiv",)]
    assert rows(project, "SELECT label FROM spans WHERE text = 'Kyiv'") == [("NEWS PLACE",)]
    for kind, line in [("relation Likes", 8), ("attribute Negated", 10)]:
        assert f"1 × {kind} (not mapped) (e.g. talks.alice.ann:{line})" in result.output
    assert (
        "1 × event Saying (not mapped) (e.g. talks.alice.ann:14 (its trigger not imported))"
        in result.output
    )


def test_unknown_labels_are_refused_unless_added(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    write(folder / "a.txt", TEXT)
    write(folder / "a.ann", t_line(1, "Politician", "Sergei Lavrov") + "\n")
    project = tmp_path / "p.sqlite"
    assert run("import", project, folder / "a.txt").exit_code == 0
    before = dump(project)
    refused = run("import", project, folder, "--format", "brat")
    assert refused.exit_code == 1
    assert "Politician" in refused.output
    assert dump(project) == before
    mapped = run("import", project, folder, "--format", "brat", "--map", "Politician=PERSON")
    assert mapped.exit_code == 0, mapped.output
    assert rows(project, "SELECT label FROM spans") == [("PERSON",)]
    assert rows(project, "SELECT count(*) FROM documents") == [(1,)]  # matched by its text


def test_a_folder_without_ann_files_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "corpus" / "a.txt", TEXT)
    result = run("import", tmp_path / "p.sqlite", tmp_path / "corpus", "--format", "brat")
    assert result.exit_code == 1
    assert "no .ann file" in result.output


def _content(project: Path, who: str) -> dict[str, list[tuple[object, ...]]]:
    """One annotator's work without ids: spans, quotes, entities."""
    spans = rows(
        project,
        "SELECT s.start, s.end, s.layer, s.label, s.note, e.name, e.type, e.wikidata "
        "FROM spans s JOIN annotators a ON a.id = s.annotator_id "
        "LEFT JOIN entities e ON e.id = s.entity_id WHERE a.id = ? ORDER BY 1, 2, 4",
        (who,),
    )
    quotes = rows(
        project,
        "SELECT (SELECT group_concat(sp.start || '-' || sp.end, ',') FROM quote_segments qs "
        "  JOIN spans sp ON sp.id = qs.span_id WHERE qs.quote_id = q.id),"
        " (SELECT start FROM spans WHERE id = q.cue_span_id),"
        " (SELECT name FROM entities WHERE id = q.speaker_entity_id),"
        " q.speaker_text, q.quote_type, q.note FROM quotes q WHERE q.annotator_id = ? ORDER BY 1",
        (who,),
    )
    entities = rows(
        project,
        "SELECT DISTINCT e.id, e.name, e.wikidata FROM entities e JOIN spans s "
        "ON s.entity_id = e.id WHERE s.annotator_id = ? ORDER BY 1",
        (who,),
    )
    claims = rows(
        project,
        "SELECT s.start, c.claimer_kind, e.name, c.stance, c.check_worthiness, c.verdict, "
        "c.evidence FROM claims c JOIN spans s ON s.id = c.span_id "
        "LEFT JOIN entities e ON e.id = c.claimer_entity_id WHERE s.annotator_id = ?",
        (who,),
    )
    return {"spans": spans, "quotes": quotes, "entities": entities, "claims": claims}


def native_source(path: Path) -> Path:
    """Two annotators' work as native lines: an entity with a Wikidata id and two mentions,
    a quote of two segments (one over a line break) with cue and speaker, a quote whose
    speaker is text only, a claim, notes, emoji before every span."""
    doc = Document("d1", TEXT, "Talks")

    def span(sid: str, who: Annotator, label: str, piece: str, layer: Layer, **kw: Any) -> Span:
        a, b = at(piece)
        return Span(sid, "d1", who.id, layer, label, a, b, TEXT[a:b], **kw)

    lavrov = Entity("e-lavrov", ME.id, "Sergei Lavrov", "PERSON", (), "Q70")
    spans = [
        span("m1", ME, "PERSON", "Sergei Lavrov", Layer.ENTITY, entity_id=lavrov.id, note="n1"),
        span("m2", ME, "PERSON", "he", Layer.ENTITY, entity_id=lavrov.id),
        span("q1", ME, "QUOTE", "We want peace", Layer.QUOTE),
        span("q2", ME, "QUOTE", "that talks\n\nwould", Layer.QUOTE, note="over a break"),
        span("q3", ME, "QUOTE", "on", Layer.QUOTE),
        span("cue1", ME, "CUE", "said", Layer.QUOTE),
        span("q4", ME, "QUOTE", "it was fair", Layer.QUOTE),
        span("c1", ME, "CLAIM", "talks", Layer.CLAIM),
    ]
    quotes = [
        Quote("quote1", "d1", ME.id, ("q1",), "cue1", lavrov.id),
        Quote("quote2", "d1", ME.id, ("q2", "q3"), None, lavrov.id, "", QuoteType.INDIRECT),
        Quote("quote3", "d1", ME.id, ("q4",), None, None, "The minister", note="odd"),
    ]
    claims = [Claim("c1", ClaimerKind.ENTITY, lavrov.id, Stance.DENIES, evidence="the text")]
    mine = write_document_line(doc, ME, Status.DONE, spans, quotes, claims, [lavrov])
    kyiv = [span("k1", BOB, "LOCATION", "Kyiv", Layer.ENTITY)]
    bobs = write_document_line(doc, BOB, Status.IN_PROGRESS, kyiv)
    lines = write(path.with_suffix(".jsonl"), mine + "\n" + bobs + "\n")
    assert run("import", path, lines).exit_code == 0
    return path


def test_ours_to_brat_to_ours_keeps_spans_quotes_entities_and_claims(tmp_path: Path) -> None:
    me = ME
    source = native_source(tmp_path / "source.sqlite")
    out = tmp_path / "brat"
    exported = run("export", source, "--all", "--format", "brat", "-o", out)
    assert exported.exit_code == 0, exported.output
    target = tmp_path / "target.sqlite"
    result = run("import", target, out, "--format", "brat")
    assert result.exit_code == 0, result.output
    assert "not mapped" not in result.output
    for who in (me.id, BOB.id):
        assert _content(target, who) == _content(source, who)
    assert _content(target, me.id)["quotes"]  # the round trip holds quotes, with speakers
    assert _content(target, me.id)["claims"]


@pytest.mark.parametrize(
    ("source", "entity"),
    [
        ("Sergei Lavrov", ("PERSON", "Sergei Lavrov")),
        ("Sen. Ted Cruz", ("PERSON", "Ted Cruz")),
        ("Mr. Trump's", ("PERSON", "Trump")),
        ("Dan Backer, the conservative attorney", ("PERSON", "Dan Backer")),
        ("former FBI agent Timothy Gill", ("PERSON", "Timothy Gill")),
        ("Democratic Senatorial Campaign Committee Chairman Jon Tester", ("PERSON", "Jon Tester")),
        ("George Zornick of The Nation", ("PERSON", "George Zornick")),
        ("the Associated Press", ("ORGANIZATION", "Associated Press")),
        ("The New York Times", ("ORGANIZATION", "New York Times")),
        ("CNN", ("ORGANIZATION", "CNN")),
        ("he", None),
        ("We", None),
        ("officials", None),
        ("a spokesman for the campaign", None),
        ("a U.S. District Court judge", None),
        ("Republicans", None),
        ("Edwards and others", None),
        ("She and her husband", None),
        ("14 percent", None),
        # a title's "of" complement is no part of the name; days and months name nobody
        ("Secretary of State John Kerry", ("PERSON", "John Kerry")),
        ("Palm Beach County Supervisor of Elections Susan Bucher", ("PERSON", "Susan Bucher")),
        ("Chief Of Staff Rahm Emanuel", ("PERSON", "Rahm Emanuel")),
        ("Secretary of Homeland Security Jeh Johnson", ("PERSON", "Jeh Johnson")),
        ("the Governor of New York", None),
        ("Jimmy Carter of Georgia", ("PERSON", "Jimmy Carter")),
        ("former Gov. Jeb Bush of Florida", ("PERSON", "Jeb Bush")),
        ("a statement released Tuesday", None),
        ("Monday", None),
        ("April Ryan", ("PERSON", "April Ryan")),
    ],
)
def test_a_source_names_someone_or_stays_a_source(
    source: str, entity: tuple[str, str] | None
) -> None:
    assert source_entity(source) == entity


def test_importing_again_adds_nothing_and_one_annotators_second_file_is_left_out(
    polnear: Path, tmp_path: Path
) -> None:
    project = tmp_path / "p.sqlite"
    assert run("import", project, polnear, "--format", "brat").exit_code == 0
    before = dump(project)
    again = run("import", project, polnear, "--format", "brat")
    assert again.exit_code == 0, again.output
    assert "nothing new (2 lines already in the project)" in again.output
    assert dump(project) == before
    # the same text under another name, annotated by 4e07 again: reported, the rest imported
    write(polnear / "text" / "copy.txt", TEXT)
    write(polnear / "attributions" / "copy_4e07.ann", t_line(1, "Source", "Officials") + "\n")
    third = run("import", tmp_path / "q.sqlite", polnear, "--format", "brat")
    assert third.exit_code == 0, third.output
    assert (
        "1 × second .ann of one annotator on one text (left out) (e.g. "
        f"attributions/{NAME}_4e07.ann (4e07's work on it is attributions/copy_4e07.ann))"
    ) in third.output
    assert "1 × text identical to another (one document) (e.g. text/" in third.output


def test_an_ann_file_alone_is_brat_and_finds_its_text(polnear: Path, tmp_path: Path) -> None:
    """No --format: a .ann file is brat; its text is beside it or in text/ beside its folder."""
    project = tmp_path / "p.sqlite"
    result = run("import", project, polnear / "attributions" / f"{NAME}_d473.ann")
    assert result.exit_code == 0, result.output
    assert quotes_of(project, "d473") == [
        ("“We want peace,”", "said", "Sergei Lavrov", "", "direct")
    ]
    assert rows(project, "SELECT source FROM documents") == [(f"{NAME}.txt",)]


@pytest.mark.parametrize(
    ("segments", "kind"),
    [
        (["“We want peace,”"], "direct"),
        (['"We want peace."'], "direct"),
        (["“A quote over paragraphs", "“that ends here.”"], "direct"),
        (["that talks would go on"], "indirect"),
        (["the plan was “a disaster”"], "partial"),
        (["“We want it,”", "that it is fair"], "mixed"),
        (["the candidate’s plan"], "indirect"),  # an apostrophe is no quotation mark
    ],
)
def test_the_quote_type_follows_the_quotation_marks(segments: list[str], kind: str) -> None:
    assert quote_type(segments).value == kind


def test_a_named_source_links_to_the_entity_already_in_the_project(
    polnear: Path, tmp_path: Path
) -> None:
    """4e07 already has the entity "Sergey Lavrov" (alias "Sergei Lavrov"): the Source
    "Sergei Lavrov" is linked to it, not made a second entity."""
    who = Annotator(named_annotator_id("4e07"), "4e07")
    other = "Sergei Lavrov spoke."
    lavrov = Entity("e-lavrov", who.id, "Sergey Lavrov", "PERSON", ("Sergei Lavrov",))
    mention = Span(
        "m1", "d0", who.id, Layer.ENTITY, "PERSON", 0, 13, other[:13], entity_id="e-lavrov"
    )
    line = write_document_line(
        Document("d0", other, "Other"), who, Status.DONE, [mention], entities=[lavrov]
    )
    project = tmp_path / "p.sqlite"
    assert run("import", project, write(tmp_path / "other.jsonl", line + "\n")).exit_code == 0
    result = run("import", project, polnear, "--format", "brat")
    assert result.exit_code == 0, result.output
    assert rows(
        project,
        "SELECT DISTINCT q.speaker_entity_id FROM quotes q WHERE q.annotator_id = ? "
        "AND q.speaker_entity_id IS NOT NULL",
        (who.id,),
    ) == [("e-lavrov",)]
    assert rows(project, "SELECT count(*) FROM entities WHERE annotator_id = ?", (who.id,)) == [
        (1,)
    ]


def test_a_mapping_file_turns_another_scheme_into_quotes(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    write(folder / "talks.txt", TEXT)
    lines = [
        t_line(1, "Speaker", "Sergei Lavrov"),
        t_line(2, "Verb", "said"),
        t_line(3, "Message", "We want peace"),
        "E1\tQuotation:T2 Speaker:T1 Verb:T2 Message:T3",
        t_line(4, "Place", "Kyiv"),
        t_line(5, "Topic", "talks"),
    ]
    write(folder / "talks.ann", "\n".join(lines) + "\n")
    mapping = tmp_path / "mapping.json"
    spec = {
        "quote_events": ["Quotation"],
        "roles": {"Speaker": "speaker", "Verb": "cue", "Message": "segment"},
        "labels": {"Place": "LOCATION"},
    }
    mapping.write_text(json.dumps(spec), "utf-8")
    project = tmp_path / "p.sqlite"
    result = run("import", project, folder, "--format", "brat", "--brat-mapping", mapping)
    assert result.exit_code == 0, result.output
    assert quotes_of(project, "tester") == [
        ("We want peace", "said", "Sergei Lavrov", "", "indirect")  # no quotation marks
    ]
    assert rows(project, "SELECT label FROM spans WHERE text = 'Kyiv'") == [("LOCATION",)]
    assert "1 × T Topic (not mapped) (e.g. talks.ann:6)" in result.output
    before = dump(project)
    mapping.write_text(json.dumps({**spec, "roles": {"Message": "content"}}), "utf-8")
    refused = run("import", project, folder, "--format", "brat", "--brat-mapping", mapping)
    assert refused.exit_code == 1
    assert f"--brat-mapping {mapping}: 'roles' must give each event role one of" in refused.output
    assert dump(project) == before


def test_a_fifo_named_ann_is_not_read(tmp_path: Path) -> None:
    """A special file is never opened (reading a FIFO would wait for ever)."""
    fifo = tmp_path / "doc.ann"
    os.mkfifo(fifo)
    result = run("import", tmp_path / "p.sqlite", fifo, "--format", "brat")
    assert result.exit_code == 1
    assert "no .ann file" in result.output


CASES = "Politico said “one.” POLITICO reported “two.”\n"


def _politico(n: int, source: str, content: str, text: str) -> list[str]:
    return [
        t_line(n, "Source", source, text=text),
        t_line(n + 1, "Content", content, text=text),
        f"E{n}\tAttribution:T{n + 1} Content:T{n + 1} Source:T{n}",
    ]


def test_names_differing_in_case_are_one_entity_and_importing_again_adds_nothing(
    tmp_path: Path,
) -> None:
    """ "Politico" and "POLITICO" (one file, and across two files of one annotator) are one
    entity: the id comes from the key names are looked up by, so a second import adds nothing."""
    corpus = tmp_path / "corpus"
    write(corpus / "text" / "a.txt", CASES)
    write(corpus / "text" / "b.txt", "POLITICO wrote “three.”\n")
    both = _politico(1, "Politico", "“one.”", CASES) + _politico(3, "POLITICO", "“two.”", CASES)
    write(corpus / "attributions" / "a_4e07.ann", "\n".join(both) + "\n")
    other = _politico(1, "POLITICO", "“three.”", "POLITICO wrote “three.”\n")
    write(corpus / "attributions" / "b_4e07.ann", "\n".join(other) + "\n")
    project = tmp_path / "p.sqlite"
    first = run("import", project, corpus, "--format", "brat")
    assert first.exit_code == 0, first.output
    assert rows(project, "SELECT name FROM entities") == [("Politico",)]
    before = dump(project)
    again = run("import", project, corpus, "--format", "brat")
    assert again.exit_code == 0, again.output
    assert "nothing new" in again.output
    assert dump(project) == before


def test_an_ann_goes_with_the_text_of_its_own_folder(tmp_path: Path) -> None:
    """train/001 and dev/001: each .ann with the text beside it, none lost."""
    corpus = tmp_path / "corpus"
    dev = "Officials said nothing.\n"
    write(corpus / "train" / "001.txt", TEXT)
    write(corpus / "train" / "001.ann", t_line(1, "PERSON", "Sergei Lavrov") + "\n")
    write(corpus / "dev" / "001.txt", dev)
    write(corpus / "dev" / "001.ann", t_line(1, "PERSON", "Officials", text=dev) + "\n")
    project = tmp_path / "p.sqlite"
    result = run("import", project, corpus, "--format", "brat", "--add-labels")
    assert result.exit_code == 0, result.output
    assert rows(project, "SELECT text FROM spans ORDER BY 1") == [
        ("Officials",),
        ("Sergei Lavrov",),
    ]
    assert "not mapped" not in result.output


def test_upper_case_suffixes_are_brat_files(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write(corpus / "TALKS.TXT", TEXT)
    write(corpus / "TALKS.ANN", t_line(1, "PERSON", "Sergei Lavrov") + "\n")
    project = tmp_path / "p.sqlite"
    result = run("import", project, corpus, "--format", "brat", "--add-labels")
    assert result.exit_code == 0, result.output
    assert rows(project, "SELECT text FROM spans") == [("Sergei Lavrov",)]


def test_a_folder_holding_ann_files_is_brat_without_format(polnear: Path, tmp_path: Path) -> None:
    """No --format: a folder with .ann files (here under attributions/) is a brat corpus, its
    texts never imported as bare articles with the annotations left aside."""
    project = tmp_path / "p.sqlite"
    result = run("import", project, polnear, "--metadata", polnear / "metadata.tsv")
    assert result.exit_code == 0, result.output
    assert "brat mapping: polnear" in result.output
    assert quotes_of(project, "d473") == [
        ("“We want peace,”", "said", "Sergei Lavrov", "", "direct")
    ]
    assert rows(project, "SELECT count(*) FROM documents") == [(1,)]


def test_an_event_trigger_is_the_cue_or_reported(tmp_path: Path) -> None:
    """A trigger that is not the event's cue is reported, never dropped in silence; a
    trigger typed as a cue, or any with "trigger": "cue", is the cue of an event without one."""
    folder = tmp_path / "corpus"
    write(folder / "talks.txt", TEXT)
    lines = [
        t_line(1, "Speaker", "Sergei Lavrov"),
        t_line(2, "Verb", "said"),
        t_line(3, "Message", "We want peace"),
        "E1\tQuotation:T2 Speaker:T1 Message:T3",  # the Verb trigger, no cue role
        t_line(4, "Act", "added"),
        t_line(5, "Message", "would go on"),
        "E2\tQuotation:T4 Speaker:T1 Message:T5",  # a trigger of no role's type
    ]
    write(folder / "talks.ann", "\n".join(lines) + "\n")
    mapping = tmp_path / "mapping.json"
    spec = {
        "quote_events": ["Quotation"],
        "roles": {"Speaker": "speaker", "Verb": "cue", "Message": "segment"},
    }
    mapping.write_text(json.dumps(spec), "utf-8")
    project = tmp_path / "p.sqlite"
    result = run("import", project, folder, "--format", "brat", "--brat-mapping", mapping)
    assert result.exit_code == 0, result.output
    assert [q[:2] for q in quotes_of(project, "tester")] == [
        ("We want peace", "said"),
        ("would go on", None),
    ]
    assert "1 × event trigger (not mapped) (e.g. talks.ann:7 (Act 'added'))" in result.output
    mapping.write_text(json.dumps({**spec, "trigger": "cue"}), "utf-8")
    other = tmp_path / "q.sqlite"
    result = run("import", other, folder, "--format", "brat", "--brat-mapping", mapping)
    assert result.exit_code == 0, result.output
    assert [q[:2] for q in quotes_of(other, "tester")] == [
        ("We want peace", "said"),
        ("would go on", "added"),
    ]
    assert "event trigger" not in result.output
    mapping.write_text(json.dumps({**spec, "trigger": "speaker"}), "utf-8")
    refused = run(
        "import", tmp_path / "r.sqlite", folder, "--format", "brat", "--brat-mapping", mapping
    )
    assert refused.exit_code == 1
    assert "'trigger' can only be \"cue\"" in refused.output


@pytest.mark.timeout(20)
@pytest.mark.parametrize("option", ["--metadata", "--brat-mapping"])
def test_a_fifo_as_metadata_or_mapping_is_refused_not_waited_on(
    polnear: Path, tmp_path: Path, option: str
) -> None:
    fifo = tmp_path / "table.tsv"
    os.mkfifo(fifo)
    project = tmp_path / "p.sqlite"
    result = run("import", project, polnear, "--format", "brat", option, fifo)
    assert result.exit_code == 1
    assert f"{option} {fifo} is a FIFO" in result.output
    assert not project.exists()


def test_a_bad_reference_note_is_reported_and_the_rest_of_the_file_imported(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "corpus"
    write(folder / "talks.txt", TEXT)
    lines = [
        t_line(1, "PERSON", "Sergei Lavrov"),
        t_line(2, "LOCATION", "Kyiv"),
        "N1\tReference T1 Wikidata:Q42\t",  # no name for the entity
        "N2\tReference T2 Wikidata:Q1899\tKyiv",
    ]
    write(folder / "talks.ann", "\n".join(lines) + "\n")
    project = tmp_path / "p.sqlite"
    result = run("import", project, folder, "--format", "brat", "--add-labels")
    assert result.exit_code == 0, result.output
    assert rows(project, "SELECT text FROM spans ORDER BY 1") == [("Kyiv",), ("Sergei Lavrov",)]
    assert rows(project, "SELECT name, wikidata FROM entities") == [("Kyiv", "Q1899")]
    assert (
        "1 × Reference note not imported (e.g. talks.ann:3 (no entity name (its text is empty)))"
        in result.output
    )
