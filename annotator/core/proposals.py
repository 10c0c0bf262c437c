"""Proposals: spans a person has not made yet (other occurrences, rules, the registry, a model).

They never become annotations until accepted; the same mechanism serves "annotate all
occurrences" and the suggestion finders.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from annotator.core.links import QuoteType
from annotator.core.model import Layer
from annotator.core.snapping import is_word_char

Origin = Literal["occurrence", "rule", "registry", "model"]
ORIGINS: tuple[Origin, ...] = ("occurrence", "rule", "registry", "model")
ProposalKey = tuple[str, int, int, str]


@dataclass(frozen=True)
class Proposal:
    """A span (or, on the quote layer, a whole quote) a person may accept.

    ``origin`` says who proposed it: "occurrence" (another occurrence of a selected span),
    "rule" (the quote finder), "registry" (a string already linked to an entity), "model"
    (spaCy). A quote proposal has ``segments`` (the quoted words, one ``(start, end)`` per
    piece, in reading order; ``start``/``end`` are the first's start and the last's end and
    ``text`` is ``text[start:end]``), and may have a ``cue`` span, a speaker (an entity id, or
    free text), ``speaker_mention`` (where the speaker is named; an existing mention or an
    unlabelled occurrence) and a ``quote_type``. Offsets are code points, half-open.
    """

    document_id: str
    start: int
    end: int
    text: str
    layer: Layer
    label: str
    entity_id: str | None = None
    origin: Origin = "occurrence"
    segments: tuple[tuple[int, int], ...] = ()
    cue: tuple[int, int] | None = None
    speaker_entity_id: str | None = None
    speaker_text: str = ""
    speaker_mention: tuple[int, int] | None = None
    quote_type: QuoteType | None = None

    @property
    def key(self) -> ProposalKey:
        """Stable across runs: stored to remember a rejected proposal for its document."""
        return (self.document_id, self.start, self.end, self.label)

    @property
    def is_quote(self) -> bool:
        return bool(self.segments)


def whole_word_occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Every ``[start, end)`` where ``needle`` stands in ``text`` as whole words."""
    if not needle:
        return []
    found = []
    start = text.find(needle)
    while start >= 0:
        end = start + len(needle)
        before_ok = start == 0 or not (is_word_char(text[start - 1]) and is_word_char(needle[0]))
        after_ok = end == len(text) or not (is_word_char(text[end]) and is_word_char(needle[-1]))
        if before_ok and after_ok:
            found.append((start, end))
        start = text.find(needle, start + 1)
    return found


def occurrence_proposals(
    document_id: str,
    text: str,
    needle: str,
    layer: Layer,
    label: str,
    entity_id: str | None,
    taken: Iterable[tuple[int, int, str]],
) -> list[Proposal]:
    """Other whole-word occurrences of ``needle`` not overlapping a span with the same label
    (``taken`` holds the (start, end, label) of existing spans): "Lavrov" is not proposed
    inside an existing "Sergei Lavrov"."""
    same = [(s, e) for s, e, lb in taken if lb == label]
    return [
        Proposal(document_id, s, e, text[s:e], layer, label, entity_id)
        for s, e in whole_word_occurrences(text, needle)
        if not any(s < e2 and s2 < e for s2, e2 in same)
    ]
