"""``core.progress.document_counts``: the per-layer figures of ``core.agreement.label_counts``
counted in one pass (the same numbers on any spans), and the disagreements it counts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.agreement import SpanTuple, label_counts
from annotator.core.progress import document_counts

LABELS = [("entity", "PERSON"), ("entity", "ORG"), ("quote", "QUOTE"), ("claim", "CLAIM")]


@st.composite
def spans(draw: st.DrawFn) -> list[SpanTuple]:
    found = []
    for _ in range(draw(st.integers(0, 12))):
        start = draw(st.integers(0, 40))
        layer, label = draw(st.sampled_from(LABELS))
        found.append((start, start + draw(st.integers(0, 10)), layer, label))
    return found


@given(spans(), spans())
def test_the_same_figures_as_label_counts(a: list[SpanTuple], b: list[SpanTuple]) -> None:
    assert_as_label_counts(a, b)


def assert_as_label_counts(a: list[SpanTuple], b: list[SpanTuple]) -> None:
    expected: dict[str, list[int]] = {}
    for (layer, _), (exact, overlap) in label_counts(a, b).items():
        sums = expected.setdefault(layer, [0, 0, 0, 0])
        for k, n in enumerate((exact.a, exact.b, exact.matched, overlap.matched)):
            sums[k] += n
    counts, disagreements = document_counts(a, b)
    assert {k: list(v) for k, v in counts.items()} == expected
    assert 0 <= disagreements <= len(a) + len(b)


@st.composite
def two_sides(draw: st.DrawFn) -> tuple[list[SpanTuple], list[SpanTuple]]:
    """A's spans, and B's: A's, each kept, moved or dropped, some of B's own added (so that
    some labels have the same spans on both sides, as annotators who agree do)."""
    a = draw(spans())
    b = []
    for s in a:
        what = draw(st.sampled_from(("keep", "keep", "move", "drop")))
        if what != "drop":
            b.append(s if what == "keep" else (s[0], s[1] + draw(st.integers(1, 3)), *s[2:]))
    return a, b + draw(spans())[:2]


@given(two_sides())
def test_the_same_figures_where_the_sides_mostly_agree(
    sides: tuple[list[SpanTuple], list[SpanTuple]],
) -> None:
    a, b = sides
    assert_as_label_counts(a, b)
    assert document_counts(a, a)[1] == 0 == document_counts(b, b)[1]


def test_what_counts_as_a_disagreement() -> None:
    same = (0, 5, "entity", "PERSON")
    assert document_counts([same], [same])[1] == 0
    assert document_counts([same], [(0, 6, "entity", "PERSON")])[1] == 1  # a boundary
    assert document_counts([same], [(0, 5, "entity", "ORG")])[1] == 1  # a label
    assert document_counts([same], [(10, 15, "entity", "PERSON")])[1] == 2  # one side each
    assert document_counts([same], [])[1] == 1
    assert document_counts([], [])[1] == 0
