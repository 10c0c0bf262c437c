"""The team's progress as the session reads it (``storage.progress``): who is assigned what,
whose work counts for each name (``store.assignments.resolved``), one name's work at a time."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.core.model import GOLD_ANNOTATOR_ID
from annotator.core.progress import AssigneeWork
from annotator.storage.store import ProjectStore


class TeamProgress:
    """Read only."""

    def __init__(self, store: ProjectStore) -> None:
        self._store = store

    def by_document(self) -> dict[str, list[str]]:
        """Document id -> the names it is assigned to (sorted)."""
        return self._store.assignments.by_document()

    def resolved(self) -> dict[str, str | None]:
        """Name -> the annotator id whose work counts for it here (None: nobody's yet)."""
        return self._store.assignments.resolved()

    def work(
        self, name: str, annotator_id: str | None, documents: Sequence[str], overlap: set[str]
    ) -> AssigneeWork:
        return self._store.progress.work(name, annotator_id, documents, overlap)

    def titles(self) -> dict[str, str]:
        """Id -> title of the documents assigned, in list order."""
        return self._store.progress.titles()

    def reviewed(self, documents: Sequence[str]) -> set[str]:
        """Those of ``documents`` gold marked done (reviewed)."""
        return self._store.progress.done_by(GOLD_ANNOTATOR_ID, documents)

    def ready(self) -> list[tuple[str, bool]]:
        """The review queue: the documents every assignee marked done, in list order, each
        with whether it is reviewed (gold marked it done)."""
        return self._store.progress.ready(self.resolved(), GOLD_ANNOTATOR_ID)

    def assigned_pair(self, document_id: str) -> tuple[str, str] | None:
        """Whom to compare on an assigned document: the annotators of its first two
        assignees whose work counts here; with one, that annotator against gold (the
        reviewer checks their work into it); None with none."""
        names = self._store.assignments.by_document([document_id]).get(document_id, [])
        resolved = self.resolved()
        ids = [i for i in (resolved.get(n) for n in names) if i is not None]
        if not ids:
            return None
        return (ids[0], ids[1]) if len(ids) >= 2 else (ids[0], GOLD_ANNOTATOR_ID)

    def documents(self) -> int:
        return self._store.progress.documents()
