"""Known entities: strings linked to a registry entity, proposed where they stand unlabelled.

    known = KnownNames(entities, mention_texts)       # once per project (see names.py)
    find_known_entities(document_id, text, known, existing=()) -> list[Proposal]

Every name, alias and linked-mention text of an entity is proposed where it stands as whole
words in ``text``, with that ``entity_id`` and the entity's type as label (PERSON,
ORGANIZATION…), origin "registry". Not where it overlaps an existing entity-layer span of any
label (``existing``: the document's spans; other layers are ignored), and never two proposals
over each other: the leftmost occurrence wins, and at one place the longest string ("Keir
Starmer", not "Keir"). Case-sensitive: "Lavrov" is not proposed in "LAVROV". One linear scan
of the text with one compiled pattern, whatever the size of the registry.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotator.core.model import Layer
from annotator.core.proposals import Proposal
from annotator.core.suggest.names import Intervals, KnownNames, SpanLike


def entity_spans(existing: Iterable[SpanLike]) -> Intervals:
    """Where the document already has entity mentions (any label)."""
    return Intervals((s.start, s.end) for s in existing if s.layer is Layer.ENTITY)


def find_known_entities(
    document_id: str,
    text: str,
    known: KnownNames,
    existing: Iterable[SpanLike] = (),
) -> list[Proposal]:
    """Registry proposals for one document, in text order (see the module docstring)."""
    taken = entity_spans(existing)
    return [
        Proposal(
            document_id,
            hit.start,
            hit.end,
            hit.text,
            Layer.ENTITY,
            hit.label,
            entity_id=hit.entity_id,
            origin="registry",
        )
        for hit in known.hits(text)
        if not taken.overlaps(hit.start, hit.end)
    ]
