"""The native JSONL format: one line per (document, annotator); read, written and loaded.

One JSON object per line, UTF-8, ``\\n`` line ends (blank lines and ``\\r\\n`` are tolerated
on reading); ``resources/annotation.schema.json`` is the JSON Schema of one line. Every field
below is always written and required on reading; an unknown field is refused, not dropped.

- ``id``: the document's id in the project it came from (local to a project: loading matches
  documents by the hash of their text). ``text``: the whole document text. ``meta``:
  ``{"title", "date" (YYYY-MM-DD or null), "source", "sha256"}``; ``sha256`` is the hex
  SHA-256 of ``text`` as UTF-8 and must match it.
- ``annotator``: the annotator's display name; ``annotator_id``: their stable id (spans belong
  to the id; the name is for people). ``status``: ``not_started``, ``in_progress`` or ``done``.
- ``spans``: ``{"id", "start", "end", "text", "layer", "label", "entity", "attrs", "note"}``.
  ``start``/``end`` are Python ``str`` indices (Unicode code points, not UTF-16 units nor
  bytes), half-open, with ``text == line["text"][start:end]`` for every span (checked by the
  writer and the reader). ``layer`` is ``entity``, ``quote`` or ``claim``; ``label`` a label
  of that layer (the quote label ``CUE`` marks cue spans). ``entity``: the id of the entity an
  entity mention refers to, or null. ``attrs``: reserved, always ``{}`` (a non-empty one is
  refused rather than lost). ``note``: free text, ``""`` if none.
- ``quotes``: ``{"id", "segments", "cue", "speaker", "speaker_text", "type", "note"}``.
  ``segments``: the ids of the quote's content spans (quote layer, not CUE) in reading order,
  at least one, each in one quote only; ``cue``: a CUE span id or null; ``speaker``: an entity
  id or null; ``speaker_text``: free-text speaker ("a senior official"), ``""`` if none;
  ``type``: ``direct``, ``indirect``, ``partial`` or ``mixed``.
- ``claims``: the attributes of claim spans, ``{"span", "claimer", "stance",
  "check_worthiness", "verdict", "evidence"}``. ``span``: a claim-layer span id (one entry at
  most per span; a claim span without an entry has the defaults). ``claimer``: ``{"kind",
  "entity"}`` with kind ``entity`` (``entity`` names it), ``author`` (the article's author),
  ``quote`` (the speaker of the quote the claim lies in) or ``""`` (not chosen yet).
  ``stance``: ``asserts``/``denies``; ``check_worthiness``: ``check_worthy``,
  ``not_check_worthy`` or ``unsure``; ``verdict``: ``unverified``, ``true``, ``misleading``
  or ``false``; ``evidence``: free text.
- ``entities``: ``{"id", "name", "type", "aliases", "wikidata"}`` for every entity the line's
  spans, speakers and claimers refer to (the registry is project-wide, so an entity may appear
  on many lines); ``wikidata`` is a QID such as ``"Q7747"`` or null.

Loading (``load_into``): the file is read and checked whole before anything is written. A
line's document is the project's document with the same text hash, else it is added. Its
annotator is added if the project does not know the id (a known annotator keeps their name).
Spans, quotes and entities keep their ids; an entity already in the project (same id) is
reused as it is there. A line for a (document, annotator) that already has annotations is
skipped when all of its span and quote ids are already present (loading the same file twice),
and refused otherwise: merging two versions of one annotator's work is not supported yet.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol, TypeVar

from annotator.core.articles import ParsedArticle, first_sentence
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
from annotator.core.model import Annotator, Document, Layer, Span, Status, text_sha256
from annotator.storage.project import ProjectStore

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


class _Bad(Exception):
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


# -- reading -----------------------------------------------------------------------------------


class _Obj:
    """One JSON object of a line with exactly the fields ``names``; typed access to them."""

    def __init__(self, value: object, names: tuple[str, ...], what: str) -> None:
        if not isinstance(value, dict):
            raise _Bad(f"{what} must be a JSON object")
        missing = [repr(n) for n in names if n not in value]
        if missing:
            raise _Bad(f"{what}: missing field {', '.join(missing)}")
        unknown = sorted(repr(n) for n in set(value) - set(names))
        if unknown:
            raise _Bad(f"{what}: unknown field {', '.join(unknown)}")
        self.value: dict[str, Any] = value
        self.what = what

    def string(self, key: str, *, required: bool = False) -> str:
        value = self.value[key]
        if not isinstance(value, str) or (required and not value.strip()):
            raise _Bad(f"{self.what}: {key!r} must be a {'non-empty ' * required}string")
        return value

    def optional(self, key: str, known: dict[str, Any] | None = None, kind: str = "") -> str | None:
        """A non-empty string or null; with ``known``, an id among them."""
        value = None if self.value[key] is None else self.string(key, required=True)
        if known is not None and value is not None and value not in known:
            raise _Bad(f"{self.what}: {key} {value!r} is not {kind} of this line")
        return value

    def integer(self, key: str) -> int:
        value = self.value[key]
        if type(value) is not int:
            raise _Bad(f"{self.what}: {key!r} must be an integer")
        return value

    def choice(self, key: str, kind: type[E]) -> E:
        try:
            return kind(self.value[key])
        except ValueError:
            allowed = ", ".join(repr(k.value) for k in kind)
            raise _Bad(f"{self.what}: unknown {key} {self.value[key]!r} ({allowed})") from None

    def items(self, key: str) -> list[Any]:
        value = self.value[key]
        if not isinstance(value, list):
            raise _Bad(f"{self.what}: {key!r} must be a list")
        return value


def parse_record(obj: object, where: str = "", line: int = 0) -> Record:
    """Check one decoded line against the format; _Bad names the first problem."""
    top = _Obj(obj, FIELDS, "the line")
    text = top.string("text", required=True)
    meta = _Obj(top.value["meta"], META_FIELDS, "meta")
    if meta.string("sha256") != text_sha256(text):
        raise _Bad("meta: 'sha256' is not the SHA-256 of the text (was the text changed?)")
    annotator = Annotator(
        top.string("annotator_id", required=True), top.string("annotator", required=True)
    )
    doc_id = top.string("id", required=True)

    entities: dict[str, Entity] = {}
    for i, item in enumerate(top.items("entities"), 1):
        e = _Obj(item, ENTITY_FIELDS, f"entity {i}")
        aliases = e.items("aliases")
        if not all(isinstance(a, str) and a.strip() for a in aliases):
            raise _Bad(f"entity {i}: 'aliases' must be non-empty strings")
        entity_id, name = e.string("id", required=True), e.string("name", required=True)
        kind, wikidata = e.string("type", required=True), e.optional("wikidata") or ""
        entity = Entity(entity_id, annotator.id, name, kind, tuple(aliases), wikidata)
        if entity.id in entities:
            raise _Bad(f"entity id {entity.id!r} appears twice")
        entities[entity.id] = entity

    spans: dict[str, Span] = {}
    for i, item in enumerate(top.items("spans"), 1):
        s = _Obj(item, SPAN_FIELDS, f"span {i}")
        s.what = f"span {s.string('id', required=True)!r}"
        start, end, span_text = s.integer("start"), s.integer("end"), s.string("text")
        if not 0 <= start < end <= len(text):
            raise _Bad(f"{s.what}: offsets {start}..{end} fall outside a text of {len(text)}")
        if text[start:end] != span_text:
            raise _Bad(
                f"{s.what}: its text {span_text!r} is not the document's text[{start}:{end}] "
                f"{text[start:end]!r} (offsets count code points)"
            )
        if s.value["attrs"] != {}:
            raise _Bad(f"{s.what}: 'attrs' must be {{}} (span attributes are not supported yet)")
        layer, label = s.choice("layer", Layer), s.string("label", required=True)
        note, refers_to = s.string("note"), s.optional("entity", entities, "an entity")
        span = Span(s.string("id"), doc_id, annotator.id, layer, label, start, end, span_text)
        span = replace(span, note=note, entity_id=refers_to)
        if span.id in spans:
            raise _Bad(f"span id {span.id!r} appears twice")
        spans[span.id] = span

    title, date, source = meta.string("title"), meta.optional("date"), meta.string("source")
    return Record(
        document=Document(doc_id, text, title, date, source),
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
            raise _Bad(f"quote id {quote_id!r} appears twice")
        segments = q.items("segments")
        if not segments:
            raise _Bad(f"{q.what}: 'segments' must hold at least one span id")
        for segment in segments:
            span = spans.get(segment) if isinstance(segment, str) else None
            if span is None:
                raise _Bad(f"{q.what}: segment {segment!r} is not a span id of this line")
            if span.layer is not Layer.QUOTE or span.label == CUE_LABEL:
                raise _Bad(f"{q.what}: segment {segment!r} is not a quote span (or is a cue)")
        cue = q.optional("cue", spans, "a span")
        if cue is not None and (spans[cue].layer, spans[cue].label) != (Layer.QUOTE, CUE_LABEL):
            raise _Bad(f"{q.what}: cue {cue!r} is not a {CUE_LABEL} span")
        for span_id in [*segments, *([cue] if cue else [])]:
            if span_id in used:
                raise _Bad(f"{q.what}: span {span_id!r} is already in quote {used[span_id]!r}")
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
            raise _Bad(f"{c.what}: 'span' must be the id of a claim span of this line")
        if span_id in claims:
            raise _Bad(f"{c.what}: the span has two claim entries")
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
            raise _Bad(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise _Bad(f"{name} is not a JSON number")


def decode_line(raw: str) -> object:
    """One line's JSON value; duplicate keys, NaN and Infinity are refused (_Bad)."""
    try:
        return json.loads(raw, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise _Bad(f"malformed JSON ({exc.msg} at column {exc.colno})") from None


def read_lines(path: Path) -> Iterator[Record]:
    """Check and parse the file's lines one at a time (a large file is streamed); the first
    problem raises JsonlError naming the file and the line. Ids are checked across lines too."""
    path = Path(path)
    seen: dict[tuple[str, str], int] = {}  # (what, id) -> the line it is on
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise JsonlError(str(path), None, f"cannot be read ({exc.strerror})") from None
    with handle:
        for number, raw in enumerate(handle, 1):
            try:
                try:
                    line = raw.decode("utf-8").removeprefix("\ufeff" if number == 1 else "")
                except UnicodeDecodeError as exc:
                    raise _Bad(f"not UTF-8 text (byte {exc.start + 1} of the line)") from None
                if not line.strip():
                    continue
                record = parse_record(decode_line(line), str(path), number)
                pair = f"{record.document.sha256} {record.annotator.id}"
                keys = [("this document for this annotator", pair)]
                keys += [(f"span id {s.id!r}", s.id) for s in record.spans]
                keys += [(f"quote id {q.id!r}", q.id) for q in record.quotes]
                for what, key in keys:
                    if (what, key) in seen:
                        raise _Bad(f"{what} already appears on line {seen[what, key]}")
                    seen[what, key] = number
            except _Bad as exc:
                raise JsonlError(str(path), number, str(exc)) from None
            yield record


# -- writing -----------------------------------------------------------------------------------


class ProjectSession(Protocol):
    """What this format needs of a session; ``annotator.session.Session`` fits. (The layers
    contract keeps formats and session independent, so the session is described, not imported.)
    """

    @property
    def store(self) -> ProjectStore: ...

    def import_articles(self, articles: list[tuple[str, ParsedArticle]]) -> _Imported: ...

    def add_entity(self, entity: Entity) -> None: ...

    def add_quote(self, quote: Quote) -> None: ...

    def set_claim(self, claim: Claim) -> Claim | None: ...


class _Imported(Protocol):
    imported: list[tuple[str, Document]]


def _referenced(spans: list[Span], quotes: list[Quote], claims: list[Claim]) -> list[str]:
    """Entity ids the items refer to, in order of first reference."""
    ids = [s.entity_id for s in spans] + [q.speaker_entity_id for q in quotes]
    ids += [c.claimer_entity_id for c in claims]
    return list(dict.fromkeys(i for i in ids if i is not None))


def _row(names: tuple[str, ...], *values: object) -> dict[str, Any]:
    return dict(zip(names, values, strict=True))


def _span_row(s: Span) -> dict[str, Any]:
    where = (s.id, s.start, s.end, s.text)
    return _row(SPAN_FIELDS, *where, s.layer.value, s.label, s.entity_id, {}, s.note)


def _quote_row(q: Quote) -> dict[str, Any]:
    links = (q.id, list(q.segment_ids), q.cue_span_id, q.speaker_entity_id)
    return _row(QUOTE_FIELDS, *links, q.speaker_text, q.quote_type.value, q.note)


def _claim_row(c: Claim) -> dict[str, Any]:
    claimer = _row(CLAIMER_FIELDS, c.claimer_kind.value, c.claimer_entity_id)
    values = (c.stance.value, c.check_worthiness.value, c.verdict.value, c.evidence)
    return _row(CLAIM_FIELDS, c.span_id, claimer, *values)


def write_document_line(
    document: Document,
    annotator: Annotator,
    status: Status,
    spans: Iterable[Span],
    quotes: Iterable[Quote] = (),
    claims: Iterable[Claim] = (),
    entities: Iterable[Entity] = (),
) -> str:
    """One line (without its line end): one annotator's work on one document.

    The line is checked with the reader's rules before it is returned (every span's text
    against ``document.text[start:end]``, every id it refers to): JsonlError rather than a
    line no reader would take.
    """
    spans = sorted(spans, key=lambda s: (s.start, -s.end, s.id))
    starts = {s.id: s.start for s in spans}
    quotes = sorted(quotes, key=lambda q: (starts.get(q.segment_ids[0], -1), q.id))
    claims = sorted(claims, key=lambda c: (starts.get(c.span_id, -1), c.span_id))
    order = {e: i for i, e in enumerate(_referenced(spans, quotes, claims))}
    entities = sorted(entities, key=lambda e: (order.get(e.id, len(order)), e.id))
    d = document
    obj = _row(FIELDS[:6], d.id, d.text, None, annotator.name, annotator.id, status.value)
    obj["meta"] = _row(META_FIELDS, d.title, d.date, d.source, d.sha256)
    obj["spans"] = [_span_row(s) for s in spans]
    obj["quotes"] = [_quote_row(q) for q in quotes]
    obj["claims"] = [_claim_row(c) for c in claims]
    obj["entities"] = [
        _row(ENTITY_FIELDS, e.id, e.name, e.type, list(e.aliases), e.wikidata or None)
        for e in entities
    ]
    try:
        parse_record(obj)
    except _Bad as exc:
        where = f"document {d.title!r} ({d.id}), annotator {annotator.name!r}"
        raise JsonlError(where, None, f"{exc}; nothing was written for it") from None
    return json.dumps(obj, ensure_ascii=False)


def document_lines(
    session: ProjectSession, annotator_ids: Sequence[str], *, only_done: bool = False
) -> Iterator[str]:
    """The project's lines: for each document in list order, one per annotator of
    ``annotator_ids`` who has spans there or a status (with ``only_done``, status done)."""
    store = session.store
    annotators = {a.id: a for a in store.annotators()}
    for annotator_id in annotator_ids:
        if annotator_id not in annotators:
            raise AnnotatorError(f"the project has no annotator with id {annotator_id!r}")
    metas = {a: {m.id: m for m in store.documents_meta(a)} for a in annotator_ids}
    for first in store.documents_meta(annotator_ids[0]) if annotator_ids else []:
        document: Document | None = None
        for annotator_id in annotator_ids:
            meta = metas[annotator_id].get(first.id)
            if meta is None or (only_done and meta.status is not Status.DONE):
                continue
            if meta.span_count == 0 and meta.status is Status.NOT_STARTED:
                continue
            document = document or store.document(first.id)
            spans = store.spans(document.id, annotator_id)
            quotes = store.quotes(document.id, annotator_id)
            claims = list(store.claims(document.id, annotator_id).values())
            entities = [store.entity(e) for e in _referenced(spans, quotes, claims)]
            yield write_document_line(
                document, annotators[annotator_id], meta.status, spans, quotes, claims, entities
            )


# -- loading into a project --------------------------------------------------------------------


@dataclass
class LoadReport:
    """What ``load_into`` did."""

    lines: int = 0
    documents_added: int = 0
    documents_matched: int = 0
    spans: int = 0
    quotes: int = 0
    claims: int = 0
    entities_added: int = 0
    entities_reused: int = 0
    skipped: list[str] = field(default_factory=list)  # "file, line N: why"


def _exists(lookup: Callable[[str], object], key: str) -> bool:
    try:
        lookup(key)
    except KeyError:
        return False
    return True


def _document_ids(store: ProjectStore, shas: set[str]) -> dict[str, str]:
    """sha256 -> id of the project's documents with those text hashes."""
    found: dict[str, str] = {}
    for meta in store.documents_meta("") if shas else []:
        document = store.document(meta.id)
        if document.sha256 in shas:
            found[document.sha256] = document.id
    return found


def load_into(session: ProjectSession, records: Iterable[Record]) -> LoadReport:
    """Bring the records' documents and annotations into the project (the rules are in the
    module docstring). Every record is checked against the project before anything is
    written; JsonlError names the file and line of the first problem."""
    records = list(records)
    store = session.store
    report = LoadReport()
    labels = {(label.layer, label.name) for label in store.labels()}
    doc_ids = _document_ids(
        store, {r.document.sha256 for r in records} & set(store.document_titles_by_sha())
    )
    new_entities: dict[str, Entity] = {}
    reused: set[str] = set()
    todo: list[Record] = []
    for record in records:
        try:
            if not _to_load(store, record, doc_ids.get(record.document.sha256), labels):
                report.skipped.append(f"{record.where}, line {record.line}: already loaded")
                continue
        except _Bad as exc:
            raise JsonlError(record.where or "records", record.line or None, str(exc)) from None
        todo.append(record)
        for entity in record.entities:
            if entity.id not in new_entities and entity.id not in reused:
                if _exists(store.entity, entity.id):
                    reused.add(entity.id)
                else:
                    new_entities[entity.id] = entity
    report.entities_reused = len(reused)

    annotators = {a.id for a in store.annotators()}
    for record in todo:
        if record.annotator.id not in annotators:
            store.ensure_annotator(record.annotator)
            annotators.add(record.annotator.id)
    articles: dict[str, tuple[str, ParsedArticle]] = {}  # the documents to add, by hash
    for record in todo:
        d = record.document
        if d.sha256 not in doc_ids and d.sha256 not in articles:
            title = d.title.strip() or first_sentence(d.text)
            articles[d.sha256] = (d.source or record.where, ParsedArticle(d.text, title, d.date))
    if articles:
        imported = session.import_articles(list(articles.values())).imported
        doc_ids.update((document.sha256, document.id) for _, document in imported)
        report.documents_added = len(imported)
    report.documents_matched = sum(1 for r in todo if r.document.sha256 not in articles)
    for record in todo:
        doc_id = doc_ids[record.document.sha256]
        for entity in record.entities:
            if entity.id in new_entities:
                session.add_entity(new_entities.pop(entity.id))
                report.entities_added += 1
        if record.spans:
            store.insert_spans(replace(s, document_id=doc_id) for s in record.spans)
        for quote in record.quotes:
            session.add_quote(replace(quote, document_id=doc_id))
        for claim in record.claims:
            session.set_claim(claim)
        if record.status is not Status.NOT_STARTED:
            store.set_status(doc_id, record.annotator.id, record.status)
        report.lines += 1
        report.spans += len(record.spans)
        report.quotes += len(record.quotes)
        report.claims += len(record.claims)
    return report


def _to_load(
    store: ProjectStore, record: Record, doc_id: str | None, labels: set[tuple[Layer, str]]
) -> bool:
    """Whether the record is to be loaded (False: it already is); _Bad if it cannot be."""
    for span in record.spans:
        if (span.layer, span.label) not in labels:
            raise _Bad(
                f"span {span.id!r}: the project has no {span.layer.value} label {span.label!r}"
            )
    if doc_id is not None:
        have_spans = {s.id for s in store.spans(doc_id, record.annotator.id)}
        have_quotes = {q.id for q in store.quotes(doc_id, record.annotator.id)}
        if have_spans or have_quotes:
            if {s.id for s in record.spans} <= have_spans and {
                q.id for q in record.quotes
            } <= have_quotes:
                return False
            raise _Bad(
                f"annotator {record.annotator.name!r} already has other annotations on this "
                "document; merging two versions of one annotator's work is not supported yet"
            )
    for span in record.spans:
        if _exists(store.span, span.id):
            raise _Bad(f"span id {span.id!r} is already used in the project")
    for quote in record.quotes:
        if _exists(store.quote, quote.id):
            raise _Bad(f"quote id {quote.id!r} is already used in the project")
    return True
