"""Turn the bytes of a .txt article into the text we store, its date and its title."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date

from annotator.core.errors import AnnotatorError
from annotator.core.model import MAX_DOCUMENT_CHARS, document_size_refusal
from annotator.core.wording import counted

MAX_ARTICLE_BYTES = 4 * MAX_DOCUMENT_CHARS
"""The largest article file read at all: the most UTF-8 bytes a text of ``MAX_DOCUMENT_CHARS``
code points can take. Its text is then held to that limit (``document_size_refusal``)."""

# "date" then a token starting with a digit; "date palms..." is text, "date 3/3/2025" is refused.
_DATE_TOKEN = re.compile(r"\A\s*date[ \t]+(\d\S*)[ \t]*")
_ISO_DATE = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")
_SENTENCE_END = re.compile(r"[.!?…](?:[\"'”’»)\]]*)(?=\s|$)")
TITLE_MAX = 160


class ArticleRefused(AnnotatorError):
    """The file cannot become a document; ``reason`` says why, ``line`` where (1-based) if known."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason if line is None else f"line {line}: {reason}")
        self.reason = reason
        self.line = line


@dataclass(frozen=True)
class ParsedArticle:
    text: str
    title: str
    date: str | None
    meta: dict[str, str] = field(default_factory=dict)  # e.g. author, from a byline
    source: str = ""  # where it came from (the file name), set by the reader of the file


def decode(data: bytes) -> str:
    """UTF-8 (BOM or not) to text with LF line ends; refuse what is not a text article."""
    if not data.strip():
        raise ArticleRefused("the file is empty")
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleRefused(
            f"the file is {len(data) / 1048576:.1f} MiB; a document holds at most "
            f"{MAX_DOCUMENT_CHARS:,} characters"
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ArticleRefused(
            "it contains NUL bytes: a binary file or UTF-16 text, not UTF-8",
            line=data.count(b"\n", 0, nul) + 1,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 1].hex().upper()
        raise ArticleRefused(
            f"not UTF-8 text (byte 0x{bad} cannot be decoded; Latin-1 or Windows-1252?): "
            "re-save it as UTF-8",
            line=line,
        ) from None
    too_long = document_size_refusal(text)
    if too_long:
        raise ArticleRefused(too_long)
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if control:
        first = next(i for i, ch in enumerate(text) if ord(ch) < 32 and ch not in "\t\n\r\f")
        raise ArticleRefused(
            f"it holds {counted(control, 'control character')}: a binary file, not an article",
            line=text.count("\n", 0, first) + 1,
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_date(text: str) -> tuple[str, str | None]:
    """Remove a leading ``date YYYY-MM-DD`` token; the rest of its line stays text."""
    match = _DATE_TOKEN.match(text)
    if not match:
        return text, None
    value = match.group(1)
    if not _ISO_DATE.match(value):
        raise ArticleRefused(f"the date token {value!r} is not YYYY-MM-DD", line=1)
    try:
        Date.fromisoformat(value)
    except ValueError:
        raise ArticleRefused(f"the date {value} does not exist", line=1) from None
    return text[match.end() :], value


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` on one line, shortened at a word boundary if long."""
    flat = " ".join(text.split())
    match = _SENTENCE_END.search(flat)
    sentence = flat[: match.end()] if match else flat
    if len(sentence) > TITLE_MAX:
        cut = sentence.rfind(" ", 0, TITLE_MAX)
        sentence = sentence[: cut if cut > 40 else TITLE_MAX].rstrip(",;: ") + "…"
    return sentence


def parse_article(data: bytes) -> ParsedArticle:
    """Stored text, date, title and byline of an article file's bytes.

    News files start with a headline line, often with a byline ("By Staff Reporter") or a
    dateline ("March 3, 2026") beside it. With a date token, the rest of the date line is a
    caption or byline in our sources and is not looked at. Then, line by line: bylines go to
    ``meta["author"]`` (the first one), datelines give the date when no token did, and the first
    other line is the title if it reads as a headline (short, one sentence or none); otherwise
    the title is the first sentence from that line on. The text itself is stored as it is.
    """
    text, date = split_date(decode(data))
    if not text.strip():
        raise ArticleRefused("the file holds no text besides its date")
    offset = 0
    if date is not None:
        newline = text.find("\n")
        if newline >= 0 and text[newline:].strip():
            offset = newline + 1
    return read_head(text, offset, date)


def read_head(text: str, offset: int = 0, date: str | None = None) -> ParsedArticle:
    """Title, date and author of a text as ``parse_article`` reads an article's first lines
    (from ``offset``), for texts from any file: bylines give ``meta["author"]``, datelines the
    date unless ``date`` is given, then the headline or the first sentence is the title."""
    meta: dict[str, str] = {}
    title = ""
    for line_start, line in _lines(text, offset):
        author, found = byline(line), dateline(line)
        if author is not None:
            meta.setdefault("author", author)
        elif found is not None:
            date = date or found
        elif title:  # the body: bylines and datelines come before it
            break
        else:
            title = headline(line) or first_sentence(text[line_start:])
            if title != headline(line):
                break  # the title is the body's first sentence: no byline follows
    if not title:  # only bylines and datelines: they are the text
        title = first_sentence(text[offset:])
    return ParsedArticle(text=text, title=title, date=date, meta=meta)


_BYLINE = re.compile(
    r"\A(?:by|written by|words by|reporting by|von|par|por|di)[ \t]+(\S.{0,98}?)[ \t.]*\Z",
    re.IGNORECASE,
)
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH = {m: i for i, m in enumerate(_MONTHS, 1)} | {m[:3]: i for i, m in enumerate(_MONTHS, 1)}
_MONTH["sept"] = 9
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?[ \t]+)?"
_TIME = r"(?:[ \t,]+(?:at[ \t]+)?\d{1,2}[:.]\d{2}(?:[ \t]*[ap]\.?m\.?)?(?:[ \t]+[A-Z]{2,5})?)?"
_DATELINES = (
    # 2026-03-03
    re.compile(rf"\A{_WEEKDAY}(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}}){_TIME}\Z", re.I),
    # March 3, 2026 / Mar. 3 2026
    re.compile(
        rf"\A(?:(?:updated|published|posted)[: \t]+)?{_WEEKDAY}(?P<mon>[a-z]{{3,9}})\.?[ \t]+"
        rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?[ \t]+(?P<y>\d{{4}}){_TIME}\Z",
        re.I,
    ),
    # 3 March 2026
    re.compile(
        rf"\A(?:(?:updated|published|posted)[: \t]+)?{_WEEKDAY}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
        rf"[ \t]+(?P<mon>[a-z]{{3,9}})\.?,?[ \t]+(?P<y>\d{{4}}){_TIME}\Z",
        re.I,
    ),
)


def _lines(text: str, offset: int) -> list[tuple[int, str]]:
    """The first six non-empty lines of ``text`` from ``offset``, as (start, stripped line):
    where a headline, bylines and datelines can be."""
    found: list[tuple[int, str]] = []
    position = offset
    for raw in text[offset:].split("\n"):
        line = raw.strip()
        if line:
            found.append((position, line))
            if len(found) == 6:
                break
        position += len(raw) + 1
    return found


def byline(line: str) -> str | None:
    """The author named by a byline ("By Jane Doe, Reuters" -> "Jane Doe, Reuters"), else None."""
    match = _BYLINE.match(line)
    if match is None:
        return None
    author = match.group(1).strip()
    words = author.split()
    if any(c in author for c in "!?") or len(words) > 10 or not words[0][0].isupper():
        return None  # "By the way, ..." is a sentence, not a byline
    return author


def dateline(line: str) -> str | None:
    """The ISO date of a line that is only a date ("Tuesday, March 3, 2026, 10:32 GMT"),
    else None (a date that does not exist is not a dateline)."""
    for pattern in _DATELINES:
        match = pattern.match(line)
        if match is None:
            continue
        parts = match.groupdict()
        month = int(parts["m"]) if parts.get("m") else _MONTH.get(parts["mon"].lower().rstrip("."))
        if month is None:
            return None
        try:
            return Date(int(parts["y"]), month, int(parts["d"])).isoformat()
        except ValueError:
            return None
    return None


def headline(line: str) -> str | None:
    """``line`` as a title if it reads as a headline: short, and no sentence ends before its
    last word (a headline has no full stop, or one at its end); else None."""
    flat = " ".join(line.split())
    if len(flat) > TITLE_MAX:  # a first paragraph on one line, not a headline
        return None
    inner = _SENTENCE_END.search(flat)
    if inner is not None and inner.end() < len(flat):
        return None
    return flat
