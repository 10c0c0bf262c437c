"""A peer tool's spans and relations rebuilt as native records (the importers of doccano,
Label Studio and CoNLL share it): ``Draft`` holds one document for one annotator as the tool
has it (offsets in its units, relations by its keys), ``assemble`` checks it against the text
and makes the native record: spans with their layers, quotes from speaker and cue relations,
claims, entities; and where this program wrote the file (its "meta" payload, for exactly
this text), the layers, links, notes and registry it kept there."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from annotator.core.links import (
    CUE_LABEL,
    CheckWorthiness,
    Claim,
    ClaimerKind,
    Entity,
    Quote,
    QuoteType,
    Stance,
    Verdict,
)
from annotator.core.model import (
    Annotator,
    Document,
    Layer,
    Span,
    Status,
    metadata_refusal,
    text_sha256,
)
from annotator.formats.ids import stable_id
from annotator.formats.jsonl import JsonlError, write_document_line
from annotator.formats.peers.common import (
    CUE,
    PAYLOAD_SCHEMA,
    SPEAKER,
    Problem,
    Units,
)

Ref = tuple[int, int, str]


@dataclass
class Found:
    """One span as the other tool has it: its key (for relations), offsets in its units."""

    key: str
    start: Any  # checked by Units.back
    end: Any
    label: str
    note: str | None = None  # a note the tool itself holds (wins over the payload's)
    text: str | None = None  # the span text the tool gives, checked against the document


@dataclass
class Draft:
    """One document (for one annotator) as read from another tool, before conversion."""

    text: str
    units: Units
    doc_id: str
    spans: list[Found] = field(default_factory=list)
    relations: list[tuple[str, str, str]] = field(default_factory=list)  # from, to, type
    meta: object = None  # the payload, if the file was written by this program
    title: str = ""
    # The file can hold speaker and cue relations, so the payload's are not restored over it
    # (a relation deleted in the tool stays deleted).
    relations_shown: bool = False


def default_layer(label: str) -> Layer:
    """The layer of a label neither the caller nor the payload knows (the default scheme's)."""
    if label in ("QUOTE", CUE_LABEL):
        return Layer.QUOTE
    return Layer.CLAIM if label == "CLAIM" else Layer.ENTITY


@dataclass
class _Ours:
    """A payload written by this program for exactly this text."""

    obj: dict[str, Any]
    spans: dict[Ref, tuple[Layer, str | None, str]]  # layer, entity id, note
    entities: dict[str, Entity]


def _as_ref(value: object) -> Ref | None:
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 3 and isinstance(value[2], str)):
        raise TypeError(f"{value!r} is not [start, end, label]")
    return (value[0], value[1], value[2])


def _read_payload(meta: object, text: str, who: Annotator) -> _Ours | None:
    if not (isinstance(meta, dict) and meta.get("schema") == PAYLOAD_SCHEMA):
        return None
    if meta.get("sha256") != text_sha256(text):
        return None  # the text was changed in the other tool: the payload no longer applies
    try:
        spans = {(s[0], s[1], s[2]): (Layer(s[3]), s[4], str(s[5] or "")) for s in meta["spans"]}
        entities = {
            e["id"]: Entity(
                e["id"], who.id, e["name"], e["type"], tuple(e["aliases"]), e["wikidata"] or ""
            )
            for e in meta["entities"]
        }
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise Problem(f"the 'meta' this program wrote is damaged ({exc})") from None
    return _Ours(meta, spans, entities)


def _annotator(given: Annotator | None, meta: object, fallback: Annotator | None) -> Annotator:
    if given is not None:
        return given
    if isinstance(meta, dict) and meta.get("schema") == PAYLOAD_SCHEMA:
        who, name = meta.get("annotator_id"), meta.get("annotator")
        if isinstance(who, str) and who and isinstance(name, str) and name:
            return Annotator(who, name)
    if fallback is not None:
        return fallback
    raise Problem("the file does not say who annotated it: name the annotator to import it as")


def assemble(
    draft: Draft,
    *,
    annotator: Annotator | None,
    status: Status,
    layers: Mapping[str, Layer] | None = None,
    fallback: Annotator | None = None,
) -> dict[str, Any]:
    """The native record of ``draft``; Problem names the first thing that does not fit.
    Whose: ``annotator``, else the one this program's "meta" names, else ``fallback``."""
    who = _annotator(annotator, draft.meta, fallback)
    ours = _read_payload(draft.meta, draft.text, who)
    known = {label: layer for (_, _, label), (layer, _, _) in (ours.spans if ours else {}).items()}
    known.update(layers or {})
    spans: dict[str, Span] = {}
    by_key: dict[str, str] = {}
    by_ref: dict[Ref, str] = {}
    for found in draft.spans:
        start = draft.units.back(found.start, f"span {found.key!r}: start")
        end = draft.units.back(found.end, f"span {found.key!r}: end")
        if start >= end:
            raise Problem(f"span {found.key!r} is empty or reversed ({found.start}..{found.end})")
        piece = draft.text[start:end]
        if found.text is not None and found.text not in (piece, piece.replace("\n", "\\n")):
            raise Problem(
                f"span {found.key!r}: its text {found.text!r} is not the document's text "
                f"{piece!r} at {found.start}..{found.end} ({draft.units.name})"
            )
        ref = (found.start, found.end, found.label)
        layer, entity, note = (ours.spans.get(ref) if ours else None) or (
            known.get(found.label) or default_layer(found.label),
            None,
            "",
        )
        sid = stable_id("span", who.id, text_sha256(draft.text), start, end, found.label)
        span = Span(sid, draft.doc_id, who.id, layer, found.label, start, end, piece)
        span = replace(span, note=note if found.note is None else found.note, entity_id=entity)
        spans[span.id] = span
        by_key.setdefault(found.key, span.id)
        by_ref.setdefault(ref, span.id)
    entities = dict(ours.entities) if ours else {}
    quotes = _Quotes(spans, entities, who)
    if ours:
        # Relations the tool can show were written for every cue, and for every speaker with
        # a mention in the text: those come from the file only (deleted there, gone here).
        shown = {e for _, e, _ in ours.spans.values() if e} if draft.relations_shown else None
        quotes.from_payload(ours.obj.get("quotes"), by_ref, shown)
    for source, target, kind in draft.relations:
        ends = [by_key.get(source), by_key.get(target)]
        if None in ends:
            missing = source if ends[0] is None else target
            raise Problem(f"a {kind!r} relation names {missing!r}, not a span of this document")
        quotes.relate(str(ends[0]), str(ends[1]), kind)
    claims = _claims(ours.obj.get("claims") if ours else None, by_ref, spans, entities)
    document = Document(draft.doc_id, draft.text, draft.title)
    if ours:
        m = ours.obj
        try:
            status = Status(m.get("status", status.value))
            metadata = m.get("metadata", {})
            why = metadata_refusal(metadata)
            if why:
                raise ValueError(why)
            document = Document(
                m["doc_id"] or draft.doc_id,
                draft.text,
                m["title"],
                m["date"] or None,
                m["source"],
                meta=metadata,
            )
        except (KeyError, ValueError) as exc:
            raise Problem(f"the 'meta' this program wrote is damaged ({exc})") from None
    final = [
        replace(
            s, document_id=document.id, entity_id=s.entity_id if s.entity_id in entities else None
        )
        for s in spans.values()
    ]
    made = [replace(q, document_id=document.id) for q in quotes.made()]
    used = {s.entity_id for s in final} | {q.speaker_entity_id for q in made}
    used |= {c.claimer_entity_id for c in claims}
    kept = [e for e in entities.values() if e.id in used]
    try:
        line = write_document_line(document, who, status, final, made, claims, kept)
    except JsonlError as exc:
        raise Problem(exc.reason) from None
    result: dict[str, Any] = json.loads(line)
    return result


class _Quotes:
    """Quotes being rebuilt: from the payload, then the tool's speaker and cue relations, then
    one quote for each quote span left over."""

    def __init__(self, spans: dict[str, Span], entities: dict[str, Entity], who: Annotator):
        self.spans, self.entities, self.who = spans, entities, who
        self.quotes: list[dict[str, Any]] = []
        self.of: dict[str, dict[str, Any]] = {}  # span id (segment or cue) -> its quote

    def _segment(self, span_id: str | None) -> bool:
        s = self.spans.get(span_id or "")
        return s is not None and s.layer is Layer.QUOTE and s.label != CUE_LABEL

    def _new(self, segments: list[str]) -> dict[str, Any]:
        quote: dict[str, Any] = {
            "segments": segments,
            "cue": None,
            "speaker": None,
            "speaker_text": "",
            "type": QuoteType.DIRECT,
            "note": "",
        }
        self.quotes.append(quote)
        self.of.update((s, quote) for s in segments)
        return quote

    def from_payload(
        self, items: object, by_ref: dict[Ref, str], shown: set[str] | None = None
    ) -> None:
        """Quotes as the payload has them. ``shown``: the file holds speaker and cue relations,
        and the payload's speaker is kept only if it is not among these entities (mentioned,
        so its relation was written) and the payload's cue not at all."""
        try:
            for item in items if isinstance(items, list) else []:
                refs = [_as_ref(r) for r in item["segments"]]
                segments = [by_ref.get(r) for r in refs if r is not None]
                kept = [s for s in segments if self._segment(s) and s not in self.of]
                if not kept:
                    continue  # its spans were removed in the other tool
                quote = self._new([str(s) for s in kept])
                cue_ref = _as_ref(item["cue"])
                cue = by_ref.get(cue_ref) if cue_ref and shown is None else None
                if cue and self.spans[cue].label == CUE_LABEL and cue not in self.of:
                    quote["cue"] = cue
                    self.of[cue] = quote
                speaker = item["speaker"]
                if shown is not None and speaker in shown:
                    speaker = None  # its relation was written: the file says if it still holds
                quote["speaker"] = speaker if speaker in self.entities else None
                quote["speaker_text"] = str(item["speaker_text"])
                quote["type"] = QuoteType(item["type"])
                quote["note"] = str(item["note"])
        except (KeyError, TypeError, ValueError) as exc:
            raise Problem(f"the 'meta' this program wrote is damaged (quotes: {exc})") from None

    def relate(self, a: str, b: str, kind: str) -> None:
        first, second = self.spans[a], self.spans[b]
        what = kind.strip().lower()
        if what not in (SPEAKER, CUE):
            raise Problem(
                f"relation type {kind!r} has no place here: only {SPEAKER!r} and {CUE!r} "
                "relations (quote -> speaker mention, quote -> cue) are read"
            )
        quote_span, other = (first, second) if self._segment(a) else (second, first)
        wanted = Layer.ENTITY if what == SPEAKER else Layer.QUOTE
        if (
            not self._segment(quote_span.id)
            or other.layer is not wanted
            or (what == CUE and other.label != CUE_LABEL)
        ):
            kinds = f"{first.layer.value} {first.label!r} and {second.layer.value} {second.label!r}"
            need = "an entity mention" if what == SPEAKER else f"a {CUE_LABEL} span"
            raise Problem(f"a {kind!r} relation joins {kinds}: it must join a quote and {need}")
        quote = self.of.get(quote_span.id) or self._new([quote_span.id])
        if what == CUE:
            holder = self.of.get(other.id)
            if holder is not None and holder is not quote:
                raise Problem(f"the cue {other.text!r} is related to two quotes")
            quote["cue"] = other.id
            self.of[other.id] = quote
            return
        if other.entity_id is None or other.entity_id not in self.entities:
            entity = self._entity_for(other)
            self.spans[other.id] = replace(other, entity_id=entity)
        quote["speaker"] = self.spans[other.id].entity_id

    def _entity_for(self, mention: Span) -> str:
        """An entity made from a mention (one per label and name in the document)."""
        name = " ".join(mention.text.split())
        for entity in self.entities.values():
            if (entity.type, entity.name) == (mention.label, name):
                return entity.id
        entity = Entity(
            stable_id("entity", self.who.id, mention.label, name), self.who.id, name, mention.label
        )
        self.entities[entity.id] = entity
        return entity.id

    def made(self) -> list[Quote]:
        for span in sorted(self.spans.values(), key=lambda s: (s.start, s.end)):
            if self._segment(span.id) and span.id not in self.of:
                self._new([span.id])
        return [
            Quote(
                stable_id("quote", self.who.id, *q["segments"]),
                "",
                self.who.id,
                tuple(q["segments"]),
                q["cue"],
                q["speaker"],
                q["speaker_text"],
                q["type"],
                q["note"],
            )
            for q in self.quotes
        ]


def _claims(
    items: object, by_ref: dict[Ref, str], spans: dict[str, Span], entities: dict[str, Entity]
) -> list[Claim]:
    claims: dict[str, Claim] = {}
    try:
        for item in items if isinstance(items, list) else []:
            ref = _as_ref(item["span"])
            span_id = by_ref.get(ref) if ref else None
            if span_id is None or spans[span_id].layer is not Layer.CLAIM or span_id in claims:
                continue
            kind, entity = ClaimerKind(item["claimer"]["kind"]), item["claimer"]["entity"]
            if entity not in entities:
                kind, entity = (ClaimerKind.UNSET if kind is ClaimerKind.ENTITY else kind), None
            claims[span_id] = Claim(
                span_id,
                kind,
                entity,
                Stance(item["stance"]),
                CheckWorthiness(item["check_worthiness"]),
                Verdict(item["verdict"]),
                str(item["evidence"]),
            )
    except (KeyError, TypeError, ValueError) as exc:
        raise Problem(f"the 'meta' this program wrote is damaged (claims: {exc})") from None
    return list(claims.values())
