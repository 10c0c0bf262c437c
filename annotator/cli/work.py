"""``annotator add-work`` and ``share``: a colleague's work in, a copy of the project out."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from annotator.app.projects import check_output, project_file
from annotator.app.work import add_work, share, summary
from annotator.cli.common import (
    Progress,
    label_map,
    label_options,
    open_project,
    refusal,
    refuse,
    writable,
)
from annotator.core.errors import AnnotatorError
from annotator.core.wording import counted


@click.command("add-work")
@click.argument("project", type=click.Path(exists=True, path_type=Path))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--add-documents",
    is_flag=True,
    help="Add the files' documents this project lacks (default: report them, add nothing).",
)
@label_options
def add_work_command(
    project: Path,
    files: tuple[Path, ...],
    add_documents: bool,
    add_labels: bool,
    mappings: tuple[str, ...],
) -> None:
    """Bring other annotators' work into PROJECT, each annotator's work as their own track.

    FILE is a colleague's project file (.sqlite, or their project folder; read through a copy
    in memory, never modified, even in a read-only folder) or a native JSONL export.
    Documents are matched by the hash of their text: one whose text is not in PROJECT is
    reported and left out (added with --add-documents). Their work replaces the work of
    theirs brought in before on that document, so bringing the same work in again updates
    it. Your own work is never replaced: lines of yours are left out. Each FILE is brought in
    whole, in one transaction, or refused with the reason. Exit status 1 if any FILE was
    refused.
    """
    mapping = label_map(mappings)
    session = open_project(project)
    brought: list[str] = []
    refused = 0
    try:
        writable(session, "nothing was brought in")
        for path in map(project_file, files):  # a colleague's project folder: its file
            try:
                done = add_work(
                    session,
                    path,
                    add_documents=add_documents,
                    add_labels=add_labels,
                    label_map=mapping,
                    progress=Progress(f"reading {path}", "documents"),
                )
            except AnnotatorError as exc:
                refused += 1
                click.echo(f"refused {refusal(path, exc)}", err=True)
                continue
            click.echo(f"brought in {path} ({done.kind}): {summary(done)}")
            hint = "" if add_documents else " (--add-documents adds it)"
            for where in done.load.not_found:
                click.echo(f"not in this project: {where}{hint}")
            for note in [*done.notes, *done.load.entity_conflicts]:
                click.echo(f"note: {note}", err=True)
            for own in done.load.own:
                click.echo(f"left out {own}", err=True)
            brought += [a for a in done.annotators if a not in brought]
    finally:
        session.close()
    count = f"{counted(len(files) - refused, 'file')} brought in"
    click.echo(f"{session.path}: {count}" + (f", {refused} refused" if refused else ""))
    if brought:
        click.echo(
            "See their work in the window: View > Show annotations of > "
            + " / ".join(brought)
            + " (read-only)"
        )
    if refused:
        sys.exit(1)


@click.command("share")
@click.argument("project", type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help="The copy to write (e.g. mine-for-review.sqlite); replaced atomically.",
)
def share_command(project: Path, out: Path) -> None:
    """Write a consistent copy of PROJECT to send to a reviewer, even while it is open.

    The copy is made through SQLite's backup API, so edits not yet folded into the project
    file (in its -wal) are in it too; it is one self-contained file, written under a
    temporary name and renamed to OUT when complete.
    """
    refuse(lambda: check_output(project, out, copy=True), f"{out} is as it was")
    session = open_project(project, read_only=True)
    try:
        copy = share(session, out, Progress(f"copying {session.path}", "pages"))
    except AnnotatorError as exc:
        raise click.ClickException(f"{exc}; {out} is as it was") from None
    finally:
        session.close()
    click.echo(
        f"{out}: a copy of {session.path} ({counted(copy.documents, 'document')}, "
        f"{counted(copy.spans, 'span')} by {counted(copy.annotators, 'annotator')})"
    )
