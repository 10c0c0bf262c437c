"""``storage.progress``: the work compared (each done document of the overlap) is read as JSON
arrays per document, and comes out as the review reads it (``session.review.work_of``): every
span field in the same order, labels with characters JSON escapes, entity mentions, a quote of
two segments with its speaker's names, claims with and without their attributes' row; a
compared document without spans; none of a document not compared."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from random import Random

import pytest

from annotator.app.projects import open_session
from annotator.core.agreement.records import Work
from annotator.core.links import Claim, Entity, Quote, Verdict
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


def test_the_compared_work_as_the_review_reads_it(session: Session) -> None:
    rnd = Random(3)
    put_documents(session, [Document(d, d * 50, d) for d in DOCS])
    spans = [s for d in ("d0", "d1", "d3") for s in _spans(rnd, d)]
    mention = Span("m", "d0", ANN.id, Layer.ENTITY, "PERSON", 3, 8, "", entity_id="e1")
    segments = [
        Span(f"q{i}", "d0", ANN.id, Layer.QUOTE, "QUOTE", 20 * i, 20 * i + 9, "") for i in (1, 2)
    ]
    claims = [
        Span(f"c{i}", "d1", ANN.id, Layer.CLAIM, "CLAIM", 10 * i, 10 * i + 4, "") for i in (1, 2)
    ]
    done = {d: Status.DONE for d in DOCS}
    put_work(session, ANN, statuses=done)
    session.registry.add_entity(Entity("e1", ANN.id, "Anna Kovač", "PERSON", ("Anna",)))
    put_work(
        session,
        ANN,
        [*spans, mention, *segments, *claims],
        quotes=[Quote("q", "d0", ANN.id, ("q2", "q1"), speaker_entity_id="e1")],
        claims=[Claim("c2", verdict=Verdict.FALSE)],  # (c1 has no row: the default attributes)
    )
    session.assignments.add((d, "alice") for d in DOCS)
    work = session.team_progress.work("alice", ANN.id, DOCS, {"d0", "d1", "d2"})
    assert set(work.compared) == {"d0", "d1", "d2"}
    assert work.compared["d2"] == Work()
    names = {"e1": ("Anna Kovač", "Anna")}
    for doc in ("d0", "d1"):
        assert work.compared[doc] == session.review.work_of(doc, ANN.id, names)
    assert work.compared["d0"].quotes[0].segments == ((40, 49), (20, 29))  # (segment order)
    assert work.compared["d0"].quotes[0].speaker_names == names["e1"]
    assert {s[3] for d in ("d0", "d1") for s in work.compared[d].spans} >= set(LABELS)
    assert work.started == work.done == frozenset(DOCS)
