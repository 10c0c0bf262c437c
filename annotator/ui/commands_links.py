"""Undo commands for the entity registry, quotes and claims (same pattern as ui.commands)."""

from __future__ import annotations

from annotator.core.links import Claim, Entity, Quote
from annotator.core.model import Span
from annotator.session import Session
from annotator.storage.links import MergeRecord
from annotator.ui.commands import _SessionCommand, _short


class LinkMention(_SessionCommand):
    """Point an entity mention at a registry entity (None: unlink); a new entity is created
    in the same edit when ``new_entity`` is given."""

    def __init__(
        self, session: Session, span: Span, entity: Entity | None, new_entity: bool = False
    ) -> None:
        name = entity.name if entity else "no entity"
        super().__init__(session, f"Link “{_short(span.text)}” to {name}")
        self.before = span
        self.after = span.with_changes(entity_id=entity.id if entity else None)
        self.entity = entity if new_entity else None

    def apply(self) -> None:
        if self.entity is not None:
            self.session.add_entity(self.entity)
        self.session.update_span(self.after)

    def revert(self) -> None:
        self.session.update_span(self.before)
        if self.entity is not None:
            self.session.remove_entity(self.entity)


class UpdateEntity(_SessionCommand):
    def __init__(self, session: Session, before: Entity, after: Entity, text: str) -> None:
        super().__init__(session, text)
        self.before, self.after = before, after

    def apply(self) -> None:
        self.session.update_entity(self.after)

    def revert(self) -> None:
        self.session.update_entity(self.before)


class MergeEntities(_SessionCommand):
    def __init__(self, session: Session, keep: Entity, gone: Entity) -> None:
        super().__init__(session, f"Merge {gone.name} into {keep.name}")
        self.keep_id, self.gone_id = keep.id, gone.id
        self._record: MergeRecord | None = None

    def apply(self) -> None:
        self._record = self.session.merge_entities(self.keep_id, self.gone_id)

    def revert(self) -> None:
        assert self._record is not None
        self.session.unmerge_entities(self._record)


class UpdateQuote(_SessionCommand):
    """Speaker, type, note or segments of a quote."""

    def __init__(self, session: Session, before: Quote, after: Quote, text: str) -> None:
        super().__init__(session, text)
        self.before, self.after = before, after

    def apply(self) -> None:
        self.session.update_quote(self.after)

    def revert(self) -> None:
        self.session.update_quote(self.before)


class SetClaim(_SessionCommand):
    """Claimer, stance, check-worthiness, verdict or evidence of a claim span."""

    def __init__(self, session: Session, before: Claim | None, after: Claim, text: str) -> None:
        super().__init__(session, text)
        self.before, self.after = before, after

    def apply(self) -> None:
        self.session.set_claim(self.after)

    def revert(self) -> None:
        if self.before is None:
            self.session.clear_claim(self.after.span_id)
        else:
            self.session.set_claim(self.before)
