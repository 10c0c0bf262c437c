"""The queries of the team's progress (issue 15): each read is of one assignee's documents
(through the ``assignments_by_assignee`` index, the spans' index by annotator and document
and the statuses' by document and annotator), so reading one assignee again costs that
assignee's work only."""

from __future__ import annotations

import json
from collections.abc import Sequence

import orjson

from annotator.core.agreement import SpanTuple
from annotator.core.progress import AssigneeWork
from annotator.storage.database import Repository


class ProgressQueries(Repository):
    """Read only."""

    def work(
        self, name: str, annotator_id: str | None, documents: Sequence[str], overlap: set[str]
    ) -> AssigneeWork:
        """What ``annotator_id``'s work holds on the documents assigned to ``name``: which
        are started (a status or a span) and done, spans per label, and their spans on the
        documents of ``overlap`` they marked done."""
        if annotator_id is None:
            return AssigneeWork(name, None, tuple(documents))
        statuses = dict(
            self._db.execute(
                "SELECT d.document_id, d.status FROM assignments a CROSS JOIN document_status d "
                "ON d.document_id = a.document_id AND d.annotator_id = ? WHERE a.assignee = ?",
                [annotator_id, name],
            ).fetchall()
        )
        done = frozenset(d for d, s in statuses.items() if s == "done")
        compared = sorted(done & overlap)
        # Counted in SQL from the index of the spans by annotator and document (0012), so
        # that only the spans compared become Python values: a third of them on a team's
        # project, where reading every row into Python cost more than SQLite's reading.
        labels = self._db.execute(
            "SELECT s.layer, s.label, count(*) FROM assignments a CROSS JOIN spans s "
            "ON s.annotator_id = ? AND s.document_id = a.document_id WHERE a.assignee = ? "
            "GROUP BY s.layer, s.label ORDER BY s.layer, s.label",
            [annotator_id, name],
        ).fetchall()
        with_spans = self._db.execute(
            "SELECT a.document_id FROM assignments a WHERE a.assignee = ? AND EXISTS "
            "(SELECT 1 FROM spans s WHERE s.annotator_id = ? AND s.document_id = a.document_id)",
            [name, annotator_id],
        )
        # Each compared document's spans as one JSON array (made in SQL, decoded by orjson):
        # a row per document instead of a row per span.
        rows = self._db.execute(
            'SELECT j.value, (SELECT json_group_array(json_array(s.start, s."end", s.layer, '
            "s.label)) FROM spans s WHERE s.annotator_id = ? AND s.document_id = j.value) "
            "FROM json_each(?) j",
            [annotator_id, json.dumps(compared)],
        )
        spans: dict[str, tuple[SpanTuple, ...]] = {
            doc: tuple(sorted(map(tuple, orjson.loads(found)))) for doc, found in rows
        }
        return AssigneeWork(
            name,
            annotator_id,
            tuple(documents),
            frozenset(statuses) | frozenset(r[0] for r in with_spans),
            done,
            tuple((la, lb, n) for la, lb, n in labels),
            spans,
        )

    def titles(self) -> dict[str, str]:
        """Id -> title of the documents assigned, in list order (the document list's index,
        each asked whether it is assigned)."""
        rows = self._db.execute(
            "SELECT d.id, d.title FROM documents d WHERE EXISTS "
            "(SELECT 1 FROM assignments a WHERE a.document_id = d.id) ORDER BY d.position"
        )
        return {doc: title for doc, title in rows}

    def done_by(self, annotator_id: str, documents: Sequence[str]) -> set[str]:
        """Those of ``documents`` the annotator marked done."""
        rows = self._db.execute(
            "SELECT d.document_id FROM json_each(?) j CROSS JOIN document_status d "
            "ON d.document_id = j.value AND d.annotator_id = ? WHERE d.status = 'done'",
            [json.dumps(list(documents)), annotator_id],
        )
        return {r[0] for r in rows}

    def ready(self, resolved: dict[str, str | None], reviewer: str) -> list[tuple[str, bool]]:
        """The documents every assignee marked done (``resolved``: name -> whose work counts
        for it), in list order, each with whether ``reviewer`` (gold) marked it done too."""
        rows = self._db.execute(
            """
            WITH who(name, id) AS (SELECT key, value FROM json_each(?)),
            ready(id) AS (
                SELECT a.document_id FROM assignments a
                LEFT JOIN who ON who.name = a.assignee
                LEFT JOIN document_status s
                    ON s.document_id = a.document_id AND s.annotator_id = who.id
                GROUP BY a.document_id HAVING count(*) = sum(s.status IS 'done')
            )
            SELECT d.id, g.status IS 'done' FROM ready CROSS JOIN documents d ON d.id = ready.id
            LEFT JOIN document_status g ON g.document_id = d.id AND g.annotator_id = ?
            ORDER BY d.position
            """,
            [json.dumps(resolved), reviewer],
        )
        return [(r[0], bool(r[1])) for r in rows]

    def documents(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM documents").fetchone()[0])
