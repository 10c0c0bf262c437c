"""Span edits and their rules: labelling a selection (a quote label starts a quote, a cue joins
the selected quote), relabelling within a layer, moving a boundary, a note, removing."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from annotator.core.links import CUE_LABEL, Entity, Quote
from annotator.core.model import Label, Layer, Span, Status
from annotator.core.snapping import snap
from annotator.session.ops.base import Operation, Refused, short

if TYPE_CHECKING:
    from annotator.session.session import Session


class AddSpan(Operation):
    """A new span; with ``quote`` it also starts that quote or joins it (as a segment or its
    cue); with ``entity``, a new registry entity the span (a mention) is linked to is stored
    with it. The first span of a document moves it to "in progress"."""

    def __init__(
        self,
        session: Session,
        span: Span,
        quote: Quote | None = None,
        text: str = "",
        entity: Entity | None = None,
    ) -> None:
        super().__init__(session, text or f"Add {span.label} “{short(span.text)}”")
        self.span, self.quote, self.entity = span, quote, entity
        self.status_before: Status | None = None

    def run(self) -> None:
        if self.entity is not None:
            self.session.registry.add_entity(self.entity, with_mention=True)
        self.status_before = self.session.add_span(self.span, quote=self.quote)


class RemoveSpan(Operation):
    """Removing a span also takes its claim attributes and its place in a quote, and the
    entity of a mention when that entity was no more than this mention's name
    (``Registry.made_for``)."""

    def __init__(self, session: Session, span: Span) -> None:
        super().__init__(session, f"Remove {span.label} “{short(span.text)}”")
        self.span = span

    def run(self) -> None:
        registry = self.session.registry
        linked = self.span.entity_id
        entity = registry.entity(linked) if linked else None
        alone = entity is not None and registry.made_for(entity, self.span)
        self.session.remove_span(self.span)
        if alone and entity is not None:
            registry.remove_entity(entity.id, with_mention=True)


class UpdateSpan(Operation):
    """Relabel, move a boundary or edit the note: the span keeps its id."""

    def __init__(self, session: Session, before: Span, after: Span, text: str) -> None:
        super().__init__(session, text)
        self.before, self.after = before, after

    def run(self) -> None:
        self.session.update_span(self.after)


def label_selection(
    session: Session,
    document_id: str,
    start: int,
    end: int,
    label: Label,
    *,
    snapping: bool = True,
    selected_quote: Quote | None = None,
) -> AddSpan:
    """Label ``text[start:end]`` (snapped to whole words unless ``snapping`` is off): a quote
    label starts a quote of it; the cue label, with a quote selected, becomes that quote's cue.
    Refused if only spaces or punctuation are left."""
    if snapping:
        start, end = snap(session.document(document_id).text, start, end)
    if start >= end:
        raise Refused("Only spaces or punctuation selected: nothing labelled")
    span = session.new_span(document_id, start, end, label)
    if label.layer is Layer.ENTITY:
        return linked_mention(session, span)
    if label.layer is Layer.QUOTE and label.name != CUE_LABEL:
        return AddSpan(session, span, session.links.new_quote(span))
    if label.layer is Layer.QUOTE and selected_quote is not None:
        cued = selected_quote.with_changes(cue_span_id=span.id)
        return AddSpan(session, span, cued, text=f"Add cue “{span.text}”")
    return AddSpan(session, span)


def linked_mention(session: Session, span: Span) -> AddSpan:
    """A new mention, linked as a person labelling it expects: to the registry entity that
    bears its text (``Registry.entity_for_mention``), else to a new entity made after it in
    the same edit (one undo takes both). Imports keep what their file says instead."""
    entity_id, new = session.registry.entity_for_mention(span)
    return AddSpan(session, replace(span, entity_id=entity_id), entity=new)


def relabel(session: Session, span: Span, label: Label) -> UpdateSpan | None:
    """Give ``span`` another label of its layer (None: it has that label already). Entity
    links, quotes and claim attributes belong to one layer, and a cue is not a segment, so
    anything else is refused."""
    if (span.layer, span.label) == (label.layer, label.name):
        return None
    if span.layer is not label.layer or CUE_LABEL in (span.label, label.name):
        raise Refused(f"A {span.label} span cannot become {label.name}: delete it and label again")
    after = span.with_changes(layer=label.layer, label=label.name)
    return UpdateSpan(session, span, after, f"Relabel {span.label} as {label.name}")


def add_segment(
    session: Session, quote: Quote, start: int, end: int, *, snapping: bool = True
) -> AddSpan:
    """Label ``text[start:end]`` with the first quote label and add it to ``quote`` as its
    last segment."""
    label = next((lb for lb in session.scheme.by_layer(Layer.QUOTE) if lb.name != CUE_LABEL), None)
    if label is None:
        raise Refused("The scheme has no quote label to make a segment with")
    if snapping:
        start, end = snap(session.document(quote.document_id).text, start, end)
    if start >= end:
        raise Refused("Only spaces or punctuation selected: nothing labelled")
    span = session.new_span(quote.document_id, start, end, label)
    after = quote.with_changes(segment_ids=(*quote.segment_ids, span.id))
    return AddSpan(session, span, after, text=f"Add segment “{span.text}”")


def resize(session: Session, span: Span, start: int, end: int) -> UpdateSpan:
    """``span`` with new boundaries (same id, label and note)."""
    return UpdateSpan(session, span, session.resized(span, start, end), f"Resize {span.label}")


def edit_note(session: Session, span: Span, note: str) -> UpdateSpan | None:
    """The span's note as typed (outer spaces dropped); None if it is the same."""
    note = note.strip()
    if note == span.note:
        return None
    return UpdateSpan(session, span, span.with_changes(note=note), "Edit note")
