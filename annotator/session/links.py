"""Quotes and claims as the session sees them: their rows, the speakers a quote may have, what
is still incomplete in a document."""

from __future__ import annotations

from annotator.core.checklist import Problem, incomplete
from annotator.core.errors import AnnotatorError
from annotator.core.links import Claim, Entity, Quote
from annotator.core.model import Layer, Span, new_id
from annotator.session.base import SessionCore
from annotator.session.changes import Change, ChangeKind
from annotator.storage.store import ProjectStore


class Links:
    """Each write is one transaction and is reported (``ChangeKind.LINKS``)."""

    def __init__(self, session: SessionCore, store: ProjectStore) -> None:
        self._session = session
        self._store = store

    # -- quotes --------------------------------------------------------------------------------

    def quotes(self, document_id: str, annotator_id: str | None = None) -> list[Quote]:
        return self._store.links.quotes(document_id, annotator_id or self._session.annotator.id)

    def quote(self, quote_id: str) -> Quote:
        return self._store.links.quote(quote_id)

    def quote_of_span(self, span_id: str) -> Quote | None:
        """The quote a span belongs to, as a segment or as its cue."""
        return self._store.links.quote_of_span(span_id)

    def new_quote(self, segment: Span) -> Quote:
        """A quote of the current annotator with ``segment`` as its one segment (not stored)."""
        if segment.layer is not Layer.QUOTE:
            raise AnnotatorError("a quote is made of quote spans")
        return Quote(new_id(), segment.document_id, self._session.annotator.id, (segment.id,))

    def add_quote(self, quote: Quote) -> None:
        self._store.links.insert_quote(quote)
        self._session.report(Change(ChangeKind.LINKS, quote.document_id, quote.span_ids))

    def update_quote(self, quote: Quote) -> Quote:
        """Change segments, cue, speaker, type or note; returns the quote as it was."""
        old = self._store.links.quote(quote.id)
        if not quote.segment_ids:
            raise AnnotatorError("a quote needs at least one segment")
        self._store.links.update_quote(quote)
        changed = tuple(dict.fromkeys(old.span_ids + quote.span_ids))
        self._session.report(Change(ChangeKind.LINKS, quote.document_id, changed))
        return old

    def speaker_candidates(self, quote: Quote) -> list[Entity]:
        """Entities mentioned in the quote's document, nearest first: the distance from a
        mention to the quote's whole extent (its segments and cue), 0 inside it; on a tie the
        mention before the quote wins (attribution usually precedes or closely follows)."""
        spans = {s.id: s for s in self._session.spans(quote.document_id, quote.annotator_id)}
        parts = [spans[i] for i in quote.span_ids if i in spans]
        if not parts:
            return []
        first, last = min(p.start for p in parts), max(p.end for p in parts)
        distance: dict[str, tuple[int, int]] = {}
        for span in spans.values():
            if span.entity_id is None or span.id in quote.span_ids:
                continue
            if span.end <= first:
                gap = (first - span.end, 0)
            elif span.start >= last:
                gap = (span.start - last, 1)
            else:
                gap = (0, 0)
            distance[span.entity_id] = min(distance.get(span.entity_id, gap), gap)
        ordered = sorted(distance, key=lambda e: (distance[e], e))
        return [self._store.entities.get(e) for e in ordered]

    # -- claims --------------------------------------------------------------------------------

    def claim(self, span_id: str) -> Claim:
        """The claim attributes of a claim span (defaults if none were set yet)."""
        return self._store.links.claim(span_id) or Claim(span_id)

    def claim_or_none(self, span_id: str) -> Claim | None:
        """The stored claim attributes of a span, None if none were ever set."""
        return self._store.links.claim(span_id)

    def claims(self, document_id: str, annotator_id: str | None = None) -> dict[str, Claim]:
        """The stored claim rows of one annotator's spans on a document, by span id."""
        return self._store.links.claims(document_id, annotator_id or self._session.annotator.id)

    def set_claim(self, claim: Claim) -> Claim | None:
        """Store the attributes of a claim span; returns the previous ones (None if unset)."""
        span = self._store.spans.get(claim.span_id)
        if span.layer is not Layer.CLAIM:
            raise AnnotatorError("claim attributes belong to claim spans")
        old = self._store.links.claim(claim.span_id)
        self._store.links.put_claim(claim)
        self._session.report(Change(ChangeKind.LINKS, span.document_id, (span.id,)))
        return old

    def checklist(self, document_id: str) -> list[Problem]:
        """What is incomplete in the current annotator's work on ``document_id``."""
        return incomplete(
            self._session.spans(document_id), self.quotes(document_id), self.claims(document_id)
        )
