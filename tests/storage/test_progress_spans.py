"""``storage.progress``: the spans compared (each done document of the overlap) are read as
one JSON array per document, and come out as the spans' rows are in the file: every field,
labels with characters JSON escapes, a compared document without spans, in
order, and none of a document not compared."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from random import Random

import pytest

from annotator.app.projects import open_session
from annotator.core.model import Annotator, Document, Layer, Span, Status
from annotator.session import Session
from tests.builders import put_documents, put_work

ANN = Annotator("aaaa1111", "alice")
LABELS = ["PERSON", 'say "hi"', "back\\slash", "Ünïcode 🇫🇷", "tab\there", "ORG"]
DOCS = ["d0", "d1", "d2", "d3"]  # d0-d2 of the overlap; d2 has no spans; d3 not compared


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    s = open_session(tmp_path / "p.sqlite")
    yield s
    s.close()


def _spans(rnd: Random, doc: str) -> list[Span]:
    found = []
    for k in range(rnd.randrange(6, 30)):
        start = rnd.randrange(0, 90)
        end = start + rnd.randrange(1, 10)
        layer = rnd.choice([Layer.ENTITY, Layer.QUOTE, Layer.CLAIM])
        found.append(
            Span(f"{doc}-{k}", doc, ANN.id, layer, LABELS[k % len(LABELS)], start, end, "")
        )
    return found


def _rows(path: Path, doc: str) -> tuple[tuple[object, ...], ...]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            'SELECT start, "end", layer, label FROM spans WHERE annotator_id = ? '
            "AND document_id = ?",
            [ANN.id, doc],
        ).fetchall()
    return tuple(sorted(rows))


def test_the_compared_spans_as_their_rows(session: Session) -> None:
    rnd = Random(3)
    put_documents(session, [Document(d, d * 50, d) for d in DOCS])
    spans = [s for d in ("d0", "d1", "d3") for s in _spans(rnd, d)]
    done = {d: Status.DONE for d in DOCS}
    put_work(session, ANN, spans, statuses=done)
    session.assignments.add((d, "alice") for d in DOCS)
    work = session.team_progress.work("alice", ANN.id, DOCS, {"d0", "d1", "d2"})
    assert set(work.spans) == {"d0", "d1", "d2"}
    assert work.spans["d2"] == ()
    for doc in ("d0", "d1"):
        assert work.spans[doc] == _rows(session.path, doc)
    assert {s[3] for d in ("d0", "d1") for s in work.spans[d]} == set(LABELS)
    assert work.started == work.done == frozenset(DOCS)
