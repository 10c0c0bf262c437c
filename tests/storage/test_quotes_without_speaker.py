"""Migration 0013: the quotes without a speaker are read from an index of their own, by the
search filter "has a quote without speaker" and by the document list's warning count, in a
new project and in one upgraded from schema 12; what is found is the same either way, and a
speaker text of blanks only (as Python's ``str.strip`` sees them) is no speaker."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.app.projects import open_session
from annotator.core.articles import parse_article
from annotator.core.links import Quote
from annotator.core.model import Layer, new_id
from annotator.core.search import SearchFilters
from annotator.storage.migrations import QUOTES_WITHOUT_SPEAKER_INDEX, SCHEMA_VERSION
from annotator.storage.search import _filter_sql
from tests.storage.older_schema import as_of_schema, schema_of

INDEX = "quotes_without_speaker"
ARTICLES = {
    f"a{k}.txt": f"Article {k}\n\nThe mayor said the station would close in {k} weeks.\n"
    for k in range(4)
}


@pytest.fixture
def project(project_path: Path) -> Iterator[Path]:
    """Four documents: a quote with no speaker (0), one whose speaker text is blanks only (1),
    one with a speaker text (2), none (3)."""
    session = open_session(project_path)
    session.import_articles(
        [(name, parse_article(text.encode("utf-8"))) for name, text in ARTICLES.items()]
    )
    label = session.scheme.get(Layer.QUOTE, "QUOTE")
    assert label is not None
    docs = {m.title: m.id for m in session.documents()}
    for k, speaker in ((0, ""), (1, "\u00a0\u2003 \t"), (2, "the mayor")):
        doc = docs[f"Article {k}"]
        text = session.document(doc).text
        start = text.index("the station")
        span = session.new_span(doc, start, start + 11, label)
        quote = Quote(
            id=new_id(),
            document_id=doc,
            annotator_id=session.annotator.id,
            segment_ids=(span.id,),
            speaker_text=speaker,
        )
        session.add_span(span, quote=quote)
    session.close()
    yield project_path


def _found(path: Path) -> tuple[set[str], dict[str, int]]:
    """The titles the filter finds (with and without words), and the document list's
    warnings per title."""
    session = open_session(path)
    try:
        titles = {}
        for query in ("station", ""):
            filters = session.search.filters(quote_without_speaker=True)
            hits = session.search.find(query, filters).hits
            titles[query] = {session.document(h.document_id).title for h in hits}
        assert titles["station"] == titles[""]
        warnings = {m.title: m.warnings for m in session.documents()}
        return titles[""], warnings
    finally:
        session.close()


def _plan(path: Path) -> str:
    where, params = _filter_sql(SearchFilters(annotator_id="a", quote_without_speaker=True))
    conn = sqlite3.connect(path)
    try:
        sql = f"EXPLAIN QUERY PLAN SELECT d.id FROM documents d WHERE 1 {where}"
        return " / ".join(str(r[-1]) for r in conn.execute(sql, params))
    finally:
        conn.close()


def test_the_filter_reads_the_index_and_blank_speakers_are_none(project: Path) -> None:
    assert f"USING INDEX {INDEX}" in _plan(project)
    titles, warnings = _found(project)
    assert titles == {"Article 0", "Article 1"}
    assert warnings == {"Article 0": 1, "Article 1": 1, "Article 2": 0, "Article 3": 0}


def test_a_project_of_schema_12_gets_the_index_and_finds_the_same(project: Path) -> None:
    as_of_schema(project, 12)
    assert INDEX not in _plan(project)
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:  # (read without opening: an open upgrades the file)
        before = {
            r[0]
            for r in conn.execute(
                "SELECT d.title FROM documents d WHERE EXISTS (SELECT 1 FROM quotes q"
                " WHERE q.document_id = d.id AND q.speaker_entity_id IS NULL"
                " AND q.speaker_text = '')"
            )
        }
    finally:
        conn.close()
    assert before == {"Article 0"}  # (SQL's plain test misses the blanks; ours does not)
    titles, warnings = _found(project)  # the open upgrades it
    version, made = schema_of(project)
    assert version == SCHEMA_VERSION
    assert QUOTES_WITHOUT_SPEAKER_INDEX in made
    assert f"USING INDEX {INDEX}" in _plan(project)
    assert titles == {"Article 0", "Article 1"}
    assert warnings["Article 1"] == 1 and warnings["Article 2"] == 0
