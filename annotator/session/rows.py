"""A project as rows, for the formats (``core.rows.RowTarget``): what an export reads and an
import checks and writes, without handing them the store; and someone else's project read the
same way from an in-memory copy (bringing their work in)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from annotator.core.links import Claim, Quote
from annotator.core.model import Annotator, Document, Label, Span, Status
from annotator.core.records import StoredLabel
from annotator.core.rows import BulkBatch, BulkTotals, DocumentRow, EntityRow, Work
from annotator.session.changes import Change, ChangeKind
from annotator.storage.copying import FileMark
from annotator.storage.opening import snapshot
from annotator.storage.store import ProjectStore
from annotator.storage.team import Cut, write_package


class ProjectRows:
    """The rows of one open project. ``write`` is one transaction; what it changed is told
    through ``report`` (the session's listeners)."""

    def __init__(self, store: ProjectStore, report: Callable[[Change], object] | None) -> None:
        self._store = store
        self._report = report

    @property
    def name(self) -> str:
        return str(self._store.path)

    def annotators(self) -> list[Annotator]:
        return self._store.annotators.all()

    def annotators_with_work(self) -> set[str]:
        return self._store.annotators.with_work()

    def document_count(self) -> int:
        return self._store.documents.count()

    def document_rows(self) -> Iterator[DocumentRow]:
        return self._store.documents.rows()

    def entity_rows(self) -> dict[str, EntityRow]:
        return self._store.entities.rows()

    def export_rows(
        self, annotator_ids: Sequence[str], *, only_done: bool = False
    ) -> Iterator[tuple[DocumentRow, list[Work]]]:
        return self._store.bulk.export_rows(annotator_ids, only_done=only_done)

    def labels(self) -> list[Label]:
        return self._store.labels.all()

    def document_ids_by_sha(self) -> dict[str, str]:
        return self._store.documents.ids_by_sha()

    def entity_ids(self) -> set[str]:
        return self._store.entities.ids()

    def document(self, document_id: str) -> Document:
        return self._store.documents.get(document_id)

    def spans(self, document_id: str, annotator_id: str) -> list[Span]:
        return self._store.spans.of(document_id, annotator_id)

    def span(self, span_id: str) -> Span:
        return self._store.spans.get(span_id)

    def quotes(self, document_id: str, annotator_id: str) -> list[Quote]:
        return self._store.links.quotes(document_id, annotator_id)

    def quote(self, quote_id: str) -> Quote:
        return self._store.links.quote(quote_id)

    def claims(self, document_id: str, annotator_id: str) -> dict[str, Claim]:
        return self._store.links.claims(document_id, annotator_id)

    def status(self, document_id: str, annotator_id: str) -> Status:
        return self._store.documents.status(document_id, annotator_id)

    def write(self, batches: Iterable[BulkBatch]) -> BulkTotals:
        """Store an import's rows in one transaction: all of them, or none if anything fails
        (a broken constraint, or an error raised while ``batches`` is produced). What changed
        is told once: the scheme, the entity registry, the documents."""
        totals = self._store.bulk.write(batches)
        if self._report is not None:
            if totals.labels:
                self._report(Change(ChangeKind.SCHEME))
            if totals.entities:
                self._report(Change(ChangeKind.ENTITIES))
            written = (
                totals.documents,
                totals.spans,
                totals.quotes,
                totals.claims,
                totals.statuses,
            )
            if any(written) or totals.replaced:  # a replacement may write nothing in its place
                self._report(Change(ChangeKind.DOCUMENTS))
        return totals


class ProjectCopy(ProjectRows):
    """Someone else's project file read through an in-memory copy (``storage.opening.snapshot``:
    a private copy of its bytes, and of its ``-wal``, checked unchanged and whole; Behind
    naming the file if not): nothing is written to it or beside it. ``mark``: which bytes of
    the file were read. ``roll_back``: a hot ``-journal`` beside it is rolled back in the
    copy (False: the file is Behind, being written now). Close it when done."""

    def __init__(self, path: Path, *, roll_back: bool = True) -> None:
        copy = snapshot(path, roll_back=roll_back)
        super().__init__(ProjectStore(path, copy.db, read_only=True, lock=None), None)
        self.mark: FileMark = copy.mark

    def setting(self, key: str, default: str = "") -> str:
        """A team setting of their file (``storage.assignments``)."""
        return self._store.assignments.setting(key, default)

    def created(self) -> str:
        """When their project was made (the same as ours: made from this project)."""
        return self._store.team.created()

    def bindings(self) -> dict[str, str | None]:
        """Their assignee names -> the annotator id each is bound to (None: unbound)."""
        return self._store.assignments.bindings()

    def bound_at(self) -> dict[str, str]:
        """Their bound names -> when each was bound there (its holder's first open)."""
        return self._store.assignments.bound_at()

    def documents_of(self, name: str) -> list[str]:
        """Their documents assigned to ``name``."""
        return self._store.assignments.documents_of(name)

    def label_rows(self) -> list[StoredLabel]:
        """Their scheme, with each label's row id and position."""
        return self._store.labels.rows()

    def guideline(self) -> str:
        return self._store.labels.guideline()

    def label_ids(self) -> dict[int, tuple[str, str]]:
        """Their labels by row id: (layer, name)."""
        return self._store.team.label_ids()

    def track(self, annotator_id: str) -> set[tuple[str, ...]]:
        """What stands for one annotator's work in their file (``storage.team.track``)."""
        return self._store.team.track(annotator_id)

    def package_to(self, target: Path, cut: Cut) -> None:
        """Their project cut into a package at ``target`` (``storage.team.write_package``)."""
        write_package(self._store.db.conn, target, cut)

    def close(self) -> None:
        self._store.close()
