"""The sweep finds the same one-to-one overlap matching as comparing every pair."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.agreement.records import SpanTuple
from annotator.core.agreement.spans import overlap_pairs
from annotator.core.overlaps import candidate_pairs
from annotator.core.overlaps import overlap_pairs as swept_pairs
from annotator.core.review import _extents, _span_rank

_span = st.tuples(st.integers(0, 60), st.integers(0, 12), st.sampled_from(["X", "Y"])).map(
    lambda t: (t[0], t[0] + t[1], "entity", t[2])
)


@given(st.lists(_span, max_size=25), st.lists(_span, max_size=25))
def test_the_sweep_matches_like_every_pair(a: list[SpanTuple], b: list[SpanTuple]) -> None:
    assert swept_pairs(a, b, _span_rank, _extents) == overlap_pairs(a, b, _span_rank)


def test_candidates_touching_ends_and_empty_ranges_do_not_overlap() -> None:
    a = [(0, 5, 0), (5, 9, 1), (3, 3, 2)]
    b = [(5, 6, 0), (2, 4, 1), (0, 20, 2)]
    assert candidate_pairs(a, b) == {(1, 0), (0, 1), (0, 2), (1, 2)}
