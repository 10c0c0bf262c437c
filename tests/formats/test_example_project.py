"""The example project's annotations, kept as source in native JSONL and loaded when it is built."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.app.projects import ANNOTATIONS_FILE, PROJECT_FILE, build_from_sources
from annotator.core.links import CUE_LABEL, ClaimerKind, QuoteType
from annotator.core.model import Annotator, Layer, Status
from annotator.core.scheme import load_default_scheme
from annotator.formats.jsonl import JsonlError, document_lines
from annotator.session import Session
from tests.conftest import EXAMPLE

EXAMPLE_ANNOTATOR = Annotator("0000000000000000000000000000e001", "example")
ARTICLE = "2025-03-03-lavrov-peacekeepers.txt"


@pytest.fixture
def folder(example_copy: Path) -> Path:
    shutil.copy(EXAMPLE / ANNOTATIONS_FILE, example_copy / ANNOTATIONS_FILE)
    return example_copy


@pytest.fixture
def built(folder: Path) -> Iterator[tuple[Session, str]]:
    """The example built from its sources, seen by the annotator of its annotations."""
    path = build_from_sources(folder)
    session = Session.open(path, EXAMPLE_ANNOTATOR, scheme=load_default_scheme())
    doc = next(d.id for d in session.documents() if Path(d.source).name == ARTICLE)
    yield session, doc
    session.close()


def test_the_example_article_is_annotated_and_complete(built: tuple[Session, str]) -> None:
    session, doc = built
    assert session.links.checklist(doc) == []
    meta = session.document_meta(doc)
    assert meta is not None and meta.status is Status.DONE and meta.warnings == 0
    text = session.document(doc).text
    spans = session.spans(doc)
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert {s.layer for s in spans} == set(Layer)
    others = [d for d in session.documents() if d.id != doc]
    assert others and all(d.span_count == 0 for d in others)


def test_every_quote_has_a_speaker_and_every_direct_quote_is_annotated(
    built: tuple[Session, str],
) -> None:
    session, doc = built
    text = session.document(doc).text
    spans = {s.id: s for s in session.spans(doc)}
    quotes = session.links.quotes(doc)
    assert all(q.speaker_entity_id is not None for q in quotes)
    speakers = {
        session.registry.entity(q.speaker_entity_id).name for q in quotes if q.speaker_entity_id
    }
    assert {"Keir Starmer", "Sergey Lavrov"} <= speakers
    # every opening quotation mark in the article starts a quote segment (Starmer's and Lavrov's)
    starts = {spans[i].start for q in quotes for i in q.segment_ids}
    marks = [i + 1 for i, ch in enumerate(text) if ch == "“"]
    assert marks and all(mark in starts for mark in marks)
    # quotes that run over paragraphs are one quote with several segments, and have a cue
    long = [q for q in quotes if len(q.segment_ids) > 1]
    assert len(long) >= 2 and all(q.cue_span_id for q in long)
    assert all(spans[q.cue_span_id].label == CUE_LABEL for q in quotes if q.cue_span_id)
    assert "told Russian media" in {spans[q.cue_span_id].text for q in quotes if q.cue_span_id}
    assert {q.quote_type for q in quotes} >= {QuoteType.DIRECT, QuoteType.PARTIAL}


def test_lavrov_is_one_entity_with_both_spellings(built: tuple[Session, str]) -> None:
    session, doc = built
    text = session.document(doc).text
    caption_end = text.index("\n")
    lavrov = session.registry.entity("e-lavrov")
    assert {"Sergey Lavrov", "Sergei Lavrov"} <= set(lavrov.names)
    mentions = [s for s in session.spans(doc) if s.entity_id == lavrov.id]
    assert any(s.text == "Sergey Lavrov" and s.end <= caption_end for s in mentions)
    assert any(s.text == "Sergei Lavrov" and s.start > caption_end for s in mentions)
    assert session.registry.mention_counts()[lavrov.id] == (len(mentions), 1)
    # no two of the example annotator's entities share a name: spelling variants are merged
    names = [
        n.casefold()
        for e in session.registry.entities()
        if e.annotator_id == EXAMPLE_ANNOTATOR.id
        for n in e.names
    ]
    assert len(names) == len(set(names))
    for person in ("Keir Starmer", "Vladimir Putin", "Volodymyr Zelenskyy", "Donald Trump"):
        entity = next(
            e
            for e in session.registry.entities()
            if e.name == person and e.annotator_id == EXAMPLE_ANNOTATOR.id
        )
        assert len({s.text for s in session.spans(doc) if s.entity_id == entity.id}) >= 2


def test_claims_have_claimers_of_each_kind(built: tuple[Session, str]) -> None:
    session, doc = built
    claims = session.links.claims(doc, EXAMPLE_ANNOTATOR.id)
    claim_spans = [s for s in session.spans(doc) if s.layer is Layer.CLAIM]
    assert set(claims) == {s.id for s in claim_spans}
    kinds = {c.claimer_kind for c in claims.values()}
    assert kinds == {ClaimerKind.ENTITY, ClaimerKind.AUTHOR, ClaimerKind.QUOTE}
    for span in claim_spans:  # "quote": the claim lies inside a quote segment
        if claims[span.id].claimer_kind is ClaimerKind.QUOTE:
            segments = [s for s in session.spans(doc) if s.layer is Layer.QUOTE]
            assert any(s.start <= span.start and span.end <= s.end for s in segments)


def test_the_source_file_is_what_the_writer_writes(built: tuple[Session, str]) -> None:
    session, _ = built
    (line,) = document_lines(session.rows, [EXAMPLE_ANNOTATOR.id])
    source = json.loads((EXAMPLE / ANNOTATIONS_FILE).read_text("utf-8").splitlines()[0])
    exported = json.loads(line)
    # the document's id and source are the built project's own; everything else is the file's
    for obj in (source, exported):
        obj["id"] = ""
        obj["meta"]["source"] = ""
    assert exported == source


def test_broken_annotations_leave_no_project_and_name_the_line(folder: Path) -> None:
    first, *rest = (folder / ANNOTATIONS_FILE).read_text("utf-8").splitlines()
    obj = json.loads(first)
    obj["spans"][3]["end"] += 1
    (folder / ANNOTATIONS_FILE).write_text("\n".join([json.dumps(obj), *rest]) + "\n", "utf-8")
    with pytest.raises(JsonlError, match=rf"{ANNOTATIONS_FILE}, line 1: span 's-004'"):
        build_from_sources(folder)
    assert sorted(p.name for p in folder.iterdir()) == [ANNOTATIONS_FILE, "articles"]
    assert not (folder / PROJECT_FILE).exists()


def test_a_second_annotator_disagrees_in_realistic_ways(built: tuple[Session, str]) -> None:
    """The example ships two annotators' work so that agreement shows something at once."""
    session, doc = built
    a = {(s.start, s.end, s.label) for s in session.spans(doc, EXAMPLE_ANNOTATOR.id)}
    blanca = next(x for x in session.annotators() if x.name == "blanca")
    b = {(s.start, s.end, s.label) for s in session.spans(doc, blanca.id)}
    only_a, only_b = a - b, b - a
    text = session.document(doc).text
    assert any(text[s:e] == "Presidential Palace" for s, e, _ in only_a)  # a boundary
    assert any(text[s:e] == "the Presidential Palace" for s, e, _ in only_b)
    assert any(lb == "OTHER" and text[s:e] == "Associated Press" for s, e, lb in only_b)
    assert (
        len(session.links.quotes(doc, blanca.id))
        == len(session.links.quotes(doc, EXAMPLE_ANNOTATOR.id)) - 1
    )  # a missed quote
