"""Entities of A and B aligned by their mentions, and whether two quotes have the same speaker.

An entity of A and one of B are the same when more than half of A's mentions overlap one of
B's mentions and more than half of B's mentions overlap one of A's (mentions of any documents
given). Pairs are taken greedily, most overlapping mentions first, one to one. A quote's
speaker is the same when the entities are the same entity (same id, or aligned), when both are
free texts equal up to case and spacing, or when a free text equals a name or alias of the
other's entity; two quotes without any speaker agree too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from annotator.core.agreement.records import (
    Mention,
    QuoteItem,
)
from annotator.core.agreement.spans import greedy_pairs, overlap_size


def align_entities(
    a: Iterable[tuple[str, Mention]], b: Iterable[tuple[str, Mention]]
) -> dict[str, str]:
    """A's entity id -> B's entity id for entities that are the same by their mentions, given
    as (document id, (start, end, entity id)) (rule in the module doc)."""
    by_doc_b: dict[str, list[Mention]] = {}
    b_sizes: Counter[str] = Counter()
    for doc, m in b:
        by_doc_b.setdefault(doc, []).append(m)
        b_sizes[m[2]] += 1
    a_sizes: Counter[str] = Counter()
    a_hits: dict[tuple[str, str], int] = Counter()  # (ea, eb) -> A's mentions overlapping eb
    b_hits: dict[tuple[str, str], set[tuple[str, Mention]]] = {}
    for doc, ma in a:
        a_sizes[ma[2]] += 1
        hit = set()
        for mb in by_doc_b.get(doc, ()):
            if overlap_size(ma[:2], mb[:2]):
                hit.add(mb[2])
                b_hits.setdefault((ma[2], mb[2]), set()).add((doc, mb))
        for eb in hit:
            a_hits[ma[2], eb] += 1
    ids_a, ids_b = sorted(a_sizes), sorted(b_sizes)
    candidates = [
        (ids_a.index(ea), ids_b.index(eb), count + len(b_hits[ea, eb]))
        for (ea, eb), count in a_hits.items()
        if 2 * count > a_sizes[ea] and 2 * len(b_hits[ea, eb]) > b_sizes[eb]
    ]
    return {ids_a[i]: ids_b[j] for i, j in greedy_pairs(candidates)}


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def same_speaker(qa: QuoteItem, qb: QuoteItem, aligned: Mapping[str, str]) -> bool:
    """Whether two quotes have the same speaker (rule in the module doc)."""
    ea, eb = qa.speaker_entity, qb.speaker_entity
    if ea is not None and eb is not None:
        return ea == eb or aligned.get(ea) == eb
    if ea is None and eb is None:
        return _norm(qa.speaker_text) == _norm(qb.speaker_text)
    if ea is None:
        text, names = qa.speaker_text, qb.speaker_names
    else:
        text, names = qb.speaker_text, qa.speaker_names
    return bool(_norm(text)) and _norm(text) in {_norm(n) for n in names}
