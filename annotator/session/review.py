"""Review as the session sees it: what two annotators' work has in common and where it differs
(``core.review``), their progress through it, and the decisions of the gold layer on it, each
one transaction (the decision and its gold spans are built by ``session.adjudication``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from annotator.core.agreement.records import ClaimItem, DocumentPair, QuoteItem, SpanTuple, Work
from annotator.core.annotators import display_names
from annotator.core.decisions import Choice, Decision
from annotator.core.errors import AnnotatorError
from annotator.core.links import Claim
from annotator.core.model import (
    GOLD_ANNOTATOR_ID,
    Annotator,
    Layer,
    Status,
)
from annotator.core.review import Agreed, Disagreement, Side, review
from annotator.session.adjudication import Candidate, Reads, build_decision, gold_spans, touched
from annotator.session.base import SessionCore
from annotator.session.changes import Change, ChangeKind
from annotator.storage.store import ProjectStore

__all__ = ["Choice", "Decision", "Review"]


@dataclass
class _KeyCache:
    """Review item keys by (A, B, document), for the document list's progress column."""

    version: int  # the store's data_version when filled
    keys: dict[tuple[str, str, str], frozenset[str]] = field(default_factory=dict)
    names: dict[str, tuple[str, ...]] | None = None  # entity id -> names (speakers)

    def clear(self) -> None:
        self.keys.clear()
        self.names = None

    def forget(self, change: Change) -> None:
        """Drop what ``change`` may have made stale: its document's keys, or all of them."""
        if change.kind in (ChangeKind.STATUS, ChangeKind.DOCUMENT_META):
            return
        if change.document_id is None or change.kind is ChangeKind.ENTITIES:
            self.clear()
            return
        gold_only = change.kind is ChangeKind.DECISIONS  # a decision writes gold's work only
        for key in [k for k in self.keys if k[2] == change.document_id]:
            if not gold_only or GOLD_ANNOTATOR_ID in key[:2]:
                del self.keys[key]


class Review:
    """Each write is one transaction and reports ``ChangeKind.DECISIONS``."""

    def __init__(self, session: SessionCore, store: ProjectStore) -> None:
        self._session = session
        self._store = store
        self._keys: _KeyCache | None = None

    # -- what is compared ----------------------------------------------------------------------

    def started_documents(self, annotator_id: str) -> dict[str, str]:
        """Id -> title of the documents the annotator has started (a status, or spans)."""
        return {
            m.id: m.title
            for m in self._session.documents(annotator_id)
            if m.status is not Status.NOT_STARTED or m.span_count
        }

    def pairs(self, a: Annotator, b: Annotator) -> tuple[list[DocumentPair], list[dict[str, str]]]:
        """The documents both started with their work, and those only one of them started."""
        pairs, skipped = self.each_pair(a, b)
        return list(pairs), skipped

    def each_pair(
        self, a: Annotator, b: Annotator
    ) -> tuple[Iterator[DocumentPair], list[dict[str, str]]]:
        """``pairs``, the documents both started read one at a time as they are asked for
        (their texts read afresh, never kept), so a whole corpus can be compared."""
        of_a, of_b = self.started_documents(a.id), self.started_documents(b.id)
        names = _names(self._store)
        both = [(doc, title) for doc, title in of_a.items() if doc in of_b]
        pairs = (
            DocumentPair(
                doc,
                title,
                self._store.documents.get(doc).text,
                self.work_of(doc, a.id, names),
                self.work_of(doc, b.id, names),
            )
            for doc, title in both
        )
        shown = display_names(self._session.annotators())
        skipped = [
            {"id": doc, "title": title, "started_by": shown.get(who.id, who.name)}
            for who, mine, theirs in ((a, of_a, of_b), (b, of_b, of_a))
            for doc, title in mine.items()
            if doc not in theirs
        ]
        return pairs, skipped

    def default_pair(self, document_id: str | None) -> tuple[str, str] | None:
        """Whom to compare on a document unless the reviewer chose: two different annotators
        (never gold as A), those with the most spans there first (then the most documents
        started in the project, then the first to arrive: read from the statuses' index, not
        by counting every span of a large project each time a document is shown). Someone
        with no span there is taken only when fewer than two have spans there: then gold if it
        has spans there (or nobody else is there to take), else the busiest other annotator.
        None without any annotator."""
        people = [a.id for a in self._session.annotators() if not a.is_gold]
        here = self._store.spans.counts_on(document_id) if document_id else {}
        overall = self._session.started_counts()
        ranked = sorted(
            people, key=lambda i: (-here.get(i, 0), -overall.get(i, 0), people.index(i))
        )
        working = [i for i in ranked if here.get(i)]
        if len(working) >= 2:
            return working[0], working[1]
        if not ranked:
            return None
        a = ranked[0]
        if here.get(GOLD_ANNOTATOR_ID) or len(ranked) < 2:
            return a, GOLD_ANNOTATOR_ID
        return a, ranked[1]

    def has_work_on(self, document_id: str, annotator_id: str) -> bool:
        """Whether the annotator has a span on the document."""
        return bool(self._store.spans.counts_on(document_id).get(annotator_id))

    def work_of(self, doc: str, annotator_id: str, names: dict[str, tuple[str, ...]]) -> Work:
        """One annotator's work on one document, as the comparison reads it."""
        spans = self._store.spans.of(doc, annotator_id)
        by_id = {s.id: s for s in spans}
        quotes = tuple(
            QuoteItem(
                tuple((by_id[i].start, by_id[i].end) for i in q.segment_ids if i in by_id),
                q.speaker_entity_id,
                q.speaker_text,
                names.get(q.speaker_entity_id or "", ()),
            )
            for q in self._store.links.quotes(doc, annotator_id)
        )
        stored = self._store.links.claims(doc, annotator_id)
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
        self, layers: Sequence[str], *, started: bool = False, gold: bool = True
    ) -> dict[str, dict[str, list[SpanTuple]]]:
        """Each annotator with spans (``started``: each who started a document, spans or
        not), by the name the user is shown (``core.annotators.display_names``: "blanca
        [3f2a]" where two share a name): their spans of the layers asked, per document they
        started. ``gold=False`` leaves the reviewed layer out."""
        counts = self._session.span_counts()
        known = display_names(self._session.annotators())
        if started:
            ids = list(known)
        else:
            ids = [i for i in known if counts.get(i)]
            ids += sorted(i for i in counts if i not in known)
        if not gold:
            ids = [i for i in ids if i != GOLD_ANNOTATOR_ID]
        work: dict[str, dict[str, list[SpanTuple]]] = {}
        for annotator_id in ids:
            documents = self.started_documents(annotator_id)  # read once per annotator
            if not documents:
                continue  # nobody's coder: nothing started
            work[known.get(annotator_id, annotator_id)] = {
                doc: [
                    (s.start, s.end, s.layer.value, s.label)
                    for s in self._store.spans.of(doc, annotator_id)
                    if s.layer.value in layers
                ]
                for doc in documents
            }
        return work

    # -- items and decisions -------------------------------------------------------------------

    def decisions(self, document_id: str, a_id: str, b_id: str) -> dict[str, Decision]:
        """The stored decisions of the pair A, B on a document, by item key."""
        return {d.key: d for d in self._store.decisions.of(document_id, a_id, b_id)}

    def progress(
        self, document_id: str, a_id: str, b_id: str, total_items: int | Iterable[str]
    ) -> tuple[int, int]:
        """(decided, total): how many of the review items have a decision. Given the items'
        keys, decisions on keys no longer among them (the work changed since) do not count."""
        if isinstance(total_items, int):
            decided = self._store.decisions.count(document_id, a_id, b_id)
            return min(decided, total_items), total_items
        keys = set(total_items)
        return len(keys & set(self.decisions(document_id, a_id, b_id))), len(keys)

    def items(
        self, document_id: str, a_id: str, b_id: str
    ) -> tuple[list[Disagreement], list[Agreed]]:
        """The disagreements and agreements of A and B on a document (``core.review``)."""
        names = self._speaker_names(document_id, (a_id, b_id))
        return review(self._pair(document_id, a_id, b_id, names))

    def _speaker_names(
        self, document_id: str, annotator_ids: Sequence[str]
    ) -> dict[str, tuple[str, ...]]:
        """The names of the entities speaking in these annotators' quotes on a document: a
        look-up each (shown with every document, so never the whole registry)."""
        speakers = {
            q.speaker_entity_id
            for i in annotator_ids
            for q in self._store.links.quotes(document_id, i)
            if q.speaker_entity_id is not None
        }
        return {e: self._store.entities.get(e).names for e in speakers}

    def _pair(
        self, document_id: str, a_id: str, b_id: str, names: dict[str, tuple[str, ...]]
    ) -> DocumentPair:
        doc = self._session.document(document_id)
        work = [self.work_of(document_id, i, names) for i in (a_id, b_id)]
        return DocumentPair(document_id, doc.title, doc.text, work[0], work[1])

    def documents(self, a_id: str, b_id: str) -> list[str]:
        """The documents both A and B have started, in list order (none for an unknown
        annotator or A = B)."""
        known = {a.id for a in self._session.annotators()}
        if a_id not in known or b_id not in known or a_id == b_id:
            return []
        return self._store.decisions.started_by_both(a_id, b_id)

    def totals(
        self, a_id: str, b_id: str, document_ids: Sequence[str]
    ) -> dict[str, tuple[int, int]]:
        """(decided, total) review items of the pair on each of ``document_ids`` (documents
        both started). Each document's item keys are kept until an edit of that document is
        reported, or one that may touch every document, or another connection commits; the
        decided keys come from one query."""
        cache = self._key_cache()
        keys: dict[str, frozenset[str]] = {}
        for doc in document_ids:
            found = cache.keys.get((a_id, b_id, doc))
            if found is None:
                if cache.names is None:
                    cache.names = _names(self._store)
                items, agreed = review(self._pair(doc, a_id, b_id, cache.names))
                found = frozenset([i.key for i in items] + [i.key for i in agreed])
                cache.keys[(a_id, b_id, doc)] = found
            keys[doc] = found
        decided = self._store.decisions.decided_keys(a_id, b_id, list(keys)) if keys else {}
        return {doc: (len(k & decided.get(doc, set())), len(k)) for doc, k in keys.items()}

    def overview(self, a_id: str, b_id: str) -> dict[str, tuple[int, int]]:
        """(decided, total) review items of the pair on each document both have started."""
        return self.totals(a_id, b_id, self.documents(a_id, b_id))

    def _key_cache(self) -> _KeyCache:
        cache = self._keys
        if cache is None:
            cache = self._keys = _KeyCache(self._store.data_version())
            self._session.subscribe(cache.forget)
        version = self._store.data_version()
        if version != cache.version:  # another connection wrote: anything may differ
            cache.clear()
            cache.version = version
        return cache

    def decided_keys(self, a_id: str, b_id: str) -> dict[str, set[str]]:
        """The decided item keys of the pair on every document, read in one query."""
        return self._store.decisions.decided_keys(a_id, b_id)

    def candidate(
        self, document_id: str, annotator_id: str, item: Disagreement | Agreed, side: Side
    ) -> Candidate:
        """A side of ``item`` as an editable gold candidate (a quote's first segment for a
        whole-quote side), with the entity of that annotator's span there."""
        return self.candidates(document_id, annotator_id, item, side)[0]

    def candidates(
        self, document_id: str, annotator_id: str, item: Disagreement | Agreed, side: Side
    ) -> list[Candidate]:
        """A side of ``item`` as editable gold candidates: one, or each segment of a
        whole-quote side (a speaker disagreement), in text order."""
        text = self._session.document(document_id).text
        theirs = self._store.spans.of(document_id, annotator_id)
        found = gold_spans(theirs, document_id, Layer(item.layer), side, text)
        if not found:
            raise AnnotatorError("nothing to edit on that side")
        return [
            Candidate(span.start, span.end, span.label, span.entity_id, span.label, source)
            for span, source in found
        ]

    # -- deciding ------------------------------------------------------------------------------

    def decide(
        self,
        document_id: str,
        a_id: str,
        b_id: str,
        item: Disagreement | Agreed,
        choice: Choice | str,
        comment: str = "",
        edited: Sequence[Candidate] = (),
    ) -> Decision:
        """Decide ``item``: store the decision and the gold spans of the chosen side(s) (for
        ``Choice.EDIT``, ``edited``), replacing an earlier decision on the same key (and its
        gold spans) in the same transaction. Returns the decision as stored."""
        reads = Reads(self._store, document_id, a_id, b_id)
        decision = build_decision(self._session, reads, item, Choice(choice), comment, edited)
        keys = self._item_keys(document_id, a_id, b_id)
        was_complete = keys <= self._decided(document_id, a_id, b_id)
        stored = self._store.decisions.put(decision)
        self._session.report(
            Change(ChangeKind.DECISIONS, document_id, touched(stored, stored.replaced))
        )
        self._gold_after(document_id, a_id, b_id, keys, was_complete)
        return stored

    def decide_many(
        self,
        document_id: str,
        a_id: str,
        b_id: str,
        items: Sequence[Disagreement | Agreed],
        choice: Choice | str = Choice.AGREE,
    ) -> list[Decision]:
        """Decide every item of ``items`` the same way (accepting all agreements): one
        transaction, one reported change; the project is read once, not once per item."""
        reads = Reads(self._store, document_id, a_id, b_id)
        built = [
            build_decision(self._session, reads, item, Choice(choice), "", ()) for item in items
        ]
        if not built:
            return []
        keys = self._item_keys(document_id, a_id, b_id)
        was_complete = keys <= self._decided(document_id, a_id, b_id)
        stored = self._store.decisions.put_many(built)
        changed = tuple(i for d in stored for i in touched(d, d.replaced))
        self._session.report(Change(ChangeKind.DECISIONS, document_id, changed))
        self._gold_after(document_id, a_id, b_id, keys, was_complete)
        return stored

    # -- the gold layer's status -----------------------------------------------------------------

    def gold_status(self, document_id: str) -> Status:
        return self._store.documents.status(document_id, GOLD_ANNOTATOR_ID)

    def set_gold_status(self, document_id: str, status: Status) -> Status:
        """The gold layer's status on a document (the reviewer marks it done, or not);
        returns the one it had."""
        before = self.gold_status(document_id)
        self._store.decisions.set_gold_status(document_id, status)
        self._session.report(Change(ChangeKind.STATUS, document_id))
        return before

    def _item_keys(self, document_id: str, a_id: str, b_id: str, fresh: bool = False) -> set[str]:
        """The keys of the pair's items on a document: those the document list counted, if
        still current (``fresh``: read again, as after a decision that changed gold)."""
        cache = self._key_cache()
        found = None if fresh else cache.keys.get((a_id, b_id, document_id))
        if found is None:
            dis, agreed = self.items(document_id, a_id, b_id)
            found = frozenset([i.key for i in dis] + [i.key for i in agreed])
            if not fresh:
                cache.keys[(a_id, b_id, document_id)] = found
        return set(found)

    def _decided(self, document_id: str, a_id: str, b_id: str) -> set[str]:
        return self._store.decisions.decided_keys(a_id, b_id, [document_id]).get(document_id, set())

    def _gold_after(
        self, document_id: str, a_id: str, b_id: str, keys: set[str], was_complete: bool
    ) -> None:
        """Gold's status after a decision of the pair A, B (in its transaction): done when
        that decision leaves no item of theirs undecided on the document (a decision on an
        item decided before, or after the reviewer set it back to in progress, leaves the
        status alone); else in progress once gold has a first decision there. The decision's
        DECISIONS change stands for this too."""
        if b_id == GOLD_ANNOTATOR_ID:  # the items compare gold itself: read them again
            keys = self._item_keys(document_id, a_id, b_id, fresh=True)
        complete = keys <= self._decided(document_id, a_id, b_id)
        status = self.gold_status(document_id)
        if complete and not was_complete:
            wanted = Status.DONE
        elif status is Status.NOT_STARTED:
            wanted = Status.IN_PROGRESS
        else:
            return
        if wanted is not status:  # told with the decision's change (one refresh)
            self._store.decisions.set_gold_status(document_id, wanted)

    def stale(self, document_id: str, a_id: str, b_id: str) -> list[Decision]:
        """The pair's decisions on this document whose item is gone: A's or B's work changed
        since (an edit, or their work brought in again), so the key names nothing now. Their
        gold spans are still in gold."""
        dis, agreed = self.items(document_id, a_id, b_id)
        keys = {i.key for i in dis} | {i.key for i in agreed}
        return [d for d in self._store.decisions.of(document_id, a_id, b_id) if d.key not in keys]

    def drop(self, decisions: Sequence[Decision]) -> None:
        """Remove decisions (stale ones) and the gold spans they own, with their links, in one
        transaction."""
        if not decisions:
            return
        self._store.decisions.remove(decisions)
        changed = tuple(i for d in decisions for i in d.owned_ids)
        self._session.report(Change(ChangeKind.DECISIONS, decisions[0].document_id, changed))

    def comment(self, document_id: str, a_id: str, b_id: str, key: str, comment: str) -> str:
        """Set the comment of the decision on ``key`` (KeyError if undecided); returns the old
        comment."""
        old = self._store.decisions.set_comment(document_id, a_id, b_id, key, comment)
        self._session.report(Change(ChangeKind.DECISIONS, document_id, ()))
        return old


def _names(store: ProjectStore) -> dict[str, tuple[str, ...]]:
    """Entity id -> its names (speakers are compared by name)."""
    return {e.id: e.names for e in store.entities.all()}
