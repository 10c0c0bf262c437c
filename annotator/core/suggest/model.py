"""Optional spaCy: a named-entity model's PERSON / ORG / GPE / LOC… proposed as entity mentions.

    nlp = load_pipeline()          # None when spaCy or an English pipeline is not installed
    model_proposals(document_id, text, nlp, existing=()) -> list[Proposal]

spaCy is never required: it is imported inside ``load_pipeline`` only, and ``load_pipeline``
returns None (never raises) when it or a pipeline is missing or broken, so the app starts and
works the same without it (``pip install 'annotator[model]'`` and
``python -m spacy download en_core_web_sm`` bring it). Load the pipeline once and keep it.

Labels map to the default scheme by ``LABEL_MAP``: PERSON -> PERSON, ORG -> ORGANIZATION,
GPE / LOC / FAC -> LOCATION, EVENT -> EVENT. NORP ("Russian", "European") is left out on
purpose: those are adjectives of nationality or belief, which the scheme does not label.
Entities overlapping an existing entity-layer span are not proposed. spaCy's character offsets
are ``str`` indices (code points), the same as ours; long texts go through ``nlp.pipe`` in
chunks of whole paragraphs, below spaCy's ``max_length``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from annotator.core.model import Layer
from annotator.core.proposals import Proposal
from annotator.core.suggest.marks import paragraphs
from annotator.core.suggest.names import SpanLike
from annotator.core.suggest.registry import entity_spans

PIPELINES = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf")
LABEL_MAP: Mapping[str, str] = {
    "PERSON": "PERSON",
    "ORG": "ORGANIZATION",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
    "EVENT": "EVENT",
}
CHUNK_CHARS = 100_000


def load_pipeline(names: Sequence[str] = PIPELINES) -> Any | None:
    """The first installed spaCy pipeline of ``names``, or None: spaCy missing, no pipeline
    installed, or one that fails to load (a version mismatch) are all "no model"."""
    try:
        import spacy
        import spacy.util
    except Exception:  # ImportError, or a broken install failing at import
        return None
    for name in names:
        try:
            if spacy.util.is_package(name):
                return spacy.load(name)
        except Exception:  # noqa: S112 - a broken pipeline is no pipeline; try the next
            continue
    return None


def _chunks(text: str, size: int) -> Iterator[tuple[int, int]]:
    """``[start, end)`` pieces of whole paragraphs, each at most ``size`` characters (a
    longer paragraph is cut at a space)."""
    start: int | None = None
    end = 0
    for s, e in paragraphs(text):
        if start is not None and e - start > size:
            yield start, end
            start = None
        if start is None:
            start = s
        end = e
        while end - start > size:
            cut = text.rfind(" ", start + 1, start + size)
            cut = cut if cut > start else start + size
            yield start, cut
            start = cut
    if start is not None:
        yield start, end


def model_proposals(
    document_id: str,
    text: str,
    nlp: Any,
    existing: Iterable[SpanLike] = (),
    label_map: Mapping[str, str] = LABEL_MAP,
    chunk_chars: int = CHUNK_CHARS,
) -> list[Proposal]:
    """The pipeline's entities in ``text`` mapped to the scheme's labels (origin "model")."""
    taken = entity_spans(existing)
    pieces = list(_chunks(text, chunk_chars))
    found = []
    for (offset, _), doc in zip(pieces, nlp.pipe(text[s:e] for s, e in pieces), strict=True):
        for ent in doc.ents:
            label = label_map.get(ent.label_)
            start, end = offset + ent.start_char, offset + ent.end_char
            if label is None or start >= end or taken.overlaps(start, end):
                continue
            found.append(
                Proposal(
                    document_id, start, end, text[start:end], Layer.ENTITY, label, origin="model"
                )
            )
    return found
