"""``annotator progress PROJECT [--json]``: the team's progress alone (``app.progress``, the
same figures `annotator stats` prints in its progress part and the Statistics view shows)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from annotator.app.progress import compute, text_lines, to_json
from annotator.cli.common import open_project


@click.command("progress")
@click.argument("project", type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
def progress_command(project: Path, as_json: bool) -> None:
    """Where the team's assigned work on PROJECT stands: per assignee, documents assigned,
    started and done and spans per label; per document, who is done; agreement so far per
    pair and layer on the documents of the overlap both have done; the documents every
    assignee marked done (ready for review) with their disagreements. Nothing is written."""
    session = open_project(project, read_only=True)
    try:
        progress = compute(session)
    finally:
        session.close()
    if as_json:
        click.echo(json.dumps(to_json(progress), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(text_lines(progress)))
