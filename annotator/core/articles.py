"""Turn the bytes of a .txt article into the text we store, its date and its title."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date

from annotator.core.errors import AnnotatorError
from annotator.core.model import MAX_DOCUMENT_CHARS, document_size_refusal

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
            f"it holds {control} control character(s): a binary file, not an article",
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
    """Stored text, date and title of an article file's bytes.

    With a date token, the rest of the date line is a caption or byline in our sources, so the
    title is the first sentence of the body after that line (when there is a body).
    """
    text, date = split_date(decode(data))
    if not text.strip():
        raise ArticleRefused("the file holds no text besides its date")
    body = text
    if date is not None:
        newline = text.find("\n")
        if newline >= 0 and text[newline:].strip():
            body = text[newline:]
    return ParsedArticle(text=text, title=first_sentence(body), date=date)
