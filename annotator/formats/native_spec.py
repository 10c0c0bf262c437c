"""The native format's rules, checked field by field with a message naming each problem.

This is the reference reading of a line (``parse_record``): exact, and slow enough to matter at
hundreds of thousands of spans, so ``native_read`` checks lines with a fast equivalent and calls
this only to say what is wrong with a line the fast check refused. The format itself is
described in ``annotator/formats/jsonl.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, TypeVar

from annotator.core.errors import AnnotatorError
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
    document_size_refusal,
    metadata_refusal,
    text_sha256,
)
from annotator.formats.json_input import json_error_text

LISTS = ("spans", "quotes", "claims", "entities")
FIELDS = ("id", "text", "meta", "annotator", "annotator_id", "status", *LISTS)
META_FIELDS = ("title", "date", "source", "sha256")
SPAN_FIELDS = ("id", "start", "end", "text", "layer", "label", "entity", "attrs", "note")
QUOTE_FIELDS = ("id", "segments", "cue", "speaker", "speaker_text", "type", "note")
CLAIM_FIELDS = ("span", "claimer", "stance", "check_worthiness", "verdict", "evidence")
CLAIMER_FIELDS = ("kind", "entity")
ENTITY_FIELDS = ("id", "name", "type", "aliases", "wikidata")

E = TypeVar("E", bound=StrEnum)


class JsonlError(AnnotatorError):
    """A line that cannot be read, loaded or written; the message names the file (or the
    document) and the line."""

    def __init__(self, where: str, line: int | None, reason: str) -> None:
        super().__init__(f"{where}, line {line}: {reason}" if line else f"{where}: {reason}")
        self.where = where
        self.line = line
        self.reason = reason


class BadLine(Exception):
    """A problem in one line, before we know where the line came from."""


@dataclass(frozen=True)
class Record:
    """One checked line. Its spans and quotes carry the line's document id until loaded into
    a project; its entities belong to the line's annotator."""

    document: Document  # as the line has it: its id is local to the project it came from
    annotator: Annotator
    status: Status
    spans: tuple[Span, ...]
    quotes: tuple[Quote, ...]
    claims: tuple[Claim, ...]
    entities: tuple[Entity, ...]
    where: str = ""  # the file it was read from
    line: int = 0


class _Obj:
    """One JSON object of a line with exactly the fields ``names``; typed access to them."""

    def __init__(
        self, value: object, names: tuple[str, ...], what: str, *, more: bool = False
    ) -> None:
        if not isinstance(value, dict):
            raise BadLine(f"{what} must be a JSON object")
        missing = [repr(n) for n in names if n not in value]
        if missing:
            raise BadLine(f"{what}: missing field {', '.join(missing)}")
        unknown = sorted(repr(n) for n in set(value) - set(names))
        if unknown and not more:
            raise BadLine(f"{what}: unknown field {', '.join(unknown)}")
        self.value: dict[str, Any] = value
        self.what = what

    def string(self, key: str, *, required: bool = False) -> str:
        value = self.value[key]
        if not isinstance(value, str) or (required and not value.strip()):
            raise BadLine(f"{self.what}: {key!r} must be a {'non-empty ' * required}string")
        return value

    def optional(self, key: str, known: dict[str, Any] | None = None, kind: str = "") -> str | None:
        """A non-empty string or null; with ``known``, an id among them."""
        value = None if self.value[key] is None else self.string(key, required=True)
        if known is not None and value is not None and value not in known:
            raise BadLine(f"{self.what}: {key} {value!r} is not {kind} of this line")
        return value

    def integer(self, key: str) -> int:
        value = self.value[key]
        if type(value) is not int:
            raise BadLine(f"{self.what}: {key!r} must be an integer")
        return value

    def choice(self, key: str, kind: type[E]) -> E:
        try:
            return kind(self.value[key])
        except ValueError:
            allowed = ", ".join(repr(k.value) for k in kind)
            raise BadLine(f"{self.what}: unknown {key} {self.value[key]!r} ({allowed})") from None

    def items(self, key: str) -> list[Any]:
        value = self.value[key]
        if not isinstance(value, list):
            raise BadLine(f"{self.what}: {key!r} must be a list")
        return value


def parse_record(obj: object, where: str = "", line: int = 0) -> Record:
    """Check one decoded line against the format; BadLine names the first problem."""
    top = _Obj(obj, FIELDS, "the line")
    text = top.string("text", required=True)
    too_long = document_size_refusal(text)
    if too_long:
        raise BadLine(f"'text': {too_long}")
    meta = _Obj(top.value["meta"], META_FIELDS, "meta", more=True)  # + open metadata
    extra = {k: v for k, v in meta.value.items() if k not in META_FIELDS}
    why = metadata_refusal(extra)
    if why:
        raise BadLine(f"meta: {why}")
    if meta.string("sha256") != text_sha256(text):
        raise BadLine("meta: 'sha256' is not the SHA-256 of the text (was the text changed?)")
    annotator = Annotator(
        top.string("annotator_id", required=True), top.string("annotator", required=True)
    )
    doc_id = top.string("id", required=True)

    entities: dict[str, Entity] = {}
    for i, item in enumerate(top.items("entities"), 1):
        e = _Obj(item, ENTITY_FIELDS, f"entity {i}")
        aliases = e.items("aliases")
        if not all(isinstance(a, str) and a.strip() for a in aliases):
            raise BadLine(f"entity {i}: 'aliases' must be non-empty strings")
        entity_id, name = e.string("id", required=True), e.string("name", required=True)
        kind, wikidata = e.string("type", required=True), e.optional("wikidata") or ""
        entity = Entity(entity_id, annotator.id, name, kind, tuple(aliases), wikidata)
        if entity.id in entities:
            raise BadLine(f"entity id {entity.id!r} appears twice")
        entities[entity.id] = entity

    spans: dict[str, Span] = {}
    for i, item in enumerate(top.items("spans"), 1):
        s = _Obj(item, SPAN_FIELDS, f"span {i}")
        s.what = f"span {s.string('id', required=True)!r}"
        start, end, span_text = s.integer("start"), s.integer("end"), s.string("text")
        if not 0 <= start < end <= len(text):
            raise BadLine(f"{s.what}: offsets {start}..{end} fall outside a text of {len(text)}")
        if text[start:end] != span_text:
            raise BadLine(
                f"{s.what}: its text {span_text!r} is not the document's text[{start}:{end}] "
                f"{text[start:end]!r} (offsets count code points)"
            )
        if s.value["attrs"] != {}:
            raise BadLine(f"{s.what}: 'attrs' must be {{}} (span attributes are not supported yet)")
        layer, label = s.choice("layer", Layer), s.string("label", required=True)
        note, refers_to = s.string("note"), s.optional("entity", entities, "an entity")
        span = Span(s.string("id"), doc_id, annotator.id, layer, label, start, end, span_text)
        span = replace(span, note=note, entity_id=refers_to)
        if span.id in spans:
            raise BadLine(f"span id {span.id!r} appears twice")
        spans[span.id] = span

    title, date, source = meta.string("title"), meta.optional("date"), meta.string("source")
    return Record(
        document=Document(doc_id, text, title, date, source, meta=extra),
        annotator=annotator,
        status=top.choice("status", Status),
        spans=tuple(spans.values()),
        quotes=_parse_quotes(top.items("quotes"), spans, entities, doc_id, annotator.id),
        claims=_parse_claims(top.items("claims"), spans, entities),
        entities=tuple(entities.values()),
        where=where,
        line=line,
    )


def _parse_quotes(
    items: list[Any], spans: dict[str, Span], entities: dict[str, Entity], doc: str, who: str
) -> tuple[Quote, ...]:
    quotes: dict[str, Quote] = {}
    used: dict[str, str] = {}  # span id -> the quote it belongs to (as a segment or cue)
    for i, item in enumerate(items, 1):
        q = _Obj(item, QUOTE_FIELDS, f"quote {i}")
        quote_id = q.string("id", required=True)
        q.what = f"quote {quote_id!r}"
        if quote_id in quotes:
            raise BadLine(f"quote id {quote_id!r} appears twice")
        segments = q.items("segments")
        if not segments:
            raise BadLine(f"{q.what}: 'segments' must hold at least one span id")
        for segment in segments:
            span = spans.get(segment) if isinstance(segment, str) else None
            if span is None:
                raise BadLine(f"{q.what}: segment {segment!r} is not a span id of this line")
            if span.layer is not Layer.QUOTE or span.label == CUE_LABEL:
                raise BadLine(f"{q.what}: segment {segment!r} is not a quote span (or is a cue)")
        cue = q.optional("cue", spans, "a span")
        if cue is not None and (spans[cue].layer, spans[cue].label) != (Layer.QUOTE, CUE_LABEL):
            raise BadLine(f"{q.what}: cue {cue!r} is not a {CUE_LABEL} span")
        for span_id in [*segments, *([cue] if cue else [])]:
            if span_id in used:
                raise BadLine(f"{q.what}: span {span_id!r} is already in quote {used[span_id]!r}")
            used[span_id] = quote_id
        speaker = q.optional("speaker", entities, "an entity")
        rest = (q.string("speaker_text"), q.choice("type", QuoteType), q.string("note"))
        quotes[quote_id] = Quote(quote_id, doc, who, tuple(segments), cue, speaker, *rest)
    return tuple(quotes.values())


def _parse_claims(
    items: list[Any], spans: dict[str, Span], entities: dict[str, Entity]
) -> tuple[Claim, ...]:
    claims: dict[str, Claim] = {}
    for i, item in enumerate(items, 1):
        c = _Obj(item, CLAIM_FIELDS, f"claim {i}")
        span_id = c.string("span", required=True)
        c.what = f"claim of span {span_id!r}"
        span = spans.get(span_id)
        if span is None or span.layer is not Layer.CLAIM:
            raise BadLine(f"{c.what}: 'span' must be the id of a claim span of this line")
        if span_id in claims:
            raise BadLine(f"{c.what}: the span has two claim entries")
        claimer = _Obj(c.value["claimer"], CLAIMER_FIELDS, f"{c.what}, claimer")
        who = (
            claimer.choice("kind", ClaimerKind),
            claimer.optional("entity", entities, "an entity"),
        )
        rest = (c.choice("stance", Stance), c.choice("check_worthiness", CheckWorthiness))
        claims[span_id] = Claim(
            span_id, *who, *rest, c.choice("verdict", Verdict), c.string("evidence")
        )
    return tuple(claims.values())


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise BadLine(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def no_constant(name: str) -> Any:
    raise BadLine(f"{name} is not a JSON number")


def decode_line(raw: str) -> object:
    """One line's JSON value; duplicate keys, NaN and Infinity are refused (BadLine)."""
    try:
        return json.loads(raw, object_pairs_hook=_unique_keys, parse_constant=no_constant)
    except json.JSONDecodeError as exc:
        raise BadLine(json_error_text(exc)) from None
