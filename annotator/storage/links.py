"""Rows of quotes (their segments in reading order, cue, speaker) and of claim attributes; what
removing a span takes from them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from annotator.core.links import (
    CheckWorthiness,
    Claim,
    ClaimerKind,
    Quote,
    QuoteType,
    Stance,
    Verdict,
)
from annotator.core.model import Span
from annotator.core.records import Detached
from annotator.storage.columns import CLAIM_COLUMNS, QUOTE_COLUMNS
from annotator.storage.database import ProjectDb, Repository

# The quotes a span is in (parameters: the span's id twice): the segments' index and the cues'
# (migration 0014), no pass over every quote.
QUOTE_OF_SPAN = "id IN (SELECT quote_id FROM quote_segments WHERE span_id = ?) OR cue_span_id = ?"


class Links(Repository):
    """Quotes and claims; every write is one transaction (a savepoint inside another)."""

    def __init__(self, pdb: ProjectDb) -> None:
        super().__init__(pdb)

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

    def quote_exists(self, quote_id: str) -> bool:
        row = self._db.execute("SELECT 1 FROM quotes WHERE id = ?", [quote_id]).fetchone()
        return row is not None

    def quote_of_span(self, span_id: str) -> Quote | None:
        """The quote a span belongs to, as a segment or as its cue."""
        found = list(self._quotes_where(QUOTE_OF_SPAN, [span_id, span_id]))
        return found[0] if found else None

    def _quotes_where(self, where: str, params: list[Any]) -> Iterator[Quote]:
        rows = self._db.execute(
            f"SELECT {QUOTE_COLUMNS} FROM quotes WHERE {where} ORDER BY created_at, id", params
        ).fetchall()
        for r in rows:
            segments = tuple(
                s[0]
                for s in self._db.execute(
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

    def insert_quote(self, q: Quote) -> None:
        with self._pdb.writing():
            self._db.execute(
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

    def update_quote(self, q: Quote) -> None:
        with self._pdb.writing():
            cur = self._db.execute(
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

    def put_quote(self, quote: Quote) -> None:
        """Store ``quote`` as given, whether it exists or not."""
        if self.quote_exists(quote.id):
            self.update_quote(quote)
        else:
            self.insert_quote(quote)

    def _write_segments(self, q: Quote) -> None:
        """The quote's segment rows as ``q`` lists them: rows of segments it keeps are updated
        in place, not deleted and written again."""
        have = {
            r[0]: r[1]
            for r in self._db.execute(
                "SELECT span_id, position FROM quote_segments WHERE quote_id = ?", [q.id]
            )
        }
        wanted = {span_id: i for i, span_id in enumerate(q.segment_ids)}
        gone = [(q.id, s) for s in have if s not in wanted]
        self._db.conn.executemany(
            "DELETE FROM quote_segments WHERE quote_id = ? AND span_id = ?", gone
        )
        moved = [(i, q.id, s) for s, i in wanted.items() if s in have and have[s] != i]
        self._db.conn.executemany(
            "UPDATE quote_segments SET position = ? WHERE quote_id = ? AND span_id = ?", moved
        )
        self._db.conn.executemany(
            "INSERT INTO quote_segments (quote_id, span_id, position) VALUES (?, ?, ?)",
            [(q.id, s, i) for s, i in wanted.items() if s not in have],
        )

    def delete_quote(self, quote_id: str) -> None:
        with self._pdb.writing():
            self._db.execute("DELETE FROM quote_segments WHERE quote_id = ?", [quote_id])
            cur = self._db.execute("DELETE FROM quotes WHERE id = ?", [quote_id])
            if cur.rowcount != 1:
                raise KeyError(quote_id)

    # -- claims --------------------------------------------------------------------------------

    def claim(self, span_id: str) -> Claim | None:
        row = self._db.execute(
            f"SELECT {CLAIM_COLUMNS} FROM claims WHERE span_id = ?", [span_id]
        ).fetchone()
        return _claim(row) if row else None

    def claims(self, document_id: str, annotator_id: str) -> dict[str, Claim]:
        rows = self._db.execute(
            f"SELECT {', '.join('c.' + c.strip() for c in CLAIM_COLUMNS.split(','))} "
            "FROM claims c JOIN spans s ON s.id = c.span_id "
            "WHERE s.document_id = ? AND s.annotator_id = ?",
            [document_id, annotator_id],
        )
        return {r[0]: _claim(r) for r in rows}

    def put_claim(self, c: Claim) -> None:
        """Store the claim row as given (its earlier values replaced in place)."""
        with self._pdb.writing():
            self._db.execute(
                f"INSERT INTO claims ({CLAIM_COLUMNS}) VALUES (?,?,?,?,?,?,?,?) "
                "ON CONFLICT (span_id) DO UPDATE SET claimer_kind = excluded.claimer_kind, "
                "claimer_entity_id = excluded.claimer_entity_id, stance = excluded.stance, "
                "check_worthiness = excluded.check_worthiness, verdict = excluded.verdict, "
                "evidence = excluded.evidence, updated_at = excluded.updated_at",
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

    # -- what hangs on a span ------------------------------------------------------------------

    def detach(self, span: Span) -> Detached:
        """Inside the caller's transaction: remove the claim row of ``span`` and take it out of
        its quote (a quote left without segments goes too). Returns what was there."""
        claim = self.claim(span.id)
        if claim is not None:
            self._db.execute("DELETE FROM claims WHERE span_id = ?", [span.id])
        quote = self.quote_of_span(span.id)
        if quote is None:
            return Detached(claim=claim)
        segments = tuple(s for s in quote.segment_ids if s != span.id)
        if not segments:
            self.delete_quote(quote.id)
        else:
            cue = None if quote.cue_span_id == span.id else quote.cue_span_id
            self.update_quote(quote.with_changes(segment_ids=segments, cue_span_id=cue))
        return Detached(claim=claim, quotes=(quote,))


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
