"""Overlap matching without comparing every pair: candidates found by a sweep over starts.

``overlap_pairs`` gives the same one-to-one matching as ``agreement.overlap_pairs`` (greedy,
largest ``size`` first, then by index), but ``size`` is called only for pairs whose extents
(``extents(item)``: one or more half-open ``(start, end)`` ranges, code points) share at least
one character: sorting by start and keeping the ranges still open makes a document with n spans
cost about n log n plus the overlapping pairs, not n².
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from annotator.core.agreement.spans import greedy_pairs

T = TypeVar("T")
U = TypeVar("U")


def candidate_pairs(
    a: Iterable[tuple[int, int, int]], b: Iterable[tuple[int, int, int]]
) -> set[tuple[int, int]]:
    """(i, j) for every range ``(start, end, i)`` of ``a`` that shares a character with a
    range ``(start, end, j)`` of ``b`` (empty ranges share none)."""
    events = sorted(
        [(s, 0, e, i) for s, e, i in a if s < e] + [(s, 1, e, j) for s, e, j in b if s < e]
    )
    open_a: list[tuple[int, int]] = []  # (end, index) of the ranges still open
    open_b: list[tuple[int, int]] = []
    found: set[tuple[int, int]] = set()
    for start, side, end, index in events:
        open_a = [r for r in open_a if r[0] > start]
        open_b = [r for r in open_b if r[0] > start]
        if side == 0:
            found.update((index, j) for _, j in open_b)
            open_a.append((end, index))
        else:
            found.update((i, index) for _, i in open_a)
            open_b.append((end, index))
    return found


def overlap_pairs(
    a: Sequence[T],
    b: Sequence[U],
    size: Callable[[T, U], int],
    extents: Callable[[T | U], Iterable[tuple[int, int]]],
) -> list[tuple[int, int]]:
    """Indices of A's and B's items matched one to one where ``size`` is positive, largest
    first (as ``agreement.overlap_pairs``); only overlapping items are scored."""
    ranges_a = [(s, e, i) for i, x in enumerate(a) for s, e in extents(x)]
    ranges_b = [(s, e, j) for j, y in enumerate(b) for s, e in extents(y)]
    scored = ((i, j, size(a[i], b[j])) for i, j in candidate_pairs(ranges_a, ranges_b))
    return greedy_pairs(c for c in scored if c[2] > 0)
