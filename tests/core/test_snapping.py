"""Selections snap outward to whole words and lose surrounding spaces and punctuation."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.snapping import snap, word_step

TEXT = "Russia’s foreign minister Sergei Lavrov said: “We will not.” (peace-keeping) 🇺🇦 end"


def sel(text: str, piece: str, lo: int = 0, hi: int = 0) -> tuple[int, int]:
    i = text.index(piece)
    return i + lo, i + len(piece) + hi


def snapped(text: str, start: int, end: int) -> str:
    a, b = snap(text, start, end)
    return text[a:b]


def test_partial_words_grow_to_whole_words() -> None:
    start, end = sel(TEXT, "ergei Lavr")
    assert snapped(TEXT, start, end) == "Sergei Lavrov"


def test_spaces_and_punctuation_are_trimmed() -> None:
    start, end = sel(TEXT, " “We will not.” ")
    assert snapped(TEXT, start, end) == "We will not"


def test_apostrophe_and_hyphen_are_boundaries() -> None:
    # an exact selection stays exact: no possessive, no prefix is added
    assert snapped(TEXT, *sel(TEXT, "Russia")) == "Russia"
    assert snapped(TEXT, *sel(TEXT, "ussia")) == "Russia"
    assert snapped(TEXT, *sel(TEXT, "keep")) == "keeping"
    assert snapped(TEXT, *sel(TEXT, "peace-keep")) == "peace-keeping"


def test_only_punctuation_gives_nothing() -> None:
    start, end = sel(TEXT, ": “")
    a, b = snap(TEXT, start, end)
    assert a == b


def test_combining_marks_stay_with_their_letter() -> None:
    text = "Orba\u0301n said"
    assert snapped(text, 0, 3) == "Orba\u0301n"


def test_word_step() -> None:
    text = "one two, three"
    assert word_step(text, 0, 1) == 3
    assert word_step(text, 3, 1) == 7
    assert word_step(text, 14, -1) == 9


@given(st.text(max_size=30), st.data())
def test_snap_result_lies_within_text_and_covers_selected_words(
    text: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    a, b = snap(text, start, end)
    assert 0 <= a <= b <= len(text)
    if a < b:
        assert text[a:b] == text[a:b].strip()
