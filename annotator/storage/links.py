"""Rows of the entity registry, quotes and claims: mixed into ProjectStore, their only SQL."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from annotator.core.links import (
    CheckWorthiness,
    Claim,
    ClaimerKind,
    Detached,
    Entity,
    Quote,
    QuoteType,
    Stance,
    Verdict,
)
from annotator.core.model import Span
from annotator.storage.columns import CLAIM_COLUMNS, ENTITY_COLUMNS, QUOTE_COLUMNS


@dataclass(frozen=True)
class MergeRecord:
    """Everything a merge changed, so that undo restores both entities and every link."""

    kept_before: Entity
    gone: Entity
    span_ids: tuple[str, ...]
    quote_ids: tuple[str, ...]
    claim_span_ids: tuple[str, ...]


class LinkRows:
    """Mixed into ProjectStore: needs ``self.db`` and ``self._writing()``."""

    db: Database

    def _writing(self) -> contextlib.AbstractContextManager[Database]:
        raise NotImplementedError

    # -- entities ------------------------------------------------------------------------------

    def entities(self) -> list[Entity]:
        rows = self.db.execute(
            f"SELECT {ENTITY_COLUMNS} FROM entities ORDER BY name COLLATE NOCASE, id"
        )
        return [_entity(r) for r in rows]

    def entity(self, entity_id: str) -> Entity:
        row = self.db.execute(
            f"SELECT {ENTITY_COLUMNS} FROM entities WHERE id = ?", [entity_id]
        ).fetchone()
        if row is None:
            raise KeyError(entity_id)
        return _entity(row)

    def insert_entity(self, entity: Entity) -> None:
        with self._writing():
            self._insert_entity(entity)

    def _insert_entity(self, e: Entity) -> None:
        self.db.execute(
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

    def update_entity(self, e: Entity) -> None:
        with self._writing():
            self._update_entity(e)

    def _update_entity(self, e: Entity) -> None:
        cur = self.db.execute(
            "UPDATE entities SET name = ?, type = ?, aliases = ?, wikidata = ?, updated_at = ? "
            "WHERE id = ?",
            [e.name, e.type, json.dumps(list(e.aliases)), e.wikidata, e.updated_at, e.id],
        )
        if cur.rowcount != 1:
            raise KeyError(e.id)

    def delete_entity(self, entity_id: str) -> None:
        """Delete an entity nothing points at (undo of its creation)."""
        with self._writing():
            cur = self.db.execute("DELETE FROM entities WHERE id = ?", [entity_id])
            if cur.rowcount != 1:
                raise KeyError(entity_id)

    def mention_counts(self) -> dict[str, tuple[int, int]]:
        """entity id -> (mentions, documents mentioning it), across the whole project."""
        rows = self.db.execute(
            "SELECT entity_id, count(*), count(DISTINCT document_id) FROM spans "
            "WHERE entity_id IS NOT NULL GROUP BY entity_id"
        )
        return {r[0]: (r[1], r[2]) for r in rows}

    def mention_ids(self, entity_id: str, annotator_id: str) -> list[tuple[str, str]]:
        """(document id, span id) of one annotator's mentions, in document then text order."""
        rows = self.db.execute(
            "SELECT s.document_id, s.id FROM spans s JOIN documents d ON d.id = s.document_id "
            "WHERE s.entity_id = ? AND s.annotator_id = ? ORDER BY d.position, s.start, s.id",
            [entity_id, annotator_id],
        )
        return [(r[0], r[1]) for r in rows]

    def merge_entities(self, keep: Entity, gone_id: str) -> MergeRecord:
        """Point every mention, speaker and claimer of ``gone_id`` at ``keep`` (which is stored
        as given: its aliases gain the other's names) and delete the other entity."""
        with self._writing():
            before = self.entity(keep.id)
            gone = self.entity(gone_id)
            record = MergeRecord(
                kept_before=before,
                gone=gone,
                span_ids=self._ids("SELECT id FROM spans WHERE entity_id = ?", gone_id),
                quote_ids=self._ids("SELECT id FROM quotes WHERE speaker_entity_id = ?", gone_id),
                claim_span_ids=self._ids(
                    "SELECT span_id FROM claims WHERE claimer_entity_id = ?", gone_id
                ),
            )
            self.db.execute(
                "UPDATE spans SET entity_id = ? WHERE entity_id = ?", [keep.id, gone_id]
            )
            self.db.execute(
                "UPDATE quotes SET speaker_entity_id = ? WHERE speaker_entity_id = ?",
                [keep.id, gone_id],
            )
            self.db.execute(
                "UPDATE claims SET claimer_entity_id = ? WHERE claimer_entity_id = ?",
                [keep.id, gone_id],
            )
            self.db.execute("DELETE FROM entities WHERE id = ?", [gone_id])
            self._update_entity(keep)
        return record

    def unmerge_entities(self, record: MergeRecord) -> None:
        with self._writing():
            self._insert_entity(record.gone)
            self._update_entity(record.kept_before)
            gone = record.gone.id
            for table, column, key, ids in (
                ("spans", "entity_id", "id", record.span_ids),
                ("quotes", "speaker_entity_id", "id", record.quote_ids),
                ("claims", "claimer_entity_id", "span_id", record.claim_span_ids),
            ):
                self.db.conn.executemany(
                    f"UPDATE {table} SET {column} = ? WHERE {key} = ?", [(gone, i) for i in ids]
                )

    def _ids(self, sql: str, value: str) -> tuple[str, ...]:
        return tuple(r[0] for r in self.db.execute(sql, [value]))

    # -- quotes --------------------------------------------------------------------------------

    def quotes(self, document_id: str, annotator_id: str) -> list[Quote]:
        return list(
            self._quotes_where("document_id = ? AND annotator_id = ?", [document_id, annotator_id])
        )

    def quote(self, quote_id: str) -> Quote:
        found = list(self._quotes_where("id = ?", [quote_id]))
        if not found:
            raise KeyError(quote_id)
        return found[0]

    def quote_of_span(self, span_id: str) -> Quote | None:
        """The quote a span belongs to, as a segment or as its cue."""
        found = list(
            self._quotes_where(
                "id IN (SELECT quote_id FROM quote_segments WHERE span_id = ?) OR cue_span_id = ?",
                [span_id, span_id],
            )
        )
        return found[0] if found else None

    def _quotes_where(self, where: str, params: list[Any]) -> Iterator[Quote]:
        rows = self.db.execute(
            f"SELECT {QUOTE_COLUMNS} FROM quotes WHERE {where} ORDER BY created_at, id", params
        ).fetchall()
        for r in rows:
            segments = tuple(
                s[0]
                for s in self.db.execute(
                    "SELECT span_id FROM quote_segments WHERE quote_id = ? ORDER BY position",
                    [r[0]],
                )
            )
            yield Quote(
                id=r[0],
                document_id=r[1],
                annotator_id=r[2],
                segment_ids=segments,
                cue_span_id=r[3],
                speaker_entity_id=r[4],
                speaker_text=r[5],
                quote_type=QuoteType(r[6]),
                note=r[7],
                created_at=r[8],
                updated_at=r[9],
            )

    def insert_quote(self, quote: Quote) -> None:
        with self._writing():
            self._insert_quote(quote)

    def _insert_quote(self, q: Quote) -> None:
        self.db.execute(
            f"INSERT INTO quotes ({QUOTE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [
                q.id,
                q.document_id,
                q.annotator_id,
                q.cue_span_id,
                q.speaker_entity_id,
                q.speaker_text,
                q.quote_type.value,
                q.note,
                q.created_at,
                q.updated_at,
            ],
        )
        self._write_segments(q)

    def _write_segments(self, q: Quote) -> None:
        self.db.execute("DELETE FROM quote_segments WHERE quote_id = ?", [q.id])
        self.db.conn.executemany(
            "INSERT INTO quote_segments (quote_id, span_id, position) VALUES (?, ?, ?)",
            [(q.id, span_id, i) for i, span_id in enumerate(q.segment_ids)],
        )

    def update_quote(self, quote: Quote) -> None:
        with self._writing():
            self._update_quote(quote)

    def _update_quote(self, q: Quote) -> None:
        cur = self.db.execute(
            "UPDATE quotes SET cue_span_id = ?, speaker_entity_id = ?, speaker_text = ?, "
            "quote_type = ?, note = ?, updated_at = ? WHERE id = ?",
            [
                q.cue_span_id,
                q.speaker_entity_id,
                q.speaker_text,
                q.quote_type.value,
                q.note,
                q.updated_at,
                q.id,
            ],
        )
        if cur.rowcount != 1:
            raise KeyError(q.id)
        self._write_segments(q)

    def delete_quote(self, quote_id: str) -> None:
        with self._writing():
            self._delete_quote(quote_id)

    def _delete_quote(self, quote_id: str) -> None:
        self.db.execute("DELETE FROM quote_segments WHERE quote_id = ?", [quote_id])
        cur = self.db.execute("DELETE FROM quotes WHERE id = ?", [quote_id])
        if cur.rowcount != 1:
            raise KeyError(quote_id)

    # -- claims --------------------------------------------------------------------------------

    def claim(self, span_id: str) -> Claim | None:
        row = self.db.execute(
            f"SELECT {CLAIM_COLUMNS} FROM claims WHERE span_id = ?", [span_id]
        ).fetchone()
        return _claim(row) if row else None

    def claims(self, document_id: str, annotator_id: str) -> dict[str, Claim]:
        rows = self.db.execute(
            f"SELECT {', '.join('c.' + c.strip() for c in CLAIM_COLUMNS.split(','))} "
            "FROM claims c JOIN spans s ON s.id = c.span_id "
            "WHERE s.document_id = ? AND s.annotator_id = ?",
            [document_id, annotator_id],
        )
        return {r[0]: _claim(r) for r in rows}

    def put_claim(self, claim: Claim) -> None:
        with self._writing():
            self._put_claim(claim)

    def _put_claim(self, c: Claim) -> None:
        self.db.execute(
            f"INSERT OR REPLACE INTO claims ({CLAIM_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)",
            [
                c.span_id,
                c.claimer_kind.value,
                c.claimer_entity_id,
                c.stance.value,
                c.check_worthiness.value,
                c.verdict.value,
                c.evidence,
                c.updated_at,
            ],
        )

    def delete_claim(self, span_id: str) -> None:
        with self._writing():
            self.db.execute("DELETE FROM claims WHERE span_id = ?", [span_id])

    # -- what hangs on a span ------------------------------------------------------------------

    def _put_quote(self, quote: Quote) -> None:
        """Inside a transaction: store ``quote`` as given, whether it exists or not."""
        if self.db.execute("SELECT 1 FROM quotes WHERE id = ?", [quote.id]).fetchone():
            self._update_quote(quote)
        else:
            self._insert_quote(quote)

    def _detach(self, span: Span) -> Detached:
        """Inside a transaction: remove the claim row of ``span`` and take it out of its quote
        (a quote left without segments goes too). Returns what was there, for undo."""
        claim = self.claim(span.id)
        if claim is not None:
            self.db.execute("DELETE FROM claims WHERE span_id = ?", [span.id])
        quote = self.quote_of_span(span.id)
        if quote is None:
            return Detached(claim=claim)
        segments = tuple(s for s in quote.segment_ids if s != span.id)
        if not segments:
            self._delete_quote(quote.id)
        else:
            cue = None if quote.cue_span_id == span.id else quote.cue_span_id
            self._update_quote(quote.with_changes(segment_ids=segments, cue_span_id=cue))
        return Detached(claim=claim, quotes=(quote,))

    def _reattach(self, detached: Detached) -> None:
        """Inside a transaction: put back what ``_detach`` removed, exactly as it was."""
        if detached.claim is not None:
            self._put_claim(detached.claim)
        for quote in detached.quotes:
            self._put_quote(quote)

    def _links_of_document(self, document_id: str) -> tuple[tuple[Quote, ...], tuple[Claim, ...]]:
        quotes = tuple(self._quotes_where("document_id = ?", [document_id]))
        claims = tuple(
            _claim(r)
            for r in self.db.execute(
                f"SELECT {CLAIM_COLUMNS} FROM claims WHERE span_id IN "
                "(SELECT id FROM spans WHERE document_id = ?)",
                [document_id],
            )
        )
        return quotes, claims

    def _drop_links_of_document(self, document_id: str) -> None:
        self.db.execute(
            "DELETE FROM claims WHERE span_id IN (SELECT id FROM spans WHERE document_id = ?)",
            [document_id],
        )
        self.db.execute(
            "DELETE FROM quote_segments WHERE quote_id IN "
            "(SELECT id FROM quotes WHERE document_id = ?)",
            [document_id],
        )
        self.db.execute("DELETE FROM quotes WHERE document_id = ?", [document_id])

    def _restore_links(self, quotes: Iterable[Quote], claims: Iterable[Claim]) -> None:
        for quote in quotes:
            self._insert_quote(quote)
        for claim in claims:
            self._put_claim(claim)


def _entity(r: Any) -> Entity:
    return Entity(
        id=r[0],
        annotator_id=r[1],
        name=r[2],
        type=r[3],
        aliases=tuple(json.loads(r[4])),
        wikidata=r[5],
        created_at=r[6],
        updated_at=r[7],
    )


def _claim(r: Any) -> Claim:
    return Claim(
        span_id=r[0],
        claimer_kind=ClaimerKind(r[1]),
        claimer_entity_id=r[2],
        stance=Stance(r[3]),
        check_worthiness=CheckWorthiness(r[4]),
        verdict=Verdict(r[5]),
        evidence=r[6],
        updated_at=r[7],
    )
