"""doccano: sequence-labelling JSONL and its relation variant, both ways (UTF-16 code units).

Sequence labelling, one object per line (one per document and annotator)::

    {"id": "doc-1", "text": "...", "label": [[10, 22, "PERSON"], ...], "meta": {...}}

Relation variant (a sequence-labelling project with relations switched on)::

    {"id": "doc-1", "text": "...",
     "entities": [{"id": 1, "start_offset": 10, "end_offset": 22, "label": "PERSON"}, ...],
     "relations": [{"id": 1, "from_id": 4, "to_id": 1, "type": "speaker"}, ...], "meta": {...}}

Offsets are UTF-16 code units, as doccano's annotation view counts them (JavaScript string
indices) unless the project counts grapheme clusters; doccano keeps every other field of an
imported line and writes it back on export, so "meta" (see ``peers.common.payload``) survives a trip
through doccano. Relations: ``speaker`` from a quote's first segment to the mention of its
speaker nearest to it, ``cue`` from that segment to the quote's cue. Lines are written with
``\\u`` escapes (ASCII only): doccano guesses a file's encoding (chardet, its "Auto" default)
and may take UTF-8 for another encoding; ASCII reads the same in all of them.

doccano exports a project as a zip archive: one ``USER.jsonl`` per member (each line that
user's labels on one example, ``[]`` where they made none), or ``all.jsonl`` in a
collaborative project. ``read_doccano`` reads the archive and takes each file's user as the
annotator of its lines (``backend/data_export/celery_tasks.py``).
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import IO, Any, TypeVar

from annotator.core.errors import AnnotatorError
from annotator.core.model import (
    Annotator,
    Layer,
    Status,
)
from annotator.formats.ids import named_annotator_id
from annotator.formats.peers.assembly import Draft, Found, assemble
from annotator.formats.peers.common import (
    CUE,
    PAYLOAD_SCHEMA,
    SPEAKER,
    Named,
    PeerFormatError,
    Problem,
    Units,
    json_lines,
    json_lines_of,
    payload,
    read_records,
    sorted_spans,
    speaker_mention,
)

ARCHIVE_MAGIC = b"PK\x03\x04"

T = TypeVar("T")


def export_doccano(
    records: Iterable[Mapping[str, Any]], *, relations: bool = False
) -> Iterator[str]:
    """One JSON line (without its line end) per record; ``relations`` for the relation variant."""
    for record in read_records(records):
        text = record.document.text
        units = Units(text, utf16=True)
        spans = sorted_spans(record)
        line: dict[str, Any] = {"id": record.document.id, "text": text}
        if not relations:
            line["label"] = [[units.out(s.start), units.out(s.end), s.label] for s in spans]
        else:
            number = {s.id: n for n, s in enumerate(spans, 1)}
            line["entities"] = [
                {
                    "id": number[s.id],
                    "start_offset": units.out(s.start),
                    "end_offset": units.out(s.end),
                    "label": s.label,
                }
                for s in spans
            ]
            links: list[tuple[str, str, str]] = []
            for quote in record.quotes:
                mention = speaker_mention(record, quote)
                if mention is not None:
                    links.append((quote.segment_ids[0], mention.id, SPEAKER))
                if quote.cue_span_id is not None:
                    links.append((quote.segment_ids[0], quote.cue_span_id, CUE))
            line["relations"] = [
                {"id": n, "from_id": number[a], "to_id": number[b], "type": kind}
                for n, (a, b, kind) in enumerate(links, 1)
            ]
        line["meta"] = payload(record, units)
        yield json.dumps(line)  # ASCII: doccano guesses the encoding (see the module docstring)


def export_doccano_relations(records: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """The relation variant of ``export_doccano``."""
    return export_doccano(records, relations=True)


def import_doccano(
    path: Path,
    *,
    annotator: Annotator | None = None,
    layers: Mapping[str, Layer] | None = None,
    fallback: Annotator | None = None,
    named: Named | None = None,
) -> Iterator[dict[str, Any]]:
    """The native records of ``read_doccano``, without their places in the file."""
    for _, record in read_doccano(
        path, annotator=annotator, layers=layers, fallback=fallback, named=named
    ):
        yield record


def read_doccano(
    path: Path,
    *,
    annotator: Annotator | None = None,
    layers: Mapping[str, Layer] | None = None,
    fallback: Annotator | None = None,
    named: Named | None = None,
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(place, native record)`` for each line of a doccano sequence-labelling export (JSON
    Lines, either variant, or doccano's zip archive of them), with new span and quote ids and
    offsets back in code points; the place is ``"line N"`` (``"USER.jsonl, line N"`` in an
    archive).

    Whose work each line is: ``annotator`` if given (``--as``); else, in an archive, the user
    its file is named after (``named`` says who that name is; this program's "meta" naming
    the same name gives its id); else the annotator this program's "meta" names; else
    ``fallback``. A line of an archive's user file without labels is not that user's work and
    is left out. ``layers``: the layer of each label (the project's scheme) for labels the
    file's "meta" does not give."""
    if _is_archive(path):
        yield from _archive(path, annotator, layers, fallback, named)
        return
    where = str(path)
    for position, obj in json_lines(path):
        draft = _checked(where, position, _draft, obj, f"{Path(path).stem}-{position.split()[-1]}")
        yield position, _record(where, position, draft, annotator, layers, fallback)


def _record(
    where: str,
    position: str,
    draft: Draft,
    who: Annotator | None,
    layers: Mapping[str, Layer] | None,
    fallback: Annotator | None,
) -> dict[str, Any]:
    """One line's native record, in progress; a problem is named with its file and line."""
    return _checked(
        where,
        position,
        lambda: assemble(
            draft, annotator=who, status=Status.IN_PROGRESS, layers=layers, fallback=fallback
        ),
    )


def _checked(where: str, position: str, step: Callable[..., T], *args: Any) -> T:
    """``step(*args)``, a ``Problem`` in it said as a PeerFormatError at ``where``, ``position``."""
    try:
        return step(*args)
    except Problem as exc:
        raise PeerFormatError(where, position, str(exc)) from None


def _is_archive(path: Path) -> bool:
    try:
        with Path(path).open("rb") as handle:
            return handle.read(4) == ARCHIVE_MAGIC
    except OSError:
        return False


def _archive(
    path: Path,
    forced: Annotator | None,
    layers: Mapping[str, Layer] | None,
    fallback: Annotator | None,
    named: Named | None,
) -> Iterator[tuple[str, dict[str, Any]]]:
    """The records of doccano's zip archive: each ``USER.jsonl`` file's lines are USER's
    work; a lone ``all.jsonl`` (a collaborative project) names nobody."""
    where = str(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise PeerFormatError(where, "", f"not a zip archive that can be read ({exc})") from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        names = [PurePosixPath(m.filename).name for m in members]
        if not members:
            raise PeerFormatError(where, "", "the archive holds no files (doccano exports none?)")
        for name in names:
            if not name.lower().endswith(".jsonl") or len(name) == len(".jsonl"):
                raise PeerFormatError(
                    where,
                    "",
                    f"the archive holds {name!r}: only doccano's JSONL export is read (one "
                    "USER.jsonl per user, or all.jsonl)",
                )
        collaborative = [n.lower() for n in names] == ["all.jsonl"]
        for member, name in zip(members, names, strict=True):
            user = None if collaborative else name[: -len(".jsonl")]
            inner = f"{where}, {name}"
            try:
                handle = archive.open(member)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as exc:
                raise PeerFormatError(inner, "", f"cannot be read ({exc})") from None
            with handle:
                yield from _member_records(
                    handle, inner, name, user, forced, named, layers, fallback
                )


def _member_records(  # noqa: PLR0913 (the archive's reading state, passed through)
    handle: IO[bytes],
    inner: str,
    name: str,
    user: str | None,
    forced: Annotator | None,
    named: Named | None,
    layers: Mapping[str, Layer] | None,
    fallback: Annotator | None,
) -> Iterator[tuple[str, dict[str, Any]]]:
    """The records of one member file of the archive; a member whose compressed data is
    damaged (a bad CRC, a cut stream) is refused naming it, never a traceback."""
    try:
        for position, obj in json_lines_of(handle, inner):
            draft = _checked(
                inner, position, _draft, obj, f"{user or 'all'}-{position.split()[-1]}"
            )
            if user is not None and not draft.spans:
                continue  # an example this user did not label
            who = forced or _checked(inner, position, _member, user, draft.meta, named)
            yield f"{name}, {position}", _record(inner, position, draft, who, layers, fallback)
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise PeerFormatError(inner, "", f"is damaged in the archive ({exc})") from None


def _member(user: str | None, meta: object, named: Named | None) -> Annotator | None:
    """The annotator a doccano user stands for: this program's "meta" if it names the same
    name (its id then), else ``named(user)``; None for no user (a collaborative project)."""
    if user is None:
        return None
    if isinstance(meta, dict) and meta.get("schema") == PAYLOAD_SCHEMA:
        who, name = meta.get("annotator_id"), meta.get("annotator")
        if isinstance(who, str) and who and isinstance(name, str) and name == user:
            return Annotator(who, name)
    try:
        return named(user) if named else Annotator(named_annotator_id(user), user)
    except AnnotatorError as exc:
        raise Problem(f"the doccano user {user!r}: {exc}") from None


def _draft(obj: object, fallback_id: str) -> Draft:
    if not isinstance(obj, dict):
        raise Problem("a line must be a JSON object")
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        raise Problem("'text' must be a non-empty string")
    doc_id = obj.get("id")
    draft = Draft(text, Units(text, utf16=True), str(doc_id) if doc_id else fallback_id)
    draft.meta = obj.get("meta")
    if isinstance(obj.get("entities"), list):
        draft.relations_shown = True  # the relation variant: relations are the file's to say
        for n, item in enumerate(obj["entities"], 1):
            if not isinstance(item, dict) or not {"start_offset", "end_offset", "label"} <= set(
                item
            ):
                raise Problem(f"entity {n} must have start_offset, end_offset and label")
            key = str(item.get("id", f"#{n}"))
            draft.spans.append(
                Found(key, item["start_offset"], item["end_offset"], _label(item["label"], n))
            )
        for n, item in enumerate(obj.get("relations") or [], 1):
            if not isinstance(item, dict) or not {"from_id", "to_id", "type"} <= set(item):
                raise Problem(f"relation {n} must have from_id, to_id and type")
            draft.relations.append((str(item["from_id"]), str(item["to_id"]), str(item["type"])))
        return draft
    labels = obj.get("label", obj.get("labels"))
    if not isinstance(labels, list):
        raise Problem(
            "no 'label' list (sequence labelling) or 'entities' list (relations): "
            "is this a doccano sequence-labelling export?"
        )
    for n, item in enumerate(labels, 1):
        if not (isinstance(item, list) and len(item) >= 3):
            raise Problem(f"label {n} must be [start, end, label], not {item!r}")
        draft.spans.append(Found(f"#{n}", item[0], item[1], _label(item[2], n)))
    return draft


def _label(value: object, n: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Problem(f"span {n}: the label must be a name, not {value!r} (a label id?)")
    return value
