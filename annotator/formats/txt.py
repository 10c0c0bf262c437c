"""Read .txt article files (one file or folders of them) into parsed articles or refusals."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from pathlib import Path

from annotator.core.articles import MAX_ARTICLE_BYTES, ArticleRefused, ParsedArticle, parse_article
from annotator.core.model import MAX_DOCUMENT_CHARS


def expand(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given; folders as their .txt files (recursively, in name order).

    The extension is matched as ``read_article`` checks it, without regard to case: a folder's
    ``NOTES.TXT`` is an article like ``notes.txt``, not silently left out.
    """
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.suffix.lower() == ".txt" and p.is_file()
            )
        else:
            yield path


def read_article(path: Path) -> ParsedArticle:
    """Parse one article file (its source: the file name); ArticleRefused says why it cannot
    be one."""
    if not path.exists():
        raise ArticleRefused("no such file or folder")
    if path.is_dir() or path.suffix.lower() != ".txt":
        raise ArticleRefused("not a .txt file")
    if not path.is_file():  # a pipe or device: reading it could wait forever
        raise ArticleRefused("not a regular file")
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise ArticleRefused(
                f"the file is {size / 1048576:.1f} MiB; a document holds at most "
                f"{MAX_DOCUMENT_CHARS:,} characters"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArticleRefused("no such file") from None
    except OSError as exc:
        raise ArticleRefused(f"cannot be read ({exc.strerror})") from None
    return dataclasses.replace(parse_article(data), source=path.name)
