"""Write native JSONL: lines made from stored rows, each checked as the reader would check it,
and files replaced atomically (a failed or interrupted export leaves the old file, or none)."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson

from annotator.core.errors import AnnotatorError
from annotator.core.links import Claim, Entity, Quote
from annotator.core.model import (
    Annotator,
    Document,
    Span,
    Status,
    metadata_json,
    metadata_of,
)
from annotator.core.rows import ClaimRow, DocumentRow, EntityRow, QuoteRow, RowSource, SpanRow, Work
from annotator.formats.json_input import MAX_LINE_BYTES, too_long
from annotator.formats.native_read import check_object, explain
from annotator.formats.native_spec import BadLine, JsonlError
from annotator.formats.tally import Tally


def _referenced(
    spans: Sequence[SpanRow], quotes: Sequence[QuoteRow], claims: Sequence[ClaimRow]
) -> dict[str, int]:
    """Entity id -> rank of first reference (mentions, then speakers, then claimers)."""
    ids = [s[6] for s in spans] + [q[3] for q in quotes] + [c[2] for c in claims]
    return {e: i for i, e in enumerate(dict.fromkeys(i for i in ids if i is not None))}


def line_object(
    document: DocumentRow,
    annotator: Annotator,
    status: str,
    spans: list[SpanRow],
    quotes: list[QuoteRow],
    claims: list[ClaimRow],
    entities: list[EntityRow],
) -> dict[str, Any]:
    """One line as a JSON object, not yet checked. Spans stay in the order given (text order:
    start, longest first, id); quotes and claims follow their first span, entities their
    first reference."""
    if quotes or claims:
        starts = {s[0]: s[1] for s in spans}
        quotes = sorted(quotes, key=lambda q: (starts.get(q[1][0], -1) if q[1] else -1, q[0]))
        claims = sorted(claims, key=lambda c: (starts.get(c[0], -1), c[0]))
    if len(entities) > 1:
        order = _referenced(spans, quotes, claims)
        entities = sorted(entities, key=lambda e: (order.get(e[0], len(order)), e[0]))
    d = document
    return {
        "id": d[0],
        "text": d[1],
        "meta": {"title": d[2], "date": d[3], "source": d[4], "sha256": d[5], **metadata_of(d[6])},
        "annotator": annotator.name,
        "annotator_id": annotator.id,
        "status": status,
        "spans": [
            {
                "id": s[0],
                "start": s[1],
                "end": s[2],
                "text": s[3],
                "layer": s[4],
                "label": s[5],
                "entity": s[6],
                "attrs": {},
                "note": s[7],
            }
            for s in spans
        ],
        "quotes": [
            {
                "id": q[0],
                "segments": list(q[1]),
                "cue": q[2],
                "speaker": q[3],
                "speaker_text": q[4],
                "type": q[5],
                "note": q[6],
            }
            for q in quotes
        ],
        "claims": [
            {
                "span": c[0],
                "claimer": {"kind": c[1], "entity": c[2]},
                "stance": c[3],
                "check_worthiness": c[4],
                "verdict": c[5],
                "evidence": c[6],
            }
            for c in claims
        ],
        "entities": [
            {
                "id": e[0],
                "name": e[1],
                "type": e[2],
                "aliases": list(e[3]),
                "wikidata": e[4] or None,
            }
            for e in entities
        ],
    }


def checked(obj: dict[str, Any]) -> dict[str, Any]:
    """``obj`` if the reader would take it; else JsonlError naming the document and annotator
    (a database row that does not match its text is caught here, not written)."""
    if check_object(obj) is None:
        try:
            explain(obj)
        except BadLine as exc:
            raise JsonlError(_where(obj), None, f"{exc}; nothing was written for it") from None
    return obj


def encode_line(obj: dict[str, Any]) -> bytes:
    """``encode`` of a checked line, refused (JsonlError) where the reader would refuse the
    bytes: a string that is not text (a lone surrogate from an older project), or a line
    longer than a reader takes."""
    try:
        data = encode(obj)
    except orjson.JSONEncodeError as exc:
        raise JsonlError(
            _where(obj), None, f"a string is not text ({exc}); nothing was written for it"
        ) from None
    if len(data) > MAX_LINE_BYTES:
        raise JsonlError(_where(obj), None, f"{too_long(len(data))}; nothing was written for it")
    return data


def encodable(objects: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The lines as they come, each refused (``encode_line``) if it could not be written as
    a line a reader takes: for writers of other formats, which encode lines themselves."""
    for obj in objects:
        encode_line(obj)
        yield obj


def _where(obj: dict[str, Any]) -> str:
    return f"document {obj['meta']['title']!r} ({obj['id']}), annotator {obj['annotator']!r}"


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
    d = document
    span_rows: list[SpanRow] = [
        (s.id, s.start, s.end, s.text, s.layer.value, s.label, s.entity_id, s.note)
        for s in sorted(spans, key=lambda s: (s.start, -s.end, s.id))
    ]
    quote_rows: list[QuoteRow] = [
        (q.id, list(q.segment_ids), q.cue_span_id, q.speaker_entity_id, q.speaker_text)
        + (q.quote_type.value, q.note)
        for q in quotes
    ]
    claim_rows: list[ClaimRow] = [
        (c.span_id, c.claimer_kind.value, c.claimer_entity_id, c.stance.value)
        + (c.check_worthiness.value, c.verdict.value, c.evidence)
        for c in claims
    ]
    entity_rows: list[EntityRow] = [
        (e.id, e.name, e.type, list(e.aliases), e.wikidata) for e in entities
    ]
    obj = line_object(
        (d.id, d.text, d.title, d.date, d.source, d.sha256, metadata_json(d.meta)),
        annotator,
        status.value,
        span_rows,
        quote_rows,
        claim_rows,
        entity_rows,
    )
    return encode_line(checked(obj)).decode()


# -- a project's lines --------------------------------------------------------------------------


def export_objects(
    rows: RowSource,
    annotator_ids: Sequence[str],
    *,
    only_done: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """The project's lines as checked JSON objects: for each document in list order, one per
    annotator of ``annotator_ids`` who has spans there or a status (with ``only_done``, status
    done). ``progress`` hears (documents done, documents in the project) after each document."""
    annotators = {a.id: a for a in rows.annotators()}
    for annotator_id in annotator_ids:
        if annotator_id not in annotators:
            raise AnnotatorError(f"the project has no annotator with id {annotator_id!r}")
    registry = rows.entity_rows()
    total = rows.document_count() if progress is not None else 0
    for done, (document, works) in enumerate(
        rows.export_rows(annotator_ids, only_done=only_done), 1
    ):
        for work in works:
            yield checked(_work_object(document, annotators[work.annotator_id], work, registry))
        if progress is not None:
            progress(done, total)


def _work_object(
    document: DocumentRow, annotator: Annotator, work: Work, registry: dict[str, EntityRow]
) -> dict[str, Any]:
    spans, quotes, claims = work.spans, work.quotes, work.claims
    referenced = _referenced(spans, quotes, claims)
    entities = [registry[e] for e in referenced if e in registry]
    return line_object(document, annotator, work.status, spans, quotes, claims, entities)


def document_lines(
    rows: RowSource, annotator_ids: Sequence[str], *, only_done: bool = False
) -> Iterator[str]:
    """The project's lines as text (see ``export_objects``)."""
    for obj in export_objects(rows, annotator_ids, only_done=only_done):
        yield encode_line(obj).decode()


class ExportReport(Tally):
    """What an export wrote (every format counts its native lines the same way)."""


def export_jsonl(
    rows: RowSource,
    path: Path,
    annotator_ids: Sequence[str],
    *,
    only_done: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ExportReport:
    """Write the project's lines (``export_objects``) to ``path``, atomically."""
    report = ExportReport()

    def lines() -> Iterator[bytes]:
        for obj in export_objects(rows, annotator_ids, only_done=only_done, progress=progress):
            data = encode_line(obj)
            report.add_object(obj)
            yield data

    write_atomically(Path(path), lines())
    return report


def encode(obj: dict[str, Any]) -> bytes:
    """One line's JSON, UTF-8, compact (orjson: the fastest encoder, about five times
    json's speed on these lines; key order kept as built)."""
    return orjson.dumps(obj)


def write_atomically(path: Path, lines: Iterable[str | bytes]) -> None:
    """Write ``lines`` (each without its line end; text, or UTF-8 bytes) to ``path``: to a
    temporary file in the same folder, flushed to disk, then renamed over ``path``. Whatever
    goes wrong meanwhile (an exception from ``lines`` included), ``path`` is left as it was and
    the temporary file is removed; a crash can leave only the temporary file, never half of
    ``path``."""
    temp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with open(fd, "wb") as handle:
            for line in lines:
                handle.write(line if isinstance(line, bytes) else line.encode("utf-8"))
                handle.write(b"\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
