"""The command line: a thin click layer over the workspace and the session."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from annotator.core.errors import AnnotatorError
from annotator.workspace import import_files, open_session


@click.group()
@click.version_option(package_name="annotator")
def cli() -> None:
    """Annotate news articles: entities, quotes and claims.

    PROJECT is a project file (X.sqlite) or a project folder (holding articles/ and
    project.sqlite). Run `annotator [PROJECT]` without a command to open the window.
    """


@cli.command("import")
@click.argument("project", type=click.Path(path_type=Path))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def import_command(project: Path, files: tuple[Path, ...]) -> None:
    """Add .txt articles (files or folders of them) to PROJECT.

    Files that cannot be imported are listed with the reason; the others are imported.
    Exit status 1 if any file was refused.
    """
    try:
        session = open_session(project)
    except AnnotatorError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        if session.read_only:
            raise click.ClickException(
                f"{session.path} cannot be written (the file or its folder is read-only); "
                "nothing was imported"
            )
        report = import_files(session, files)
    except AnnotatorError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        session.close()
    for line in report.details():
        click.echo(line, err=line.startswith("refused"))
    click.echo(f"{session.path}: {report.summary()}")
    if report.refused:
        sys.exit(1)


@cli.command("list")
@click.argument("project", type=click.Path(exists=True, path_type=Path))
def list_command(project: Path) -> None:
    """List PROJECT's documents with date, status and span count of the current annotator."""
    try:
        session = open_session(project, read_only=True)
    except AnnotatorError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        for meta in session.documents():
            click.echo(
                f"{meta.id}\t{meta.date or '-'}\t{meta.status.display}\t{meta.span_count}\t"
                f"{meta.title}"
            )
    finally:
        session.close()


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="annotator")
