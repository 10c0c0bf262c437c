"""The done checklist: what is still incomplete in one annotator's work on a document."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from annotator.core.links import CUE_LABEL, Claim, ClaimerKind, Quote
from annotator.core.model import Layer, Span


@dataclass(frozen=True)
class Problem:
    kind: str  # "quote without speaker", "claim without claimer", "mention without entity"
    span_id: str  # where to go to fix it
    text: str


def incomplete(
    spans: Iterable[Span], quotes: Iterable[Quote], claims: Mapping[str, Claim]
) -> list[Problem]:
    """Quotes with no speaker (and quote segments outside any quote), claims with no claimer,
    entity mentions with no entity; in text order."""
    spans = sorted(spans, key=lambda s: (s.start, -s.end, s.id))
    quotes = list(quotes)
    by_id = {s.id: s for s in spans}
    problems: list[tuple[int, Problem]] = []
    in_quotes: set[str] = set()
    for quote in quotes:
        in_quotes.update(quote.segment_ids)
        first = next((by_id[i] for i in quote.segment_ids if i in by_id), None)
        if first is not None and not quote.has_speaker:
            problems.append((first.start, Problem("quote without speaker", first.id, first.text)))
    for span in spans:
        if span.layer is Layer.QUOTE and span.label != CUE_LABEL and span.id not in in_quotes:
            problems.append((span.start, Problem("quote without speaker", span.id, span.text)))
        elif span.layer is Layer.CLAIM:
            claim = claims.get(span.id)
            missing = claim is None or not claim.has_claimer
            if claim is not None and claim.claimer_kind is ClaimerKind.QUOTE:
                missing = not any(  # inherited: only as good as the quote it lies in
                    q.has_speaker
                    and any(
                        i in by_id and by_id[i].start <= span.start and span.end <= by_id[i].end
                        for i in q.segment_ids
                    )
                    for q in quotes
                )
            if missing:
                problems.append((span.start, Problem("claim without claimer", span.id, span.text)))
        elif span.layer is Layer.ENTITY and span.entity_id is None:
            problems.append((span.start, Problem("mention without entity", span.id, span.text)))
    return [p for _, p in sorted(problems, key=lambda item: item[0])]


def summary(problems: list[Problem]) -> str:
    """ "2 quotes without speaker, 1 claim without claimer" (empty if nothing is missing)."""
    counts: dict[str, int] = {}
    for problem in problems:
        counts[problem.kind] = counts.get(problem.kind, 0) + 1
    parts = []
    for kind, n in counts.items():
        noun, rest = kind.split(" ", 1)
        parts.append(f"{n} {noun if n == 1 else noun + 's'} {rest}")
    return ", ".join(parts)
