"""Known entities: registry names, aliases and linked mention texts proposed where unlabelled."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.links import Entity
from annotator.core.model import Layer, Span
from annotator.core.proposals import whole_word_occurrences
from annotator.core.suggest.names import KnownNames
from annotator.core.suggest.registry import find_known_entities

LAVROV = Entity("e-lavrov", "a", "Sergey Lavrov", "PERSON", ("Sergei Lavrov", "Lavrov"))
STARMER = Entity("e-starmer", "a", "Keir Starmer", "PERSON", ("Starmer",))
MFA = Entity("e-mfa", "a", "Ministry of Foreign Affairs of Russia", "ORGANIZATION",
             ("Foreign Ministry",))  # fmt: skip
US = Entity("e-us", "a", "United States", "LOCATION", ("US",))


def span(start: int, end: int, label: str, layer: Layer = Layer.ENTITY) -> Span:
    return Span("s", "d", "a", layer, label, start, end, "")


def found(text: str, known: KnownNames, existing: list[Span] | None = None) -> list[tuple]:
    return [
        (p.start, p.end, p.text, p.label, p.entity_id, p.origin, p.layer)
        for p in find_known_entities("d", text, known, existing or [])
    ]


def test_names_aliases_and_linked_mention_texts_with_their_entity_and_type() -> None:
    text = "Lavrov spoke to the Foreign Ministry. The UK PM and Sergei Lavrov met in the US."
    #       0      7     13 16  20              36  38  42 45 48  52     59     66 70 73  77
    known = KnownNames([LAVROV, STARMER, MFA, US], [("e-starmer", "the UK PM")])
    assert found(text, known) == [
        (0, 6, "Lavrov", "PERSON", "e-lavrov", "registry", Layer.ENTITY),
        (20, 36, "Foreign Ministry", "ORGANIZATION", "e-mfa", "registry", Layer.ENTITY),
        (52, 65, "Sergei Lavrov", "PERSON", "e-lavrov", "registry", Layer.ENTITY),
        (77, 79, "US", "LOCATION", "e-us", "registry", Layer.ENTITY),
    ]
    # "The UK PM" is not "the UK PM": strings are matched case-sensitively
    assert found("Then the UK PM spoke.", known) == [
        (5, 14, "the UK PM", "PERSON", "e-starmer", "registry", Layer.ENTITY)
    ]


def test_whole_words_only_and_the_longest_at_one_place() -> None:
    text = "Lavrovsky, LAVROV, Lavrov’s aide; Keir Starmer; Starmers."
    #                          19                   34          46
    known = KnownNames([LAVROV, STARMER])
    assert [(s, e, t) for s, e, t, *_ in found(text, known)] == [
        (19, 25, "Lavrov"),
        (34, 46, "Keir Starmer"),  # one proposal, not also "Starmer" inside it
    ]


def test_not_inside_an_existing_entity_span_of_any_label_but_inside_quotes_yes() -> None:
    text = "Sergei Lavrov said Lavrov would come. “Lavrov is here.”"
    #       0             14   19                39
    known = KnownNames([LAVROV])
    existing = [span(7, 13, "OTHER"), span(19, 25, "PERSON"), span(39, 54, "QUOTE", Layer.QUOTE)]
    assert [(s, e) for s, e, *_ in found(text, known, existing)] == [(39, 45)]


def test_a_string_of_two_entities_goes_to_the_one_whose_name_it_is() -> None:
    putin = Entity("e-putin", "a", "Putin", "PERSON")
    other = Entity("e-other", "a", "Vladimir Putin Jr", "PERSON", ("Putin",))
    known = KnownNames([other, putin])
    assert known.lookup("Putin") == "e-putin"
    # between two mention texts, the one linked most often
    a, b = (
        Entity("e-a", "a", "A Corp", "ORGANIZATION"),
        Entity("e-b", "a", "B Corp", "ORGANIZATION"),
    )
    known = KnownNames([a, b], [("e-a", "the firm"), ("e-b", "the firm"), ("e-b", "the firm")])
    assert known.lookup("the firm") == "e-b"
    # mention texts of unknown entities and strings without letters are ignored
    known = KnownNames([a], [("e-gone", "Ghost"), ("e-a", "--"), ("e-a", "A")])
    assert len(known) == 1 and known.lookup("Ghost") is None


def test_offsets_are_code_points_with_emoji_flags_and_combining_marks() -> None:
    orban = Entity("e-orban", "a", "Viktor Orbán", "PERSON", ("Orbán",))
    text = "🇭🇺👨‍👩‍👧 Orbán said; Viktor Orbán left; Orba\u0301n is not the same string."
    known = KnownNames([orban])
    got = found(text, known)
    assert [(s, e) for s, e, *_ in got] == [(8, 13), (20, 32)]
    assert [text[s:e] for s, e, *_ in got] == ["Orbán", "Viktor Orbán"]


def test_an_empty_registry_proposes_nothing() -> None:
    assert found("Anything at all.", KnownNames([])) == []


def test_a_thousand_entities_in_one_scan() -> None:
    entities = [Entity(f"e{i}", "a", f"Name{i} Family{i}", "PERSON") for i in range(1000)]
    known = KnownNames(entities)
    text = " ".join(f"Name{i} Family{i} met Name{i}." for i in range(0, 1000, 7))
    got = found(text, known)
    assert len(got) == len(range(0, 1000, 7))
    assert all(t == f"Name{int(eid[1:])} Family{int(eid[1:])}" for _, _, t, _, eid, *_ in got)


_WORDS = ["Lavrov", "Sergei", "Sergei Lavrov", "US", "USA", "the", "Lavrovs", "A-B", "A"]


@given(
    names=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=5),
    pieces=st.lists(
        st.sampled_from([*_WORDS, " ", ", ", "’s ", "-", "é", "x", "🙂", "\r\n"]), max_size=30
    ),
)
def test_the_same_as_leftmost_longest_over_whole_word_occurrences(
    names: list[str], pieces: list[str]
) -> None:
    text = "".join(pieces)
    entity = Entity("e", "a", names[0], "OTHER", tuple(names[1:]))
    occurrences = sorted(
        {(s, e) for n in set(names) if len(n) >= 2 for s, e in whole_word_occurrences(text, n)},
        key=lambda se: (se[0], -se[1]),
    )
    expected, last_end = [], 0
    for s, e in occurrences:
        if s >= last_end:
            expected.append((s, e))
            last_end = e
    assert [(h.start, h.end) for h in KnownNames([entity]).hits(text)] == expected
