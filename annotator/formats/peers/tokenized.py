"""What the token-level formats (CoNLL, spaCy's DocBin) share: a record's tokens
(``core.tokens``, cut at every span boundary of the document), the spans of a layer one tag per
token can hold, and the account of the spans a format could not hold (``Omissions``), which the
export reports by layer with counts and examples instead of dropping them silently."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.core.model import Span
from annotator.core.tokens import Token, covering, span_tokens
from annotator.formats.jsonl import Record

NOT_WHOLE = "not a whole number of tokens (it starts or ends with white space)"
OVERLAPPING = "nested in, overlapping or equal to a longer or earlier span of the layer"
EXAMPLES = 3


def record_tokens(record: Record) -> list[Token]:
    """The record's tokens, cut at the boundaries of all its spans (every layer), so that the
    same document gives the same tokens whichever layer is written."""
    return span_tokens(record.document.text, ((s.start, s.end) for s in record.spans))


@dataclass
class Omissions:
    """Spans an export could not write, by where they were to go ("CoNLL tags of the entity
    layer", "doc.ents"), why, and a few examples."""

    found: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    counts: dict[tuple[str, str], int] = field(default_factory=dict)

    def add(self, place: str, why: str, span: Span, record: Record) -> None:
        key = (place, why)
        self.counts[key] = self.counts.get(key, 0) + 1
        examples = self.found.setdefault(key, [])
        if len(examples) < EXAMPLES:
            title = record.document.title or record.document.id
            text = span.text if len(span.text) <= 40 else span.text[:37] + "..."
            examples.append(f"{span.label} {text!r} at {span.start}..{span.end} in {title!r}")

    def lines(self) -> list[str]:
        """One line per place and reason: how many spans, and examples."""
        out = []
        for (place, why), examples in self.found.items():
            n = self.counts[(place, why)]
            spans = "span" if n == 1 else "spans"
            more = "; ..." if n > len(examples) else ""
            out.append(f"{place}: {n} {spans} left out, {why} (" + "; ".join(examples) + more + ")")
        return out

    def __bool__(self) -> bool:
        return bool(self.counts)


def one_per_token(
    spans: Iterable[Span],
    tokens: list[Token],
    record: Record,
    omissions: Omissions,
    place: str,
) -> list[tuple[Span, int, int]]:
    """The spans that can be written one tag per token, with their token range ``[i, j)``:
    whole tokens only, and of overlapping spans the earlier, then the longer (as ``doc.ents``
    and IOB tags need). Every other span is added to ``omissions``."""
    kept: list[tuple[Span, int, int]] = []
    taken = 0  # index of the first token not yet tagged
    for span in sorted(spans, key=lambda s: (s.start, -s.end, s.label, s.id)):
        where = covering(tokens, span.start, span.end)
        if where is None:
            omissions.add(place, NOT_WHOLE, span, record)
        elif where[0] < taken:
            omissions.add(place, OVERLAPPING, span, record)
        else:
            kept.append((span, where[0], where[1]))
            taken = where[1]
    return kept
