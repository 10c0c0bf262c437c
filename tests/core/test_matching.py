"""Proposing the registry entity a new mention refers to."""

from __future__ import annotations

from annotator.core.links import Entity
from annotator.core.matching import candidates, normalize, similarity

LAVROV = Entity("e1", "a", "Sergey Lavrov", "PERSON", aliases=("Lavrov",))
ORBAN = Entity("e2", "a", "Viktor Orbán", "PERSON")
EU = Entity("e3", "a", "European Commission", "ORGANIZATION", aliases=("EU Commission",))
STARMER = Entity("e4", "a", "Keir Starmer", "PERSON")


def test_normalize() -> None:
    assert normalize("Orbán’s") == "orban"
    assert normalize("  SERGEI   Lavrov ") == "sergei lavrov"


def test_spelling_variant_of_first_name() -> None:
    assert similarity("Sergei Lavrov", "Sergey Lavrov") > 0.9
    [best, *_] = candidates("Sergei Lavrov", [ORBAN, LAVROV, STARMER], "PERSON")
    assert best.entity is LAVROV


def test_diacritics_and_case() -> None:
    assert similarity("viktor orban", "Viktor Orbán") == 1.0


def test_surname_alone_and_alias() -> None:
    assert candidates("Starmer", [STARMER, LAVROV])[0].entity is STARMER
    assert candidates("EU Commission", [EU, LAVROV])[0].score == 1.0


def test_unrelated_names_are_not_proposed() -> None:
    assert candidates("Donald Trump", [LAVROV, ORBAN, STARMER, EU]) == []


def test_other_type_ranks_lower() -> None:
    paris_person = Entity("e5", "a", "Paris", "PERSON")
    paris_city = Entity("e6", "a", "Paris", "LOCATION")
    assert [c.entity for c in candidates("Paris", [paris_person, paris_city], "LOCATION")] == [
        paris_city,
        paris_person,
    ]
