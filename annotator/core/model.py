"""Plain data objects of the domain: documents, labels, annotators, spans."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum

GOLD_ANNOTATOR_ID = "gold"
GOLD_ANNOTATOR_NAME = "gold"


class Layer(StrEnum):
    """The three annotation layers; each is drawn with its own visual channel."""

    ENTITY = "entity"
    QUOTE = "quote"
    CLAIM = "claim"

    @property
    def heading(self) -> str:
        return {"entity": "Entities", "quote": "Quote", "claim": "Claim"}[self.value]


class Status(StrEnum):
    """Where one annotator stands on one document."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def display(self) -> str:
        return {"not_started": "not started", "in_progress": "in progress", "done": "done"}[
            self.value
        ]


def now_iso() -> str:
    """The current UTC time as an ISO 8601 string with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def new_id() -> str:
    """A fresh globally unique id: files made on different desktops never collide."""
    return uuid.uuid4().hex


MAX_DOCUMENT_CHARS = 5 * 1024 * 1024
"""The longest document text, in code points, wherever it comes from (an article file, a line of
JSON, a peer's task): far above any news article (about 800,000 words), small enough that one
bad input (a log, a dump) cannot freeze the window or bloat the project."""


def document_size_refusal(text: str) -> str:
    """Why ``text`` is too long to be a document ("" if it is not)."""
    if len(text) <= MAX_DOCUMENT_CHARS:
        return ""
    return (
        f"the text is {len(text):,} characters (code points); a document holds at most "
        f"{MAX_DOCUMENT_CHARS:,} characters"
    )


DOCUMENT_FIELDS = frozenset({"title", "date", "source", "sha256"})
"""A document's own fields: never keys of its open metadata."""
MAX_METADATA_KEYS = 100
MAX_METADATA_CHARS = 10_000  # one value (an abstract fits; a second copy of the text does not)


def metadata_refusal(meta: object) -> str:
    """Why ``meta`` cannot be a document's open metadata ("" if it can): an object of at most
    100 keys (non-empty text, at most 100 characters, none of the document's own fields), each
    with a text value of at most 10,000 characters."""
    if not isinstance(meta, dict):
        return "the metadata is not an object of keys and values"
    if len(meta) > MAX_METADATA_KEYS:
        return f"{len(meta)} metadata keys; at most {MAX_METADATA_KEYS}"
    for key, value in meta.items():
        if type(key) is not str or not key.strip() or len(key) > 100:
            return f"the metadata key {str(key)[:40]!r} is not a name of 1 to 100 characters"
        if key in DOCUMENT_FIELDS:
            return f"the metadata key {key!r} is a field of the document itself"
        if type(value) is not str:
            return f"the metadata value of {key!r} is not text"
        if len(value) > MAX_METADATA_CHARS:
            return f"the metadata value of {key!r} is over {MAX_METADATA_CHARS:,} characters"
    return ""


def metadata_json(meta: Mapping[str, str]) -> str:
    """Open metadata as stored and passed in rows: compact JSON, keys sorted, so equal
    metadata is equal text."""
    return json.dumps(dict(meta), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def metadata_of(stored: str) -> dict[str, str]:
    """The metadata of ``metadata_json`` text (checked where it is read from a file)."""
    if stored == "{}":
        return {}
    meta: dict[str, str] = json.loads(stored)
    return meta


def text_sha256(text: str) -> str:
    """The hash that identifies a document's text across project files."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Annotator:
    id: str
    name: str

    @property
    def is_gold(self) -> bool:
        return self.id == GOLD_ANNOTATOR_ID


@dataclass(frozen=True)
class Label:
    layer: Layer
    name: str
    color: str
    key: str
    description: str = ""


@dataclass(frozen=True)
class Document:
    id: str
    text: str
    title: str
    date: str | None = None
    source: str = ""
    sha256: str = ""
    position: int = 0
    created_at: str = ""
    # The open metadata store: author, url, publisher, any key a corpus brings (text values;
    # never the keys of the fields above, see ``metadata_refusal``).
    meta: Mapping[str, str] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        if not self.sha256:
            object.__setattr__(self, "sha256", text_sha256(self.text))


@dataclass(frozen=True)
class DocumentMeta:
    """What the document list shows for one document: no text."""

    id: str
    title: str
    date: str | None
    source: str
    position: int
    status: Status
    span_count: int
    warnings: int = 0  # incomplete items (core.checklist): quotes without speaker...
    assignees: tuple[str, ...] = ()  # names it is assigned to (issue 15), sorted


@dataclass(frozen=True)
class Span:
    """A labelled stretch ``text[start:end]`` (code points, half-open) of one document.

    Spans are the building blocks later layers (quotes, claims, entities) point at by ``id``; a
    span keeps its id when relabelled or resized.
    """

    id: str
    document_id: str
    annotator_id: str
    layer: Layer
    label: str
    start: int
    end: int
    text: str
    note: str = ""
    created_at: str = field(default_factory=now_iso)
    updated_at: str = ""
    entity_id: str | None = None  # for entity mentions: the registry entity it refers to

    def with_changes(self, **changes: object) -> Span:
        return replace(self, updated_at=now_iso(), **changes)  # type: ignore[arg-type]

    @property
    def length(self) -> int:
        return self.end - self.start
