"""Tokens, the units of token-level kappa and alpha, and the label each token takes.

* A token is a maximal run of word characters (Unicode letters, digits, marks, connector
  punctuation such as ``_``), or one other non-space character (punctuation, a symbol, an
  emoji). Marks, variation selectors, emoji modifiers and tag characters stay with the character
  before them, a zero-width joiner joins the next character too (a ZWJ family is one token), and
  a pair of regional indicators (a flag) is one token. Whitespace is never part of a token. So
  ``"Russia's"`` is three tokens: ``Russia``, ``'``, ``s``.
* A token takes, per layer, the label of the **innermost** span of that layer covering it (the
  shortest span sharing at least one character with it; on a tie the smallest label name), else
  ``OUTSIDE``. A layer's kappa and alpha compare these labels over every token of every compared
  document; a label's kappa and alpha compare "this label or not" per token.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Sequence

from annotator.core.agreement.records import (
    SpanTuple,
)

OUTSIDE = "O"  # the label of a token no span of the layer covers

_ZWJ = "\u200d"


def _is_word(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] in "LNM" or category == "Pc"


def _extends(ch: str) -> bool:
    code = ord(ch)
    return (
        unicodedata.category(ch)[0] == "M"  # combining marks, variation selectors
        or 0x1F3FB <= code <= 0x1F3FF  # emoji skin tone modifiers
        or 0xE0020 <= code <= 0xE007F  # tag characters (subdivision flags)
    )


def _is_regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def tokens(text: str) -> list[tuple[int, int]]:
    """The tokens of ``text`` as (start, end) code point ranges (rules in the module doc)."""
    found: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start = i
        if _is_word(text[i]):
            while i < n and _is_word(text[i]):
                i += 1
        else:
            i += 1
            if _is_regional(text[start]) and i < n and _is_regional(text[i]):
                i += 1
        while i < n:
            if _extends(text[i]):
                i += 1
            elif text[i] == _ZWJ and i + 1 < n and not text[i + 1].isspace():
                i += 2
            else:
                break
        found.append((start, i))
    return found


def token_labels(units: Sequence[tuple[int, int]], spans: Iterable[SpanTuple]) -> list[str]:
    """The label of each token: that of the innermost span covering it, else ``OUTSIDE``."""
    best: list[tuple[int, str] | None] = [None] * len(units)
    starts = [s for s, _ in units]
    for start, end, _, label in spans:
        # tokens that share a character with [start, end): from the last one starting before end
        i = bisect_left(starts, end) - 1
        while i >= 0 and units[i][1] > start:
            key = (end - start, label)
            current = best[i]
            if current is None or key < current:
                best[i] = key
            i -= 1
    return [OUTSIDE if b is None else b[1] for b in best]
