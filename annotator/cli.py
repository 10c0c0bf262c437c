"""The command line: a thin click layer over the workspace and the session."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from annotator.cli_review import agreement
from annotator.cli_suggest import suggest
from annotator.core.errors import AnnotatorError
from annotator.formats.jsonl import LoadReport, MissingLabels, parse_label_map, validate_file
from annotator.session import ImportReport, Session
from annotator.workspace import (
    EXPORT_FORMATS,
    IMPORT_FORMATS,
    NATIVE,
    annotation_format,
    export_project,
    import_annotations,
    import_files,
    open_session,
    project_file,
    resolve_annotators,
)

PROGRESS_DELAY = 1.0  # s before progress is first shown: short runs print none
PROGRESS_EVERY = 0.5  # s between two progress lines


class Progress:
    """Progress on stderr for long runs: nothing for the first second, then a line at most
    every half second (and the last one)."""

    def __init__(self, what: str, unit: str) -> None:
        self.what = what
        self.unit = unit
        self.start = time.monotonic()
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.start < PROGRESS_DELAY:
            return
        if now - self.last < PROGRESS_EVERY and done < total:
            return
        self.last = now
        if self.unit == "bytes":
            share = f"{100 * done // max(total, 1)}% of {total / 1e6:,.1f} MB"
        else:
            share = f"{done:,}/{total:,} {self.unit}"
        click.echo(f"{self.what}: {share}", err=True)


@click.group()
@click.version_option(package_name="annotator")
def cli() -> None:
    """Annotate news articles: entities, quotes and claims.

    PROJECT is a project file (X.sqlite) or a project folder (holding articles/ and
    project.sqlite). Run `annotator [PROJECT]` without a command to open the window.
    """


def _open(project: Path, *, read_only: bool = False) -> Session:
    try:
        return open_session(project, read_only=read_only)
    except AnnotatorError as exc:
        raise click.ClickException(str(exc)) from None


F = TypeVar("F", bound=Callable[..., Any])


def _label_options(command: F) -> F:
    """--add-labels and --map, shared by every command that brings annotations in."""
    command = click.option(
        "--map",
        "mappings",
        multiple=True,
        metavar="FROM=TO",
        help="Store the file's label FROM as the project's label TO (repeatable).",
    )(command)
    return click.option(
        "--add-labels", is_flag=True, help="Add labels the project lacks to its scheme."
    )(command)


@cli.command("import")
@click.argument("project", type=click.Path(path_type=Path))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(IMPORT_FORMATS),
    help="Format of the annotation files (default: from their content).",
)
@_label_options
def import_command(
    project: Path, files: tuple[Path, ...], fmt: str | None, add_labels: bool, mappings: tuple[str]
) -> None:
    """Add .txt articles (files or folders of them) and annotation files to PROJECT.

    Annotation files (native JSONL as written by `annotator export`; doccano and Label
    Studio exports) are recognised by their content. Each is imported in one transaction:
    all of it or, on any problem, nothing, with the file and line named. Files that cannot be
    imported are listed with the reason; the others are imported. Exit status 1 if any file
    was refused.
    """
    try:
        label_map = parse_label_map(mappings)
    except AnnotatorError as exc:
        raise click.ClickException(str(exc)) from None
    articles: list[Path] = []
    annotations: list[tuple[Path, str]] = []
    refused: list[str] = []
    for path in files:
        try:
            kind = annotation_format(path, fmt)
        except AnnotatorError as exc:
            refused.append(f"{path}: {getattr(exc, 'reason', exc)}")
            continue
        if kind is None:
            articles.append(path)
        else:
            annotations.append((path, kind))
    session = _open(project)
    loaded: list[tuple[Path, LoadReport]] = []
    report = ImportReport()
    try:
        if session.read_only:
            raise click.ClickException(
                f"{session.path} cannot be written (the file or its folder is read-only); "
                "nothing was imported"
            )
        if articles:
            report = import_files(session, articles)
        for path, kind in annotations:
            progress = Progress(f"importing {path}", "bytes")
            try:
                done = import_annotations(
                    session,
                    path,
                    kind,
                    add_labels=add_labels,
                    label_map=label_map,
                    progress=progress,
                )
            except AnnotatorError as exc:
                message = str(exc)
                if isinstance(exc, MissingLabels):
                    name = exc.labels[0][1]
                    message += f" (--add-labels adds them, --map {name}=LABEL maps one)"
                refused.append(message if message.startswith(str(path)) else f"{path}: {message}")
                continue
            loaded.append((path, done))
    except AnnotatorError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        session.close()
    for line in report.details():
        click.echo(line, err=line.startswith("refused"))
    for path, done in loaded:
        click.echo(f"imported {path}: {_loaded(done)}")
        for skipped in done.skipped:
            click.echo(f"skipped {skipped}")
    for message in refused:
        click.echo(f"refused {message}", err=True)
    parts = [report.summary()] if articles else []
    if annotations or refused:
        count = f"{_n(len(loaded), 'annotation file')} imported"
        parts.append(count + (f", {len(refused)} refused" if refused else ""))
    click.echo(f"{session.path}: {'; '.join(parts)}")
    if report.refused or refused:
        sys.exit(1)


def _n(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _loaded(done: LoadReport) -> str:
    if not done.lines:
        return f"nothing new ({_n(len(done.skipped), 'line')} already in the project)"
    text = f"{_n(done.lines, 'line')} ({done.documents_added} new documents"
    text += f", {done.documents_matched} already in the project)" if done.documents_matched else ")"
    text += f", {_n(done.spans, 'span')}, {_n(done.quotes, 'quote')}, {_n(done.claims, 'claim')}"
    text += f", {_n(done.entities_added, 'entity', 'entities')} added"
    if done.entities_reused:
        text += f" ({done.entities_reused} already there, kept as they are)"
    if done.skipped:
        text += f", {_n(len(done.skipped), 'line')} skipped"
    if done.labels_added:
        text += f"; labels added: {', '.join(done.labels_added)}"
    return text


@cli.command("export")
@click.argument("project", type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help="File to write (a folder for --format brat); replaced atomically.",
)
@click.option(
    "--annotator",
    "annotators",
    multiple=True,
    metavar="NAME_OR_ID",
    help="Whose work to export (repeatable; default: yours).",
)
@click.option("--all", "everyone", is_flag=True, help="Every annotator's work.")
@click.option("--done-only", is_flag=True, help="Only documents marked done.")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default=NATIVE)
def export_command(
    project: Path,
    out: Path,
    annotators: tuple[str, ...],
    everyone: bool,
    done_only: bool,
    fmt: str,
) -> None:
    """Write annotations of PROJECT to a file: one line per document and annotator.

    The file is written under a temporary name and renamed over OUT when complete, so a failed
    or interrupted export leaves the old OUT (or none). Every span is checked against its
    document's text before it is written.
    """
    if everyone and annotators:
        raise click.UsageError("give --annotator or --all, not both")
    session = _open(project, read_only=True)
    try:
        chosen = resolve_annotators(session, annotators, everyone)
        report = export_project(
            session,
            out,
            chosen,
            fmt=fmt,
            only_done=done_only,
            progress=Progress(f"exporting {session.path}", "documents"),
        )
    except (AnnotatorError, OSError) as exc:
        raise click.ClickException(f"{exc}; nothing was written, {out} is as it was") from None
    finally:
        session.close()
    names = ", ".join(a.name for a in chosen)
    if not report.lines:
        click.echo(
            f"note: no work of {names} to export{' (done)' * done_only}; choose whose with "
            "--annotator NAME or --all",
            err=True,
        )
    click.echo(
        f"{out}: {_n(report.lines, 'line')} ({fmt}; {names}), {_n(report.spans, 'span')}, "
        f"{_n(report.quotes, 'quote')}, {_n(report.claims, 'claim')}"
    )


@cli.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--max-errors", default=10, show_default=True, help="Errors shown per file.")
def validate_command(files: tuple[Path, ...], max_errors: int) -> None:
    """Check native JSONL files against the format, line by line.

    Prints FILE: OK with what the file holds, or the first errors with their line numbers.
    Exit status 0 if every file is valid, 1 otherwise.
    """
    failed = False
    for path in files:
        found = validate_file(path, max_errors, Progress(f"checking {path}", "bytes"))
        if not found.errors:
            click.echo(
                f"{path}: OK ({_n(found.lines, 'line')}, {_n(found.spans, 'span')}, "
                f"{_n(found.quotes, 'quote')}, {_n(found.claims, 'claim')}, "
                f"{_n(found.entities, 'entity', 'entities')})"
            )
            continue
        failed = True
        for error in found.errors:
            click.echo(str(error))
        more = " (more not shown)" if found.more_errors else ""
        click.echo(f"{path}: {_n(len(found.errors), 'error')}{more}")
    if failed:
        sys.exit(1)


@cli.command("list")
@click.argument("project", type=click.Path(exists=True, path_type=Path))
def list_command(project: Path) -> None:
    """List PROJECT's documents with date, status and span count of the current annotator."""
    session = _open(project, read_only=True)
    try:
        for meta in session.documents():
            click.echo(
                f"{meta.id}\t{meta.date or '-'}\t{meta.status.display}\t{meta.span_count}\t"
                f"{meta.title}"
            )
    finally:
        session.close()


@cli.command("add-work")
@click.argument("project", type=click.Path(exists=True, path_type=Path))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--add-documents",
    is_flag=True,
    help="Add the files' documents this project lacks (default: report them, add nothing).",
)
@_label_options
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
    from annotator.formats.project_file import add_work, summary

    try:
        label_map = parse_label_map(mappings)
    except AnnotatorError as exc:
        raise click.ClickException(str(exc)) from None
    session = _open(project)
    brought: list[str] = []
    refused = 0
    try:
        if session.read_only:
            raise click.ClickException(
                f"{session.path} cannot be written (the file or its folder is read-only); "
                "nothing was brought in"
            )
        for path in map(project_file, files):  # a colleague's project folder: its file
            try:
                done = add_work(
                    session,
                    path,
                    add_documents=add_documents,
                    add_labels=add_labels,
                    label_map=label_map,
                    progress=Progress(f"reading {path}", "documents"),
                )
            except AnnotatorError as exc:
                message = str(exc)
                if isinstance(exc, MissingLabels):
                    name = exc.labels[0][1]
                    message += f" (--add-labels adds them, --map {name}=LABEL maps one)"
                refused += 1
                click.echo(
                    f"refused {message if message.startswith(str(path)) else f'{path}: {message}'}",
                    err=True,
                )
                continue
            click.echo(f"brought in {path} ({done.kind}): {summary(done)}")
            hint = "" if add_documents else " (--add-documents adds it)"
            for where in done.load.not_found:
                click.echo(f"not in this project: {where}{hint}")
            for note in [*done.notes, *done.load.entity_conflicts]:
                click.echo(f"note: {note}", err=True)
            for own in done.load.own:
                click.echo(f"left out {own}", err=True)
            brought += [a for a in done.load.annotators if a not in brought]
    finally:
        session.close()
    count = f"{_n(len(files) - refused, 'file')} brought in"
    click.echo(f"{session.path}: {count}" + (f", {refused} refused" if refused else ""))
    if brought:
        click.echo(
            "See their work in the window: View > Show annotations of > "
            + " / ".join(brought)
            + " (read-only)"
        )
    if refused:
        sys.exit(1)


@cli.command("share")
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
    session = _open(project, read_only=True)
    try:
        session.store.backup_to(out, Progress(f"copying {session.path}", "pages"))
        documents = session.store.document_count()
        spans = session.store.span_counts_by_annotator()
    except AnnotatorError as exc:
        raise click.ClickException(f"{exc}; {out} is as it was") from None
    finally:
        session.close()
    click.echo(
        f"{out}: a copy of {session.path} ({_n(documents, 'document')}, "
        f"{_n(sum(spans.values()), 'span')} by {_n(len(spans), 'annotator')})"
    )


cli.add_command(agreement)
cli.add_command(suggest)


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="annotator")
