"""What an operation changed (so each view refreshes only what it shows) and import reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from annotator.core.model import Document


class ChangeKind(StrEnum):
    SPANS = "spans"
    LINKS = "links"  # quotes or claims of one document
    ENTITIES = "entities"  # the registry: names, merges (may touch every document)
    STATUS = "status"
    DOCUMENT_META = "document_meta"
    DOCUMENTS = "documents"  # documents added or removed
    SCHEME = "scheme"  # labels or guideline: spans may be renamed or gone in every document
    DECISIONS = "decisions"  # review decisions and the gold spans they made, in one document
    ASSIGNMENTS = "assignments"  # who annotates what, names bound, or a team setting (issue 15)
    EXTERNAL = "external"  # another process changed the file: reload everything
    FILE = "file"  # something happened to the project file itself: ``note`` tells the user


@dataclass(frozen=True)
class Change:
    """What one operation changed, so each view decides what to refresh (cf. Anki's OpChanges)."""

    kind: ChangeKind
    document_id: str | None = None
    span_ids: tuple[str, ...] = ()
    note: str = ""  # for the user (FILE)


@dataclass
class ImportReport:
    """What an import did with each file: imported, skipped as already present, or refused."""

    imported: list[tuple[str, Document]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{len(self.imported)} imported"]
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped (already in the project)")
        if self.refused:
            parts.append(f"{len(self.refused)} refused")
        return ", ".join(parts)

    def details(self) -> list[str]:
        lines = [f"imported {name}: {doc.title}" for name, doc in self.imported]
        lines += [f"skipped {name}: {why}" for name, why in self.skipped]
        lines += [f"refused {name}: {why}" for name, why in self.refused]
        return lines
