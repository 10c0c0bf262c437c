"""Read .txt article files (one file or folders of them) into parsed articles or refusals."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from annotator.core.articles import MAX_ARTICLE_BYTES, ArticleRefused, ParsedArticle, parse_article


def expand(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given; folders as their .txt files (recursively, in name order)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.txt") if p.is_file())
        else:
            yield path


def read_article(path: Path) -> ParsedArticle:
    """Parse one article file; ArticleRefused says why it cannot be one."""
    if path.suffix.lower() != ".txt":
        raise ArticleRefused("not a .txt file")
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise ArticleRefused(
                f"the file is {size / 1048576:.1f} MiB; articles are limited to "
                f"{MAX_ARTICLE_BYTES // 1048576} MiB"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArticleRefused("no such file") from None
    except OSError as exc:
        raise ArticleRefused(f"cannot be read ({exc.strerror})") from None
    return parse_article(data)
