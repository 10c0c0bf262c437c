"""Suggestions for a whole project or one document: the proposals the window shows in its
Suggest menu, with what it takes to print them (titles, texts, entity names), one document
at a time (a corpus of any size streams through)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.model import DocumentMeta
from annotator.core.proposals import Proposal
from annotator.session import Session
from annotator.session.finding import Step


class NoSuchDocument(AnnotatorError):
    """A document asked for by id or title is not there, or the title is not unique."""


def proposal_row(p: Proposal, title: str, text: str, entities: dict[str, str]) -> dict[str, Any]:
    """One proposal of a document (its title and text given) as a JSON object (offsets in
    code points); ``entities``: entity id -> name."""
    row: dict[str, Any] = {
        "document": p.document_id,
        "title": title,
        "origin": p.origin,
        "layer": p.layer.value,
        "label": p.label,
        "start": p.start,
        "end": p.end,
        "text": p.text,
        "entity": p.entity_id,
        "entity_name": entities.get(p.entity_id or ""),
    }
    if p.segments:
        row["segments"] = [[s, e] for s, e in p.segments]
        row["cue"] = [*p.cue, text[p.cue[0] : p.cue[1]]] if p.cue else None
        row["speaker"] = p.speaker_entity_id
        speaker = entities.get(p.speaker_entity_id or "") or p.speaker_text or None
        row["speaker_name"] = speaker
    return row


def find_document(documents: dict[str, DocumentMeta], wanted: str) -> str:
    """The id of the document ``wanted`` names (its id, or its title if only one has it)."""
    if wanted in documents:
        return wanted
    titled = [m.id for m in documents.values() if m.title == wanted]
    if len(titled) == 1:
        return titled[0]
    if titled:
        raise NoSuchDocument(f"{len(titled)} documents are titled {wanted!r}: give the id")
    raise NoSuchDocument(f"no document has the id or title {wanted!r} (see `annotator list`)")


def suggest_each(
    session: Session, document: str | None = None, *, use_model: bool = True
) -> tuple[Iterator[Step], dict[str, str]]:
    """``suggest`` one document at a time, in list order (the document named by id or title
    alone if given: NoSuchDocument before anything is read otherwise), and entity id -> name;
    nothing of a document is kept once the next is asked for."""
    ids = [find_document({m.id: m for m in session.documents()}, document)] if document else None
    entities = {e.id: e.name for e in session.registry.entities()}
    return session.proposals.each_step(ids, use_model), entities
