"""Tokens and sentences of a document for token-level formats (CoNLL, spaCy), cut so that every
span of the document is a whole number of tokens.

Offsets are code points, half-open, like everywhere in core. The rules, in order:

1. The text is read in grapheme clusters (``core.graphemes``): an emoji with its skin tone, a
   flag, a ZWJ family, a letter with its combining marks are never cut by the rules below.
2. White space, a control or an invisible format character (LRM, RLM, BOM, a ZWJ that joins
   nothing before it: ``Cc``, ``Cf``) is a *gap*: in no token, and never joined to what follows
   it (a combining mark or variation selector after a space starts a token of its own).
3. A run of word clusters (letters, digits, marks) is one token; an apostrophe or hyphen
   between two word clusters, or a full stop or comma between two digits, stays inside it
   ("don't", "pro-Russian", "3.5", "1,000").
4. Any other cluster (punctuation, a symbol, an emoji, a flag) is a token of its own.
5. Then each token is cut at every span boundary that falls inside it ("Starmer’s" becomes
   "Starmer" + "’s" when a span ends after "Starmer"), even inside a grapheme cluster when a
   span says so. A boundary in a gap changes nothing: a span that starts or ends in a gap
   (white space at its ends) is not a whole number of tokens (``covering`` says None).

No token holds white space, so a token is always one field of a CoNLL line.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from annotator.core.graphemes import next_boundary

Token = tuple[int, int]  # [start, end) in code points

_INNER = "'’-‐"  # join two word clusters
_NUMERIC = ".,"  # join two digits
_FINAL = {".", "!", "?", "…", "\u3002", "\u061f", "\uff01", "\uff1f"}
_CLOSING = set("\"'”’»)]}")


def is_gap(ch: str) -> bool:
    """White space, a control or an invisible format character: between tokens, never in one."""
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf")


def _is_word(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LNM"


def _clusters(text: str) -> list[Token]:
    out: list[Token] = []
    pos, n = 0, len(text)
    while pos < n:
        if is_gap(text[pos]):  # alone: what follows it (a mark, an emoji) is not dropped
            out.append((pos, pos + 1))
            pos += 1
            continue
        end = next_boundary(text, pos)
        for k in range(pos + 1, end):  # a ZWJ joins even a space: never inside a token
            if text[k].isspace():
                end = k
                break
        out.append((pos, end))
        pos = end
    return out


def words(text: str) -> list[Token]:
    """The tokens of rules 1-4 (before any span boundary is applied)."""
    clusters = _clusters(text)
    tokens: list[Token] = []
    start = -1  # start of the word token being built, or -1
    for i, (a, b) in enumerate(clusters):
        ch = text[a]
        if _is_word(ch):
            if start < 0:
                start = a
            continue
        if start >= 0 and b - a == 1 and i + 1 < len(clusters):
            after = text[clusters[i + 1][0]]
            before = text[a - 1]
            if (ch in _INNER and _is_word(after)) or (
                ch in _NUMERIC and before.isdigit() and after.isdigit()
            ):
                continue  # inside the word
        if start >= 0:
            tokens.append((start, a))
            start = -1
        if not is_gap(ch):
            tokens.append((a, b))
    if start >= 0:
        tokens.append((start, len(text)))
    return tokens


def tokenize(text: str, boundaries: Iterable[int] = ()) -> list[Token]:
    """The tokens of ``text``, cut at each of ``boundaries`` (span starts and ends) that falls
    inside one."""
    cuts = sorted({b for b in boundaries if 0 < b < len(text)})
    tokens: list[Token] = []
    k = 0
    for start, end in words(text):
        while k < len(cuts) and cuts[k] <= start:
            k += 1
        piece = start
        j = k
        while j < len(cuts) and cuts[j] < end:
            tokens.append((piece, cuts[j]))
            piece = cuts[j]
            j += 1
        tokens.append((piece, end))
    return tokens


def span_tokens(text: str, spans: Iterable[tuple[int, int]]) -> list[Token]:
    """``tokenize`` at the boundaries of ``spans`` (``(start, end)`` pairs)."""
    return tokenize(text, (b for span in spans for b in span))


def covering(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int] | None:
    """Token indices ``[i, j)`` that make up exactly ``[start, end)``; None if the span is not a
    whole number of tokens (it starts or ends in a gap, or inside a token)."""
    i = _index(tokens, start, 0)
    j = _index(tokens, end, 1)
    if i is None or j is None or j <= i:
        return None
    return i, j


def _index(tokens: Sequence[Token], offset: int, side: int) -> int | None:
    """The index of the token starting at ``offset`` (side 0), or one past the token ending
    there (side 1)."""
    lo, hi = 0, len(tokens)
    while lo < hi:
        mid = (lo + hi) // 2
        if tokens[mid][side] < offset:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(tokens) and tokens[lo][side] == offset:
        return lo + side
    return None


def sentences(
    text: str, tokens: Sequence[Token], together: Iterable[tuple[int, int]] = ()
) -> list[range]:
    """Token index ranges of the sentences: a sentence ends at a line break, or after ``.``,
    ``!``, ``?``, ``…`` (and closing quotes or brackets after it) followed by white space and a
    token that does not start with a lower-case letter; never inside one of ``together``
    (spans that a format cannot cut, such as a quote over several sentences)."""
    n = len(tokens)
    if not n:
        return []
    held = [0] * (n + 1)  # held[i] > 0: no break between tokens i-1 and i
    for start, end in together:
        where = covering(tokens, start, end)
        if where is not None and where[1] - where[0] > 1:
            held[where[0] + 1] += 1
            held[where[1]] -= 1
    out: list[range] = []
    first, depth = 0, 0
    for i in range(1, n):
        depth += held[i]
        if depth <= 0 and _break(text, tokens, i):
            out.append(range(first, i))
            first = i
    out.append(range(first, n))
    return out


def _break(text: str, tokens: Sequence[Token], i: int) -> bool:
    """A sentence ends between tokens i-1 and i."""
    gap = text[tokens[i - 1][1] : tokens[i][0]]
    if "\n" in gap or "\u2029" in gap:
        return True
    if not gap or not any(ch.isspace() for ch in gap):
        return False
    k = i - 1
    while k > 0 and text[tokens[k][0] : tokens[k][1]] in _CLOSING:
        k -= 1
    if text[tokens[k][0] : tokens[k][1]] not in _FINAL:
        return False
    return not text[tokens[i][0]].islower()
