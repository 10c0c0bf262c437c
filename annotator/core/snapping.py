"""Snap a selection to whole words and trim the whitespace and punctuation around it."""

from __future__ import annotations

import unicodedata


def is_word_char(ch: str) -> bool:
    """Letters, digits and combining marks (so accents never separate from their letter).

    Apostrophes and hyphens are not word characters here: a selection of "Keir Starmer" must
    not grow into "Keir Starmer’s", nor "Russian" into "pro-Russian"."""
    cat = unicodedata.category(ch)
    return cat[0] in "LNM"


def _is_word_at(text: str, i: int) -> bool:
    return is_word_char(text[i])


def _is_trimmable(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return ch.isspace() or cat[0] in "PZ" or cat == "Cf" or cat == "Cc"


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop whitespace and punctuation from both ends of ``[start, end)``."""
    while start < end and _is_trimmable(text[start]):
        start += 1
    while end > start and _is_trimmable(text[end - 1]):
        end -= 1
    return start, end


def snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow ``[start, end)`` outward to word boundaries, then trim; empty result means nothing.

    The result never grows past the words the selection touched, and an empty selection stays
    empty (a click is not a selection).
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"selection {start}..{end} outside 0..{len(text)}")
    if start == end:
        return start, end
    start, end = trim(text, start, end)
    if start == end:
        return start, end
    while start > 0 and _is_word_at(text, start - 1) and _is_word_at(text, start):
        start -= 1
    while end < len(text) and _is_word_at(text, end) and _is_word_at(text, end - 1):
        end += 1
    return start, end


def word_step(text: str, pos: int, direction: int) -> int:
    """The next word boundary from ``pos`` in ``direction`` (+1 right, -1 left)."""
    n = len(text)
    if direction > 0:
        i = pos
        while i < n and not _is_word_at(text, i):
            i += 1
        while i < n and _is_word_at(text, i):
            i += 1
        return i
    i = pos
    while i > 0 and not _is_word_at(text, i - 1):
        i -= 1
    while i > 0 and _is_word_at(text, i - 1):
        i -= 1
    return i
