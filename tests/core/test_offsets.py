"""Code point <-> UTF-16 conversion, checked against Python's own UTF-16 encoder."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.offsets import OffsetMap, utf16_length

# Pieces that break naive offset code: astral emoji, flags (regional indicator pairs), ZWJ
# families, skin tones, combining marks, RTL scripts, CRLF, tabs, math alphanumerics.
TRICKY = [
    "a",
    "é",
    "e\u0301",
    "👍",
    "👍🏽",
    "🇺🇦",
    "🇪🇺",
    "👨‍👩‍👧‍👦",
    "🧑🏾‍🚀",
    "\u200d",
    "\ufe0f",
    "שלום",
    "مرحبا",
    "𝐇𝐞𝐥𝐥𝐨",
    "€",
    "«",
    "»",
    "\r\n",
    "\n",
    "\t",
    " ",
    "中文",
    "𠜎",
]
texts = st.lists(st.sampled_from(TRICKY) | st.text(max_size=3), max_size=40).map("".join)


def utf16_of(text: str, cp: int) -> int:
    return len(text[:cp].encode("utf-16-le")) // 2


@given(texts)
def test_to_utf16_matches_encoder(text: str) -> None:
    omap = OffsetMap(text)
    for cp in range(len(text) + 1):
        assert omap.to_utf16(cp) == utf16_of(text, cp)
    assert omap.length_utf16 == utf16_length(text) == len(text.encode("utf-16-le")) // 2


@given(texts)
def test_round_trip(text: str) -> None:
    omap = OffsetMap(text)
    for cp in range(len(text) + 1):
        assert omap.to_codepoint(omap.to_utf16(cp)) == cp


@given(texts, st.data())
def test_span_text_is_what_utf16_range_holds(text: str, data: st.DataObject) -> None:
    omap = OffsetMap(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    u_start, u_end = omap.span_to_utf16(start, end)
    units = text.encode("utf-16-le")
    assert units[2 * u_start : 2 * u_end].decode("utf-16-le") == text[start:end]


def test_inside_surrogate_pair_moves_to_character_start() -> None:
    omap = OffsetMap("a👍b")
    assert [omap.to_codepoint(u) for u in range(5)] == [0, 1, 1, 2, 3]


def test_out_of_range_is_refused() -> None:
    omap = OffsetMap("ab")
    with pytest.raises(ValueError):
        omap.to_utf16(3)
    with pytest.raises(ValueError):
        omap.to_codepoint(-1)
