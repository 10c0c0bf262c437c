"""Rows of accepted and rejected proposals: mixed into ProjectStore, their only SQL.

A proposal a person decided on is remembered per (document, annotator, start, end, label): a
rejected one is not proposed again to that annotator on that document; an accepted one records
the span it became and where it came from (rule, registry, model, occurrence).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from annotator.core.links import Quote
from annotator.core.model import Span, Status


@dataclass(frozen=True)
class Outcome:
    """What a person did with one proposal."""

    document_id: str
    annotator_id: str
    start: int
    end: int
    label: str
    origin: str  # occurrence | rule | registry | model
    outcome: str  # accepted | rejected
    span_id: str | None
    decided_at: str

    @property
    def key(self) -> tuple[str, int, int, str]:
        """The same key as ``core.proposals.Proposal.key``."""
        return (self.document_id, self.start, self.end, self.label)


_COLUMNS = 'document_id, annotator_id, start, "end", label, origin, outcome, span_id, decided_at'


class OutcomeRows:
    """Mixed into ProjectStore: needs ``self.db``, ``self._writing()`` and span/quote rows."""

    db: Database

    def _writing(self) -> contextlib.AbstractContextManager[Database]:
        raise NotImplementedError

    def _insert_span(self, span: Span) -> None:
        raise NotImplementedError

    def _insert_quote(self, q: Quote) -> None:
        raise NotImplementedError

    def _delete_quote(self, quote_id: str) -> None:
        raise NotImplementedError

    def _set_status(self, document_id: str, annotator_id: str, status: Status) -> None:
        raise NotImplementedError

    def outcomes(self, document_id: str | None, annotator_id: str) -> list[Outcome]:
        """The annotator's decided proposals on one document (all documents if None)."""
        where, params = "annotator_id = ?", [annotator_id]
        if document_id is not None:
            where, params = where + " AND document_id = ?", [*params, document_id]
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM proposal_outcomes WHERE {where} "
            'ORDER BY document_id, start, "end", label',
            params,
        ).fetchall()
        return [Outcome(*row) for row in rows]

    def origin_of_span(self, span_id: str) -> str | None:
        """Where an accepted proposal's span came from; None for a span made by hand."""
        row = self.db.execute(
            "SELECT origin FROM proposal_outcomes WHERE span_id = ? AND outcome = 'accepted'",
            [span_id],
        ).fetchone()
        return None if row is None else str(row[0])

    def outcomes_of(
        self, annotator_id: str, keys: Iterable[tuple[str, int, int, str]]
    ) -> list[Outcome]:
        """The stored outcomes of these proposal keys (to put back when a new one is undone)."""
        found: list[Outcome] = []
        for document_id, start, end, label in set(keys):
            row = self.db.execute(
                f"SELECT {_COLUMNS} FROM proposal_outcomes WHERE document_id = ? AND "
                'annotator_id = ? AND start = ? AND "end" = ? AND label = ?',
                [document_id, annotator_id, start, end, label],
            ).fetchone()
            if row is not None:
                found.append(Outcome(*row))
        return found

    def linked_texts(self) -> list[tuple[str, str]]:
        """(entity id, text) of every linked mention in the project, every annotator's: what
        the registry finder looks for besides names and aliases (repeats count)."""
        rows = self.db.execute("SELECT entity_id, text FROM spans WHERE entity_id IS NOT NULL")
        return [(str(e), str(t)) for e, t in rows]

    def put_outcomes(self, outcomes: Iterable[Outcome]) -> None:
        """Remember rejections (an earlier outcome on the same key is replaced)."""
        with self._writing():
            self._put(outcomes)

    def delete_outcomes(self, outcomes: Iterable[Outcome], restore: Iterable[Outcome] = ()) -> None:
        """Forget ``outcomes`` and put back ``restore`` (what they replaced), in one commit."""
        with self._writing():
            self._delete(outcomes)
            self._put(restore)

    def accept_proposals(
        self,
        spans: Sequence[Span],
        quotes: Sequence[Quote],
        outcomes: Sequence[Outcome],
        statuses: dict[tuple[str, str], Status],
    ) -> None:
        """Accepted proposals in one commit: their spans, the quotes made of them, the outcome
        rows saying where each came from, and documents moved to "in progress"."""
        with self._writing():
            for span in spans:
                self._insert_span(span)
            for quote in quotes:
                self._insert_quote(quote)
            self._put(outcomes)
            for (document_id, annotator_id), status in statuses.items():
                self._set_status(document_id, annotator_id, status)

    def unaccept_proposals(
        self,
        spans: Sequence[Span],
        quotes: Sequence[Quote],
        outcomes: Sequence[Outcome],
        statuses: dict[tuple[str, str], Status],
        restore: Sequence[Outcome] = (),
    ) -> None:
        """Undo of ``accept_proposals``: exactly what it wrote goes, and the outcomes it
        replaced (``restore``) come back, in one commit."""
        with self._writing():
            for quote in quotes:
                self._delete_quote(quote.id)
            self.db.conn.executemany(
                "DELETE FROM claims WHERE span_id = ?", [(s.id,) for s in spans]
            )
            self.db.conn.executemany("DELETE FROM spans WHERE id = ?", [(s.id,) for s in spans])
            self._delete(outcomes)
            self._put(restore)
            for (document_id, annotator_id), status in statuses.items():
                self._set_status(document_id, annotator_id, status)

    def _put(self, outcomes: Iterable[Outcome]) -> None:
        self.db.conn.executemany(
            f"INSERT OR REPLACE INTO proposal_outcomes ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (o.document_id, o.annotator_id, o.start, o.end, o.label, o.origin, o.outcome)
                + (o.span_id, o.decided_at)
                for o in outcomes
            ],
        )

    def _delete(self, outcomes: Iterable[Outcome]) -> None:
        self.db.conn.executemany(
            "DELETE FROM proposal_outcomes WHERE document_id = ? AND annotator_id = ? "
            'AND start = ? AND "end" = ? AND label = ?',
            [(o.document_id, o.annotator_id, o.start, o.end, o.label) for o in outcomes],
        )
