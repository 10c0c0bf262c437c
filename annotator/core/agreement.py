"""Agreement between two annotators: span F1, token kappa and alpha, speakers, claims, confusion.

Everything here works on plain values (offsets are code point indices, half-open), so the CLI
and the window compute the same figures. Annotator A is the reference: precision is the share
of B's spans that A has too, recall the share of A's that B found (F1 is symmetric).

* **Exact match**: same start, end and label; **overlap match**: the two spans share at least
  one character and have the same label. Overlap pairs are chosen greedily, largest overlap
  first, each span used at most once.
* **Tokens** (the units of kappa and alpha): ``tokens(text)``. A token is a maximal run of word
  characters (Unicode letters, digits, marks, connector punctuation such as ``_``), or one
  other non-space character (punctuation, a symbol, an emoji). Marks, variation selectors,
  emoji modifiers and tag characters stay with the character before them, a zero-width joiner
  joins the next character too (a ZWJ family is one token), and a pair of regional indicators
  (a flag) is one token. Whitespace is never part of a token. So ``"Russia's"`` is three
  tokens: ``Russia``, ``'``, ``s``.
* A token takes, per layer, the label of the **innermost** span of that layer covering it (the
  shortest span sharing at least one character with it; on a tie the smallest label name),
  else ``"O"``. A layer's kappa and alpha compare these labels over every token of every
  compared document; a label's kappa and alpha compare "this label or not" per token.
* **Cohen's kappa** and **Krippendorff's alpha** (nominal, two coders, no missing values) are
  written out here rather than taken from the ``krippendorff`` package: that package pulls in
  NumPy (about 20 MB) for a formula of a few lines. Either is None where it is undefined
  (no units, or both annotators used a single category everywhere).
* **Entities** of A and B are aligned by their mentions (``align_entities``): an entity of A and
  one of B are the same when more than half of A's mentions overlap one of B's mentions and
  more than half of B's mentions overlap one of A's (mentions of any documents given). Pairs
  are taken greedily, most overlapping mentions first, one to one. A quote's speaker is the
  same when the entities are the same entity (same id, or aligned), when both are free texts
  equal up to case and spacing, or when a free text equals a name or alias of the other's
  entity; two quotes without any speaker agree too.
* Quotes match when their segments overlap, claims when their spans overlap (any label;
  greedy by overlap, one to one).
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from itertools import combinations
from typing import Any

SpanTuple = tuple[int, int, str, str]  # (start, end, layer, label)
Mention = tuple[int, int, str]  # (start, end, entity id) of an entity span
OUTSIDE = "O"  # the label of a token no span of the layer covers
UNMATCHED = "—"  # the other side of an unmatched span in a confusion matrix
LAYERS = ("entity", "quote", "claim")
CLAIM_ATTRIBUTES = ("check_worthiness", "verdict")


# -- input ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuoteItem:
    """One quote: its segments (start, end), and its speaker (an entity id with that entity's
    names, or a free text)."""

    segments: tuple[tuple[int, int], ...]
    speaker_entity: str | None = None
    speaker_text: str = ""
    speaker_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimItem:
    start: int
    end: int
    check_worthiness: str
    verdict: str


@dataclass(frozen=True)
class Work:
    """One annotator's work on one document."""

    spans: tuple[SpanTuple, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[QuoteItem, ...] = ()
    claims: tuple[ClaimItem, ...] = ()


@dataclass(frozen=True)
class DocumentPair:
    """One document both annotators worked on, and their work."""

    id: str
    title: str
    text: str
    a: Work
    b: Work


# -- results --------------------------------------------------------------------------------------


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Counts:
    """How many items A and B have and how many of them were matched one to one."""

    a: int
    b: int
    matched: int
    precision: float | None = field(init=False)
    recall: float | None = field(init=False)
    f1: float | None = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "precision", _ratio(self.matched, self.b))
        object.__setattr__(self, "recall", _ratio(self.matched, self.a))
        object.__setattr__(self, "f1", _ratio(2 * self.matched, self.a + self.b))

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.a + other.a, self.b + other.b, self.matched + other.matched)


@dataclass(frozen=True)
class LabelScores:
    label: str
    exact: Counts
    overlap: Counts
    tokens: int
    kappa: float | None
    alpha: float | None


@dataclass(frozen=True)
class Confusion:
    """A's label (rows) against B's label (columns) over overlapping spans of one layer matched
    regardless of label; ``UNMATCHED`` stands for the missing side."""

    labels: tuple[str, ...]
    counts: dict[str, dict[str, int]]


@dataclass(frozen=True)
class LayerScores:
    layer: str
    exact: Counts
    overlap: Counts
    tokens: int
    kappa: float | None
    alpha: float | None
    labels: tuple[LabelScores, ...]
    confusion: Confusion


@dataclass(frozen=True)
class QuoteAgreement:
    quotes: Counts  # quotes matched by overlapping segments
    speakers_agree: int
    speaker_agreement: float | None  # share of matched quotes with the same speaker


@dataclass(frozen=True)
class AttributeAgreement:
    attribute: str
    n: int  # matched claims
    agree: int
    percent: float | None
    kappa: float | None


@dataclass(frozen=True)
class ClaimAgreement:
    claims: Counts
    attributes: tuple[AttributeAgreement, ...]


@dataclass(frozen=True)
class DocumentScore:
    id: str
    title: str
    exact: Counts
    overlap: Counts


@dataclass(frozen=True)
class EntityAlignment:
    a_entities: int
    b_entities: int
    pairs: tuple[tuple[str, str], ...]  # (entity of A, entity of B)


@dataclass(frozen=True)
class Agreement:
    documents: tuple[DocumentScore, ...]
    layers: tuple[LayerScores, ...]
    quotes: QuoteAgreement | None
    claims: ClaimAgreement | None
    entities: EntityAlignment


@dataclass(frozen=True)
class Pairwise:
    """Overall overlap F1 of every pair of annotators (None on the diagonal or with nothing to
    compare), over the documents each pair both worked on."""

    annotators: tuple[str, ...]
    f1: dict[str, dict[str, float | None]]
    documents: dict[str, dict[str, int]]


_NONE = Counts(0, 0, 0)


def to_json(result: Any) -> Any:
    """A result as JSON-ready values: dataclasses become dicts, tuples lists."""
    if is_dataclass(result) and not isinstance(result, type):
        return {f.name: to_json(getattr(result, f.name)) for f in fields(result)}
    if isinstance(result, dict):
        return {str(k): to_json(v) for k, v in result.items()}
    if isinstance(result, list | tuple):
        return [to_json(v) for v in result]
    return result


# -- statistics -----------------------------------------------------------------------------------


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two coders, one (A's category, B's category) pair per unit:
    ``(p_o - p_e) / (1 - p_e)`` with ``p_e`` from each coder's own category shares."""
    return counted_kappa(Counter(pairs))


def counted_kappa(pairs: Mapping[tuple[str, str], int]) -> float | None:
    """``cohen_kappa`` of the units counted per (A's category, B's category) pair (the same
    figure: every sum is of whole numbers)."""
    n = sum(pairs.values())
    if not n:
        return None
    observed = sum(k for (a, b), k in pairs.items() if a == b) / n
    of_a: Counter[str] = Counter()
    of_b: Counter[str] = Counter()
    for (a, b), k in pairs.items():
        of_a[a] += k
        of_b[b] += k
    expected = sum(of_a[c] * of_b[c] for c in of_a) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


class AlphaTally:
    """Krippendorff's alpha, nominal, for any number of coders, some of whom may not have coded
    a unit: units are added one at a time (the values of the coders who coded it).

    A unit coded by ``m >= 2`` coders, ``n_c`` of them with value c, adds
    ``n_c * (n_k - [c == k]) / (m - 1)`` to the coincidence of (c, k); units coded once cannot
    be paired and are left out. With ``n`` the pairable values, ``n_c`` their counts and ``D``
    the off-diagonal coincidences, ``alpha = 1 - (n - 1) * D / sum(n_c * n_k for c != k)``
    (Krippendorff, *Computing Krippendorff's Alpha-Reliability*, 2011). With two coders on
    every unit this is the usual two-coder alpha.
    """

    def __init__(self) -> None:
        self.values: Counter[str] = Counter()
        self.disagreement = 0.0
        self.units = 0

    def add(self, values: Sequence[str], times: int = 1) -> None:
        """One unit coded ``values`` (or ``times`` such units: with two coders each unit adds
        a whole number to the disagreement, so adding them at once gives the same sum)."""
        m = len(values)
        if m < 2:
            return
        counts = Counter(values)
        for value, n in counts.items():
            self.values[value] += n * times
        self.disagreement += times * ((m * m - sum(c * c for c in counts.values())) / (m - 1))
        self.units += times

    @property
    def alpha(self) -> float | None:
        n = sum(self.values.values())
        expected = n * n - sum(v * v for v in self.values.values())
        if not self.units or not expected:
            return None  # no units, or a single category everywhere
        return 1 - (n - 1) * self.disagreement / expected


def krippendorff_alpha(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Krippendorff's alpha, nominal, for two coders who both coded every unit (``AlphaTally``
    with one unit per pair)."""
    return counted_alpha(Counter(pairs))


def counted_alpha(pairs: Mapping[tuple[str, str], int]) -> float | None:
    """``krippendorff_alpha`` of the units counted per (A's value, B's value) pair."""
    tally = AlphaTally()
    for values, times in pairs.items():
        tally.add(values, times)
    return tally.alpha


@dataclass(frozen=True)
class GroupAlpha:
    """Token-wise alpha over every annotator of each document at once."""

    alpha: float | None  # over the labels asked (each token: the innermost such span, else O)
    by_label: dict[str, float | None]  # per label: a token covered by one of its spans or not
    documents: int  # documents two or more annotators worked on (the others are not units)
    tokens: int  # tokens of those documents (the units)
    annotators: tuple[str, ...]  # everyone who coded at least one of them


def group_alpha(
    texts: Mapping[str, str],
    work: Mapping[str, Mapping[str, Sequence[SpanTuple]]],
    labels: Collection[str] | None = None,
) -> GroupAlpha:
    """Alpha over the tokens (``tokens``) of every document two or more annotators worked on
    (``work``: annotator -> document id -> spans; ``texts``: document id -> text), each token
    coded by each of them with the label of the innermost of their spans covering it (of
    ``labels`` only, across layers, if given), else ``OUTSIDE``; one unit per token, with as
    many values as annotators worked on its document."""
    overall = AlphaTally()
    named = (
        labels
        if labels is not None
        else {s[3] for w in work.values() for d in w.values() for s in d}
    )
    per_label = {label: AlphaTally() for label in sorted(named)}
    documents = tokens_seen = 0
    coders: set[str] = set()
    for doc, text in texts.items():
        who = [name for name in work if doc in work[name]]
        if len(who) < 2:
            continue
        units = tokens(text)
        coded = []
        for name in who:
            spans = [s for s in work[name][doc] if labels is None or s[3] in labels]
            coded.append(token_labels(units, spans))
        for values in zip(*coded, strict=True):
            overall.add(values)
        for label, tally in per_label.items():  # covered by a span of this label, or not
            alone = [
                token_labels(units, [s for s in work[name][doc] if s[3] == label]) for name in who
            ]
            for values in zip(*alone, strict=True):
                tally.add(values)
        documents += 1
        tokens_seen += len(units)
        coders.update(who)
    return GroupAlpha(
        overall.alpha,
        {label: tally.alpha for label, tally in per_label.items()},
        documents,
        tokens_seen,
        tuple(sorted(coders)),
    )


# -- tokens ---------------------------------------------------------------------------------------

_ZWJ = "\u200d"


def _is_word(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] in "LNM" or category == "Pc"


def _extends(ch: str) -> bool:
    code = ord(ch)
    return (
        unicodedata.category(ch)[0] == "M"  # combining marks, variation selectors
        or 0x1F3FB <= code <= 0x1F3FF  # emoji skin tone modifiers
        or 0xE0020 <= code <= 0xE007F  # tag characters (subdivision flags)
    )


def _is_regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def tokens(text: str) -> list[tuple[int, int]]:
    """The tokens of ``text`` as (start, end) code point ranges (rules in the module doc)."""
    found: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start = i
        if _is_word(text[i]):
            while i < n and _is_word(text[i]):
                i += 1
        else:
            i += 1
            if _is_regional(text[start]) and i < n and _is_regional(text[i]):
                i += 1
        while i < n:
            if _extends(text[i]):
                i += 1
            elif text[i] == _ZWJ and i + 1 < n and not text[i + 1].isspace():
                i += 2
            else:
                break
        found.append((start, i))
    return found


def token_labels(units: Sequence[tuple[int, int]], spans: Iterable[SpanTuple]) -> list[str]:
    """The label of each token: that of the innermost span covering it, else ``OUTSIDE``."""
    best: list[tuple[int, str] | None] = [None] * len(units)
    starts = [s for s, _ in units]
    for start, end, _, label in spans:
        # tokens that share a character with [start, end): from the last one starting before end
        i = bisect_left(starts, end) - 1
        while i >= 0 and units[i][1] > start:
            key = (end - start, label)
            current = best[i]
            if current is None or key < current:
                best[i] = key
            i -= 1
    return [OUTSIDE if b is None else b[1] for b in best]


# -- matching -------------------------------------------------------------------------------------


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def greedy_pairs(scores: Iterable[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """A one-to-one choice among (i, j, score) candidates, highest score first (then i, j)."""
    chosen: list[tuple[int, int]] = []
    used_i: set[int] = set()
    used_j: set[int] = set()
    for i, j, _ in sorted(scores, key=lambda c: (-c[2], c[0], c[1])):
        if i not in used_i and j not in used_j:
            chosen.append((i, j))
            used_i.add(i)
            used_j.add(j)
    return chosen


def overlap_pairs(
    a: Sequence[Any], b: Sequence[Any], size: Callable[[Any, Any], int]
) -> list[tuple[int, int]]:
    """Indices of A's and B's items matched one to one where ``size`` (their overlap) is
    positive, largest first."""
    return greedy_pairs(
        (i, j, n) for i, x in enumerate(a) for j, y in enumerate(b) if (n := size(x, y)) > 0
    )


def _same_label_overlap(x: SpanTuple, y: SpanTuple) -> int:
    return _overlap(x[:2], y[:2]) if x[2:] == y[2:] else 0


def exact_count(a: Iterable[SpanTuple], b: Iterable[SpanTuple]) -> int:
    """Spans of A and B with the same start, end, layer and label, one to one."""
    return sum((Counter(a) & Counter(b)).values())


def overlap_count(a: Sequence[SpanTuple], b: Sequence[SpanTuple]) -> int:
    """Spans of A and B that overlap and have the same layer and label, one to one."""
    return len(overlap_pairs(a, b, _same_label_overlap))


def confusion_pairs(a: Sequence[SpanTuple], b: Sequence[SpanTuple]) -> list[tuple[str, str]]:
    """(A's label, B's label) for spans of one layer matched by overlap whatever their label
    (largest overlap first; same label first on equal overlap), ``UNMATCHED`` for the rest."""

    def size(x: SpanTuple, y: SpanTuple) -> int:
        return 2 * _overlap(x[:2], y[:2]) + (x[3] == y[3]) if _overlap(x[:2], y[:2]) else 0

    pairs = overlap_pairs(a, b, size)
    found = [(a[i][3], b[j][3]) for i, j in pairs]
    found += [(s[3], UNMATCHED) for i, s in enumerate(a) if i not in {p[0] for p in pairs}]
    found += [(UNMATCHED, s[3]) for j, s in enumerate(b) if j not in {p[1] for p in pairs}]
    return found


def label_counts(
    a: Sequence[SpanTuple], b: Sequence[SpanTuple]
) -> dict[tuple[str, str], tuple[Counts, Counts]]:
    """Exact and overlap counts per (layer, label) of the spans given."""
    found = {}
    for key in sorted({s[2:] for s in a} | {s[2:] for s in b}):
        sa = [s for s in a if s[2:] == key]
        sb = [s for s in b if s[2:] == key]
        found[key] = (
            Counts(len(sa), len(sb), exact_count(sa, sb)),
            Counts(len(sa), len(sb), overlap_count(sa, sb)),
        )
    return found


def span_counts(a: Sequence[SpanTuple], b: Sequence[SpanTuple]) -> tuple[Counts, Counts]:
    """Exact and overlap counts of all the spans given (matched within each layer and label)."""
    counts = label_counts(a, b).values()
    return sum((c[0] for c in counts), _NONE), sum((c[1] for c in counts), _NONE)


# -- entities and speakers ------------------------------------------------------------------------


def align_entities(
    a: Iterable[tuple[str, Mention]], b: Iterable[tuple[str, Mention]]
) -> dict[str, str]:
    """A's entity id -> B's entity id for entities that are the same by their mentions, given
    as (document id, (start, end, entity id)) (rule in the module doc)."""
    by_doc_b: dict[str, list[Mention]] = {}
    b_sizes: Counter[str] = Counter()
    for doc, m in b:
        by_doc_b.setdefault(doc, []).append(m)
        b_sizes[m[2]] += 1
    a_sizes: Counter[str] = Counter()
    a_hits: dict[tuple[str, str], int] = Counter()  # (ea, eb) -> A's mentions overlapping eb
    b_hits: dict[tuple[str, str], set[tuple[str, Mention]]] = {}
    for doc, ma in a:
        a_sizes[ma[2]] += 1
        hit = set()
        for mb in by_doc_b.get(doc, ()):
            if _overlap(ma[:2], mb[:2]):
                hit.add(mb[2])
                b_hits.setdefault((ma[2], mb[2]), set()).add((doc, mb))
        for eb in hit:
            a_hits[ma[2], eb] += 1
    ids_a, ids_b = sorted(a_sizes), sorted(b_sizes)
    candidates = [
        (ids_a.index(ea), ids_b.index(eb), count + len(b_hits[ea, eb]))
        for (ea, eb), count in a_hits.items()
        if 2 * count > a_sizes[ea] and 2 * len(b_hits[ea, eb]) > b_sizes[eb]
    ]
    return {ids_a[i]: ids_b[j] for i, j in greedy_pairs(candidates)}


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def same_speaker(qa: QuoteItem, qb: QuoteItem, aligned: Mapping[str, str]) -> bool:
    """Whether two quotes have the same speaker (rule in the module doc)."""
    ea, eb = qa.speaker_entity, qb.speaker_entity
    if ea is not None and eb is not None:
        return ea == eb or aligned.get(ea) == eb
    if ea is None and eb is None:
        return _norm(qa.speaker_text) == _norm(qb.speaker_text)
    if ea is None:
        text, names = qa.speaker_text, qb.speaker_names
    else:
        text, names = qb.speaker_text, qa.speaker_names
    return bool(_norm(text)) and _norm(text) in {_norm(n) for n in names}


# -- the whole comparison -------------------------------------------------------------------------


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
        self._quotes = _NONE
        self._speakers_agree = 0
        self._speakers_if_aligned: Counter[tuple[str, str]] = Counter()
        self._claims = _NONE
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
                before = tally.by_label.get(label, (_NONE, _NONE))
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
                if _overlap(ma[:2], mb[:2]):
                    hit.add(mb[2])
                    b_hit.setdefault((ma[2], mb[2]), set()).add(mb)
            for eb in hit:
                self._a_hits[ma[2], eb] += 1
        for key, mentions in b_hit.items():
            self._b_hits[key] += len(mentions)

    def _add_quotes(self, qa: Sequence[QuoteItem], qb: Sequence[QuoteItem]) -> None:
        pairs = overlap_pairs(qa, qb, _quote_overlap)
        self._quotes += Counts(len(qa), len(qb), len(pairs))
        for i, j in pairs:
            ea, eb = qa[i].speaker_entity, qb[j].speaker_entity
            if ea is not None and eb is not None and ea != eb:
                self._speakers_if_aligned[ea, eb] += 1  # known once entities are aligned
            else:
                self._speakers_agree += same_speaker(qa[i], qb[j], {})

    def _add_claims(self, ca: Sequence[ClaimItem], cb: Sequence[ClaimItem]) -> None:
        pairs = overlap_pairs(ca, cb, _claim_overlap)
        self._claims += Counts(len(ca), len(cb), len(pairs))
        for i, j in pairs:
            for name, counter in self._attributes.items():
                counter[str(getattr(ca[i], name)), str(getattr(cb[j], name))] += 1

    def result(self) -> Agreement:
        aligned = self._aligned()
        agree = self._speakers_agree + sum(
            n for (ea, eb), n in self._speakers_if_aligned.items() if aligned.get(ea) == eb
        )
        quotes = QuoteAgreement(self._quotes, agree, _ratio(agree, self._quotes.matched))
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
                AttributeAgreement(name, n, agree, _ratio(agree, n), counted_kappa(values))
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
        sum((s.exact for s in scores), _NONE),
        sum((s.overlap for s in scores), _NONE),
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


def _quote_overlap(x: QuoteItem, y: QuoteItem) -> int:
    return sum(_overlap(s, t) for s in x.segments for t in y.segments)


def _claim_overlap(x: ClaimItem, y: ClaimItem) -> int:
    return _overlap((x.start, x.end), (y.start, y.end))


def pairwise(work: Mapping[str, Mapping[str, Sequence[SpanTuple]]]) -> Pairwise:
    """Overall overlap F1 for every pair of annotators, from each annotator's spans per document
    id (only documents they worked on); a pair is compared on the documents both have."""
    names = tuple(work)
    f1: dict[str, dict[str, float | None]] = {n: dict.fromkeys(names) for n in names}
    shared: dict[str, dict[str, int]] = {n: dict.fromkeys(names, 0) for n in names}
    for x, y in combinations(names, 2):
        common = [doc for doc in work[x] if doc in work[y]]
        total = _NONE
        for doc in common:
            total += span_counts(work[x][doc], work[y][doc])[1]
        f1[x][y] = f1[y][x] = total.f1
        shared[x][y] = shared[y][x] = len(common)
    for n in names:
        shared[n][n] = len(work[n])
    return Pairwise(names, f1, shared)
