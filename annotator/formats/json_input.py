"""JSON from files other people and programs made, read with the same limits everywhere.

- A line (of JSON Lines) or one value (of a JSON list) longer than ``MAX_LINE_BYTES`` is refused
  before it is parsed: enough for the longest document (``MAX_DOCUMENT_CHARS`` code points, each
  up to 12 bytes as a ``\\uXXXX\\uXXXX`` pair) with its annotations, far below what could
  exhaust memory while parsing.
- Strings must be text: a lone surrogate (``"\\ud800"``) is not a character, cannot be written
  as UTF-8 or stored, and is refused with its column.
- Nesting deeper than ``MAX_DEPTH`` levels is refused (no format of ours nests past ten).

orjson decodes (it refuses the three cases above itself); Python's json only words what is
wrong with a line orjson refused, so messages stay those users already know.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import IO, Any

import orjson

from annotator.core.model import MAX_DOCUMENT_CHARS

MAX_LINE_BYTES = 12 * MAX_DOCUMENT_CHARS + (32 << 20)
MAX_DEPTH = 1024  # orjson's own limit
_ESCAPE = re.compile(r"\\u[dD]([89abAB]|[c-fC-F])[0-9a-fA-F]{2}")
_CHUNK = 1 << 20


def json_error_text(exc: json.JSONDecodeError) -> str:
    """Python's json error in the words of a line of JSON: where in the line (the code point
    where it went wrong, 1-based), and what it usually means."""
    text, at = exc.doc.rstrip("\r\n"), exc.pos
    column = f"column {at + 1}"
    if at >= len(text):
        return (
            f"malformed JSON (the line ends at column {len(text)} before its JSON does: "
            "was the file cut off?)"
        )
    if exc.msg.startswith("Unterminated string"):
        return (
            f"malformed JSON (the string starting at {column} is not closed: was the line "
            "cut, or does the string hold a line break?)"
        )
    if exc.msg.startswith("Invalid control character"):
        return (
            f"malformed JSON (a control character at {column}, such as a tab or a line "
            "break, must be written escaped inside a string: \\t, \\n)"
        )
    return f"malformed JSON ({exc.msg.removesuffix(' at')} at {column})"


class JsonProblem(ValueError):
    """What is wrong with one JSON text, in words, with its column where one applies."""


def file_lines(handle: IO[bytes]) -> Iterator[tuple[int, bytes | JsonProblem]]:
    """(line number, its bytes with the line end) of each line of a binary file, streamed; a
    line longer than ``MAX_LINE_BYTES`` comes as a JsonProblem instead (and is skipped without
    being held in memory)."""
    number = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) <= MAX_LINE_BYTES or raw.endswith(b"\n"):
            yield number, raw
            continue
        length = len(raw)
        while not raw.endswith(b"\n"):
            raw = handle.readline(_CHUNK)
            if not raw:
                break
            length += len(raw)
        yield number, too_long(length)


def too_long(length: int) -> JsonProblem:
    return JsonProblem(
        f"{length / 1048576:,.0f} MiB of JSON in one piece; a line (or a task) is limited to "
        f"{MAX_LINE_BYTES / 1048576:,.0f} MiB, as a document holds at most "
        f"{MAX_DOCUMENT_CHARS:,} characters"
    )


def loads(raw: str | bytes, *, careful: Callable[[str], Any] | None = None) -> Any:
    """One JSON value (JsonProblem says what is wrong). ``careful`` decodes again a text that
    orjson refused, to word the problem (default: Python's json)."""
    if len(raw) > MAX_LINE_BYTES:
        raise too_long(len(raw))
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        text = raw if isinstance(raw, str) else raw.decode("utf-8", "replace")
        refuse_unreadable(str(exc), text)
        try:
            value = (careful or json.loads)(text)
        except json.JSONDecodeError as err:
            raise JsonProblem(json_error_text(err)) from None
        except RecursionError:
            raise JsonProblem(f"malformed JSON (nested more than {MAX_DEPTH:,} levels)") from None
        return value


def refuse_unreadable(reason: str, text: str) -> None:
    """Raise JsonProblem if orjson refused ``text`` for a lone surrogate or for its depth (which
    Python's json would accept, or fail on with a RecursionError)."""
    if "surrogate" in reason:
        column = lone_surrogate_column(text)
        where = f" at column {column}" if column else ""
        raise JsonProblem(
            f"a lone surrogate escape{where} (such as \\ud800) is not a character: the text "
            "cannot be stored; was it cut in the middle of an emoji?"
        )
    if "depth limit" in reason or "recursion" in reason.lower():
        raise JsonProblem(f"malformed JSON (nested more than {MAX_DEPTH:,} levels)")


def lone_surrogate_column(text: str) -> int:
    """The column (1-based) of the first ``\\uD8xx``-``\\uDFxx`` escape that is not half of a
    pair; 0 if none."""
    pending = -1  # where an unpaired high surrogate escape started
    for match in _ESCAPE.finditer(text):
        high = match.group(1) in "89abAB"
        if pending >= 0:
            if not high and match.start() == pending + 6:
                pending = -1
                continue
            return pending + 1
        if not high:
            return match.start() + 1
        pending = match.start()
    return pending + 1 if pending >= 0 else 0
