"""Indirect speech: what someone said without quotation marks, with its cue and speaker.

    find_indirect(attributor) -> list[Indirect]

Three shapes of news language, in one sentence (outside quotation marks):
- "X said (on Monday) (that) CONTENT." / "X told reporters (that) CONTENT." / "X argued that
  CONTENT, adding …": the content runs from after the verb (and "that") to the sentence's end,
  or to ", adding"/", saying" (another attribution) or a dash;
- "CONTENT, X said (on Monday)." / "CONTENT, said X." / "CONTENT, according to X.": the content
  is the sentence up to the comma before the attribution;
- "According to X, CONTENT.": the content follows the comma after the source;
- "CONTENT, X said, CONTENT." ("The only problem, she said, is that …"): two segments.
Only verbs that introduce what was said (``REPORTING``; "said", "told", "according to",
"added", "wrote", "argued"…, not "called", "accused" or "urged", whose object is no statement).
Not proposed: a content of fewer than three words; without "that", one that does not start
like a clause's subject (a pronoun, a determiner, a name, a number: not said "in a
statement", said "happily"); after an inverted attribution ("“…,” said Eric Woolson, who
…" names the speaker); one mostly in quotation marks (a direct quote); a headline's sentence
in title case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from annotator.core.suggest.cues import Cue, cues
from annotator.core.suggest.marks import trim_content
from annotator.core.suggest.names import Intervals, words
from annotator.core.suggest.speakers import Speaker

MIN_WORDS = 3  # an indirect content has at least this many words
SUBJECT_WORDS = 8  # "CONTENT, X said": the attribution clause has at most this many words
PARENTHESIS_WORDS = 4  # "…, Ms. Bigbee said, …": the attribution's subject between commas
AFTER_WORDS = 6  # "CONTENT, X said on Monday in Iowa.": words after the verb

REPORTING = words(
    """said says say saying told tells telling added adds adding wrote writes writing argued
    argues arguing claimed claims claiming insisted insists insisting warned warns warning
    stated states declared declares announced announces explained explains noted notes noting
    suggested suggests acknowledged acknowledges admitted admits confirmed confirms predicted
    predicts reported reports testified maintained maintains conceded concedes replied
    responded contended contends asserted asserts alleged alleges recalled recalls stressed
    stresses complained complains promised promises vowed vows according argue claim insist
    suggest warn explain acknowledge acknowledged note predict contend assert allege"""
)
_NOT_CLAUSE = words(
    """in on at to for about with by during after before from of as into via through over
    under since until while and or but nor so yet than then again also too not never later
    earlier recently repeatedly previously last next this week month year morning night
    afternoon evening publicly privately"""
)
_TIME = words(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday tonight"""
)
_SUBJECT_STARTS = words(
    """he she they it we i you there this that these those the a an his her their its our my
    your some many most several all no none both each every any one two three four five
    about nearly almost more fewer less only half if when whether what why how who"""
)
_WORD = re.compile(r"[^\W_]+(?:[’'][^\W_]+)*")
_THAT = re.compile(r"(?<![\w-])that(?![\w-])", re.IGNORECASE)
_PARENTHESIS_END = re.compile(r"[ \t]*,")
_CLOSING_MARKS = set("\"”’»'")
_CUT = re.compile(r"\s+[—–]\s+|\s--\s|;")  # a dash or semicolon ends the content


@dataclass(frozen=True)
class Indirect:
    segments: tuple[tuple[int, int], ...]
    cue: Cue
    speaker: Speaker | None


class Attributor(Protocol):
    """What the quote finder lends to this one: the text, its paragraphs and quotations,
    sentences, and who speaks through a cue."""

    text: str
    paras: list[tuple[int, int]]
    quoted: Intervals

    def sentence_ends(self, start: int, end: int) -> list[int]: ...

    def before_speaker(self, cue: Cue, window_start: int, pos: int) -> Speaker | None: ...

    def after_speaker(self, start: int, cue: Cue, pos: int, limit: int) -> Speaker | None: ...


def find_indirect(a: Attributor) -> list[Indirect]:
    """Indirect quotes of the whole text, in reading order (see the module docstring)."""
    found: list[Indirect] = []
    for para_start, para_end in a.paras:
        start = para_start
        for end in [*a.sentence_ends(para_start, para_end), para_end]:
            if end > start:
                found += _in_sentence(a, start, end)
            start = end
    return found


def _verb(text: str, cue: Cue) -> str:
    return text[cue.start : cue.verb_end].lower().split()[0]


def _count(text: str, start: int, end: int) -> int:
    return len(_WORD.findall(text, start, end))


def _in_sentence(a: Attributor, start: int, end: int) -> list[Indirect]:
    text = a.text
    while end > start and text[end - 1] in " \t\n.!?…":
        end -= 1
    found = [
        c
        for c in cues(text, start, end)
        if not c.inverted_only
        and not a.quoted.overlaps(c.start, c.end)
        and _verb(text, c) in REPORTING
    ]
    out: list[Indirect] = []
    for k, cue in enumerate(found):
        limit = found[k + 1].start if k + 1 < len(found) else end
        got = _content(a, cue, start, end, limit)
        if got is None:
            continue
        pieces, speaker = got
        segments = tuple(trim_content(text, s, e) for s, e in pieces)
        if (
            sum(_count(text, s, e) for s, e in segments) < MIN_WORDS
            or any(_mostly_quoted(a, s, e) for s, e in segments)
            or _title_case(text, start, end)
        ):
            continue
        if out and out[-1].segments[-1][1] > segments[0][0]:
            continue  # one content, one attribution
        out.append(Indirect(segments, cue, speaker))
    return out


def _ceil4(n: int) -> int:
    return -(-n // 4)


def _mostly_quoted(a: Attributor, start: int, end: int) -> bool:
    """Whether most of ``[start, end)`` is inside quotation marks (a direct quote)."""
    # every fourth position counted, by arithmetic on the quoted stretches
    inside = sum(_ceil4(e - start) - _ceil4(s - start) for s, e in a.quoted.within(start, end))
    return inside * 2 > len(range(start, end, 4))


def _content(
    a: Attributor, cue: Cue, start: int, end: int, limit: int
) -> tuple[list[tuple[int, int]], Speaker | None] | None:
    text = a.text
    before = text[start : cue.start]
    comma = len(before) - 1
    while comma >= 0 and (
        before[comma] not in ",—" or a.quoted.overlaps(start + comma, start + comma + 1)
    ):
        comma -= 1  # the last comma or dash outside quotation marks
    if _verb(text, cue) == "according":
        if not _WORD.search(text, start, cue.start) or before.strip().lower() in ("but", "and"):
            # "According to X, CONTENT."
            stop = text.find(",", cue.end, end)
            if stop < 0:
                return None
            return [(stop + 1, _cut(text, stop + 1, end))], a.before_speaker(cue, start, stop)
        if comma < 0:
            return None  # "CONTENT, according to X."
        return [(start, start + comma)], a.before_speaker(cue, start, end)
    # "CONTENT, X said, CONTENT." ("The only problem, Ms. Bigbee said, is that …")
    if comma >= 0 and 0 < _count(text, start + comma + 1, cue.start) <= PARENTHESIS_WORDS:
        closing = _PARENTHESIS_END.match(text, cue.end, end)
        if closing is not None and _count(text, closing.end(), end) >= MIN_WORDS:
            speaker = a.after_speaker(start + comma + 1, cue, start, end)
            return [
                (start, start + comma),
                (closing.end(), _cut(text, closing.end(), end)),
            ], speaker
    # "CONTENT, X said (on Monday)." / "CONTENT, said X."
    if comma >= 0 and _count(text, start + comma + 1, cue.start) <= SUBJECT_WORDS:
        tail = _WORD.search(text, cue.end, end)
        trailing = (
            tail is None
            or not _WORD.search(text, start + comma + 1, cue.start)  # ", said Smith."
            or not _subject_like(tail.group())  # ", Smith said on Monday."
            or tail.group().lower() in _TIME
        )
        if (
            trailing
            and _count(text, cue.end, end) <= AFTER_WORDS
            and not _THAT.search(text, cue.end, end)
        ):
            clause = start + comma + 1
            speaker = a.after_speaker(clause, cue, start, end)
            return [(start, start + comma)], speaker
    # "X said (that) CONTENT."
    if comma >= 0 and text[cue.start : cue.verb_end].lower().endswith("ing"):
        window = start  # "…, saying CONTENT": the sentence's subject speaks
    else:
        window = start + comma + 1 if comma >= 0 else start
    after = cue.end
    that = _THAT.search(text, after, min(limit, after + 60))
    if (
        that is not None
        and _count(text, after, that.start()) <= 5
        and "," not in text[after : that.start()]
    ):
        after = that.end()
    else:
        if text[start : cue.start].rstrip()[-1:] in _CLOSING_MARKS:
            return None  # inverted: "“…,” said Eric Woolson, who …" names the speaker
        if not _WORD.search(text, window, cue.start):
            window = start  # "John Archer, wearing a T-shirt, said he is proud"
        first = _WORD.search(text, after, limit)
        if first is not None and first.group().lower() in _TIME:  # "said Wednesday she …"
            after = first.end()
            first = _WORD.search(text, after, limit)
        if first is None or not _clause_start(first.group()):
            return None  # "said in a statement", "said happily", "told a meeting being held"
        if text[after : first.start()].strip():  # "said: …", "said, …"
            return None
    stop = _cut(text, after, limit)
    return [(after, stop)], a.before_speaker(cue, window, cue.start)


def _subject_like(word: str) -> bool:
    """Whether a content without "that" may start with ``word``: a pronoun, a determiner, a
    name or a number ("said he would", "said the plan", "told reporters Trump was")."""
    bare = re.split("[’']", word.lower())[0]  # he’s, they'd
    return word[0].isupper() or word[0].isdigit() or bare in _SUBJECT_STARTS


def _clause_start(word: str) -> bool:
    """Whether a content without "that" may start with ``word``: not a preposition, an adverb
    in -ly, or a conjunction ("said in a statement", "said happily", "said and left")."""
    low = word.lower()
    return not (low in _NOT_CLAUSE or (low.endswith("ly") and len(low) > 4))


def _title_case(text: str, start: int, end: int) -> bool:
    """A headline's words ("Rush Limbaugh Explains The Democrats Opposition"): most capitalised."""
    found = _WORD.findall(text, start, end)
    return len(found) >= 3 and sum(w[0].isupper() for w in found) * 4 >= len(found) * 3


def _cut(text: str, start: int, end: int) -> int:
    """Where a content starting at ``start`` stops: a dash, a semicolon, or ``end``."""
    match = _CUT.search(text, start, end)
    return match.start() if match else end
