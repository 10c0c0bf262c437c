"""The open project and the current annotator: every edit goes through here and is reported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from annotator.core.articles import ParsedArticle
from annotator.core.errors import AnnotatorError, SpanError
from annotator.core.links import Detached, Quote
from annotator.core.model import (
    Annotator,
    Document,
    DocumentMeta,
    Label,
    Span,
    Status,
    new_id,
    now_iso,
)
from annotator.core.scheme import Scheme
from annotator.session.bulk import BulkOps
from annotator.session.changes import Change, ChangeKind, ImportReport
from annotator.session.decisions import DecisionOps
from annotator.session.labels import LabelOps
from annotator.session.links import LinkOps
from annotator.session.suggest import SuggestOps
from annotator.storage.project import ProjectStore, RemovedDocument

__all__ = ["Change", "ChangeKind", "ImportReport", "Listener", "Session"]


Listener = Callable[[Change], None]


class Session(LinkOps, LabelOps, BulkOps, DecisionOps, SuggestOps):
    """One open project seen by one annotator. Each method is one committed transaction."""

    def __init__(self, store: ProjectStore, annotator: Annotator) -> None:
        self.store = store
        self.annotator = annotator
        self._listeners: list[Listener] = []
        self._scheme = Scheme(store.labels())
        self._doc_cache: dict[str, Document] = {}
        store.ensure_annotator(annotator)
        self._seen_version = store.data_version()

    # -- plumbing ------------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    @property
    def scheme(self) -> Scheme:
        return self._scheme

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    def _emit(self, change: Change) -> Change:
        # No data_version refresh here: SQLite changes it only for other connections' commits.
        for listener in list(self._listeners):
            listener(change)
        return change

    def close(self) -> None:
        self._listeners.clear()
        self.store.close()

    def check_external_change(self) -> bool:
        """Poll the file: if another process committed, drop caches and tell the listeners."""
        version = self.store.data_version()
        if version == self._seen_version:
            return False
        self._seen_version = version
        self._doc_cache.clear()
        self._scheme = Scheme(self.store.labels())
        self._emit(Change(ChangeKind.EXTERNAL))
        return True

    def rename_annotator(self, annotator: Annotator) -> None:
        """The current annotator under a new name (same id): recorded in the project at once."""
        if annotator.id != self.annotator.id:
            raise AnnotatorError("renaming cannot change who the annotator is")
        self.annotator = annotator
        if not self.read_only:
            self.store.ensure_annotator(annotator)

    # -- reading -------------------------------------------------------------------------------

    def documents(self, annotator_id: str | None = None) -> list[DocumentMeta]:
        """The document list as one annotator (default: the current one) stands on it."""
        return self.store.documents_meta(annotator_id or self.annotator.id)

    def document_meta(
        self, document_id: str, annotator_id: str | None = None
    ) -> DocumentMeta | None:
        rows = self.store.documents_meta(annotator_id or self.annotator.id, document_id)
        return rows[0] if rows else None

    def document(self, document_id: str) -> Document:
        doc = self._doc_cache.get(document_id)
        if doc is None:
            doc = self.store.document(document_id)
            self._doc_cache[document_id] = doc
        return doc

    def spans(self, document_id: str, annotator_id: str | None = None) -> list[Span]:
        return self.store.spans(document_id, annotator_id or self.annotator.id)

    def span(self, span_id: str) -> Span:
        return self.store.span(span_id)

    def span_count(self, document_id: str) -> int:
        """Spans of every annotator in the document."""
        return self.store.span_count(document_id)

    def status(self, document_id: str) -> Status:
        return self.store.status(document_id, self.annotator.id)

    # -- span edits ----------------------------------------------------------------------------

    def new_span(self, document_id: str, start: int, end: int, label: Label) -> Span:
        """A span of the current annotator over ``text[start:end]`` (not yet stored)."""
        text = self.document(document_id).text
        _check_range(text, start, end)
        return Span(
            id=new_id(),
            document_id=document_id,
            annotator_id=self.annotator.id,
            layer=label.layer,
            label=label.name,
            start=start,
            end=end,
            text=text[start:end],
            created_at=now_iso(),
        )

    def add_span(
        self,
        span: Span,
        *,
        start_document: bool = True,
        reattach: Detached | None = None,
        quote: Quote | None = None,
    ) -> Status:
        """Store ``span`` (new, or put back by undo with its id); returns the status before.

        With ``start_document``, the first span in a not-started document moves it to "in
        progress" in the same commit; undoing a removal passes False and leaves the status be,
        and ``reattach`` puts back the claim and quote links the removal took. ``quote`` is
        stored with the span: a new quote of this segment, or a quote it joins (segment, cue).
        """
        text = self.document(span.document_id).text
        _check_range(text, span.start, span.end)
        if text[span.start : span.end] != span.text:
            raise SpanError(f"span text {span.text!r} does not match the document")
        before = self.store.status(span.document_id, span.annotator_id)
        after = Status.IN_PROGRESS if start_document and before is Status.NOT_STARTED else None
        self.store.insert_span(span, status_after=after, reattach=reattach, quote=quote)
        linked = quote.span_ids if quote is not None else ()
        self._emit(
            Change(ChangeKind.SPANS, span.document_id, tuple(dict.fromkeys((span.id, *linked))))
        )
        return before

    def remove_span(
        self,
        span: Span,
        *,
        restore_status: Status | None = None,
        restore_quote: Quote | None = None,
    ) -> Detached:
        """Delete ``span`` with its claim and its place in a quote. For undo of an add,
        ``restore_status`` and ``restore_quote`` put back what the add changed. Returns what was
        detached (for undo of this removal)."""
        detached = self.store.delete_span(
            span, status_after=restore_status, quote_after=restore_quote
        )
        linked = tuple(i for q in detached.quotes for i in q.span_ids)
        self._emit(
            Change(ChangeKind.SPANS, span.document_id, tuple(dict.fromkeys((span.id, *linked))))
        )
        return detached

    def add_spans(self, spans: list[Span]) -> dict[tuple[str, str], Status]:
        """Store several spans in one commit (accepting proposals); returns the statuses the
        commit moved from "not started", for undo."""
        for span in spans:
            text = self.document(span.document_id).text
            _check_range(text, span.start, span.end)
            if text[span.start : span.end] != span.text:
                raise SpanError(f"span text {span.text!r} does not match the document")
        keys = {(s.document_id, s.annotator_id) for s in spans}
        before = {k: self.store.status(*k) for k in keys}
        moved = {k: Status.IN_PROGRESS for k, v in before.items() if v is Status.NOT_STARTED}
        self.store.add_spans(spans, moved)
        for document_id in {s.document_id for s in spans}:
            ids = tuple(s.id for s in spans if s.document_id == document_id)
            self._emit(Change(ChangeKind.SPANS, document_id, ids))
        return {k: before[k] for k in moved}

    def remove_spans(
        self, spans: list[Span], restore_statuses: dict[tuple[str, str], Status] | None = None
    ) -> None:
        """Remove several spans in one commit (undo of ``add_spans``)."""
        self.store.delete_spans(spans, restore_statuses or {})
        for document_id in {s.document_id for s in spans}:
            ids = tuple(s.id for s in spans if s.document_id == document_id)
            self._emit(Change(ChangeKind.SPANS, document_id, ids))

    def update_span(self, span: Span) -> Span:
        """Replace the stored span with the same id (relabel, move, note); returns the old one."""
        old = self.store.span(span.id)
        if (span.document_id, span.annotator_id) != (old.document_id, old.annotator_id):
            raise SpanError("a span cannot move to another document or annotator")
        text = self.document(old.document_id).text
        _check_range(text, span.start, span.end)
        if text[span.start : span.end] != span.text:
            raise SpanError(f"span text {span.text!r} does not match the document")
        self.store.update_span(span)
        self._emit(Change(ChangeKind.SPANS, span.document_id, (span.id,)))
        return old

    def resized(self, span: Span, start: int, end: int) -> Span:
        """``span`` with new boundaries (same id, label and note); not yet stored."""
        text = self.document(span.document_id).text
        _check_range(text, start, end)
        return span.with_changes(start=start, end=end, text=text[start:end])

    # -- documents -----------------------------------------------------------------------------

    def set_status(self, document_id: str, status: Status) -> Status:
        before = self.status(document_id)
        self.store.set_status(document_id, self.annotator.id, status)
        self._emit(Change(ChangeKind.STATUS, document_id))
        return before

    def edit_document(
        self, document_id: str, *, title: str, date: str | None, source: str
    ) -> Document:
        """Change title, date and source (never the text); returns the document as it was."""
        before = self.document(document_id)
        title = " ".join(title.split())
        if not title:
            raise AnnotatorError("a document needs a title")
        self.store.update_document_meta(document_id, title=title, date=date, source=source)
        self._doc_cache.pop(document_id, None)
        self._emit(Change(ChangeKind.DOCUMENT_META, document_id))
        return before

    def remove_document(self, document_id: str) -> RemovedDocument:
        removed = self.store.remove_document(document_id)
        self._doc_cache.pop(document_id, None)
        self._emit(Change(ChangeKind.DOCUMENTS, document_id))
        return removed

    def restore_document(self, removed: RemovedDocument) -> None:
        self.store.restore_document(removed)
        self._emit(Change(ChangeKind.DOCUMENTS, removed.document.id))

    def remove_documents(self, document_ids: list[str]) -> list[RemovedDocument]:
        """Remove several documents in one commit (undo of an import)."""
        removed = self.store.remove_documents(document_ids)
        for document_id in document_ids:
            self._doc_cache.pop(document_id, None)
        self._emit(Change(ChangeKind.DOCUMENTS))
        return removed

    def restore_documents(self, removed: list[RemovedDocument]) -> None:
        """Put removed documents back in one commit, with their ids (redo of an import)."""
        self.store.restore_documents(removed)
        self._emit(Change(ChangeKind.DOCUMENTS))

    def import_articles(
        self, articles: list[tuple[str, ParsedArticle]], report: ImportReport | None = None
    ) -> ImportReport:
        """Add parsed articles in one commit; texts already present (same hash) are skipped."""
        report = report or ImportReport()
        known = {
            sha: f"already in the project as {title!r}"
            for sha, title in self.store.document_titles_by_sha().items()
        }
        new: list[tuple[str, Document]] = []
        for name, article in articles:
            doc = Document(
                id=new_id(),
                text=article.text,
                title=article.title,
                date=article.date,
                source=name,
            )
            if doc.sha256 in known:
                report.skipped.append((name, f"the same text is {known[doc.sha256]}"))
                continue
            known[doc.sha256] = f"in {name}, earlier in this import"
            new.append((name, doc))
        if new:
            stored = self.store.add_documents(doc for _, doc in new)
            report.imported.extend((name, doc) for (name, _), doc in zip(new, stored, strict=True))
            self._emit(Change(ChangeKind.DOCUMENTS))
        return report


def _check_range(text: str, start: int, end: int) -> None:
    if not 0 <= start < end <= len(text):
        raise SpanError(f"span {start}..{end} does not fit a text of {len(text)} characters")
