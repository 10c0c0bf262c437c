"""Rows of the gold layer's review decisions: mixed into ProjectStore, their only SQL.

A decision is keyed by (document, annotator A, annotator B, item key from ``core.review``) and
records the gold spans it created; those spans are ordinary span rows of the gold annotator.
Removing a decision's gold spans (re-deciding, undo) takes what hangs on them the way removing
any span does (their claim rows, their places in quotes as segment or cue), and putting the
decision back restores those links exactly.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from sqlite_utils import Database

from annotator.core.links import Detached
from annotator.core.model import GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME, Span, now_iso

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

    The last four fields are not stored and not compared; they carry what undo and redo need:
    ``replaced`` is the earlier decision on the same key that this one replaced (None if there
    was none), ``links`` what hung on this decision's gold spans when they were last removed
    (put back with them), ``removed`` gold spans that were there before and that this decision
    took away (reviewing against the gold layer) and ``removed_links`` what hung on those.
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

    @property
    def span_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.spans)


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

    def decided_keys(self, annotator_a: str, annotator_b: str) -> dict[str, set[str]]:
        """The decided item keys of the pair A, B on every document (one query)."""
        found: dict[str, set[str]] = {}
        rows = self.db.execute(
            "SELECT document_id, key FROM decisions WHERE annotator_a = ? AND annotator_b = ?",
            [annotator_a, annotator_b],
        )
        for document_id, key in rows:
            found.setdefault(document_id, set()).add(key)
        return found

    def put_decision(self, decision: Decision) -> Decision:
        """Store ``decision``: its gold spans (and the links in ``links``) go in, the gold spans
        in ``removed`` go out, and an earlier decision on the same key goes with its gold spans,
        all in one commit. Returns the decision as stored: ``replaced`` is that earlier decision
        (None if none) and ``removed_links`` what hung on the removed spans, for undo."""
        with self._writing():
            d = decision
            previous = self.decision(d.document_id, d.annotator_a, d.annotator_b, d.key)
            if previous is not None:
                previous = self._remove_decision(previous)
            removed = tuple(s for s in d.removed if self._span_exists(s.id))
            removed_links = self._delete_spans(removed)
            self._insert_decision(d)
        return replace(d, replaced=previous, removed=removed, removed_links=removed_links)

    def replace_decision(self, current: Decision, previous: Decision | None) -> Decision:
        """Undo of ``put_decision``: remove ``current`` and its gold spans (with their links),
        put back the gold spans it removed and ``previous`` exactly (its row, its spans, ids
        included, and their links), in one commit. Returns ``current`` with the spans and links
        it had when removed, so that redo puts it back as it was."""
        with self._writing():
            removed = self._remove_decision(current)
            for span in current.removed:
                self._insert_span(span)
            for detached in reversed(current.removed_links):
                self._reattach(detached)
            if previous is not None:
                self._insert_decision(previous)
        return replace(current, spans=removed.spans, links=removed.links)

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

    def _insert_decision(self, d: Decision) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO annotators (id, name, created_at) VALUES (?, ?, ?)",
            [GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME, now_iso()],
        )
        for span in d.spans:
            self._insert_span(span)
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
                json.dumps(list(d.span_ids)),
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
        spans = tuple(self.span(i) for i in d.span_ids if self._span_exists(i))
        return replace(d, spans=spans, links=self._delete_spans(spans))

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
        )
