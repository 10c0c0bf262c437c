"""Review mode's typed disagreements and agreements on small hand-made texts."""

from __future__ import annotations

from annotator.core.agreement.records import ClaimItem, DocumentPair, QuoteItem, SpanTuple, Work
from annotator.core.review import Agreed, Disagreement, Kind, agreements, disagreements

TEXT = "Ursula von der Leyen met Sergei Lavrov in Kyiv. The talks failed, he said."


def at(text: str, piece: str, layer: str, label: str) -> SpanTuple:
    start = text.index(piece)
    return (start, start + len(piece), layer, label)


def pair(a: Work, b: Work, text: str = TEXT) -> DocumentPair:
    return DocumentPair("d1", "t", text, a, b)


def kinds(items: list[Disagreement]) -> list[tuple[Kind, str | None, str | None]]:
    return [(d.kind, d.a.text if d.a else None, d.b.text if d.b else None) for d in items]


def test_identical_work_is_all_agreement() -> None:
    spans = (at(TEXT, "Ursula von der Leyen", "entity", "PER"), at(TEXT, "Kyiv", "entity", "LOC"))
    doc = pair(Work(spans=spans), Work(spans=spans))
    assert disagreements(doc) == []
    agreed = agreements(doc)
    assert [(g.a.text, g.a.label, g.b.label) for g in agreed] == [
        ("Ursula von der Leyen", "PER", "PER"),
        ("Kyiv", "LOC", "LOC"),
    ]
    assert agreed[0].key == "agreed/entity/0-20:PER/0-20:PER"


def test_only_a_only_b_label_and_boundary() -> None:
    a = Work(
        spans=(
            at(TEXT, "Ursula von der Leyen", "entity", "PER"),  # B: same span, ORG -> LABEL
            at(TEXT, "Sergei Lavrov", "entity", "PER"),  # B: "Lavrov" PER -> BOUNDARY same
            at(TEXT, "Kyiv", "entity", "LOC"),  # nothing in B -> ONLY_A
            at(TEXT, "The talks", "entity", "MISC"),  # B: "talks" EVT -> BOUNDARY other label
        )
    )
    b = Work(
        spans=(
            at(TEXT, "Ursula von der Leyen", "entity", "ORG"),
            at(TEXT, "Lavrov", "entity", "PER"),
            at(TEXT, "talks", "entity", "EVT"),
            at(TEXT, "he", "entity", "PER"),  # nothing in A -> ONLY_B
        )
    )
    found = disagreements(pair(a, b))
    assert kinds(found) == [
        (Kind.LABEL, "Ursula von der Leyen", "Ursula von der Leyen"),
        (Kind.BOUNDARY, "Sergei Lavrov", "Lavrov"),
        (Kind.ONLY_A, "Kyiv", None),
        (Kind.BOUNDARY, "The talks", "talks"),
        (Kind.ONLY_B, None, "he"),
    ]
    assert [d.same_label for d in found] == [None, True, None, False, None]
    assert {d.layer for d in found} == {"entity"}
    assert found[0].a is not None and found[0].a.label == "PER"
    assert found[0].b is not None and found[0].b.label == "ORG"
    assert agreements(pair(a, b)) == []


def test_layers_are_compared_separately() -> None:
    a = Work(spans=(at(TEXT, "Kyiv", "entity", "LOC"),))
    b = Work(spans=(at(TEXT, "Kyiv", "claim", "CLAIM"),))
    found = disagreements(pair(a, b))
    assert [(d.kind, d.layer) for d in found] == [
        (Kind.ONLY_A, "entity"),
        (Kind.ONLY_B, "claim"),
    ]


def test_one_span_of_a_over_two_of_b_matches_the_larger_overlap() -> None:
    a = Work(spans=(at(TEXT, "Sergei Lavrov in Kyiv", "entity", "LOC"),))
    b = Work(spans=(at(TEXT, "Sergei Lavrov", "entity", "PER"), at(TEXT, "Kyiv", "entity", "LOC")))
    assert kinds(disagreements(pair(a, b))) == [
        (Kind.BOUNDARY, "Sergei Lavrov in Kyiv", "Sergei Lavrov"),  # overlap 13 beats 4
        (Kind.ONLY_B, None, "Kyiv"),
    ]


def test_nested_spans() -> None:
    outer = at(TEXT, "Ursula von der Leyen met Sergei Lavrov", "entity", "EVT")
    inner = at(TEXT, "Sergei Lavrov", "entity", "PER")
    both = Work(spans=(outer, inner))
    assert disagreements(pair(both, both)) == []
    assert [g.a.text for g in agreements(pair(both, both))] == [
        "Ursula von der Leyen met Sergei Lavrov",  # the outer span first at the same start...
        "Sergei Lavrov",
    ]
    # B has the outer span only: the inner span of A is not taken as a boundary change of it
    found = disagreements(pair(both, Work(spans=(outer,))))
    assert kinds(found) == [(Kind.ONLY_A, "Sergei Lavrov", None)]
    assert [g.a.text for g in agreements(pair(both, Work(spans=(outer,))))] == [
        "Ursula von der Leyen met Sergei Lavrov"
    ]


def test_equal_overlap_prefers_same_boundaries_then_same_label() -> None:
    a = Work(spans=(at(TEXT, "Sergei Lavrov", "entity", "PER"),))
    b = Work(
        spans=(
            at(TEXT, "met Sergei Lavrov", "entity", "PER"),
            at(TEXT, "Sergei Lavrov", "entity", "ORG"),
        )
    )
    assert kinds(disagreements(pair(a, b))) == [
        (Kind.ONLY_B, None, "met Sergei Lavrov"),
        (Kind.LABEL, "Sergei Lavrov", "Sergei Lavrov"),
    ]


def test_cue_spans_match_cues_only() -> None:
    said = at(TEXT, "he said", "quote", "CUE")
    segment = at(TEXT, "The talks failed", "quote", "QUOTE")
    a = Work(spans=(segment, said))
    # B marked the cue as a quote segment and the segment as a wider cue: no LABEL, no BOUNDARY
    b = Work(spans=(at(TEXT, "he said", "quote", "QUOTE"), at(TEXT, "The talks", "quote", "CUE")))
    found = disagreements(pair(a, b))
    assert sorted((d.kind, d.a.label if d.a else d.b.label if d.b else "") for d in found) == [
        (Kind.ONLY_A, "CUE"),
        (Kind.ONLY_A, "QUOTE"),
        (Kind.ONLY_B, "CUE"),
        (Kind.ONLY_B, "QUOTE"),
    ]
    # a cue against a cue with other boundaries
    c = Work(spans=(segment, at(TEXT, "said", "quote", "CUE")))
    found = disagreements(pair(a, c))
    assert kinds(found) == [(Kind.BOUNDARY, "he said", "said")]
    assert found[0].same_label is True and found[0].layer == "quote"
    assert [g.a.label for g in agreements(pair(a, c))] == ["QUOTE"]


def quote_work(
    segment: SpanTuple, entity: str | None = None, text: str = "", names: tuple[str, ...] = ()
) -> Work:
    quote = QuoteItem((segment[:2],), entity, text, names)
    mention = at(TEXT, "Sergei Lavrov", "entity", "PER")
    return Work(
        spans=(mention, segment), mentions=((*mention[:2], entity or "e"),), quotes=(quote,)
    )


def test_speaker_disagreement_and_agreement_through_aligned_entities() -> None:
    segment = at(TEXT, "The talks failed", "quote", "QUOTE")
    a = quote_work(segment, "a-lavrov", names=("Sergei Lavrov",))
    # B's entity has another id but the same mention: the same speaker
    b = quote_work(segment, "b-lavrov", names=("Lavrov",))
    doc = pair(a, b)
    assert disagreements(doc) == []
    assert [(g.layer, g.a.text) for g in agreements(doc)] == [
        ("entity", "Sergei Lavrov"),
        ("quote", "The talks failed"),
    ]
    quote_side = agreements(doc)[1].a.quote
    assert quote_side is not None and quote_side.speaker_entity == "a-lavrov"
    # a free text speaker that is not a name of A's entity: SPEAKER, and the segment is no agreement
    c = quote_work(segment, text="Ursula von der Leyen")
    doc = pair(a, c)
    found = disagreements(doc)
    assert kinds(found) == [(Kind.SPEAKER, "The talks failed", "The talks failed")]
    assert found[0].b is not None and found[0].b.quote is not None
    assert found[0].b.quote.speaker_text == "Ursula von der Leyen"
    where = f"{segment[0]}-{segment[1]}"
    assert found[0].key == f"speaker/quote/{where}@e:a-lavrov/{where}@t:Ursula von der Leyen"
    assert [g.layer for g in agreements(doc)] == ["entity"]
    # an alignment given by the caller wins over this document's mentions
    assert len(disagreements(pair(a, b), aligned={})) == 1


def test_claim_attributes() -> None:
    span = at(TEXT, "The talks failed", "claim", "CLAIM")
    a = Work(spans=(span,), claims=(ClaimItem(span[0], span[1], "check_worthy", "true"),))
    b = Work(spans=(span,), claims=(ClaimItem(span[0], span[1], "check_worthy", "false"),))
    found = disagreements(pair(a, b))
    assert [(d.kind, d.layer, d.attributes) for d in found] == [
        (Kind.CLAIM_ATTRIBUTE, "claim", ("verdict",))
    ]
    assert found[0].a is not None and found[0].a.claim is not None
    assert found[0].a.claim.verdict == "true" and found[0].a.label == "CLAIM"
    assert agreements(pair(a, b)) == []
    c = Work(spans=(span,), claims=(ClaimItem(span[0], span[1], "unsure", "false"),))
    assert disagreements(pair(a, c))[0].attributes == ("check_worthiness", "verdict")
    agreed = agreements(pair(b, b))
    assert [g.a.claim for g in agreed] == [b.claims[0]]


def test_emoji_offsets_are_code_points() -> None:
    text = "🇺🇦 Zelensky 👍🏽 spoke to 👨‍👩‍👧 families."
    a = Work(spans=(at(text, "Zelensky", "entity", "PER"), at(text, "families", "entity", "X")))
    b = Work(spans=(at(text, "Zelensky 👍🏽", "entity", "PER"),))
    found = disagreements(pair(a, b, text))
    assert kinds(found) == [
        (Kind.BOUNDARY, "Zelensky", "Zelensky 👍🏽"),
        (Kind.ONLY_A, "families", None),
    ]
    assert found[0].a is not None and (found[0].a.start, found[0].a.end) == (3, 11)
    assert found[0].b is not None and found[0].b.end == 14  # a space, the thumb and its tone
    assert found[1].key == "only_a/entity/30-38:X/-"


def test_text_order_across_layers_and_kinds() -> None:
    a = Work(
        spans=(
            at(TEXT, "Kyiv", "entity", "LOC"),
            at(TEXT, "The talks failed", "claim", "CLAIM"),
            at(TEXT, "Ursula von der Leyen met Sergei Lavrov", "claim", "CLAIM"),
            at(TEXT, "Ursula", "entity", "PER"),
        )
    )
    b = Work(
        spans=(at(TEXT, "Ursula von der Leyen", "entity", "PER"), at(TEXT, "he", "quote", "Q"))
    )
    found = disagreements(pair(a, b))
    assert [(d.start, d.layer) for d in found] == sorted(
        ((d.start, d.layer) for d in found), key=lambda p: p[0]
    )
    assert kinds(found) == [
        (Kind.ONLY_A, "Ursula von der Leyen met Sergei Lavrov", None),  # longer first
        (Kind.BOUNDARY, "Ursula", "Ursula von der Leyen"),
        (Kind.ONLY_A, "Kyiv", None),
        (Kind.ONLY_A, "The talks failed", None),
        (Kind.ONLY_B, None, "he"),
    ]
    assert (found[1].start, found[1].end) == (0, 20)  # both sides
    # at the same start and end, the entity layer comes before the claim layer
    same = Work(spans=(at(TEXT, "Kyiv", "claim", "CLAIM"), at(TEXT, "Kyiv", "entity", "LOC")))
    assert [d.layer for d in disagreements(pair(same, Work()))] == ["entity", "claim"]


def test_keys_are_stable_and_unique() -> None:
    a = Work(
        spans=(
            at(TEXT, "Kyiv", "entity", "LOC"),
            at(TEXT, "Kyiv", "entity", "LOC"),  # a duplicate of A's
            at(TEXT, "Lavrov", "entity", "PER"),
        )
    )
    b = Work(spans=(at(TEXT, "Lavrov", "entity", "ORG"),))
    first = disagreements(pair(a, b))
    reordered = Work(spans=tuple(reversed(a.spans)))
    again = disagreements(pair(reordered, b))
    assert [d.key for d in first] == [d.key for d in again]
    kyiv = TEXT.index("Kyiv")
    lavrov = TEXT.index("Lavrov")
    assert [d.key for d in first] == [
        f"label/entity/{lavrov}-{lavrov + 6}:PER/{lavrov}-{lavrov + 6}:ORG",
        f"only_a/entity/{kyiv}-{kyiv + 4}:LOC/-",
        f"only_a/entity/{kyiv}-{kyiv + 4}:LOC/-#2",
    ]
    assert len({g.key for g in agreements(pair(a, a))}) == 3


def test_agreed_items_are_plain_values() -> None:
    span = at(TEXT, "Kyiv", "entity", "LOC")
    (agreed,) = agreements(pair(Work(spans=(span,)), Work(spans=(span,))))
    assert isinstance(agreed, Agreed)
    assert (agreed.layer, agreed.start, agreed.end, agreed.a.text) == ("entity", 42, 46, "Kyiv")


def test_describe_names_the_type_and_both_sides() -> None:
    from annotator.core.review import Disagreement, Kind, Side, describe

    a = Side(0, 13, "PERSON", "Sergei Lavrov")
    b = Side(7, 13, "ORGANIZATION", "Lavrov")
    label = Disagreement(Kind.BOUNDARY, "entity", a, b, "k", same_label=False)
    assert describe(label) == (
        "boundaries differ, label too — A: PERSON ‘Sergei Lavrov’ · B: ORGANIZATION ‘Lavrov’"
    )
    only_b = Disagreement(Kind.ONLY_B, "entity", None, b, "k")
    assert describe(only_b) == "only B — A: nothing · B: ORGANIZATION ‘Lavrov’"
