"""Rows of the gold layer's review decisions: mixed into ProjectStore, their only SQL.

A decision is keyed by (document, annotator A, annotator B, item key from ``core.review``) and
records the gold spans it created; those spans are ordinary span rows of the gold annotator.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlite_utils import Database

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

    ``replaced`` is not stored: on a decision ``decide`` returns, it is the earlier decision on
    the same key that this one replaced (None if there was none), so that undo can restore it.
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
    replaced: Decision | None = None

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

    def put_decision(self, decision: Decision) -> Decision | None:
        """Store ``decision`` and its gold spans; an earlier decision on the same key goes, with
        its gold spans, in the same commit. Returns the earlier decision (None if none)."""
        with self._writing():
            d = decision
            previous = self.decision(d.document_id, d.annotator_a, d.annotator_b, d.key)
            if previous is not None:
                self._remove_decision(previous)
            self._insert_decision(d)
        return previous

    def replace_decision(self, current: Decision, previous: Decision | None) -> None:
        """Undo of ``put_decision``: remove ``current`` and its gold spans, put ``previous``
        back exactly (its row and its spans, ids included), in one commit."""
        with self._writing():
            self._remove_decision(current)
            if previous is not None:
                self._insert_decision(previous)

    def _insert_decision(self, d: Decision) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO annotators (id, name, created_at) VALUES (?, ?, ?)",
            [GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME, now_iso()],
        )
        for span in d.spans:
            self._insert_span(span)
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

    def _remove_decision(self, d: Decision) -> None:
        self.db.execute(
            "DELETE FROM decisions WHERE document_id = ? AND annotator_a = ? AND annotator_b = ? "
            "AND key = ?",
            [d.document_id, d.annotator_a, d.annotator_b, d.key],
        )
        self._delete_span_ids(d.span_ids)

    def _delete_span_ids(self, ids: Sequence[str]) -> None:
        self.db.conn.executemany("DELETE FROM spans WHERE id = ?", [(i,) for i in ids])

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
