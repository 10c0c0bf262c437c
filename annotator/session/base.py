"""What the session's parts need of the session they belong to (the ``Session`` has it): who
is annotating, the scheme, documents and spans as read through the session's caches, and the
way to report what an edit changed. The parts take this, not the Session class, so that the
session composes them without the two importing each other."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from annotator.core.model import Annotator, Document, DocumentMeta, Label, Span
from annotator.core.scheme import Scheme
from annotator.session.changes import Change


class SessionCore(Protocol):
    @property
    def annotator(self) -> Annotator: ...

    @property
    def scheme(self) -> Scheme: ...

    def report(self, change: Change) -> Change: ...

    def subscribe(self, listener: Callable[[Change], None]) -> None: ...

    def annotators(self) -> list[Annotator]: ...

    def documents(self, annotator_id: str | None = None) -> list[DocumentMeta]: ...

    def document(self, document_id: str) -> Document: ...

    def spans(self, document_id: str, annotator_id: str | None = None) -> list[Span]: ...

    def span_counts(self) -> dict[str, int]: ...

    def started_counts(self) -> dict[str, int]: ...

    def new_span(self, document_id: str, start: int, end: int, label: Label) -> Span: ...
