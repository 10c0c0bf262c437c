"""Rows of the entity registry (project-wide) and of the mentions that point at its entities."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.core.links import Entity
from annotator.core.records import RowChange
from annotator.core.rows import EntityRow
from annotator.storage.columns import ENTITY_COLUMNS
from annotator.storage.database import ProjectDb, Repository
from annotator.storage.errors import damaged
from annotator.storage.journal import Journal


@dataclass
class Touched:
    """What some row changes did to the registry: the entities whose row changed, those whose
    mentions changed (their counts), (entity id, text) of each mention as left, and (from,
    to) of the mentions pointed from one entity at another all at once (a merge: every text
    linked to the first is now linked to the second)."""

    entity_ids: set[str] = field(default_factory=set)
    mentioned: set[str] = field(default_factory=set)
    texts: list[tuple[str, str]] = field(default_factory=list)
    moved: list[tuple[str, str]] = field(default_factory=list)


class Entities(Repository):
    """The registry; every write is one transaction (a savepoint inside another)."""

    def __init__(self, pdb: ProjectDb, journal: Journal) -> None:
        super().__init__(pdb)
        self._journal = journal
        # (the file's state, casefolded name or alias -> ids) for ``named``
        self._names: tuple[tuple[int, int], dict[str, list[str]]] | None = None

    # -- reading -------------------------------------------------------------------------------

    def all(self) -> list[Entity]:
        rows = self._db.execute(
            f"SELECT {ENTITY_COLUMNS} FROM entities ORDER BY name COLLATE NOCASE, id"
        )
        return [self._entity(r) for r in rows]

    def named(self, name: str) -> list[str]:
        """The ids of the entities ``name`` means: the one of that id, those with a name or
        alias equal to it once both are casefolded. The registry is read once into a table
        of casefolded names, kept until the file changes (an edit here, or another
        connection's: SQLite's ``data_version``), not read again for every search."""
        state = (
            int(self._db.execute("PRAGMA data_version").fetchone()[0]),
            self._db.conn.total_changes,
        )
        if self._names is None or self._names[0] != state:
            table: dict[str, list[str]] = {}
            for id_, main, aliases in self._db.execute("SELECT id, name, aliases FROM entities"):
                for each in dict.fromkeys([str(main), *self._aliases(id_, aliases)]):
                    table.setdefault(each.casefold(), []).append(str(id_))
            self._names = (state, table)
        key = name.strip()
        found = list(self._names[1].get(key.casefold(), []))
        if (
            key not in found
            and self._db.execute("SELECT 1 FROM entities WHERE id = ?", [key]).fetchone()
        ):
            found.append(key)
        return found

    def get(self, entity_id: str) -> Entity:
        row = self._db.execute(
            f"SELECT {ENTITY_COLUMNS} FROM entities WHERE id = ?", [entity_id]
        ).fetchone()
        if row is None:
            raise KeyError(entity_id)
        return self._entity(row)

    def ids(self) -> set[str]:
        return {r[0] for r in self._db.execute("SELECT id FROM entities")}

    def rows(self) -> dict[str, EntityRow]:
        """Every registry entity as a row, by id."""
        rows = self._db.execute("SELECT id, name, type, aliases, wikidata FROM entities")
        return {r[0]: (r[0], r[1], r[2], self._aliases(r[0], r[3]), r[4]) for r in rows}

    def _aliases(self, entity_id: str, value: object) -> list[str]:
        """The entity's aliases (a JSON list of strings in the file)."""
        try:
            aliases = json.loads(value) if isinstance(value, str) else None
        except ValueError:
            aliases = None
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise damaged(self._pdb.path, f"entity {entity_id!r} has the aliases {value!r}")
        return aliases

    def mention_counts(self) -> dict[str, tuple[int, int]]:
        """entity id -> (mentions, documents mentioning it), across the whole project."""
        rows = self._db.execute(
            "SELECT entity_id, count(*), count(DISTINCT document_id) FROM spans "
            "WHERE entity_id IS NOT NULL GROUP BY entity_id"
        )
        return {r[0]: (r[1], r[2]) for r in rows}

    def counts(self, entity_ids: Iterable[str]) -> dict[str, tuple[int, int]]:
        """``mention_counts`` of these entities only (through the index of mentions by
        entity); an entity never mentioned is left out."""
        found = {}
        for entity_id in dict.fromkeys(entity_ids):
            row = self._db.execute(
                "SELECT count(*), count(DISTINCT document_id) FROM spans WHERE entity_id = ?",
                [entity_id],
            ).fetchone()
            if row[0]:
                found[entity_id] = (int(row[0]), int(row[1]))
        return found

    def texts_of(self, entity_ids: Iterable[str]) -> list[tuple[str, str]]:
        """(entity id, text) of the mentions of these entities, each text once per entity."""
        found: list[tuple[str, str]] = []
        for entity_id in dict.fromkeys(entity_ids):
            rows = self._db.execute(
                "SELECT DISTINCT text FROM spans WHERE entity_id = ?", [entity_id]
            )
            found += [(entity_id, str(r[0])) for r in rows]
        return found

    def touched(self, rows: Sequence[RowChange]) -> Touched:
        """What ``rows`` (a journal record, ``storage.journal``) changed in the registry: each
        row as it was (``values``) and as the edit left it (``expected``)."""
        out = Touched()
        entity_at = self._columns("entities").index("id")
        span_columns = self._columns("spans")
        mention_at, text_at = span_columns.index("entity_id"), span_columns.index("text")
        for change in rows:
            if change.action == "repoint":
                # mentions moved from ``was`` to ``now`` (the record puts ``was`` back)
                column, was, now = change.key
                if change.table == "spans" and column == "entity_id":
                    ids = {str(i) for i in (was, now) if i is not None}
                    out.mentioned.update(ids)
                    if was is not None and now is not None:
                        out.moved.append((str(was), str(now)))
                continue
            if change.table == "entities":
                at = entity_at
            elif change.table == "spans":
                at = mention_at
            else:
                continue
            states = [change.values] if change.values else []
            if change.expected:
                states.append(json.loads(change.expected))
            ids = {row[at] for row in states if len(row) > at and row[at] is not None}
            if change.table == "entities":
                out.entity_ids.update(str(i) for i in ids)
                continue
            out.mentioned.update(str(i) for i in ids)
            if change.expected and states:
                last = states[-1]
                if len(last) > max(mention_at, text_at) and last[mention_at] is not None:
                    out.texts.append((str(last[mention_at]), str(last[text_at])))
        return out

    def _columns(self, table: str) -> list[str]:
        return [str(r[1]) for r in self._db.execute(f'PRAGMA table_info("{table}")')]

    def mentions(self, entity_id: str, annotator_id: str) -> list[tuple[str, str]]:
        """(document id, span id) of one annotator's mentions, in document then text order."""
        rows = self._db.execute(
            "SELECT s.document_id, s.id FROM spans s JOIN documents d ON d.id = s.document_id "
            "WHERE s.entity_id = ? AND s.annotator_id = ? ORDER BY d.position, s.start, s.id",
            [entity_id, annotator_id],
        )
        return [(r[0], r[1]) for r in rows]

    def references(self, entity_id: str) -> int:
        """How many rows point at the entity: mentions (every annotator's), quote speakers
        and claimers."""
        row = self._db.execute(
            "SELECT (SELECT count(*) FROM spans WHERE entity_id = ?) "
            "+ (SELECT count(*) FROM quotes WHERE speaker_entity_id = ?) "
            "+ (SELECT count(*) FROM claims WHERE claimer_entity_id = ?)",
            [entity_id, entity_id, entity_id],
        ).fetchone()
        return int(row[0])

    def linked_texts(self) -> list[tuple[str, str]]:
        """(entity id, text) of every linked mention in the project, every annotator's: what
        the registry finder looks for besides names and aliases (repeats count)."""
        return list(self.each_linked_text())

    def each_linked_text(self) -> Iterator[tuple[str, str]]:
        """``linked_texts`` one row at a time, none kept (millions in a large corpus)."""
        rows = self._db.conn.execute(
            "SELECT entity_id, text FROM spans WHERE entity_id IS NOT NULL"
        )
        for e, t in rows:
            yield str(e), str(t)

    def linked_pairs(self) -> set[tuple[str, str]]:
        """(entity id, text) of every linked mention, each pair once: one pass over the
        spans in file order (faster than walking the index by entity)."""
        rows = self._db.execute(
            "SELECT entity_id, text FROM spans NOT INDEXED WHERE entity_id IS NOT NULL"
        )
        return set(rows)

    # -- writing -------------------------------------------------------------------------------

    def insert(self, e: Entity) -> None:
        with self._pdb.writing():
            self._db.execute(
                f"INSERT INTO entities ({ENTITY_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)",
                [
                    e.id,
                    e.annotator_id,
                    e.name,
                    e.type,
                    json.dumps(list(e.aliases)),
                    e.wikidata,
                    e.created_at,
                    e.updated_at,
                ],
            )

    def update(self, e: Entity) -> None:
        with self._pdb.writing():
            cur = self._db.execute(
                "UPDATE entities SET name = ?, type = ?, aliases = ?, wikidata = ?, "
                "updated_at = ? WHERE id = ?",
                [e.name, e.type, json.dumps(list(e.aliases)), e.wikidata, e.updated_at, e.id],
            )
            if cur.rowcount != 1:
                raise KeyError(e.id)

    def delete(self, entity_id: str) -> None:
        """Delete an entity nothing points at."""
        with self._pdb.writing():
            cur = self._db.execute("DELETE FROM entities WHERE id = ?", [entity_id])
            if cur.rowcount != 1:
                raise KeyError(entity_id)

    def merge(self, keep: Entity, gone_id: str) -> None:
        """Point every mention, speaker and claimer of ``gone_id`` at ``keep`` (which is stored
        as given: its aliases gain the other's names) and delete the other entity. Each of the
        three is one statement, recorded for undo as the ids of the rows it moved
        (``Journal.repoint``), not row by row."""
        with self._pdb.writing():
            self.get(gone_id)
            for table, column in (
                ("spans", "entity_id"),
                ("quotes", "speaker_entity_id"),
                ("claims", "claimer_entity_id"),
            ):
                self._journal.repoint(table, column, gone_id, keep.id)
            self._db.execute("DELETE FROM entities WHERE id = ?", [gone_id])
            self.update(keep)

    def _entity(self, r: Any) -> Entity:
        return Entity(
            id=r[0],
            annotator_id=r[1],
            name=r[2],
            type=r[3],
            aliases=tuple(self._aliases(r[0], r[4])),
            wikidata=r[5],
            created_at=r[6],
            updated_at=r[7],
        )
