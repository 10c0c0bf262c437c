"""What the team workflow needs of the session beyond its assignments
(``session.assignments``): the project's birth and labels by id (to know work made from this
project, and follow renamed labels), one annotator's work as marks, a package written."""

from __future__ import annotations

from pathlib import Path

from annotator.core.records import StoredLabel
from annotator.session.base import SessionCore
from annotator.session.changes import Change, ChangeKind
from annotator.storage.copying import (
    Behind,
    FileMark,
    drop_copy,
    mark_of,
    private_copy,
    private_folder,
)
from annotator.storage.store import ProjectStore
from annotator.storage.team import CREATED_KEY, Cut, rollback_journal

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
    """Reads; a package (a new file); the lead's scheme followed (one transaction, reported
    as a change of the scheme)."""

    def __init__(self, session: SessionCore, store: ProjectStore) -> None:
        self._session = session
        self._store = store

    def adopt_scheme(self, lead: list[StoredLabel], guideline: str) -> list[str]:
        """Follow the lead's scheme by label id (``storage.team.Team.adopt_scheme``); what
        changed, in words."""
        done = self._store.team.adopt_scheme(lead, guideline)
        if done:
            self._session.report(Change(ChangeKind.SCHEME))
        return done

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
