"""What stands before a speech verb and tells whose it is: clause breaks, lead words, -ing forms.

Text-only tests shared by the search for a quote's cue (``quote_cues``) and the choice of who
spoke it (``who_spoke``): where a clause breaks, a name with its apposition before a verb, a
conjunction or a preposition leading a verb of the sentence's subject, an -ing cue, a name
right after "said".
"""

from __future__ import annotations

import re

from annotator.core.suggest.cues import Cue
from annotator.core.suggest.names import words
from annotator.core.suggest.referents import SAID
from annotator.core.suggest.sentences import NEXT_WORD
from annotator.core.suggest.sentences import WORD as _WORD

CLAUSE_BREAK = re.compile(r"[,;:–—(]")
APPOSITION = re.compile(r"[\s,'’\"”]*(?:the\s+)?[A-Z](?:[^,.!?]|(?<=\s[A-Z])\.)*,")
_GERUND_LEAD = words("by after before while when without in also then again")
_CONJUNCTION_LEAD = words("but and yet so then also later again still only")


def conjunction_lead(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a conjunction and perhaps adverbs, nothing else: the
    verb after it is the sentence subject's ("She defended the group, but admitted “…”")."""
    found = _WORD.findall(text, start, end)
    return (
        bool(found)
        and found[0] in ("but", "and", "yet")
        and all(w.islower() and (w in _CONJUNCTION_LEAD or w.endswith("ly")) for w in found)
    )


def gerund_lead(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds only what may stand before an -ing cue whose subject
    is the sentence's: nothing, a preposition, an adverb ("by falsely claiming")."""
    return all(
        w.islower() and (w in _GERUND_LEAD or w.endswith("ly"))
        for w in _WORD.findall(text, start, end)
    )


def participle(text: str, cue: Cue) -> bool:
    """Whether the cue's verb is an -ing form ("saying", "adding", "telling")."""
    return text[cue.start : cue.verb_end].lower().endswith("ing")


def said_name(text: str, pre: str, cue: Cue) -> bool:
    """Whether ``pre``, the text before the cue, ends with a comma and a capitalised
    word follows the verb ("…, said David Wasserman")."""
    if not pre.rstrip().endswith(","):
        return False
    verb = text[cue.start : cue.verb_end].lower()
    after = NEXT_WORD.match(text, cue.end)
    return verb in SAID and after is not None and after.group(1).isupper()
