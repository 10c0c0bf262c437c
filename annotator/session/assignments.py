"""Assignment as the session sees it (issue 15): who annotates which documents, the names bound
to annotator ids, the team's settings, and which assignee names are "me"."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotator.core.annotators import short_id
from annotator.session.base import SessionCore
from annotator.session.changes import Change, ChangeKind
from annotator.storage.store import ProjectStore

OTHERS_VISIBLE = "team.others_visible"  # '1': annotators see each other's tracks ('0' default)
LEAD = "team.lead"  # the lead's annotator id ("" or absent: no lead recorded)
ASSIGNEE = "team.assignee"  # in a package or work file: the name it was made for
SEED, OVERLAP, PER_DOC = "team.seed", "team.overlap", "team.per_doc"  # the last assignment's


class Assignments:
    """Reads go straight to the store; each write is one transaction and reports
    ``ChangeKind.ASSIGNMENTS`` (inside an operation, once it has committed)."""

    def __init__(self, session: SessionCore, store: ProjectStore) -> None:
        self._session = session
        self._store = store

    # -- reading -------------------------------------------------------------------------------

    def by_document(self, document_ids: Sequence[str] | None = None) -> dict[str, list[str]]:
        """Document id -> its assignees' names, sorted (of ``document_ids`` only, if given)."""
        return self._store.assignments.by_document(document_ids)

    def documents_of(self, name: str) -> list[str]:
        """The documents assigned to ``name``, in project order."""
        return self._store.assignments.documents_of(name)

    def counts(self) -> dict[str, int]:
        """Name -> how many documents it is assigned."""
        return self._store.assignments.counts()

    def names(self) -> list[str]:
        """The names that have at least one document, sorted."""
        return self._store.assignments.names()

    def bindings(self) -> dict[str, str | None]:
        """Every name ever assigned -> its bound annotator id (None while unbound)."""
        return self._store.assignments.bindings()

    def bound_at(self) -> dict[str, str]:
        """Each bound name -> when its holder first opened their file (ISO 8601, UTC)."""
        return self._store.assignments.bound_at()

    def resolved(self) -> dict[str, str | None]:
        """Name -> the annotator id whose work counts for it in this file (``storage``)."""
        return self._store.assignments.resolved()

    def setting(self, key: str, default: str = "") -> str:
        return self._store.assignments.setting(key, default)

    def my_names(self) -> set[str]:
        """The assignee names that are me: resolved to my id, or unbound and equal to my name
        (case and outer spaces aside)."""
        me = self._session.annotator
        mine = " ".join(me.name.split()).casefold()
        resolved = self._store.assignments.resolved()
        return {
            name
            for name, bound in self._store.assignments.bindings().items()
            if resolved.get(name) == me.id
            or (bound is None and " ".join(name.split()).casefold() == mine)
        }

    def shown_names(self) -> dict[str, str]:
        """Assignee name -> how to show it: "alice", or "alice (bound to 3f2a on 2026-12-01)"
        once bound (the shortest start of the id no other annotator's id shares; the day,
        UTC, its holder first opened their file)."""
        bindings = self.bindings()
        since = self.bound_at()
        ids = [a.id for a in self._session.annotators()] + [i for i in bindings.values() if i]
        return {
            name: name
            if bound is None
            else f"{name} ({_bound(short_id(bound, ids), since.get(name))})"
            for name, bound in bindings.items()
        }

    def lead(self) -> str:
        """The lead's annotator id ("" when no lead is recorded)."""
        return self.setting(LEAD)

    def is_lead(self) -> bool:
        """Whether I decide for the team: I am the recorded lead, or no lead is recorded."""
        lead = self.lead()
        return not lead or lead == self._session.annotator.id

    def others_visible(self) -> bool:
        """Whether annotators see each other's tracks (the lead's decision; no by default)."""
        return self.setting(OTHERS_VISIBLE, "0") == "1"

    # -- writing -------------------------------------------------------------------------------

    def add(self, pairs: Iterable[tuple[str, str]]) -> int:
        """Assign each (document id, name); returns how many were new."""
        added = self._store.assignments.add(pairs)
        self._changed()
        return added

    def remove(self, pairs: Iterable[tuple[str, str]]) -> int:
        """Take each (document id, name) away; returns how many were there."""
        removed = self._store.assignments.remove(pairs)
        self._changed()
        return removed

    def bind(self, name: str, annotator_id: str, at: str | None = None) -> None:
        """Bind ``name`` to ``annotator_id`` as of ``at`` (None: now); refused if either is
        bound otherwise."""
        self._store.assignments.bind(name, annotator_id, at)
        self._changed()

    def set_setting(self, key: str, value: str) -> None:
        self._store.assignments.set_setting(key, value)
        self._changed()

    def _changed(self) -> None:
        self._session.report(Change(ChangeKind.ASSIGNMENTS))


def _bound(short: str, at: str | None) -> str:
    return f"bound to {short}" + (f" on {at[:10]}" if at else "")
