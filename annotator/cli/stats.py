"""``annotator stats PROJECT [--json] [--annotator NAME]``: where the work stands (the
figures and tables are ``app.stats``'s, the same the window's Statistics view shows)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from annotator.app.stats import TOP, compute, text_lines, to_json
from annotator.cli.common import open_project


@click.command("stats")
@click.argument("project", type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
@click.option(
    "--annotator",
    "who",
    metavar="NAME",
    help="Only this annotator's work (a name, an id or its first 4+ characters, or gold).",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=TOP,
    show_default=True,
    help="How many speakers and entities to list.",
)
def stats_command(project: Path, as_json: bool, who: str | None, top: int) -> None:
    """Where the work on PROJECT stands: documents by status per annotator, spans per label
    and layer, quotes by speaker, claims by verdict, entities by mentions, spans made per
    day. Nothing is written."""
    session = open_project(project, read_only=True)
    try:
        annotator = session.find_annotator(who) if who is not None else None
        stats = compute(session, annotator, top)
    finally:
        session.close()
    if as_json:
        click.echo(json.dumps(to_json(stats), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(text_lines(stats)))
