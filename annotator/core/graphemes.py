"""Steps of one user-perceived character (a grapheme cluster), in code point offsets.

Python has no grapheme API; this is a compact rule set that covers what article text holds:
CR LF; a base character with its combining marks (categories Mn, Mc, Me), variation selectors,
emoji skin-tone modifiers and tag characters (subdivision flags); ZWJ sequences (a zero-width
joiner joins the character after it: families, professions); and regional-indicator pairs
(flags), paired from the start of their run. Hangul syllable jamo and Indic conjuncts are not
joined (each piece is a step); a boundary is never put inside what the rules join.
"""

from __future__ import annotations

import unicodedata

ZWJ = "\u200d"


def _is_regional(ch: str) -> bool:
    return "\U0001f1e6" <= ch <= "\U0001f1ff"


def _extends(ch: str) -> bool:
    """A character that belongs to the cluster before it."""
    return (
        unicodedata.category(ch) in ("Mn", "Mc", "Me")
        or ch == ZWJ
        or "\ufe00" <= ch <= "\ufe0f"  # variation selectors
        or "\U000e0100" <= ch <= "\U000e01ef"
        or "\U0001f3fb" <= ch <= "\U0001f3ff"  # skin-tone modifiers
        or "\U000e0020" <= ch <= "\U000e007f"  # tags (subdivision flags)
    )


def next_boundary(text: str, pos: int) -> int:
    """The end of the grapheme cluster that starts at ``pos`` (``len(text)`` at the end)."""
    n = len(text)
    if pos >= n:
        return n
    pos = max(pos, 0)
    j = pos + 1
    if text[pos] == "\r" and j < n and text[j] == "\n":
        return j + 1
    if _is_regional(text[pos]) and j < n and _is_regional(text[j]):
        before = 0
        while pos - before > 0 and _is_regional(text[pos - before - 1]):
            before += 1
        if before % 2 == 0:  # the first of a pair
            j += 1
    while j < n and (_extends(text[j]) or text[j - 1] == ZWJ):
        j += 1
    return j


def previous_boundary(text: str, pos: int) -> int:
    """The start of the grapheme cluster that ends at (or holds the character before)
    ``pos``; 0 at the start."""
    pos = min(pos, len(text))
    if pos <= 0:
        return 0
    k = pos - 1  # back to a character that surely starts a cluster
    while k > 0 and (
        _extends(text[k]) or text[k - 1] == ZWJ or _is_regional(text[k]) or text[k] == "\n"
    ):
        k -= 1
    while True:
        step = next_boundary(text, k)
        if step >= pos:
            return k
        k = step


def step(text: str, pos: int, direction: int) -> int:
    """``pos`` moved one grapheme cluster forward (``direction`` > 0) or back."""
    return next_boundary(text, pos) if direction > 0 else previous_boundary(text, pos)
