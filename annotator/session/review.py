"""Review as the session sees it: what two annotators' work has in common and where it differs
(``core.review``), and the gold layer's decisions with the gold spans they make.

A decision on a ``core.review`` item (a ``Disagreement`` or an ``Agreed``) of annotators A and B
copies the chosen side(s) into gold spans: same layer, offsets and label, the text from the
document, and the entity of the source annotator's span with those offsets and label. For a
speaker disagreement a side is a whole quote: each of its segments is copied (but for those a
gold quote segment already overlaps: decided elsewhere) and the gold quote takes that side's
speaker. A span gold has already (same layer, offsets and label) is never copied again, nor
twice by one decision. "Both" is refused on a speaker or claim attribute disagreement: its two
sides are two values of one quote or claim, and gold keeps one (take A, B, or edit).
"Edit" stores the reviewer's corrected span(s) (``Candidate``: a side with other boundaries or
label) instead; a speaker disagreement is edited as its whole quote.

Each gold span remembers the annotator's span it was made from, so the store links it in the
same transaction (``storage.decisions``): a claim keeps its attributes, a quote segment or cue joins
the gold quote of its source quote (made or extended as decisions arrive, speaker and type
included), a mention keeps its entity (another annotator's entity stays theirs).

**Reviewing against the gold layer** (B is ``gold``): B's side is gold already, so it is never
copied again; taking A's side, an edit or a rejection removes B's gold span(s) of the item
(undo puts them back, with their links), "both" and "B" keep them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from annotator.core.agreement.records import ClaimItem, DocumentPair, QuoteItem, SpanTuple, Work
from annotator.core.annotators import display_names
from annotator.core.decisions import Choice, Decision
from annotator.core.errors import AnnotatorError
from annotator.core.links import CUE_LABEL, Claim
from annotator.core.model import (
    GOLD_ANNOTATOR_ID,
    Annotator,
    Layer,
    Span,
    Status,
    new_id,
    now_iso,
)
from annotator.core.review import Agreed, Disagreement, Kind, Side, review
from annotator.session.base import SessionCore
from annotator.session.changes import Change, ChangeKind
from annotator.storage.store import ProjectStore

__all__ = ["BOTH_REFUSED", "Candidate", "Choice", "Decision", "Review"]


@dataclass(frozen=True)
class Candidate:
    """A gold span being edited before it is accepted: offsets (code points), label, and the
    entity of the span it was taken from, kept while the label is the one it was taken with."""

    start: int
    end: int
    label: str
    entity_id: str | None = None
    source_label: str = ""
    source_span_id: str | None = None  # the annotator's span it was taken from

    @property
    def entity(self) -> str | None:
        return self.entity_id if self.label == self.source_label else None


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
        found = _gold_spans(theirs, document_id, Layer(item.layer), side, text)
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
        reads = _Reads(self._store, document_id, a_id, b_id)
        decision = self._build(reads, item, Choice(choice), comment, edited)
        keys = self._item_keys(document_id, a_id, b_id)
        was_complete = keys <= self._decided(document_id, a_id, b_id)
        stored = self._store.decisions.put(decision)
        self._session.report(
            Change(ChangeKind.DECISIONS, document_id, _touched(stored, stored.replaced))
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
        reads = _Reads(self._store, document_id, a_id, b_id)
        built = [self._build(reads, item, Choice(choice), "", ()) for item in items]
        if not built:
            return []
        keys = self._item_keys(document_id, a_id, b_id)
        was_complete = keys <= self._decided(document_id, a_id, b_id)
        stored = self._store.decisions.put_many(built)
        changed = tuple(i for d in stored for i in _touched(d, d.replaced))
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

    def _build(
        self,
        reads: _Reads,
        item: Disagreement | Agreed,
        choice: Choice,
        comment: str,
        edited: Sequence[Candidate],
    ) -> Decision:
        """The decision on ``item`` (not stored yet); ``reads`` learns its gold spans."""
        document_id, a_id, b_id = reads.document_id, reads.a_id, reads.b_id
        if choice is Choice.BOTH and isinstance(item, Disagreement) and item.kind in BOTH_REFUSED:
            raise AnnotatorError(
                f"“Both” does not apply to a {BOTH_REFUSED[item.kind]}: gold keeps one; "
                "take A (1) or B (2), or edit (4)"
            )
        against_gold = b_id == GOLD_ANNOTATOR_ID
        sides: list[tuple[str, Side | None]] = {
            Choice.A: [(a_id, item.a)],
            Choice.AGREE: [(a_id, item.a)],
            Choice.B: [(b_id, item.b)],
            Choice.BOTH: [(a_id, item.a), (b_id, item.b)],
            Choice.REJECT: [],
            Choice.EDIT: [],
        }[choice]
        if choice in (Choice.A, Choice.B, Choice.AGREE) and sides[0][1] is None:
            raise AnnotatorError(f"{'B' if choice is Choice.B else 'A'} has nothing here")
        text = reads.text(self._session)
        layer = Layer(item.layer)
        made: list[tuple[Span, str | None]] = []
        for annotator_id, side in sides:
            if side is not None and not (against_gold and annotator_id == b_id):
                made += _gold_spans(reads.spans(annotator_id), document_id, layer, side, text)
        if choice is Choice.EDIT:
            made = [
                (self._edited_span(document_id, layer, c, text), c.source_span_id) for c in edited
            ]
            if not made:
                raise AnnotatorError("an edit needs the span to accept")
        removed: list[Span] = []
        if against_gold and item.b is not None and choice in (Choice.A, Choice.REJECT, Choice.EDIT):
            removed = _matching(self._store, document_id, b_id, layer, item.b)
        speaker_from = None
        whole_quote = isinstance(item, Disagreement) and item.kind is Kind.SPEAKER
        if isinstance(item, Disagreement) and whole_quote:
            speaker_from = self._speaker_source(document_id, a_id, b_id, item, choice, made)
        made = reads.not_decided_elsewhere(
            item.key, made, removed, whole_quote and choice != Choice.EDIT
        )
        return Decision(
            key=item.key,
            document_id=document_id,
            annotator_a=a_id,
            annotator_b=b_id,
            choice=choice,
            decided_by=self._session.annotator.id,
            decided_at=now_iso(),
            comment=comment,
            spans=tuple(span for span, _ in made),
            removed=tuple(removed),
            sources=tuple(source for _, source in made),
            speaker_from=speaker_from,
        )

    def _speaker_source(
        self,
        document_id: str,
        a_id: str,
        b_id: str,
        item: Disagreement,
        choice: Choice,
        made: list[tuple[Span, str | None]],
    ) -> str | None:
        """The annotator's quote whose speaker a speaker decision gives the gold quote."""
        if choice is Choice.EDIT:
            source = next((src for _, src in made if src is not None), None)
        else:
            who, side = {Choice.A: (a_id, item.a), Choice.B: (b_id, item.b)}.get(
                choice, (a_id, None)
            )
            if side is None or side.quote is None:
                return None
            wanted = set(side.quote.segments)
            source = next(
                (
                    s.id
                    for s in self._store.spans.of(document_id, who)
                    if s.layer is Layer.QUOTE and (s.start, s.end) in wanted
                ),
                None,
            )
        quote = self._store.links.quote_of_span(source) if source is not None else None
        return quote.id if quote is not None else None

    def _edited_span(self, document_id: str, layer: Layer, c: Candidate, text: str) -> Span:
        if not 0 <= c.start < c.end <= len(text):
            raise AnnotatorError(f"the edited span [{c.start}, {c.end}) is not in the text")
        if self._session.scheme.get(layer, c.label) is None:
            raise AnnotatorError(f"{c.label!r} is not a label of the {layer.value} layer")
        return Span(
            id=new_id(),
            document_id=document_id,
            annotator_id=GOLD_ANNOTATOR_ID,
            layer=layer,
            label=c.label,
            start=c.start,
            end=c.end,
            text=text[c.start : c.end],
            entity_id=c.entity,
        )


BOTH_REFUSED = {
    Kind.SPEAKER: "speaker disagreement (a quote has one speaker)",
    Kind.CLAIM_ATTRIBUTE: "claim attribute disagreement (a claim has one verdict)",
}  # items whose sides are two values of one thing: "both" is refused


def _pieces(side: Side) -> list[tuple[int, int]]:
    pieces = list(side.quote.segments) if side.quote is not None and not side.label else []
    return pieces or [(side.start, side.end)]


def _matching(
    store: ProjectStore, document_id: str, annotator_id: str, layer: Layer, side: Side
) -> list[Span]:
    """The annotator's spans that make up ``side`` (its offsets, or a quote's segments)."""
    wanted = set(_pieces(side))
    return [
        s
        for s in store.spans.of(document_id, annotator_id)
        if s.layer is layer
        and (s.start, s.end) in wanted
        and (not side.label or s.label == side.label)
    ]


def _touched(decision: Decision, previous: Decision | None) -> tuple[str, ...]:
    """The gold span ids a decision (and the one it replaced) put in or took out."""
    return (
        decision.span_ids
        + (previous.span_ids if previous else ())
        + tuple(s.id for s in decision.removed)
    )


class _Reads:
    """What deciding reads from the project, read once for many decisions on one document:
    each annotator's spans, and the gold spans already there (learning those each decision
    adds, so that accepting many agreements never copies a span twice)."""

    def __init__(self, store: ProjectStore, document_id: str, a_id: str, b_id: str) -> None:
        self.store, self.document_id, self.a_id, self.b_id = store, document_id, a_id, b_id
        self._spans: dict[str, list[Span]] = {}
        self._text: str | None = None
        self._gold: list[Span] | None = None
        self._made: list[Span] = []  # gold spans of the decisions built with these reads
        self._decided: dict[str, Decision] | None = None

    def text(self, session: SessionCore) -> str:
        if self._text is None:
            self._text = session.document(self.document_id).text
        return self._text

    def spans(self, annotator_id: str) -> list[Span]:
        if annotator_id not in self._spans:
            self._spans[annotator_id] = self.store.spans.of(self.document_id, annotator_id)
        return self._spans[annotator_id]

    def not_decided_elsewhere(
        self, key: str, made: list[tuple[Span, str | None]], removed: list[Span], overlapping: bool
    ) -> list[tuple[Span, str | None]]:
        """``made`` without the spans gold has already (not those this key's earlier decision
        made, nor those this decision removes): a span just like one of them is never copied
        twice, nor twice within this decision, and with ``overlapping`` (a whole quote) nor is
        a segment a gold segment overlaps: it was decided by another item."""
        if self._gold is None:
            self._gold = self.store.spans.of(self.document_id, GOLD_ANNOTATOR_ID)
            self._decided = {
                d.key: d for d in self.store.decisions.of(self.document_id, self.a_id, self.b_id)
            }
        assert self._decided is not None
        previous = self._decided.get(key)
        going = {s.id for s in removed} | set(previous.owned_ids if previous else ())
        there = [g for g in (*self._gold, *self._made) if g.id not in going]
        same = {(g.layer, g.start, g.end, g.label) for g in there}
        segments = [g for g in there if g.layer is Layer.QUOTE and g.label != CUE_LABEL]
        kept: list[tuple[Span, str | None]] = []
        for span, source in made:
            what = (span.layer, span.start, span.end, span.label)
            if what in same or (
                overlapping and any(g.start < span.end and span.start < g.end for g in segments)
            ):
                continue
            same.add(what)
            kept.append((span, source))
        self._made += [span for span, _ in kept]
        return kept


def _gold_spans(
    theirs: Sequence[Span], document_id: str, layer: Layer, side: Side, text: str
) -> list[tuple[Span, str | None]]:
    """The gold copies of one side: its offsets (a quote's segments) with the label and entity
    of the annotator's span found there (among ``theirs``), each with the id of that span (None
    if none)."""
    pieces = _pieces(side)
    wanted = set(pieces)
    at: dict[tuple[int, int], list[Span]] = {}
    for s in theirs:
        if s.layer is layer and (s.start, s.end) in wanted:
            at.setdefault((s.start, s.end), []).append(s)
    made: list[tuple[Span, str | None]] = []
    for start, end in pieces:
        found = next(
            (s for s in at.get((start, end), ()) if not side.label or s.label == side.label),
            None,
        )
        label = side.label or (found.label if found else "")
        if not label:
            continue
        made.append(
            (
                Span(
                    id=new_id(),
                    document_id=document_id,
                    annotator_id=GOLD_ANNOTATOR_ID,
                    layer=layer,
                    label=label,
                    start=start,
                    end=end,
                    text=text[start:end],
                    entity_id=found.entity_id if found else None,
                ),
                found.id if found else None,
            )
        )
    return made


def _names(store: ProjectStore) -> dict[str, tuple[str, ...]]:
    """Entity id -> its names (speakers are compared by name)."""
    return {e.id: e.names for e in store.entities.all()}
