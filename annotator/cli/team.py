"""``annotator package`` and ``annotator team``: hand-out files per assignee, and a team
folder collected (the lead) or joined (a member)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from annotator.app.projects import NETWORK_WRITE
from annotator.app.team import PROJECT_FILE, is_team_folder, open_team, package
from annotator.cli.common import open_project, writable
from annotator.core.errors import AnnotatorError
from annotator.core.wording import counted
from annotator.identity import current_annotator
from annotator.session.assignments import ASSIGNEE


@click.command("package")
@click.argument("project", type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    "folder",
    required=True,
    type=click.Path(path_type=Path),
    help="The folder to write the packages in (NAME.sqlite each; created if absent).",
)
@click.option(
    "--annotator",
    "names",
    multiple=True,
    metavar="NAME",
    help="Package only this assignee (repeat for several; default: every assignee).",
)
def package_command(project: Path, folder: Path, names: tuple[str, ...]) -> None:
    """Write one project file per assignee into FOLDER, to hand out.

    Each holds the assignee's documents, the scheme, the guideline, the entity registry, their
    assignments and their own work brought in so far; the other annotators' work only if the
    project lets annotators see each other's tracks (team.others_visible). Whoever opens it
    first is bound to its name, and the lead sees it when the work comes back (add-work).
    A file already in FOLDER is replaced only if it is that assignee's package and all the
    work in it was brought in: after a change of the scheme, add-work their file, then
    package again (their work comes in under renamed labels). Exit status 1 if any package
    was refused.
    """
    if folder.exists() and not folder.is_dir():
        raise click.ClickException(f"{folder} is not a folder; nothing was written")
    folder.mkdir(parents=True, exist_ok=True)
    session = open_project(project)
    refused = 0
    try:
        writable(session, "nothing was written")  # (the lead is recorded in the project)
        for done in package(session, folder, names):
            if done.refused:
                refused += 1
                click.echo(f"refused {done.refused}", err=True)
            else:
                click.echo(f"{done.path}: {done.name}, {counted(done.documents, 'document')}")
    finally:
        session.close()
    if refused:
        sys.exit(1)


@click.command("team")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--init", is_flag=True, help="Make FOLDER a team folder (its work/ folder) if it is not one."
)
def team_command(folder: Path, init: bool) -> None:
    """Collect (the lead) or join (a member) the team folder FOLDER.

    A team folder holds project.sqlite (the lead's) and work/<annotator-id>.sqlite (each
    member's).

    The lead (recorded in project.sqlite; the first to open a folder no one leads) brings in
    each member's work file, their own track only, read by a private copy checked whole: a
    file caught mid-sync is named and read again next time. A member gets their own work
    file, made on first open from project.sqlite (their documents, the scheme, the registry).
    Nobody writes anyone else's file. Exit status 1 if a work file could not be read.
    """
    if init and (folder / "project.sqlite").is_file():
        (folder / "work").mkdir(exist_ok=True)
    if not is_team_folder(folder):
        raise click.ClickException(
            f"{folder} is not a team folder (project.sqlite and a work/ folder); "
            "--init makes a project folder one"
        )
    me = current_annotator()
    try:
        session, team = open_team(folder, me, network_ok=os.environ.get(NETWORK_WRITE) == "1")
    except AnnotatorError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        behind = False
        if session.path.name != PROJECT_FILE:
            name = session.assignments.setting(ASSIGNEE) or me.name
            click.echo(f"{session.path}: your work file (assigned to {name})")
            click.echo(f"{counted(session.document_count(), 'document')} to annotate")
        else:
            click.echo(f"{session.path}: you lead this team")
        if team is not None:  # the lead, or a member who may see the others' work
            for path in team.work_files():
                why = team.behind.get(path)
                click.echo(f"behind {path}: {why}" if why else f"read {path}")
            click.echo(team.status())
            behind = bool(team.behind)
    finally:
        if team is not None:
            team.close()
        session.close()
    if behind:
        sys.exit(1)
