"""The entity registry as the session sees it: entities, their mentions, names that may refer
to them.

What a label or a proposal reads of the registry is kept in memory, read once and then kept
current from what each edit changed: an index of the names and aliases (``core.entity_index``:
a 50,000-entity registry is a few megabytes, and the normalised forms the matching compares are
made by Python, which SQLite could only index through a function every other program opening
the file would lack), the mention counts, and which entities the text of a linked mention names.
An edit made through an operation says which rows it changed (its undo record), so only the
entities those rows touch are read again; a change made any other way (an import, another
program) drops what it may have made stale, read again when next asked for.

Reading it takes seconds at 50,000 entities and millions of mentions, so a window reads it on
a thread of its own as the project opens (``Loading``, on a read-only connection): the registry
takes what was read when it is first asked for, with the entities edited meanwhile read again;
asked before the reading is done, it waits for it (or reads itself, if the thread has not
started).
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from annotator.core.entity_index import EntityIndex
from annotator.core.errors import AnnotatorError
from annotator.core.links import Entity
from annotator.core.matching import Candidate, named_entity, normalize
from annotator.core.model import Layer, Span, new_id
from annotator.core.proposals import Proposal, occurrence_proposals
from annotator.core.records import RowChange
from annotator.session.base import SessionCore
from annotator.session.changes import Change, ChangeKind
from annotator.storage.store import ProjectStore

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_HARMLESS = frozenset({ChangeKind.STATUS, ChangeKind.DOCUMENT_META})
_LOG = 64  # changes remembered for ``changed_since``


def order_key(entity: Entity) -> tuple[str, str]:
    """The registry's order: by name as SQLite's NOCASE compares (ASCII letters folded), then
    id."""
    return entity.name.translate(_ASCII_LOWER), entity.id


class _Ordered:
    """Entities in the registry's order, all and by type, kept so one entity at a time."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self._lists: dict[str | None, tuple[list[tuple[str, str]], list[Entity]]] = {}
        for entity in sorted(entities, key=order_key):
            for type_ in (None, entity.type):
                keys, rows = self._lists.setdefault(type_, ([], []))
                keys.append(order_key(entity))
                rows.append(entity)

    def of(self, type_: str | None) -> list[Entity]:
        """The entities of one type (None: all); the list is the registry's own."""
        return self._lists.get(type_, ([], []))[1]

    def put(self, entity: Entity) -> None:
        key = order_key(entity)
        for type_ in (None, entity.type):
            keys, rows = self._lists.setdefault(type_, ([], []))
            at = bisect_left(keys, key)
            keys.insert(at, key)
            rows.insert(at, entity)

    def drop(self, entity: Entity) -> None:
        key = order_key(entity)
        for type_ in (None, entity.type):
            keys, rows = self._lists.get(type_, ([], []))
            at = bisect_left(keys, key)
            if at < len(keys) and keys[at] == key:
                del keys[at]
                del rows[at]


@dataclass
class Memory:
    """What the registry keeps in memory, read at once (``Registry.read_memory``)."""

    index: EntityIndex
    ordered: _Ordered
    counts: dict[str, tuple[int, int]]
    linked: dict[str, set[str]]


class Loading:
    """The registry's memory read by ``read`` on another thread (``run`` there), for the
    registry that made it (``Registry.load``) to take when it is next asked for. Whoever comes
    first reads: the thread, or the registry itself (waiting on the thread otherwise)."""

    def __init__(self, read: Callable[[Loading], Memory], since: int) -> None:
        self.since = since  # the registry's generation when it was asked for
        self._read = read
        self._lock = threading.Lock()
        self._stop: Callable[[], None] | None = None
        self._claimed = False
        self._done = threading.Event()
        self._memory: Memory | None = None
        self._error: BaseException | None = None
        self.cancelled = False

    def run(self) -> None:
        """Read (on the thread that calls it), unless the registry already does."""
        with self._lock:
            if self._claimed or self.cancelled:
                return
            self._claimed = True
        self._run()

    def _run(self) -> None:
        try:
            self._memory = self._read(self)
        except BaseException as exc:  # noqa: BLE001 (given to the registry, which reads anew)
            self._error = exc
        finally:
            self._done.set()

    def wait(self) -> Memory | None:
        """What was read (reading it here if nobody has begun), None if it failed."""
        with self._lock:
            mine = not self._claimed
            self._claimed = True
        if mine:
            self._run()
        self._done.wait()
        return self._memory

    def cancel(self) -> None:
        """Nobody will take what is read: the reading stops as soon as it can (its SQL is
        interrupted from here)."""
        with self._lock:
            self.cancelled = True
            if self._stop is not None:
                self._stop()

    def on_cancel(self, stop: Callable[[], None] | None) -> None:
        """While reading: ``stop`` interrupts it (None: nothing to interrupt any more)."""
        with self._lock:
            self._stop = stop
            if stop is not None and self.cancelled:
                stop()

    @property
    def failed(self) -> BaseException | None:
        return self._error

    def done(self) -> bool:
        return self._done.is_set()


class Registry:
    """Each write is one transaction and is reported (``ChangeKind.ENTITIES``)."""

    def __init__(self, session: SessionCore, store: ProjectStore) -> None:
        self._session = session
        self._store = store
        self._index: EntityIndex | None = None
        self._ordered: _Ordered | None = None
        self._counts: dict[str, tuple[int, int]] | None = None
        self._linked: dict[str, set[str]] | None = None  # normalised text -> entity ids
        self._generation = 0
        self._log: list[tuple[int, frozenset[str] | None]] = []
        self._loading: Loading | None = None

    # -- what is kept in memory ----------------------------------------------------------------

    def heard(self, changes: Sequence[Change], rows: Sequence[RowChange] | None) -> None:
        """Keep what is in memory current after ``changes`` were committed: ``rows`` is the
        undo record of the edit (None: made outside an operation, so not known row by row)."""
        kinds = {c.kind for c in changes}
        if rows is None or kinds & {ChangeKind.EXTERNAL, ChangeKind.FILE}:
            if not kinds <= _HARMLESS:
                self.forget()
            return
        touched = self._store.entities.touched(rows)
        if not (touched.entity_ids or touched.mentioned):
            return
        if self._index is not None:
            for entity_id in touched.entity_ids:
                self._refresh(self._index, entity_id)
        if self._counts is not None:
            recount = touched.mentioned | touched.entity_ids
            fresh = self._store.entities.counts(recount)
            for entity_id in recount:
                self._counts.pop(entity_id, None)
            self._counts.update(fresh)
        if self._linked is not None:
            for entity_id, text in set(touched.texts):  # (a merge: thousands of one name)
                self._linked.setdefault(normalize(text), set()).add(entity_id)
            for was, now in touched.moved:  # (the map may name more than are linked now)
                for ids in self._linked.values():
                    if was in ids:
                        ids.add(now)
        self._note(frozenset(touched.entity_ids | touched.mentioned))

    def forget(self) -> None:
        """Drop what is kept in memory: it is read again when next asked for."""
        self._index = self._ordered = self._counts = self._linked = None
        self._drop_loading()
        self._note(None)

    def warm(self) -> None:
        """Read now what a label, a proposal and the Entities tab will ask for."""
        self._order()
        self.mention_counts()
        self._linked_map()

    def read_memory(self, cancelled: Callable[[], bool] = lambda: False) -> Memory:
        """Read the whole of what is kept in memory (on a reader's registry, in a thread);
        AnnotatorError if ``cancelled`` says so between two steps."""

        def step() -> None:
            if cancelled():
                raise AnnotatorError("the registry is no longer wanted")

        entities = self._store.entities.all()
        step()
        counts = self._store.entities.mention_counts()
        step()
        pairs = self._store.entities.linked_pairs()
        step()
        linked: dict[str, set[str]] = {}
        for entity_id, text in pairs:
            linked.setdefault(normalize(text), set()).add(entity_id)
        step()
        index = EntityIndex(entities)
        step()
        return Memory(index, _Ordered(entities), counts, linked)

    def load(self, read: Callable[[Loading], Memory]) -> Loading:
        """Have ``read`` (``Session.registry_loading``) read the memory; run the ``Loading``
        returned on another thread. Nothing is read here."""
        self._drop_loading()
        self._loading = Loading(read, self._generation)
        return self._loading

    def loaded(self) -> bool:
        """Whether the memory is read (none is being read on another thread)."""
        return self._loading is None and self._index is not None

    def take_loaded(self) -> None:
        """Take what the thread read, if it is done (called when it ends): nothing waits."""
        if self._loading is not None and self._loading.done():
            self._take()

    def _drop_loading(self) -> None:
        if self._loading is not None:
            self._loading.cancel()
            self._loading = None

    def _take(self) -> None:
        """Take what the loading read (waiting for it), then read again the entities edited
        since it began; if that is not known, or it failed, what is missing is read here."""
        loading, self._loading = self._loading, None
        if loading is None:
            return
        memory = loading.wait()
        changed = self.changed_since(loading.since)
        if memory is None or changed is None or self._index is not None:
            return
        self._index, self._ordered = memory.index, memory.ordered
        self._counts, self._linked = memory.counts, memory.linked
        if not changed:
            return
        for entity_id in changed:
            self._refresh(memory.index, entity_id)
        fresh = self._store.entities.counts(changed)
        for entity_id in changed:
            memory.counts.pop(entity_id, None)
        memory.counts.update(fresh)
        for entity_id, text in self._store.entities.texts_of(sorted(changed)):
            memory.linked.setdefault(normalize(text), set()).add(entity_id)

    def _refresh(self, index: EntityIndex, entity_id: str) -> None:
        """Read one entity again into the index and the ordered lists."""
        old = index.get(entity_id)
        try:
            new: Entity | None = self._store.entities.get(entity_id)
        except KeyError:
            new = None
        if self._ordered is not None and old is not None:
            self._ordered.drop(old)
        if new is None:
            index.drop(entity_id)
            return
        index.put(new)
        if self._ordered is not None:
            self._ordered.put(new)

    def _note(self, entity_ids: frozenset[str] | None) -> None:
        self._generation += 1
        self._log = [*self._log[-_LOG + 1 :], (self._generation, entity_ids)]

    @property
    def generation(self) -> int:
        """Grows with each change to the registry or its mentions (``changed_since``)."""
        return self._generation

    def changed_since(self, generation: int) -> set[str] | None:
        """The ids of the entities whose row or mentions changed after ``generation``; None
        if that is not known (too long ago, or a change made outside an operation)."""
        if generation == self._generation:
            return set()
        after = [ids for g, ids in self._log if g > generation]
        if len(after) != self._generation - generation:
            return None
        found: set[str] = set()
        for ids in after:
            if ids is None:
                return None
            found |= ids
        return found

    def _the_index(self) -> EntityIndex:
        if self._loading is not None:
            self._take()
        if self._index is None:
            self._index = EntityIndex(self._store.entities.all())
        return self._index

    # -- reading -------------------------------------------------------------------------------

    def entities(self) -> list[Entity]:
        """Every entity, by name (ASCII letters folded), then id."""
        return list(self._order().of(None))

    def _order(self) -> _Ordered:
        if self._loading is not None:
            self._take()
        if self._ordered is None:
            self._ordered = _Ordered(self._the_index().entities())
        return self._ordered

    def entity(self, entity_id: str) -> Entity:
        return self._store.entities.get(entity_id)  # as the file has it, even inside an edit

    def find(self, entity_id: str) -> Entity | None:
        """The entity of this id as last committed, None if there is none."""
        return self._the_index().get(entity_id)

    def of_type(self, type_: str) -> Sequence[Entity]:
        """The entities of one type, in the registry's order (the registry's own list: read
        it, do not keep it across edits)."""
        return self._order().of(type_)

    def containing(self, needle: str) -> set[str]:
        """Ids of the entities with ``needle`` in a name or alias (normalised)."""
        return self._the_index().containing(needle)

    def names(self) -> dict[str, tuple[str, ...]]:
        """Entity id -> its names (name and aliases)."""
        return {e.id: e.names for e in self._the_index().entities()}

    def candidates(
        self, text: str, type_: str | None = None, *, leaving_out: str | None = None
    ) -> list[Candidate]:
        """Registry entities the name ``text`` may refer to, best first (``leaving_out``:
        but that one)."""
        found = self._the_index().candidates(text, type_)
        return [c for c in found if c.entity.id != leaving_out]

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
        found = self._named(span.text, span.label, made)
        if found is not None:
            return found.id, None
        entity = self.new_entity(span.text, span.label)
        return entity.id, entity

    def _named(self, text: str, type_: str, made: Sequence[Entity]) -> Entity | None:
        """``core.matching.named_entity`` over the registry and ``made``, reading only the
        entities that bear ``text``, then, if none does, those a mention of it is linked to."""
        bearing = [*self._the_index().bearing(text), *made]
        found = named_entity(text, type_, bearing, self._mentions(bearing))
        if found is not None:
            return found
        index = self._the_index()
        linked = [
            e
            for i in sorted(self._linked_map().get(normalize(text), ()))
            if (e := index.get(i)) is not None and e.type == type_
        ]
        if not linked:
            return None
        texts = self._store.entities.texts_of(_ids(linked))
        return named_entity(text, type_, linked, self._mentions(linked), texts)

    def _mentions(self, entities: Sequence[Entity]) -> dict[str, int]:
        return {i: n for i, (n, _) in self.counts_of(_ids(entities)).items()}

    def _linked_map(self) -> dict[str, set[str]]:
        """Normalised text -> ids of the entities a mention so written was ever linked to
        (kept from the mentions as edits leave them, so it may name more than are linked
        now: what it names is checked against the file)."""
        if self._loading is not None:
            self._take()
        if self._linked is None:
            linked: dict[str, set[str]] = {}
            for entity_id, text in self._store.entities.linked_pairs():
                linked.setdefault(normalize(text), set()).add(entity_id)
            self._linked = linked
        return self._linked

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
        """entity id -> (mentions, documents mentioning it), across the whole project:
        counted once, then only for the entities each edit touches."""
        if self._loading is not None:
            self._take()
        if self._counts is None:
            self._counts = self._store.entities.mention_counts()
        return dict(self._counts)

    def counts_of(self, entity_ids: Iterable[str]) -> dict[str, tuple[int, int]]:
        """``mention_counts`` of some entities (0, 0 for one never mentioned)."""
        ids = list(entity_ids)
        if self._loading is not None:
            self._take()
        if self._counts is not None:
            return {i: self._counts.get(i, (0, 0)) for i in ids}
        counted = self._store.entities.counts(ids)
        return {i: counted.get(i, (0, 0)) for i in ids}

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


def _ids(entities: Iterable[Entity]) -> list[str]:
    return list(dict.fromkeys(e.id for e in entities))
