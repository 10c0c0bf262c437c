"""The command line: thin click commands over ``annotator.app`` (one module per group of
commands), gathered into the ``annotator`` group."""

from __future__ import annotations

import sys

import click

from annotator.app.crash import unexpected_text
from annotator.cli.agreement import agreement
from annotator.cli.assign import assign_command, reassign_command
from annotator.cli.check import check_command
from annotator.cli.common import Commands
from annotator.cli.progress import progress_command
from annotator.cli.projects import example_command, list_command
from annotator.cli.search import search_command
from annotator.cli.stats import stats_command
from annotator.cli.suggest import suggest_command
from annotator.cli.team import package_command, team_command
from annotator.cli.transfer import export_command, import_command, validate_command
from annotator.cli.work import add_work_command, share_command


@click.group(cls=Commands)
@click.version_option(package_name="annotator")
def cli() -> None:
    """Annotate news articles: entities, quotes and claims.

    PROJECT is a project file (X.sqlite) or a project folder (holding articles/ and
    project.sqlite). Run `annotator [PROJECT]` without a command to open the window.
    """


for _command in (
    import_command,
    export_command,
    validate_command,
    list_command,
    add_work_command,
    share_command,
    agreement,
    suggest_command,
    check_command,
    stats_command,
    progress_command,
    example_command,
    search_command,
    assign_command,
    reassign_command,
    package_command,
    team_command,
):
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="annotator")
    except Exception as exc:  # noqa: BLE001 (the last line of defence: a bug, said in one line)
        click.echo(f"Error: {unexpected_text(exc)}", err=True)
        sys.exit(70)
