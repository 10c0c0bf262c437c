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


# -- headline, byline, dateline (issue 12) ------------------------------------------------------

TRAM = (
    b"City council approves new tram line after heated debate\n"
    b"By Staff Reporter\n\n"
    b"The Springfield city council voted 7-2 on Tuesday to build a tram line. Critics said "
    b"it costs too much.\n"
)


def test_a_headline_without_a_full_stop_is_the_title_alone() -> None:
    article = parse_article(TRAM)
    assert article.title == "City council approves new tram line after heated debate"
    assert article.meta == {"author": "Staff Reporter"}
    assert article.text == TRAM.decode()  # the text is stored as it is


@pytest.mark.parametrize(
    ("data", "title", "date", "author"),
    [
        (  # byline and dateline before the headline
            b"By Jane Doe and John Roe, Reuters\nTuesday, March 3, 2026, 10:32 GMT\n"
            b"Putin rejects peacekeepers\n\nBody text here. More.",
            "Putin rejects peacekeepers",
            "2026-03-03",
            "Jane Doe and John Roe, Reuters",
        ),
        (b"Headline here\n3 March 2026\n\nBody. Text.", "Headline here", "2026-03-03", None),
        (b"Updated: Mar. 4, 2026\nA headline.\n\nBody.", "A headline.", "2026-03-04", None),
        (b"WRITTEN BY A. N. Other\nHeadline\nBody.", "Headline", None, "A. N. Other"),
        # a first line of two sentences is a paragraph: its first sentence is the title
        (b"The council voted. It was close.\nBy Someone\n", "The council voted.", None, None),
        # "By the way" starts a sentence, not a byline
        (b"By the way, this is how it began.\n", "By the way, this is how it began.", None, None),
        # a date that does not exist is not a dateline; a token's date wins over a dateline
        (b"February 30, 2026\nHeadline\n", "February 30, 2026", None, None),
        (b"date 2026-01-01 AFP\n\nMarch 3, 2026\nHeadline\n", "Headline", "2026-01-01", None),
    ],
)
def test_bylines_and_datelines_around_the_headline(
    data: bytes, title: str, date: str | None, author: str | None
) -> None:
    article = parse_article(data)
    assert (article.title, article.date, article.meta.get("author")) == (title, date, author)


def test_a_first_paragraph_on_one_long_line_gives_its_first_sentence() -> None:
    body = "The mayor said the line would open in 2028, " + "and more words follow " * 10 + "."
    article = parse_article(f"{body} Second sentence.\n".encode())
    assert article.title.startswith("The mayor said") and len(article.title) <= 161


def test_the_example_articles_keep_their_titles() -> None:
    titles = {p.name: parse_article(p.read_bytes()).title for p in ARTICLES.glob("*.txt")}
    assert titles["crlf-and-tabs.txt"] == (
        "BRUSSELS (Reuters) - The European Commission on Monday proposed a €150 billion "
        "defence loan scheme."
    )
    assert titles["2025-03-03-lavrov-peacekeepers.txt"].startswith("Vladimir Putin’s top diplomat")
