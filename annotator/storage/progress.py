"""The queries of the team's progress (issue 15): each read is of one assignee's documents
(through the ``assignments_by_assignee`` index and the spans' and statuses' indexes by
document and annotator), so reading one assignee again costs that assignee's work only."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

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
        compared = done & overlap
        labels: Counter[tuple[str, str]] = Counter()
        spans: dict[str, list[SpanTuple]] = {doc: [] for doc in sorted(compared)}
        rows = self._db.execute(  # one pass over their spans, through the spans' index
            'SELECT s.document_id, s.layer, s.label, s.start, s."end" FROM assignments a '
            "CROSS JOIN spans s ON s.document_id = a.document_id AND s.annotator_id = ? "
            "WHERE a.assignee = ?",
            [annotator_id, name],
        )
        for doc, layer, label, start, end in rows:
            labels[layer, label] += 1
            if doc in compared:
                spans[doc].append((start, end, layer, label))
            else:
                spans.setdefault(doc, [])  # (only to know it has spans: dropped below)
        started = frozenset(statuses) | frozenset(spans)
        return AssigneeWork(
            name,
            annotator_id,
            tuple(documents),
            started,
            done,
            tuple((la, lb, n) for (la, lb), n in sorted(labels.items())),
            {doc: tuple(sorted(found)) for doc, found in spans.items() if doc in compared},
        )

    def titles(self, documents: Sequence[str]) -> dict[str, str]:
        """Id -> title of ``documents``, in list order."""
        rows = self._db.execute(
            "SELECT d.id, d.title FROM json_each(?) j CROSS JOIN documents d ON d.id = j.value "
            "ORDER BY d.position",
            [json.dumps(list(documents))],
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
