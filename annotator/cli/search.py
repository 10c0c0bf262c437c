"""``annotator search PROJECT QUERY``: documents whose text, title or span notes match, with
filters; a snippet per document (or one JSON object per line)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from annotator.app.search import build_index, built_note, open_for_search
from annotator.core.errors import AnnotatorError
from annotator.core.search import SearchHit


@click.command("search")
@click.argument("project", type=click.Path(exists=True, path_type=Path))
@click.argument("query")
@click.option("--label", help="Only documents with a span of this label.")
@click.option("--entity", "entity", metavar="NAME", help="Only documents mentioning this entity.")
@click.option(
    "--annotator",
    metavar="NAME",
    help="Only documents this annotator worked on (and --label, --entity, "
    "--quote-without-speaker count only their work; --status is theirs).",
)
@click.option(
    "--status",
    type=click.Choice(["not_started", "in_progress", "done"]),
    help="Only documents with this status (yours, or --annotator's).",
)
@click.option("--from", "date_from", metavar="DATE", help="Only documents dated on or after.")
@click.option("--to", "date_to", metavar="DATE", help="Only documents dated on or before.")
@click.option(
    "--quote-without-speaker", is_flag=True, help="Only documents with a quote lacking a speaker."
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document found.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 100_000))
def search_command(
    project: Path,
    query: str,
    label: str | None,
    entity: str | None,
    annotator: str | None,
    status: str | None,
    date_from: str | None,
    date_to: str | None,
    quote_without_speaker: bool,
    as_json: bool,
    limit: int,
) -> None:
    """Search PROJECT's documents (text, title, span notes) for QUERY.

    QUERY is SQLite FTS5: words (all of them), "a phrase", prefix*, NEAR(a b, 5), OR, NOT,
    title:word; accents are ignored (cafe finds café). Words that are not such a query are
    searched as plain words. An empty QUERY ("") lists the documents the filters keep.
    """
    try:
        session = open_for_search(project)
    except AnnotatorError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        if not build_index(session, _progress):
            click.echo(f"note: {built_note(session.search.built())}", err=True)
        filters = session.search.filters(
            label=label,
            entity=entity,
            annotator=annotator,
            status=status,
            date_from=date_from,
            date_to=date_to,
            quote_without_speaker=quote_without_speaker,
        )
        results = session.search.find(query, filters, limit)
    except AnnotatorError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        session.close()
    if results.note:
        click.echo(f"note: {query!r} {results.note}", err=True)
    for hit in results.hits:
        click.echo(json.dumps(_record(hit), ensure_ascii=False) if as_json else _human(hit))
    if not as_json:
        shown = f" (the first {len(results.hits)} shown)" if results.more else ""
        click.echo(f"{results.found}{shown}", err=True)


def _progress(built: float) -> None:
    click.echo(f"Building the search index: {int(built * 100)}%", err=True)


def _human(hit: SearchHit) -> str:
    where = {"note": " (in a note)", "title": " (in the title)"}.get(hit.found.value, "")
    head = f"{hit.title} — {hit.date or 'no date'} [{hit.document_id}]{where}"
    snippet = " ".join(hit.snippet.marked("[", "]").split())  # tabs, line breaks: one space
    return f"{head}\n    {snippet}" if snippet else head


def _record(hit: SearchHit) -> dict[str, object]:
    hits: list[list[int]] = []
    at = 0
    for part, is_hit in hit.snippet.parts:
        if is_hit:
            hits.append([at, at + len(part)])
        at += len(part)
    return {
        "document_id": hit.document_id,
        "title": hit.title,
        "date": hit.date,
        "found_in": hit.found.value,
        "start": hit.start,
        "end": hit.end,
        "snippet": hit.snippet.text,
        "snippet_hits": hits,
    }
