"""The corpus readers (``formats.corpus``) on their own: titles by the article rule, the columns a
CSV's header gives, what a JSONL corpus line may hold."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from annotator.core.articles import parse_article
from annotator.core.model import text_sha256
from annotator.formats.corpus import CorpusRefused, corpus_file, read_csv, read_jsonl

NEWS = (
    "Tuesday, March 3, 2026, 10:32 GMT\n"
    "By Staff Reporter\n"
    "Talks resume in Geneva\n"
    "Delegations arrived on Monday. Nobody spoke to the press.\n"
)


def test_titles_dates_and_authors_follow_the_article_rule(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    lines = [{"text": NEWS}, {"text": "No headline here, a long first sentence. Then more."}]
    corpus.write_text("".join(json.dumps(line) + "\n" for line in lines))
    read = [article for _, article in read_jsonl(corpus).articles]
    for article, text in zip(read, [line["text"] for line in lines], strict=True):
        as_file = parse_article(text.encode())
        assert (article.title, article.date, article.meta) == (
            as_file.title,
            as_file.date,
            as_file.meta,
        )
    assert (read[0].title, read[0].date) == ("Talks resume in Geneva", "2026-03-03")
    assert read[0].meta == {"author": "Staff Reporter"}


def test_the_file_gives_date_and_author_before_the_text_does(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    with table.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([["date", "author", "text"], ["2026-01-05", "Lee, Ann", NEWS]])
    ((place, article),) = read_csv(table).articles
    assert place == "row 2"
    assert (article.date, article.meta, article.title) == (
        "2026-01-05",
        {"author": "Lee, Ann"},
        "Talks resume in Geneva",
    )


def test_unnamed_columns_are_left_out_and_quoted_delimiters_do_not_count(tmp_path: Path) -> None:
    table = tmp_path / "pandas.csv"  # DataFrame.to_csv() writes the index under no name
    table.write_text(',"a;b;c",text\n0,x,First.\n1,y,Second.\n')
    articles = [article for _, article in read_csv(table).articles]
    assert [(a.text, a.meta) for a in articles] == [
        ("First.", {"a;b;c": "x"}),
        ("Second.", {"a;b;c": "y"}),
    ]


def test_field_names_are_read_in_any_case_and_sha256_is_checked(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    good = {"text": "Some text.", "meta": {"Title": "Mine", "SHA256": text_sha256("Some text.")}}
    corpus.write_text(json.dumps(good) + "\n")
    ((_, article),) = read_jsonl(corpus).articles
    assert (article.title, article.meta) == ("Mine", {})
    corpus.write_text(json.dumps({"text": "Changed.", "meta": good["meta"]}) + "\n")
    with pytest.raises(CorpusRefused, match="line 1: 'sha256' is not the SHA-256 of the text"):
        read_jsonl(corpus)


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ({"text": "T.", "id": 1, "meta": {"id": "x"}}, "'id' is given twice"),
        ({"text": "T.", "meta": {"title": "a", "TITLE": "b"}}, "'title' is given twice"),
        ({"text": "T.", "meta": ["a"]}, "'meta' is not an object"),
        ({"text": "T.", "meta": {"n": {"deep": 1}}}, "the value of 'n' is an object"),
        ({"text": "T.", "meta": {"note": "x" * 10_001}}, "over 10,000 characters"),
        ({"meta": {}}, "no 'text'"),
        (["text"], "not a JSON object"),
    ],
)
def test_corpus_lines_refused(tmp_path: Path, line: object, why: str) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"text": "Fine."}) + "\n" + json.dumps(line) + "\n")
    with pytest.raises(CorpusRefused, match="line 2: ") as caught:
        read_jsonl(corpus)
    assert why in str(caught.value)


def test_what_counts_as_a_corpus_file(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    cases = {
        '\n\n{"text": "a", "meta": {}, "id": 3}\n{"text": "b", "spans": []}\n': True,
        '\ufeff{"text": "a"}\n': True,
        '{"text": "a", "spans": []}\n': False,
        '{"meta": {}}\n': False,
        '[{"text": "a"}]\n': False,
        '{"text": "cut\n': False,
        "": False,
    }
    for content, expected in cases.items():
        path.write_text(content, encoding="utf-8")
        assert corpus_file(path) is expected, content
    assert corpus_file(tmp_path / "missing.jsonl") is False
