"""Which speech verb is a quote's cue: before the quote, after it, or ending the sentence before.

``QuoteCues`` knows the text's quotation marks (``marks.Part``) besides its sentences and
speakers (the base classes), and finds for a quote the last speech verb of the sentence before
its opening mark ("Lavrov said: “…”"; of nested attributions, the outer one), else one within
a few words after its closing mark ("“…,” Starmer said"), else one ending the sentence before
("…, the editorial board writes. “…”"). Who spoke through that verb: ``who_spoke``.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from annotator.core.suggest.cues import Cue, cues
from annotator.core.suggest.leads import APPOSITION, CLAUSE_BREAK, said_name
from annotator.core.suggest.marks import Part
from annotator.core.suggest.names import Intervals, words
from annotator.core.suggest.referents import Referents
from annotator.core.suggest.sentences import WORD as _WORD
from annotator.core.suggest.speakers import Speakers

AFTER_WORDS = 8  # a cue after a quote stands within this many words of the closing mark
APPOSITION_WORDS = 30  # … or of this many after a name and its apposition ("X, the …, said")
AFTER_CHARS = 300  # and within this many characters
BEFORE_CHARS = 600  # how far back the sentence before a quote is searched for its cue

# what "reads" or "read" a quote: a writing ("…,” the statement read", "…,” one sign read")
_WRITING = re.compile(
    r"[\s,]*(?:the|a|an|one|another|his|her|its|their)[ \t]+(?:[\w’'-]+[ \t]+){0,2}"
    r"(?:statement|letter|sign|banner|post|email|message|tweet|note|memo|ad|headline|caption|"
    r"release|text|placard|poster|plaque|inscription|card|shirt|t-shirt)[ \t]+"
)
_OUTER_VERBS = words("said says told tells wrote writes argued argues claimed claims insisted")
_WORD_BEFORE_CUE = re.compile(r"(?:[A-Z][\w’'.-]*|he|she|they|we|I)\s+$")


class QuoteCues(Referents):
    """The cues of a text's quotes: the speech verb before, after or around each (sentences
    and referents: the base classes)."""

    def __init__(
        self,
        text: str,
        paras: list[tuple[int, int]],
        parts: list[Part],
        quoted: Intervals,
        speakers: Speakers,
    ) -> None:
        super().__init__(text, paras, quoted, speakers)
        self._parts = parts
        self._opens = [p.open for p in parts]
        self._ends = sorted(p.close + 1 if p.close is not None else p.end for p in parts)

    def _after_cue(self, last: Part, limit: int) -> Cue | None:
        """A speech verb just after the closing mark: "…,” Starmer said", "…,” said Kovalenko"."""
        assert last.close is not None
        text = self.text
        start = last.close + 1
        i = last.close - 1
        while i > last.open and text[i].isspace():
            i -= 1
        ends_sentence = text[i] in ".…"
        for cue in cues(text, start, limit):
            pre = text[start : cue.start]
            if cue.inverted_only and pre.strip(" \t,") and not _WRITING.fullmatch(pre):
                continue  # "…,” read a banner", "…,” the statement read"; not "…,” he read"
            # "…,” David Axelrod, the chief strategist of the 2008 campaign, said": a name
            # with its apposition may stand longer between the quote and its verb
            # "…” if she lost by more than that, said David Wasserman": a clause of the
            # author's may stand between the quote and an inverted verb
            far = APPOSITION.match(pre) or said_name(self.text, pre, cue)
            allowed = APPOSITION_WORDS if far else AFTER_WORDS
            if len(_WORD.findall(pre)) > allowed or self._sentence_ends(start, cue.start):
                return None
            first_word = _WORD.search(text, start, cue.end)
            if ends_sentence and first_word is not None and not first_word.group()[0].islower():
                return None
            return cue
        return None

    def _after_limit(self, last: Part) -> int:
        assert last.close is not None
        para_end = self.paras[last.paragraph][1]
        k = bisect_right(self._opens, last.close)
        next_open = self._opens[k] if k < len(self._opens) else para_end
        return min(para_end, next_open, last.close + 1 + AFTER_CHARS)

    def _before_cue(self, first: Part) -> tuple[Cue, int] | None:
        """The last speech verb of the sentence before the opening mark, and where that
        sentence starts ("Lavrov said: “…", "He told Russian media that … “…")."""
        text = self.text
        para_start = self.paras[first.paragraph][0]
        k = bisect_right(self._ends, first.open) - 1
        floor = max(para_start, first.open - BEFORE_CHARS, self._ends[k] if k >= 0 else 0)
        start = self._sentence_start(first.open, floor)
        end = first.open
        if not _WORD.search(text, start, end) and first.paragraph > 0:
            prev_start, prev_end = self.paras[first.paragraph - 1]
            if text[prev_start:prev_end].rstrip().endswith(":"):  # "He said:" then a paragraph
                start = self._sentence_start(prev_end, max(prev_start, prev_end - BEFORE_CHARS))
                end = prev_end
        found = [
            c
            for c in cues(text, start, end)
            if not c.inverted_only and not self.quoted.overlaps(c.start, c.end)
        ]
        if len(found) > 1 and self._reported_inside(found[0], found[-1]):
            return found[0], start
        return (found[-1], start) if found else None

    def _reported_inside(self, outer: Cue, inner: Cue) -> bool:
        """Whether ``inner`` reports speech inside what ``outer`` reports ("Ross said Obama had
        told the leaders that …"): ``outer`` a verb of saying with a name or a pronoun just
        before it, ``inner`` after it in its clause, with a name between them."""
        text = self.text
        if text[outer.start : outer.verb_end].lower() not in _OUTER_VERBS:
            return False
        lead = _WORD_BEFORE_CUE.search(text, max(0, outer.start - 40), outer.start)
        if lead is None or CLAUSE_BREAK.search(text, outer.end, inner.start):
            return False
        return bool(self.speakers.names_in(outer.end, inner.start))

    def _sentence_before(self, first: Part) -> tuple[int, int] | None:
        """The sentence before a quote opening its own sentence, in its paragraph: where it
        starts and ends; None when the quote's sentence opens the paragraph or has words
        before the quote."""
        para_start = self.paras[first.paragraph][0]
        start = self._sentence_start(first.open, max(para_start, first.open - BEFORE_CHARS))
        if start <= para_start or _WORD.search(self.text, start, first.open):
            return None
        return self._sentence_start(start - 1, max(para_start, start - BEFORE_CHARS)), start

    def _cue_ending_sentence(self, first: Part) -> tuple[Cue, int] | None:
        """A speech verb ending the sentence just before the quote, in its paragraph ("…, the
        editorial board writes. “…”"), and where that sentence starts."""
        text = self.text
        before = self._sentence_before(first)
        if before is None:
            return None
        prev, start = before
        found = [
            c
            for c in cues(text, prev, start)
            if not c.inverted_only and not self.quoted.overlaps(c.start, c.end)
        ]
        if not found or _WORD.search(text, found[-1].end, start):
            return None
        return found[-1], prev

    def _verb_in_sentence(self, first: Part, last: Part) -> bool:
        """Whether a speech verb stands in the sentence around a short quote (outside quotes)."""
        para_start, para_end = self.paras[first.paragraph]
        start = self._sentence_start(first.open, max(para_start, first.open - BEFORE_CHARS))
        tail = last.close + 1 if last.close is not None else last.end
        end = self._sentence_end(tail, min(self.paras[last.paragraph][1], tail + BEFORE_CHARS))
        return any(
            not c.inverted_only and not self.quoted.overlaps(c.start, c.end)
            for c in cues(self.text, start, end)
        )
