"""Quotation marks around what nobody said: titles of works and shows, scare quotes.

The quote finder (``quotes``) proposes neither a title in quotation marks (ABC’s “This Week”,
the book “Crippled America”) nor one or two words in them with no speech verb near
(“forward-leaning”); these tell them apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from annotator.core.suggest.marks import Part
from annotator.core.suggest.names import words
from annotator.core.suggest.sentences import WORD as _WORD

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORK_CONTEXT = words(
    """on in of to told book books film films movie movies show shows program programme series
    song album novel memoir column columns article essay op-ed podcast documentary episode
    segment titled entitled headlined magazine newspaper play musical star starred hosts host
    anchor anchors author wrote reads read"""
)
_SENTENCE_INSIDE = re.compile(r"[.!?]\s")
_TITLE_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_SMALL_WORDS = words("a an the and or of in on at to for with by from as vs via nor but is")


def title_of_work(text: str, parts: Sequence[Part], segments: Sequence[tuple[int, int]]) -> bool:
    """A title in quotation marks: its words in title case, no sentence in it, and a
    possessive or a word naming a work or a show just before it (ABC’s “This Week”, the book
    “Crippled America: How to Make America Great Again”, told “Fox and Friends”). A headline
    quoting someone in title case has none of these before it."""
    if len(parts) > 1:
        return False
    start, end = segments[0]
    found = _TITLE_WORD.findall(text, start, end)
    if not found or len(found) > 12 or _SENTENCE_INSIDE.search(text, start, end):
        return False
    if not all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in found):
        return False
    if not found[0][0].isupper():
        return False
    before = text[max(0, parts[0].open - 40) : parts[0].open].rstrip(" ,\u00a0")
    last = _TITLE_WORD.findall(before)[-1:]
    if not last:
        return False
    word = last[0]
    return word.endswith(("’s", "'s")) or word.lower() in _WORK_CONTEXT


def at_most_two_words(text: str, segments: Iterable[tuple[int, int]]) -> bool:
    """Whether the segments hold two words or fewer (looking no further than the third)."""
    count = 0
    for start, end in segments:
        for match in _WORD.finditer(text, start, end):
            cjk = len(_CJK.findall(match.group()))
            count += (cjk + 1) // 2 if cjk else 1
            if count > 2:
                return False
    return True
