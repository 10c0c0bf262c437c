"""Entities, quotes and claims: the connections between spans, each pointing at spans by id."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from annotator.core.model import now_iso

CUE_LABEL = "CUE"  # the quote-layer label of cue spans; every other quote label is a segment


class QuoteType(StrEnum):
    DIRECT = "direct"
    INDIRECT = "indirect"
    PARTIAL = "partial"
    MIXED = "mixed"


class ClaimerKind(StrEnum):
    """Who makes a claim: nobody chosen yet, an entity, the article's author, or the speaker of
    the quote the claim lies in (inherited, so it follows that quote's speaker)."""

    UNSET = ""
    ENTITY = "entity"
    AUTHOR = "author"
    QUOTE = "quote"


class Stance(StrEnum):
    ASSERTS = "asserts"
    DENIES = "denies"


class CheckWorthiness(StrEnum):
    CHECK_WORTHY = "check_worthy"
    NOT_CHECK_WORTHY = "not_check_worthy"
    UNSURE = "unsure"


class Verdict(StrEnum):
    UNVERIFIED = "unverified"
    TRUE = "true"
    MISLEADING = "misleading"
    FALSE = "false"


@dataclass(frozen=True)
class Entity:
    """A real-world person, organisation, place... that mentions (entity spans) point at."""

    id: str
    annotator_id: str
    name: str
    type: str  # an entity label name: PERSON, ORGANIZATION...
    aliases: tuple[str, ...] = ()
    wikidata: str = ""
    created_at: str = field(default_factory=now_iso)
    updated_at: str = ""

    def with_changes(self, **changes: object) -> Entity:
        return replace(self, updated_at=now_iso(), **changes)  # type: ignore[arg-type]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Quote:
    """One quote: its content segments (quote spans, in reading order), an optional cue span,
    a speaker (an entity, or free text such as "a senior official"), a type and a note."""

    id: str
    document_id: str
    annotator_id: str
    segment_ids: tuple[str, ...]
    cue_span_id: str | None = None
    speaker_entity_id: str | None = None
    speaker_text: str = ""
    quote_type: QuoteType = QuoteType.DIRECT
    note: str = ""
    created_at: str = field(default_factory=now_iso)
    updated_at: str = ""

    def with_changes(self, **changes: object) -> Quote:
        return replace(self, updated_at=now_iso(), **changes)  # type: ignore[arg-type]

    @property
    def has_speaker(self) -> bool:
        return self.speaker_entity_id is not None or bool(self.speaker_text.strip())

    @property
    def span_ids(self) -> tuple[str, ...]:
        return self.segment_ids + ((self.cue_span_id,) if self.cue_span_id else ())


@dataclass(frozen=True)
class Claim:
    """The attributes of one claim span (keyed by that span's id)."""

    span_id: str
    claimer_kind: ClaimerKind = ClaimerKind.UNSET
    claimer_entity_id: str | None = None
    stance: Stance = Stance.ASSERTS
    check_worthiness: CheckWorthiness = CheckWorthiness.UNSURE
    verdict: Verdict = Verdict.UNVERIFIED
    evidence: str = ""
    updated_at: str = ""

    def with_changes(self, **changes: object) -> Claim:
        return replace(self, updated_at=now_iso(), **changes)  # type: ignore[arg-type]

    @property
    def has_claimer(self) -> bool:
        if self.claimer_kind is ClaimerKind.ENTITY:
            return self.claimer_entity_id is not None
        return self.claimer_kind is not ClaimerKind.UNSET
