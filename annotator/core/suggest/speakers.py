"""Who may have spoken: names near a quote, nearest preceding person, unnamed speakers.

``Speakers`` indexes one document's candidate names once: its entity mentions (PERSON and
ORGANIZATION by default, with their entity ids), the registry's known strings where they stand
unlabelled, and PERSON-like guesses from capitalisation. Names inside quotations never speak.
Lookups bisect sorted lists, so a document with thousands of quotes stays linear.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from annotator.core.model import Layer
from annotator.core.suggest.cues import cues
from annotator.core.suggest.names import (
    PEOPLES,
    PLACES,
    SPEAKING_ORGS,
    TITLES,
    Intervals,
    KnownNames,
    NameHit,
    SpanLike,
    guess_names,
    guess_organisations,
    words,
)

LOOKBACK = 3000  # characters searched back for the nearest preceding person
GENDER_REACH = 250  # characters after a name searched for the pronoun that refers to it
_PRONOUN = re.compile(r"(?<![\w’'-])(he|him|his|she|her|hers)(?![\w’'-])", re.IGNORECASE)
_TITLE = re.compile(  # a title before a name: (male)|(female)
    r"(?:(Mr|Sir|Lord|King|Prince|Father)|(?:Mrs|Ms|Miss|Dame|Lady|Queen|Princess|Sister))\.?\s+"
)
_WORD_BEFORE_CUE = re.compile(  # "Obama said", "Cruz also said", "Cruz openly admitted"
    r"(?<![\w’'.-])([A-Z][\w’'-]*)\s+(?:(?:also|later|then|[a-z]+ly)\s+)?$"
)
_WORD_AFTER_CUE = re.compile(r"\s+([A-Z][\w’'-]*)(?![\w’'-]|\s+[A-Z])")
_AFTER_PLACE_WORD = re.compile(
    r"(?<![\w’'-])(?:in|across|throughout|near|outside|inside|into)\s+(?:the\s+)?"
    r"([A-Z][\w’'-]*(?:[ \t]+[A-Z][\w’'-]*)*)"
)
MALE, FEMALE = "m", "f"
PRONOUN_GENDER = {"he": MALE, "him": MALE, "his": MALE, "she": FEMALE, "her": FEMALE}
_INDEFINITE = re.compile(
    r"\s*((?:a|an|one|some|several|another|two|three|many)\s+[^\W\d_][\w’'\-]*"
    r"(?:\s+[^\W\d_][\w’'\-]*){0,3})",
    re.IGNORECASE,
)
_DEFINITE = re.compile(
    r"\s*((?:the|his|her|their|its)\s+[^\W\d_][\w’'\-]*(?:\s+[^\W\d_][\w’'\-]*){0,4})\s*$",
    re.IGNORECASE,
)
_PLACE_WORDS = words(
    """beach park county city town village street avenue road square island islands valley
    river lake mountain mountains hills bay coast harbor harbour airport station hall arena
    stadium center centre bridge"""
)
_PERSON_TITLES = TITLES - words("spokesman spokeswoman spokesperson")
_ADVERBS = words("later also then again previously once first still")
_TEXT_WORD = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*")
_SPEAKING_THINGS = (
    words(
        """statement report ad ads email letter memo study poll survey lawsuit suit website site
    post tweet editorial article paper book filing complaint indictment ruling document
    service campaign team group board staff panel network newspaper magazine outlet agency
    company firm"""
    )
    | SPEAKING_ORGS
)


def _may_speak(head: str) -> bool:
    """Whether a description with this head word may speak: a word for a person (lawyer,
    activist, politician, resident, consultant…), a group, an outlet or a document."""
    return head in _SPEAKING_THINGS or head.endswith(
        ("er", "or", "ist", "ian", "ant", "ent", "ee", "man", "woman", "person", "people")
    )


_PREPOSITIONS = words("to of for with by at in on from near outside inside")
_AUXILIARIES = words(
    "is was are were has had have will would can could may might must should does did says"
)
_NP_STOP = words(
    """for of from with by at in on outside inside who which that whose held carried familiar
    close said told wrote added and but near to"""
)


# a title as a description's head word ("the senator") and as written before a name ("Sen.")
_TITLE_FORMS = {
    "sen": "senator",
    "senator": "senator",
    "gov": "governor",
    "governor": "governor",
    "rep": "representative",
    "representative": "representative",
    "congressman": "representative",
    "congresswoman": "representative",
    "president": "president",
    "secretary": "secretary",
    "mayor": "mayor",
    "judge": "judge",
    "justice": "justice",
    "ambassador": "ambassador",
    "gen": "general",
    "general": "general",
    "minister": "minister",
    "chancellor": "chancellor",
    "chairman": "chairman",
    "chairwoman": "chairwoman",
    "director": "director",
    "attorney": "attorney",
    "pope": "pope",
}
_TITLE_BEFORE_NAME = re.compile(r"(?:(Vice|vice)[ \t]+)?([A-Za-z]+)\.?[ \t]+$")
_TITLE_AFTER_NAME = re.compile(  # "Jay Dale, the club's 78-year-old president,"
    r",[ \t]+(?:the|a|an|its|his|her)[ \t]+(?:[^,.;:!?\n]{0,40}?[ \t])?([A-Za-z]+)(?=[ \t]*[,.;])"
)

_APPOSITION_HEAD = re.compile(  # "Mark Cuban, the billionaire owner of the Mavericks," -> owner
    r",[ \t]+(?:the|a|an|its|his|her|[A-Z][\w’'.-]*[’']s)[ \t]+(?:[\w’'-]+[ \t]+){0,4}?"
    r"([a-z]+)(?=[ \t]*,|[ \t]+(?:of|for|at|in|with|on|from|to)[ \t])"
)


def _key(name: str) -> str:
    """A person's name as the text refers back to it: its last word."""
    parts = name.split()
    return parts[-1].lower() if parts else ""


def _within(hits: list[NameHit], starts: list[int], start: int, end: int) -> list[NameHit]:
    """The hits (sorted, with their starts) lying in ``[start, end)``."""
    lo = bisect_left(starts, start)
    hi = bisect_left(starts, end, lo)
    return [h for h in hits[lo:hi] if h.end <= end]


def _overlaps(hit: NameHit, others: list[NameHit]) -> bool:
    """Whether ``hit`` shares a position with one of a few ``others``."""
    return any(o.start < hit.end and hit.start < o.end for o in others)


@dataclass(frozen=True)
class Speaker:
    """A proposed speaker: an entity, or free text, and where it is named (if it is)."""

    entity_id: str | None
    text: str
    mention: tuple[int, int] | None


class Speakers:
    def __init__(
        self,
        text: str,
        mentions: Iterable[SpanLike],
        known: KnownNames | None,
        quoted: Intervals,
        speaker_labels: Collection[str],
        person_labels: Collection[str],
    ) -> None:
        self.text = text
        self.quoted = quoted
        self.known = known
        self.person_labels = person_labels
        hits = [
            NameHit(m.start, m.end, text[m.start : m.end], m.label, m.entity_id)
            for m in mentions
            if m.layer is Layer.ENTITY and m.label in speaker_labels
        ]
        taken = Intervals((h.start, h.end) for h in hits)
        if known is not None:
            hits += [
                h
                for h in known.hits(text)
                if h.label in speaker_labels and not taken.overlaps(h.start, h.end)
            ]
        self._hits = sorted(
            (h for h in hits if not quoted.overlaps(h.start, h.end)), key=lambda h: h.start
        )
        self._hit_starts = [h.start for h in self._hits]
        self._persons: list[NameHit] | None = None
        self._person_starts: list[int] = []
        self._words: frozenset[str] | None = None
        self._genders: dict[str, str] | None = None
        self._title_at: dict[int, str] = {}  # where a name starts after a title -> its gender
        self._families: frozenset[str] = frozenset()  # surnames of two or more full names
        self._places: frozenset[str] | None = None
        self._speaking: frozenset[str] | None = None
        self._titles: frozenset[str] = frozenset()
        self._guesses: list[NameHit] | None = None
        self._orgs: list[NameHit] | None = None
        self._org_starts: list[int] = []
        self._speaking_guesses: list[NameHit] | None = None
        self._speaking_starts: list[int] = []
        self._person_titles: dict[str, set[str]] | None = None
        self._heads: frozenset[str] = frozenset()

    # ---- names in a stretch of text ------------------------------------------------------

    def names_in(self, start: int, end: int) -> list[NameHit]:
        """Known names and guessed ones in ``[start, end)``, outside quotes, in order: known
        ones first, then organisations and outlets, then person-like names, each where no
        earlier kind stands. The guesses are made once for the whole text."""
        known = _within(self._hits, self._hit_starts, start, end)
        orgs = [g for g in _within(*self._org_guesses(), start, end) if not _overlaps(g, known)]
        taken = known + orgs
        guesses = [g for g in _within(*self._name_guesses(), start, end) if not _overlaps(g, taken)]
        found = known + orgs + guesses
        if orgs or guesses:
            found.sort(key=lambda h: h.start)
        return found

    def _org_guesses(self) -> tuple[list[NameHit], list[int]]:
        """The text's organisations and outlets outside quotes, found once."""
        if self._orgs is None:
            self._orgs = [
                g
                for g in guess_organisations(self.text)
                if not self.quoted.overlaps(g.start, g.end)
            ]
            self._org_starts = [g.start for g in self._orgs]
        return self._orgs, self._org_starts

    def _name_guesses(self) -> tuple[list[NameHit], list[int]]:
        """The guessed person names that may speak: outside quotes, and not a lone word the
        text also writes in lowercase; found once."""
        if self._speaking_guesses is None:
            self._speaking_guesses = [
                g
                for g in self._all_guesses()
                if not self.quoted.overlaps(g.start, g.end)
                and (g.strong or not self._common_word(g))
            ]
            self._speaking_starts = [g.start for g in self._speaking_guesses]
        return self._speaking_guesses, self._speaking_starts

    def _all_guesses(self) -> list[NameHit]:
        """The text's guessed person names, found once (names_in and the nearest person both
        ask for them)."""
        if self._guesses is None:
            self._guesses = guess_names(self.text)
        return self._guesses

    def _common_word(self, hit: NameHit) -> bool:
        """A one-word guess that also stands in lowercase in the text ("Volunteers" when
        "volunteers" appears) is an ordinary word at a sentence start, not a name."""
        if self._words is None:  # every word of the text as written, found once
            self._words = frozenset(_TEXT_WORD.findall(self.text))
        return hit.text.lower() in self._words

    # ---- the nearest preceding person ----------------------------------------------------

    def _person_list(self) -> list[NameHit]:
        if self._persons is None:
            # A person span of only spaces (labelled with snapping off) names no one.
            persons = [h for h in self._hits if h.label in self.person_labels and h.text.split()]
            taken = Intervals((h.start, h.end) for h in self._hits)
            guesses = [
                g
                for g in self._all_guesses()
                if not taken.overlaps(g.start, g.end) and not self.quoted.overlaps(g.start, g.end)
            ]
            surnames = {h.text.split()[-1] for h in persons} | {
                g.text.split()[-1] for g in guesses if g.strong
            }
            speaking = self._speaking_words()
            persons += [
                g
                for g in guesses
                if (g.strong or g.text in surnames or g.text in speaking)
                and " ".join(g.text.lower().split()) not in PLACES
            ]
            persons.sort(key=lambda h: h.start)
            self._persons = persons
            self._person_starts = [h.start for h in persons]
        return self._persons

    def _speaking_words(self) -> frozenset[str]:
        """Single capitalised words the text has speak, right before or after a speech verb
        ("Obama said", "said Obama"): persons, though never given a first name. Found once."""
        if self._speaking is None:
            self._speaking = self._find_speaking_words()
        return self._speaking

    def _find_speaking_words(self) -> frozenset[str]:
        text = self.text
        found = set()
        for cue in cues(text):
            if cue.inverted_only:
                continue
            before = _WORD_BEFORE_CUE.search(text, max(0, cue.start - 40), cue.start)
            if before is not None:
                found.add(before.group(1))
            after = _WORD_AFTER_CUE.match(text, cue.verb_end)
            if after is not None:
                found.add(after.group(1))
        return frozenset(found)

    def preceding_person(self, pos: int) -> NameHit | None:
        """The person named last before ``pos`` (outside quotes, at most LOOKBACK back)."""
        persons = self._person_list()
        i = bisect_left(self._person_starts, pos) - 1
        while i >= 0 and persons[i].start >= pos - LOOKBACK:
            if persons[i].end <= pos:
                return persons[i]
            i -= 1
        return None

    def persons_before(self, pos: int, floor: int) -> list[NameHit]:
        """The persons named in ``[floor, pos)`` outside quotes, nearest first."""
        persons = self._person_list()
        i = bisect_left(self._person_starts, pos) - 1
        found = []
        while i >= 0 and persons[i].start >= floor:
            if persons[i].end <= pos:
                found.append(persons[i])
            i -= 1
        return found

    # ---- gender, from the text's own titles and pronouns -----------------------------------

    def gender(self, hit: NameHit) -> str | None:
        """ "m" or "f" when the text says so of this name: a title right before this mention
        ("Mrs. Clinton"), else one before another of its mentions (Mr, Mrs, Ms…; not when the
        text gives the name both, "Mr. Clinton" and "Mrs. Clinton"), else the pronouns that
        first follow its mentions, before another person is named (most of them); None when
        the text does not tell. Learnt for the name as written, then for its last word
        ("Clinton" may be told apart from "Bill Clinton"), not for a full name whose surname
        the text gives two first names ("Ivanka Trump" beside "Donald Trump")."""
        if self._genders is None:
            self._genders = self._learn_genders()
        title = self._title_at.get(hit.start)
        if title is not None:  # "Mrs. Clinton" where the text also has a "Mr. Clinton"
            return title
        said = self._genders.get(hit.text)
        if said is not None or _key(hit.text) in self._families and " " in hit.text.strip():
            return said  # "Ivanka Trump" beside "Donald Trump": the surname tells neither
        return self._genders.get(_key(hit.text))

    def _learn_genders(self) -> dict[str, str]:
        """Genders by name as written and by last word (lowercase; see ``gender``)."""
        text = self.text
        # every person-like name, one bare word too ("Clinton said she …" tells of Clinton)
        taken = Intervals((h.start, h.end) for h in self._person_list())
        persons = sorted(
            [
                *self._person_list(),
                *(
                    g
                    for g in self._all_guesses()
                    if not taken.overlaps(g.start, g.end)
                    and not self.quoted.overlaps(g.start, g.end)
                    and not self._common_word(g)
                ),
            ],
            key=lambda h: h.start,
        )
        # titles and pronouns found in one pass each, then looked up by position
        title_ends = {
            m.end(): MALE if m.group(1) else FEMALE
            for m in _TITLE.finditer(text)
            if m.end() - m.start() <= 8
        }
        pronouns = [(m.start(), m.end(), m.group(1)) for m in _PRONOUN.finditer(text)]
        pronoun_starts = [p[0] for p in pronouns]
        titled: dict[str, set[str]] = {}
        votes: dict[str, list[int]] = {}
        firsts: dict[str, set[str]] = {}
        for hit in persons:
            forenames = [w for w in hit.text.split()[:-1] if not w.endswith(".")]
            if forenames and forenames[0].lower() not in TITLES:  # not "Sen. Rubio"
                firsts.setdefault(_key(hit.text), set()).add(forenames[0])
        self._families = frozenset(k for k, v in firsts.items() if len(v) > 1)
        for k, hit in enumerate(persons):
            keys = (hit.text, _key(hit.text))
            title = title_ends.get(hit.start)
            if title is not None:
                self._title_at[hit.start] = title
                for key in keys:
                    titled.setdefault(key, set()).add(title)
            limit = min(len(text), hit.end + GENDER_REACH)
            if k + 1 < len(persons):
                limit = min(limit, persons[k + 1].start)
            i = bisect_left(pronoun_starts, hit.end)
            if i == len(pronouns) or pronouns[i][1] > limit:
                continue
            p_start, p_end, word = pronouns[i]
            if not self.quoted.overlaps(p_start, p_end):
                female = PRONOUN_GENDER.get(word.lower(), FEMALE) == FEMALE
                for key in keys:
                    votes.setdefault(key, [0, 0])[female] += 1
        genders = {key: MALE if m > f else FEMALE for key, (m, f) in votes.items() if m != f}
        for key, given in titled.items():  # a name given both (Mr and Mrs Clinton): neither
            if len(given) == 1:
                genders[key] = next(iter(given))
            else:
                genders.pop(key, None)
        self._titles = frozenset(titled)
        return genders

    def fits_gender(self, hit: NameHit, gender: str) -> bool:
        """Whether a pronoun of ``gender`` may stand for this name: not a place ("in New
        Hampshire"), and the text gives it that gender or none."""
        return not self.place(hit) and self.gender(hit) in (None, gender)

    def place(self, hit: NameHit) -> bool:
        """Whether the text writes this name after "in", "across", "near"…, as places are ("in New
        Hampshire"; not a word it has speak: "in the Sanders stump speech"), or it is a
        well-known place or people ("South Carolina", "Germans"), a place or an institution by its
        last word ("Ponte Vedra Beach", "Washington Post"), and never with a title (Mr, Mrs…)
        before it."""
        if self._places is None:
            self._places = frozenset(m.group(1) for m in _AFTER_PLACE_WORD.finditer(self.text))
        if self._genders is None:
            self._genders = self._learn_genders()
        if hit.text in self._titles:
            return False
        low = " ".join(hit.text.lower().split())
        last = low.rsplit(" ", 1)[-1]
        return (
            (hit.text in self._places and hit.text not in self._speaking_words())
            or low in PLACES
            or (low in PEOPLES and not self._surname_of_people(hit))
            or (" " in low and (last in _PLACE_WORDS or last in SPEAKING_ORGS))
        )

    def _surname_of_people(self, hit: NameHit) -> bool:
        """Whether a people's word in the singular ("Cuban", "German", "English") is a
        person's surname here: one the text has speak ("Cuban said", "said Cuban"), which a
        nationality adjective never does (the plural, "Cubans said", is the people)."""
        return not hit.text.endswith("s") and hit.text in self._speaking_words()

    # ---- descriptions with a title: "the senator" ----------------------------------------

    def description_title(self, start: int, end: int) -> str | None:
        """The title a definite description at the start of ``text[start:end]`` ends with
        ("the former president", "the Vermont senator" -> "president", "senator"), or None."""
        match = _DEFINITE.match(self.text, start, end)
        if match is None:
            return None
        found = match.group(1).split()
        if len(found) < 2 or found[0].lower() != "the":
            return None
        head = found[-1].lower().strip(",.")
        title = _TITLE_FORMS.get(head)
        if title is None and head in self._apposed_heads():
            return head  # "the investor", when the text wrote "Mark Cuban, the investor,"
        return "vice " + title if title and found[-2].lower() == "vice" else title

    def _apposed_heads(self) -> frozenset[str]:
        """The head words of the descriptions the text puts in apposition after a person's
        name ("Mark Cuban, the billionaire owner of the Mavericks," -> "owner")."""
        if self._person_titles is None:
            self._person_titles = self._learn_titles()
        return self._heads

    def titled(self, title: str, pos: int) -> NameHit | None:
        """The person named last before ``pos`` (at most LOOKBACK back) whom the text gives
        ``title`` anywhere: before one of the name's mentions ("Sen. Ada Marsh", "former
        President Bill Clinton") or in an apposition after it ("Jay Dale, the club's
        president,")."""
        if self._person_titles is None:
            self._person_titles = self._learn_titles()
        for hit in self.persons_before(pos, max(0, pos - LOOKBACK)):
            if title in self._person_titles.get(_key(hit.text), ()):
                return hit
        return None

    def _learn_titles(self) -> dict[str, set[str]]:
        """Last word of a person's name -> the titles the text gives it, and the head words
        of its appositions ("the investor")."""
        text = self.text
        found: dict[str, set[str]] = {}
        heads: set[str] = set()
        for hit in self._person_list():
            before = _TITLE_BEFORE_NAME.search(text, max(0, hit.start - 16), hit.start)
            after = _TITLE_AFTER_NAME.match(text, hit.end, min(len(text), hit.end + 80))
            titles = []
            if before is not None:  # "Vice President Joe Biden" is no president
                title = _TITLE_FORMS.get(before.group(2).lower())
                titles.append("vice " + title if title and before.group(1) else title)
            if after is not None:
                titles.append(_TITLE_FORMS.get(after.group(1).lower()))
            apposed = _APPOSITION_HEAD.match(text, hit.end, min(len(text), hit.end + 100))
            if apposed is not None and apposed.group(1) not in _TITLE_FORMS:
                titles.append(apposed.group(1))
                heads.add(apposed.group(1))
            for title in titles:
                if title is not None:
                    found.setdefault(_key(hit.text), set()).add(title)
        self._heads = frozenset(heads)
        return found

    # ---- turning a name into a speaker ---------------------------------------------------

    def of(self, hit: NameHit) -> Speaker:
        entity_id = hit.entity_id
        if entity_id is None and self.known is not None:
            entity_id = self.known.lookup(hit.text)
        return Speaker(entity_id, "" if entity_id else hit.text, (hit.start, hit.end))

    def unnamed(self, start: int, end: int) -> Speaker | None:
        """An indefinite speaker at the start of ``text[start:end]`` ("a senior official",
        "a banner"): free text, no entity. Definite ones ("the minister") are left to the
        nearest preceding person."""
        match = _INDEFINITE.match(self.text, start, end)
        if match is None:
            return None
        words = match.group(1).split()
        cut = next((k for k, w in enumerate(words) if k > 0 and w.lower() in _NP_STOP), None)
        return Speaker(None, " ".join(words[:cut]), None)

    def subject_description(self, start: int, end: int) -> Speaker | None:
        """A description opening a sentence at ``start`` ("The news service pointed to …", "The
        lawyer who ran …", "A federal lawsuit was filed"): "the", "a" or "an" and the lowercase
        words after it up to a verb-like word (one ending in -ed, an auxiliary, a speech verb)
        or a relative pronoun or preposition; free text, or None (a capitalised word: a name's
        place)."""
        found = _TEXT_WORD.findall(self.text, start, min(end, start + 80))
        if len(found) < 2 or found[0].lower() not in ("the", "a", "an"):
            return None
        kept = [found[0]]
        for word in found[1:5]:
            low = word.lower()
            if low in _NP_STOP or low in _AUXILIARIES or (len(kept) > 1 and low.endswith("ed")):
                if low in _PREPOSITIONS:
                    return None  # "The promise to “take our country back”": no one speaks
                break
            if not word.islower():
                return None
            kept.append(word)
        else:
            return None  # no verb-like word ends it: "The crowd cheers, and then …"
        if len(kept) < 2 or not _may_speak(kept[-1].lower()):
            return None  # "The question is …", "The scheduling was …": no one
        return Speaker(None, " ".join(kept), None)

    def described(self, start: int, end: int) -> Speaker | None:
        """A definite description at the start of ``text[start:end]`` that names no person by
        a title ("the official", "the agency", "the editorial board", "his spokesman"): free
        text. One ending in a title ("the president", "the UK PM") stands for a person named
        before, so None."""
        match = _DEFINITE.match(self.text, start, end)
        if match is None:
            return None
        words = match.group(1).split()
        cut = next((k for k, w in enumerate(words) if k > 1 and w.lower() in _NP_STOP), None)
        words = words[:cut]
        while len(words) > 2 and (words[-1] in _ADVERBS or words[-1].endswith("ly")):
            words = words[:-1]  # "the campaign later said"
        head = words[-1].lower().strip(",.")
        if head in _PERSON_TITLES or len(words) < 2 or any(w[0].isupper() for w in words[1:]):
            return None
        return Speaker(None, " ".join(words).strip(",."), None)
