"""Read native JSONL fast: each line checked against the format into rows, files streamed.

``check_object`` accepts exactly the lines ``native_spec.parse_record`` accepts (tests compare
them on many broken lines) but makes no dataclass per span: it tests each field with a few
comparisons and keeps rows as tuples. When it refuses a line, ``parse_record`` is run on it to
say what is wrong, so every message comes from one place.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import orjson

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
    MAX_DOCUMENT_CHARS,
    Annotator,
    Document,
    Layer,
    Span,
    Status,
    metadata_json,
    metadata_of,
    metadata_refusal,
    text_sha256,
)
from annotator.core.rows import ClaimRow, DocumentRow, EntityRow, QuoteRow, SpanRow
from annotator.formats.json_input import (
    MAX_DEPTH,
    MAX_LINE_BYTES,
    JsonProblem,
    file_lines,
    refuse_unreadable,
    too_long,
)
from annotator.formats.native_minimal import Filling, complete, is_minimal
from annotator.formats.native_spec import (
    CLAIM_FIELDS,
    CLAIMER_FIELDS,
    ENTITY_FIELDS,
    FIELDS,
    META_FIELDS,
    QUOTE_FIELDS,
    SPAN_FIELDS,
    BadLine,
    JsonlError,
    Record,
    decode_line,
    parse_record,
)
from annotator.formats.tally import Tally

Progress = Callable[[int, int], None]
"""Called now and then while a file is read: (bytes read so far, size of the file)."""


@dataclass(slots=True)
class Line:
    """One checked line as rows (cheap to make, and what the loader writes): the document
    (id, text, title, date, source, sha256), the annotator and status, and the rows of
    ``annotator.core.rows`` for spans, quotes, claims and entities."""

    document: DocumentRow
    annotator_id: str
    annotator: str
    status: str
    spans: list[SpanRow] = field(default_factory=list)
    quotes: list[QuoteRow] = field(default_factory=list)
    claims: list[ClaimRow] = field(default_factory=list)
    entities: list[EntityRow] = field(default_factory=list)
    where: str = ""
    line: int = 0


_TOP = frozenset(FIELDS)
_META = frozenset(META_FIELDS)
_SPAN = frozenset(SPAN_FIELDS)
_QUOTE = frozenset(QUOTE_FIELDS)
_CLAIM = frozenset(CLAIM_FIELDS)
_CLAIMER = frozenset(CLAIMER_FIELDS)
_ENTITY = frozenset(ENTITY_FIELDS)
_LAYERS = frozenset(k.value for k in Layer)
_STATUSES = frozenset(k.value for k in Status)
_QUOTE_TYPES = frozenset(k.value for k in QuoteType)
_KINDS = frozenset(k.value for k in ClaimerKind)
_STANCES = frozenset(k.value for k in Stance)
_WORTH = frozenset(k.value for k in CheckWorthiness)
_VERDICTS = frozenset(k.value for k in Verdict)


def _obj(value: Any, keys: frozenset[str]) -> dict[str, Any] | None:
    """A JSON object with exactly ``keys``; None otherwise."""
    return value if type(value) is dict and value.keys() == keys else None


def _text(value: Any) -> bool:
    """A string with something besides white space."""
    return type(value) is str and bool(value.strip())


def check_object(obj: Any) -> Line | None:
    """The line as rows if the decoded object ``obj`` follows the format, else None."""
    top = _obj(obj, _TOP)
    if top is None:
        return None
    text, meta = top["text"], top["meta"]
    if type(meta) is not dict or not meta.keys() >= _META:
        return None
    extra = {k: v for k, v in meta.items() if k not in _META} if len(meta) > len(_META) else {}
    if extra and metadata_refusal(extra):
        return None
    doc_id, annotator_id, annotator, status = (
        top["id"],
        top["annotator_id"],
        top["annotator"],
        top["status"],
    )
    if meta is None or not (_text(text) and _text(doc_id) and _text(annotator_id)):
        return None
    if len(text) > MAX_DOCUMENT_CHARS:
        return None
    if not _text(annotator) or type(status) is not str or status not in _STATUSES:
        return None
    title, date, source, sha = meta["title"], meta["date"], meta["source"], meta["sha256"]
    if type(title) is not str or type(source) is not str or not (date is None or _text(date)):
        return None
    if type(sha) is not str or sha != text_sha256(text):
        return None
    spans_in, quotes_in, claims_in = top["spans"], top["quotes"], top["claims"]
    entities_in = top["entities"]
    if not (type(spans_in) is list and type(quotes_in) is list and type(claims_in) is list):
        return None
    if type(entities_in) is not list:
        return None

    entities: dict[str, EntityRow] = {}
    for item in entities_in:
        if type(item) is not dict or item.keys() != _ENTITY:
            return None
        eid, name, kind, aliases, wikidata = (
            item["id"],
            item["name"],
            item["type"],
            item["aliases"],
            item["wikidata"],
        )
        if not (_text(eid) and _text(name) and _text(kind)) or eid in entities:
            return None
        if type(aliases) is not list or (aliases and not all(map(_text, aliases))):
            return None
        if not (wikidata is None or _text(wikidata)):
            return None
        entities[eid] = (eid, name, kind, aliases, wikidata or "")

    spans: dict[str, SpanRow] = {}
    n = len(text)
    for item in spans_in:
        if type(item) is not dict or item.keys() != _SPAN:
            return None
        s = item
        sid, start, end, piece = s["id"], s["start"], s["end"], s["text"]
        layer, label, entity, note, attrs = (
            s["layer"],
            s["label"],
            s["entity"],
            s["note"],
            s["attrs"],
        )
        if not (
            type(sid) is str
            and sid.strip()
            and type(start) is int
            and type(end) is int
            and 0 <= start < end <= n
            and text[start:end] == piece
            and type(layer) is str
            and layer in _LAYERS
            and type(label) is str
            and label.strip()
            and type(note) is str
            and (entity is None or (type(entity) is str and entity in entities))
            and attrs == {}
            and sid not in spans
        ):
            return None
        spans[sid] = (sid, start, end, piece, layer, label, entity, note)

    quotes: list[QuoteRow] = []
    quote_ids: set[str] = set()
    used: set[str] = set()
    for item in quotes_in:
        q = _obj(item, _QUOTE)
        if q is None:
            return None
        qid, segments, cue, speaker = q["id"], q["segments"], q["cue"], q["speaker"]
        speaker_text, kind, note = q["speaker_text"], q["type"], q["note"]
        if not _text(qid) or qid in quote_ids or type(segments) is not list or not segments:
            return None
        if type(speaker_text) is not str or type(note) is not str:
            return None
        if type(kind) is not str or kind not in _QUOTE_TYPES:
            return None
        if not (speaker is None or (type(speaker) is str and speaker in entities)):
            return None
        for segment in segments:
            span = spans.get(segment) if type(segment) is str else None
            if span is None or span[4] != "quote" or span[5] == CUE_LABEL or segment in used:
                return None
            used.add(segment)
        if cue is not None:
            span = spans.get(cue) if type(cue) is str else None
            if span is None or span[4] != "quote" or span[5] != CUE_LABEL or cue in used:
                return None
            used.add(cue)
        quote_ids.add(qid)
        quotes.append((qid, segments, cue, speaker, speaker_text, kind, note))

    claims: list[ClaimRow] = []
    claimed: set[str] = set()
    for item in claims_in:
        c = _obj(item, _CLAIM)
        if c is None:
            return None
        span_id, claimer = c["span"], _obj(c["claimer"], _CLAIMER)
        stance, worth, verdict, evidence = (
            c["stance"],
            c["check_worthiness"],
            c["verdict"],
            c["evidence"],
        )
        span = spans.get(span_id) if type(span_id) is str else None
        if span is None or span[4] != "claim" or span_id in claimed or claimer is None:
            return None
        kind, who = claimer["kind"], claimer["entity"]
        if type(kind) is not str or kind not in _KINDS:
            return None
        if not (who is None or (type(who) is str and who in entities)):
            return None
        if type(stance) is not str or stance not in _STANCES:
            return None
        if type(worth) is not str or worth not in _WORTH:
            return None
        if type(verdict) is not str or verdict not in _VERDICTS or type(evidence) is not str:
            return None
        claimed.add(span_id)
        claims.append((span_id, kind, who, stance, worth, verdict, evidence))

    document = (doc_id, text, title, date, source, sha, metadata_json(extra) if extra else "{}")
    line = Line(document, annotator_id, annotator, status, list(spans.values()), quotes, claims)
    line.entities = list(entities.values())
    return line


_SPACED_COLON = re.compile(r'"[ \t\r\n]+:')


def _key_count(line: Line) -> int:
    """How many keys a line with these items has (``check_object`` made sure of each)."""
    n = len(FIELDS) + len(META_FIELDS) + len(metadata_of(line.document[6]))
    n += len(SPAN_FIELDS) * len(line.spans)
    n += len(QUOTE_FIELDS) * len(line.quotes) + len(ENTITY_FIELDS) * len(line.entities)
    return n + (len(CLAIM_FIELDS) + len(CLAIMER_FIELDS)) * len(line.claims)


def line_of(raw: str, filling: Filling | None = None) -> Line:
    """Check one line of text (without its line end); BadLine says what is wrong. With
    ``filling``, a minimal line is completed first (``native_minimal``); without, it is refused
    for the fields it leaves out.

    The fast way decodes into plain dicts, which would hide a repeated key (the last one
    wins). So the line is taken only if ``":`` occurs in it exactly as often as it has keys
    and no key is followed by white space before its colon: then no key can be repeated (an
    occurrence inside a string only adds to the count). Otherwise, or if the line is refused,
    it is decoded again the careful way, which refuses repeated keys and names every problem.
    """
    if len(raw) > MAX_LINE_BYTES:
        raise BadLine(str(too_long(len(raw))))
    try:
        line = check_object(orjson.loads(raw))  # orjson refuses NaN and Infinity itself
    except orjson.JSONDecodeError as exc:  # malformed, too deep, a lone surrogate
        try:
            refuse_unreadable(str(exc), raw)
        except JsonProblem as problem:
            raise BadLine(str(problem)) from None
        line = None  # the careful way says what is wrong
    unrepeated = line is not None and raw.count('":') == _key_count(line)
    if line is not None and unrepeated and not _SPACED_COLON.search(raw):
        return line
    try:
        obj = decode_line(raw)
    except RecursionError:
        raise BadLine(f"malformed JSON (nested more than {MAX_DEPTH:,} levels)") from None
    line = check_object(obj)
    if line is None and filling is not None and is_minimal(obj):
        obj = complete(obj, filling)
        line = check_object(obj)
    return line if line is not None else explain(obj)


def explain(obj: object) -> NoReturn:
    """Raise BadLine saying why ``obj`` (decoded with ``decode_line``, or made by the writer)
    is not a line, as ``parse_record`` words it."""
    parse_record(obj)
    raise BadLine("the line does not follow the format")  # the two checks disagree: a bug


# -- rows <-> objects ---------------------------------------------------------------------------


def record_of(line: Line) -> Record:
    """The line as core objects (spans and quotes carry the line's document id)."""
    doc_id, text, title, date, source, _, meta = line.document
    who = line.annotator_id
    return Record(
        document=Document(doc_id, text, title, date, source, meta=metadata_of(meta)),
        annotator=Annotator(who, line.annotator),
        status=Status(line.status),
        spans=tuple(
            Span(i, doc_id, who, Layer(layer), label, start, end, piece, note, entity_id=entity)
            for i, start, end, piece, layer, label, entity, note in line.spans
        ),
        quotes=tuple(
            Quote(q[0], doc_id, who, tuple(q[1]), q[2], q[3], q[4], QuoteType(q[5]), q[6])
            for q in line.quotes
        ),
        claims=tuple(
            Claim(
                c[0],
                ClaimerKind(c[1]),
                c[2],
                Stance(c[3]),
                CheckWorthiness(c[4]),
                Verdict(c[5]),
                c[6],
            )
            for c in line.claims
        ),
        entities=tuple(Entity(e[0], who, e[1], e[2], tuple(e[3]), e[4]) for e in line.entities),
        where=line.where,
        line=line.line,
    )


def line_of_record(record: Record) -> Line:
    """The record as rows, for the loader."""
    d = record.document
    return Line(
        document=(d.id, d.text, d.title, d.date, d.source, d.sha256, metadata_json(d.meta)),
        annotator_id=record.annotator.id,
        annotator=record.annotator.name,
        status=record.status.value,
        spans=[
            (s.id, s.start, s.end, s.text, s.layer.value, s.label, s.entity_id, s.note)
            for s in record.spans
        ],
        quotes=[
            (q.id, list(q.segment_ids), q.cue_span_id, q.speaker_entity_id, q.speaker_text)
            + (q.quote_type.value, q.note)
            for q in record.quotes
        ],
        claims=[
            (c.span_id, c.claimer_kind.value, c.claimer_entity_id, c.stance.value)
            + (c.check_worthiness.value, c.verdict.value, c.evidence)
            for c in record.claims
        ],
        entities=[(e.id, e.name, e.type, list(e.aliases), e.wikidata) for e in record.entities],
        where=record.where,
        line=record.line,
    )


# -- files --------------------------------------------------------------------------------------


def _lines(path: Path, progress: Progress | None) -> Iterator[tuple[int, str | BadLine]]:
    """(line number, text without its line end) of each non-blank line, or why it is not text.
    The file is read line by line; ``progress`` hears how far every 4 MiB or so."""
    try:
        handle = path.open("rb")
        size = path.stat().st_size
    except OSError as exc:
        raise JsonlError(str(path), None, f"cannot be read ({exc.strerror})") from None
    done = next_report = 0
    with handle:
        for number, raw in file_lines(handle):
            if isinstance(raw, JsonProblem):
                yield number, BadLine(str(raw))
                continue
            done += len(raw)
            if progress is not None and done >= next_report:
                progress(done, size)
                next_report = done + (1 << 22)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield number, BadLine(f"not UTF-8 text (byte {exc.start + 1} of the line)")
                continue
            if number == 1:
                text = text.removeprefix("\ufeff")
            if text.strip():
                yield number, text
    if progress is not None:
        progress(size, size)


def scan(
    path: Path, progress: Progress | None = None, filling: Filling | None = None
) -> Iterator[Line | JsonlError]:
    """Each line of the file checked (minimal lines completed with ``filling``, if given):
    its rows, or JsonlError naming the file and line. Ids
    are checked across lines too (a span or quote id, or a document for an annotator, on two
    lines is refused on the second). Only hashes of the ids are kept, so memory stays small
    for large files; a repeated hash is confirmed by reading the file again."""
    path = Path(path)
    where = str(path)
    pairs: dict[str, int] = {}  # "sha256 annotator_id" -> its line
    span_hashes: set[int] = set()
    quote_hashes: set[int] = set()
    for number, raw in _lines(path, progress):
        try:
            if isinstance(raw, BadLine):
                raise raw
            line = line_of(raw, filling)
            pair = f"{line.document[5]} {line.annotator_id}"
            if pair in pairs:
                raise BadLine(
                    f"this document for this annotator already appears on line {pairs[pair]}"
                )
            span_ids = [s[0] for s in line.spans]
            quote_ids = [q[0] for q in line.quotes]
            for kind, ids, seen in (
                ("span", span_ids, span_hashes),
                ("quote", quote_ids, quote_hashes),
            ):
                if not seen.isdisjoint(map(hash, ids)):
                    _repeated(path, number, kind, [i for i in ids if hash(i) in seen])
            pairs[pair] = number
            span_hashes.update(map(hash, span_ids))
            quote_hashes.update(map(hash, quote_ids))
        except BadLine as exc:
            yield JsonlError(where, number, str(exc))
            continue
        line.where, line.line = where, number
        yield line


def _repeated(path: Path, number: int, kind: str, ids: list[str]) -> None:
    """Raise BadLine if one of ``ids`` (of ``kind``) is on a line before ``number``; return if
    their hashes only collided with other ids."""
    wanted = set(ids)
    key = "spans" if kind == "span" else "quotes"
    for earlier, raw in _lines(path, None):
        if earlier >= number:
            return
        if isinstance(raw, BadLine):
            continue
        try:
            items = json.loads(raw).get(key)
            found = [i["id"] for i in items if isinstance(i, dict) and i.get("id") in wanted]
        except (ValueError, AttributeError, TypeError):
            continue
        if found:
            raise BadLine(f"{kind} id {found[0]!r} already appears on line {earlier}")


def read_checked(
    path: Path, progress: Progress | None = None, filling: Filling | None = None
) -> Iterator[Line]:
    """The file's lines as rows, read one at a time (minimal lines completed with
    ``filling``); the first problem raises JsonlError."""
    for item in scan(path, progress, filling):
        if isinstance(item, JsonlError):
            raise item
        yield item


def read_lines(path: Path) -> Iterator[Record]:
    """Check and parse the file's lines one at a time (a large file is streamed); the first
    problem raises JsonlError naming the file and the line. Ids are checked across lines too."""
    for line in read_checked(path):
        yield record_of(line)


@dataclass
class Validation(Tally):
    """What ``validate_file`` found: counts of what the good lines hold, and the errors."""

    errors: list[JsonlError] = field(default_factory=list)
    more_errors: bool = False  # errors beyond ``max_errors`` were not collected


def validate_file(
    path: Path,
    max_errors: int = 10,
    progress: Progress | None = None,
    filling: Filling | None = None,
) -> Validation:
    """Check every line of the file against the format (minimal lines completed with
    ``filling``, if given); collect up to ``max_errors`` errors."""
    found = Validation()
    try:
        for item in scan(path, progress, filling):
            if isinstance(item, JsonlError):
                if len(found.errors) == max_errors:
                    found.more_errors = True
                    break
                found.errors.append(item)
                continue
            found.add(
                item.document[0],
                len(item.spans),
                len(item.quotes),
                len(item.claims),
                len(item.entities),
            )
    except JsonlError as exc:  # the file itself cannot be read
        found.errors.append(exc)
    if not found.errors and not found.lines:
        found.errors.append(JsonlError(str(path), None, "it holds no lines (it is empty)"))
    return found
