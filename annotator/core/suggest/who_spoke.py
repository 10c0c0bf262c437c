"""Who spoke a quote: the speaker its cue points to, else the signature or subject that carries it.

With a cue (``quote_cues``), the name nearest the verb on its side ("Starmer said", "said Olena
Kovalenko"), an organisation or a description as free text, the sentence subject's for "…,
saying" and a verb right after an apposition; a pronoun or a titled description resolved in
``referents``. With none, the name signing the quote after a dash in the next paragraph, the
subject of its own sentence, the person starting the sentence before it, or the subject
starting the paragraph before's last sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from annotator.core.suggest.cues import Cue
from annotator.core.suggest.leads import (
    APPOSITION,
    CLAUSE_BREAK,
    conjunction_lead,
    gerund_lead,
    participle,
    said_name,
)
from annotator.core.suggest.marks import Part
from annotator.core.suggest.names import TITLES, NameHit, words
from annotator.core.suggest.quote_cues import BEFORE_CHARS, QuoteCues
from annotator.core.suggest.referents import ADVERB_GAP, SUBJECT_PRONOUNS
from annotator.core.suggest.sentences import WORD as _WORD
from annotator.core.suggest.speakers import PRONOUN_GENDER, Speaker

_LEADING = re.compile(r"[\s,;:–—-]*")
_SINGLE_BEFORE_VERB = re.compile(r"(?:^|(?<=[\s,;:(—–-]))([A-Z][\w’'-]+)\s+$")
_DASH = re.compile(r"[ \t]*[-–—―][ \t]*(?=[A-Z])")
_NOT_BEFORE_PARTICIPLE = words("of about for from at against without the a an his her their")
_WORD_BEFORE_NAME = re.compile(  # "with Sen. John McCain", "with Donald Trump"
    r"\bwith\s+(?:(?:[A-Z][a-z]{1,4}\.|[A-Z][\w’'-]*)\s+){0,3}$"
)
_INVERTED_BEFORE = words("said says explained added wrote continued noted")


class WhoSpoke(QuoteCues):
    """The speaker of a quote, through its cue or without one (cues, sentences and referents:
    the base classes)."""

    def _previous_subject(self, first: Part) -> Speaker | None:
        """A quote standing alone after a sentence of its paragraph ("Clinton touted her
        record. “We need …”"): the person that sentence starts with."""
        before = self._sentence_before(first)
        if before is None:
            return None
        prev, start = before
        names = self.speakers.names_in(prev, start)
        lead = _WORD.search(self.text, prev, start)
        if names and lead is not None and names[0].start == lead.start():
            return self.speakers.of(names[0])
        return None

    def _own_subject(self, first: Part) -> Speaker | None:
        """A quote inside a sentence with no speech verb ("Kasich resisted: “…”", "Sanders sent
        out a fundraising call, asking supporters to “donate”"): the subject of that sentence
        (past an opening phrase, the description starting it: "The news service pointed to
        …", else its first name or pronoun); None when the quote opens its sentence, when
        another quote stands before it in the sentence (it goes on with that one: a
        translation in brackets) or when the sentence names no one."""
        text = self.text
        para_start = self.paras[first.paragraph][0]
        start = self._sentence_start(first.open, max(para_start, first.open - BEFORE_CHARS))
        k = bisect_right(self._ends, first.open) - 1
        if k >= 0 and self._ends[k] > start:
            return None
        start = self._past_opening(start, first.open)
        lead = _WORD.search(text, start, first.open)
        if lead is None:
            return None
        described = self.speakers.subject_description(lead.start(), first.open)
        if described is not None:
            return described
        if not self.speakers.names_in(start, first.open) and (
            self._pronoun(start, first.open, True) is None
        ):
            return None
        return self._subject(start, first.open)

    def _dash_signature(self, last: Part) -> Speaker | None:
        """A quote ending its paragraph, signed in the next one by a dash and a name ("“…”" /
        "- Hillary Clinton." / "—President Obama, tweeting after the speech."): that name."""
        k = last.paragraph + 1
        if last.close is None or k >= len(self.paras):
            return None
        if _WORD.search(self.text, last.close + 1, self.paras[last.paragraph][1]):
            return None
        start, end = self.paras[k]
        dash = _DASH.match(self.text, start, end)
        if dash is None:
            return None
        names = self.speakers.names_in(dash.end(), min(end, dash.end() + 80))
        if not names or _WORD.search(self.text, dash.end(), names[0].start):
            return None
        return self.speakers.of(names[0])

    def _paragraph_before_subject(self, first: Part) -> Speaker | None:
        """A quote opening a paragraph, with no attribution and no one speaking before it: the
        subject starting the last sentence of the paragraph before ("He then blasted Sanders,
        who …" / "“I heard …”" is his), a name, a pronoun or a description."""
        para_start = self.paras[first.paragraph][0]
        if first.paragraph == 0 or _WORD.search(self.text, para_start, first.open):
            return None
        prev_start, prev_end = self.paras[first.paragraph - 1]
        start = self._sentence_start(prev_end, max(prev_start, prev_end - BEFORE_CHARS))
        start = self._past_opening(start, prev_end)
        lead = _WORD.search(self.text, start, prev_end)
        if lead is None or self.quoted.overlaps(lead.start(), prev_end):
            return None
        word = lead.group().lower()
        if word in SUBJECT_PRONOUNS:
            return self._resolve((word, lead.start()), lead.start())
        names = self.speakers.names_in(lead.start(), prev_end)
        if names and names[0].start == lead.start():
            return self.speakers.of(names[0])
        return self.speakers.subject_description(lead.start(), prev_end)

    def _skip_leading(self, pos: int) -> int:
        """Past the spaces and punctuation that start an attribution (", a senior official")."""
        match = _LEADING.match(self.text, pos)
        return match.end() if match else pos

    def _description(self, start: int, end: int, pos: int) -> Speaker | None:
        """A description past the punctuation leading ``[start, end)``: one ending in a title
        ("the senator") is the person it stands for at ``pos``, else one without ("the
        official", "a senior official") is free text."""
        start = self._skip_leading(start)
        titled = self._titled(start, end, pos)
        if titled is not None:
            return titled
        return self.speakers.unnamed(start, end) or self.speakers.described(start, end)

    def _before_speaker(self, cue: Cue, window_start: int, quote_open: int) -> Speaker | None:
        sp = self.speakers
        text = self.text
        if text[cue.start : cue.verb_end].lower().startswith("according"):
            after = sp.names_in(cue.end, quote_open)
            if after:
                return sp.of(after[0])
        previous = self._previous
        if (
            previous is not None
            and 0 <= window_start - previous[0] <= 2
            and participle(text, cue)
            and gerund_lead(text, window_start, cue.start)
        ):  # "He called it “…,” accusing it of “…”": the speaker of the quote before, which
            return previous[1]  # stands for the sentence's subject
        breaks = list(CLAUSE_BREAK.finditer(text, window_start, cue.start))
        clause = breaks[-1].end() if breaks else window_start
        inverted = self._inverted_before(cue, clause, quote_open)
        if inverted is not None:
            return inverted
        absolute = self._with_name(cue, clause)
        if absolute is not None:
            return absolute
        if clause > window_start and not _WORD.search(text, clause, cue.start):
            # "…, a spokesman, Oren Marmorstein, wrote": the name alone between the commas
            before = breaks[-2].end() if len(breaks) > 1 else window_start
            names = sp.names_in(before, breaks[-1].start())
            alone = [
                h
                for h in names
                if not _WORD.search(text, before, h.start)
                and not _WORD.search(text, h.end, breaks[-1].start())
            ]
            if alone:
                return sp.of(alone[0])
        if (
            clause > window_start
            and (
                (participle(text, cue) and gerund_lead(text, clause, cue.start))
                or not _WORD.search(text, clause, cue.start)
                or conjunction_lead(text, clause, cue.start)
            )
        ) or self._subjects_participle(cue, window_start):
            # "Cruz took a shot at Trump, saying …", "…, by falsely claiming", "Robert McDuff,
            # a lawyer for the groups that sued North Carolina, said", "Clinton answered on
            # Facebook writing …": the sentence's subject
            return self._subject(window_start, cue.start)
        names = sp.names_in(clause, cue.start)
        pronoun = self._pronoun(clause, cue.start)
        if pronoun is not None and (not names or not self._may_be(names[-1], pronoun)):
            # "Tester credits the Democrats' candidates -- but he said": the pronoun next to
            # the verb speaks, and the name before it cannot be who it stands for
            return self._resolve(pronoun, cue.start)
        lead = self._pronoun(clause, cue.start, first=True)
        if (
            lead is not None
            and lead[0] != "it"
            and (not names or not ADVERB_GAP.fullmatch(text, names[-1].end, cue.start))
        ):  # "He praised those who left but said", "He adopted a fake Southern accent and
            return self._resolve(lead, cue.start)  # joked": the clause's subject speaks
        if names:
            return sp.of(names[-1])
        described = self._description(clause, cue.start, cue.start)
        if described is not None:  # "The senator said: “…”", "a senior official said"
            return described
        single = _SINGLE_BEFORE_VERB.search(text, clause, cue.start)
        if (
            single is not None
            and single.group(1).lower() not in SUBJECT_PRONOUNS | TITLES
            and not _WORD.search(text, clause, single.start(1))
        ):
            # "King says …": one capitalised word just before the verb is who speaks, even a
            # word the text also writes in lowercase
            return Speaker(None, single.group(1), single.span(1))
        hit = sp.preceding_person(cue.start)
        return sp.of(hit) if hit is not None else None

    def _with_name(self, cue: Cue, clause: int) -> Speaker | None:
        """The name between "with" and an -ing cue ("…, with Sen. John McCain calling it “a
        Chinese menu.”"): the absolute phrase's own subject speaks, not the sentence's."""
        if not participle(self.text, cue):
            return None
        names = self.speakers.names_in(clause, cue.start)
        if not names or not ADVERB_GAP.fullmatch(self.text, names[-1].end, cue.start):
            return None
        before = _WORD_BEFORE_NAME.search(self.text, clause, names[-1].start)
        return self.speakers.of(names[-1]) if before is not None else None

    def _may_be(self, hit: NameHit, pronoun: tuple[str, int]) -> bool:
        """Whether a name standing before a pronoun may be who the pronoun stands for: any
        name before "they", "we", "I" or "it", one of the pronoun's gender (as the text tells
        it) and not a place or a people before "he" and "she", or a name after the pronoun."""
        gender = PRONOUN_GENDER.get(pronoun[0])
        if gender is None or hit.start > pronoun[1]:
            return True
        sp = self.speakers
        return hit.label in sp.person_labels and sp.fits_gender(hit, gender)

    def _subjects_participle(self, cue: Cue, window_start: int) -> bool:
        """Whether the cue is an -ing form after a verb of the sentence ("Clinton answered the
        question on Facebook writing …", "Trump replied by calling him …"), not the object of a
        noun or a preposition that names another speaker ("accused him of saying")."""
        if not participle(self.text, cue):
            return False
        before = _WORD.findall(self.text, window_start, cue.start)
        return len(before) > 1 and before[-1].lower() not in _NOT_BEFORE_PARTICIPLE

    def _inverted_before(self, cue: Cue, clause: int, quote_open: int) -> Speaker | None:
        """The name right after an inverted verb opening its clause before the quote
        ("Because of the schedule, explained Rosenberg, “…”"): who speaks."""
        text = self.text
        if text[cue.start : cue.verb_end].lower() not in _INVERTED_BEFORE:
            return None
        if _WORD.search(text, clause, cue.start):
            return None
        names = self.speakers.names_in(cue.end, quote_open)
        if not names or _WORD.search(text, cue.end, names[0].start):
            return None
        if text.startswith(("’s", "'s"), names[0].end):
            return None  # "…, said Trump's remarks “…”": what was said begins there
        return self.speakers.of(names[0])

    def _after_speaker(self, start: int, cue: Cue, quote_open: int, limit: int) -> Speaker | None:
        sp = self.speakers
        text = self.text
        if participle(text, cue) and not _WORD.search(text, start, cue.start):
            # "Trump hailed the vote as “fantastic,” telling reporters …": the sentence's subject
            para_start = self.paras[self._paragraph_of(quote_open)][0]
            window = self._sentence_start(quote_open, max(para_start, quote_open - BEFORE_CHARS))
            if _WORD.search(text, window, quote_open):
                return self._subject(window, quote_open)
        if not _WORD.search(text, start, cue.start):  # inverted: "…,” said Olena Kovalenko"
            end = min(self._clause_end(cue.end, limit), self._sentence_end(cue.end, limit))
            names = sp.names_in(cue.end, end)
            unnamed = sp.unnamed(cue.end, end) or sp.described(cue.end, end)
            # "read a banner held by students outside the University": the banner
            if names and (unnamed is None or not _WORD.search(text, cue.end, names[0].start)):
                return sp.of(names[0])
            pronoun = self._pronoun(cue.end, end, first=True)
            if pronoun is not None and unnamed is None:
                return self._resolve(pronoun, quote_open)
            titled = self._titled(cue.end, end, quote_open)  # "…,” said the senator"
            if titled is not None and unnamed is None:
                return titled
        else:  # "…,” Starmer said", "…,” he said"
            if said_name(self.text, text[start : cue.start], cue):  # "…, said David Wasserman"
                following = sp.names_in(cue.end, self._clause_end(cue.end, limit))
                if following and not _WORD.search(text, cue.end, following[0].start):
                    return sp.of(following[0])
            names = sp.names_in(start, cue.start)
            lead = _WORD.search(text, start, cue.start)
            first_named = names and lead is not None and names[0].start == lead.start()
            if first_named and APPOSITION.match(text, start, cue.start):
                return sp.of(names[0])  # "…,” David Axelrod, the chief strategist …, said"
            if names:
                return sp.of(names[-1])
            pronoun = self._pronoun(start, cue.start)
            if pronoun is not None:
                return self._resolve(pronoun, quote_open)
            unnamed = self._description(start, cue.start, quote_open)  # "…,” the senator said"
        if unnamed is not None:
            return unnamed
        hit = sp.preceding_person(quote_open)
        return sp.of(hit) if hit is not None else None
