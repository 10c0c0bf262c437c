"""Reading article bytes: encodings, dates, titles, refusals."""

from __future__ import annotations

import pytest

from annotator.core.articles import MAX_ARTICLE_BYTES, ArticleRefused, parse_article
from annotator.core.model import MAX_DOCUMENT_CHARS
from tests.conftest import ARTICLES


def test_example_article_date_removed_and_caption_kept() -> None:
    data = (ARTICLES / "2025-03-03-lavrov-peacekeepers.txt").read_bytes()
    article = parse_article(data)
    assert article.date == "2025-03-03"
    assert article.text.startswith("Russian President Vladimir Putin, right, speaks")
    assert "date 2025" not in article.text
    assert article.title == (
        "Vladimir Putin’s top diplomat has indirectly dismissed Keir Starmer’s idea to deploy "
        "peacekeeping troops to Ukraine."
    )


def test_crlf_becomes_lf_and_tabs_stay() -> None:
    article = parse_article((ARTICLES / "crlf-and-tabs.txt").read_bytes())
    assert "\r" not in article.text
    assert "BRUSSELS\t(Reuters)" in article.text
    assert article.date == "2026-03-02"
    assert article.text.startswith("Reuters\n\nBRUSSELS")


def test_bom_is_dropped() -> None:
    article = parse_article("\ufeffdate 2024-01-02 Hello there. More.\n".encode())
    assert article.date == "2024-01-02"
    assert article.text == "Hello there. More.\n"
    assert article.title == "Hello there."


def test_text_without_date_token() -> None:
    article = parse_article(b"Date palms grow in Iraq. They are tall.")
    assert article.date is None
    assert article.text == "Date palms grow in Iraq. They are tall."


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (b"caf\xe9 au lait\n", "not UTF-8"),
        (b"line one\nli\x00ne two", "NUL"),
        (bytes(range(256)) * 4, "NUL"),
        (b"date 2024-13-45 text", "does not exist"),
        (b"date 3/3/2025 text", "YYYY-MM-DD"),
        (b"date 2024-01-02", "no text"),
        (b"\x01\x02\x03binary\x04", "control"),
    ],
)
def test_refusals_say_why(data: bytes, reason: str) -> None:
    with pytest.raises(ArticleRefused) as info:
        parse_article(data)
    assert reason in str(info.value)


def test_latin1_refusal_names_the_line() -> None:
    with pytest.raises(ArticleRefused) as info:
        parse_article(b"first line\nsecond caf\xe9\n")
    assert info.value.line == 2
    assert str(info.value).startswith("line 2:")


def test_too_large() -> None:
    with pytest.raises(ArticleRefused, match="MiB; a document holds at most 5,242,880"):
        parse_article(b"a" * (MAX_ARTICLE_BYTES + 1))


def test_the_limit_counts_code_points_not_bytes() -> None:
    """Five Mi code points of Cyrillic is 10 MiB of UTF-8 and still a document; one more
    code point is not, whatever its bytes."""
    at_limit = "ж" * MAX_DOCUMENT_CHARS
    assert len(parse_article(at_limit.encode()).text) == MAX_DOCUMENT_CHARS
    with pytest.raises(ArticleRefused, match="5,242,881 characters"):
        parse_article(("a" * (MAX_DOCUMENT_CHARS + 1)).encode())
