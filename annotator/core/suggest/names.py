"""Names in a text: the registry's known strings (one compiled pattern) and guessed person names.

``KnownNames(entities, mention_texts)`` holds every string linked to a registry entity (its
name, its aliases, the texts of its linked mentions anywhere in the project), compiled once
into one trie-shaped regular expression, so finding all of them in a document is one linear
scan whatever their number. ``hits(text)`` gives whole-word, non-overlapping occurrences,
leftmost first and, at one place, the longest. Build it once per project (or per refresh) and
reuse it for every document.

``guess_names(text, start, end)`` finds PERSON-like capitalised names when nothing is known:
titles are dropped ("Hungarian Prime Minister Viktor Orbán" -> "Viktor Orbán"), organisations
and places are not names ("European Commission", "Oval Office").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple, Protocol

from annotator.core.links import Entity
from annotator.core.model import Layer
from annotator.core.snapping import is_word_char

MAX_NAME_LENGTH = 200  # longer registry strings are not searched for


def words(spaced: str) -> frozenset[str]:
    """A set of words written as one spaced string (word lists read better that way)."""
    return frozenset(spaced.split())


class SpanLike(Protocol):
    """What the finders read of an existing span (``core.model.Span`` is one)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def layer(self) -> Layer: ...
    @property
    def entity_id(self) -> str | None: ...


class NameHit(NamedTuple):
    """A name at ``[start, end)``: an existing mention, a registry string, or a guess (a
    named tuple: made by the ten thousand in a long text, it is built fast)."""

    start: int
    end: int
    text: str
    label: str
    entity_id: str | None = None
    strong: bool = True  # a guess of one bare word ("Lavrov") is weak; everything else strong


class Intervals:
    """A set of ``[start, end)`` intervals, merged, asked "does this overlap?" by bisection."""

    def __init__(self, intervals: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for s, e in sorted(i for i in intervals if i[0] < i[1]):
            if merged and s < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` shares a position with an interval."""
        i = bisect_left(self._starts, end) - 1
        return i >= 0 and self._ends[i] > start

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        """The intervals' parts inside ``[start, end)``, in order."""
        i = max(bisect_right(self._starts, start) - 1, 0)
        found = []
        while i < len(self._starts) and self._starts[i] < end:
            s, e = max(self._starts[i], start), min(self._ends[i], end)
            if s < e:
                found.append((s, e))
            i += 1
        return found

    def contains(self, pos: int) -> bool:
        """Whether ``pos`` is strictly inside one interval (not at its first position)."""
        i = bisect_right(self._starts, pos) - 1
        return i >= 0 and self._starts[i] < pos < self._ends[i]


class _Trie(dict[str, "_Trie"]):
    terminal = False


def trie_pattern(words: Iterable[str]) -> str:
    """One regular expression matching any of ``words``, longest first at a place, shaped as
    a trie so that matching costs the length of a name, not the number of names."""
    trie = _Trie()
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, _Trie())
        node.terminal = True

    def build(node: _Trie) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items())]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if node.terminal else body

    return build(trie)


# Whole words: not glued to a letter or digit on a side where the name has one.
_AFTER = r"(?:(?![^\W_])|(?<=[\W_]))"
_GLUED_BEFORE = re.compile(r"[^\W_][^\W_]")  # a name's first character glued to a letter


class KnownNames:
    """Every string linked to a registry entity, compiled for fast whole-word search.

    ``mention_texts`` are ``(entity_id, text)`` pairs of the project's linked mentions. A
    string linked to several entities goes to the one whose name it is, else whose alias it
    is, else the one with the most mentions of it (then the smallest id).
    """

    def __init__(
        self, entities: Iterable[Entity], mention_texts: Iterable[tuple[str, str]] = ()
    ) -> None:
        self._entities = {e.id: e for e in entities}
        ranks: dict[str, tuple[int, int, str]] = {}
        counts = Counter((eid, t) for eid, t in mention_texts if eid in self._entities)
        candidates: list[tuple[str, int, str]] = []
        for entity in self._entities.values():
            candidates.append((entity.name, 0, entity.id))
            candidates.extend((alias, 1, entity.id) for alias in entity.aliases)
        candidates.extend((t, 2, eid) for eid, t in counts)
        self._owner: dict[str, str] = {}
        for surface, kind, eid in candidates:
            surface = surface.strip()
            if len(surface) < 2 or len(surface) > MAX_NAME_LENGTH:
                continue
            if not any(is_word_char(ch) for ch in surface):
                continue
            rank = (kind, -counts[(eid, surface)], eid)
            if surface not in ranks or rank < ranks[surface]:
                ranks[surface] = rank
                self._owner[surface] = eid
        body = trie_pattern(self._owner)
        # the word boundary before a name is checked apart: a pattern opening with a
        # lookbehind is tried at every position, one opening with the names' first letters
        # lets the regular expression engine skip to them (five times faster)
        self._pattern = re.compile("(?:" + body + ")" + _AFTER) if body else None
        self._last: tuple[str, tuple[NameHit, ...]] | None = None

    def __len__(self) -> int:
        return len(self._owner)

    @property
    def entities(self) -> dict[str, Entity]:
        return self._entities

    def lookup(self, surface: str) -> str | None:
        """The entity id linked to exactly this string, if any."""
        return self._owner.get(surface.strip())

    def hits(self, text: str) -> list[NameHit]:
        """Every known string standing as whole words in ``text``, without overlaps. The last
        text's result is kept, so the finders of one ``suggest`` call scan it once."""
        if self._pattern is None:
            return []
        last = self._last
        if last is not None and last[0] is text:
            return list(last[1])
        found = []
        search = self._pattern.search
        match = search(text)
        while match is not None:
            s, e = match.span()
            if s > 0 and _GLUED_BEFORE.match(text, s - 1):
                match = search(text, s + 1)  # inside a word: look again one further on
                continue
            match = search(text, e)
            if (s > 0 and is_word_char(text[s - 1]) and is_word_char(text[s])) or (
                e < len(text) and is_word_char(text[e]) and is_word_char(text[e - 1])
            ):
                continue  # a combining mark glued to it
            eid = self._owner[text[s:e]]
            found.append(NameHit(s, e, text[s:e], self._entities[eid].type, eid))
        self._last = (text, tuple(found))
        return found


# ---- guessing person names from capitalisation ---------------------------------------------

_UPPER = "".join(
    chr(c)
    for lo, hi in ((0x41, 0x5B), (0xC0, 0x250), (0x370, 0x530), (0x1E00, 0x1F00))
    for c in range(lo, hi)
    if chr(c).isupper()
)
_TOKEN = rf"[{_UPPER}][^\W\d_]*(?:[’'\-][^\W\d_]+)*"
_PARTICLE = r"(?:von|van|der|den|de|del|della|di|da|du|le|la|bin|ibn|al|el|dos|das|ter|ten)"
_UNIT = rf"(?:[{_UPPER}]\.(?:[{_UPPER}]\.)*[ \t]+)*{_TOKEN}"  # initials first: "J.M. Berger"
_SEQUENCE = re.compile(rf"(?<![\w’'\-.]){_UNIT}(?:[ \t]+(?:{_PARTICLE}[ \t]+)*{_UNIT})*(?![\w\-])")
_TOKEN_RE = re.compile(_TOKEN)
_PARTY_STATE = re.compile(r"[A-Z]-[A-Z]")
_TITLE_BEFORE = re.compile(r"(?<![\w.])(?:Mr|Mrs|Ms|Dr)\.?[ \t]+$")  # "Ms. Warren" is a person

TITLES = words(
    """president prime minister pm chancellor mayor governor gov senator sen rep secretary general
    gen colonel col captain capt lieutenant sergeant commander admiral judge justice king queen
    prince princess pope bishop archbishop father rabbi imam sheikh dr mr mrs ms miss sir dame
    lord lady professor prof ambassador spokesman spokeswoman spokesperson chief director
    chairman chairwoman chair ceo deputy vice foreign defence defense commissioner envoy
    bundeskanzler kanzler präsident président ministre presidente ministro premier speaker
    leader"""
)
STOP = words(
    """the a an but and or so yet in on at by for from to with of as if when while after
    before since although though because he she it they we i you his her their our my its this
    that these those there here then now also speaking meanwhile however according instead still
    later earlier early late back asked today yesterday tonight indeed perhaps maybe even only just
    like unlike regarding including despite amid among
    le la les
    der die das el il los las un une ein eine"""
)
_CALENDAR = words(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december"""
)
ORG_WORDS = words(
    """commission ministry council university office party union bank agency court parliament
    government house palace press times post news media independent catholic church company
    corporation inc ltd group institute foundation fund organization organisation association
    department army forces police committee senate congress assembly embassy airport station
    square street avenue road river sea ocean mountains island islands city state states
    republic kingdom federation nations hub centre center school college hospital summit
    conference treaty war kremlin pentagon"""
)

_NOT_A_PERSON = words(
    """republican democratic democrat conservative liberal independent american"""
)  # party and nation adjectives: "Republican" alone is no one's name ("Republicans" speak)
# places that news names most, and the peoples of them: they may speak ("China said"), but a
# "he" or "she" never stands for them (names that are also first names or surnames, such as
# Washington, Jordan or Georgia, are left out)
PLACES = words(
    """alabama alaska arizona arkansas california colorado connecticut delaware florida
    hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts
    michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon
    pennsylvania tennessee texas utah vermont virginia wisconsin wyoming america europe asia
    africa china japan russia india iran iraq syria israel mexico canada cuba germany france
    britain england scotland ireland italy spain ukraine poland turkey egypt libya afghanistan
    pakistan yemen lebanon brazil venezuela korea vietnam greece sweden norway switzerland
    austria belgium australia benghazi beijing moscow london paris brussels baghdad tehran
    chicago boston philadelphia manhattan brooklyn cleveland detroit miami atlanta houston
    dallas denver orlando seattle"""
) | frozenset(
    (
        "new hampshire",
        "new jersey",
        "new mexico",
        "new york",
        "north carolina",
        "south carolina",
        "north dakota",
        "south dakota",
        "rhode island",
        "west virginia",
        "puerto rico",
        "saudi arabia",
        "new zealand",
        "north korea",
        "south korea",
        "united states",
        "united kingdom",
        "los angeles",
        "san francisco",
        "san diego",
        "san bernardino",
        "las vegas",
        "new orleans",
        "des moines",
        "silicon valley",
        "wall street",
        "capitol hill",
        "middle east",
        "latin america",
        "central america",
        "south america",
        "north america",
    )
)
PEOPLES = words(
    """americans european europeans chinese japanese russian russians indian indians iranian
    iranians iraqi iraqis syrian syrians israeli israelis mexican mexicans canadian canadians
    cuban cubans german germans french british english irish italian italians spanish
    ukrainian ukrainians polish turkish egyptian egyptians afghan afghans pakistani pakistanis
    saudi saudis palestinian palestinians korean koreans african africans asian asians muslim
    muslims christian christians jewish catholics evangelical evangelicals hispanic hispanics
    latino latinos southern northern western eastern republicans democrats conservatives
    liberals independents"""
)
_QUESTION_WORDS = words(
    """what who whom whose which where why how whatever whoever each every ever unless whether
    some many most all both few several such another other others any none nothing nobody
    everyone everybody someone somebody anyone"""
)  # question and quantity words: a sentence may start with one, no name does
_NOT_ONE_NAME = TITLES | STOP | _CALENDAR | ORG_WORDS | _NOT_A_PERSON | _QUESTION_WORDS
_ASIDE = re.compile(r"[ \t]*,|[ \t]+(?:the|a|an|his|her|their|its|one|that|this)[ \t]")


def _sentence_adverb(text: str, word: str, end: int) -> bool:
    """A capitalised adverb or participle opening a sentence, not a name: "Specifically, …",
    "Reprising one of her lines, …", "Continuing to explain …", "Shortly after …", "Based on
    …", "Boasting 108,000 residents …"; only at a sentence's start."""
    low = word.lower()
    if not low.endswith(("ing", "ly", "ed")):
        return False
    start = end - len(word)
    if _SENTENCE_START.search(text, max(0, start - 3), start) is None:
        return False  # "…,” says Suckling, who …", "said Kelly, the host": names
    return (
        (low.endswith("ly") and text.startswith(",", end))
        or (low.endswith("ing") and _ASIDE.match(text, end) is not None)
        or _OPENING_NEXT.match(text, end) is not None
    )


_OPENING_NEXT = re.compile(
    r"[ \t]+(?:\d|(?:to|at|in|on|upon|after|before|by|from|into|with|about|of|for|over|under|"
    r"through|during|against|mounting|broadly)[ \t])"
)  # what follows an opening participle or adverb, never a name: "Facing mounting criticism"
_SENTENCE_START = re.compile(r"(?:^|[.!?:\n][\"”’')]?[ \t\xa0]*|\n[ \t\xa0]*)$")


def _possessive(token: str) -> bool:
    return token.endswith(("’s", "'s")) and len(token) > 2


def _name_from(text: str, start: int, end: int) -> NameHit | None:
    """The person name in one capitalised sequence, or None (a title, a place, a firm)."""
    tokens = [(m.start(), m.end()) for m in _TOKEN_RE.finditer(text, start, end)]
    for k, (s, e) in enumerate(tokens):  # "Keir Starmer’s London summit" -> "Keir Starmer"
        if _possessive(text[s:e]):
            tokens = tokens[:k] + [(s, e - 2)]
            break
    titled = False
    kept: list[tuple[int, int]] = []
    for s, e in tokens:
        word = text[s:e]
        low = word.lower()
        if low in TITLES:
            kept, titled = [], True
        elif low in _CALENDAR or (len(word) > 1 and word.isupper()):
            if kept:
                break  # a name ends before a month or an acronym
            titled = False
        elif (low in STOP or low in _QUESTION_WORDS) and (kept or not titled):
            if any(e2 - s2 > 1 for s2, e2 in kept):
                break  # "Plan B. The …": a name ends before "The"
            kept = []  # "the U.S. While Clinton …": initials alone are no name
        elif low in ORG_WORDS:
            kept, titled = [], False  # "Secretary of State John F. Kerry" -> "John F. Kerry"
        else:
            kept.append((s, e))
    if not kept:
        return None
    s, e = kept[0][0], kept[-1][1]
    return NameHit(s, e, text[s:e], "PERSON", None, strong=len(kept) >= 2 or titled)


_last_sequences: tuple[str, list[tuple[int, int]]] | None = None


def _sequences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The capitalised sequences of ``text[start:end]``; those of a whole text are kept for
    the next call on it (person names and organisations both read them)."""
    global _last_sequences
    if start or end != len(text):
        return [m.span() for m in _SEQUENCE.finditer(text, start, end)]
    if _last_sequences is None or _last_sequences[0] is not text:
        _last_sequences = (text, [m.span() for m in _SEQUENCE.finditer(text)])
    return _last_sequences[1]


def guess_names(text: str, start: int = 0, end: int | None = None) -> list[NameHit]:
    """PERSON-like names in ``text[start:end]`` (see the module docstring), in order."""
    end = len(text) if end is None else end
    found = []
    for m_start, m_end in _sequences(text, start, end):
        word = text[m_start:m_end]
        if " " not in word and "\t" not in word:  # one word, most of them: the fast path
            if _possessive(word):
                word = word[:-2]
            low = word.lower()
            if low in _NOT_ONE_NAME or word.isupper() or _PARTY_STATE.match(word):
                continue  # a word, an acronym, an initial ("U.S."), "(D-N.Y.)", "(R-Wisc.)"
            if _sentence_adverb(text, word, m_start + len(word)):
                continue
            titled = _TITLE_BEFORE.search(text, max(0, m_start - 6), m_start)
            found.append(NameHit(m_start, m_start + len(word), word, "PERSON", None, bool(titled)))
            continue
        hit = _name_from(text, m_start, m_end)
        if hit is not None:
            found.append(hit)
    return found


# ---- guessing organisations and outlets --------------------------------------------------

SPEAKING_ORGS = words(
    """commission ministry council university office party union bank agency court parliament
    government house press times post news media journal tribune herald globe magazine daily
    wire network channel radio television review institute foundation fund organization
    organisation association department committee senate congress embassy campaign company
    corporation group center centre coalition caucus administration board bureau service
    services pac poll survey"""
)
_ORG_TAIL = re.compile(
    r"[ \t]+(campaign|administration|committee|team|staff|camp)(?![\w-])"
)  # "the Clinton campaign", "the Obama administration"
_ACRONYM = re.compile(r"[A-Z]{2,6}")


def guess_organisations(text: str, start: int = 0, end: int | None = None) -> list[NameHit]:
    """Organisations and outlets that may speak in ``text[start:end]``: a capitalised sequence
    ending with an institution's or an outlet's word ("The New York Post", "State Department"),
    a name followed by "campaign" or "administration" ("the Clinton campaign"), or a lone
    acronym in mixed-case text ("CNN", "FBI"); label ORGANIZATION, in order."""
    end = len(text) if end is None else end
    found = []
    for m_start, m_end in _sequences(text, start, end):
        word = text[m_start:m_end]
        if " " not in word and "\t" not in word and "." not in word:  # one word: the fast path
            s, e = m_start, m_end
            if _possessive(word):
                word, e = word[:-2], e - 2
            if word.lower() in STOP:
                continue
            tail = _ORG_TAIL.match(text, e, end) if e == m_end else None
            if tail is not None:
                found.append(NameHit(s, tail.end(), text[s : tail.end()], "ORGANIZATION"))
            elif _ACRONYM.fullmatch(word) and _mixed_case(text, s, e):
                found.append(NameHit(s, e, word, "ORGANIZATION"))
            continue
        tokens = [(m.start(), m.end()) for m in _TOKEN_RE.finditer(text, m_start, m_end)]
        for k, (s, e) in enumerate(tokens):
            if _possessive(text[s:e]):
                tokens = tokens[:k] + [(s, e - 2)]
                break
        while tokens and text[tokens[0][0] : tokens[0][1]].lower() in STOP:
            tokens = tokens[1:]
        if not tokens:
            continue
        s, e = tokens[0][0], tokens[-1][1]
        last = text[tokens[-1][0] : e]
        tail = _ORG_TAIL.match(text, e, end)
        if tail is not None and e == m_end:
            found.append(NameHit(s, tail.end(), text[s : tail.end()], "ORGANIZATION"))
        elif last.lower() in SPEAKING_ORGS and len(tokens) > 1:
            found.append(NameHit(s, e, text[s:e], "ORGANIZATION"))
        elif len(tokens) == 1 and _ACRONYM.fullmatch(last) and _mixed_case(text, s, e):
            found.append(NameHit(s, e, last, "ORGANIZATION"))
    return found


def _mixed_case(text: str, start: int, end: int) -> bool:
    """Whether the words around ``[start, end)`` are not all capitals (a headline in capitals
    is no acronym)."""
    around = text[max(0, start - 30) : start] + text[end : end + 30]
    return any(ch.islower() for ch in around)
