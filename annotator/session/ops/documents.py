"""Document edits: status, details, removal, adding articles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from annotator.core.articles import ParsedArticle
from annotator.core.model import Status
from annotator.core.wording import counted
from annotator.session.changes import ImportReport
from annotator.session.ops.base import Operation, short

if TYPE_CHECKING:
    from annotator.session.session import Session


class SetStatus(Operation):
    def __init__(self, session: Session, document_id: str, status: Status) -> None:
        super().__init__(session, f"Mark document {status.display}")
        self.document_id, self.status = document_id, status

    def run(self) -> None:
        self.session.set_status(self.document_id, self.status)


class EditDocument(Operation):
    """Title, date, source and open metadata of a document (never its text); ``meta`` None
    keeps the metadata as it is."""

    def __init__(
        self,
        session: Session,
        document_id: str,
        title: str,
        date: str | None,
        source: str,
        meta: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(session, "Edit document details")
        self.document_id = document_id
        self.title, self.date, self.source = title, date, source
        self.meta = None if meta is None else dict(meta)

    def run(self) -> None:
        self.session.edit_document(
            self.document_id,
            title=self.title,
            date=self.date,
            source=self.source,
            meta=self.meta,
        )


class RemoveDocument(Operation):
    """A document with every annotator's work on it."""

    def __init__(self, session: Session, document_id: str, title: str) -> None:
        super().__init__(session, f"Remove document “{short(title)}”")
        self.document_id = document_id

    def run(self) -> None:
        self.session.remove_documents([self.document_id])


class ImportArticles(Operation):
    """Adding articles is one edit; ``report`` says what was imported and skipped."""

    def __init__(self, session: Session, articles: Sequence[tuple[str, ParsedArticle]]) -> None:
        super().__init__(session, f"Import {counted(len(articles), 'article')}")
        self.articles = list(articles)
        self.report = ImportReport()

    def run(self) -> None:
        self.report = self.session.import_articles(self.articles)


class SetStatuses(Operation):
    """Several documents marked at once (a search's results): one edit, one undo."""

    def __init__(self, session: Session, document_ids: Sequence[str], status: Status) -> None:
        super().__init__(session, f"Mark {counted(len(document_ids), 'document')} {status.display}")
        self.document_ids, self.status = list(document_ids), status

    def run(self) -> None:
        for document_id in self.document_ids:
            self.session.set_status(document_id, self.status)
