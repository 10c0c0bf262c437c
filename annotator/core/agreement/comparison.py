"""The whole comparison of A (the reference) and B, one document at a time; every pair's F1."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from annotator.core.agreement.coefficients import counted_alpha, counted_kappa
from annotator.core.agreement.entities import same_speaker
from annotator.core.agreement.records import (
    CLAIM_ATTRIBUTES,
    LAYERS,
    NO_COUNTS,
    UNMATCHED,
    Agreement,
    AttributeAgreement,
    ClaimAgreement,
    ClaimItem,
    Confusion,
    Counts,
    DocumentPair,
    DocumentScore,
    EntityAlignment,
    LabelScores,
    LayerScores,
    Mention,
    Pairwise,
    QuoteAgreement,
    QuoteItem,
    SpanTuple,
    ratio,
)
from annotator.core.agreement.spans import (
    claim_overlap,
    confusion_pairs,
    greedy_pairs,
    label_counts,
    overlap_pairs,
    overlap_size,
    quote_overlap,
    span_counts,
)
from annotator.core.agreement.tokens import token_labels, tokens


def compare(documents: Iterable[DocumentPair], layers: Collection[str] = LAYERS) -> Agreement:
    """Agreement of A (the reference) and B over ``documents``, for the layers asked: one
    document at a time (``AgreementTally``), so the documents may be read as they come."""
    tally = AgreementTally(layers)
    for d in documents:
        tally.add(d)
    return tally.result()


@dataclass
class _LayerTally:
    """A layer's counts so far: token label pairs, confusion pairs, per label span counts."""

    tokens: Counter[tuple[str, str]] = field(default_factory=Counter)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_label: dict[str, tuple[Counts, Counts]] = field(default_factory=dict)


class AgreementTally:
    """``compare`` one document at a time, keeping counts (never tokens, texts or spans), so
    its memory does not grow with the documents; the result is the same figure for figure.

    Only what needs every document before it is known waits: entities are aligned by their
    mentions over all documents (counted per entity and pair of entities), so a matched
    quote pair whose speakers are two different entities is counted per (entity of A, entity
    of B) until the alignment says whether they are the same.
    """

    def __init__(self, layers: Collection[str] = LAYERS) -> None:
        self.layers = [layer for layer in LAYERS if layer in layers]
        self._documents: list[DocumentScore] = []
        self._layer = {layer: _LayerTally() for layer in self.layers}
        self._mentions_a: Counter[str] = Counter()  # entity of A -> its mentions
        self._mentions_b: Counter[str] = Counter()
        self._a_hits: Counter[tuple[str, str]] = Counter()  # A's mentions of ea overlapping eb
        self._b_hits: Counter[tuple[str, str]] = Counter()  # B's mentions of eb overlapping ea
        self._quotes = NO_COUNTS
        self._speakers_agree = 0
        self._speakers_if_aligned: Counter[tuple[str, str]] = Counter()
        self._claims = NO_COUNTS
        self._attributes = {name: Counter[tuple[str, str]]() for name in CLAIM_ATTRIBUTES}

    def add(self, d: DocumentPair) -> None:
        """Count one document both annotators worked on."""
        a = [s for s in d.a.spans if s[2] in self.layers]
        b = [s for s in d.b.spans if s[2] in self.layers]
        self._documents.append(DocumentScore(d.id, d.title, *span_counts(a, b)))
        units = tokens(d.text) if self.layers else []
        for layer, tally in self._layer.items():
            la = [s for s in d.a.spans if s[2] == layer]
            lb = [s for s in d.b.spans if s[2] == layer]
            tally.tokens.update(zip(token_labels(units, la), token_labels(units, lb), strict=True))
            tally.confusion.update(confusion_pairs(la, lb))
            for (_, label), (exact, overlap) in label_counts(la, lb).items():
                before = tally.by_label.get(label, (NO_COUNTS, NO_COUNTS))
                tally.by_label[label] = (before[0] + exact, before[1] + overlap)
        self._add_mentions(d.a.mentions, d.b.mentions)
        if "quote" in self.layers:
            self._add_quotes(d.a.quotes, d.b.quotes)
        if "claim" in self.layers:
            self._add_claims(d.a.claims, d.b.claims)

    def _add_mentions(self, a: Sequence[Mention], b: Sequence[Mention]) -> None:
        """``align_entities``'s counts for one document (its mentions are no other's)."""
        self._mentions_a.update(m[2] for m in a)
        self._mentions_b.update(m[2] for m in b)
        b_hit: dict[tuple[str, str], set[Mention]] = {}
        for ma in a:
            hit = set()
            for mb in b:
                if overlap_size(ma[:2], mb[:2]):
                    hit.add(mb[2])
                    b_hit.setdefault((ma[2], mb[2]), set()).add(mb)
            for eb in hit:
                self._a_hits[ma[2], eb] += 1
        for key, mentions in b_hit.items():
            self._b_hits[key] += len(mentions)

    def _add_quotes(self, qa: Sequence[QuoteItem], qb: Sequence[QuoteItem]) -> None:
        pairs = overlap_pairs(qa, qb, quote_overlap)
        self._quotes += Counts(len(qa), len(qb), len(pairs))
        for i, j in pairs:
            ea, eb = qa[i].speaker_entity, qb[j].speaker_entity
            if ea is not None and eb is not None and ea != eb:
                self._speakers_if_aligned[ea, eb] += 1  # known once entities are aligned
            else:
                self._speakers_agree += same_speaker(qa[i], qb[j], {})

    def _add_claims(self, ca: Sequence[ClaimItem], cb: Sequence[ClaimItem]) -> None:
        pairs = overlap_pairs(ca, cb, claim_overlap)
        self._claims += Counts(len(ca), len(cb), len(pairs))
        for i, j in pairs:
            for name, counter in self._attributes.items():
                counter[str(getattr(ca[i], name)), str(getattr(cb[j], name))] += 1

    def result(self) -> Agreement:
        aligned = self._aligned()
        agree = self._speakers_agree + sum(
            n for (ea, eb), n in self._speakers_if_aligned.items() if aligned.get(ea) == eb
        )
        quotes = QuoteAgreement(self._quotes, agree, ratio(agree, self._quotes.matched))
        return Agreement(
            documents=tuple(self._documents),
            layers=tuple(_layer_scores(layer, t) for layer, t in self._layer.items()),
            quotes=quotes if "quote" in self.layers else None,
            claims=self._claim_agreement() if "claim" in self.layers else None,
            entities=EntityAlignment(
                len(self._mentions_a), len(self._mentions_b), tuple(sorted(aligned.items()))
            ),
        )

    def _aligned(self) -> dict[str, str]:
        """``align_entities`` from the counts."""
        ids_a, ids_b = sorted(self._mentions_a), sorted(self._mentions_b)
        index_a = {e: i for i, e in enumerate(ids_a)}
        index_b = {e: i for i, e in enumerate(ids_b)}
        candidates = [
            (index_a[ea], index_b[eb], count + self._b_hits[ea, eb])
            for (ea, eb), count in self._a_hits.items()
            if 2 * count > self._mentions_a[ea] and 2 * self._b_hits[ea, eb] > self._mentions_b[eb]
        ]
        return {ids_a[i]: ids_b[j] for i, j in greedy_pairs(candidates)}

    def _claim_agreement(self) -> ClaimAgreement:
        attributes = []
        for name, values in self._attributes.items():
            n = sum(values.values())
            agree = sum(k for (x, y), k in values.items() if x == y)
            attributes.append(
                AttributeAgreement(name, n, agree, ratio(agree, n), counted_kappa(values))
            )
        return ClaimAgreement(self._claims, tuple(attributes))


def _layer_scores(layer: str, tally: _LayerTally) -> LayerScores:
    token_pairs, confusion = tally.tokens, tally.confusion
    n = sum(token_pairs.values())
    scores = []
    for label, (exact, overlap) in sorted(tally.by_label.items()):
        binary: Counter[tuple[str, str]] = Counter()
        for (x, y), k in token_pairs.items():
            binary[str(x == label), str(y == label)] += k
        kappa, alpha = counted_kappa(binary), counted_alpha(binary)
        scores.append(LabelScores(label, exact, overlap, n, kappa, alpha))
    rows = sorted({a for a, _ in confusion}, key=_unmatched_last)
    cols = sorted({b for _, b in confusion}, key=_unmatched_last)
    return LayerScores(
        layer,
        sum((s.exact for s in scores), NO_COUNTS),
        sum((s.overlap for s in scores), NO_COUNTS),
        n,
        counted_kappa(token_pairs),
        counted_alpha(token_pairs),
        tuple(scores),
        Confusion(
            tuple(sorted(set(rows) | set(cols), key=_unmatched_last)),
            {r: {c: confusion[r, c] for c in cols if confusion[r, c]} for r in rows},
        ),
    )


def _unmatched_last(label: str) -> tuple[bool, str]:
    return (label == UNMATCHED, label)


def pairwise(work: Mapping[str, Mapping[str, Sequence[SpanTuple]]]) -> Pairwise:
    """Overall overlap F1 for every pair of annotators, from each annotator's spans per document
    id (only documents they worked on); a pair is compared on the documents both have."""
    names = tuple(work)
    f1: dict[str, dict[str, float | None]] = {n: dict.fromkeys(names) for n in names}
    shared: dict[str, dict[str, int]] = {n: dict.fromkeys(names, 0) for n in names}
    for x, y in combinations(names, 2):
        common = [doc for doc in work[x] if doc in work[y]]
        total = NO_COUNTS
        for doc in common:
            total += span_counts(work[x][doc], work[y][doc])[1]
        f1[x][y] = f1[y][x] = total.f1
        shared[x][y] = shared[y][x] = len(common)
    for n in names:
        shared[n][n] = len(work[n])
    return Pairwise(names, f1, shared)
