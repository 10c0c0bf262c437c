"""Rows of the gold layer's review decisions and the gold spans they own.

A decision is keyed by (document, annotator A, annotator B, item key from ``core.review``) and
records the gold spans it created; those spans are ordinary span rows of the gold annotator.
Removing a decision's gold spans (re-deciding, dropping a stale decision) takes what hangs on
them the way removing any span does (their claim rows, their places in quotes as segment or
cue).

**Linking** (``Decisions.put`` of a new decision, in the same transaction): each gold span made
from an annotator's span (``Decision.sources``) takes that span's links into the gold layer. A claim
span's claim row is copied (claimer, stance, check-worthiness, verdict, evidence). A quote
segment or cue joins the gold quote that corresponds to its source quote (a gold quote with a
segment overlapping one of the source's segments, else with a cue overlapping its cue): it is
added in reading order (a cue only if the gold quote has none). Without such a gold quote a
segment starts one, with the source's speaker (entity or text) and type, and takes a gold cue
no quote holds that overlaps the source's cue; a cue alone waits for its first segment. A
gold quote without a speaker takes the source's; ``speaker_from`` (a speaker decision) sets
it whatever it was.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from annotator.core.decisions import Choice, Decision
from annotator.core.links import CUE_LABEL, Quote
from annotator.core.model import (
    GOLD_ANNOTATOR_ID,
    GOLD_ANNOTATOR_NAME,
    Layer,
    Span,
    Status,
    new_id,
    now_iso,
)
from annotator.storage.database import ProjectDb, Repository
from annotator.storage.documents import Documents
from annotator.storage.links import Links
from annotator.storage.spans import Spans

_COLUMNS = (
    "key, document_id, annotator_a, annotator_b, choice, decided_by, decided_at, comment, "
    "gold_span_ids"
)


class Decisions(Repository):
    """Review decisions; every write is one transaction (a savepoint inside another)."""

    def __init__(self, pdb: ProjectDb, spans: Spans, links: Links, documents: Documents) -> None:
        super().__init__(pdb)
        self._spans = spans
        self._links = links
        self._documents = documents

    # -- reading -------------------------------------------------------------------------------

    def of(self, document_id: str, annotator_a: str, annotator_b: str) -> list[Decision]:
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM decisions WHERE document_id = ? AND annotator_a = ? "
            "AND annotator_b = ? ORDER BY decided_at, key",
            [document_id, annotator_a, annotator_b],
        ).fetchall()
        return [self._decision(r) for r in rows]

    def get(
        self, document_id: str, annotator_a: str, annotator_b: str, key: str
    ) -> Decision | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM decisions WHERE document_id = ? AND annotator_a = ? "
            "AND annotator_b = ? AND key = ?",
            [document_id, annotator_a, annotator_b, key],
        ).fetchone()
        return None if row is None else self._decision(row)

    def count(self, document_id: str, annotator_a: str, annotator_b: str) -> int:
        row = self._db.execute(
            "SELECT count(*) FROM decisions WHERE document_id = ? AND annotator_a = ? "
            "AND annotator_b = ?",
            [document_id, annotator_a, annotator_b],
        ).fetchone()
        return int(row[0])

    def started_by_both(self, annotator_a: str, annotator_b: str) -> list[str]:
        """Ids of the documents both annotators have started (a status, or a span), in list
        order: what a review compares (one query)."""
        started = (
            "SELECT document_id FROM document_status WHERE annotator_id = ? "
            "UNION SELECT document_id FROM spans WHERE annotator_id = ?"
        )
        rows = self._db.execute(
            f"SELECT id FROM documents WHERE id IN ({started}) AND id IN ({started}) "
            "ORDER BY position",
            [annotator_a, annotator_a, annotator_b, annotator_b],
        )
        return [r[0] for r in rows]

    def decided_keys(
        self, annotator_a: str, annotator_b: str, document_ids: Sequence[str] | None = None
    ) -> dict[str, set[str]]:
        """The decided item keys of the pair A, B on every document, or on those given (one
        query)."""
        found: dict[str, set[str]] = {}
        sql = "SELECT document_id, key FROM decisions WHERE annotator_a = ? AND annotator_b = ?"
        params = [annotator_a, annotator_b]
        if document_ids is not None:
            sql += f" AND document_id IN ({', '.join('?' * len(document_ids))})"
            params += list(document_ids)
        for document_id, key in self._db.execute(sql, params):
            found.setdefault(document_id, set()).add(key)
        return found

    # -- writing -------------------------------------------------------------------------------

    def put(self, decision: Decision) -> Decision:
        """Store a new ``decision``: its gold spans go in (linked: module doc), the gold spans
        in ``removed`` go out, and an earlier decision on the same key goes with its gold
        spans, all in one transaction. Returns the decision as stored, ``replaced`` being that
        earlier decision (None if none) and ``removed`` the spans that were really removed."""
        with self._pdb.writing():
            d = decision
            previous = self.get(d.document_id, d.annotator_a, d.annotator_b, d.key)
            if previous is not None:
                self._remove(previous)
            removed = tuple(s for s in d.removed if self._spans.exists(s.id))
            self._spans.delete_many(removed)
            self._insert(d)
            self._link(d)
        return replace(
            d, owned=d.owned_ids, replaced=previous, removed=removed, sources=(), speaker_from=None
        )

    def put_many(self, decisions: Sequence[Decision]) -> list[Decision]:
        """``put`` of each, in order, in one transaction (accepting many agreements)."""
        with self._pdb.writing():
            return [self.put(d) for d in decisions]

    def remove(self, decisions: Sequence[Decision]) -> None:
        """Remove decisions and the gold spans they own (with their links), in one transaction:
        dropping stale decisions."""
        with self._pdb.writing():
            for d in decisions:
                self._remove(d)

    def set_comment(
        self, document_id: str, annotator_a: str, annotator_b: str, key: str, comment: str
    ) -> str:
        """Replace the comment of a stored decision (KeyError if there is none); returns the
        comment it had."""
        with self._pdb.writing():
            found = self.get(document_id, annotator_a, annotator_b, key)
            if found is None:
                raise KeyError(key)
            self._db.execute(
                "UPDATE decisions SET comment = ? WHERE document_id = ? AND annotator_a = ? "
                "AND annotator_b = ? AND key = ?",
                [comment, document_id, annotator_a, annotator_b, key],
            )
        return found.comment

    def set_gold_status(self, document_id: str, status: Status) -> None:
        """The gold layer's status on a document (its annotator row made if need be)."""
        with self._pdb.writing():
            self._gold_row()
            self._documents.write_status(document_id, GOLD_ANNOTATOR_ID, status)

    def _gold_row(self) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO annotators (id, name, created_at) VALUES (?, ?, ?)",
            [GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME, now_iso()],
        )

    def _insert(self, d: Decision) -> None:
        self._gold_row()
        self._spans.insert_many(d.spans)
        self._db.execute(
            f"INSERT INTO decisions ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
            [
                d.key,
                d.document_id,
                d.annotator_a,
                d.annotator_b,
                d.choice.value,
                d.decided_by,
                d.decided_at,
                d.comment,
                json.dumps(list(d.owned_ids)),
            ],
        )

    def _remove(self, d: Decision) -> None:
        """Delete the decision row and its gold spans as they are now, with their links."""
        self._db.execute(
            "DELETE FROM decisions WHERE document_id = ? AND annotator_a = ? AND annotator_b = ? "
            "AND key = ?",
            [d.document_id, d.annotator_a, d.annotator_b, d.key],
        )
        gone = [self._spans.get(i) for i in d.owned_ids if self._spans.exists(i)]
        self._spans.delete_many(gone)

    def _link(self, d: Decision) -> None:
        """Give the new gold spans of ``d`` their sources' claim rows and quotes (module doc)."""
        groups: dict[str, list[Span]] = {}
        links = self._links
        for span, source_span in zip(d.spans, d.sources, strict=False):
            if source_span is None:
                continue
            claim = links.claim(source_span) if span.layer is Layer.CLAIM else None
            if claim is not None:
                links.put_claim(replace(claim, span_id=span.id, updated_at=now_iso()))
            quote = links.quote_of_span(source_span) if span.layer is Layer.QUOTE else None
            if quote is not None:
                groups.setdefault(quote.id, []).append(span)
        if d.speaker_from is not None:
            groups.setdefault(d.speaker_from, [])
        if not groups:  # nothing quoted: the gold quotes are not read (many agreements)
            return
        gold = {s.id: s for s in self._spans.of(d.document_id, GOLD_ANNOTATOR_ID)}
        quotes = {q.id: q for q in links.quotes(d.document_id, GOLD_ANNOTATOR_ID)}
        for source_id, new in groups.items():
            source = links.quote(source_id)
            pieces = [self._spans.get(i) for i in source.span_ids]
            found = _gold_quote(source, pieces, new, gold, quotes.values())
            if found is None:
                continue
            old, made = found
            speaker = (source.speaker_entity_id, source.speaker_text)
            takes = source_id == d.speaker_from or not made.has_speaker
            if takes and (made.speaker_entity_id, made.speaker_text) != speaker:
                made = made.with_changes(speaker_entity_id=speaker[0], speaker_text=speaker[1])
            if made != old:
                links.put_quote(made)
                quotes[made.id] = made

    def _decision(self, r: Any) -> Decision:
        ids = json.loads(r[8])
        spans: list[Span] = []
        for span_id in ids:
            with contextlib.suppress(KeyError):  # a gold span edited away since
                spans.append(self._spans.get(span_id))
        return Decision(
            key=r[0],
            document_id=r[1],
            annotator_a=r[2],
            annotator_b=r[3],
            choice=Choice(r[4]),
            decided_by=r[5],
            decided_at=r[6],
            comment=r[7],
            spans=tuple(spans),
            owned=tuple(ids),
        )


def _overlaps(span: Span, others: list[Span]) -> bool:
    return any(span.start < o.end and o.start < span.end for o in others)


def _gold_quote(
    source: Quote,
    pieces: list[Span],
    new: list[Span],
    gold: dict[str, Span],
    quotes: Iterable[Quote],
) -> tuple[Quote | None, Quote] | None:
    """The gold quote that corresponds to ``source`` (whose spans are ``pieces``) with the new
    gold spans ``new`` in it: (as it was or None, as it is to be); None when there is no gold
    quote and nothing to start one with (a cue alone)."""
    segments = [p for p in pieces if p.id in source.segment_ids]
    cues = [p for p in pieces if p.id == source.cue_span_id]
    quotes = list(quotes)

    def spans_of(q: Quote, ids: Iterable[str | None]) -> list[Span]:
        return [gold[i] for i in ids if i is not None and i in gold]

    old = next(
        (q for q in quotes if any(_overlaps(s, segments) for s in spans_of(q, q.segment_ids))),
        None,
    ) or next(
        (q for q in quotes if any(_overlaps(s, cues) for s in spans_of(q, [q.cue_span_id]))), None
    )
    held = {i for q in quotes for i in q.span_ids}
    free_cue = next(
        (
            s
            for s in gold.values()
            if s.layer is Layer.QUOTE
            and s.label == CUE_LABEL
            and s.id not in held
            and _overlaps(s, cues)
        ),
        None,
    )
    new_segments = [s for s in new if s.label != CUE_LABEL]
    new_cue = next((s for s in new if s.label == CUE_LABEL), None) or free_cue
    if old is None:
        if not new_segments:
            return None
        return None, Quote(
            id=new_id(),
            document_id=source.document_id,
            annotator_id=GOLD_ANNOTATOR_ID,
            segment_ids=_in_order([s.id for s in new_segments], gold),
            cue_span_id=new_cue.id if new_cue is not None else None,
            speaker_entity_id=source.speaker_entity_id,
            speaker_text=source.speaker_text,
            quote_type=source.quote_type,
        )
    ids = [*old.segment_ids, *(s.id for s in new_segments if s.id not in old.segment_ids)]
    cue = old.cue_span_id or (new_cue.id if new_cue is not None else None)
    if len(ids) == len(old.segment_ids) and cue == old.cue_span_id:
        return old, old
    return old, old.with_changes(segment_ids=_in_order(ids, gold), cue_span_id=cue)


def _in_order(ids: list[str], gold: dict[str, Span]) -> tuple[str, ...]:
    return tuple(sorted(ids, key=lambda i: (gold[i].start, gold[i].end, i)))
