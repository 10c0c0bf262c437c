"""Proposals over many documents, one document at a time: the suggestion finders and "all
occurrences" as functions of (document, text), and a job that runs them over the project
through a read-only store of its own (a reader thread's), reporting each document as it goes."""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from annotator.core.links import CUE_LABEL
from annotator.core.model import Layer, Span
from annotator.core.proposals import Proposal, occurrence_proposals
from annotator.core.scheme import Scheme
from annotator.core.suggest import KnownNames, suggest
from annotator.storage.store import ProjectStore

Find = Callable[[str, str], list[Proposal]]  # (document id, its text) -> its proposals


@dataclass(frozen=True)
class Step:
    """One document looked at: its proposals, and how far the job is."""

    document_id: str
    title: str
    text: str
    proposals: list[Proposal]
    done: int  # documents looked at so far, this one included
    total: int  # documents the job looks at


def rejected_keys(
    store: ProjectStore, annotator_id: str, document_id: str | None = None
) -> set[tuple[str, int, int, str]]:
    """Keys of the proposals the annotator rejected (on one document, or all)."""
    return {o.key for o in store.outcomes.of(document_id, annotator_id) if o.outcome == "rejected"}


def suggestion_finder(
    store: ProjectStore, annotator_id: str, scheme: Scheme, nlp: Any | None
) -> Find:
    """Quotes (with cue and speaker), known entities and, with ``nlp``, the model's entities
    of one document; none the annotator rejected, none that repeats a span they made, none
    with a label the scheme lacks. The registry and the rejections are read once, here."""
    known = KnownNames(store.entities.all(), store.entities.each_linked_text())
    has_cue = scheme.get(Layer.QUOTE, CUE_LABEL) is not None
    quote_labels = [x.name for x in scheme.by_layer(Layer.QUOTE) if x.name != CUE_LABEL]
    quote_label = "QUOTE" if "QUOTE" in quote_labels else (quote_labels or [""])[0]
    rejected = rejected_keys(store, annotator_id)  # one query for every document

    def find(document_id: str, text: str) -> list[Proposal]:
        mine = store.spans.of(document_id, annotator_id)
        found = []
        for p in suggest(
            document_id,
            text,
            mine,
            known,
            nlp=nlp,
            rejected=rejected,
            quotes=bool(quote_label),
            quote_label=quote_label or "QUOTE",
        ):
            if scheme.get(p.layer, p.label) is None:
                continue
            found.append(p if has_cue or p.cue is None else replace(p, cue=None))
        return found

    return find


def occurrence_finder(store: ProjectStore, annotator_id: str, span: Span) -> Find:
    """The whole-word occurrences of ``span``'s text in one document not yet labelled like it
    by the annotator, nor rejected, proposed with its label and entity."""
    rejected = rejected_keys(store, annotator_id)

    def find(document_id: str, text: str) -> list[Proposal]:
        taken = [(s.start, s.end, s.label) for s in store.spans.of(document_id, annotator_id)]
        found = occurrence_proposals(
            document_id, text, span.text, span.layer, span.label, span.entity_id, taken
        )
        return [p for p in found if p.key not in rejected]

    return find


def each_document(
    store: ProjectStore, document_ids: Sequence[str] | None = None
) -> Generator[tuple[str, str, str]]:
    """(id, title, text) of the documents asked for, or of every document in list order
    through one cursor; one text at a time, none kept."""
    if document_ids is not None:
        for document_id in document_ids:
            d = store.documents.get(document_id)
            yield d.id, d.title, d.text
        return
    for row in store.documents.rows():
        yield row[0], row[2], row[1]


def steps(
    store: ProjectStore, find: Find, document_ids: Sequence[str] | None = None
) -> Generator[Step]:
    """``find`` over the documents asked for (every document by default), one at a time."""
    total = len(document_ids) if document_ids is not None else store.documents.count()
    documents = each_document(store, document_ids)
    try:
        for done, (document_id, title, text) in enumerate(documents, 1):
            yield Step(document_id, title, text, find(document_id, text), done, total)
    finally:
        documents.close()


class ReaderJob:
    """Work over the project's documents for another thread: made on the session's thread,
    run once on the reader's, where it opens a read-only store of its own (``storage.reader``)
    and closes it when the work ends or stops (the caller closes the iterator)."""

    def __init__(
        self,
        open_store: Callable[[], ProjectStore],
        finder: Callable[[ProjectStore], Find],
        document_ids: Sequence[str] | None = None,
    ) -> None:
        self._open = open_store
        self._finder = finder
        self._ids = document_ids
        self.entity_names: dict[str, str] = {}

    def run(self, stopped: Callable[[], bool] = lambda: False) -> Generator[Step]:
        """The steps; ``entity_names`` is filled (entity id -> name, for the speakers of the
        proposals) before the first. ``stopped`` is asked between the stages of preparing
        (opening, reading the registry, building the finder: seconds at 100k documents), so
        a stop need not wait for all of them; between the steps the caller asks it."""
        store = self._open()
        try:
            if stopped():
                return
            self.entity_names = {e.id: e.name for e in store.entities.all()}
            if stopped():
                return
            find = self._finder(store)
            if stopped():
                return
            work = steps(store, find, self._ids)
            try:
                yield from work
            finally:
                work.close()
        finally:
            store.close()
