"""Naming annotators to people (issue 12, 3): namesakes told apart by the start of their id,
and the words a person types (name, "name [3f2a]", id, start of an id) resolved, an
ambiguous name refused with the choices listed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.annotators import (
    AmbiguousAnnotator,
    display_names,
    namesakes,
    resolve,
    short_id,
)
from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD_ANNOTATOR_ID, Annotator

ONE = Annotator("0000000000000000000000000000e002", "blanca")
TWO = Annotator("3f2a0000000000000000000000000b02", "blanca")
THREE = Annotator("3f2b9c0000000000000000000000000c", "Blanca")
EX = Annotator("0000000000000000000000000000e001", "example")
PEOPLE = [EX, ONE, TWO]


def test_a_unique_name_is_shown_alone_and_namesakes_with_the_start_of_their_id() -> None:
    names = display_names(PEOPLE)
    assert names[EX.id] == "example"
    assert names[ONE.id] == "blanca [0000]"  # told from its namesake, not from "example"
    assert names[TWO.id] == "blanca [3f2a]"
    assert names[GOLD_ANNOTATOR_ID] == "gold"
    # case does not make a difference a person can rely on: "Blanca" is a namesake too
    three = display_names([*PEOPLE, THREE])
    assert three[TWO.id] == "blanca [3f2a]" and three[THREE.id] == "Blanca [3f2b]"


def test_short_ids_grow_until_unique_among_the_ids_given() -> None:
    ids = ["abcd1111", "abcd2222", "ffff"]
    assert short_id("abcd1111", ids) == "abcd1"
    assert short_id("ffff", ids) == "ffff"
    assert short_id("0000000000000000000000000000e001", [EX.id, ONE.id]) == EX.id


def test_every_way_a_person_names_one_of_namesakes_resolves_and_the_name_alone_is_refused() -> None:
    assert resolve(PEOPLE, TWO.id) == TWO
    assert resolve(PEOPLE, "blanca [3f2a]") == TWO
    assert resolve(PEOPLE, "3f2a") == TWO  # the start of an id, 4 characters or more
    assert resolve(PEOPLE, " Example ") == EX
    assert resolve(PEOPLE, "gold").id == GOLD_ANNOTATOR_ID
    with pytest.raises(AmbiguousAnnotator) as refused:
        resolve(PEOPLE, "blanca")
    message = str(refused.value)
    assert "2 annotators are called 'blanca'" in message
    assert "'blanca [0000]' (id 0000000000000000000000000000e002)" in message
    assert "'blanca [3f2a]' (id 3f2a0000000000000000000000000b02)" in message
    with pytest.raises(AmbiguousAnnotator, match="several ids start with '0000'"):
        resolve(PEOPLE, "0000")
    with pytest.raises(AnnotatorError, match="no annotator '3f2'"):
        resolve(PEOPLE, "3f2")  # too short to be taken for an id
    with pytest.raises(AnnotatorError, match="annotators: 'example'"):
        resolve(PEOPLE, "carl")


def test_namesakes_are_the_others_of_the_same_name_case_aside() -> None:
    assert namesakes([*PEOPLE, THREE], "BLANCA", ONE.id) == [TWO, THREE]
    assert namesakes(PEOPLE, "example", EX.id) == []


@given(st.lists(st.sampled_from(["ann", "Ann", "bob"]), min_size=1, max_size=6), st.data())
def test_what_is_shown_resolves_back_to_the_same_annotator(
    names: list[str], data: st.DataObject
) -> None:
    ids = data.draw(
        st.lists(
            st.text("0123456789abcdef", min_size=32, max_size=32),
            min_size=len(names),
            max_size=len(names),
            unique=True,
        )
    )
    people = [Annotator(i, n) for i, n in zip(ids, names, strict=True)]
    shown = display_names(people)
    assert len({shown[p.id] for p in people}) == len(people)  # nobody shown twice
    for person in people:
        assert resolve(people, shown[person.id]) == person
        assert resolve(people, person.id) == person


def test_a_person_called_gold_is_never_taken_for_the_gold_layer() -> None:
    """Found by a cold read: 'agreement P Gold blanca' compared the gold layer instead."""
    person = Annotator("aaaa1111bbbb", "Gold")
    blanca = Annotator("cccc2222dddd", "blanca")
    shown = display_names([person, blanca])
    assert shown[person.id] == "Gold [aaaa]" and shown[blanca.id] == "blanca"
    assert resolve([person, blanca], "Gold [aaaa]") == person
    assert resolve([person, blanca], "gold").id == GOLD_ANNOTATOR_ID
