"""Pair quotation marks into quotations: nesting, languages, and the newspaper paragraph rule.

``paragraphs(text)`` splits a text into paragraphs (blank-line separated; each line when the
text has no blank line). ``quotations(text, paragraphs)`` pairs the marks of each paragraph and
returns the top-level quotations, a quotation that runs over several paragraphs by the
newspaper convention (an opening mark at the start of each paragraph, a closing mark only at
the end of the last) as one ``Quotation`` with one ``Part`` per paragraph. Nested quotes
(‘…’ inside “…”) stay inside their outer quotation. All offsets are ``str`` indices.

Marks understood: “…” and "…" (English), ‘…’ (nested, or British), „…“ and „…” (German,
Polish), ‚…‘ (German nested), «…» and ‹…› (French, Russian…), »…« (Danish), ”…” (Swedish),
「…」 and 『…』 (Japanese, Chinese). A ’ followed by a letter is an apostrophe (we’ve); an
ASCII ' is never a quotation mark alone, but two of them ('' … '') are one, as some newspapers'
archives write it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from annotator.core.snapping import is_word_char

_MARKS = re.compile("''|[\"“”„‘’‚«»‹›「」『』]")  # '' : two ASCII apostrophes as one mark
_BLANK_LINE = re.compile(r"(?:\r\n|\r|\n)[ \t\f\v]*(?:\r\n|\r|\n)\s*")
_LINE_BREAK = re.compile(r"(?:\r\n|\r|\n)\s*")
_OPENING_CONTEXT = set("([{/—–-\u00a0") | set('“„‘‚«»‹「『"')

# opener -> the marks that close it
_CLOSERS = {
    "''": "''",
    "“": "”",
    "„": "“”",
    '"': '"',
    "‘": "’",
    "‚": "‘’",
    "«": "»",
    "‹": "›",
    "「": "」",
    "『": "』",
}
_NESTED_ONLY = "‚‹『"  # openers that only open inside another quotation
_SINGLE = "‘‚‹"  # unclosed at the end of a paragraph, these are dropped (apostrophes, typos)
_PAIRS = {"(": ")", "[": "]", "{": "}", **{o: c for o, c in _CLOSERS.items() if len(o) == 1}}
_OPENERS_OF: dict[str, str] = {}
for _o, _cs in _PAIRS.items():
    for _c in _cs:
        _OPENERS_OF[_c] = _OPENERS_OF.get(_c, "") + _o


@dataclass(frozen=True)
class Part:
    """One paragraph's piece of a quotation: the opening mark at ``open``, the closing mark at
    ``close`` (None when the paragraph ends first), the content ``[open + 1, end)``."""

    open: int
    close: int | None
    end: int  # the close, or the end of the paragraph
    paragraph: int


@dataclass(frozen=True)
class Quotation:
    parts: tuple[Part, ...]

    @property
    def open(self) -> int:
        return self.parts[0].open

    @property
    def close(self) -> int | None:
        return self.parts[-1].close


@dataclass
class _Open:
    pos: int
    char: str
    closers: str


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each paragraph, without the line breaks around it (CRLF, LF, CR)."""
    breaker = _BLANK_LINE if _BLANK_LINE.search(text) else _LINE_BREAK
    found = []
    start = 0
    for match in breaker.finditer(text):
        found.append((start, match.start()))
        start = match.end()
    found.append((start, len(text)))
    return [(s, e) for s, e in found if text[s:e].strip()]


def _opening_context(text: str, i: int, start: int, end: int) -> bool:
    """A mark at ``i`` looks like an opening one: at the start or after a space or bracket,
    and followed by something that is not a space."""
    before_ok = i == start or text[i - 1].isspace() or text[i - 1] in _OPENING_CONTEXT
    return before_ok and i + 1 < end and not text[i + 1].isspace()


def _closing_index(stack: list[_Open], ch: str, text: str, i: int, end: int) -> int | None:
    """The stack entry that ``ch`` closes, if any (the innermost that accepts it)."""
    if ch == "’" and i + 1 < end and is_word_char(text[i + 1]):
        return None  # an apostrophe: we’ve, Russia’s
    for j in range(len(stack) - 1, -1, -1):
        if ch in stack[j].closers:
            return j
    return None


def _opener(ch: str, stack: list[_Open], text: str, i: int, start: int, end: int) -> str:
    """The closers of the quotation ``ch`` opens at ``i``, or "" if it opens none."""
    if i + 1 >= end:
        return ""
    after_space = text[i + 1].isspace()
    if ch in _NESTED_ONLY and not stack:
        return ""
    if ch in "“„‘‚「『":
        if after_space or (ch in "‘‚" and i > start and is_word_char(text[i - 1])):
            return ""
        return _CLOSERS[ch]
    if ch in "«‹":
        return _CLOSERS[ch]  # French puts a space inside: « Nous »
    if ch == '"':
        return '"' if _opening_context(text, i, start, end) else ""
    if ch == "''":  # the doubled apostrophe of some newspapers' archives
        before_ok = i == start or text[i - 1].isspace() or text[i - 1] in _OPENING_CONTEXT
        return "''" if before_ok and i + 2 < end and not text[i + 2].isspace() else ""
    if ch == "”":  # Swedish and Finnish open with the closing mark
        return "”" if _opening_context(text, i, start, end) else ""
    if ch == "»":  # Danish and German reversed guillemets
        return "«" if _opening_context(text, i, start, end) else ""
    return ""


def _pair(text: str, index: int, start: int, end: int) -> list[Part]:
    """The top-level quotations of one paragraph, in order."""
    found: list[Part] = []
    stack: list[_Open] = []
    for match in _MARKS.finditer(text, start, end):
        i = match.start()
        ch = match.group()
        j = _closing_index(stack, ch, text, i, end)
        if j is not None:
            opened = stack[j]
            del stack[j:]
            if j == 0:
                found.append(Part(opened.pos, i, i, index))
            continue
        closers = _opener(ch, stack, text, i, start, end)
        if closers:
            stack.append(_Open(i, ch, closers))
    if stack and stack[0].char not in _SINGLE:
        found.append(Part(stack[0].pos, None, end, index))
    return found


def quotations(text: str, paras: list[tuple[int, int]] | None = None) -> list[Quotation]:
    """Every top-level quotation of ``text`` in reading order (see the module docstring)."""
    paras = paragraphs(text) if paras is None else paras
    parts = [part for k, (s, e) in enumerate(paras) for part in _pair(text, k, s, e)]
    result: list[Quotation] = []
    chain: list[Part] = []
    for part in parts:
        if chain:
            last = chain[-1]
            continues = (
                last.close is None
                and part.paragraph == last.paragraph + 1
                and part.open == paras[part.paragraph][0]
            )
            if continues:
                chain.append(part)
                continue
            result.append(Quotation(tuple(chain)))
        chain = [part]
    if chain:
        result.append(Quotation(tuple(chain)))
    return result


def trim_content(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without the spaces and punctuation around it, as a person's snapped
    selection would be ("isn’t there," -> "isn’t there"), but keeping a bracket or nested
    quotation mark whose partner is inside ("(Make America Great Again)", "‘banquet’")."""
    while start < end and _trimmable(text[start]):
        closers = _PAIRS.get(text[start], "")
        if any(text.find(c, start + 1, end) >= 0 for c in closers):
            break
        start += 1
    while end > start and _trimmable(text[end - 1]):
        openers = _OPENERS_OF.get(text[end - 1], "")
        if any(text.find(o, start, end - 1) >= 0 for o in openers):
            break
        end -= 1
    return start, end


def _trimmable(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return ch.isspace() or cat[0] in "PZ" or cat in ("Cf", "Cc")
