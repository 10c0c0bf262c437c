"""Which registry entity a mention labelled by hand is linked to (``core.matching.named_entity``):
the same name, normalised; the best of several, the same whichever order they come in."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.links import Entity
from annotator.core.matching import named_entity


def _entity(id_: str, name: str, type_: str = "PERSON", aliases: tuple[str, ...] = ()) -> Entity:
    return Entity(id_, "someone", name, type_, aliases)


def test_the_name_or_an_alias_normalised_matches_and_a_near_spelling_does_not() -> None:
    lavrov = _entity("e1", "Sergey Lavrov", aliases=("Sergei Lavrov",))
    orban = _entity("e2", "Viktor Orbán")
    registry = [lavrov, orban]
    assert named_entity("SERGEY  LAVROV", "PERSON", registry) == lavrov
    assert named_entity("Sergei Lavrov", "PERSON", registry) == lavrov  # the alias
    assert named_entity("Viktor Orban’s", "PERSON", registry) == orban  # accents, possessive
    assert named_entity("Sergej Lavrov", "PERSON", registry) is None  # close is not the same
    assert named_entity("Lavrov", "PERSON", registry) is None  # a surname alone is not either
    assert named_entity("“ ”", "PERSON", registry) is None  # nothing left to compare


def test_only_an_entity_of_the_mentions_type_is_taken() -> None:
    kremlin = _entity("e1", "Kremlin", "ORGANIZATION")
    assert named_entity("Kremlin", "LOCATION", [kremlin]) is None
    assert named_entity("Kremlin", "ORGANIZATION", [kremlin]) == kremlin


def test_a_text_linked_to_an_entity_before_counts_after_names_and_aliases() -> None:
    putin = _entity("e1", "Vladimir Putin")
    assert named_entity("Putin", "PERSON", [putin], linked=[("e1", "Putin")]) == putin
    other = _entity("e9", "Putin")  # named so: wins over a mention once linked so
    assert named_entity("Putin", "PERSON", [putin, other], linked=[("e1", "Putin")]) == other


def test_of_several_the_name_then_the_most_mentioned_then_the_smallest_id() -> None:
    named = _entity("e5", "Trump")
    aliased = _entity("e1", "Donald Trump", aliases=("Trump",))
    assert named_entity("Trump", "PERSON", [aliased, named], {"e1": 9}) == named
    once, often = _entity("e1", "Trump"), _entity("e2", "Trump")
    assert named_entity("Trump", "PERSON", [once, often], {"e1": 1, "e2": 3}) == often
    assert named_entity("Trump", "PERSON", [often, once]) == once  # a tie: the smaller id


@given(st.permutations(["e3", "e1", "e4", "e2"]), st.lists(st.integers(0, 2), min_size=4))
def test_the_choice_never_depends_on_the_order_of_the_registry(
    order: list[str], counts: list[int]
) -> None:
    entities = [_entity(i, "Starmer") for i in order]
    mentions = dict(zip(sorted(order), counts, strict=False))
    chosen = named_entity("Starmer", "PERSON", entities, mentions)
    again = named_entity("Starmer", "PERSON", list(reversed(entities)), mentions)
    assert chosen == again
    assert chosen is not None
    best = max(mentions.values(), default=0)
    assert chosen.id == min(i for i in order if mentions.get(i, 0) == best)
