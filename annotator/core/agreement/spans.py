"""Span-level agreement: A's and B's spans (and quotes, claims) matched one to one, and counted.

* **Exact match**: same start, end and label; **overlap match**: the two spans share at least
  one character and have the same label. Overlap pairs are chosen greedily, largest overlap
  first, each span used at most once.
* Quotes match when their segments overlap, claims when their spans overlap (any label; greedy
  by overlap, one to one).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from annotator.core.agreement.records import (
    NO_COUNTS,
    UNMATCHED,
    ClaimItem,
    Counts,
    QuoteItem,
    SpanTuple,
)


def overlap_size(a: tuple[int, int], b: tuple[int, int]) -> int:
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
    return overlap_size(x[:2], y[:2]) if x[2:] == y[2:] else 0


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
        return 2 * overlap_size(x[:2], y[:2]) + (x[3] == y[3]) if overlap_size(x[:2], y[:2]) else 0

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
    return sum((c[0] for c in counts), NO_COUNTS), sum((c[1] for c in counts), NO_COUNTS)


def quote_overlap(x: QuoteItem, y: QuoteItem) -> int:
    return sum(overlap_size(s, t) for s in x.segments for t in y.segments)


def claim_overlap(x: ClaimItem, y: ClaimItem) -> int:
    return overlap_size((x.start, x.end), (y.start, y.end))
