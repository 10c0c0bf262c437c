"""How much a file holds or an export wrote: lines, documents, spans, quotes, claims, entities,
counted the same way for every format."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Tally:
    """Counts of native lines (one annotator's work on one document each)."""

    lines: int = 0
    documents: int = 0  # distinct documents, lines of one document following each other
    spans: int = 0
    quotes: int = 0
    claims: int = 0
    entities: int = 0
    _last: str = field(default="", repr=False, compare=False)

    def add(
        self, document_id: str, spans: int, quotes: int, claims: int, entities: int = 0
    ) -> None:
        self.lines += 1
        if document_id != self._last:
            self.documents += 1
            self._last = document_id
        self.spans += spans
        self.quotes += quotes
        self.claims += claims
        self.entities += entities

    def add_object(self, obj: Mapping[str, Any]) -> None:
        """Count one native line given as its JSON object."""
        self.add(
            obj["id"],
            len(obj["spans"]),
            len(obj["quotes"]),
            len(obj["claims"]),
            len(obj["entities"]),
        )

    def counting(self, objects: Iterable[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
        """``objects`` as they are, each counted as it passes."""
        for obj in objects:
            self.add_object(obj)
            yield obj
