"""Adding articles to a project: .txt files (or folders of them) and corpora without annotations
(JSONL of text and meta, CSV with a text column): read them (refusals reported by file, line or
row), then import."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from annotator.core.articles import ArticleRefused, ParsedArticle
from annotator.formats.corpus import (
    CSV_SUFFIXES,
    JSONL_SUFFIXES,
    Corpus,
    CorpusRefused,
    read_csv,
    read_jsonl,
)
from annotator.formats.txt import expand, read_article
from annotator.session import ImportReport, Session

ARTICLE_SUFFIXES = (".txt", *CSV_SUFFIXES, *JSONL_SUFFIXES)


def read_files(
    paths: Iterable[Path], text_column: str | None = None
) -> tuple[list[tuple[str, ParsedArticle]], ImportReport]:
    """Parse articles (.txt files or folders of them; CSV files and JSONL corpora, one document
    a row or line): the articles, and a report of the refusals. A corpus file with a problem is
    refused whole, naming the line or row; its lines or rows without text are refused alone.
    ``text_column`` names the text column of CSV files (default: text, body or content)."""
    report = ImportReport()
    parsed = []
    for path in expand(Path(p) for p in paths):
        suffix = path.suffix.lower()
        if suffix not in CSV_SUFFIXES + JSONL_SUFFIXES:
            try:
                parsed.append((str(path), read_article(path)))
            except ArticleRefused as exc:
                report.refused.append((str(path), str(exc)))
            continue
        try:
            corpus: Corpus = (
                read_csv(path, text_column) if suffix in CSV_SUFFIXES else read_jsonl(path)
            )
        except CorpusRefused as exc:
            report.refused.append((str(path), str(exc)))
            continue
        parsed.extend((f"{path}, {place}", article) for place, article in corpus.articles)
        report.refused.extend((f"{path}, {place}", "the text is empty") for place in corpus.empty)
    return parsed, report


def import_files(
    session: Session, paths: Iterable[Path], text_column: str | None = None
) -> ImportReport:
    """Import articles (see ``read_files``); refusals are reported, the rest imported."""
    parsed, report = read_files(paths, text_column)
    return session.import_articles(parsed, report)
