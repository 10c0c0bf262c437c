"""One QUndoCommand per user edit; each calls the session, which commits before returning."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from annotator.core.articles import ParsedArticle
from annotator.core.links import Detached, Quote
from annotator.core.model import Document, Span, Status
from annotator.session import ImportReport, Session
from annotator.storage.project import RemovedDocument


class _SessionCommand(QUndoCommand):
    """Subclasses implement ``apply``/``revert``. ``apply_first`` runs the first apply outside the
    stack so an error reaches the user and nothing is pushed; the stack's first ``redo`` is then
    skipped."""

    writes_gold = False  # review decisions write the gold layer, whichever track is shown

    def __init__(self, session: Session, text: str) -> None:
        super().__init__(text)
        self.session = session
        self._applied = False

    def apply_first(self) -> None:
        self.apply()
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.apply()

    def undo(self) -> None:
        self.revert()

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class AddSpan(_SessionCommand):
    """A new span; with ``quote_after`` it also starts that quote or joins it (as a segment or
    its cue), and undo puts the quote back as ``quote_before`` (None: the quote goes)."""

    def __init__(
        self,
        session: Session,
        span: Span,
        quote_after: Quote | None = None,
        quote_before: Quote | None = None,
        text: str = "",
    ) -> None:
        super().__init__(session, text or f"Add {span.label} “{_short(span.text)}”")
        self.span = span
        self.quote_after, self.quote_before = quote_after, quote_before
        self._status_before: Status | None = None

    def apply(self) -> None:
        self._status_before = self.session.add_span(self.span, quote=self.quote_after)

    def revert(self) -> None:
        restore = self._status_before if self._status_before is Status.NOT_STARTED else None
        self.session.remove_span(self.span, restore_status=restore, restore_quote=self.quote_before)


class RemoveSpan(_SessionCommand):
    """Removing a span also takes its claim attributes and its place in a quote; undo puts the
    span back with all of them."""

    def __init__(self, session: Session, span: Span) -> None:
        super().__init__(session, f"Remove {span.label} “{_short(span.text)}”")
        self.span = span
        self._detached: Detached | None = None

    def apply(self) -> None:
        self._detached = self.session.remove_span(self.span)

    def revert(self) -> None:
        self.session.add_span(self.span, start_document=False, reattach=self._detached)


class UpdateSpan(_SessionCommand):
    """Relabel, move a boundary or edit the note: the span keeps its id."""

    def __init__(self, session: Session, before: Span, after: Span, text: str) -> None:
        super().__init__(session, text)
        self.before, self.after = before, after

    def apply(self) -> None:
        self.session.update_span(self.after)

    def revert(self) -> None:
        self.session.update_span(self.before)


class SetStatus(_SessionCommand):
    def __init__(self, session: Session, document_id: str, status: Status) -> None:
        super().__init__(session, f"Mark document {status.display}")
        self.document_id, self.status = document_id, status
        self._before = Status.NOT_STARTED

    def apply(self) -> None:
        self._before = self.session.set_status(self.document_id, self.status)

    def revert(self) -> None:
        self.session.set_status(self.document_id, self._before)


class EditDocument(_SessionCommand):
    def __init__(
        self, session: Session, document_id: str, title: str, date: str | None, source: str
    ) -> None:
        super().__init__(session, "Edit document details")
        self.document_id = document_id
        self.after = (title, date, source)
        self._before: Document | None = None

    def apply(self) -> None:
        title, date, source = self.after
        self._before = self.session.edit_document(
            self.document_id, title=title, date=date, source=source
        )

    def revert(self) -> None:
        assert self._before is not None
        before = self._before
        self.session.edit_document(
            self.document_id, title=before.title, date=before.date, source=before.source
        )


class RemoveDocument(_SessionCommand):
    def __init__(self, session: Session, document_id: str, title: str) -> None:
        super().__init__(session, f"Remove document “{_short(title)}”")
        self.document_id = document_id
        self._removed: RemovedDocument | None = None

    def apply(self) -> None:
        self._removed = self.session.remove_document(self.document_id)

    def revert(self) -> None:
        assert self._removed is not None
        self.session.restore_document(self._removed)


class ImportArticles(_SessionCommand):
    """Adding articles is one edit: undo removes them, redo brings them back with their ids."""

    def __init__(self, session: Session, articles: list[tuple[str, ParsedArticle]]) -> None:
        super().__init__(session, f"Import {len(articles)} article(s)")
        self.articles = articles
        self.report: ImportReport | None = None
        self._removed: list[RemovedDocument] = []

    def apply(self) -> None:
        if self.report is None:
            self.report = self.session.import_articles(self.articles)
        else:
            self.session.restore_documents(self._removed)

    def revert(self) -> None:
        assert self.report is not None
        ids = [doc.id for _, doc in self.report.imported]
        self._removed = self.session.remove_documents(ids)


def _short(text: str, limit: int = 30) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
