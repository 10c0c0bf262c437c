"""Other tools' formats (doccano, Label Studio, brat, spaCy/Prodigy): shared rules and registry.

Converters here are pure. Exporters take native records (the dicts ``annotator.formats.jsonl``
reads and writes), check each with that format's reader and return text; importers read one
file and yield native records, each checked by the same reader before it is yielded. Offsets
are converted in one place, ``annotator.core.offsets.OffsetMap``, through ``Units``.
``docs/FORMATS.md`` has each tool's counting, with sources, and what each format loses.

What no peer format can hold (entity registry, quotes, claims, notes, status) travels in a
"meta" object that each tool keeps untouched (``payload``); spans are named there by
``[start, end, label]`` in the file's own units, so a span edited in the other tool simply
stops matching and the tool's version wins.

File writing: ``Exporter.write`` writes atomically (a temporary file, then ``os.replace``);
the export functions themselves only return text.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.links import Entity, Quote
from annotator.core.model import Span
from annotator.core.offsets import OffsetMap
from annotator.formats.jsonl import Record, parse_record

try:  # the native reader's error for one bad line: jsonl's own, or native_spec's after a split
    from annotator.formats.jsonl import BadLine as _LineError
except ImportError:
    from annotator.formats.jsonl import _Bad as _LineError

PAYLOAD_SCHEMA = "annotator-peer/1"
SPEAKER, CUE = "speaker", "cue"


class PeerFormatError(AnnotatorError):
    """Data another tool's file (or an export) cannot be converted from: the message names the
    file (or document) and the line, task or record."""

    def __init__(self, where: str, position: str, reason: str) -> None:
        super().__init__(f"{where}, {position}: {reason}" if position else f"{where}: {reason}")
        self.where = where
        self.position = position
        self.reason = reason


class Problem(Exception):
    """One problem in one document, before the caller adds the file and position."""


# -- offsets ---------------------------------------------------------------------------------


class Units:
    """Offsets of one text as a tool counts them: Python code points, or UTF-16 code units
    (JavaScript string indices). Every conversion goes through ``OffsetMap``."""

    def __init__(self, text: str, *, utf16: bool) -> None:
        self.text = text
        self._map = OffsetMap(text) if utf16 else None
        self.name = "UTF-16 code units" if utf16 else "code points"
        self.length = self._map.length_utf16 if self._map else len(text)

    def out(self, cp: int) -> int:
        """The tool's offset of code point offset ``cp``."""
        return self._map.to_utf16(cp) if self._map else cp

    def back(self, value: object, what: str) -> int:
        """The code point offset of the tool's ``value``; Problem if it is not one."""
        if type(value) is not int:
            raise Problem(f"{what} {value!r} is not an integer offset")
        if not 0 <= value <= self.length:
            raise Problem(f"{what} {value} falls outside a text of {self.length} {self.name}")
        if self._map is None:
            return value
        cp = self._map.to_codepoint(value)
        if self._map.to_utf16(cp) != value:
            raise Problem(
                f"{what} {value} falls between the two UTF-16 units of one character (an "
                "emoji?): the file does not count UTF-16 units (grapheme mode? bytes?)"
            )
        return cp


# -- exporting -------------------------------------------------------------------------------


def read_records(records: Iterable[Mapping[str, Any] | str]) -> Iterator[Record]:
    """Each native record (a dict, or its JSON line) checked with the native reader."""
    for number, obj in enumerate(records, 1):
        value: object = obj
        try:
            value = json.loads(obj) if isinstance(obj, str) else obj
            record = parse_record(value)
        except (_LineError, json.JSONDecodeError) as exc:
            doc = value.get("id") if isinstance(value, Mapping) else None
            where = f"document {doc!r}" if isinstance(doc, str) else "records"
            raise PeerFormatError(where, f"record {number}", f"{exc}; nothing exported") from None
        yield record


def sorted_spans(record: Record) -> list[Span]:
    return sorted(record.spans, key=lambda s: (s.start, -s.end, s.label, s.id))


def nearest_mention(record: Record, entity_id: str | None, near: str) -> Span | None:
    """The mention of entity ``entity_id`` nearest to span ``near`` (the earlier on a tie)."""
    if entity_id is None:
        return None
    spans = {s.id: s for s in record.spans}
    target = spans[near]
    mentions = [s for s in record.spans if s.entity_id == entity_id]
    return min(
        mentions,
        key=lambda m: (max(target.start - m.end, m.start - target.end, 0), m.start),
        default=None,
    )


def speaker_mention(record: Record, quote: Quote) -> Span | None:
    """The mention of the quote's speaker nearest to the quote's first segment."""
    return nearest_mention(record, quote.speaker_entity_id, quote.segment_ids[0])


def entity_row(e: Entity) -> dict[str, Any]:
    return {
        "id": e.id,
        "name": e.name,
        "type": e.type,
        "aliases": list(e.aliases),
        "wikidata": e.wikidata or None,
    }


def payload(record: Record, units: Units) -> dict[str, Any]:
    """What the peer format cannot hold, with spans named by ``[start, end, label]`` in the
    file's units: document fields, annotator, status, every span's layer, entity link and note,
    the entities, quotes and claims."""
    spans = {s.id: s for s in record.spans}

    def ref(span_id: str | None) -> list[Any] | None:
        if span_id is None:
            return None
        s = spans[span_id]
        return [units.out(s.start), units.out(s.end), s.label]

    d = record.document
    return {
        "schema": PAYLOAD_SCHEMA,
        "doc_id": d.id,
        "title": d.title,
        "date": d.date,
        "source": d.source,
        "sha256": d.sha256,
        "annotator": record.annotator.name,
        "annotator_id": record.annotator.id,
        "status": record.status.value,
        "spans": [
            [*(ref(s.id) or []), s.layer.value, s.entity_id, s.note] for s in sorted_spans(record)
        ],
        "entities": [entity_row(e) for e in record.entities],
        "quotes": [
            {
                "segments": [ref(i) for i in q.segment_ids],
                "cue": ref(q.cue_span_id),
                "speaker": q.speaker_entity_id,
                "speaker_text": q.speaker_text,
                "type": q.quote_type.value,
                "note": q.note,
            }
            for q in record.quotes
        ],
        "claims": [
            {
                "span": ref(c.span_id),
                "claimer": {"kind": c.claimer_kind.value, "entity": c.claimer_entity_id},
                "stance": c.stance.value,
                "check_worthiness": c.check_worthiness.value,
                "verdict": c.verdict.value,
                "evidence": c.evidence,
            }
            for c in record.claims
        ],
    }


# -- registry --------------------------------------------------------------------------------

from annotator.formats.peers import brat, doccano, label_studio, spacy  # noqa: E402

Pieces = Iterator[tuple[str, str]]  # (file name inside the target folder, or "", text)


@dataclass(frozen=True)
class Exporter:
    """One export format: ``render`` gives ``(name, text)`` pieces, ``name`` being a file in
    the target folder (``folder``) or ``""`` for the one target file; ``write`` writes them
    atomically."""

    name: str
    suffix: str
    folder: bool
    render: Callable[[Iterable[Mapping[str, Any]]], Pieces]

    def write(self, records: Iterable[Mapping[str, Any]], target: Path) -> None:
        if self.folder:
            write_folder(target, self.render(records))
        else:
            write_file(target, (text for _, text in self.render(records)))


def _lines(export: Callable[[Iterable[Mapping[str, Any]]], Iterator[str]]) -> Callable[..., Pieces]:
    return lambda records: (("", line + "\n") for line in export(records))


EXPORTERS: dict[str, Exporter] = {
    "doccano": Exporter("doccano", ".jsonl", False, _lines(doccano.export_doccano)),
    "doccano-relations": Exporter(
        "doccano-relations", ".jsonl", False, _lines(doccano.export_doccano_relations)
    ),
    "label-studio": Exporter(
        "label-studio",
        ".json",
        False,
        lambda r: (("", t) for t in label_studio.export_label_studio(r)),
    ),
    "brat": Exporter("brat", "", True, brat.export_brat),
    "spacy": Exporter("spacy", ".jsonl", False, _lines(spacy.export_spacy)),
}
IMPORTERS = {"doccano": doccano.import_doccano, "label-studio": label_studio.import_label_studio}


def detect(first: bytes | str | Mapping[str, Any]) -> str:
    """``native``, ``doccano`` or ``label-studio``, from a file's first bytes (or its first
    decoded record); PeerFormatError if it is none of them. Bytes cut off inside the first
    record are judged by the keys that show."""
    if isinstance(first, Mapping):
        return _kind_of(first)
    text = first.decode("utf-8", "replace") if isinstance(first, bytes) else first
    text = text.lstrip("\ufeff \t\r\n")
    listed = text.startswith("[")
    if listed:
        text = text[1:].lstrip()
    try:
        obj, _ = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError:
        return _sniff(text, listed)
    return _kind_of(obj) if isinstance(obj, Mapping) else _unknown()


def _sniff(text: str, listed: bool) -> str:
    keys = set(_KEY.findall(text)) if text.startswith("{") else set()
    if not listed and {"annotator_id", "spans", "quotes"} <= keys:
        return "native"
    if "data" in keys or (listed and "annotations" in keys):
        return "label-studio"
    if keys & {"label", "entities"}:
        return "doccano"
    return _unknown()


_KEY = re.compile(r'"(annotator_id|spans|quotes|data|annotations|label|entities)"\s*:')


def _unknown() -> str:
    raise PeerFormatError(
        "the file", "", "not JSON Lines or JSON of a known kind (native, doccano, Label Studio)"
    )


def _kind_of(obj: Mapping[str, Any]) -> str:
    if {"annotator_id", "spans", "quotes", "claims", "entities"} <= set(obj):
        return "native"
    if isinstance(obj.get("data"), Mapping):
        return "label-studio"
    if isinstance(obj.get("text"), str) and ("label" in obj or "entities" in obj):
        return "doccano"
    return _unknown()


def detect_file(path: Path) -> str:
    """``detect`` on a file's first non-blank line (whole, however long), or on its first
    MiB when the file is one JSON list."""
    with Path(path).open("rb") as handle:
        if handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
            handle.seek(0)
            return detect(handle.read(1 << 20))
        handle.seek(0)
        first = next((line for line in handle if line.strip()), b"")
    return detect(first)


# -- writing ---------------------------------------------------------------------------------


def write_file(target: Path, pieces: Iterable[str]) -> None:
    """Write ``pieces`` to ``target`` atomically: a crash or an error while they are produced
    leaves the old file (or none), never part of the new one."""
    target = Path(target)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("w", encoding="utf-8", newline="\n") as handle:
            for piece in pieces:
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


BRAT_FILES = (".txt", ".ann", ".conf")


def write_folder(target: Path, pieces: Iterable[tuple[str, str]]) -> None:
    """Write a folder of files: into a temporary folder beside ``target``, renamed into place
    when complete. An existing ``target`` is replaced only if it is empty or a brat folder
    (``annotation.conf`` and .txt/.ann/.conf files only); anything else is refused."""
    target = Path(target)
    if target.exists():
        inside = list(target.iterdir()) if target.is_dir() else None
        ours = inside is not None and (
            not inside
            or (target / "annotation.conf").is_file()
            and all(p.is_file() and p.suffix in BRAT_FILES for p in inside)
        )
        if not ours:
            raise AnnotatorError(
                f"{target} exists and is not an earlier brat export: choose a new folder"
            )
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    old = target.with_name(f".{target.name}.{os.getpid()}.old")
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(parents=True)
    try:
        for name, text in pieces:
            (temporary / name).write_text(text, encoding="utf-8", newline="\n")
        if target.exists():
            os.replace(target, old)
        os.replace(temporary, target)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
