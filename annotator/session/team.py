"""What the team workflow needs of the session beyond its assignments
(``session.assignments``): the project's birth and labels by id (to know work made from this
project, and follow renamed labels), one annotator's work as marks, a package written."""

from __future__ import annotations

from pathlib import Path

from annotator.storage.store import ProjectStore
from annotator.storage.team import (
    CREATED_KEY,
    Behind,
    Cut,
    FileMark,
    drop_copy,
    mark_of,
    private_copy,
    private_folder,
    rollback_journal,
)

__all__ = [
    "CREATED_KEY",
    "Behind",
    "Cut",
    "FileMark",
    "TeamPart",
    "drop_copy",
    "mark_of",
    "private_copy",
    "private_folder",
    "rollback_journal",
]


class TeamPart:
    """Reads, and one write: a package (a new file; this project is not written)."""

    def __init__(self, store: ProjectStore) -> None:
        self._store = store

    def created(self) -> str:
        """When the project was made (a package or work file made from it keeps it)."""
        return self._store.team.created()

    def label_ids(self) -> dict[int, tuple[str, str]]:
        """Each label's row id -> (layer, name)."""
        return self._store.team.label_ids()

    def track(self, annotator_id: str) -> set[tuple[str, ...]]:
        """What stands for one annotator's work here (``storage.team.Team.track``)."""
        return self._store.team.track(annotator_id)

    def package(self, target: Path, cut: Cut) -> None:
        """Write the package ``cut`` describes to ``target`` (temp + rename)."""
        self._store.package_to(target, cut)
