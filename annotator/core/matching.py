"""Which registry entity a newly labelled name probably is: aliases, surnames, spelling variants."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
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


def _tokens(name: str) -> list[str]:
    return [t for t in normalize(name).split() if t not in _STOP]


def similarity(a: str, b: str) -> float:
    """0..1: 1 for the same name written differently (case, accents), high for a shared
    surname with a similar first name ("Sergei Lavrov" / "Sergey Lavrov"), lower for a surname
    alone ("Lavrov" / "Sergey Lavrov"), else the plain string similarity if it is close."""
    na, nb = normalize(a), normalize(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    ta, tb = _tokens(a), _tokens(b)
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
    found = []
    for entity in entities:
        best, matched = 0.0, ""
        for name in entity.names:
            score = similarity(text, name)
            if score > best:
                best, matched = score, name
        if best >= minimum:
            if type_ is not None and entity.type != type_:
                best -= 0.1
            found.append(Candidate(entity, round(best, 3), matched))
    return sorted(found, key=lambda c: (-c.score, c.entity.name.casefold(), c.entity.id))
