"""Speech verbs: where a cue ("said", "told Russian media", "according to") stands in a text.

``cues(text, start, end)`` lists the cue phrases in ``text[start:end]`` as ``Cue(verb_start,
end, inverted_only)``. The cue is the verb phrase as the example project annotates it: the verb
alone ("said", "continued", "accused"), with its particle ("called for", "according to",
"pointed out"), and for *tell* with whom it was told ("told Russian media", "told reporters").
"read" ("…,” read a banner) counts only right after a closing quotation mark.
A few verbs of French, German, Spanish, Italian and Portuguese reporting are known as well.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from annotator.core.suggest.names import trie_pattern


def _spaced(words: str) -> list[str]:
    return words.split()


_VERBS = _spaced("""
said says say saying told tells telling wrote writes writing added adds adding claimed claiming
insisted insists insisting warned warns stated declared declares announced announces
continued explained explains asked replied replies answered responded responds noted notes
noting
argued argues arguing admitted admits acknowledged acknowledges suggested promised promises
vowed vows urged urges called calling calls accused accuses accusing denied denies described
describes
tweeted posted commented remarked recalled recalls confirmed confirms stressed stresses
emphasised emphasized complained complains predicted boasted joked quipped exclaimed shouted
observed conceded concedes maintained countered retorted pledged threatened threatens
reiterated lamented cautioned argue claim insist suggest warn explain acknowledge contend
assert asserted alleged mused wondered testified reported reports interjected
pressed remembered agreed agrees sniped scoffed fumed mocked chanted chanting yelled screamed
whispered concluded concludes beamed repeated demanded write
sagte sagt erklärte betonte dijo afirmó declaró disse
""")
_PHRASES = [
    "according to",
    "called for",
    "calls for",
    "calling for",
    "pointed out",
    "points out",
    "went on",
    "goes on",
    "quoted as saying",
    "shot back",
    "fired back",
    "a déclaré",
    "a dit",
    "a affirmé",
    "a ajouté",
    "ha detto",
]
_INVERTED_ONLY = ["read", "reads"]
_TELL = {"told", "tells", "telling"}
# words that end the object of "told" ("told Russian media that ...", "told reporters on ...")
_OBJECT_STOP = set(
    _spaced(
        "that on in at during after before when while about of as if how what why whether "
        "and but he she they it we i you his her their by from with"
    )
)


_INVERTED_VERBS = frozenset(_INVERTED_ONLY)
# one trie-shaped pattern of every cue (case aside), longest first at a place: matching costs
# the length of a word, not the number of cues; a cue stands as whole words (not in "so-called")
_CUE = re.compile(
    r"(?<![\w-])(?:"
    + trie_pattern(sorted({w.lower() for w in _VERBS + _PHRASES + _INVERTED_ONLY})).replace(
        r"\ ", r"\s+"
    )
    + r")(?![\w-])",
    re.IGNORECASE,
)
_DETERMINERS = frozenset(("the", "a", "an", "this", "these", "those", "some", "no"))
_OBJECT_WORD = re.compile(r"[ \t]+([^\W_][\w’'.&-]*)")


@dataclass(frozen=True)
class Cue:
    start: int
    end: int  # the end of the whole phrase ("told Russian media")
    verb_end: int  # the end of the verb itself ("told")
    inverted_only: bool = False

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


def cues(text: str, start: int = 0, end: int | None = None) -> list[Cue]:
    """Every cue phrase inside ``text[start:end]``, in order. The text's words are looked up
    once (the last text's cues are kept), so asking about many stretches of one text costs
    one pass over it."""
    end = len(text) if end is None else end
    starts, found = _all_cues(text)
    out = []
    k = bisect_left(starts, start)
    while k < len(found) and found[k][0] < end:
        s, e, inverted, tell = found[k]
        k += 1
        if e > end:
            continue
        out.append(Cue(s, _tell_object_end(text, e, end) if tell else e, e, inverted))
    return out


_last: tuple[str, list[int], list[tuple[int, int, bool, bool]]] | None = None


def _all_cues(text: str) -> tuple[list[int], list[tuple[int, int, bool, bool]]]:
    """(start, verb end, inverted only, a form of "tell") of every cue of ``text``."""
    global _last
    if _last is not None and _last[0] is text:
        return _last[1], _last[2]
    found = []
    for match in _CUE.finditer(text):
        word = match.group().lower()
        found.append((match.start(), match.end(), word in _INVERTED_VERBS, word in _TELL))
    starts = [f[0] for f in found]
    _last = (text, starts, found)
    return starts, found


def _tell_object_end(text: str, pos: int, limit: int) -> int:
    """After "told": up to four words of whom it was told, stopping at "that", a preposition,
    punctuation, a quotation mark, or a determiner after the first word ("told the BBC",
    "told reporters the plan …")."""
    end = pos
    for k in range(4):
        match = _OBJECT_WORD.match(text, end, limit)
        if match is None or match.group(1).lower() in _OBJECT_STOP:
            break
        if k and (match.group(1).lower() in _DETERMINERS or text[end] in ".’'"):
            break  # "told reporters the campaign was over": a new clause starts
        word_end = match.end()
        while text[word_end - 1] in ".’'":  # "reporters." -> "reporters"
            word_end -= 1
        end = word_end
        if word_end != match.end():
            break
    return end


def has_cue(text: str, start: int, end: int) -> bool:
    """Whether a (non-inverted) speech verb stands in ``text[start:end]``."""
    return any(not cue.inverted_only for cue in cues(text, start, end))
