"""Who a pronoun, a description or an unattributed quote stands for, for the quote finder.

A pronoun ("he", "she") is the nearest earlier person of its gender as the text tells it
(``speakers.Speakers.gender``): walking back sentence by sentence, who spoke in a sentence,
else whom it names first, skipping a sentence where the same pronoun stands before the names;
"it" is the organisation or outlet named last; "they", "we", "I" the nearest person. A
description ending in a title ("the senator") is the person named last whom the text gives
that title. Who spoke last (the previous quote's speaker, or a name next to a speech verb)
carries a quote with no attribution of its own.
"""

from __future__ import annotations

import re

from annotator.core.suggest.cues import cues
from annotator.core.suggest.names import PLACES, Intervals, NameHit, words
from annotator.core.suggest.sentences import WORD, Sentences
from annotator.core.suggest.speakers import LOOKBACK, PRONOUN_GENDER, Speaker, Speakers

SUBJECT_PRONOUNS = words("he she they we i it")
WALK_PARAGRAPHS = 3  # paragraphs before a pronoun's own walked for whom it stands for
SAID = words("said says added asked wrote continued explained noted")  # "said Reid"
_OPENING_PREPOSITIONS = words(
    """in on at after before during for from with when while as since despite following unlike
    even although though because if once until like unlike among amid regarding including
    besides beyond"""
)
_TIME_ADVERBS = words("later earlier ago meanwhile however instead afterwards")
# a name's apposition and the verb after it: "Jay DiPietro, the club's president, suggested",
# "Mark Cuban, the billionaire owner of the Dallas Mavericks, who …"
_OF_PLACE = r"(?:[ \t]+of[ \t]+[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*)*)?"  # "Ted Cruz of Texas"
_APPOSED = re.compile(
    _OF_PLACE + r",[ \t]+(?:the|a|an|his|her|its|[A-Z][\w’'.-]*[’']s)[ \t]"
    r"[^,.;:!?\n“”\"]{0,100}?,[ \t]+(?:who[ \t]+)?(?:[a-z]+ly[ \t]+)?[a-z]"
)
_PLACE_ADVERBS = words("here there elsewhere")
_REGION = re.compile(r"[ \t]*[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*){0,2},")  # a city's state
# from a name to its speech verb past an apposition or a relative clause
_ASIDE_TO_VERB = re.compile(
    _OF_PLACE
    + r"(?:,[ \t]+(?:who|the|a|an|his|her|its)[ \t][^.;:!?\n“”\"]{0,150},[ \t]*(?:who[ \t]+)?"
    r"|,[ \t]+who[ \t]+)(?:(?:also|then|later)[ \t]+)?"
)
# a word before a name that makes it an object, not whom a later pronoun goes on with ("in an
# interview with Bloomberg Politics", "told the Washington Informer", "wrote for HuffPost")
_OBJECT_BEFORE = words("told asked to with against for by about at on from of over than like")
_WORD_BEFORE = re.compile(r"(\w+)(?:\s+(?:the|a|an))?\s+$", re.IGNORECASE)
ADVERB_GAP = re.compile(  # "Reid also said", "Reid flatly said"
    r"\s+(?:(?:also|then|later|again|once|first|further|previously|[a-z]+ly)\s+)?"
)


def _participle_opening(word: str) -> bool:
    """Whether a sentence's first word opens a participle phrase or an adverbial one before
    its subject ("Speaking at a town hall in Salem, Trump …", "Asked about it, Smith …",
    "Hastily politicizing the tragedy, Trump …", "Here in Columbia, Sanders …")."""
    return word.endswith(("ing", "ed", "ly")) or word in _PLACE_ADVERBS


def _is_region(words_: str) -> bool:
    """Whether capitalised words after a place and a comma name its state or country ("New
    Hampshire", "Fla.", "N.H.", "Germany")."""
    low = " ".join(words_.lower().split())
    return low in PLACES or (low.endswith(".") and " " not in low and len(low) <= 6)


class Referents(Sentences):
    """Sentences with the candidate speakers of the text (``speakers``): pronouns resolved,
    sentence subjects, who spoke where."""

    def __init__(
        self, text: str, paras: list[tuple[int, int]], quoted: Intervals, speakers: Speakers
    ) -> None:
        super().__init__(text, paras, quoted)
        self.speakers = speakers
        self._said: dict[int, list[NameHit]] = {}  # paragraph -> who spoke there
        self._previous: tuple[int, Speaker] | None = None  # the last quote's end and speaker

    def _subject(self, start: int, end: int) -> Speaker | None:
        """The subject of the sentence ``[start, end)``, after an opening phrase ("In
        Jerusalem, …", "On Sunday, …"): the description starting it ("The news service"), else
        its first name, or its pronoun."""
        start = self._past_opening(start, end)
        lead = WORD.search(self.text, start, end)
        described = self.speakers.subject_description(lead.start(), end) if lead else None
        if described is not None:  # "The lawmaker, who represents Albay, said …"
            return described
        names = self.speakers.names_in(start, end)
        pronoun = self._pronoun(start, end, first=True)
        if names and (pronoun is None or names[0].start < pronoun[1]):
            return self.speakers.of(names[0])
        if pronoun is not None:
            return self._resolve(pronoun, end)
        hit = self.speakers.preceding_person(end)
        return self.speakers.of(hit) if hit is not None else None

    def _past_opening(self, start: int, end: int) -> int:
        """Where the sentence ``[start, end)`` goes on after its opening phrases ("In
        Jerusalem, …", "On Sunday, even as shares fell, …", "Hours later, …", "Speaking in
        Salem, New Hampshire, …"), each up to a comma, when a name or a pronoun follows
        them; else ``start``."""
        text = self.text
        first = WORD.search(text, start, end)
        start_word = first.start() if first is not None else start
        for _ in range(3):
            lead = WORD.search(text, start, end)
            comma = text.find(",", start, end)
            if lead is None or comma < 0:
                break
            last = WORD.findall(text, start, comma)[-1:]
            word = lead.group().lower()
            opening = (
                word in _OPENING_PREPOSITIONS
                or (last and last[0].lower() in _TIME_ADVERBS)
                or (lead.start() == start_word and _participle_opening(word))
            )
            if not opening or not (
                self.speakers.names_in(comma + 1, end) or self._pronoun(comma + 1, end, True)
            ):
                break
            start = comma + 1
            region = _REGION.match(text, start, end)  # "in Salem, New Hampshire, Trump …"
            if (
                region is not None
                and _is_region(region.group()[:-1])
                and self.speakers.names_in(region.end(), end)
            ):
                start = region.end()
        return start

    def _titled(self, start: int, end: int, pos: int) -> Speaker | None:
        """A description ending in a title at ``[start, end)`` ("the former president"): the
        person named last before ``pos`` whom the text gives that title, or None."""
        title = self.speakers.description_title(start, end)
        if title is None:
            return None
        hit = self.speakers.titled(title, pos)
        return self.speakers.of(hit) if hit is not None else None

    def _pronoun(self, start: int, end: int, first: bool = False) -> tuple[str, int] | None:
        """A subject pronoun ("he", "she") in ``[start, end)`` with at most two words after it
        ("he also said"), or, with ``first``, starting it ("he said", "said she")."""
        found = list(WORD.finditer(self.text, start, end))
        order = range(len(found)) if first else range(len(found) - 1, -1, -1)
        for k in order:
            word = found[k].group().lower()
            if word in SUBJECT_PRONOUNS:
                return word, found[k].start()
            if (len(found) - 1 - k if not first else k) >= 2:
                break
        return None

    def _resolve(self, pronoun: tuple[str, int], pos: int) -> Speaker | None:
        """The person a pronoun ("he", "she") stands for: walking back sentence by sentence from it
        (its paragraph, then the three before: news paragraphs are short), the person of
        matching gender (as the text tells it; unknown matches, places do not) that a sentence
        names: who spoke in it ("…,” Kunin said.") else its subject, before the rest ("Trump
        went after Bush, calling him …. He says" is Trump), not a name after a preposition or
        "told" ("with Bloomberg Politics"), skipping a sentence that the same pronoun starts
        ("He met Joe Biden"; not one whose opening phrase has it before a named subject: "In his
        statement, Sanders went further"); else the nearest such person named before. "they",
        "we", "I": the nearest preceding person."""
        sp = self.speakers
        word, at = pronoun
        if word == "it":
            return self._resolve_it(at)
        gender = PRONOUN_GENDER.get(word)
        if gender is None:
            hit = sp.preceding_person(pos)
            return sp.of(hit) if hit is not None else None

        def fits(hit: NameHit) -> bool:
            return hit.label in sp.person_labels and sp.fits_gender(hit, gender)

        k = self._paragraph_of(at)
        for kk in range(k, max(k - WALK_PARAGRAPHS, 0) - 1, -1):
            para_start, para_end = self.paras[kk]
            end = at if kk == k else para_end
            starts = [para_start, *self._sentence_ends(para_start, end)]
            for start in reversed(starts):
                if start >= end:
                    continue
                said = self._speakers_before(end, start)
                in_order = [h for h in reversed(sp.persons_before(end, start)) if fits(h)]
                same = self._same_pronoun(gender, start, end)
                if (
                    same is not None
                    and (not in_order or same < in_order[0].start)
                    and not self._named_subject(in_order, same, start, end)
                ):
                    end = start  # "He met Joe Biden …", "In her post, she reminded Trump of …":
                    continue  # the same person goes on; whom the sentence names is not it
                apposed = [h for h in in_order if _APPOSED.match(self.text, h.end)]
                # who spoke, the apposed and the named of the sentence's opening phrase ("As
                # for Carson's gaffe, …", "When Maddow pointed out …, Clinton …") come last
                subject = self._past_opening(start, end)
                said = [h for h in said if fits(h)]
                in_order = [h for h in in_order if not self._object(h)]
                named = [
                    *(h for h in said if h.start >= subject),
                    *apposed[:1],
                    *(h for h in in_order if h.start >= subject),
                    *(h for h in said if h.start < subject),
                    *(h for h in in_order if h.start < subject),
                ]
                if named:
                    return sp.of(named[0])
                end = start
        for hit in sp.persons_before(
            self.paras[max(k - WALK_PARAGRAPHS, 0)][0], max(0, at - LOOKBACK)
        ):
            if fits(hit):
                return sp.of(hit)
        return None

    def _named_subject(self, in_order: list[NameHit], pronoun: int, start: int, end: int) -> bool:
        """Whether the pronoun at ``pronoun`` stands in the opening phrase of the sentence
        ``[start, end)``, before its subject, and a name of ``in_order`` is that subject ("In
        his statement Saturday, Sanders did go further", "Repeating his speech, Biden
        rubbished …": the pronoun is the subject's own)."""
        if not in_order:
            return False
        subject = self._past_opening(start, end)
        if pronoun >= subject:
            return False
        lead = WORD.search(self.text, subject)
        return lead is not None and any(h.start == lead.start() for h in in_order)

    def _object(self, hit: NameHit) -> bool:
        """Whether a name stands after a preposition or "told"/"asked" ("with Bloomberg
        Politics", "told the Washington Informer"): an object, which a pronoun of the next
        sentences seldom stands for."""
        before = _WORD_BEFORE.search(self.text, max(0, hit.start - 25), hit.start)
        return before is not None and before.group(1).lower() in _OBJECT_BEFORE

    def _same_pronoun(self, gender: str, start: int, end: int) -> int | None:
        """Where a pronoun of ``gender`` ("he", "his", "him"…) first stands in ``[start,
        end)`` outside quotes, or None."""
        for match in WORD.finditer(self.text, start, end):
            if PRONOUN_GENDER.get(match.group().lower()) == gender and not self.quoted.contains(
                match.start()
            ):
                return match.start()
        return None

    def _resolve_it(self, at: int) -> Speaker | None:
        """What "it" stands for when it speaks ("It said …"): the organisation or outlet
        named last before it, in its paragraph or the one before ("The Daily Courier ran the
        story. It added …"); else nothing (a document, "the email", is no one to propose)."""
        floor = self.paras[max(self._paragraph_of(at) - 1, 0)][0]
        sp = self.speakers
        organisations = [h for h in sp.names_in(floor, at) if h.label not in sp.person_labels]
        return sp.of(organisations[-1]) if organisations else None

    def _speakers_before(self, pos: int, floor: int) -> list[NameHit]:
        """Who spoke (named next to a speech verb outside quotes) in ``[floor, pos)``, nearest
        first. Found paragraph by paragraph, only where asked."""
        found = []
        k = self._paragraph_of(pos)
        while k >= 0 and self.paras[k][1] > floor:
            found += [h for h in reversed(self._said_in(k)) if floor <= h.start and h.end <= pos]
            k -= 1
        return found

    def _said_in(self, k: int) -> list[NameHit]:
        """Those named next to a speech verb in paragraph ``k`` ("Reid said", "said Reid")."""
        if k in self._said:
            return self._said[k]
        text = self.text
        sp = self.speakers
        para_start, para_end = self.paras[k]
        found = []
        for cue in cues(text, para_start, para_end):
            if cue.inverted_only or self.quoted.overlaps(cue.start, cue.end):
                continue
            names = sp.names_in(max(para_start, cue.start - 60), cue.start)
            if names and ADVERB_GAP.fullmatch(text, names[-1].end, cue.start):  # "Reid also said"
                found.append(names[-1])
                continue
            if text[para_start : cue.start].rstrip().endswith((",", "who")):
                aside = self._before_aside(para_start, cue.start)
                if aside is not None:  # "Levine, who has given money to Rubio, said"
                    found.append(aside)
                    continue
            verb = text[cue.start : cue.verb_end].lower()
            after = sp.names_in(cue.end, min(para_end, cue.end + 60)) if verb in SAID else []
            if after and not WORD.search(text, cue.end, after[0].start):  # "said Reid"
                found.append(after[0])
        found.sort(key=lambda h: h.start)
        self._said[k] = found
        return found

    def _before_aside(self, floor: int, cue_start: int) -> NameHit | None:
        """The name an apposition or a relative clause follows, right before a speech verb
        ("Levine, who has given money to Marco Rubio, said", "Sen. Dianne Feinstein of
        California, the ranking Democrat, who said"), or None."""
        for hit in reversed(self.speakers.names_in(max(floor, cue_start - 200), cue_start)):
            if not self.speakers.place(hit) and _ASIDE_TO_VERB.fullmatch(
                self.text, hit.end, cue_start
            ):
                return hit
        return None

    def _last_speaker(self, pos: int, paragraph: int) -> Speaker | None:
        """Who spoke last in this paragraph or the one before: the speaker of the quote before
        or someone named next to a speech verb since (a quote with no attribution continues
        them)."""
        floor = self.paras[max(paragraph - 1, 0)][0]
        said = self._speakers_before(pos, floor)
        previous = self._previous
        if (
            previous is not None
            and previous[0] >= floor
            and (not said or said[0].start < previous[0])
        ):
            return previous[1]
        return self.speakers.of(said[0]) if said else None
