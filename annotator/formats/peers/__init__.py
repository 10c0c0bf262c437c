"""Other tools' formats (doccano, Label Studio, brat, spaCy/Prodigy, CoNLL, spaCy's DocBin): the
registry of exporters and importers, and telling a file's format from its content (shared
rules: ``peers.common``; token-level formats: ``peers.tokenized``).

Converters here are pure. Exporters take native records (the dicts ``annotator.formats.jsonl``
reads and writes), check each with that format's reader and return text; importers read one
file and yield native records, each checked by the same reader before it is yielded. Offsets
are converted in one place, ``annotator.core.offsets.OffsetMap``, through ``common.Units``.
``docs/FORMATS.md`` has each tool's counting, with sources, and what each format loses.

What no peer format can hold (entity registry, quotes, claims, notes, status) travels in a
"meta" object that each tool keeps untouched (``common.payload``); spans are named there by
``[start, end, label]`` in the file's own units, so a span edited in the other tool simply
stops matching and the tool's version wins.

File writing: ``Exporter.write`` writes atomically (a temporary file, then ``os.replace``);
the export functions themselves only return text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from annotator.formats.json_input import (
    JsonProblem,
    file_lines,
    lone_surrogate_column,
    refuse_unreadable,
)
from annotator.formats.peers import brat, conll, docbin, doccano, label_studio, spacy
from annotator.formats.peers.common import PeerFormatError, write_file, write_folder
from annotator.formats.peers.tokenized import Omissions

__all__ = [
    "EXPORTERS",
    "IMPORTERS",
    "TOKEN_EXPORTERS",
    "Exporter",
    "PeerFormatError",
    "detect",
    "detect_file",
]

# -- registry --------------------------------------------------------------------------------


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
IMPORTERS = {
    "doccano": doccano.read_doccano,
    "label-studio": label_studio.read_label_studio,
    "conll": conll.read_conll,
}
"""Each yields ``(place in the file, native record)``; see ``doccano.read_doccano``."""
TOKEN_EXPORTERS: dict[str, Callable[..., Omissions]] = {
    "conll": conll.write_conll,
    "spacy-docbin": docbin.write_docbin,
}
"""Token-level formats: ``(records, target, **options) -> Omissions``, writing ``target``
atomically and returning the spans the format could not hold (``conll.write_conll`` takes
``layer`` and ``comments``)."""


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
    except (json.JSONDecodeError, RecursionError):  # cut short, or nested without end
        return _sniff(text, listed)
    return _kind_of(obj) if isinstance(obj, Mapping) else _unknown()


def _sniff(text: str, listed: bool) -> str:
    """The kind of a first record cut off (or nested past reading): the first telling key
    decides (a native line names its annotator or spans before any label, a doccano line its
    labels before its "meta")."""
    keys = [m.group(1) for m in _KEY.finditer(text)] if text.startswith("{") else []
    for key in keys:
        if key in ("data", "annotations") and (key == "data" or listed):
            return "label-studio"
        if key in ("annotator_id", "spans", "quotes") and not listed:
            return "native"
        if key in ("label", "entities") and not listed:
            return "doccano"
    return _unknown()


_KEY = re.compile(r'"(annotator_id|spans|quotes|data|annotations|label|entities)"\s*:')


def _unknown() -> str:
    raise PeerFormatError(
        "the file", "", "not JSON Lines or JSON of a known kind (native, doccano, Label Studio)"
    )


def _kind_of(obj: Mapping[str, Any]) -> str:
    """Label Studio has ``data``; a native line, complete or minimal, ``spans`` or
    ``annotator_id`` (doccano never does); doccano ``label``, ``relations`` or entities with
    ``start_offset``; a native line that lacks its spans still has quotes, claims or
    entities of its own kind (so that the native reader says what it lacks)."""
    if isinstance(obj.get("data"), Mapping):
        return "label-studio"
    if "spans" in obj or "annotator_id" in obj:
        return "native"
    entities = obj.get("entities")
    first = entities[0] if isinstance(entities, list) and entities else None
    offsets = isinstance(first, Mapping) and bool({"start_offset", "end_offset"} & set(first))
    if {"label", "labels", "relations"} & set(obj) or offsets:
        return "doccano"
    if {"quotes", "claims", "entities"} & set(obj):
        return "native"
    return _unknown()


def detect_file(path: Path) -> str:
    """``detect`` on a file's first non-blank line (whole, however long), or on its first
    MiB when the file is one JSON list or one JSON object over several lines; a zip archive
    is doccano's export."""
    with Path(path).open("rb") as handle:
        start = handle.read(4096)
        if start.startswith(doccano.ARCHIVE_MAGIC):
            return "doccano"
        if start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
            handle.seek(0)
            head = handle.read(1 << 20)
            _unreadable_task(path, head)
            return detect(head)
        handle.seek(0)
        first = b""
        for number, line in file_lines(handle):
            if isinstance(line, JsonProblem):  # too long to read whole: judge its start
                handle.seek(0)
                first = handle.read(1 << 20)
                break
            if line.strip():
                first = line
                _unreadable(path, number, line)
                if not _whole(line):  # one object over several lines (a task on its own)
                    handle.seek(0)
                    first = handle.read(1 << 20)
                break
    return detect(first)


def _whole(line: bytes) -> bool:
    """The line holds a whole JSON value (else it is cut off, or the start of a value that
    goes on over the next lines)."""
    try:
        orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return True


def _unreadable_task(path: Path, head: bytes) -> None:
    """PeerFormatError naming task 1 of a JSON list if it holds a lone surrogate (not text;
    with its keys spoiled it would look like a file of an unknown kind)."""
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")[1:].lstrip()
    try:
        _, end = json.JSONDecoder().raw_decode(text)
    except (json.JSONDecodeError, RecursionError):
        return  # cut off, or nested without end: the reader says so
    if lone_surrogate_column(text[:end]):
        try:
            refuse_unreadable("surrogate", text[:end])
        except JsonProblem as problem:
            raise PeerFormatError(str(path), "task 1", str(problem)) from None


def _unreadable(path: Path, number: int, line: bytes) -> None:
    """PeerFormatError naming the line if it is JSON no reader takes (a lone surrogate,
    nesting without end), which would otherwise look like a file of an unknown kind."""
    try:
        orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        try:
            refuse_unreadable(str(exc), line.decode("utf-8", "replace"))
        except JsonProblem as problem:
            raise PeerFormatError(str(path), f"line {number}", str(problem)) from None
