"""The entity registry as the session sees it: entities, their mentions, names that may refer
to them."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.core.errors import AnnotatorError
from annotator.core.links import Entity
from annotator.core.matching import Candidate, candidates, named_entity, normalize
from annotator.core.model import Layer, Span, new_id
from annotator.core.proposals import Proposal, occurrence_proposals
from annotator.session.base import SessionCore
from annotator.session.changes import Change, ChangeKind
from annotator.storage.store import ProjectStore


class Registry:
    """Each write is one transaction and is reported (``ChangeKind.ENTITIES``)."""

    def __init__(self, session: SessionCore, store: ProjectStore) -> None:
        self._session = session
        self._store = store

    # -- reading -------------------------------------------------------------------------------

    def entities(self) -> list[Entity]:
        return self._store.entities.all()

    def entity(self, entity_id: str) -> Entity:
        return self._store.entities.get(entity_id)

    def names(self) -> dict[str, tuple[str, ...]]:
        """Entity id -> its names (name and aliases)."""
        return {e.id: e.names for e in self.entities()}

    def candidates(self, text: str, type_: str | None = None) -> list[Candidate]:
        """Registry entities the name ``text`` may refer to, best first."""
        return candidates(text, self._store.entities.all(), type_)

    def entity_for_mention(
        self, span: Span, made: Sequence[Entity] = ()
    ) -> tuple[str | None, Entity | None]:
        """The entity a new mention is linked to when a person makes it (``core.matching.
        named_entity``: the registry entity bearing its text, the best of several), or else a
        new one named and typed after it: (entity id, the new entity to store, or None).
        ``made`` are entities planned in the same edit but not stored yet (they count as the
        registry's). (None, None) for a span of another layer or of only spaces."""
        if span.layer is not Layer.ENTITY or not normalize(span.text):
            return None, None
        counts = {e: n for e, (n, _) in self.mention_counts().items()}
        known = [*self.entities(), *made]
        found = named_entity(span.text, span.label, known, counts, self.linked_texts())
        if found is not None:
            return found.id, None
        entity = self.new_entity(span.text, span.label)
        return entity.id, entity

    def made_for(self, entity: Entity, span: Span) -> bool:
        """Whether ``entity`` is no more than a name taken from the mention ``span``: yours,
        named as the mention reads, no alias, no Wikidata id, and ``span`` the only thing
        pointing at it. Such an entity goes when its mention is unlinked, linked elsewhere or
        removed, and the entity editor proposes closer registry entities for it."""
        return (
            entity.annotator_id == self._session.annotator.id
            and not entity.aliases
            and not entity.wikidata
            and normalize(entity.name) == normalize(span.text)
            and span.entity_id == entity.id
            and self._store.entities.references(entity.id) == 1
        )

    def mention_counts(self) -> dict[str, tuple[int, int]]:
        """entity id -> (mentions, documents mentioning it), across the whole project."""
        return self._store.entities.mention_counts()

    def mentions(self, entity_id: str, annotator_id: str | None = None) -> list[tuple[str, str]]:
        """(document id, span id) of the entity's mentions by one annotator (default: you)."""
        return self._store.entities.mentions(entity_id, annotator_id or self._session.annotator.id)

    def linked_texts(self) -> list[tuple[str, str]]:
        """(entity id, text) of every linked mention, every annotator's."""
        return self._store.entities.linked_texts()

    def occurrence_proposals(self, span: Span, everywhere: bool = False) -> list[Proposal]:
        """The other whole-word occurrences of ``span``'s text not yet labelled like it, in its
        document or in every document, proposed with the same label and entity."""
        session = self._session
        ids = [m.id for m in session.documents()] if everywhere else [span.document_id]
        found: list[Proposal] = []
        for document_id in ids:
            text = self._store.documents.get(document_id).text
            taken = [(s.start, s.end, s.label) for s in session.spans(document_id)]
            found += occurrence_proposals(
                document_id, text, span.text, span.layer, span.label, span.entity_id, taken
            )
        return found

    # -- writing -------------------------------------------------------------------------------

    def new_entity(
        self, name: str, type_: str, aliases: tuple[str, ...] = (), wikidata: str = ""
    ) -> Entity:
        """An entity of the current annotator (not yet stored)."""
        name = " ".join(name.split())
        if not name:
            raise AnnotatorError("an entity needs a name")
        return Entity(new_id(), self._session.annotator.id, name, type_, aliases, wikidata.strip())

    def remove_entity(self, entity_id: str, *, with_mention: bool = False) -> Entity:
        """Delete an entity nothing points at (AnnotatorError otherwise); returns it.
        ``with_mention``: it goes with its one mention's edit (``add_entity``)."""
        entity = self._store.entities.get(entity_id)
        if self._store.entities.references(entity_id):
            raise AnnotatorError(f"entity {entity.name!r} is still mentioned or cited")
        self._store.entities.delete(entity_id)
        if not with_mention:
            self._session.report(Change(ChangeKind.ENTITIES))
        return entity

    def add_entity(self, entity: Entity, *, with_mention: bool = False) -> None:
        """Store a new entity. ``with_mention``: made in the edit of its first mention, whose
        SPANS change says what changed (nothing else can point at it yet), so no ENTITIES
        change, which has every view read every document again."""
        self._store.entities.insert(entity)
        if not with_mention:
            self._session.report(Change(ChangeKind.ENTITIES))

    def update_entity(self, entity: Entity) -> Entity:
        """Rename, retype, change aliases or Wikidata id; every mention follows (they point by
        id). Returns the entity as it was."""
        old = self._store.entities.get(entity.id)
        if not entity.name.strip():
            raise AnnotatorError("an entity needs a name")
        self._store.entities.update(entity)
        self._session.report(Change(ChangeKind.ENTITIES))
        return old

    def merge_entities(self, keep_id: str, gone_id: str) -> Entity:
        """Merge ``gone_id`` into ``keep_id``: its names become aliases of the kept entity and
        every mention, quote speaker and claimer follows. Returns the kept entity as merged."""
        if keep_id == gone_id:
            raise AnnotatorError("an entity cannot be merged with itself")
        entities = self._store.entities
        keep, gone = entities.get(keep_id), entities.get(gone_id)
        aliases = [a for a in (*keep.aliases, *gone.names) if a != keep.name]
        merged = keep.with_changes(
            aliases=tuple(dict.fromkeys(aliases)), wikidata=keep.wikidata or gone.wikidata
        )
        entities.merge(merged, gone_id)
        self._session.report(Change(ChangeKind.ENTITIES))
        return merged
