"""Review mode's core: the typed disagreements and the agreements of two annotators on one text.

``disagreements(pair)`` lists what a reviewer walks through, ``agreements(pair)`` what can be
accepted in bulk; both work on ``agreement.DocumentPair`` (offsets are code point indices,
half-open) and come in text order. Matching reuses ``agreement``'s rules and functions.

* **Groups.** Spans are compared within their layer only. In the quote layer, cue spans (label
  ``CUE``) form a group of their own: a cue is compared with cues, a quote segment with
  segments, never a cue with a segment.
* **Span matching.** Within a group, spans of A and B that share at least one character are
  matched one to one (as ``agreement.overlap_pairs``, greedy; ``overlaps`` finds the
  candidates by a sweep, so only overlapping spans are scored): largest overlap first; on an equal
  overlap the pair with the same boundaries, then the pair with the same label, wins.
* **Matched spans** with the same start, end and label are an agreement (but see quotes and
  claims below); same start and end with different labels are a ``LABEL`` disagreement; any
  other matched pair is a ``BOUNDARY`` disagreement, whose ``same_label`` says whether the
  labels are equal too.
* **Unmatched spans** are ``ONLY_A`` / ``ONLY_B``: nothing of the other annotator in the group
  overlaps them, or what overlaps was matched to a span it overlaps more. So a span of A over two
  spans of B is matched to one; the other is ``ONLY_B``.
* **Quotes** (``QuoteItem``) are matched by overlapping segments (as in ``agreement``). A
  matched pair whose speakers differ (``agreement.same_speaker``, with entities aligned by their
  mentions with ``agreement.align_entities`` over this document, unless an alignment is given) is
  a ``SPEAKER`` disagreement; its sides span from the first segment's start to the last one's
  end. The segments of A's quote in such a pair are then not agreements.
* **Claims** (``ClaimItem``) are matched by overlap; a matched pair whose check-worthiness or
  verdict differ is a ``CLAIM_ATTRIBUTE`` disagreement (``attributes`` names which). A's claim
  span in such a pair is then not an agreement.
* **Sides** carry the layer's offsets, label and text, and for quote-layer spans the quote whose
  segment it is (a cue has none), for claim-layer spans the claim with the same offsets.
* **Order**: by start, then end (longer first), layer (entity, quote, claim), kind, key.
* **Keys** are built from the content only, so they are the same on every run while the two
  annotators' work is unchanged: ``kind/layer/A side/B side``, a side as ``start-end:label``
  (a quote as its segments, ``s-e+s-e``), ``-`` for a missing side; a repeated key gets ``#2``,
  ``#3``... in text order. The values a speaker or claim attribute item compares are part of
  its key (``s-e+s-e@e:ENTITY`` or ``@t:TEXT``; ``start-end:label@worthiness,verdict``), so a
  decision on it goes stale when either side's value changes, as one on a span does when the
  span changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from annotator.core.agreement.entities import align_entities, same_speaker
from annotator.core.agreement.records import (
    CLAIM_ATTRIBUTES,
    LAYERS,
    ClaimItem,
    DocumentPair,
    QuoteItem,
    SpanTuple,
    Work,
)
from annotator.core.agreement.spans import claim_overlap, overlap_size, quote_overlap
from annotator.core.links import CUE_LABEL
from annotator.core.overlaps import overlap_pairs


class Kind(StrEnum):
    """The type of a disagreement (the order here is the order of equal positions)."""

    ONLY_A = "only_a"
    ONLY_B = "only_b"
    LABEL = "label"
    BOUNDARY = "boundary"
    SPEAKER = "speaker"
    CLAIM_ATTRIBUTE = "claim_attribute"


_KIND_ORDER = {k: i for i, k in enumerate(Kind)}
AGREED = "agreed"  # the kind part of an agreement's key


@dataclass(frozen=True)
class Side:
    """One annotator's side of an item: offsets, label, text and, where they apply, the quote
    or claim (with its speaker or attribute values)."""

    start: int
    end: int
    label: str
    text: str
    quote: QuoteItem | None = None
    claim: ClaimItem | None = None


@dataclass(frozen=True)
class Disagreement:
    kind: Kind
    layer: str
    a: Side | None
    b: Side | None
    key: str
    same_label: bool | None = None  # BOUNDARY only: whether A's and B's labels are equal
    attributes: tuple[str, ...] = ()  # CLAIM_ATTRIBUTE only: the attributes that differ

    @property
    def start(self) -> int:
        return min(s.start for s in (self.a, self.b) if s is not None)

    @property
    def end(self) -> int:
        return max(s.end for s in (self.a, self.b) if s is not None)


@dataclass(frozen=True)
class Agreed:
    """A span both annotators have with the same start, end and label (and, for a quote, the
    same speaker; for a claim, the same attributes)."""

    layer: str
    a: Side
    b: Side
    key: str

    @property
    def start(self) -> int:
        return self.a.start

    @property
    def end(self) -> int:
        return self.a.end


# -- the comparison -------------------------------------------------------------------------------


def review(
    pair: DocumentPair, aligned: Mapping[str, str] | None = None
) -> tuple[list[Disagreement], list[Agreed]]:
    """``disagreements(pair)`` and ``agreements(pair)`` from one comparison."""
    done = _Review(pair, aligned)
    return done.disagreements, done.agreements


def disagreements(
    pair: DocumentPair, aligned: Mapping[str, str] | None = None
) -> list[Disagreement]:
    """The typed disagreements of A and B on ``pair``, in text order (rules in the module doc);
    ``aligned`` (A's entity id -> B's) defaults to aligning this document's mentions."""
    return _Review(pair, aligned).disagreements


def agreements(pair: DocumentPair, aligned: Mapping[str, str] | None = None) -> list[Agreed]:
    """The spans A and B agree on in ``pair``, in text order (rules in the module doc)."""
    return _Review(pair, aligned).agreements


def count(pair: DocumentPair, aligned: Mapping[str, str] | None = None) -> int:
    """How many disagreements ``disagreements(pair)`` lists, without making them (no sides,
    no keys, no order; the text is not read): the team's progress counts each ready
    document's so, as the review panel will list them."""
    return sum(1 for found in _compared(pair, aligned) if found[0] is not AGREED)


# What the comparison found, before it is made into items: (kind, layer, A's item, B's item,
# same label (BOUNDARY), the claim attributes that differ); the items are spans, whole quotes
# (SPEAKER) or claims (CLAIM_ATTRIBUTE).
_Found = tuple[
    Kind | str,
    str,
    SpanTuple | QuoteItem | ClaimItem | None,
    SpanTuple | QuoteItem | ClaimItem | None,
    bool | None,
    tuple[str, ...],
]


class _Alignment:
    """A's entity id -> B's (``agreement.align_entities`` over the document's mentions), made
    only if a speaker comparison needs it (two quotes with different speaker entities)."""

    def __init__(self, pair: DocumentPair, given: Mapping[str, str] | None) -> None:
        self._pair = pair
        self._found = given

    def get(self) -> Mapping[str, str]:
        if self._found is None:
            pair = self._pair
            self._found = align_entities(
                ((pair.id, m) for m in pair.a.mentions), ((pair.id, m) for m in pair.b.mentions)
            )
        return self._found


_NOTHING: Mapping[str, str] = {}


def _same_speaker(qa: QuoteItem, qb: QuoteItem, alignment: _Alignment) -> bool:
    ea, eb = qa.speaker_entity, qb.speaker_entity
    needed = ea is not None and eb is not None and ea != eb
    return same_speaker(qa, qb, alignment.get() if needed else _NOTHING)


def _compared(pair: DocumentPair, aligned: Mapping[str, str] | None) -> list[_Found]:
    """Every disagreement and agreement of A and B on ``pair`` (rules in the module doc)."""
    alignment = _Alignment(pair, aligned)
    found: list[_Found] = []
    disputed: set[tuple[str, int, int]] = set()  # A's (layer, start, end) covered elsewhere
    a, b = pair.a, pair.b
    for i, j in overlap_pairs(a.quotes, b.quotes, quote_overlap, _extents):
        qa, qb = a.quotes[i], b.quotes[j]
        if not _same_speaker(qa, qb, alignment):
            found.append((Kind.SPEAKER, "quote", qa, qb, None, ()))
            disputed.update(("quote", s, e) for s, e in qa.segments)
    for i, j in overlap_pairs(a.claims, b.claims, claim_overlap, _extents):
        ca, cb = a.claims[i], b.claims[j]
        differ = tuple(n for n in CLAIM_ATTRIBUTES if getattr(ca, n) != getattr(cb, n))
        if differ:
            found.append((Kind.CLAIM_ATTRIBUTE, "claim", ca, cb, None, differ))
            disputed.add(("claim", ca.start, ca.end))
    groups: dict[tuple[int, str, bool], tuple[list[SpanTuple], list[SpanTuple]]] = {}
    for side, spans in ((0, a.spans), (1, b.spans)):
        for span in spans:
            groups.setdefault(_group(span), ([], []))[side].append(span)
    for group in sorted(groups):
        sa, sb = groups[group]
        layer = group[1]
        if sa and sb:  # twins (same start, end and label) match each other (*)
            twins = Counter(x for x in sa if x[0] < x[1]) & Counter(sb)
            for x in twins.elements():
                if (layer, x[0], x[1]) not in disputed:
                    found.append((AGREED, layer, x, x, None, ()))
            if twins:
                sa, sb = _less(sa, twins), _less(sb, twins)
        pairs = overlap_pairs(sa, sb, _span_rank, _extents) if sa and sb else []
        for i, j in pairs:
            x, y = sa[i], sb[j]
            if x[:2] != y[:2]:
                found.append((Kind.BOUNDARY, layer, x, y, x[3] == y[3], ()))
            elif x[3] != y[3]:
                found.append((Kind.LABEL, layer, x, y, None, ()))
            elif (layer, x[0], x[1]) not in disputed:
                found.append((AGREED, layer, x, y, None, ()))
        matched_a, matched_b = {i for i, _ in pairs}, {j for _, j in pairs}
        for i, x in enumerate(sa):
            if i not in matched_a:
                found.append((Kind.ONLY_A, layer, x, None, None, ()))
        for j, y in enumerate(sb):
            if j not in matched_b:
                found.append((Kind.ONLY_B, layer, None, y, None, ()))
    return found


# (*) Taking twins out first changes nothing: a pair of twins scores 4 x its length + 3 in
# ``_span_rank``; a pair with either of them and another span scores less (an overlap no larger
# than its length, and not both the same boundaries and label), so greedy matching, largest
# score first, pairs each twin with its twin and the rest as without them (an empty span
# overlaps nothing, so it has no twin). Most spans of annotators who agree are twins.


def _less(spans: list[SpanTuple], taken: Counter[SpanTuple]) -> list[SpanTuple]:
    """``spans`` in their order, less as many of each as ``taken`` counts."""
    left = Counter(taken)
    kept = []
    for span in spans:
        if left[span] > 0:
            left[span] -= 1
        else:
            kept.append(span)
    return kept


class _Review:
    def __init__(self, pair: DocumentPair, aligned: Mapping[str, str] | None) -> None:
        self.pair = pair
        made: list[tuple[Kind | str, str, Side | None, Side | None, bool | None, tuple[str, ...]]]
        made = [
            (kind, layer, self._side(x, pair.a), self._side(y, pair.b), same, differ)
            for kind, layer, x, y, same, differ in _compared(pair, aligned)
        ]
        made.sort(key=lambda f: _order(f[0], f[1], f[2], f[3]))
        self.disagreements: list[Disagreement] = []
        self.agreements: list[Agreed] = []
        seen: dict[str, int] = {}
        for kind, layer, left, right, same_label, differ in made:
            key = f"{kind}/{layer}/{_side_key(kind, left)}/{_side_key(kind, right)}"
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:
                key += f"#{seen[key]}"
            if isinstance(kind, Kind):
                self.disagreements.append(
                    Disagreement(kind, layer, left, right, key, same_label, differ)
                )
            else:
                assert left is not None and right is not None
                self.agreements.append(Agreed(layer, left, right, key))

    def _side(self, item: SpanTuple | QuoteItem | ClaimItem | None, work: Work) -> Side | None:
        if item is None:
            return None
        if isinstance(item, QuoteItem):
            return self._quote(item)
        if isinstance(item, ClaimItem):
            return self._claim(item, work)
        return self._span(item, work)

    def _text(self, start: int, end: int) -> str:
        return self.pair.text[start:end]

    def _span(self, span: SpanTuple, work: Work) -> Side:
        start, end, layer, label = span
        quote = claim = None
        if layer == "quote":
            quote = next((q for q in work.quotes if (start, end) in q.segments), None)
        elif layer == "claim":
            claim = next((c for c in work.claims if (c.start, c.end) == (start, end)), None)
        return Side(start, end, label, self._text(start, end), quote, claim)

    def _quote(self, quote: QuoteItem) -> Side:
        start = min((s for s, _ in quote.segments), default=0)
        end = max((e for _, e in quote.segments), default=0)
        return Side(start, end, "", self._text(start, end), quote=quote)

    def _claim(self, claim: ClaimItem, work: Work) -> Side:
        label = next(
            (s[3] for s in work.spans if s[2] == "claim" and s[:2] == (claim.start, claim.end)),
            "",
        )
        return Side(claim.start, claim.end, label, self._text(claim.start, claim.end), None, claim)


def _extents(item: SpanTuple | QuoteItem | ClaimItem) -> Sequence[tuple[int, int]]:
    """The ranges an item covers: a span's or claim's offsets, a quote's segments."""
    if isinstance(item, QuoteItem):
        return item.segments
    if isinstance(item, ClaimItem):
        return [(item.start, item.end)]
    return [(item[0], item[1])]


def _group(span: SpanTuple) -> tuple[int, str, bool]:
    """A span's matching group: (layer position, layer, is a cue)."""
    layer = span[2]
    position = LAYERS.index(layer) if layer in LAYERS else len(LAYERS)
    return position, layer, layer == "quote" and span[3] == CUE_LABEL


def _span_rank(x: SpanTuple, y: SpanTuple) -> int:
    """The matching score of two spans of one group: 0 without overlap; else the overlap, then
    same boundaries, then same label."""
    overlap = overlap_size(x[:2], y[:2])
    return overlap and 4 * overlap + 2 * (x[:2] == y[:2]) + (x[3] == y[3])


def _side_key(kind: Kind | str, side: Side | None) -> str:
    if side is None:
        return "-"
    if kind is Kind.SPEAKER and side.quote is not None:
        q = side.quote
        who = f"e:{q.speaker_entity}" if q.speaker_entity else f"t:{q.speaker_text}"
        return "+".join(f"{s}-{e}" for s, e in q.segments) + "@" + who
    if kind is Kind.CLAIM_ATTRIBUTE and side.claim is not None:
        c = side.claim
        return f"{side.start}-{side.end}:{side.label}@{c.check_worthiness},{c.verdict}"
    return f"{side.start}-{side.end}:{side.label}"


def _order(
    kind: Kind | str, layer: str, a: Side | None, b: Side | None
) -> tuple[int, int, int, int, str]:
    sides: Sequence[Side] = [s for s in (a, b) if s is not None]
    start = min(s.start for s in sides)
    end = max(s.end for s in sides)
    position = LAYERS.index(layer) if layer in LAYERS else len(LAYERS)
    rank = _KIND_ORDER[kind] if isinstance(kind, Kind) else -1
    return start, -end, position, rank, f"{_side_key(kind, a)}/{_side_key(kind, b)}"


# -- describing items (tooltips, lists) -----------------------------------------------------------

KIND_NAMES: dict[str, str] = {
    AGREED: "agreement",
    Kind.ONLY_A: "only A",
    Kind.ONLY_B: "only B",
    Kind.LABEL: "label differs",
    Kind.BOUNDARY: "boundaries differ",
    Kind.SPEAKER: "speaker differs",
    Kind.CLAIM_ATTRIBUTE: "claim attribute differs",
}


def _flat(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def describe_side(side: Side | None, kind: Kind | str = "", limit: int = 40) -> str:
    """One side in plain text: ``PERSON ‘Sergei Lavrov’``, with the speaker for a speaker
    disagreement and the attribute values for a claim one; ``nothing`` for a missing side."""
    if side is None:
        return "nothing"
    text = f"{side.label} ‘{_flat(side.text, limit)}’".strip()
    if kind is Kind.SPEAKER and side.quote is not None:
        q = side.quote
        speaker = (q.speaker_names[0] if q.speaker_names else "") or q.speaker_text or "none"
        text += f", speaker {speaker}"
    if kind is Kind.CLAIM_ATTRIBUTE and side.claim is not None:
        c = side.claim
        text += f", {c.check_worthiness.replace('_', '-')}, {c.verdict}"
    return text


def describe(item: Disagreement | Agreed, limit: int = 40) -> str:
    """An item in plain text, its type then both sides:
    ``label differs — A: PERSON ‘Sergei Lavrov’ · B: ORGANIZATION ‘Lavrov’``."""
    if isinstance(item, Agreed):
        return f"{KIND_NAMES[AGREED]} — {describe_side(item.a, limit=limit)}"
    kind = item.kind
    a, b = describe_side(item.a, kind, limit), describe_side(item.b, kind, limit)
    what = KIND_NAMES[kind]
    if kind is Kind.BOUNDARY and item.same_label is False:
        what += ", label too"
    if kind is Kind.CLAIM_ATTRIBUTE and item.attributes:
        what += f" ({', '.join(n.replace('_', '-') for n in item.attributes)})"
    return f"{what} — A: {a} · B: {b}"
