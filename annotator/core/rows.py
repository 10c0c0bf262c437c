"""Rows in bulk: what an import writes and an export reads, as plain tuples in the column order
of their tables, and the narrow interface through which formats reach a project (the session
provides it; formats never see the store).

Rows travel as tuples, not core objects: an import or export of 500,000 spans would otherwise
spend most of its time making and unmaking dataclasses.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from annotator.core.links import Claim, Quote
from annotator.core.model import Annotator, Document, Label, Span, Status

DocumentRow = tuple[str, str, str, str | None, str, str, str]
"""id, text, title, date, source, sha256, metadata (as stored: ``core.model.metadata_json``)"""
SpanRow = tuple[str, int, int, str, str, str, str | None, str]
"""id, start, end, text, layer, label, entity_id, note"""
QuoteRow = tuple[str, list[str], str | None, str | None, str, str, str]
"""id, segment span ids in order, cue span id, speaker entity id, speaker_text, type, note"""
ClaimRow = tuple[str, str, str | None, str, str, str, str]
"""span_id, claimer_kind, claimer_entity_id, stance, check_worthiness, verdict, evidence"""
EntityRow = tuple[str, str, str, list[str], str]
"""id, name, type, aliases, wikidata ('' if none)"""


@dataclass(frozen=True, slots=True)
class Work:
    """One annotator's work on one document, as stored: spans in text order
    (start, longest first, id), quotes and claim rows, and the (document, annotator) status."""

    annotator_id: str
    status: str
    spans: list[SpanRow]
    quotes: list[QuoteRow]
    claims: list[ClaimRow]


@dataclass
class BulkBatch:
    """Rows to write, each a tuple in its table's column order.

    ``documents`` rows have no position: they are put after every other document, in order.
    ``annotators`` are added only if their id is new (a known annotator keeps their name).
    ``replace`` lists (document id, annotator id) pairs whose stored work (spans, quotes with
    their segments, claims, status) is deleted before the batch's rows are written: work
    brought in again replaces what was brought in before.
    """

    labels: list[Label] = field(default_factory=list)
    annotators: list[tuple[str, str, str]] = field(default_factory=list)  # id, name, created_at
    # id, sha256, text, title, date, source, created_at, metadata (JSON)
    documents: list[tuple[str, str, str, str, str | None, str, str, str]] = field(
        default_factory=list
    )
    entities: list[tuple[Any, ...]] = field(default_factory=list)  # id, annotator, name, type...
    spans: list[tuple[Any, ...]] = field(default_factory=list)  # id, document, annotator, layer...
    quotes: list[tuple[Any, ...]] = field(default_factory=list)  # id, document, annotator, cue...
    segments: list[tuple[str, str, int]] = field(default_factory=list)  # quote_id, span_id, pos
    claims: list[tuple[Any, ...]] = field(default_factory=list)  # span_id, claimer_kind...
    statuses: list[tuple[str, str, str, str]] = field(default_factory=list)  # doc, ann, status, at
    replace: list[tuple[str, str]] = field(default_factory=list)  # document id, annotator id


@dataclass
class BulkTotals:
    """How many rows a bulk write added, by kind."""

    labels: int = 0
    annotators: int = 0
    documents: int = 0
    entities: int = 0
    spans: int = 0
    quotes: int = 0
    claims: int = 0
    statuses: int = 0
    replaced: int = 0  # (document, annotator) works deleted to be replaced


class RowSource(Protocol):
    """A project read as rows: what an export, or bringing a colleague's work in, reads."""

    @property
    def name(self) -> str:
        """The project's file, for messages."""
        ...

    def annotators(self) -> list[Annotator]: ...

    def annotators_with_work(self) -> set[str]:
        """Ids of the annotators who have a span or a document status somewhere."""
        ...

    def document_count(self) -> int: ...

    def document_rows(self) -> Iterator[DocumentRow]:
        """Every document in list order, with its text."""
        ...

    def entity_rows(self) -> dict[str, EntityRow]:
        """Every registry entity as a row, by id."""
        ...

    def export_rows(
        self, annotator_ids: Sequence[str], *, only_done: bool = False
    ) -> Iterator[tuple[DocumentRow, list[Work]]]:
        """Every document in list order with the work of each of ``annotator_ids`` on it (in
        that order) who has spans there or a status (``only_done``: status done); a document
        nobody of them worked on comes with an empty list. Streamed."""
        ...


class RowTarget(RowSource, Protocol):
    """A project an import writes to: what loading checks lines against, and the write."""

    def labels(self) -> list[Label]: ...

    def document_ids_by_sha(self) -> dict[str, str]: ...

    def entity_ids(self) -> set[str]: ...

    def document(self, document_id: str) -> Document: ...

    def spans(self, document_id: str, annotator_id: str) -> list[Span]: ...

    def span(self, span_id: str) -> Span:
        """KeyError if there is none."""
        ...

    def quotes(self, document_id: str, annotator_id: str) -> list[Quote]: ...

    def quote(self, quote_id: str) -> Quote:
        """KeyError if there is none."""
        ...

    def claims(self, document_id: str, annotator_id: str) -> dict[str, Claim]: ...

    def status(self, document_id: str, annotator_id: str) -> Status: ...

    def write(self, batches: Iterable[BulkBatch]) -> BulkTotals:
        """Every batch in one transaction: all of them, or nothing if anything fails
        (including an exception raised while ``batches`` is produced); a broken rule of the
        file raises ``annotator.storage.errors.BulkConflict``."""
        ...
