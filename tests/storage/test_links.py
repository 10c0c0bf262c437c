"""Entities, quotes and claims in the project file: storage and session, no display."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.app.projects import open_session
from annotator.core.errors import AnnotatorError
from annotator.core.links import ClaimerKind, QuoteType, Verdict
from annotator.core.model import Status
from annotator.session import Session
from annotator.session.ops.base import Operation
from annotator.session.ops.documents import RemoveDocument
from annotator.session.ops.links import MergeEntities, SetClaim
from annotator.session.ops.spans import RemoveSpan
from annotator.storage.migrations import APPLICATION_ID, SCHEMA_VERSION
from annotator.storage.store import ProjectStore
from tests.readback import dump

FIXTURE = Path(__file__).parent / "fixtures" / "schema_v1.sql"


@pytest.fixture
def session(example_copy: Path) -> Session:
    s = open_session(example_copy)
    yield s
    s.close()


def _first(session: Session) -> tuple[str, str]:
    doc = session.documents()[0].id
    return doc, session.document(doc).text


def _span(session: Session, piece: str, label: str, nth: int = 0):
    doc, text = _first(session)
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    span = session.new_span(doc, start, start + len(piece), session.scheme.find(label))
    session.add_span(span)
    return span


def test_entity_registry_link_rename_merge_and_unmerge(session: Session) -> None:
    caption = _span(session, "Sergey Lavrov", "PERSON")
    body = _span(session, "Sergei Lavrov", "PERSON")
    a = session.registry.new_entity("Sergey Lavrov", "PERSON")
    b = session.registry.new_entity("Sergei Lavrov", "PERSON", wikidata="Q23642")
    session.registry.add_entity(a)
    session.registry.add_entity(b)
    session.update_span(caption.with_changes(entity_id=a.id))
    session.update_span(body.with_changes(entity_id=b.id))
    assert session.registry.candidates("Sergei Lavrov", "PERSON")[0].entity.id == b.id
    assert {c.entity.id for c in session.registry.candidates("Sergei Lavrov", "PERSON")} == {
        a.id,
        b.id,
    }

    before = dump(session.path)
    merge = MergeEntities(session, a, b)
    merge.apply()
    merged = session.registry.entity(a.id)
    assert merged.aliases == ("Sergei Lavrov",) and merged.wikidata == "Q23642"
    assert {s.entity_id for s in session.spans(caption.document_id)} == {a.id}
    assert session.registry.mention_counts() == {a.id: (2, 1)}
    with pytest.raises(KeyError):
        session.registry.entity(b.id)

    merge.revert()
    assert dump(session.path) == before
    assert session.registry.entity(b.id) == b
    assert session.registry.entity(a.id) == a
    by_id = {s.id: s.entity_id for s in session.spans(caption.document_id)}
    assert by_id == {caption.id: a.id, body.id: b.id}

    renamed = a.with_changes(name="Sergey V. Lavrov")
    session.registry.update_entity(renamed)
    assert session.registry.entity(a.id).name == "Sergey V. Lavrov"
    assert session.registry.mentions(a.id) == [(caption.document_id, caption.id)]


def test_quote_with_two_segments_cue_and_speaker(session: Session) -> None:
    first = _span(session, "We need to increase spending", "QUOTE")
    second = _span(session, "we’ve got to co-ordinate more", "QUOTE")
    cue = _span(session, "said", "CUE")
    starmer = session.registry.new_entity("Keir Starmer", "PERSON")
    session.registry.add_entity(starmer)
    mention = _span(session, "Starmer", "PERSON", nth=2)
    session.update_span(mention.with_changes(entity_id=starmer.id))
    quote = session.links.new_quote(first)
    session.links.add_quote(quote)
    full = quote.with_changes(
        segment_ids=(first.id, second.id), cue_span_id=cue.id, speaker_entity_id=starmer.id
    )
    before = session.links.update_quote(full)
    assert before == quote
    stored = session.links.quote_of_span(second.id)
    assert stored is not None and stored.segment_ids == (first.id, second.id)
    assert stored.has_speaker and session.links.quote_of_span(cue.id) == stored
    assert session.links.speaker_candidates(stored)[0].id == starmer.id

    # removing a segment detaches it; undo restores the quote exactly
    before = dump(session.path)
    removal = RemoveSpan(session, second)
    removal.apply()
    assert session.links.quote_of_span(first.id).segment_ids == (first.id,)
    removal.revert()
    assert session.links.quote_of_span(second.id) == stored
    assert dump(session.path) == before

    # removing the last segments removes the quote; undo brings it back with the same id
    removals: list[Operation] = [RemoveSpan(session, second), RemoveSpan(session, first)]
    for op in removals:
        op.apply()
    assert session.links.quotes(first.document_id) == []
    for op in reversed(removals):
        op.revert()
    assert session.links.quote_of_span(first.id) == stored
    assert dump(session.path) == before


def test_quote_needs_a_segment(session: Session) -> None:
    span = _span(session, "Keir Starmer", "PERSON")
    with pytest.raises(AnnotatorError):
        session.links.new_quote(span)


def test_claim_attributes_and_detach(session: Session) -> None:
    claim_span = _span(session, "Europe has rallied around Kyiv", "CLAIM")
    default = session.links.claim(claim_span.id)
    assert not default.has_claimer and default.verdict is Verdict.UNVERIFIED
    first = default.with_changes(claimer_kind=ClaimerKind.AUTHOR, verdict=Verdict.TRUE)
    unset = dump(session.path)
    setting = SetClaim(session, first, "Set claimer")
    setting.apply()
    assert session.links.claim(claim_span.id) == first
    removal = RemoveSpan(session, claim_span)
    removal.apply()
    assert session.links.claim_or_none(claim_span.id) is None
    removal.revert()
    assert session.links.claim(claim_span.id) == first
    setting.revert()  # the first attributes set: undo leaves the defaults, no row
    assert session.links.claim_or_none(claim_span.id) is None
    assert session.links.claim(claim_span.id).claimer_kind is ClaimerKind.UNSET
    assert dump(session.path) == unset
    entity_span = _span(session, "Keir Starmer", "PERSON")
    with pytest.raises(AnnotatorError):
        session.links.set_claim(default.with_changes(span_id=entity_span.id))


def test_removing_a_document_takes_and_restores_its_quotes_and_claims(session: Session) -> None:
    segment = _span(session, "We need to increase spending", "QUOTE")
    claim_span = _span(session, "Europe has rallied around Kyiv", "CLAIM")
    quote = session.links.new_quote(segment).with_changes(quote_type=QuoteType.PARTIAL)
    session.links.add_quote(quote)
    claim = session.links.claim(claim_span.id).with_changes(claimer_kind=ClaimerKind.AUTHOR)
    session.links.set_claim(claim)
    before = dump(session.path)
    removal = RemoveDocument(session, segment.document_id, "title")
    removal.apply()
    assert session.links.quote_of_span(segment.id) is None
    removal.revert()
    assert dump(session.path) == before
    assert session.links.quote_of_span(segment.id) == quote
    assert session.links.claim(claim_span.id) == claim
    assert session.status(segment.document_id) is Status.IN_PROGRESS


def test_schema_v1_file_is_upgraded_in_place_with_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(FIXTURE.read_text(encoding="utf-8"))
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    old_bytes = path.read_bytes()

    store = ProjectStore.open(path, scheme=None)
    try:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        docs = store.db.execute("SELECT id FROM documents").fetchall()
        spans = [
            s for (d,) in docs for a in store.annotators.all() for s in store.spans.of(d, a.id)
        ]
        assert len(spans) == 4 and all(s.entity_id is None for s in spans)
        assert [s.note for s in spans if s.note] == ["caption spelling"]
        assert "CUE" in [lb.name for lb in store.labels.all()]
        assert store.entities.all() == []
    finally:
        store.close()
    backup = tmp_path / "old.sqlite.v1.bak"
    assert backup.exists()
    check = sqlite3.connect(backup)
    assert check.execute("PRAGMA user_version").fetchone()[0] == 1
    assert check.execute("SELECT count(*) FROM spans").fetchone()[0] == 4
    check.close()
    assert len(old_bytes) > 0
