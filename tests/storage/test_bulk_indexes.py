"""A bulk write into a project without documents builds its indexes after the rows, unseen:
the schema is the same afterwards, other connections never miss an index, and a failed write
leaves the indexes as they were."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.model import Annotator
from annotator.core.rows import BulkBatch
from annotator.core.scheme import load_default_scheme
from annotator.session import Session
from annotator.storage.errors import BulkConflict

ANA = Annotator("a" * 32, "ana")
STAMP = "2026-01-01T00:00:00.000+00:00"


def _open(path: Path) -> Session:
    return Session.open(path, ANA, scheme=load_default_scheme())


def _schema(path: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
        ).fetchall()
    finally:
        conn.close()


def _indexes(path: Path) -> set[str]:
    return {name for kind, name, _ in _schema(path) if kind == "index"}


def _batch(n: int, first: int = 0) -> BulkBatch:
    """``n`` documents, each with a linked mention, a quote (segment and cue) and a claim."""
    batch = BulkBatch(annotators=[(ANA.id, ANA.name, STAMP)])
    for i in range(first, first + n):
        text = f"Lavrov said peace talks would resume in Geneva, document {i}."
        doc = f"{i:032x}"
        sha = hashlib.sha256(text.encode()).hexdigest()
        batch.documents.append((doc, sha, text, f"Article {i}", "2026-01-02", "", STAMP, "{}"))
        entity = f"e{i:031x}"
        batch.entities.append((entity, ANA.id, f"Lavrov {i}", "PERSON", "[]", "", STAMP, ""))
        who = ANA.id
        spans = [
            (f"m{i:031x}", doc, who, "entity", "PERSON", 0, 6, "Lavrov", "", STAMP, "", entity),
            (f"c{i:031x}", doc, who, "quote", "CUE", 7, 11, "said", "", STAMP, "", None),
            (f"q{i:031x}", doc, who, "quote", "QUOTE", 12, 32, text[12:32], "", STAMP, "", None),
            (f"k{i:031x}", doc, who, "claim", "CLAIM", 12, 47, text[12:47], "", STAMP, "", None),
        ]
        batch.spans += spans
        quote = f"u{i:031x}"
        batch.quotes.append((quote, doc, who, spans[1][0], entity, "", "direct", "", STAMP, ""))
        batch.segments.append((quote, spans[2][0], 0))
        batch.claims.append(
            (spans[3][0], "author", None, "asserts", "unsure", "unverified", "", "")
        )
        batch.statuses.append((doc, who, "done", STAMP))
    return batch


def test_a_load_into_a_new_project_ends_with_the_schema_it_began_with(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    session = _open(path)
    session.close()
    before = _schema(path)
    assert {"spans_by_document", "spans_by_entity", "quotes_by_document"} <= _indexes(path)
    session = _open(path)
    totals = session.rows.write([_batch(30), _batch(30, first=30)])
    session.close()
    assert (totals.documents, totals.spans, totals.quotes) == (60, 240, 60)
    assert _schema(path) == before
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    plan = conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM spans WHERE document_id = ? AND annotator_id = ?",
        (f"{3:032x}", ANA.id),
    ).fetchall()
    conn.close()
    assert "spans_by_document" in " ".join(str(step) for step in plan)


def test_other_connections_see_every_index_while_the_load_runs(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    session = _open(path)
    seen: list[set[str]] = []

    def batches() -> Iterator[BulkBatch]:
        yield _batch(10)
        seen.append(_indexes(path))  # another connection, mid-write
        yield _batch(10, first=10)

    session.rows.write(batches())
    session.close()
    assert {"spans_by_document", "spans_by_entity", "quotes_by_document"} <= seen[0]


def test_a_load_that_fails_leaves_the_indexes_and_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    session = _open(path)
    session.close()
    before = _schema(path)
    session = _open(path)
    with pytest.raises(BulkConflict):
        session.rows.write([_batch(10), _batch(10, first=5)])  # documents 5-9 twice
    assert session.rows.document_count() == 0

    def broken() -> Iterator[BulkBatch]:
        yield _batch(10)
        raise RuntimeError("the file ended early")

    with pytest.raises(RuntimeError):
        session.rows.write(broken())
    assert session.rows.document_count() == 0
    session.rows.write([_batch(3)])  # and the project takes a load afterwards
    session.close()
    assert _schema(path) == before


def test_a_load_into_a_project_with_documents_keeps_its_indexes(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    session = _open(path)
    session.rows.write([_batch(5)])
    before = _schema(path)
    session.rows.write([_batch(5, first=5)])
    session.close()
    assert _schema(path) == before
    assert len(_indexes(path)) > 3
