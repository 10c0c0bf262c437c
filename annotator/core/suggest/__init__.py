"""Suggestions for one document: quotes, known entities and (optionally) a model's entities.

Plain Python, no Qt, no storage: the session gathers the inputs and shows the output.

    known = KnownNames(entities, mention_texts)  # once per project: names, aliases, and
                                                 # (entity_id, text) of every linked mention
    nlp = load_pipeline()                        # once; None without spaCy or a pipeline
    proposals = suggest(document_id, text, spans, known, nlp=nlp, rejected=rejected_keys)

``spans`` are the document's existing spans (``core.model.Span``: every layer; entity mentions
give the quote finder its speakers and keep registry/model proposals off labelled text; quote
spans mark quotes already made). ``rejected`` holds ``Proposal.key`` values the person
rejected before; those never come back. The result is sorted by ``(start, end, label)``:
- quotes (``origin == "rule"``, ``layer`` QUOTE, with segments, cue, speaker): ``quotes.py``;
- registry entities (``"registry"``, with ``entity_id``): ``registry.py``;
- model entities (``"model"``, only with ``nlp``; none where a registry proposal is): ``model.py``.
Dropped: a proposal whose ``(start, end, label)`` is an existing span's, a quote any of whose
segments overlaps an existing quote segment (that quote was made by hand), rejected keys.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from annotator.core.links import CUE_LABEL
from annotator.core.model import Layer
from annotator.core.proposals import Proposal, ProposalKey
from annotator.core.suggest.model import load_pipeline, model_proposals
from annotator.core.suggest.names import Intervals, KnownNames, SpanLike
from annotator.core.suggest.quotes import (
    PERSON_LABELS,
    QUOTE_LABEL,
    SPEAKER_LABELS,
    find_quotes,
)
from annotator.core.suggest.registry import find_known_entities

__all__ = [
    "KnownNames",
    "find_known_entities",
    "find_quotes",
    "load_pipeline",
    "model_proposals",
    "suggest",
]


def suggest(
    document_id: str,
    text: str,
    spans: Iterable[SpanLike] = (),
    known: KnownNames | None = None,
    *,
    nlp: Any | None = None,
    rejected: Collection[ProposalKey] = frozenset(),
    quotes: bool = True,
    registry: bool = True,
    quote_label: str = QUOTE_LABEL,
    cue_label: str = CUE_LABEL,
    speaker_labels: Collection[str] = SPEAKER_LABELS,
    person_labels: Collection[str] = PERSON_LABELS,
) -> list[Proposal]:
    """Every finder's proposals for one document (see the module docstring)."""
    spans = list(spans)
    known = known if known is not None else KnownNames(())
    found: list[Proposal] = []
    if quotes:
        found += find_quotes(
            document_id,
            text,
            spans,
            known,
            label=quote_label,
            speaker_labels=speaker_labels,
            person_labels=person_labels,
        )
    by_registry = find_known_entities(document_id, text, known, spans) if registry else []
    found += by_registry
    if nlp is not None:
        taken = Intervals((p.start, p.end) for p in by_registry)
        found += [
            p
            for p in model_proposals(document_id, text, nlp, spans)
            if not taken.overlaps(p.start, p.end)
        ]
    existing = {(s.start, s.end, s.label) for s in spans}
    made = Intervals(
        (s.start, s.end) for s in spans if s.layer is Layer.QUOTE and s.label != cue_label
    )
    kept = [
        p
        for p in found
        if p.key not in rejected
        and (p.start, p.end, p.label) not in existing
        and not any(made.overlaps(s, e) for s, e in p.segments)
    ]
    kept.sort(key=lambda p: (p.start, p.end, p.label))
    return kept
