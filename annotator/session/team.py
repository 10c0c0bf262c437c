"""The team workflow as the session sees it: the team keys of this file, the binding of a
package's name to the person who opened it, and a package cut out of this project."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from annotator.session.base import SessionCore
from annotator.session.changes import Change, ChangeKind
from annotator.storage.store import ProjectStore
from annotator.storage.team import (
    ASSIGNEE_KEY,
    CREATED_KEY,
    LEAD_KEY,
    OTHERS_VISIBLE_KEY,
    Behind,
    Cut,
    FileMark,
    drop_copy,
    mark_of,
    private_copy,
    private_folder,
)

__all__ = [
    "ASSIGNEE_KEY",
    "CREATED_KEY",
    "LEAD_KEY",
    "OTHERS_VISIBLE_KEY",
    "Behind",
    "Cut",
    "FileMark",
    "TeamPart",
    "drop_copy",
    "mark_of",
    "private_copy",
    "private_folder",
]


class TeamPart:
    """Each write is one transaction; a binding is reported as a change of the document list
    (who is assigned what is shown there)."""

    def __init__(self, session: SessionCore, store: ProjectStore) -> None:
        self._session = session
        self._store = store

    def key(self, key: str, default: str = "") -> str:
        return self._store.team.key(key, default)

    def set_key(self, key: str, value: str) -> None:
        self._store.team.set_key(key, value)

    @property
    def lead(self) -> str:
        """The lead's annotator id ("" when no one has led this project yet)."""
        return self.key(LEAD_KEY)

    @property
    def assignee(self) -> str:
        """In a package or work file: the name it was made for ("" in a lead's project)."""
        return self.key(ASSIGNEE_KEY)

    @property
    def others_visible(self) -> bool:
        return self.key(OTHERS_VISIBLE_KEY, "0") == "1"

    def binding(self, name: str) -> tuple[str | None, str | None]:
        """(annotator id, bound at) of ``name``; (None, None) while unbound."""
        return self._store.team.binding(name)

    def bind(self, name: str, annotator_id: str, bound_at: str | None = None) -> bool:
        """Bind ``name`` to ``annotator_id`` if it is unbound (once, durably): True if bound
        now."""
        done = self._store.team.bind_once(name, annotator_id, bound_at)
        if done:
            self._session.report(Change(ChangeKind.DOCUMENT_META))
        return done

    def track(self, annotator_id: str) -> set[tuple[str, ...]]:
        """What stands for one annotator's work here (``storage.team.Team.track``)."""
        return self._store.team.track(annotator_id)

    def names(self) -> list[str]:
        """Every assignee name with a document, sorted."""
        return self._store.team.names()

    def label_ids(self) -> dict[int, tuple[str, str]]:
        return self._store.team.label_ids()

    def assigned(self, names: Iterable[str]) -> list[str]:
        """Documents assigned to any of ``names``, in the list's order."""
        return self._store.team.assigned(names)

    def package(self, target: Path, cut: Cut) -> None:
        """Write the package ``cut`` describes to ``target`` (temp + rename)."""
        self._store.package_to(target, cut)
