"""Proposals as the session sees them: find them, accept them as edits, reject them for good.

Proposals are never stored as annotations until accepted. Accepting is one commit: the spans
(for a quote: its segments and cue, and the quote with its speaker) and a row recording the
proposal's origin. Rejecting stores a row too, so a rejected proposal does not come back to
this annotator on this document.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.links import CUE_LABEL, Entity, Quote, QuoteType
from annotator.core.model import Layer, Span, Status, new_id, now_iso
from annotator.core.proposals import Proposal
from annotator.core.records import Outcome
from annotator.core.suggest import load_pipeline
from annotator.core.suggest.model import PIPELINES
from annotator.session.base import SessionCore
from annotator.session.changes import Change, ChangeKind
from annotator.session.finding import (
    Find,
    ReaderJob,
    Step,
    occurrence_finder,
    rejected_keys,
    steps,
    suggestion_finder,
)
from annotator.session.registry import Registry
from annotator.storage.reader import reader_opener
from annotator.storage.store import ProjectStore


@dataclass(frozen=True)
class Accepted:
    """What accepting proposals writes: spans, the quotes made of them, the outcome rows, the
    documents it moves to "in progress", and the new entities its mentions are linked to."""

    spans: tuple[Span, ...] = ()
    quotes: tuple[Quote, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    statuses: dict[tuple[str, str], Status] = field(default_factory=dict)
    skipped: int = 0  # proposals no longer free (labelled by hand since), left out
    entities: tuple[Entity, ...] = ()  # new entities the accepted mentions are linked to

    @property
    def document_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.document_id for s in self.spans))


class Proposals:
    """Each write is one transaction and reports what it changed."""

    def __init__(self, session: SessionCore, store: ProjectStore, registry: Registry) -> None:
        self._session = session
        self._store = store
        self._registry = registry
        self._nlp: Any | None = None
        self._nlp_loaded = False

    # -- finding -------------------------------------------------------------------------------

    def suggestions(self, document_ids: Sequence[str], *, use_model: bool = True) -> list[Proposal]:
        """Quotes (with cue and speaker), known entities and, with ``use_model`` and spaCy
        installed, the model's entities, for each document; none this annotator rejected,
        none that repeats a span already made, none with a label the scheme lacks."""
        return [p for _, found in self.each_suggestion(document_ids, use_model) for p in found]

    def each_suggestion(
        self, document_ids: Sequence[str], use_model: bool = True
    ) -> Iterator[tuple[str, list[Proposal]]]:
        """``suggestions`` one document at a time."""
        for step in self.each_step(document_ids, use_model):
            yield step.document_id, step.proposals

    def each_step(
        self, document_ids: Sequence[str] | None = None, use_model: bool = True
    ) -> Iterator[Step]:
        """``suggestions`` one document at a time, with its title and text, over the
        documents asked for or every document in list order (none kept: a whole corpus
        streams through in the memory of one document)."""
        find = self._suggestion_finder(self._store, use_model)
        return steps(self._store, find, document_ids)

    def suggestion_job(self, use_model: bool = True) -> ReaderJob:
        """``each_step`` over every document, to run on a reader thread (``ReaderJob``)."""
        return ReaderJob(
            reader_opener(self._store),
            lambda store: self._suggestion_finder(store, use_model),
        )

    def occurrence_job(self, span: Span) -> ReaderJob:
        """The other whole-word occurrences of ``span`` in every document, as
        ``Registry.occurrence_proposals`` finds them (but those this annotator rejected), to
        run on a reader thread."""
        annotator_id = self._session.annotator.id
        return ReaderJob(
            reader_opener(self._store),
            lambda store: occurrence_finder(store, annotator_id, span),
        )

    def _suggestion_finder(self, store: ProjectStore, use_model: bool) -> Find:
        nlp = self._pipeline() if use_model else None
        session = self._session
        return suggestion_finder(store, session.annotator.id, session.scheme, nlp)

    def model_missing(self) -> str:
        """Why the spaCy model cannot be used ("" when it can); cheap: nothing is imported."""
        try:
            spacy = importlib.util.find_spec("spacy")
        except (ImportError, ValueError):  # a module entry set to None, a broken install
            spacy = None
        if spacy is None:
            return "spaCy is not installed"
        for name in PIPELINES:
            try:
                importlib.metadata.distribution(name)
                return ""
            except importlib.metadata.PackageNotFoundError:
                continue
        return "no English spaCy pipeline is installed"

    def _pipeline(self) -> Any | None:
        """The spaCy pipeline, loaded once per session (None without one)."""
        if not self._nlp_loaded:
            self._nlp = load_pipeline() if not self.model_missing() else None
            self._nlp_loaded = True
        return self._nlp

    def rejected_keys(self, document_id: str | None = None) -> set[tuple[str, int, int, str]]:
        """Keys of the proposals this annotator rejected (on one document, or all)."""
        return rejected_keys(self._store, self._session.annotator.id, document_id)

    # -- accepting and rejecting ---------------------------------------------------------------

    def accept_proposals(self, proposals: list[Proposal]) -> Accepted:
        """Accept ``proposals`` in one transaction, as the current annotator's work (see
        ``plan_acceptance``); returns what was written."""
        accepted = self.plan_acceptance(proposals)
        if accepted.spans:
            self.accept(accepted)
        return accepted

    def plan_acceptance(self, proposals: list[Proposal]) -> Accepted:
        """What accepting ``proposals`` would write, nothing written yet. Each is checked
        again: one overlapping a span of its label made since, or whose label the scheme no
        longer has, is left out and counted in ``skipped``. A quote's cue that was already
        marked by hand is used as it is. A mention proposed without an entity is linked as
        one labelled by hand is (``Registry.entity_for_mention``; the new entities it makes
        are shared by the proposals of one acceptance). Raises AnnotatorError if a document
        was removed."""
        session = self._session
        known = self._store.entities.ids()
        existing: dict[str, list[Span]] = {}
        spans: list[Span] = []
        quotes: list[Quote] = []
        outcomes: list[Outcome] = []
        entities: list[Entity] = []
        skipped = 0
        stamp = now_iso()
        for p in proposals:
            if p.document_id not in existing:
                self._require_documents([p])
                existing[p.document_id] = self._store.spans.of(p.document_id, session.annotator.id)
            text = session.document(p.document_id).text
            pieces = list(p.segments) or [(p.start, p.end)]
            for start, end in [*pieces, *([p.cue] if p.cue else [])]:
                if not 0 <= start < end <= len(text):
                    raise AnnotatorError(f"proposal {p.text!r} falls outside its document")
            here = existing[p.document_id]
            clash = any(
                x.label == p.label and s < x.end and x.start < e for s, e in pieces for x in here
            )
            if clash or session.scheme.get(p.layer, p.label) is None:
                skipped += 1
                continue
            entity = p.entity_id if p.entity_id in known and p.layer is Layer.ENTITY else None
            made = [self._span(p, start, end, p.label, entity, stamp) for start, end in pieces]
            if p.layer is Layer.ENTITY and entity is None:
                made = [self._linked(span, entities) for span in made]
            if p.layer is Layer.QUOTE:
                cue_id, cue = self._cue(p, here, stamp)
                speaker = p.speaker_entity_id if p.speaker_entity_id in known else None
                quotes.append(
                    Quote(
                        id=new_id(),
                        document_id=p.document_id,
                        annotator_id=session.annotator.id,
                        segment_ids=tuple(s.id for s in made),
                        cue_span_id=cue_id,
                        speaker_entity_id=speaker,
                        speaker_text="" if speaker else p.speaker_text,
                        quote_type=p.quote_type or QuoteType.DIRECT,
                        created_at=stamp,
                    )
                )
                if cue is not None:
                    made.append(cue)
            spans += made
            here += made
            outcomes.append(self._outcome(p, "accepted", made[0].id, stamp))
        keys = {(s.document_id, s.annotator_id) for s in spans}
        moved = {
            k: Status.IN_PROGRESS
            for k in keys
            if self._store.documents.status(*k) is Status.NOT_STARTED
        }
        return Accepted(
            tuple(spans), tuple(quotes), tuple(outcomes), moved, skipped, tuple(entities)
        )

    def _linked(self, span: Span, entities: list[Entity]) -> Span:
        """``span`` (a mention) linked as a person labelling it expects; a new entity it
        needs joins ``entities``."""
        entity_id, new = self._registry.entity_for_mention(span, entities)
        if new is not None:
            entities.append(new)
        return replace(span, entity_id=entity_id)

    def _cue(self, p: Proposal, here: list[Span], stamp: str) -> tuple[str | None, Span | None]:
        """The cue of an accepted quote: (its id, the span to make, None if it exists)."""
        if not p.cue or self._session.scheme.get(Layer.QUOTE, CUE_LABEL) is None:
            return None, None
        start, end = p.cue
        marked = next(
            (x for x in here if x.label == CUE_LABEL and (x.start, x.end) == (start, end)), None
        )
        if marked is not None:  # marked by hand: used if no quote has it yet
            free = self._store.links.quote_of_span(marked.id) is None
            return (marked.id if free else None), None
        cue = self._span(p, start, end, CUE_LABEL, None, stamp)
        return cue.id, cue

    def accept(self, accepted: Accepted) -> None:
        """Write what ``plan_acceptance`` planned, in one transaction."""
        a = accepted
        with self._store.file.writing():
            for entity in a.entities:
                self._registry.add_entity(entity, with_mention=True)
            self._store.outcomes.accept(a.spans, a.quotes, a.outcomes, a.statuses)
        for document_id in a.document_ids:
            ids = tuple(s.id for s in a.spans if s.document_id == document_id)
            self._session.report(Change(ChangeKind.SPANS, document_id, ids))
            if any(q.document_id == document_id for q in a.quotes):
                self._session.report(Change(ChangeKind.LINKS, document_id, ids))

    def reject_proposals(self, proposals: list[Proposal]) -> list[Outcome]:
        """Remember that the current annotator rejected ``proposals`` (an earlier outcome of
        the same key is replaced); returns the rows written."""
        self._require_documents(proposals)
        stamp = now_iso()
        outcomes = [self._outcome(p, "rejected", None, stamp) for p in proposals]
        self._store.outcomes.put(outcomes)  # no annotation changed: nothing to report
        return outcomes

    def origin_of_span(self, span_id: str) -> str | None:
        """ "rule", "registry", "model" or "occurrence" for a span accepted from a proposal;
        None for one made by hand."""
        return self._store.outcomes.origin_of_span(span_id)

    # -- helpers -------------------------------------------------------------------------------

    def _require_documents(self, proposals: list[Proposal]) -> None:
        for document_id in {p.document_id for p in proposals}:
            if not self._store.documents.exists(document_id):
                raise AnnotatorError(
                    "a document of these proposals was removed since: suggest again"
                )

    def _span(
        self, p: Proposal, start: int, end: int, label: str, entity: str | None, stamp: str
    ) -> Span:
        made = self._session.scheme.get(p.layer, label)
        assert made is not None  # the callers checked the scheme has it
        span = self._session.new_span(p.document_id, start, end, made)
        return replace(span, created_at=stamp, entity_id=entity)

    def _outcome(self, p: Proposal, outcome: str, span_id: str | None, stamp: str) -> Outcome:
        return Outcome(
            p.document_id, self._session.annotator.id, p.start, p.end, p.label, p.origin, outcome,
            span_id, stamp,
        )  # fmt: skip
