"""Grapheme cluster steps: flags, ZWJ families, skin tones, combining marks, CRLF stay whole."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.graphemes import next_boundary, previous_boundary, step

UKRAINE, FRANCE = "\U0001f1fa\U0001f1e6", "\U0001f1eb\U0001f1f7"
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
WAVE_DARK = "\U0001f44b\U0001f3ff"
HEART = "\u2764\ufe0f"
E_ACUTE = "e\u0301\u0323"  # two combining marks
SCOTLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
CLUSTERS = ["L", UKRAINE, FRANCE, FAMILY, WAVE_DARK, HEART, E_ACUTE, SCOTLAND, "\r\n", " ", "ש"]


def _walk(text: str) -> list[int]:
    found, pos = [0], 0
    while pos < len(text):
        pos = next_boundary(text, pos)
        found.append(pos)
    return found


@pytest.mark.parametrize("cluster", CLUSTERS)
def test_each_cluster_is_one_step(cluster: str) -> None:
    text = f"a{cluster}b"
    assert step(text, 1, 1) == 1 + len(cluster)
    assert step(text, 1 + len(cluster), -1) == 1


def test_flags_pair_from_the_start_of_their_run() -> None:
    text = "Lviv " + UKRAINE + FRANCE + UKRAINE
    start = text.index(UKRAINE)
    assert _walk(text)[-4:] == [start, start + 2, start + 4, start + 6]
    assert previous_boundary(text, start + 4) == start + 2


@given(st.lists(st.sampled_from(CLUSTERS), max_size=12))
def test_steps_forward_and_back_meet_the_same_boundaries(pieces: list[str]) -> None:
    text = "".join(pieces)
    bounds = [0]
    for piece in pieces:
        bounds.append(bounds[-1] + len(piece))
    # adjacent flags pair up from the run's start, and "\r" + "\r\n" is one CR then CRLF:
    # the boundaries are those of the pieces
    assert _walk(text) == bounds
    assert [previous_boundary(text, b) for b in bounds[1:]] == bounds[:-1]
