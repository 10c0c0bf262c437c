"""The queries of the team's progress (issue 15): each read is of one assignee's documents
(through the ``assignments_by_assignee`` index, the spans' index by annotator and document
and the statuses' by document and annotator), so reading one assignee again costs that
assignee's work only."""

from __future__ import annotations

import json
from collections.abc import Sequence

import orjson

from annotator.core.agreement.records import ClaimItem, QuoteItem, Work
from annotator.core.links import Claim
from annotator.core.progress import AssigneeWork
from annotator.storage.database import Repository

_UNCLAIMED = Claim("")  # (a claim span without its claim row has the default attributes)
_UNSURE, _UNVERIFIED = _UNCLAIMED.check_worthiness.value, _UNCLAIMED.verdict.value


class ProgressQueries(Repository):
    """Read only."""

    def work(
        self, name: str, annotator_id: str | None, documents: Sequence[str], overlap: set[str]
    ) -> AssigneeWork:
        """What ``annotator_id``'s work holds on the documents assigned to ``name``: which
        are started (a status or a span) and done, spans per label, and their work on the
        documents of ``overlap`` they marked done, as the review compares it."""
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
        compared_work = self._compared(annotator_id, compared)
        return AssigneeWork(
            name,
            annotator_id,
            tuple(documents),
            frozenset(statuses) | frozenset(r[0] for r in with_spans),
            done,
            tuple((la, lb, n) for la, lb, n in labels),
            compared_work,
        )

    def _compared(self, annotator_id: str, documents: Sequence[str]) -> dict[str, Work]:
        """The annotator's work on each of ``documents`` as ``session.review.work_of`` reads
        it (spans, mentions, quotes with their speakers' names, claims, each in the order it
        reads them), in one query: each document's spans and quotes as JSON arrays made in
        SQL and decoded by orjson, a row per document instead of a row per span."""
        rows = self._db.execute(
            'SELECT j.value, (SELECT json_group_array(json_array(s.start, s."end", s.layer, '
            "s.label, s.entity_id, s.id, c.check_worthiness, c.verdict)) FROM spans s "
            "LEFT JOIN claims c ON c.span_id = s.id AND s.layer = 'claim' "
            "WHERE s.annotator_id = :who AND s.document_id = j.value), "
            "(SELECT json_group_array(json_array(q.created_at, q.id, q.speaker_entity_id, "
            "q.speaker_text, json((SELECT json_group_array(json_array(qs.position, s.start, "
            's."end")) FROM quote_segments qs CROSS JOIN spans s ON s.id = qs.span_id '
            "WHERE qs.quote_id = q.id AND s.document_id = q.document_id "
            "AND s.annotator_id = q.annotator_id)))) FROM quotes q "
            "WHERE q.document_id = j.value AND q.annotator_id = :who) "
            "FROM json_each(:docs) j",
            {"who": annotator_id, "docs": json.dumps(list(documents))},
        )
        read = [(doc, orjson.loads(spans), orjson.loads(quotes)) for doc, spans, quotes in rows]
        speakers = {q[2] for _, _, quotes in read for q in quotes if q[2] is not None}
        names = self._names(speakers) if speakers else {}
        found: dict[str, Work] = {}
        for doc, spans, quotes in read:
            spans.sort(key=lambda s: (s[0], -s[1], s[5]))  # (text order, as spans.of)
            quotes.sort(key=lambda q: (q[0], q[1]))  # (as links.quotes)
            found[doc] = Work(
                spans=tuple((s[0], s[1], s[2], s[3]) for s in spans),
                mentions=tuple((s[0], s[1], s[4]) for s in spans if s[4] is not None),
                quotes=tuple(
                    QuoteItem(
                        tuple((start, end) for _, start, end in sorted(segments)),
                        speaker,
                        text,
                        names.get(speaker or "", ()),
                    )
                    for _, _, speaker, text, segments in quotes
                ),
                claims=tuple(
                    ClaimItem(s[0], s[1], s[6] or _UNSURE, s[7] or _UNVERIFIED)
                    for s in spans
                    if s[2] == "claim"
                ),
            )
        return found

    def _names(self, entities: set[str]) -> dict[str, tuple[str, ...]]:
        """Entity id -> its names (name, then aliases) of ``entities``."""
        rows = self._db.execute(
            "SELECT e.id, e.name, e.aliases FROM json_each(?) j CROSS JOIN entities e "
            "ON e.id = j.value",
            [json.dumps(sorted(entities))],
        )
        return {i: (name, *orjson.loads(aliases)) for i, name, aliases in rows}

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
