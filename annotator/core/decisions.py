"""A reviewer's decision on one review item (``core.review``) and the gold spans it made."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from annotator.core.model import Span


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
    """One decision with the gold spans it created (as they were stored).

    The last fields are not stored and not compared. A decision being made names in
    ``removed`` the gold spans it takes away (reviewing against the gold layer), in ``sources``
    for each gold span the annotator's span it was made from (None: made by hand), so that the
    store links it, and in ``speaker_from`` the annotator's quote whose speaker the gold quote
    takes. ``replaced`` is the earlier decision on the same key that storing this one removed.
    ``owned`` is every gold span id the decision owns as stored (``spans`` holds those that
    exist; another decision may have taken one away since).
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
    removed: tuple[Span, ...] = field(default=(), compare=False)
    sources: tuple[str | None, ...] = field(default=(), compare=False)
    speaker_from: str | None = field(default=None, compare=False)
    replaced: Decision | None = field(default=None, compare=False)
    owned: tuple[str, ...] = field(default=(), compare=False)

    @property
    def span_ids(self) -> tuple[str, ...]:
        """The ids of the decision's gold spans that exist (those in ``spans``)."""
        return tuple(s.id for s in self.spans)

    @property
    def owned_ids(self) -> tuple[str, ...]:
        """Every gold span id the decision owns: ``owned`` when known, else those of ``spans``."""
        return self.owned or self.span_ids
