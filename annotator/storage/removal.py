"""Removing documents with everything on them, and putting them back exactly (undo): mixed
into ProjectStore, their only SQL."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from sqlite_utils import Database

from annotator.core.links import Claim, Quote
from annotator.core.model import Annotator, Document, Span
from annotator.storage.outcomes import Outcome


@dataclass(frozen=True)
class RemovedDocument:
    """Everything a document removal took away, so that undo puts back the same rows."""

    document: Document
    spans: tuple[Span, ...]
    statuses: tuple[tuple[str, str, str], ...]  # (annotator_id, status, updated_at)
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    outcomes: tuple[Outcome, ...] = ()  # accepted and rejected proposals on it
    decisions: tuple[tuple[Any, ...], ...] = ()  # review decision rows, as stored


class DocumentRemoval:
    """Mixed into ProjectStore: needs its document, span, link and outcome rows."""

    db: Database

    def _writing(self) -> contextlib.AbstractContextManager[Database]:
        raise NotImplementedError

    def document(self, document_id: str) -> Document:
        raise NotImplementedError

    def _insert_document(self, doc: Document) -> None:
        raise NotImplementedError

    def _spans_where(self, where: str, params: list[Any]) -> Iterator[Span]:
        raise NotImplementedError

    def _insert_span(self, span: Span) -> None:
        raise NotImplementedError

    def annotators(self) -> list[Annotator]:
        raise NotImplementedError

    def outcomes(self, document_id: str | None, annotator_id: str) -> list[Outcome]:
        raise NotImplementedError

    def _put(self, outcomes: Iterable[Outcome]) -> None:
        raise NotImplementedError

    def _delete(self, outcomes: Iterable[Outcome]) -> None:
        raise NotImplementedError

    def _links_of_document(self, document_id: str) -> tuple[tuple[Quote, ...], tuple[Claim, ...]]:
        raise NotImplementedError

    def _drop_links_of_document(self, document_id: str) -> None:
        raise NotImplementedError

    def _restore_links(self, quotes: Iterable[Quote], claims: Iterable[Claim]) -> None:
        raise NotImplementedError

    def remove_document(self, document_id: str) -> RemovedDocument:
        with self._writing():
            removed = RemovedDocument(
                document=self.document(document_id),
                spans=tuple(self._spans_where("document_id = ?", [document_id])),
                statuses=tuple(
                    (r[0], r[1], r[2])
                    for r in self.db.execute(
                        "SELECT annotator_id, status, updated_at FROM document_status "
                        "WHERE document_id = ?",
                        [document_id],
                    )
                ),
            )
            quotes, claims = self._links_of_document(document_id)
            decisions = self.db.execute(
                "SELECT * FROM decisions WHERE document_id = ?", [document_id]
            ).fetchall()
            outcomes = [o for a in self.annotators() for o in self.outcomes(document_id, a.id)]
            removed = replace(
                removed,
                quotes=quotes,
                claims=claims,
                outcomes=tuple(outcomes),
                decisions=tuple(tuple(row) for row in decisions),
            )
            self._delete(outcomes)
            self.db.execute("DELETE FROM decisions WHERE document_id = ?", [document_id])
            self._drop_links_of_document(document_id)
            self.db.execute("DELETE FROM spans WHERE document_id = ?", [document_id])
            self.db.execute("DELETE FROM document_status WHERE document_id = ?", [document_id])
            self.db.execute("DELETE FROM documents WHERE id = ?", [document_id])
        return removed

    def remove_documents(self, document_ids: list[str]) -> list[RemovedDocument]:
        with self._writing():
            return [self.remove_document(document_id) for document_id in document_ids]

    def restore_documents(self, removed: list[RemovedDocument]) -> None:
        with self._writing():
            for item in removed:
                self.restore_document(item)

    def restore_document(self, removed: RemovedDocument) -> None:
        with self._writing():
            self._insert_document(removed.document)
            for span in removed.spans:
                self._insert_span(span)
            self.db.conn.executemany(
                "INSERT INTO document_status (document_id, annotator_id, status, updated_at) "
                "VALUES (?, ?, ?, ?)",
                [(removed.document.id, a, s, t) for a, s, t in removed.statuses],
            )
            self._restore_links(removed.quotes, removed.claims)
            self._put(removed.outcomes)
            for row in removed.decisions:
                marks = ", ".join("?" * len(row))
                self.db.execute(f"INSERT INTO decisions VALUES ({marks})", list(row))
