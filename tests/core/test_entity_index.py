"""The registry index (``core.entity_index``) proposes exactly what a scan of every name does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.entity_index import EntityIndex
from annotator.core.links import Entity
from annotator.core.matching import candidates, named_entity, normalize

FIRST = ["Sergey", "Sergei", "Serguei", "Viktor", "Victor", "Ana", "Anna", "Zoë", "Zoe", "Jo", "Ed"]
LAST = ["Lavrov", "Lavroff", "Orbán", "Orban", "Nuñez", "Nunez", "Li", "Lee", "O'Brien", "Ng"]
WORDS = ["the", "Mr", "of", "Dr.", "Commission", "European", "EU", "Kremlin", "Paris", "’s", "-"]
TYPES = ["PERSON", "ORGANIZATION", "LOCATION"]

piece = st.sampled_from(FIRST + LAST + WORDS) | st.text(
    alphabet="abcéeèAÉ ’'-.ñnß", min_size=0, max_size=6
)
name = st.lists(piece, min_size=1, max_size=4).map(" ".join)


@st.composite
def registries(draw: st.DrawFn) -> list[Entity]:
    count = draw(st.integers(0, 12))
    return [
        Entity(
            f"e{i}",
            "a",
            draw(name),
            draw(st.sampled_from(TYPES)),
            tuple(draw(st.lists(name, max_size=3))),
        )
        for i in range(count)
    ]


@settings(max_examples=400)
@given(registries(), name, st.sampled_from([None, *TYPES]))
def test_the_index_proposes_what_a_full_scan_does(
    entities: list[Entity], text: str, type_: str | None
) -> None:
    index = EntityIndex(entities)
    assert index.candidates(text, type_) == candidates(text, entities, type_)


@settings(max_examples=200)
@given(registries(), name, st.sampled_from(TYPES))
def test_the_entity_bearing_a_name_is_the_one_a_full_scan_finds(
    entities: list[Entity], text: str, type_: str
) -> None:
    index = EntityIndex(entities)
    assert named_entity(text, type_, index.bearing(text)) == named_entity(text, type_, entities)


@settings(max_examples=200)
@given(registries(), registries(), name)
def test_an_index_kept_current_answers_like_one_built_anew(
    before: list[Entity], after: list[Entity], text: str
) -> None:
    """Entities replaced, added and dropped one by one leave no trace of what they were."""
    index = EntityIndex(before)
    for entity in after:
        index.put(entity)
    for entity in before[len(after) :]:
        index.drop(entity.id)
    fresh = EntityIndex(after)
    assert index.candidates(text) == fresh.candidates(text)
    assert sorted(e.id for e in index.bearing(text)) == sorted(e.id for e in fresh.bearing(text))
    assert index.containing(text) == fresh.containing(text)
    assert sorted(e.id for e in index.entities()) == sorted(e.id for e in after)


def test_spelling_variants_surnames_and_accents_are_found_among_unrelated_names() -> None:
    unrelated = [Entity(f"x{i}", "a", f"Person{i} Name{i}", "PERSON") for i in range(300)]
    lavrov = Entity("e1", "a", "Sergey Lavrov", "PERSON")
    orban = Entity("e2", "a", "Viktor Orbán", "PERSON", aliases=("Orbán Viktor",))
    index = EntityIndex([*unrelated, lavrov, orban])
    assert [c.entity for c in index.candidates("Sergei Lavrov")] == [lavrov]
    assert [c.entity for c in index.candidates("Lavrov")] == [lavrov]  # the surname alone
    assert [c.entity for c in index.candidates("viktor orban")] == [orban]
    assert [c.entity for c in index.candidates("Victor Orbàn's")] == [orban]
    assert index.bearing("ORBAN VIKTOR") == [orban]
    assert index.containing("orb") == {"e2"}
    assert normalize("Orbán Viktor") in {normalize(n) for n in orban.names}
    index.drop("e2")
    assert index.candidates("viktor orban") == [] and index.bearing("Orbán Viktor") == []


def test_many_names_of_one_length_are_counted_as_a_full_scan_finds() -> None:
    """Thousands of names drawn from a few first names and surnames (most of the same
    lengths, sharing most of their letter pairs): the counts kept as bits of integers find
    what a scan of every name does, also after half were dropped and others took their
    slots."""
    import random

    rnd = random.Random(14)
    first = ["Anna", "Ana", "Oleh", "Olena", "Petro", "Pavlo", "Ivan", "Iryna", "Jan", "Jana"]
    last = ["Kovalenko", "Kovalenka", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko"]
    endings = ["", "v", "ova", "ski", "son", "ez"]

    def person(i: int) -> Entity:
        name = f"{rnd.choice(first)} {rnd.choice('ABCDEFGH')}. {rnd.choice(last)}"
        return Entity(f"p{i}", "a", name + rnd.choice(endings), "PERSON")

    entities = [person(i) for i in range(3000)]
    index = EntityIndex(entities)
    for entity in entities[::2]:
        index.drop(entity.id)
    kept = entities[1::2] + [person(i) for i in range(3000, 4000)]
    for entity in kept[1500:]:
        index.put(entity)
    probes = [e.name for e in kept[::97]] + ["Olena Kovalenko", "Ivan Shevchenkova", "Anna"]
    for text in probes:
        assert index.candidates(text, "PERSON") == candidates(text, kept, "PERSON")
