"""Adding .txt articles to a project: read them (refusals reported by file), then import."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from annotator.core.articles import ArticleRefused, ParsedArticle
from annotator.formats.txt import expand, read_article
from annotator.session import ImportReport, Session


def read_files(paths: Iterable[Path]) -> tuple[list[tuple[str, ParsedArticle]], ImportReport]:
    """Parse .txt articles (files or folders): the articles, and a report of the refusals."""
    report = ImportReport()
    parsed = []
    for path in expand(Path(p) for p in paths):
        try:
            parsed.append((str(path), read_article(path)))
        except ArticleRefused as exc:
            report.refused.append((str(path), str(exc)))
    return parsed, report


def import_files(session: Session, paths: Iterable[Path]) -> ImportReport:
    """Import .txt articles (files or folders); refusals are reported, the rest imported."""
    parsed, report = read_files(paths)
    return session.import_articles(parsed, report)
