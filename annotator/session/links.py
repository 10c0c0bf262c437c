"""Session operations on the entity registry, quotes and claims (mixed into Session)."""

from __future__ import annotations

from annotator.core.checklist import Problem, incomplete
from annotator.core.errors import AnnotatorError
from annotator.core.links import Claim, Entity, Quote
from annotator.core.matching import Candidate, candidates
from annotator.core.model import Annotator, Layer, Span, new_id
from annotator.core.proposals import Proposal, occurrence_proposals
from annotator.session.changes import Change, ChangeKind
from annotator.storage.links import MergeRecord
from annotator.storage.project import ProjectStore


class LinkOps:
    """Each method is one committed transaction and reports what it changed."""

    store: ProjectStore
    annotator: Annotator

    def _emit(self, change: Change) -> Change:
        raise NotImplementedError

    def spans(self, document_id: str, annotator_id: str | None = None) -> list[Span]:
        raise NotImplementedError

    # -- entities ------------------------------------------------------------------------------

    def entities(self) -> list[Entity]:
        return self.store.entities()

    def entity(self, entity_id: str) -> Entity:
        return self.store.entity(entity_id)

    def new_entity(
        self, name: str, type_: str, aliases: tuple[str, ...] = (), wikidata: str = ""
    ) -> Entity:
        name = " ".join(name.split())
        if not name:
            raise AnnotatorError("an entity needs a name")
        return Entity(new_id(), self.annotator.id, name, type_, aliases, wikidata.strip())

    def add_entity(self, entity: Entity) -> None:
        self.store.insert_entity(entity)
        self._emit(Change(ChangeKind.ENTITIES))

    def remove_entity(self, entity: Entity) -> None:
        """Undo of ``add_entity``: the entity must have no mentions, speakers or claimers."""
        self.store.delete_entity(entity.id)
        self._emit(Change(ChangeKind.ENTITIES))

    def update_entity(self, entity: Entity) -> Entity:
        """Rename, retype, change aliases or Wikidata id; every mention follows (they point by
        id). Returns the entity as it was."""
        old = self.store.entity(entity.id)
        if not entity.name.strip():
            raise AnnotatorError("an entity needs a name")
        self.store.update_entity(entity)
        self._emit(Change(ChangeKind.ENTITIES))
        return old

    def merge_entities(self, keep_id: str, gone_id: str) -> MergeRecord:
        """Merge ``gone_id`` into ``keep_id``: its names become aliases of the kept entity and
        every mention, quote speaker and claimer follows."""
        if keep_id == gone_id:
            raise AnnotatorError("an entity cannot be merged with itself")
        keep, gone = self.store.entity(keep_id), self.store.entity(gone_id)
        aliases = [a for a in (*keep.aliases, *gone.names) if a != keep.name]
        merged = keep.with_changes(
            aliases=tuple(dict.fromkeys(aliases)), wikidata=keep.wikidata or gone.wikidata
        )
        record = self.store.merge_entities(merged, gone_id)
        self._emit(Change(ChangeKind.ENTITIES))
        return record

    def unmerge_entities(self, record: MergeRecord) -> None:
        self.store.unmerge_entities(record)
        self._emit(Change(ChangeKind.ENTITIES))

    def entity_candidates(self, text: str, type_: str | None = None) -> list[Candidate]:
        """Registry entities the name ``text`` may refer to, best first."""
        return candidates(text, self.store.entities(), type_)

    def mention_counts(self) -> dict[str, tuple[int, int]]:
        return self.store.mention_counts()

    def mentions(self, entity_id: str, annotator_id: str | None = None) -> list[tuple[str, str]]:
        """(document id, span id) of the entity's mentions by one annotator (default: you)."""
        return self.store.mention_ids(entity_id, annotator_id or self.annotator.id)

    def occurrence_proposals(self, span: Span, everywhere: bool = False) -> list[Proposal]:
        """The other whole-word occurrences of ``span``'s text not yet labelled like it, in its
        document or in every document, proposed with the same label and entity."""
        ids = (
            [m.id for m in self.store.documents_meta(self.annotator.id)]
            if everywhere
            else [span.document_id]
        )
        found: list[Proposal] = []
        for document_id in ids:
            text = self.store.document(document_id).text
            taken = [(s.start, s.end, s.label) for s in self.spans(document_id)]
            found += occurrence_proposals(
                document_id, text, span.text, span.layer, span.label, span.entity_id, taken
            )
        return found

    # -- quotes --------------------------------------------------------------------------------

    def quotes(self, document_id: str) -> list[Quote]:
        return self.store.quotes(document_id, self.annotator.id)

    def quote_of_span(self, span_id: str) -> Quote | None:
        return self.store.quote_of_span(span_id)

    def new_quote(self, segment: Span) -> Quote:
        if segment.layer is not Layer.QUOTE:
            raise AnnotatorError("a quote is made of quote spans")
        return Quote(new_id(), segment.document_id, self.annotator.id, (segment.id,))

    def add_quote(self, quote: Quote) -> None:
        self.store.insert_quote(quote)
        self._emit(Change(ChangeKind.LINKS, quote.document_id, quote.span_ids))

    def remove_quote(self, quote: Quote) -> None:
        self.store.delete_quote(quote.id)
        self._emit(Change(ChangeKind.LINKS, quote.document_id, quote.span_ids))

    def update_quote(self, quote: Quote) -> Quote:
        """Change segments, cue, speaker, type or note; returns the quote as it was."""
        old = self.store.quote(quote.id)
        if not quote.segment_ids:
            raise AnnotatorError("a quote needs at least one segment")
        self.store.update_quote(quote)
        changed = tuple(dict.fromkeys(old.span_ids + quote.span_ids))
        self._emit(Change(ChangeKind.LINKS, quote.document_id, changed))
        return old

    def speaker_candidates(self, quote: Quote) -> list[Entity]:
        """Entities mentioned in the quote's document, nearest first: the distance from a
        mention to the quote's whole extent (its segments and cue), 0 inside it; on a tie the
        mention before the quote wins (attribution usually precedes or closely follows)."""
        spans = {s.id: s for s in self.spans(quote.document_id, quote.annotator_id)}
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
        return [self.store.entity(e) for e in ordered]

    # -- claims --------------------------------------------------------------------------------

    def claim(self, span_id: str) -> Claim:
        """The claim attributes of a claim span (defaults if none were set yet)."""
        return self.store.claim(span_id) or Claim(span_id)

    def claim_or_none(self, span_id: str) -> Claim | None:
        """The stored claim attributes of a span, None if none were ever set."""
        return self.store.claim(span_id)

    def set_claim(self, claim: Claim) -> Claim | None:
        """Store the attributes of a claim span; returns the previous ones (None if unset)."""
        span = self.store.span(claim.span_id)
        if span.layer is not Layer.CLAIM:
            raise AnnotatorError("claim attributes belong to claim spans")
        old = self.store.claim(claim.span_id)
        self.store.put_claim(claim)
        self._emit(Change(ChangeKind.LINKS, span.document_id, (span.id,)))
        return old

    def checklist(self, document_id: str) -> list[Problem]:
        """What is incomplete in the current annotator's work on ``document_id``."""
        return incomplete(
            self.spans(document_id),
            self.store.quotes(document_id, self.annotator.id),
            self.store.claims(document_id, self.annotator.id),
        )

    def clear_claim(self, span_id: str) -> None:
        """Undo of a first ``set_claim``: the span goes back to default attributes."""
        span = self.store.span(span_id)
        self.store.delete_claim(span_id)
        self._emit(Change(ChangeKind.LINKS, span.document_id, (span_id,)))
