"""What every peer format shares: the error naming file and place, offsets as each tool counts
them (``Units``, through ``core.offsets.OffsetMap``), native records checked on the way out,
the "meta" payload that carries what a tool cannot hold, and atomic file and folder writing."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from annotator.core.errors import AnnotatorError
from annotator.core.links import Entity, Quote
from annotator.core.model import Annotator, Span
from annotator.core.offsets import OffsetMap
from annotator.formats.json_input import JsonProblem, file_lines, loads
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

Named = Callable[[str], Annotator]  # the annotator a name alone stands for (the caller's)


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
        **({"metadata": dict(d.meta)} if d.meta else {}),  # the document's open metadata
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


# -- writing ---------------------------------------------------------------------------------


def write_file(target: Path, pieces: Iterable[str]) -> None:
    """Write ``pieces`` to ``target`` atomically: a crash or an error while they are produced
    leaves the old file (or none), never part of the new one."""
    _atomic(Path(target), lambda handle: handle.writelines(pieces), binary=False)


def write_bytes(target: Path, data: bytes) -> None:
    """``data`` to ``target`` atomically, as ``write_file``."""
    _atomic(Path(target), lambda handle: handle.write(data), binary=True)


def _atomic(target: Path, fill: Callable[[Any], object], *, binary: bool) -> None:
    """A temporary file beside ``target``, filled, flushed to disk and renamed over it."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        opened: IO[Any] = (
            temporary.open("wb") if binary else temporary.open("w", encoding="utf-8", newline="\n")
        )
        with opened as handle:
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


BRAT_FILES = (".txt", ".ann", ".conf")


def _brat_folder(target: Path, inside: list[Path]) -> bool:
    """An earlier brat export: ``annotation.conf`` and .txt/.ann/.conf files only."""
    return (target / "annotation.conf").is_file() and all(
        p.is_file() and p.suffix in BRAT_FILES for p in inside
    )


def write_folder(
    target: Path,
    pieces: Iterable[tuple[str, str]],
    *,
    earlier: Callable[[Path, list[Path]], bool] = _brat_folder,
    kind: str = "brat",
) -> None:
    """Write a folder of files: into a temporary folder beside ``target``, renamed into place
    when complete. An existing ``target`` is replaced only if it is empty or an ``earlier``
    export of this ``kind`` (by default a brat folder); anything else is refused."""
    target = Path(target)
    if target.exists():
        inside = list(target.iterdir()) if target.is_dir() else None
        ours = inside is not None and (not inside or earlier(target, inside))
        if not ours:
            raise AnnotatorError(
                f"{target} exists and is not an earlier {kind} export: choose a new folder"
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


@contextlib.contextmanager
def opened(path: Path) -> Iterator[IO[bytes]]:
    """The file at ``path`` open for reading bytes; PeerFormatError names it if it cannot be
    opened."""
    try:
        handle = Path(path).open("rb")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise PeerFormatError(str(path), "", f"cannot be read ({exc.strerror})") from None
    with handle:
        yield handle


def json_lines(path: Path) -> Iterator[tuple[str, Any]]:
    """``("line N", value)`` for each line of a JSON Lines file, streamed; PeerFormatError
    names the file and line of malformed JSON or UTF-8."""
    with opened(path) as handle:
        yield from json_lines_of(handle, str(path))


def json_lines_of(handle: IO[bytes], where: str) -> Iterator[tuple[str, Any]]:
    """``json_lines`` of an open file (a member of an archive), named ``where``."""
    for number, raw in file_lines(handle):
        position = f"line {number}"
        if isinstance(raw, JsonProblem):
            raise PeerFormatError(where, position, str(raw))
        try:
            line = raw.decode("utf-8").removeprefix("\ufeff" if number == 1 else "")
        except UnicodeDecodeError as exc:
            raise PeerFormatError(where, position, f"not UTF-8 (byte {exc.start + 1})") from None
        if line.strip():
            try:
                yield position, loads(line)
            except JsonProblem as exc:
                raise PeerFormatError(where, position, str(exc)) from None
