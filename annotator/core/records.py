"""Records of what an edit did: the rows it changed (what undo replays), and what some edits
report back (a label renamed with its spans, the links a removed span took, a proposal decided)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from annotator.core.links import Claim, Quote
from annotator.core.model import Label, Span


@dataclass(frozen=True)
class RowChange:
    """One row change of the project file, as undo replays it: ``action`` is what replaying
    does (``insert`` puts a removed row back with its ``rowid`` and ``values``; ``update`` gives
    the row with ``key`` its former ``values``; ``delete`` removes the row with ``key``). Key
    and values are in the table's own column order. ``expected`` is the row as the edit left
    it (for ``update`` and ``delete``: the row must still be so, or nothing is replayed).
    ``repoint`` sets one column back on many rows: ``key`` is (column, the value to put back,
    the value each row must still hold), ``values`` the keys of those rows (``storage.journal``:
    a merge's mentions, kept as their ids instead of 40,000 rows)."""

    table: str
    action: str  # insert | update | delete | repoint
    key: tuple[Any, ...]
    rowid: int | None = None
    values: tuple[Any, ...] = ()
    expected: str = ""  # the row's columns as a JSON array, as SQLite's json_array writes it


@dataclass(frozen=True)
class Detached:
    """What removing a span took with it: its claim attributes, and the quotes it belonged to
    as they were (their other spans change too)."""

    claim: Claim | None = None
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class StoredLabel:
    """A label with its row id and position in the file (stable across renames and undo)."""

    label: Label
    row_id: int
    position: int


@dataclass(frozen=True)
class LabelEdit:
    """What changing a label did: the label before and after, and, for a rename, the spans
    (and, for an entity label, the registry entities whose type) that were renamed with it."""

    before: Label
    after: Label
    span_ids: tuple[str, ...] = ()
    entity_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class RemovedLabel:
    """What deleting a label took: its row, and its spans (every annotator's)."""

    stored: StoredLabel
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """What a person did with one proposal: accepted (and the span it became) or rejected."""

    document_id: str
    annotator_id: str
    start: int
    end: int
    label: str
    origin: str  # occurrence | rule | registry | model
    outcome: str  # accepted | rejected
    span_id: str | None
    decided_at: str

    @property
    def key(self) -> tuple[str, int, int, str]:
        """The same key as ``core.proposals.Proposal.key``."""
        return (self.document_id, self.start, self.end, self.label)
