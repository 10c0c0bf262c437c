"""What a review compares: each annotator's work on the documents both have started."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.core.agreement import ClaimItem, DocumentPair, QuoteItem, SpanTuple, Work
from annotator.core.links import Claim
from annotator.core.model import GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME, Annotator, Layer, Status
from annotator.session import Session


def started_documents(session: Session, annotator_id: str) -> dict[str, str]:
    """Id -> title of the documents the annotator has started (a status, or spans)."""
    return {
        m.id: m.title
        for m in session.documents(annotator_id)
        if m.status is not Status.NOT_STARTED or m.span_count
    }


def document_pairs(
    session: Session, a: Annotator, b: Annotator
) -> tuple[list[DocumentPair], list[dict[str, str]]]:
    """The documents both started with their work, and those only one of them started."""
    of_a, of_b = started_documents(session, a.id), started_documents(session, b.id)
    names = {e.id: e.names for e in session.entities()}
    pairs = [
        DocumentPair(
            doc,
            title,
            session.document(doc).text,
            work_of(session, doc, a.id, names),
            work_of(session, doc, b.id, names),
        )
        for doc, title in of_a.items()
        if doc in of_b
    ]
    skipped = [
        {"id": doc, "title": title, "started_by": who.name}
        for who, mine, theirs in ((a, of_a, of_b), (b, of_b, of_a))
        for doc, title in mine.items()
        if doc not in theirs
    ]
    return pairs, skipped


def work_of(
    session: Session, doc: str, annotator_id: str, names: dict[str, tuple[str, ...]]
) -> Work:
    spans = session.spans(doc, annotator_id)
    by_id = {s.id: s for s in spans}
    quotes = tuple(
        QuoteItem(
            tuple((by_id[i].start, by_id[i].end) for i in q.segment_ids if i in by_id),
            q.speaker_entity_id,
            q.speaker_text,
            names.get(q.speaker_entity_id or "", ()),
        )
        for q in session.store.quotes(doc, annotator_id)
    )
    stored = session.store.claims(doc, annotator_id)
    claims = tuple(
        ClaimItem(s.start, s.end, claim.check_worthiness.value, claim.verdict.value)
        for s in spans
        if s.layer is Layer.CLAIM
        for claim in [stored.get(s.id) or Claim(s.id)]
    )
    return Work(
        spans=tuple((s.start, s.end, s.layer.value, s.label) for s in spans),
        mentions=tuple((s.start, s.end, s.entity_id) for s in spans if s.entity_id is not None),
        quotes=quotes,
        claims=claims,
    )


def spans_by_annotator(
    session: Session, layers: Sequence[str]
) -> dict[str, dict[str, list[SpanTuple]]]:
    """Each annotator with spans (by name, or "name (id)" where names repeat): their spans of
    the layers asked, per document they started."""
    counts = session.store.span_counts_by_annotator()
    known = {a.id: a.name for a in session.store.annotators()}
    known.setdefault(GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME)
    ids = [i for i in known if counts.get(i)] + sorted(i for i in counts if i not in known)
    names = [known.get(i, i) for i in ids]
    work: dict[str, dict[str, list[SpanTuple]]] = {}
    for annotator_id, name in zip(ids, names, strict=True):
        key = name if names.count(name) == 1 else f"{name} ({annotator_id})"
        work[key] = {
            doc: [
                (s.start, s.end, s.layer.value, s.label)
                for s in session.spans(doc, annotator_id)
                if s.layer.value in layers
            ]
            for doc in started_documents(session, annotator_id)
        }
    return work
