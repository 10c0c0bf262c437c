"""Interview transcripts: "WALLACE: …" and "Q: …" / "A: …" paragraphs as direct quotes.

    turns(text, paras, surnames) -> list[Turn]

A turn is a paragraph that starts with a speaker's label in capitals and a colon; its content
is the rest of the paragraph. A label counts when it is someone's: its last word is the
surname of a person named in the text ("TAPPER:" with "Jake Tapper" in the article), or the
same label starts two paragraphs or more (a transcript), or it is "Q" or "A" and the text
has both. A kicker ("UPDATE:", "EXCLUSIVE:", "BREAKING:") is none of these and is left out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from annotator.core.suggest.marks import trim_content

_LABEL = re.compile(r"([A-Z][A-Z.'’-]*(?:[ \t][A-Z][A-Z.'’-]*){0,3})[ \t]*:[ \t]+(?=\S)")
_NOT_A_NAME = frozenset(
    ["UPDATE", "EXCLUSIVE", "BREAKING", "WATCH", "LOOK", "NOTE", "EDITOR", "BYLINE"]
)


@dataclass(frozen=True)
class Turn:
    label: tuple[int, int]  # "WALLACE", "Q"
    segment: tuple[int, int]  # what was said, the rest of the paragraph

    def name(self, text: str) -> str:
        return text[self.label[0] : self.label[1]]


def turns(text: str, paras: list[tuple[int, int]], surnames: Collection[str]) -> list[Turn]:
    """The turns of ``text`` (see the module docstring); ``surnames`` are the last words of
    the persons named in it, in capitals."""
    found = []
    for start, end in paras:
        match = _LABEL.match(text, start, end)
        if match is None or match.group(1) in _NOT_A_NAME:
            continue
        segment = trim_content(text, match.end(), end)
        if segment[1] > segment[0]:
            found.append(Turn(match.span(1), segment))
    labels = Counter(t.name(text) for t in found)
    both = labels["Q"] > 0 and labels["A"] > 0

    def counts(turn: Turn) -> bool:
        name = turn.name(text)
        if name in ("Q", "A"):
            return both
        return labels[name] >= 2 or name.split()[-1] in surnames

    return [t for t in found if counts(t)]
