"""``annotator list``: a project's documents as the current annotator stands on them;
``annotator example``: where the user's copy of the bundled example is."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.app.places import example_project
from annotator.cli.common import open_project


@click.command("list")
@click.argument("project", type=click.Path(exists=True, path_type=Path))
def list_command(project: Path) -> None:
    """List PROJECT's documents with date, status and span count of the current annotator."""
    session = open_project(project, read_only=True)
    try:
        for meta in session.documents():
            click.echo(
                f"{meta.id}\t{meta.date or '-'}\t{meta.status.display}\t{meta.span_count}\t"
                f"{meta.title}"
            )
    finally:
        session.close()


@click.command("example")
def example_command() -> None:
    """Print the folder of your copy of the bundled example project (copied to your data
    folder on first use, as the window does), e.g. `annotator list "$(annotator example)"`."""
    click.echo(str(example_project()))
