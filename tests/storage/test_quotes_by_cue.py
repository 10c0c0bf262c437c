"""Migration 0014: the quote a span is in (as a segment or as its cue) is found through two
indexes, not a pass over every quote, in a new project and in one upgraded from schema 13;
what is found is the same either way."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.app.projects import open_session
from annotator.core.articles import parse_article
from annotator.core.model import Layer
from annotator.storage.links import QUOTE_OF_SPAN
from annotator.storage.migrations import QUOTES_BY_CUE_INDEX, SCHEMA_VERSION
from tests.storage.older_schema import as_of_schema, schema_of

TEXT = "Article\n\nThe mayor said the station would close, and the bus would stop.\n"


@pytest.fixture
def project(project_path: Path) -> Iterator[Path]:
    """One document: a quote of two segments with a cue, and a span in no quote."""
    session = open_session(project_path)
    session.import_articles([("a.txt", parse_article(TEXT.encode("utf-8")))])
    [meta] = session.documents()
    text = session.document(meta.id).text

    def span(piece: str, layer: Layer, label: str):  # type: ignore[no-untyped-def]
        start = text.index(piece)
        found = session.scheme.get(layer, label)
        assert found is not None
        made = session.new_span(meta.id, start, start + len(piece), found)
        session.add_span(made)
        return made

    first = span("the station would close", Layer.QUOTE, "QUOTE")
    second = span("the bus would stop", Layer.QUOTE, "QUOTE")
    cue = span("said", Layer.QUOTE, "CUE")
    span("mayor", Layer.ENTITY, "PERSON")
    quote = session.links.new_quote(first)
    session.links.add_quote(quote)
    session.links.update_quote(
        quote.with_changes(segment_ids=(first.id, second.id), cue_span_id=cue.id)
    )
    session.close()
    yield project_path


def _plan(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        sql = f"EXPLAIN QUERY PLAN SELECT id FROM quotes WHERE {QUOTE_OF_SPAN}"
        return " / ".join(str(r[-1]) for r in conn.execute(sql, ["x", "x"]))
    finally:
        conn.close()


def _found(path: Path) -> dict[str, str | None]:
    """The quote of each span, by the span's text."""
    session = open_session(path)
    try:
        [meta] = session.documents()
        found = {}
        for span in session.spans(meta.id):
            quote = session.links.quote_of_span(span.id)
            found[span.text] = quote.id if quote is not None else None
        return found
    finally:
        session.close()


def _checked(found: dict[str, str | None]) -> None:
    quote = found["said"]
    assert quote is not None
    assert found == {
        "said": quote,
        "the station would close": quote,
        "the bus would stop": quote,
        "mayor": None,
    }


def test_the_quote_of_a_span_is_read_from_the_indexes(project: Path) -> None:
    plan = _plan(project)
    assert "USING INDEX quotes_by_cue" in plan and "SCAN quotes" not in plan
    _checked(_found(project))


def test_a_project_of_schema_13_gets_the_index_and_finds_the_same(project: Path) -> None:
    as_of_schema(project, 13)
    assert "SCAN quotes" in _plan(project)  # every quote read, for each question
    found = _found(project)  # the open upgrades it
    version, made = schema_of(project)
    assert version == SCHEMA_VERSION
    assert QUOTES_BY_CUE_INDEX in made
    assert "SCAN quotes" not in _plan(project)
    _checked(found)
