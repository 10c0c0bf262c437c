"""Corpora without annotations: JSON Lines of ``{"text", "meta"}`` (as Prodigy and doccano take
them) and CSV/TSV files with a text column, read into one parsed article per line or row.

The rules, the same for both (README, "Importing articles"):

- The text is stored as the file gives it (no line-end change: an annotation file of the same
  texts matches it by hash). A text that is empty or only blanks is refused alone, by its line
  or row; the rest of the file imports.
- ``title``, ``date``, ``source`` (any case) fill the document's fields; ``date`` is
  ``YYYY-MM-DD`` or empty. Every other key or column is open metadata, as text: a number or
  true/false is kept as its JSON text (``3``, ``2.5``, ``true``), null or an empty cell is no
  value; a list or object is refused. A line's ``id`` is kept as the metadata ``id``.
- Without a title, the title is read from the text as an article's (``core.articles``: the
  headline or the first sentence); a byline gives the author and a dateline the date where the
  file gives none. Without a source, the source is the file name and the line or row.
- Anything else wrong (not UTF-8, malformed JSON or CSV, a line of annotations in a corpus, a
  missing text column, a text over the document limit, a bad date or metadata value) refuses
  the whole file, naming the line (JSONL) or row (CSV: row 1 is the header, as a spreadsheet
  numbers them): nothing of it is imported.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import IO, Any

from annotator.core.articles import ParsedArticle, read_head
from annotator.core.errors import AnnotatorError
from annotator.core.files import not_a_file
from annotator.core.model import (
    MAX_DOCUMENT_CHARS,
    document_size_refusal,
    metadata_refusal,
    text_sha256,
)
from annotator.formats.json_input import JsonProblem, file_lines, loads

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
CSV_SUFFIXES = (".csv", ".tsv")
CORPUS_KEYS = frozenset({"text", "meta", "id"})
"""The keys of a corpus line; a line with any other key is annotations (or of another kind)."""
TEXT_COLUMNS = ("text", "body", "content")
"""The text column of a CSV, by name (any case), the first found; else ``--text-column``."""
DELIMITERS = (",", ";", "\t")
MAX_ROW_BYTES = 8 * MAX_DOCUMENT_CHARS  # one physical line: the longest text, quotes doubled
_FIELDS = ("title", "date", "source", "sha256")
_ISO_DATE = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")


class CorpusRefused(AnnotatorError):
    """The file cannot be imported; ``place`` says where ("line 3", "row 1"), ``reason`` why."""

    def __init__(self, place: str, reason: str) -> None:
        super().__init__(f"{place}: {reason}" if place else reason)
        self.place, self.reason = place, reason


@dataclass
class Corpus:
    """What a corpus file holds: its documents and the lines or rows without text, each by
    place ("line 3", "row 4")."""

    articles: list[tuple[str, ParsedArticle]] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)


def corpus_file(path: Path) -> bool:
    """Whether ``path`` is a JSONL corpus: its first non-blank line is an object with a text
    and no key but ``text``, ``meta`` and ``id`` (anything else is left to the annotation
    readers, which say what is wrong)."""
    try:
        with Path(path).open("rb") as handle:
            for number, raw in file_lines(handle):
                if isinstance(raw, JsonProblem):
                    return False
                if number == 1:
                    raw = raw.removeprefix(b"\xef\xbb\xbf")
                if raw.strip():
                    obj = loads(raw)
                    return isinstance(obj, dict) and "text" in obj and set(obj) <= CORPUS_KEYS
    except (OSError, JsonProblem):
        return False
    return False


def read_jsonl(path: Path) -> Corpus:
    """The documents of a JSONL corpus, one a line; CorpusRefused names the first bad line."""
    _check_file(path)
    corpus = Corpus()
    with Path(path).open("rb") as handle:
        for number, raw in file_lines(handle):
            place = f"line {number}"
            if isinstance(raw, JsonProblem):
                raise CorpusRefused(place, str(raw))
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if not raw.strip():
                continue
            try:
                obj = loads(_utf8(raw, place))
            except JsonProblem as problem:
                raise CorpusRefused(place, str(problem)) from None
            text, values = _corpus_line(obj, place)
            _add(corpus, path, place, text, values)
    if not corpus.articles and not corpus.empty:
        raise CorpusRefused("", "the file is empty")
    return corpus


def _corpus_line(obj: object, place: str) -> tuple[object, dict[str, object]]:
    """The text of one decoded line and its values by name (meta, and id)."""
    if not isinstance(obj, dict):
        raise CorpusRefused(place, "not a JSON object")
    other = sorted(set(obj) - CORPUS_KEYS)
    if other:
        keys = ", ".join(repr(k) for k in other[:5])
        raise CorpusRefused(
            place,
            f"a line with {keys} in a corpus of text lines: a corpus line holds only 'text', "
            "'meta' and 'id' (import annotations as a file of their own)",
        )
    if "text" not in obj:
        raise CorpusRefused(place, "no 'text'")
    meta = obj.get("meta")
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise CorpusRefused(place, "'meta' is not an object of keys and values")
    values: dict[str, object] = dict(meta)
    if obj.get("id") is not None:
        if "id" in values:
            raise CorpusRefused(place, "'id' is given twice, on the line and in its meta")
        values["id"] = obj["id"]
    return obj["text"], values


def read_csv(path: Path, text_column: str | None = None) -> Corpus:
    """The documents of a CSV or TSV file with a header row, one a row; CorpusRefused names the
    first bad row (the header is row 1)."""
    _check_file(path)
    corpus = Corpus()
    limit = csv.field_size_limit()
    csv.field_size_limit(MAX_DOCUMENT_CHARS)  # the longest field read: a document's text
    try:
        with Path(path).open("rb") as handle:
            rows = [0]  # records read so far: the one being read is rows[0] + 1
            lines = _text_lines(handle, rows)
            first = next(lines, "")
            if not first:
                raise CorpusRefused("", "the file is empty")
            if not first.strip():
                raise CorpusRefused("row 1", "no header row (the file starts with a blank line)")
            reader = csv.reader(
                itertools.chain([first], lines), delimiter=_delimiter(first), strict=True
            )
            header: list[str] | None = None
            text_at = 0
            names: dict[int, str] = {}
            while True:
                try:
                    record = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    raise CorpusRefused(f"row {rows[0] + 1}", _csv_error(exc)) from None
                rows[0] += 1
                place = f"row {rows[0]}"
                if header is None:
                    header = [name.strip() for name in record]
                    text_at, names = _columns(header, text_column)
                    continue
                if not any(cell.strip() for cell in record):
                    continue  # a blank row, as spreadsheets leave at the end
                if len(record) != len(header):
                    raise CorpusRefused(
                        place,
                        f"{len(record)} fields where the header has {len(header)} (a "
                        "delimiter inside a field that is not quoted?)",
                    )
                values = {name: record[i] for i, name in names.items() if record[i].strip()}
                _add(corpus, path, place, record[text_at], values)
    finally:
        csv.field_size_limit(limit)
    if not corpus.articles and not corpus.empty:
        raise CorpusRefused("", "no rows below the header")
    return corpus


def _text_lines(handle: IO[bytes], rows: list[int]) -> Iterator[str]:
    """The file's lines as UTF-8 text (its BOM dropped); CorpusRefused names the row being read
    when a line is not UTF-8 or too long to be read."""
    first = True
    while True:
        raw = handle.readline(MAX_ROW_BYTES + 1)
        if not raw:
            return
        place = f"row {rows[0] + 1}"
        if len(raw) > MAX_ROW_BYTES and not raw.endswith(b"\n"):
            raise CorpusRefused(
                place,
                f"a line of over {MAX_ROW_BYTES / 1048576:,.0f} MiB; a document holds at "
                f"most {MAX_DOCUMENT_CHARS:,} characters",
            )
        if first and raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise CorpusRefused(
                place, "UTF-16 text (a spreadsheet's 'Unicode text'?): save it as CSV UTF-8"
            )
        if b"\x00" in raw:
            raise CorpusRefused(place, "it contains NUL bytes: a binary file, not CSV text")
        text = _utf8(raw, place)
        yield text.removeprefix("\ufeff") if first else text
        first = False


def _utf8(raw: bytes, place: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.start + 1].hex().upper()
        raise CorpusRefused(
            place,
            f"not UTF-8 text (byte 0x{bad} cannot be decoded; Latin-1 or Windows-1252?): "
            "re-save it as UTF-8",
        ) from None


def _delimiter(header: str) -> str:
    """The delimiter the header line uses most outside quotes (comma if it uses none)."""
    outside = re.sub(r'"[^"]*"?', "", header)
    counts = {d: outside.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_error(exc: csv.Error) -> str:
    message = str(exc)
    if "field larger than field limit" in message:
        return f"a field of over {MAX_DOCUMENT_CHARS:,} characters, the most a document holds"
    if "unexpected end of data" in message:
        return "a quoted field is not closed before the end of the file"
    return f"malformed CSV ({message})"


def _columns(header: list[str], text_column: str | None) -> tuple[int, dict[int, str]]:
    """The text column's index, and the name of every other named column by index (columns
    without a name, such as a spreadsheet's row numbers, are left out)."""
    seen: dict[str, int] = {}
    for i, name in enumerate(header):
        if name and name.casefold() in seen:
            raise CorpusRefused(
                "row 1",
                f"the column {name!r} appears twice (columns {seen[name.casefold()] + 1} "
                f"and {i + 1})",
            )
        if name:
            seen[name.casefold()] = i
    listing = ", ".join(repr(n) for n in header if n) or "none with a name"
    wanted = [text_column] if text_column is not None else list(TEXT_COLUMNS)
    found = next((seen[w.strip().casefold()] for w in wanted if w.strip().casefold() in seen), None)
    if found is None:
        if text_column is not None:
            raise CorpusRefused("row 1", f"no column {text_column!r} (the columns: {listing})")
        raise CorpusRefused(
            "row 1",
            f"no text column: none is called {', '.join(TEXT_COLUMNS)} (the columns: {listing}); "
            "name it with --text-column NAME",
        )
    return found, {i: name for i, name in enumerate(header) if name and i != found}


def _add(
    corpus: Corpus, path: Path, place: str, text: object, values: Mapping[str, object]
) -> None:
    """One line's or row's document into ``corpus`` (an empty text: its place)."""
    if not isinstance(text, str):
        raise CorpusRefused(place, f"'text' is {_kind(text)}, not a string")
    if not text.strip():
        corpus.empty.append(place)
        return
    too_long = document_size_refusal(text)
    if too_long:
        raise CorpusRefused(place, too_long)
    fields: dict[str, str] = {}
    meta: dict[str, str] = {}
    for key, value in values.items():
        name = key.strip().casefold()
        shown = _text(key, value, place)
        if shown is None:
            continue
        if name in _FIELDS:
            if name in fields:
                raise CorpusRefused(place, f"{name!r} is given twice ({key!r})")
            fields[name] = shown
        else:
            meta[key] = shown
    why = metadata_refusal(meta)
    if why:
        raise CorpusRefused(place, why)
    date = fields.get("date", "").strip() or None
    if date is not None:
        _check_date(date, place)
    sha = fields.get("sha256", "").strip()
    if sha and sha != text_sha256(text):
        raise CorpusRefused(place, "'sha256' is not the SHA-256 of the text (was it changed?)")
    head = read_head(text, 0, date)
    if "author" in head.meta and not any(k.casefold() == "author" for k in meta):
        meta["author"] = head.meta["author"]
    title = " ".join(fields.get("title", "").split()) or head.title
    source = fields.get("source", "").strip() or f"{Path(path).name}, {place}"
    corpus.articles.append(
        (place, ParsedArticle(text=text, title=title, date=head.date, meta=meta, source=source))
    )


def _text(key: str, value: object, place: str) -> str | None:
    """A metadata value as text: strings as they are, numbers and true/false as JSON writes
    them, None for null; a list or object is refused."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    raise CorpusRefused(
        place,
        f"the value of {key!r} is {_kind(value)}; a metadata value is text, a number or true/false",
    )


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return "null" if value is None else f"{type(value).__name__} {value!r}"[:60]


def _check_date(value: str, place: str) -> None:
    if not _ISO_DATE.match(value):
        raise CorpusRefused(place, f"the date {value!r} is not YYYY-MM-DD")
    try:
        Date.fromisoformat(value)
    except ValueError:
        raise CorpusRefused(place, f"the date {value} does not exist") from None


def _check_file(path: Path) -> None:
    why = not_a_file(Path(path))
    if why:
        raise CorpusRefused("", f"the file {why}")
