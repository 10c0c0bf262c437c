"""Session side of bulk imports: a whole file's rows in one commit, then one report of changes."""

from __future__ import annotations

from collections.abc import Iterable

from annotator.core.scheme import Scheme
from annotator.session.changes import Change, ChangeKind
from annotator.storage.bulk import BulkBatch, BulkTotals
from annotator.storage.project import ProjectStore


class BulkOps:
    """Mixed into Session."""

    store: ProjectStore
    _scheme: Scheme

    def _emit(self, change: Change) -> Change:
        raise NotImplementedError

    def write_bulk(self, batches: Iterable[BulkBatch]) -> BulkTotals:
        """Store an import's rows in one transaction: all of them, or none if anything fails
        (a broken constraint, or an error raised while ``batches`` is produced). Listeners
        hear once what changed: the scheme, the documents, the entity registry. Work a batch
        replaces (``BulkBatch.replace``) is deleted in the same transaction."""
        totals = self.store.bulk_write(batches)
        if totals.labels:
            self._scheme = Scheme(self.store.labels())
            self._emit(Change(ChangeKind.SCHEME))
        if totals.entities:
            self._emit(Change(ChangeKind.ENTITIES))
        written = (totals.documents, totals.spans, totals.quotes, totals.claims, totals.statuses)
        if any(written) or totals.replaced:  # a replacement may write nothing in its place
            self._emit(Change(ChangeKind.DOCUMENTS))
        return totals
