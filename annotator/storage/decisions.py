"""Rows of the gold layer's review decisions: mixed into ProjectStore, their only SQL.

A decision is keyed by (document, annotator A, annotator B, item key from ``core.review``) and
records the gold spans it created; those spans are ordinary span rows of the gold annotator.
Removing a decision's gold spans (re-deciding, undo) takes what hangs on them the way removing
any span does (their claim rows, their places in quotes as segment or cue), and putting the
decision back restores those links exactly.

**Linking** (``put_decision`` of a new decision, in the same commit): each gold span made from an
annotator's span (``Decision.sources``) takes that span's links into the gold layer. A claim
span's claim row is copied (claimer, stance, check-worthiness, verdict, evidence). A quote
segment or cue joins the gold quote that corresponds to its source quote (a gold quote with a
segment overlapping one of the source's segments, else with a cue overlapping its cue): it is
added in reading order (a cue only if the gold quote has none). Without such a gold quote a
segment starts one, with the source's speaker (entity or text) and type, and takes a gold cue
no quote holds that overlaps the source's cue; a cue alone waits for its first segment. A
gold quote without a speaker takes the source's; ``speaker_from`` (a speaker decision) sets
it whatever it was. What linking changed is kept (``Decision.linked``): undo puts each gold
quote back as it was before, redo as it was after.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from sqlite_utils import Database

from annotator.core.links import CUE_LABEL, Claim, Detached, Quote
from annotator.core.model import (
    GOLD_ANNOTATOR_ID,
    GOLD_ANNOTATOR_NAME,
    Layer,
    Span,
    new_id,
    now_iso,
)

_COLUMNS = (
    "key, document_id, annotator_a, annotator_b, choice, decided_by, decided_at, comment, "
    "gold_span_ids"
)


class Choice(StrEnum):
    """What the reviewer took: A's side, B's side, both, neither, or an agreement (A's side)."""

    A = "a"
    B = "b"
    BOTH = "both"
    REJECT = "reject"
    AGREE = "agree"
    EDIT = "edit"


@dataclass(frozen=True)
class Decision:
    """One stored decision with the gold spans it created (as they were stored).

    The last fields are not stored and not compared; they carry what linking, undo and redo
    need: ``replaced`` is the earlier decision on the same key that this one replaced (None if
    there was none), ``links`` what hung on this decision's gold spans when they were last
    removed (put back with them), ``removed`` gold spans that were there before and that this
    decision took away (reviewing against the gold layer) and ``removed_links`` what hung on
    those. A new decision's ``sources`` names, for each gold span, the annotator's span it was
    made from (None: made by hand) and ``speaker_from`` the annotator's quote whose speaker the
    gold quote takes; ``linked`` is what linking changed: (gold quote id, before, after), before
    None for a quote linking made. ``owned`` is every gold span id the decision owns as stored
    (``spans`` holds only those that exist): kept so that undo writes the full list back.
    """

    key: str
    document_id: str
    annotator_a: str
    annotator_b: str
    choice: Choice
    decided_by: str
    decided_at: str
    comment: str = ""
    spans: tuple[Span, ...] = ()
    replaced: Decision | None = field(default=None, compare=False)
    links: tuple[Detached, ...] = field(default=(), compare=False)
    removed: tuple[Span, ...] = field(default=(), compare=False)
    removed_links: tuple[Detached, ...] = field(default=(), compare=False)
    sources: tuple[str | None, ...] = field(default=(), compare=False)
    speaker_from: str | None = field(default=None, compare=False)
    linked: tuple[tuple[str, Quote | None, Quote], ...] = field(default=(), compare=False)
    owned: tuple[str, ...] = field(default=(), compare=False)

    @property
    def span_ids(self) -> tuple[str, ...]:
        """The ids of the decision's gold spans that exist (those in ``spans``)."""
        return tuple(s.id for s in self.spans)

    @property
    def owned_ids(self) -> tuple[str, ...]:
        """Every gold span id the decision owns, also those taken away since (by another
        decision, to come back on its undo): what its row stores. ``owned`` when known, else
        the ids of ``spans``."""
        return self.owned or self.span_ids


class DecisionRows:
    """Mixed into ProjectStore: needs ``self.db``, ``self._writing()`` and span rows."""

    db: Database

    def _writing(self) -> contextlib.AbstractContextManager[Database]:
        raise NotImplementedError

    def _insert_span(self, span: Span) -> None:
        raise NotImplementedError

    def span(self, span_id: str) -> Span:
        raise NotImplementedError

    def _detach(self, span: Span) -> Detached:
        raise NotImplementedError

    def _reattach(self, detached: Detached) -> None:
        raise NotImplementedError

    def spans(self, document_id: str, annotator_id: str) -> list[Span]:
        raise NotImplementedError

    def quotes(self, document_id: str, annotator_id: str) -> list[Quote]:
        raise NotImplementedError

    def quote(self, quote_id: str) -> Quote:
        raise NotImplementedError

    def quote_of_span(self, span_id: str) -> Quote | None:
        raise NotImplementedError

    def claim(self, span_id: str) -> Claim | None:
        raise NotImplementedError

    def _put_claim(self, claim: Claim) -> None:
        raise NotImplementedError

    def _put_quote(self, quote: Quote) -> None:
        raise NotImplementedError

    def _delete_quote(self, quote_id: str) -> None:
        raise NotImplementedError

    def decisions(self, document_id: str, annotator_a: str, annotator_b: str) -> list[Decision]:
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM decisions WHERE document_id = ? AND annotator_a = ? "
            "AND annotator_b = ? ORDER BY decided_at, key",
            [document_id, annotator_a, annotator_b],
        ).fetchall()
        return [self._decision(r) for r in rows]

    def decision(
        self, document_id: str, annotator_a: str, annotator_b: str, key: str
    ) -> Decision | None:
        row = self.db.execute(
            f"SELECT {_COLUMNS} FROM decisions WHERE document_id = ? AND annotator_a = ? "
            "AND annotator_b = ? AND key = ?",
            [document_id, annotator_a, annotator_b, key],
        ).fetchone()
        return None if row is None else self._decision(row)

    def decision_count(self, document_id: str, annotator_a: str, annotator_b: str) -> int:
        row = self.db.execute(
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
        rows = self.db.execute(
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
        rows = self.db.execute(sql, params)
        for document_id, key in rows:
            found.setdefault(document_id, set()).add(key)
        return found

    def put_decision(self, decision: Decision) -> Decision:
        """Store ``decision``: its gold spans (and the links in ``links``) go in, the gold spans
        in ``removed`` go out, and an earlier decision on the same key goes with its gold spans,
        all in one commit; a new decision's gold spans are linked (module doc), a decision put
        back by redo gets its gold quotes as linking left them. Returns the decision as stored:
        ``replaced`` is that earlier decision (None if none), ``removed_links`` what hung on
        the removed spans and ``linked`` what linking changed, for undo."""
        with self._writing():
            d = decision
            previous = self.decision(d.document_id, d.annotator_a, d.annotator_b, d.key)
            if previous is not None:
                previous = self._remove_decision(previous)
            removed = tuple(s for s in d.removed if self._span_exists(s.id))
            removed_links = self._delete_spans(removed)
            new = bool(d.sources or d.speaker_from)  # else put back by redo
            self._insert_decision(d, relink=not new)
            linked = self._link(d) if new else d.linked
        return replace(
            d,
            owned=d.owned_ids,
            replaced=previous,
            removed=removed,
            removed_links=removed_links,
            sources=(),
            speaker_from=None,
            linked=linked,
        )

    def put_decisions(self, decisions: Sequence[Decision]) -> list[Decision]:
        """``put_decision`` of each, in order, in one commit (accepting many agreements)."""
        with self._writing():
            return [self.put_decision(d) for d in decisions]

    def replace_decisions(self, decisions: Sequence[Decision]) -> list[Decision]:
        """Undo of ``put_decisions``: ``replace_decision(d, d.replaced)`` of each in reverse
        order, in one commit; returns them in the given order."""
        with self._writing():
            undone = [self.replace_decision(d, d.replaced) for d in reversed(decisions)]
        return undone[::-1]

    def remove_decisions(self, decisions: Sequence[Decision]) -> list[Decision]:
        """Remove decisions and the gold spans they own (with their links), in one commit:
        dropping stale decisions. Returns each as removed, for ``restore_decisions``."""
        with self._writing():
            return [self._remove_decision(d) for d in decisions]

    def restore_decisions(self, decisions: Sequence[Decision]) -> None:
        """Undo of ``remove_decisions``: each decision back exactly (row, spans, links), in one
        commit."""
        with self._writing():
            for d in reversed(decisions):
                self._insert_decision(d)

    def replace_decision(self, current: Decision, previous: Decision | None) -> Decision:
        """Undo of ``put_decision``: remove ``current`` and its gold spans (with their links),
        put back the gold quotes its linking changed, the gold spans it removed and ``previous``
        exactly (its row, its spans, ids included, and their links), in one commit. Returns
        ``current`` with the spans and links
        it had when removed, so that redo puts it back as it was."""
        with self._writing():
            removed = self._remove_decision(current)
            for quote_id, before, _after in reversed(current.linked):
                if before is not None:
                    self._put_quote(before)
                elif self.db.execute("SELECT 1 FROM quotes WHERE id = ?", [quote_id]).fetchone():
                    self._delete_quote(quote_id)
            for span in current.removed:
                self._insert_span(span)
            for detached in reversed(current.removed_links):
                self._reattach(detached)
            if previous is not None:
                self._insert_decision(previous)
        return replace(current, owned=removed.owned, spans=removed.spans, links=removed.links)

    def set_decision_comment(
        self, document_id: str, annotator_a: str, annotator_b: str, key: str, comment: str
    ) -> str:
        """Replace the comment of a stored decision (KeyError if there is none); returns the
        comment it had."""
        with self._writing():
            found = self.decision(document_id, annotator_a, annotator_b, key)
            if found is None:
                raise KeyError(key)
            self.db.execute(
                "UPDATE decisions SET comment = ? WHERE document_id = ? AND annotator_a = ? "
                "AND annotator_b = ? AND key = ?",
                [comment, document_id, annotator_a, annotator_b, key],
            )
        return found.comment

    def _insert_decision(self, d: Decision, relink: bool = False) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO annotators (id, name, created_at) VALUES (?, ?, ?)",
            [GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME, now_iso()],
        )
        for span in d.spans:
            self._insert_span(span)
        if relink:  # redo: the gold quotes as linking left them
            for _quote_id, _before, after in d.linked:
                self._put_quote(after)
        for detached in reversed(d.links):  # the reverse of the order they were taken in
            self._reattach(detached)
        self.db.execute(
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

    def _remove_decision(self, d: Decision) -> Decision:
        """Delete the decision row and its gold spans as they are now, with their links;
        returns ``d`` with those spans and links."""
        self.db.execute(
            "DELETE FROM decisions WHERE document_id = ? AND annotator_a = ? AND annotator_b = ? "
            "AND key = ?",
            [d.document_id, d.annotator_a, d.annotator_b, d.key],
        )
        owned = d.owned_ids
        spans = tuple(self.span(i) for i in owned if self._span_exists(i))
        return replace(d, owned=owned, spans=spans, links=self._delete_spans(spans))

    def _span_exists(self, span_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM spans WHERE id = ?", [span_id]).fetchone() is not None

    def _delete_spans(self, spans: Sequence[Span]) -> tuple[Detached, ...]:
        """Delete spans, each first taken out of its quote and rid of its claim row (as removing
        a span does); returns what each one took, in order (put back in reverse order)."""
        taken = []
        for span in spans:
            taken.append(self._detach(span))
            self.db.execute("DELETE FROM spans WHERE id = ?", [span.id])
        return tuple(taken)

    def _link(self, d: Decision) -> tuple[tuple[str, Quote | None, Quote], ...]:
        """Give the new gold spans of ``d`` their sources' claim rows and quotes (module doc);
        returns each gold quote changed: (id, before or None, after)."""
        before: dict[str, Quote | None] = {}
        groups: dict[str, list[Span]] = {}
        for span, source_span in zip(d.spans, d.sources, strict=False):
            if source_span is None:
                continue
            claim = self.claim(source_span) if span.layer is Layer.CLAIM else None
            if claim is not None:
                self._put_claim(replace(claim, span_id=span.id, updated_at=now_iso()))
            quote = self.quote_of_span(source_span) if span.layer is Layer.QUOTE else None
            if quote is not None:
                groups.setdefault(quote.id, []).append(span)
        if d.speaker_from is not None:
            groups.setdefault(d.speaker_from, [])
        if not groups:  # nothing quoted: the gold quotes are not read (many agreements)
            return ()
        gold = {s.id: s for s in self.spans(d.document_id, GOLD_ANNOTATOR_ID)}
        quotes = {q.id: q for q in self.quotes(d.document_id, GOLD_ANNOTATOR_ID)}
        for source_id, new in groups.items():
            source = self.quote(source_id)
            pieces = [self.span(i) for i in source.span_ids]
            found = _gold_quote(source, pieces, new, gold, quotes.values())
            if found is None:
                continue
            old, made = found
            speaker = (source.speaker_entity_id, source.speaker_text)
            takes = source_id == d.speaker_from or not made.has_speaker
            if takes and (made.speaker_entity_id, made.speaker_text) != speaker:
                made = made.with_changes(speaker_entity_id=speaker[0], speaker_text=speaker[1])
            if made != old:
                before.setdefault(made.id, old)
                self._put_quote(made)
                quotes[made.id] = made
        return tuple((i, b, self.quote(i)) for i, b in before.items())

    def _decision(self, r: Any) -> Decision:
        ids = json.loads(r[8])
        spans: list[Span] = []
        for span_id in ids:
            with contextlib.suppress(KeyError):  # a gold span edited away since
                spans.append(self.span(span_id))
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
