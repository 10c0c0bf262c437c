"""Edits of the entity registry, quotes and claims, and their rules: what a choice in the
attribute editor changes, and when it changes nothing."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from annotator.core.links import Claim, Entity, Quote
from annotator.core.model import Layer, Span
from annotator.session.ops.base import Operation, Refused, short

if TYPE_CHECKING:
    from annotator.session.session import Session


class LinkMention(Operation):
    """Point an entity mention at a registry entity (None: unlink); with ``new_entity`` the
    entity is created in the same edit. The entity it pointed at goes with the edit when it
    was no more than this mention's name (``Registry.made_for``: made when it was labelled)."""

    def __init__(
        self, session: Session, span: Span, entity: Entity | None, new_entity: bool = False
    ) -> None:
        name = entity.name if entity else "no entity"
        super().__init__(session, f"Link “{short(span.text)}” to {name}")
        self.before = span
        self.after = span.with_changes(entity_id=entity.id if entity else None)
        self.entity = entity if new_entity else None

    def run(self) -> None:
        registry = self.session.registry
        old = registry.entity(self.before.entity_id) if self.before.entity_id else None
        alone = old is not None and registry.made_for(old, self.before)
        if self.entity is not None:
            registry.add_entity(self.entity, with_mention=True)
        self.session.update_span(self.after)
        if alone and old is not None:
            registry.remove_entity(old.id, with_mention=True)


class UpdateEntity(Operation):
    def __init__(self, session: Session, after: Entity, text: str) -> None:
        super().__init__(session, text)
        self.after = after

    def run(self) -> None:
        self.session.registry.update_entity(self.after)


class MergeEntities(Operation):
    """The second entity's names become aliases of the first; every mention, speaker and
    claimer follows (at 100,000 documents, tens of thousands of rows in as many pages of the
    file: ``heavy``, so a window writes it on a worker connection)."""

    heavy = True

    def __init__(self, session: Session, keep: Entity, gone: Entity) -> None:
        super().__init__(session, f"Merge {gone.name} into {keep.name}")
        self.keep_id, self.gone_id = keep.id, gone.id

    def run(self) -> None:
        self.write(self.session)

    def write(self, session: Session) -> None:
        session.registry.merge_entities(self.keep_id, self.gone_id)


class UpdateQuote(Operation):
    """Speaker, type, note or segments of a quote."""

    def __init__(self, session: Session, after: Quote, text: str) -> None:
        super().__init__(session, text)
        self.after = after

    def run(self) -> None:
        self.session.links.update_quote(self.after)


class SetClaim(Operation):
    """Claimer, stance, check-worthiness, verdict or evidence of a claim span."""

    def __init__(self, session: Session, after: Claim, text: str) -> None:
        super().__init__(session, text)
        self.after = after

    def run(self) -> None:
        self.session.links.set_claim(self.after)


def _same(a: Quote | Claim, b: Quote | Claim) -> bool:
    """Equal but for when they were last changed."""
    return replace(a, updated_at="") == replace(b, updated_at="")


def link_mention(session: Session, span: Span, entity_id: str) -> LinkMention | None:
    """Link an entity mention to ``entity_id`` ("" unlinks); None if that is so already or
    ``span`` is no entity mention."""
    if span.layer is not Layer.ENTITY or span.entity_id == (entity_id or None):
        return None
    entity = session.registry.entity(entity_id) if entity_id else None
    return LinkMention(session, span, entity)


def new_entity_from(session: Session, span: Span) -> LinkMention | None:
    """A new registry entity named and typed after the mention, linked to it."""
    if span.layer is not Layer.ENTITY:
        return None
    if not span.text.strip():
        raise Refused("This mention is only spaces: it cannot name an entity")
    entity = session.registry.new_entity(span.text, span.label)
    return LinkMention(session, span, entity, new_entity=True)


def edit_entity(
    session: Session, entity_id: str, *, name: str, type_: str, aliases: str, wikidata: str
) -> UpdateEntity | None:
    """The entity as edited in its form: a blank name or type keeps the old one; aliases are
    comma-separated. None if nothing changed."""
    before = session.registry.entity(entity_id)
    names = tuple(dict.fromkeys(a.strip() for a in aliases.split(",") if a.strip()))
    after = before.with_changes(
        name=" ".join(name.split()) or before.name,
        type=type_ or before.type,
        aliases=names,
        wikidata=wikidata.strip(),
    )
    fields = ("name", "type", "aliases", "wikidata")
    if all(getattr(after, f) == getattr(before, f) for f in fields):
        return None
    return UpdateEntity(session, after, f"Edit entity {after.name}")


def rename_entity(session: Session, entity_id: str, name: str) -> UpdateEntity | None:
    before = session.registry.entity(entity_id)
    if name == before.name:
        return None
    return UpdateEntity(session, before.with_changes(name=name), f"Rename entity {name}")


def merge_entities(session: Session, keep_id: str, gone_id: str) -> MergeEntities:
    registry = session.registry
    return MergeEntities(session, registry.entity(keep_id), registry.entity(gone_id))


def update_quote(session: Session, quote: Quote, text: str, **changes: Any) -> UpdateQuote | None:
    """``quote`` with ``changes``; None if that changes nothing."""
    after = quote.with_changes(**changes)
    return None if _same(after, quote) else UpdateQuote(session, after, text)


def set_claim(session: Session, span: Span, text: str, **changes: Any) -> SetClaim | None:
    """The claim attributes of ``span`` with ``changes`` (the defaults if none were set yet:
    setting a claim's first attribute to its default still stores the row); None if ``span``
    is no claim or nothing changes."""
    if span.layer is not Layer.CLAIM:
        return None
    before = session.links.claim_or_none(span.id)
    after = (before or Claim(span.id)).with_changes(**changes)
    if before is not None and _same(after, before):
        return None
    return SetClaim(session, after, text)
