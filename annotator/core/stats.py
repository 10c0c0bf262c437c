"""Where the work of a project stands, as counted by the store: plain figures, no names yet."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.links import Verdict


@dataclass(frozen=True)
class StatusCount:
    """One annotator's documents by status (not started: neither a status nor done)."""

    annotator_id: str
    in_progress: int
    done: int
    not_started: int


@dataclass(frozen=True)
class LabelCount:
    """One annotator's spans of one label."""

    annotator_id: str
    layer: str
    label: str
    spans: int


@dataclass(frozen=True)
class SpeakerCount:
    """Quotes of one speaker as people name them: a registry entity's name, or the speaker's
    words; ``linked`` when some of the quotes point at a registry entity."""

    name: str
    linked: bool
    quotes: int


@dataclass(frozen=True)
class VerdictCount:
    verdict: Verdict
    claims: int


@dataclass(frozen=True)
class EntityCount:
    """Registry entities of one name and type (``entries``: how many, as annotators keep
    registries of their own), their linked mentions and the documents these are in."""

    name: str
    type: str
    entries: int
    mentions: int
    documents: int


@dataclass(frozen=True)
class DayCount:
    """Spans one annotator made on one day (UTC, ``YYYY-MM-DD``)."""

    day: str
    annotator_id: str
    spans: int


@dataclass(frozen=True)
class Figures:
    """Every figure of the statistics, of every annotator or of one (``annotator_id``).

    ``speakers`` and ``entities`` are the ``top`` first (most first); ``speakers_total`` and
    ``entities_linked`` say how many there are in all. Claims without a claim row are
    unverified (the default verdict)."""

    annotator_id: str | None
    top: int
    documents: int
    statuses: tuple[StatusCount, ...]
    labels: tuple[LabelCount, ...]
    quotes: int
    no_speaker: int
    speakers_total: int
    speakers: tuple[SpeakerCount, ...]
    verdicts: tuple[VerdictCount, ...]
    entities_registry: int
    entities_linked: int
    entities: tuple[EntityCount, ...]
    days: tuple[DayCount, ...]
