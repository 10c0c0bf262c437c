"""``core.progress.document_counts``: the per-layer figures of ``core.agreement.spans.label_counts``
counted in one pass (the same numbers on any spans); and ``core.review.count``, which the
progress counts a document's disagreements with: as many as ``core.review.disagreements``
lists, on any work (spans, entity mentions, quotes with speakers, claims)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.agreement.records import ClaimItem, DocumentPair, QuoteItem, SpanTuple, Work
from annotator.core.agreement.spans import label_counts
from annotator.core.progress import document_counts
from annotator.core.review import count, disagreements

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
    counts = document_counts(a, b)
    assert {k: list(v) for k, v in counts.items()} == expected


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


@st.composite
def works(draw: st.DrawFn) -> Work:
    """Spans, some of them entity mentions of e1/e2, some quote segments of quotes with a
    speaker entity or text, some claims with attribute values."""
    found = draw(spans())
    quote_spans = [s for s in found if s[2] == "quote"]
    claim_spans = [s for s in found if s[2] == "claim"]
    mentions = tuple((s[0], s[1], draw(st.sampled_from(("e1", "e2")))) for s in found[:3])
    quotes = tuple(
        QuoteItem(
            ((s[0], s[1]),),
            draw(st.sampled_from((None, "e1", "e2"))),
            draw(st.sampled_from(("", "Alice", "Bob"))),
            draw(st.sampled_from(((), ("Alice",), ("Bob", "Bobby")))),
        )
        for s in quote_spans
    )
    claims = tuple(
        ClaimItem(
            s[0],
            s[1],
            draw(st.sampled_from(("unsure", "check_worthy"))),
            draw(st.sampled_from(("unverified", "false"))),
        )
        for s in claim_spans
    )
    return Work(tuple(found), mentions, quotes, claims)


@given(works(), works())
def test_the_review_count_is_the_number_of_disagreements_listed(a: Work, b: Work) -> None:
    pair = DocumentPair("d", "", "x" * 60, a, b)
    assert count(pair) == len(disagreements(pair))
    if all(s[0] < s[1] for s in a.spans):  # (an empty span matches nothing, even its twin)
        assert count(DocumentPair("d", "", "", a, a)) == 0
