"""Label Studio: a JSON list of tasks with annotations and relations, both ways (code points).

One task per document and annotator::

    {"data": {"text": "...", "meta": {...}},
     "annotations": [{"result": [
        {"id": "m1", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": 10, "end": 22, "text": "Sergei Lavrov", "labels": ["PERSON"]}},
        {"type": "relation", "from_id": "q1", "to_id": "m1", "direction": "right",
         "labels": ["speaker"]}]}]}

Label Studio's Text tag stores ``start``/``end`` in code points (its own tests select text
after an emoji and expect Python's offsets), so no conversion is needed; a span's ``text`` is
checked against the document (Label Studio writes a newline inside it as ``\\n``). Region
notes are the result's ``meta.text``. ``label_studio_config`` gives a labelling config that
matches the names used here (``label`` on ``text``, relations ``speaker`` and ``cue``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import quoteattr

import orjson

from annotator.core.model import Annotator, Layer, Status
from annotator.formats.json_input import (
    MAX_DEPTH,
    MAX_LINE_BYTES,
    JsonProblem,
    file_lines,
    loads,
    lone_surrogate_column,
    refuse_unreadable,
    too_long,
)
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
    opened,
    payload,
    read_records,
    sorted_spans,
    speaker_mention,
)

FROM_NAME, TO_NAME = "label", "text"


def export_label_studio(records: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """The pieces of one JSON document (a list of tasks), to be written one after another."""
    yield "["
    for n, record in enumerate(read_records(records)):
        text = record.document.text
        units = Units(text, utf16=False)
        result: list[dict[str, Any]] = []
        for s in sorted_spans(record):
            region: dict[str, Any] = {
                "id": s.id,
                "from_name": FROM_NAME,
                "to_name": TO_NAME,
                "type": "labels",
                "value": {"start": s.start, "end": s.end, "text": s.text, "labels": [s.label]},
            }
            if s.note:
                region["meta"] = {"text": [s.note]}
            result.append(region)
        for quote in record.quotes:
            mention = speaker_mention(record, quote)
            targets = [(mention.id if mention else None, SPEAKER), (quote.cue_span_id, CUE)]
            result += [
                {
                    "type": "relation",
                    "from_id": quote.segment_ids[0],
                    "to_id": target,
                    "direction": "right",
                    "labels": [kind],
                }
                for target, kind in targets
                if target is not None
            ]
        task = {
            "data": {TO_NAME: text, "meta": payload(record, units)},
            "annotations": [{"result": result, "was_cancelled": False, "ground_truth": False}],
        }
        yield ("\n" if n == 0 else ",\n") + json.dumps(task, ensure_ascii=False)
    yield "\n]\n"


def label_studio_config(labels: Iterable[str]) -> str:
    """A labelling config for the exported tasks: the labels, and the two relations."""
    items = "".join(f"    <Label value={quoteattr(label)}/>\n" for label in dict.fromkeys(labels))
    return (
        "<View>\n"
        "  <Relations>\n"
        f'    <Relation value="{SPEAKER}"/>\n    <Relation value="{CUE}"/>\n'
        "  </Relations>\n"
        f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">\n{items}  </Labels>\n'
        f'  <Text name="{TO_NAME}" value="${TO_NAME}"/>\n'
        "</View>\n"
    )


def import_label_studio(
    path: Path,
    *,
    annotator: Annotator | None = None,
    layers: Mapping[str, Layer] | None = None,
    fallback: Annotator | None = None,
    named: Named | None = None,
) -> Iterator[dict[str, Any]]:
    """The native records of ``read_label_studio``, without their places in the file."""
    for _, record in read_label_studio(
        path, annotator=annotator, layers=layers, fallback=fallback, named=named
    ):
        yield record


def read_label_studio(
    path: Path,
    *,
    annotator: Annotator | None = None,
    layers: Mapping[str, Layer] | None = None,
    fallback: Annotator | None = None,
    named: Named | None = None,  # unused: Label Studio names users by their id
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(place, native record)`` for each submitted annotation of a Label Studio JSON export
    (a list of tasks, one task object, or JSON Lines of tasks; cancelled annotations and tasks
    without annotations are skipped), new span and quote ids. The place is ``"task N"``, with
    ``", annotation M"`` when the task holds several.

    Whose: ``annotator`` (``--as``) for all; else this program's "meta" (a task with one
    annotation); else the annotation's ``completed_by``; else ``fallback``. ``layers``: the
    layer of each label for labels the task's "meta" does not give."""
    where = str(path)
    for position, task in tasks(path):
        task_id = task.get("id") if isinstance(task, dict) else None
        at = f"{position} (id {task_id})" if task_id is not None else position
        try:
            for n, record in _records(task, annotator, layers, fallback):
                yield (f"{at}, annotation {n}" if n else at), record
        except Problem as exc:
            raise PeerFormatError(where, at, str(exc)) from None


def _records(
    task: object,
    given: Annotator | None,
    layers: Mapping[str, Layer] | None,
    fallback: Annotator | None,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(annotation number, record)``; the number is 0 when the task holds one annotation."""
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise Problem("a task must be a JSON object with a 'data' object")
    data: dict[str, Any] = task["data"]
    texts = [v for v in data.values() if isinstance(v, str)]
    text = data.get(TO_NAME, texts[0] if len(texts) == 1 else None)
    if not isinstance(text, str) or not text:
        raise Problem(f"the task's data has no '{TO_NAME}' string")
    annotations = task.get("annotations") or []
    if not isinstance(annotations, list):
        raise Problem("'annotations' must be a list")
    annotations = [a for a in annotations if not (isinstance(a, dict) and a.get("was_cancelled"))]
    if given is not None and len(annotations) > 1:
        raise Problem(
            f"the task holds {len(annotations)} annotations: import them without naming one "
            "annotator, so that each keeps its own"
        )
    meta = data.get("meta") if len(annotations) == 1 else None
    for n, annotation in enumerate(annotations, 1):
        if not isinstance(annotation, dict) or not isinstance(annotation.get("result"), list):
            raise Problem(f"annotation {n} has no 'result' list")
        doc_id = str(task.get("id") or data.get("id") or "")
        draft = Draft(text, Units(text, utf16=False), doc_id or f"label-studio-{n}", meta=meta)
        draft.title = str(data.get("title") or "")
        draft.relations_shown = True  # relation results are the file's to say
        for item in annotation["result"]:
            _read_result(item, draft)
        ours = isinstance(meta, dict) and meta.get("schema") == PAYLOAD_SCHEMA
        who = given or (None if ours else _completed_by(annotation))
        record = assemble(
            draft, annotator=who, status=Status.DONE, layers=layers, fallback=fallback
        )
        yield (n if len(annotations) > 1 else 0), record


def _read_result(item: object, draft: Draft) -> None:
    if not isinstance(item, dict):
        raise Problem("a result must be a JSON object")
    kind = item.get("type")
    if kind == "relation":
        labels = item.get("labels") or []
        if not labels:
            raise Problem(f"a relation without a label ({SPEAKER!r} or {CUE!r} is read)")
        for label in labels:
            draft.relations.append((str(item.get("from_id")), str(item.get("to_id")), str(label)))
        return
    if kind != "labels":
        raise Problem(
            f"a result of type {kind!r} (from {item.get('from_name')!r}) has no place here: "
            "only text spans ('labels') and relations are read"
        )
    value = item.get("value")
    if not isinstance(value, dict) or not isinstance(value.get("labels"), list):
        raise Problem(f"region {item.get('id')!r} has no value with labels")
    notes = (item.get("meta") or {}).get("text") if isinstance(item.get("meta"), dict) else None
    note = "\n".join(t for t in notes if isinstance(t, str)) if isinstance(notes, list) else None
    given = value.get("text")
    for label in value["labels"]:
        if not isinstance(label, str) or not label.strip():
            raise Problem(f"region {item.get('id')!r}: a label must be a name, not {label!r}")
        key = str(item.get("id"))
        text = given if isinstance(given, str) else None
        draft.spans.append(Found(key, value.get("start"), value.get("end"), label, note, text))


def _completed_by(annotation: dict[str, Any]) -> Annotator | None:
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        user, email = who.get("id"), who.get("email")
        if user is not None:
            return Annotator(f"label-studio-{user}", str(email or f"Label Studio user {user}"))
    if isinstance(who, int):
        return Annotator(f"label-studio-{who}", f"Label Studio user {who}")
    return None


def tasks(path: Path) -> Iterator[tuple[str, Any]]:
    """``("task N", task)`` for each task of a JSON list (Label Studio's JSON export), read a
    piece at a time; one task saved as a JSON object is ``"task 1"``; a JSON Lines file of
    tasks is read line by line (``"line N"``)."""
    where = str(path)
    with opened(path) as handle:
        if handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
            handle.seek(0)
            yield from _array_items(handle, where, "task")
            return
        handle.seek(0)
        single = _one_object(handle, where)
    if single is not None:
        yield "task 1", single
        return
    yield from json_lines(path)


def _one_object(handle: IO[bytes], where: str) -> dict[str, Any] | None:
    """The file's one JSON object when it spans several lines (one task saved on its own);
    None for JSON Lines (its first line is a whole value, or so broken that the line reader
    should say what is wrong with it)."""
    for _, first in file_lines(handle):
        if isinstance(first, JsonProblem):
            return None  # too long for a line: the line reader says so
        if not first.strip():
            continue
        try:
            orjson.loads(first)
            return None  # a whole value on its first line: JSON Lines
        except orjson.JSONDecodeError:
            break
    else:
        return None  # nothing but blank lines
    handle.seek(0)
    data = handle.read(MAX_LINE_BYTES + 1)
    if len(data) > MAX_LINE_BYTES:
        raise PeerFormatError(where, "task 1", str(too_long(len(data))))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PeerFormatError(where, "task 1", f"not UTF-8 (byte {exc.start + 1})") from None
    try:
        value = loads(text, careful=_careful)
    except _Where as exc:
        if exc.line == 1:
            return None  # broken on its first line: the line reader words it
        raise PeerFormatError(where, f"line {exc.line}", exc.reason) from None
    except JsonProblem as exc:
        raise PeerFormatError(where, "task 1", str(exc)) from None
    if not isinstance(value, dict):
        raise PeerFormatError(where, "", "one JSON value that is not a task (a JSON object)")
    return value


class _Where(JsonProblem):
    """Malformed JSON in a file of several lines, at a line and column of the file."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line, self.reason = line, reason


def _careful(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Where(
            exc.lineno, f"malformed JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})"
        ) from None


def _array_items(handle: Any, where: str, item: str) -> Iterator[tuple[str, Any]]:
    """The values of one JSON list, decoded a piece at a time."""
    import codecs

    decoder, reader = json.JSONDecoder(), codecs.getincrementaldecoder("utf-8-sig")()
    buffer, eof, index = "", False, 0

    def more() -> bool:
        nonlocal buffer, eof
        if eof:
            return False
        chunk = handle.read(1 << 20)
        try:
            buffer += reader.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            raise PeerFormatError(where, f"{item} {index + 1}", "not UTF-8 text") from None
        eof = not chunk
        return True

    def skip(pos: int) -> int:
        while True:
            while pos < len(buffer) and buffer[pos] in " \t\r\n":
                pos += 1
            if pos < len(buffer) or not more():
                return pos

    pos = skip(0) + 1  # after the opening "["
    while True:
        pos = skip(pos)
        if pos < len(buffer) and buffer[pos] == "]":
            return
        index += 1
        while True:
            try:
                value, end = decoder.raw_decode(buffer, pos)
                break
            except json.JSONDecodeError as exc:
                near_end = exc.pos >= len(buffer) - 8 or exc.msg.startswith("Unterminated")
                if len(buffer) - pos > MAX_LINE_BYTES:  # one task, larger than any could be
                    reason = str(too_long(len(buffer) - pos))
                    raise PeerFormatError(where, f"{item} {index}", reason) from None
                if not (near_end and more()):
                    reason = f"malformed JSON ({exc.msg.removesuffix(' at')})"
                    raise PeerFormatError(where, f"{item} {index}", reason) from None
            except RecursionError:
                reason = f"malformed JSON (nested more than {MAX_DEPTH:,} levels)"
                raise PeerFormatError(where, f"{item} {index}", reason) from None
        if lone_surrogate_column(buffer[pos:end]):  # json takes them; they are not text
            try:
                refuse_unreadable("surrogate", buffer[pos:end])
            except JsonProblem as exc:
                raise PeerFormatError(where, f"{item} {index}", str(exc)) from None
        yield f"{item} {index}", value
        buffer = buffer[end:]
        pos = skip(0)
        if pos < len(buffer) and buffer[pos] == ",":
            pos += 1
        elif not (pos < len(buffer) and buffer[pos] == "]"):
            raise PeerFormatError(where, f"{item} {index}", "malformed JSON (no , or ] after it)")
