"""Finding the other occurrences of a span's text."""

from __future__ import annotations

from annotator.core.model import Layer
from annotator.core.proposals import occurrence_proposals, whole_word_occurrences

TEXT = "Lavrov said. Lavrov’s aide met Lavrovsky. “Lavrov” left. LAVROV."


def test_whole_words_only() -> None:
    found = [TEXT[s:e] for s, e in whole_word_occurrences(TEXT, "Lavrov")]
    assert found == ["Lavrov", "Lavrov", "Lavrov"]  # not Lavrovsky, not LAVROV
    assert [s for s, _ in whole_word_occurrences(TEXT, "Lavrov")] == [0, 13, 43]


def test_occurrences_inside_a_same_label_span_are_not_proposed() -> None:
    text = "Sergei Lavrov met Lavrov."
    proposals = occurrence_proposals(
        "d", text, "Lavrov", Layer.ENTITY, "PERSON", None, [(0, 13, "PERSON")]
    )
    assert [p.start for p in proposals] == [18]


def test_already_labelled_ones_are_not_proposed() -> None:
    proposals = occurrence_proposals(
        "d", TEXT, "Lavrov", Layer.ENTITY, "PERSON", "e1", [(0, 6, "PERSON"), (13, 19, "ORG")]
    )
    assert [(p.start, p.label, p.entity_id) for p in proposals] == [
        (13, "PERSON", "e1"),
        (43, "PERSON", "e1"),
    ]


def test_emoji_and_combining_marks_are_code_points() -> None:
    text = "🇺🇦 Orbán said; Orbán left"
    [(s1, e1), (s2, e2)] = whole_word_occurrences(text, "Orbán")
    assert text[s1:e1] == text[s2:e2] == "Orbán"
