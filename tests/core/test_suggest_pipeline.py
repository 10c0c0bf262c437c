"""suggest(): every finder on one document, sorted, without duplicates of existing or rejected."""

from __future__ import annotations

from annotator.core.links import Entity
from annotator.core.model import Layer, Span
from annotator.core.proposals import Proposal, occurrence_proposals
from annotator.core.suggest import KnownNames, suggest

LAVROV = Entity("e-lavrov", "a", "Sergey Lavrov", "PERSON", ("Sergei Lavrov", "Lavrov"))
KYIV = Entity("e-kyiv", "a", "Kyiv", "LOCATION")
TEXT = "In Kyiv, Lavrov said: “Kyiv will fall.” Kyiv did not."
# Kyiv 3, Lavrov 9, said 16, the opening mark 22, the quote's Kyiv 23, its "." 37, Kyiv 40


def span(start: int, end: int, label: str, layer: Layer = Layer.ENTITY) -> Span:
    return Span("s", "d", "a", layer, label, start, end, TEXT[start:end])


def keys(found: list[Proposal]) -> list[tuple[int, int, str, str]]:
    return [(p.start, p.end, p.label, p.origin) for p in found]


def test_all_finders_sorted_by_start() -> None:
    found = suggest("d", TEXT, [], KnownNames([LAVROV, KYIV]))
    assert keys(found) == [
        (3, 7, "LOCATION", "registry"),
        (9, 15, "PERSON", "registry"),
        (23, 27, "LOCATION", "registry"),
        (23, 37, "QUOTE", "rule"),
        (40, 44, "LOCATION", "registry"),
    ]
    quote = next(p for p in found if p.origin == "rule")
    assert (quote.cue, quote.speaker_entity_id, quote.speaker_mention) == (
        (16, 20),
        "e-lavrov",
        (9, 15),
    )


def test_existing_spans_and_rejected_keys_do_not_come_back() -> None:
    known = KnownNames([LAVROV, KYIV])
    existing = [span(9, 15, "PERSON"), span(40, 44, "OTHER")]
    rejected = {("d", 3, 7, "LOCATION"), ("other-doc", 23, 27, "LOCATION")}
    found = suggest("d", TEXT, existing, known, rejected=rejected)
    assert sorted(keys(found)) == [(23, 27, "LOCATION", "registry"), (23, 37, "QUOTE", "rule")]


def test_a_quote_made_by_hand_is_not_proposed_again_but_a_cue_alone_does_not_count() -> None:
    known = KnownNames([LAVROV])
    cue_only = [span(16, 20, "CUE", Layer.QUOTE)]
    assert [p.origin for p in suggest("d", TEXT, cue_only, known)] == ["registry", "rule"]
    by_hand = [span(23, 38, "QUOTE", Layer.QUOTE)]  # other boundaries than proposed
    assert [p.origin for p in suggest("d", TEXT, by_hand, known)] == ["registry"]
    assert suggest("d", TEXT, by_hand, known, quotes=False, registry=False) == []


def test_the_proposal_key_and_old_callers_are_unchanged() -> None:
    p = Proposal("d", 3, 7, "Kyiv", Layer.ENTITY, "LOCATION", "e-kyiv")
    assert p.key == ("d", 3, 7, "LOCATION")
    assert (p.origin, p.segments, p.cue, p.speaker_entity_id, p.is_quote) == (
        "occurrence",
        (),
        None,
        None,
        False,
    )
    [q] = occurrence_proposals("d", TEXT, "Lavrov", Layer.ENTITY, "PERSON", "e-lavrov", [])
    assert (q.start, q.end, q.origin) == (9, 15, "occurrence")
