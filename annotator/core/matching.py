"""Which registry entity a newly labelled name probably is: aliases, surnames, spelling variants."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from annotator.core.links import Entity

_STOP = {"mr", "mrs", "ms", "dr", "president", "minister", "the", "of", "prime", "foreign"}


def normalize(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form: "Orbán's" -> "orban s"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.replace("’s", "").replace("'s", "")
    return " ".join("".join(ch if ch.isalnum() else " " for ch in bare).split())


def words(form: str) -> list[str]:
    """The words of a ``normalize``d name but for titles and the like ("mr", "the", "of")."""
    return [t for t in form.split() if t not in _STOP]


def similarity(a: str, b: str) -> float:
    """0..1: 1 for the same name written differently (case, accents), high for a shared
    surname with a similar first name ("Sergei Lavrov" / "Sergey Lavrov"), lower for a surname
    alone ("Lavrov" / "Sergey Lavrov"), else the plain string similarity if it is close."""
    return form_similarity(normalize(a), normalize(b))


def form_similarity(na: str, nb: str) -> float:
    """``similarity`` of two names already ``normalize``d."""
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    ta, tb = words(na), words(nb)
    if ta and tb and ta[-1] == tb[-1]:
        if len(ta) == 1 or len(tb) == 1:
            return 0.75  # the surname alone
        first = SequenceMatcher(None, " ".join(ta[:-1]), " ".join(tb[:-1])).ratio()
        return 0.8 + 0.15 * first if first >= 0.6 else 0.6
    ratio = SequenceMatcher(None, na, nb).ratio()
    return ratio * 0.9 if ratio >= 0.85 else 0.0


@dataclass(frozen=True)
class Candidate:
    entity: Entity
    score: float
    matched: str  # the name or alias that matched best


def candidates(
    text: str, entities: Iterable[Entity], type_: str | None = None, minimum: float = 0.6
) -> list[Candidate]:
    """Entities that ``text`` may refer to, best first; the same type ranks above others."""
    wanted = normalize(text)
    return ranked(
        ((e, [form_similarity(wanted, normalize(n)) for n in e.names]) for e in entities),
        type_,
        minimum,
    )


def ranked(
    scored: Iterable[tuple[Entity, Sequence[float]]], type_: str | None, minimum: float
) -> list[Candidate]:
    """``candidates`` from each entity's scores, one per name in ``Entity.names`` order."""
    found = []
    for entity, scores in scored:
        best, matched = 0.0, ""
        for name, score in zip(entity.names, scores, strict=True):
            if score > best:
                best, matched = score, name
        if best >= minimum:
            if type_ is not None and entity.type != type_:
                best -= 0.1
            found.append(Candidate(entity, round(best, 3), matched))
    return sorted(found, key=lambda c: (-c.score, c.entity.name.casefold(), c.entity.id))


def named_entity(
    text: str,
    type_: str,
    entities: Iterable[Entity],
    mentions: Mapping[str, int] | None = None,
    linked: Iterable[tuple[str, str]] = (),
) -> Entity | None:
    """The registry entity a new mention of ``text`` labelled ``type_`` names, or None.

    It must be of that type and bear ``text`` (``normalize``d: case, accents, punctuation,
    a possessive 's) as its name, as an alias, or as the text of a mention already linked to
    it (``linked``: (entity id, text) pairs). Of several, the one named so wins over one
    aliased so, over one only linked so; then the most mentioned (``mentions``: entity id ->
    count); then the smallest id, so the choice never depends on the order given."""
    wanted = normalize(text)
    if not wanted:
        return None
    counts = mentions or {}
    via_mention = {e for e, t in linked if normalize(t) == wanted}
    best: tuple[int, int, str] | None = None
    found: Entity | None = None
    for entity in entities:
        if entity.type != type_:
            continue
        if normalize(entity.name) == wanted:
            tier = 0
        elif any(normalize(a) == wanted for a in entity.aliases):
            tier = 1
        elif entity.id in via_mention:
            tier = 2
        else:
            continue
        rank = (tier, -counts.get(entity.id, 0), entity.id)
        if best is None or rank < best:
            best, found = rank, entity
    return found
