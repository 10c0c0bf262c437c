"""Corpus search in plain terms: the filters a search combines with its words, what it finds
(documents with a snippet and the first hit), and the one conversion of a marked-up text from
the index into code-point offsets."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from annotator.core.model import Status

# Around each hit in a snippet or a highlighted text, from the index (control characters an
# article never holds: ``core.articles`` refuses them).
HIT_OPEN = "\x02"
HIT_CLOSE = "\x03"
COUNTED = 1_000  # documents counted at most (then: "1,000+"): the rest is never read


class Found(StrEnum):
    """Where a document's first hit is."""

    TEXT = "text"
    TITLE = "title"
    NOTE = "note"  # a span's note; the hit's offsets are that span's
    FILTER = "filter"  # no words were asked: the document passed the filters


@dataclass(frozen=True)
class SearchFilters:
    """What a document must have besides the words. ``annotator_id`` limits the label,
    entity and quote filters to that annotator's work (None: anyone's); ``status`` is the
    status of ``status_of``."""

    label: str | None = None
    entity_ids: tuple[str, ...] | None = None  # any of these entities is mentioned
    annotator_id: str | None = None  # has worked on the document
    status: Status | None = None
    status_of: str = ""
    date_from: str | None = None  # ISO dates; a date range includes both ends
    date_to: str | None = None
    quote_without_speaker: bool = False

    @property
    def any(self) -> bool:
        return (
            self.label is not None
            or self.entity_ids is not None
            or self.annotator_id is not None
            or self.status is not None
            or self.date_from is not None
            or self.date_to is not None
            or self.quote_without_speaker
        )


@dataclass(frozen=True)
class Snippet:
    """A piece of text around a hit: (text, is_a_hit) parts, shown as plain text."""

    parts: tuple[tuple[str, bool], ...] = ()

    @property
    def text(self) -> str:
        return "".join(part for part, _ in self.parts)

    def marked(self, before: str = "[", after: str = "]") -> str:
        """The snippet with each hit between ``before`` and ``after`` (for a terminal)."""
        return "".join(f"{before}{p}{after}" if hit else p for p, hit in self.parts)


@dataclass(frozen=True)
class SearchHit:
    """One document found: its snippet, and where its first hit lies in the stored text
    (code points, half open; None when the hit is in the title or no words were asked)."""

    document_id: str
    title: str
    date: str | None
    snippet: Snippet
    found: Found
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class SearchResults:
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0  # documents found (at most ``limit`` + 1 counted beyond the hits)
    more: bool = False  # more documents were found than are listed
    built: float = 1.0  # the share of the project the index covers (1.0: all of it)
    note: str = ""  # how the words were read, when not as the user typed them
    match: str = ""  # the query given to the index (for ``Search.locate``)

    @property
    def found(self) -> str:
        """How many documents were found, in words ("1,000+ documents found")."""
        more = "+" if self.total >= COUNTED else ""
        return f"{self.total:,}{more} document{'' if self.total == 1 else 's'} found"


def split_marked(marked: str) -> Snippet:
    """The parts of a text from the index with its hits between HIT_OPEN and HIT_CLOSE."""
    parts: list[tuple[str, bool]] = []
    rest = marked
    while rest:
        start = rest.find(HIT_OPEN)
        if start < 0:
            parts.append((rest, False))
            break
        if start:
            parts.append((rest[:start], False))
        end = rest.find(HIT_CLOSE, start + 1)
        if end < 0:
            end = len(rest)
        parts.append((rest[start + 1 : end], True))
        rest = rest[end + 1 :]
    return Snippet(tuple((p, hit) for p, hit in parts if p))


def first_hit(highlighted: str) -> tuple[int, int] | None:
    """The first hit of a whole text as the index highlights it, in code points of the text
    itself (the markers removed): the one place where the index's marks become offsets."""
    start = highlighted.find(HIT_OPEN)
    if start < 0:
        return None
    end = highlighted.find(HIT_CLOSE, start + 1)
    if end < 0:
        return None
    return start, end - 1


def clean_query(query: str) -> str:
    """What a user typed, as SQLite can be given it: NUL ends a string there (a space), and a
    lone surrogate cannot be encoded (a question mark)."""
    return query.replace("\x00", " ").encode("utf-8", "replace").decode("utf-8").strip()


def plain_words(query: str) -> str:
    """``query`` as plain words for the index: each word a quoted phrase (its quotes
    doubled), all of them required, none read as an operator."""
    words = [w.replace('"', '""') for w in query.split()]
    return " ".join(f'"{w}"' for w in words if w)
