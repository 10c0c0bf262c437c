"""brat annotations onto our scheme: one ``.ann`` (``brat_read.Ann``) and its text become one
native record (one annotator's work on one document); what has no place in our scheme is
reported by kind, file and line (``Unmapped``), never dropped in silence.

Two mappings, each in a module of its own: ``plain`` (any brat corpus, and our own export read
back: ``brat_plain``) and ``polnear`` (attribution corpora: ``brat_polnear``). Here is what they
share: the record being made (``MappedRecord``: spans, entities, quotes, what is reported), the
registry of entities made so far, and which mapping a corpus takes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import orjson

from annotator.core.links import (
    Claim,
    Entity,
    Quote,
    QuoteType,
)
from annotator.core.model import Annotator, Document, Layer, Span, Status, text_sha256
from annotator.formats.ids import stable_id
from annotator.formats.jsonl import JsonlError
from annotator.formats.native_write import write_document_line
from annotator.formats.peers.brat_corpus import Metadata
from annotator.formats.peers.brat_read import Ann, TextBound

PLAIN, POLNEAR = "plain", "polnear"
MAPPINGS = (PLAIN, POLNEAR)
QUOTE_LABEL, SOURCE_LABEL = "QUOTE", "SOURCE"
POLNEAR_LABELS = {SOURCE_LABEL: Layer.ENTITY}  # labels this mapping may need to add
ATTRIBUTION = ("Attribution", "Attribution-no-source")
POLNEAR_TYPES = frozenset({"Source", "Cue", "Content", *ATTRIBUTION, "Discuss", "Discard"})
EXAMPLES = 3


@dataclass
class Unmapped:
    """What a brat import did not take: counts by kind, a few places of each."""

    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, where: str, detail: str = "") -> None:
        self.counts[kind] += 1
        shown = self.examples.setdefault(kind, [])
        if len(shown) < EXAMPLES:
            shown.append(f"{where} ({detail})" if detail else where)

    def lines(self) -> list[str]:
        """One line per kind, most frequent first: ``12 × kind (e.g. FILE:LINE (why), ...)``."""
        return [
            f"{n} × {kind} (e.g. {'; '.join(self.examples[kind])})"
            for kind, n in sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]

    def __bool__(self) -> bool:
        return bool(self.counts)


def choose_mapping(types: set[str], events: set[str]) -> str:
    """``polnear`` for attribution corpora (Attribution events, or only its types), else
    ``plain``."""
    if events & set(ATTRIBUTION) or (types and types <= POLNEAR_TYPES and "Content" in types):
        return POLNEAR
    return PLAIN


@dataclass
class Target:
    """Where one ``.ann`` goes: the document's text, name and metadata, and whose work it is."""

    text: str
    name: str  # the text file's name, kept as the document's source
    who: Annotator
    metadata: Metadata | None = None
    # The entities known so far (the project's, then those of the import's earlier files), by
    # ``registry_key`` (annotator id, type, name or alias casefolded): a speaker or mention of
    # that name is linked to the entity already there, not made anew. Shared by the files of
    # one import; each record adds the entities it makes.
    registry: Registry = field(default_factory=dict)


Registry = dict[tuple[str, str, str], list[Entity]]


def registry_key(annotator_id: str, label: str, name: str) -> tuple[str, str, str]:
    return annotator_id, label, " ".join(name.split()).casefold()


def new_registry(entities: Iterable[Entity]) -> Registry:
    """The entities by ``registry_key``; those of one key ordered by id (a fixed choice)."""
    found: Registry = {}
    for e in sorted(entities, key=lambda e: e.id):
        for name in dict.fromkeys(e.names):
            found.setdefault(registry_key(e.annotator_id, e.type, name), []).append(e)
    return found


def registered(registry: Registry, annotator_id: str, label: str, name: str) -> Entity | None:
    """The entity of that name: one named exactly so first (two entities whose names differ
    only in case, as an older import made), else the first of its key."""
    found = registry.get(registry_key(annotator_id, label, name), [])
    exact = " ".join(name.split())
    return next((e for e in found if exact in e.names), found[0] if found else None)


def register(registry: Registry, entity: Entity) -> None:
    for name in dict.fromkeys(entity.names):
        known = registry.setdefault(registry_key(entity.annotator_id, entity.type, name), [])
        if all(e.id != entity.id for e in known):
            known.append(entity)


class MappedRecord:
    """One record being built: spans by id, entities, quotes, claims."""

    def __init__(self, ann: Ann, target: Target, unmapped: Unmapped) -> None:
        self.ann, self.target, self.unmapped = ann, target, unmapped
        self.text = target.text
        self.who = target.who
        self.sha = text_sha256(self.text)
        self.spans: dict[str, Span] = {}
        self.of_t: dict[str, list[str]] = {}  # brat T id -> our span ids
        self.entities: dict[str, Entity] = {}
        self.quotes: list[Quote] = []
        self.used: set[str] = set()  # span ids in a quote (as a segment or cue)
        self.claims: dict[str, Claim] = {}

    def report(self, kind: str, line: int | None, detail: str = "") -> None:
        where = f"{self.ann.name}:{line}" if line else self.ann.name
        self.unmapped.add(kind, where, detail)

    def span(self, layer: Layer, label: str, start: int, end: int) -> str:
        sid = stable_id("span", self.who.id, self.sha, start, end, label)
        if sid not in self.spans:
            self.spans[sid] = Span(
                sid, "", self.who.id, layer, label, start, end, self.text[start:end]
            )
        return sid

    def pieces(self, t: TextBound) -> list[tuple[int, int]]:
        """The T's fragments, those only whitespace separates joined."""
        merged: list[tuple[int, int]] = []
        for a, b in sorted(t.fragments):
            if merged and (a <= merged[-1][1] or not self.text[merged[-1][1] : a].strip()):
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        return merged

    def entity(self, label: str, name: str, entity_id: str | None = None) -> str:
        known = None if entity_id else registered(self.target.registry, self.who.id, label, name)
        if known is not None:
            self.entities.setdefault(known.id, known)
            return known.id
        # the id from the key the registry looks names up by: "Politico" and "POLITICO" are
        # one entity, in this file, in the import's other files, and when imported again
        eid = entity_id or stable_id("entity", *registry_key(self.who.id, label, name))
        if eid not in self.entities:
            self.entities[eid] = Entity(eid, self.who.id, name, label)
        return eid

    def link(self, span_id: str, entity_id: str) -> None:
        self.spans[span_id] = replace(self.spans[span_id], entity_id=entity_id)

    def note(self, span_id: str, text: str) -> None:
        old = self.spans[span_id].note
        self.spans[span_id] = replace(self.spans[span_id], note=f"{old}\n{text}" if old else text)

    def quote(
        self,
        segments: list[str],
        cue: str | None,
        line: int,
        *,
        speaker: str | None = None,
        speaker_text: str = "",
        kind: QuoteType = QuoteType.DIRECT,
        note: str = "",
    ) -> Quote | None:
        taken = [s for s in [*segments, *([cue] if cue else [])] if s in self.used]
        if taken:
            self.report(
                "span already in another quote",
                line,
                f"{self.spans[taken[0]].text[:40]!r}; this quote left out",
            )
            return None
        self.used.update(segments)
        if cue:
            self.used.add(cue)
        q = Quote(
            stable_id("quote", self.who.id, *segments),
            "",
            self.who.id,
            tuple(segments),
            cue,
            speaker,
            speaker_text,
            kind,
            note,
        )
        self.quotes.append(q)
        return q

    def finish(self) -> dict[str, Any] | None:
        meta = self.target.metadata or Metadata()
        doc_id = stable_id("brat-document", self.sha)
        document = Document(
            doc_id,
            self.text,
            meta.title,
            meta.date,
            meta.source or self.target.name,
            meta=meta.meta or {},
        )
        spans = [replace(s, document_id=doc_id) for s in self.spans.values()]
        quotes = [replace(q, document_id=doc_id) for q in self.quotes]
        used = {s.entity_id for s in spans} | {q.speaker_entity_id for q in quotes}
        used |= {c.claimer_entity_id for c in self.claims.values()}
        kept = [e for e in self.entities.values() if e.id in used]
        try:
            line = write_document_line(
                document, self.who, Status.DONE, spans, quotes, self.claims.values(), kept
            )
        except JsonlError as exc:
            self.report("file not imported", None, exc.reason)
            return None
        for entity in kept:
            register(self.target.registry, entity)
        record: dict[str, Any] = orjson.loads(line)
        return record
