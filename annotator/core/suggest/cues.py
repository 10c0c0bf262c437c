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
from dataclasses import dataclass


def _spaced(words: str) -> list[str]:
    return words.split()


_VERBS = _spaced("""
said says saying told tells telling wrote writes writing added adds adding claimed claiming
insisted insists insisting warned warns stated declared declares announced announces
continued explained explains asked replied replies answered responded responds noted noting
argued argues arguing admitted admits acknowledged acknowledges suggested promised promises
vowed vows urged urges called accused accuses accusing denied denies described describes
tweeted posted commented remarked recalled recalls confirmed confirms stressed stresses
emphasised emphasized complained complains predicted boasted joked quipped exclaimed shouted
observed conceded concedes maintained countered retorted pledged threatened threatens
reiterated lamented cautioned mused wondered testified reported reports interjected
pressed
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


def _alternation(phrases: list[str]) -> str:
    parts = sorted(phrases, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in parts)


_CUE = re.compile(
    r"(?<![\w-])(?:(?P<verb>" + _alternation(_VERBS + _PHRASES) + r")|(?P<inverted>"
    r"" + _alternation(_INVERTED_ONLY) + r"))(?![\w-])",
    re.IGNORECASE,
)
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
    """Every cue phrase inside ``text[start:end]``, in order."""
    end = len(text) if end is None else end
    found = []
    for match in _CUE.finditer(text, start, end):
        s, e = match.span()
        verb_end = e
        if match.group("verb") and match.group("verb").lower() in _TELL:
            e = _tell_object_end(text, e, end)
        found.append(Cue(s, e, verb_end, inverted_only=match.group("inverted") is not None))
    return found


def _tell_object_end(text: str, pos: int, limit: int) -> int:
    """After "told": up to four words of whom it was told, stopping at "that", a preposition,
    punctuation or a quotation mark."""
    end = pos
    for _ in range(4):
        match = _OBJECT_WORD.match(text, end, limit)
        if match is None or match.group(1).lower() in _OBJECT_STOP:
            break
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
