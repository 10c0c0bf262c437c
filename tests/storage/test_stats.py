"""The statistics counted in SQL (``storage.stats``) on a small project built here, where
every figure is known: documents by status, spans by label and day, speakers, verdicts,
entities; of everyone and of one annotator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.app.projects import open_session
from annotator.core.links import Claim, Entity, Quote, Verdict
from annotator.core.model import Annotator, Document, Layer, Span, Status
from annotator.core.stats import DayCount, EntityCount, LabelCount, SpeakerCount, StatusCount
from annotator.session import Session
from tests.builders import put_documents, put_work

ANN = Annotator("a-1", "Ann")
BOB = Annotator("b-2", "Bob")
TEXTS = {
    "d1": "Lavrov said in Kyiv that the war goes on. Officials deny it.",
    "d2": "Lavrov spoke again. An official said nothing.",
    "d3": "Nothing here yet.",
}
DAY1, DAY2 = "2026-01-01T10:00:00.000+00:00", "2026-01-02T23:59:00.000+00:00"


def span(sid: str, doc: str, who: Annotator, label: str, piece: str, **kw: str) -> Span:
    layer = {"QUOTE": Layer.QUOTE, "CUE": Layer.QUOTE, "CLAIM": Layer.CLAIM}
    start = TEXTS[doc].index(piece)
    return Span(
        sid,
        doc,
        who.id,
        layer.get(label, Layer.ENTITY),
        label,
        start,
        start + len(piece),
        piece,
        created_at=kw.get("at", DAY1),
        entity_id=kw.get("entity"),
    )


def build(session: Session) -> None:
    """Three documents; Ann and Bob each have a registry entity "Sergey Lavrov"."""
    put_documents(session, [Document(d, t, d.upper()) for d, t in TEXTS.items()])
    put_work(session, ANN)
    put_work(session, BOB)
    for entity in (
        Entity("e-lav", ANN.id, "Sergey Lavrov", "PERSON"),
        Entity("e-lav-b", BOB.id, "Sergey Lavrov", "PERSON"),
        Entity("e-kyiv", ANN.id, "Kyiv", "LOCATION"),
        Entity("e-none", ANN.id, "Nobody", "PERSON"),
    ):
        session.registry.add_entity(entity)


def work(session: Session) -> None:
    """Ann: d1 done, d2 in progress, 9 spans, 3 quotes (an entity speaker, words, none),
    a claim found false and one without a claim row. Bob: d1 in progress, 3 spans."""
    d1, d2, s = "d1", "d2", span
    ann = [
        s("a1", d1, ANN, "PERSON", "Lavrov", entity="e-lav"),
        s("a2", d1, ANN, "LOCATION", "Kyiv", entity="e-kyiv"),
        s("a3", d2, ANN, "PERSON", "Lavrov", entity="e-lav", at=DAY2),
        s("a4", d1, ANN, "QUOTE", "the war goes on"),
        s("a5", d1, ANN, "CUE", "said"),
        s("a6", d2, ANN, "QUOTE", "nothing", at=DAY2),
        s("a7", d2, ANN, "QUOTE", "spoke again", at=DAY2),
        s("a8", d1, ANN, "CLAIM", "the war goes on"),
        s("a9", d1, ANN, "CLAIM", "Officials deny it"),
    ]
    put_work(
        session,
        ANN,
        ann,
        statuses={d1: Status.DONE, d2: Status.IN_PROGRESS},
        quotes=[
            Quote("qa1", d1, ANN.id, ("a4",), "a5", "e-lav"),
            Quote("qa2", d2, ANN.id, ("a6",), None, None, "  An official "),
            Quote("qa3", d2, ANN.id, ("a7",), None, None, "   "),
        ],
        claims=[Claim("a8", verdict=Verdict.FALSE)],
    )
    bob = [
        s("b1", d1, BOB, "PERSON", "Lavrov", entity="e-lav-b", at=DAY2),
        s("b2", d2, BOB, "QUOTE", "nothing", at=DAY2),
        s("b3", d1, BOB, "CLAIM", "Officials deny it", at=DAY2),
    ]
    put_work(
        session,
        BOB,
        bob,
        statuses={d1: Status.IN_PROGRESS},
        quotes=[Quote("qb1", d2, BOB.id, ("b2",), None, None, "An official")],
        claims=[Claim("b3", verdict=Verdict.TRUE)],
    )


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    session = open_session(tmp_path / "p.sqlite")
    build(session)
    work(session)
    yield session
    session.close()


def test_every_annotator(session: Session) -> None:
    f = session.statistics(top=10)
    assert f.documents == 3
    assert f.statuses == (
        StatusCount(ANN.id, in_progress=1, done=1, not_started=1),
        StatusCount(BOB.id, in_progress=1, done=0, not_started=2),
    )
    assert set(f.labels) == {
        LabelCount(ANN.id, "entity", "PERSON", 2),
        LabelCount(ANN.id, "entity", "LOCATION", 1),
        LabelCount(ANN.id, "quote", "QUOTE", 3),
        LabelCount(ANN.id, "quote", "CUE", 1),
        LabelCount(ANN.id, "claim", "CLAIM", 2),
        LabelCount(BOB.id, "entity", "PERSON", 1),
        LabelCount(BOB.id, "quote", "QUOTE", 1),
        LabelCount(BOB.id, "claim", "CLAIM", 1),
    }
    assert (f.quotes, f.no_speaker, f.speakers_total) == (4, 1, 2)
    # "  An official " and "An official": one speaker (spaces around aside)
    assert f.speakers == (
        SpeakerCount("An official", linked=False, quotes=2),
        SpeakerCount("Sergey Lavrov", linked=True, quotes=1),
    )
    assert {v.verdict: v.claims for v in f.verdicts} == {
        Verdict.UNVERIFIED: 1,  # a9: no claim row
        Verdict.TRUE: 1,
        Verdict.MISLEADING: 0,
        Verdict.FALSE: 1,
    }
    assert (f.entities_registry, f.entities_linked) == (4, 3)
    # Ann's and Bob's "Sergey Lavrov" are one name: 3 mentions in 2 documents
    assert f.entities == (
        EntityCount("Sergey Lavrov", "PERSON", entries=2, mentions=3, documents=2),
        EntityCount("Kyiv", "LOCATION", entries=1, mentions=1, documents=1),
    )
    assert f.days == (
        DayCount("2026-01-01", ANN.id, 6),
        DayCount("2026-01-02", ANN.id, 3),
        DayCount("2026-01-02", BOB.id, 3),
    )


def test_one_annotator(session: Session) -> None:
    f = session.statistics(BOB.id)
    assert f.annotator_id == BOB.id
    assert f.statuses == (StatusCount(BOB.id, in_progress=1, done=0, not_started=2),)
    assert {c.annotator_id for c in f.labels} == {BOB.id}
    assert (f.quotes, f.no_speaker, f.speakers) == (1, 0, (SpeakerCount("An official", False, 1),))
    assert {v.verdict: v.claims for v in f.verdicts}[Verdict.TRUE] == 1
    assert sum(v.claims for v in f.verdicts) == 1
    assert f.entities == (EntityCount("Sergey Lavrov", "PERSON", 1, 1, 1),)
    assert f.entities_linked == 1
    assert f.days == (DayCount("2026-01-02", BOB.id, 3),)


def test_top_cuts_the_lists_not_the_totals(session: Session) -> None:
    f = session.statistics(top=1)
    assert [p.name for p in f.speakers] == ["An official"]
    assert f.speakers_total == 2
    assert [e.name for e in f.entities] == ["Sergey Lavrov"]
    assert f.entities_linked == 3


def test_an_empty_project(tmp_path: Path) -> None:
    session = open_session(tmp_path / "empty.sqlite")
    try:
        f = session.statistics()
    finally:
        session.close()
    assert (f.documents, f.statuses, f.labels, f.days) == (0, (), (), ())
    assert (f.quotes, f.no_speaker, f.speakers_total, f.speakers) == (0, 0, 0, ())
    assert all(v.claims == 0 for v in f.verdicts)
    assert (f.entities_registry, f.entities_linked, f.entities) == (0, 0, ())


def test_a_reader_sees_what_the_writer_committed(session: Session) -> None:
    reader = session.reader()()
    try:
        assert reader.read_only
        before = reader.statistics()
        put_work(session, ANN, [span("a10", "d3", ANN, "OTHER", "Nothing")])
        after = reader.statistics()
    finally:
        reader.close()
    assert sum(c.spans for c in after.labels) == sum(c.spans for c in before.labels) + 1
