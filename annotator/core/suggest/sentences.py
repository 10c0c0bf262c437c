"""Sentences and clauses of one text, for the quote finder: where sentences end (not after
an abbreviation or an initial, not before a lowercase word, not inside a quotation), where a
clause ends, which paragraph a position is in. Sentence ends are found once per text and
bisected, so a text of thousands of quotes stays linear.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from annotator.core.snapping import is_word_char
from annotator.core.suggest.names import TITLES, Intervals, words

WORD = re.compile(r"[^\W_]+")
NEXT_WORD = re.compile(r"\s+([^\W\d_])")
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’»)\]]*(?=\s)")
_CLAUSE_END = re.compile(r"[,.;:]")
_INITIALS = re.compile(r"(?:[A-Z]\.)+[A-Z]")
_WORD_BEFORE = re.compile(r"[^\W\d_]+$")
_ABBREVIATIONS = words(
    """mr mrs ms dr st jr sr prof gen col lt sgt rep sen gov no vs etc jan feb mar apr jun jul
    aug sep sept oct nov dec u.s u.k e.g i.e capt cmdr adm maj cpl pvt rev hon atty supt det"""
)


class Sentences:
    """The sentences, clauses and paragraphs of ``text`` (``paras``: its paragraphs' ``[start,
    end)``; ``quoted``: its quotations, inside which no sentence ends)."""

    def __init__(self, text: str, paras: list[tuple[int, int]], quoted: Intervals) -> None:
        self.text = text
        self.paras = paras
        self.quoted = quoted
        self._para_starts = [s for s, _ in paras]
        self._ends_all: tuple[list[int], list[int]] | None = None  # sentence ends, found once

    def _sentence_ends(self, start: int, end: int) -> list[int]:
        """Where sentences end in ``[start, end)``: after . ! ? … and closing marks, not after
        an abbreviation or an initial, not before a lowercase word, and not inside a quotation.
        Found once for the whole text, then bisected."""
        if self._ends_all is None:
            self._ends_all = self._find_sentence_ends()
        starts, ends = self._ends_all
        k = bisect_left(starts, start)
        found = []
        while k < len(starts) and ends[k] < end:
            found.append(ends[k])
            k += 1
        return found

    def _find_sentence_ends(self) -> tuple[list[int], list[int]]:
        """(start, end) of every sentence end of the text (see ``_sentence_ends``)."""
        text = self.text
        starts, ends = [], []
        for match in _SENTENCE_END.finditer(text):
            if text[match.start()] == ".":
                i = match.start()
                j = i
                while j > 0 and (is_word_char(text[j - 1]) or text[j - 1] == "."):
                    j -= 1
                word = text[j:i]
                if (
                    word.lower() in _ABBREVIATIONS
                    or (len(word) == 1 and word.isupper())
                    or _INITIALS.fullmatch(word)  # "J.M. Berger", as "U.S."
                ):
                    continue
            after = NEXT_WORD.match(text, match.end())
            if after is not None and after.group(1).islower():
                continue  # "Sen. Chuck Schumer (D-N.Y.) said": no sentence starts in lowercase
            if not self.quoted.contains(match.end()):
                starts.append(match.start())
                ends.append(match.end())
        return starts, ends

    def _clause_end(self, start: int, limit: int) -> int:
        """The first , . ; : in ``[start, limit)``, not the dot of an abbreviation or a title
        ("said Rep. Bobby Scott", "said Mr. Jebens"), nor of an initial; else ``limit``."""
        text = self.text
        for match in _CLAUSE_END.finditer(text, start, limit):
            i = match.start()
            if text[i] == ".":
                word = _WORD_BEFORE.search(text, max(start, i - 12), i)
                low = word.group().lower() if word is not None else ""
                if low in _ABBREVIATIONS or low in TITLES or (len(low) == 1 and low.isalpha()):
                    continue
            return i
        return limit

    def _sentence_start(self, pos: int, floor: int) -> int:
        ends = self._sentence_ends(floor, pos)
        return ends[-1] if ends else floor

    def _sentence_end(self, pos: int, limit: int) -> int:
        ends = self._sentence_ends(pos, limit)
        return ends[0] if ends else limit

    def _paragraph_of(self, pos: int) -> int:
        return max(bisect_right(self._para_starts, pos) - 1, 0)
