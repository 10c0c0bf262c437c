"""What agreement compares (each annotator's work on a document) and what it reports (counts and
scores), as frozen plain values; ``to_json`` turns any result into JSON-ready values."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

SpanTuple = tuple[int, int, str, str]  # (start, end, layer, label)
Mention = tuple[int, int, str]  # (start, end, entity id) of an entity span
UNMATCHED = "—"  # the other side of an unmatched span in a confusion matrix
LAYERS = ("entity", "quote", "claim")
CLAIM_ATTRIBUTES = ("check_worthiness", "verdict")


# -- input ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuoteItem:
    """One quote: its segments (start, end), and its speaker (an entity id with that entity's
    names, or a free text)."""

    segments: tuple[tuple[int, int], ...]
    speaker_entity: str | None = None
    speaker_text: str = ""
    speaker_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimItem:
    start: int
    end: int
    check_worthiness: str
    verdict: str


@dataclass(frozen=True)
class Work:
    """One annotator's work on one document."""

    spans: tuple[SpanTuple, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[QuoteItem, ...] = ()
    claims: tuple[ClaimItem, ...] = ()


@dataclass(frozen=True)
class DocumentPair:
    """One document both annotators worked on, and their work."""

    id: str
    title: str
    text: str
    a: Work
    b: Work


# -- results --------------------------------------------------------------------------------------


def ratio(part: int, whole: int) -> float | None:
    """``part / whole``, None where ``whole`` is 0."""
    return part / whole if whole else None


@dataclass(frozen=True)
class Counts:
    """How many items A and B have and how many of them were matched one to one."""

    a: int
    b: int
    matched: int
    precision: float | None = field(init=False)
    recall: float | None = field(init=False)
    f1: float | None = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "precision", ratio(self.matched, self.b))
        object.__setattr__(self, "recall", ratio(self.matched, self.a))
        object.__setattr__(self, "f1", ratio(2 * self.matched, self.a + self.b))

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.a + other.a, self.b + other.b, self.matched + other.matched)


@dataclass(frozen=True)
class LabelScores:
    label: str
    exact: Counts
    overlap: Counts
    tokens: int
    kappa: float | None
    alpha: float | None


@dataclass(frozen=True)
class Confusion:
    """A's label (rows) against B's label (columns) over overlapping spans of one layer matched
    regardless of label; ``UNMATCHED`` stands for the missing side."""

    labels: tuple[str, ...]
    counts: dict[str, dict[str, int]]


@dataclass(frozen=True)
class LayerScores:
    layer: str
    exact: Counts
    overlap: Counts
    tokens: int
    kappa: float | None
    alpha: float | None
    labels: tuple[LabelScores, ...]
    confusion: Confusion


@dataclass(frozen=True)
class QuoteAgreement:
    quotes: Counts  # quotes matched by overlapping segments
    speakers_agree: int
    speaker_agreement: float | None  # share of matched quotes with the same speaker


@dataclass(frozen=True)
class AttributeAgreement:
    attribute: str
    n: int  # matched claims
    agree: int
    percent: float | None
    kappa: float | None


@dataclass(frozen=True)
class ClaimAgreement:
    claims: Counts
    attributes: tuple[AttributeAgreement, ...]


@dataclass(frozen=True)
class DocumentScore:
    id: str
    title: str
    exact: Counts
    overlap: Counts


@dataclass(frozen=True)
class EntityAlignment:
    a_entities: int
    b_entities: int
    pairs: tuple[tuple[str, str], ...]  # (entity of A, entity of B)


@dataclass(frozen=True)
class Agreement:
    documents: tuple[DocumentScore, ...]
    layers: tuple[LayerScores, ...]
    quotes: QuoteAgreement | None
    claims: ClaimAgreement | None
    entities: EntityAlignment


@dataclass(frozen=True)
class Pairwise:
    """Overall overlap F1 of every pair of annotators (None on the diagonal or with nothing to
    compare), over the documents each pair both worked on."""

    annotators: tuple[str, ...]
    f1: dict[str, dict[str, float | None]]
    documents: dict[str, dict[str, int]]


NO_COUNTS = Counts(0, 0, 0)  # the start of a sum of counts


def to_json(result: Any) -> Any:
    """A result as JSON-ready values: dataclasses become dicts, tuples lists."""
    if is_dataclass(result) and not isinstance(result, type):
        return {f.name: to_json(getattr(result, f.name)) for f in fields(result)}
    if isinstance(result, dict):
        return {str(k): to_json(v) for k, v in result.items()}
    if isinstance(result, list | tuple):
        return [to_json(v) for v in result]
    return result
