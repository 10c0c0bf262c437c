"""Rows of accepted and rejected proposals.

A proposal a person decided on is remembered per (document, annotator, start, end, label): a
rejected one is not proposed again to that annotator on that document; an accepted one records
the span it became and where it came from (rule, registry, model, occurrence).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotator.core.links import Quote
from annotator.core.model import Span, Status
from annotator.core.records import Outcome
from annotator.storage.database import ProjectDb, Repository
from annotator.storage.links import Links
from annotator.storage.spans import Spans

_COLUMNS = 'document_id, annotator_id, start, "end", label, origin, outcome, span_id, decided_at'


class Outcomes(Repository):
    """Decided proposals; every write is one transaction (a savepoint inside another)."""

    def __init__(self, pdb: ProjectDb, spans: Spans, links: Links) -> None:
        super().__init__(pdb)
        self._spans = spans
        self._links = links

    def of(self, document_id: str | None, annotator_id: str) -> list[Outcome]:
        """The annotator's decided proposals on one document (all documents if None)."""
        where, params = "annotator_id = ?", [annotator_id]
        if document_id is not None:
            where, params = where + " AND document_id = ?", [*params, document_id]
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM proposal_outcomes WHERE {where} "
            'ORDER BY document_id, start, "end", label',
            params,
        ).fetchall()
        return [Outcome(*row) for row in rows]

    def origin_of_span(self, span_id: str) -> str | None:
        """Where an accepted proposal's span came from; None for a span made by hand."""
        row = self._db.execute(
            "SELECT origin FROM proposal_outcomes WHERE span_id = ? AND outcome = 'accepted'",
            [span_id],
        ).fetchone()
        return None if row is None else str(row[0])

    def put(self, outcomes: Iterable[Outcome]) -> None:
        """Remember decisions on proposals (an earlier outcome on the same key is replaced)."""
        with self._pdb.writing():
            self._db.conn.executemany(
                f"INSERT INTO proposal_outcomes ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?) "
                'ON CONFLICT (document_id, annotator_id, start, "end", label) DO UPDATE SET '
                "origin = excluded.origin, outcome = excluded.outcome, "
                "span_id = excluded.span_id, decided_at = excluded.decided_at",
                [
                    (o.document_id, o.annotator_id, o.start, o.end, o.label, o.origin, o.outcome)
                    + (o.span_id, o.decided_at)
                    for o in outcomes
                ],
            )

    def accept(
        self,
        spans: Sequence[Span],
        quotes: Sequence[Quote],
        outcomes: Sequence[Outcome],
        statuses: dict[tuple[str, str], Status],
    ) -> None:
        """Accepted proposals in one transaction: their spans, the quotes made of them, the
        outcome rows saying where each came from, and documents moved to "in progress"."""
        with self._pdb.writing():
            self._spans.insert_many(spans, statuses)
            for quote in quotes:
                self._links.insert_quote(quote)
            self.put(outcomes)
