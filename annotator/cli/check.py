"""``annotator check PROJECT [--repair [-o NEW]]``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from annotator.app.check import check_project, holds, repair_project
from annotator.core.wording import counted


@click.command("check")
@click.argument("project", type=click.Path(path_type=Path))
@click.option(
    "--repair",
    is_flag=True,
    help="Copy every row that can be read and passes the checks into a new project file.",
)
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(path_type=Path),
    help="The new file of --repair (default: NAME.recovered.sqlite beside the project).",
)
def check_command(project: Path, repair: bool, out: Path | None) -> None:
    """Check PROJECT: SQLite's integrity check, then annotator's own (every row as a project
    may hold it: types, references, spans inside their document's text). Nothing is written.

    With --repair, what can be read and passes is saved into a new file, never over PROJECT.
    Exit status 0 if the project is sound (or was repaired), 1 otherwise.
    """
    if repair:
        report, target = repair_project(project, out)
    else:
        if out is not None:
            raise click.UsageError("-o goes with --repair")
        report = check_project(project)
    for problem in report.problems:
        click.echo(problem)
    if report.note:
        click.echo(f"note: {report.note}", err=True)
    path = report.path
    if repair and not report.made:
        click.echo(f"{path}: nothing of it can be read as a project; no new file was made")
        sys.exit(1)
    if repair:
        left = "; nothing was left out" if report.sound else " (what was left out is listed above)"
        click.echo(f"{target}: a new project with {holds(report)}{left}; {path} is as it was")
        return
    if report.sound:
        click.echo(
            f"{path}: sound ({holds(report)}): SQLite's checks and annotator's found nothing wrong"
        )
        return
    click.echo(
        f"{path}: {counted(len(report.problems), 'problem')}; `annotator check --repair "
        f"{path}` saves what can be read into a new file"
    )
    sys.exit(1)
