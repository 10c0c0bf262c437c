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
    expected: dict[str, list[int]] = {}
    for (layer, _), (exact, overlap) in label_counts(a, b).items():
        sums = expected.setdefault(layer, [0, 0, 0, 0])
        for k, n in enumerate((exact.a, exact.b, exact.matched, overlap.matched)):
            sums[k] += n
    counts, disagreements = document_counts(a, b)
    assert {k: list(v) for k, v in counts.items()} == expected
    assert 0 <= disagreements <= len(a) + len(b)


def test_what_counts_as_a_disagreement() -> None:
    same = (0, 5, "entity", "PERSON")
    assert document_counts([same], [same])[1] == 0
    assert document_counts([same], [(0, 6, "entity", "PERSON")])[1] == 1  # a boundary
    assert document_counts([same], [(0, 5, "entity", "ORG")])[1] == 1  # a label
    assert document_counts([same], [(10, 15, "entity", "PERSON")])[1] == 2  # one side each
    assert document_counts([same], [])[1] == 1
    assert document_counts([], [])[1] == 0
