"""Suggestions for a whole project or one document: the proposals the window shows in its
Suggest menu, with what it takes to print them (titles, texts, entity names)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.model import DocumentMeta
from annotator.core.proposals import Proposal
from annotator.session import Session


class NoSuchDocument(AnnotatorError):
    """A document asked for by id or title is not there, or the title is not unique."""


@dataclass(frozen=True)
class Suggested:
    proposals: list[Proposal]
    documents: dict[str, DocumentMeta]  # every document of the project, by id
    searched: list[str]  # the ids of the documents looked at
    texts: dict[str, str]  # the text of each document with a proposal
    entities: dict[str, str]  # entity id -> name

    def row(self, p: Proposal) -> dict[str, Any]:
        """One proposal as a JSON object (offsets in code points)."""
        text = self.texts[p.document_id]
        row: dict[str, Any] = {
            "document": p.document_id,
            "title": self.documents[p.document_id].title,
            "origin": p.origin,
            "layer": p.layer.value,
            "label": p.label,
            "start": p.start,
            "end": p.end,
            "text": p.text,
            "entity": p.entity_id,
            "entity_name": self.entities.get(p.entity_id or ""),
        }
        if p.segments:
            row["segments"] = [[s, e] for s, e in p.segments]
            row["cue"] = [*p.cue, text[p.cue[0] : p.cue[1]]] if p.cue else None
            row["speaker"] = p.speaker_entity_id
            speaker = self.entities.get(p.speaker_entity_id or "") or p.speaker_text or None
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


def suggest(session: Session, document: str | None = None, *, use_model: bool = True) -> Suggested:
    """Proposals for every document, or for the one named by id or title."""
    metas = {m.id: m for m in session.documents()}
    ids = [find_document(metas, document)] if document else list(metas)
    proposals = session.proposals.suggestions(ids, use_model=use_model)
    entities = {e.id: e.name for e in session.registry.entities()}
    texts = {d: session.document(d).text for d in {p.document_id for p in proposals}}
    return Suggested(proposals, metas, ids, texts, entities)
