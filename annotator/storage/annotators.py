"""Rows of the annotators whose work the project holds (an id each, and a display name)."""

from __future__ import annotations

from annotator.core.model import Annotator, now_iso
from annotator.storage.database import ProjectDb, Repository


class Annotators(Repository):
    def __init__(self, pdb: ProjectDb) -> None:
        super().__init__(pdb)

    def all(self) -> list[Annotator]:
        rows = self._db.execute("SELECT id, name FROM annotators ORDER BY created_at, id")
        return [Annotator(id=r[0], name=r[1]) for r in rows]

    def with_work(self) -> set[str]:
        """Ids of the annotators who have a span or a document status somewhere."""
        rows = self._db.execute(
            "SELECT annotator_id FROM spans UNION SELECT annotator_id FROM document_status"
        )
        return {r[0] for r in rows}

    def ensure(self, annotator: Annotator) -> None:
        """Record the annotator, or their new name if they renamed themselves (nothing on a
        read-only connection)."""
        row = self._db.execute(
            "SELECT name FROM annotators WHERE id = ?", [annotator.id]
        ).fetchone()
        if (row is not None and row[0] == annotator.name) or self._pdb.read_only:
            return
        with self._pdb.writing():
            self._db.execute(
                "INSERT INTO annotators (id, name, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET name = excluded.name",
                [annotator.id, annotator.name, now_iso()],
            )
