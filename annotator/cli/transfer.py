"""``annotator import``, ``export`` and ``validate``: annotations in and out, every format."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from annotator.app.articles import import_files
from annotator.app.projects import check_output, discard_if_empty, project_file
from annotator.app.transfer import (
    BRAT,
    CONLL,
    EXPORT_FORMATS,
    IMPORT_FORMATS,
    NATIVE,
    BratSettings,
    annotation_format,
    export_project,
    import_annotations,
    import_brat,
    resolve_annotators,
    validation_filling,
)
from annotator.cli.common import (
    Progress,
    label_map,
    label_options,
    open_project,
    refusal,
    refuse,
    writable,
)
from annotator.core.errors import AnnotatorError, error_text
from annotator.core.model import Layer
from annotator.core.wording import counted
from annotator.formats.jsonl import LoadReport, validate_file
from annotator.session import ImportReport


@click.command("import")
@click.argument("project", type=click.Path(path_type=Path))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(IMPORT_FORMATS),
    help="Format of the annotation files (default: from their content).",
)
@click.option(
    "--as",
    "as_annotator",
    metavar="NAME_OR_ID",
    help="Import every line as this annotator's work (default: each line's own annotator; "
    "yours for lines that name nobody).",
)
@click.option(
    "--annotator-from-filename",
    "annotator_pattern",
    metavar="REGEX",
    help="brat: the annotator of each .ann file, the group (?P<annotator>...) of REGEX "
    "searched in its name without .ann; a group (?P<doc>...) names its text (default: what "
    "follows the text's name and one of . _ -).",
)
@click.option(
    "--metadata",
    "metadata",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="brat: a TSV (or .csv) table of the documents' metadata, one row per text name "
    "(column filename): title and date fill the document's fields, the other columns its "
    "metadata.",
)
@click.option(
    "--brat-mapping",
    metavar="plain|polnear|FILE.json",
    help="brat: how its types become ours (default: polnear for attribution corpora with "
    "Source/Cue/Content, else plain: each type a label), or a mapping file naming the events "
    "that are quotes and their roles. See docs/FORMATS.md.",
)
@click.option(
    "--text-column",
    metavar="NAME",
    help="CSV files: the column that holds the text (default: text, body or content).",
)
@label_options
def import_command(
    project: Path,
    files: tuple[Path, ...],
    fmt: str | None,
    as_annotator: str | None,
    annotator_pattern: str | None,
    metadata: Path | None,
    brat_mapping: str | None,
    add_labels: bool,
    mappings: tuple[str],
    text_column: str | None = None,
) -> None:
    """Add .txt articles (files or folders of them) and annotation files to PROJECT.

    Corpora without annotations are articles too: CSV or TSV files with a text column (one
    document a row; the other columns its title, date, source and metadata) and JSONL files
    of {"text": ..., "meta": {...}} lines, as Prodigy and doccano take them.

    Annotation files (native JSONL as written by `annotator export`, or minimal lines of
    text and spans written by a script; doccano exports, its zip archive included; Label
    Studio exports; CoNLL files, .conll or starting with -DOCSTART-, a folder of them with
    --format conll) are recognised by their content. Each line, task or annotation lands
    under its own annotator (a doccano archive's files are named after their users); lines
    that name nobody are yours; --as makes all of them one annotator's. brat standoff
    (.ann files, and folders holding .ann files: texts and annotations side by side or in
    separate folders, all of them one import) lands under the annotator each .ann file's
    name gives; what does not map onto our scheme is listed by kind, file and line. Each file is
    imported in one transaction: all of it or, on any problem, nothing, with the file and
    line named. Files that cannot be imported are listed with the reason; the others are
    imported. Exit status 1 if any file was refused.
    """
    mapping = label_map(mappings)
    articles: list[Path] = []
    annotations: list[tuple[Path, str]] = []
    refused: list[str] = []
    brat_paths: list[Path] = []
    brat = BratSettings(annotator_pattern, metadata, brat_mapping)
    for path in files:
        try:
            kind = annotation_format(path, fmt)
        except AnnotatorError as exc:
            position = getattr(exc, "position", "")
            where = f"{path}, {position}" if position else str(path)
            refused.append(f"{where}: {getattr(exc, 'reason', exc)}")
            continue
        if kind is None:
            articles.append(path)
        elif kind == BRAT:
            brat_paths.append(path)
        else:
            annotations.append((path, kind))
    made = not project_file(project).exists()  # made here: removed if nothing goes in
    discarded = False
    session = open_project(project)
    loaded: list[tuple[Path, LoadReport]] = []
    shown: dict[str, str] = {}  # annotator id -> how the project names them
    report = ImportReport()
    try:
        writable(session, "nothing was imported")
        if articles:
            report = import_files(session, articles, text_column)
        for path, kind in annotations:
            progress = Progress(f"importing {path}", "bytes")
            try:
                done = import_annotations(
                    session,
                    path,
                    kind,
                    add_labels=add_labels,
                    label_map=mapping,
                    progress=progress,
                    as_annotator=as_annotator,
                )
            except AnnotatorError as exc:
                refused.append(refusal(path, exc))
                continue
            loaded.append((path, done))
        if brat_paths:
            corpus = Path(", ".join(str(p) for p in brat_paths))
            try:
                done = import_brat(
                    session,
                    brat_paths,
                    brat,
                    add_labels=add_labels,
                    label_map=mapping,
                    as_annotator=as_annotator,
                    progress=Progress(f"importing {corpus}", "files"),
                )
                loaded.append((corpus, done))
            except AnnotatorError as exc:
                refused.append(refusal(corpus, exc))
        shown = session.annotator_names() if loaded else {}
    except AnnotatorError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        session.close()
        if made and not loaded and not report.imported:
            discarded = discard_if_empty(project)
    for line in report.details():
        click.echo(line, err=line.startswith("refused"))
    for path, done in loaded:
        click.echo(f"imported {path}: {_loaded(done, shown)}")
        for skipped in done.skipped:
            click.echo(f"skipped {skipped}")
    if brat_paths:
        _brat_report(brat)
    for message in refused:
        click.echo(f"refused {message}", err=True)
    parts = [report.summary()] if articles else []
    if annotations or brat_paths or refused:
        count = f"{counted(len(loaded), 'annotation file')} imported"
        parts.append(count + (f", {len(refused)} refused" if refused else ""))
    if discarded:
        parts.append("nothing was imported, so the new project file was not kept")
    click.echo(f"{session.path}: {'; '.join(parts)}")
    if report.refused or refused:
        sys.exit(1)


def _brat_report(brat: BratSettings) -> None:
    """What a brat import did not take, by kind with places (``N × kind (e.g. FILE:LINE)``)."""
    if brat.mapping_used:
        click.echo(f"brat mapping: {brat.mapping_used}")
    if brat.texts_without_annotations:
        n = brat.texts_without_annotations
        click.echo(f"note: {counted(n, 'text')} without an .ann file, not imported", err=True)
    for line in brat.not_mapped:
        click.echo(f"not mapped: {line}", err=True)


def _loaded(done: LoadReport, shown: dict[str, str]) -> str:
    if not done.lines:
        return f"nothing new ({counted(len(done.skipped), 'line')} already in the project)"
    text = f"{counted(done.lines, 'line')} ({done.documents_added} new documents"
    text += f", {done.documents_matched} already in the project)" if done.documents_matched else ")"
    text += f", {counted(done.spans, 'span')}, {counted(done.quotes, 'quote')}"
    text += f", {counted(done.claims, 'claim')}"
    text += f", {counted(done.entities_added, 'entity', 'entities')} added"
    if done.entities_reused:
        text += f" ({done.entities_reused} already there, kept as they are)"
    if done.skipped:
        text += f", {counted(len(done.skipped), 'line')} skipped"
    text += f"; by {whose(done, shown)}"
    if done.labels_added:
        text += f"; labels added: {', '.join(done.labels_added)}"
    return text


def whose(done: LoadReport, shown: dict[str, str]) -> str:
    """The annotators the lines landed under, as the project names them (a namesake with the
    start of the id: "blanca [3f2a]"), those new to the project marked."""
    return ", ".join(
        shown.get(who, name) + (" (new here)" if who in done.annotators_added else "")
        for who, name in done.whose.items()
    )


@click.command("export")
@click.argument("project", type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help="File to write (a folder for --format brat; for --format conll an existing folder "
    "gets one file per document); replaced atomically.",
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
@click.option(
    "--layer",
    type=click.Choice([layer.value for layer in Layer]),
    help="--format conll: the layer whose spans are the tags (default: entity).",
)
@click.option(
    "--no-comments",
    is_flag=True,
    help="--format conll: no '# text' comment lines (for readers that take every line for a "
    "token); such a file imports as its tokens joined by spaces.",
)
def export_command(
    project: Path,
    out: Path,
    annotators: tuple[str, ...],
    everyone: bool,
    done_only: bool,
    fmt: str,
    layer: str | None,
    no_comments: bool,
) -> None:
    """Write annotations of PROJECT to a file: one line per document and annotator.

    The file is written under a temporary name and renamed over OUT when complete, so a failed
    or interrupted export leaves the old OUT (or none). Every span is checked against its
    document's text before it is written.
    """
    if everyone and annotators:
        raise click.UsageError("give --annotator or --all, not both")
    if fmt != CONLL and (layer or no_comments):
        raise click.UsageError("--layer and --no-comments are for --format conll")
    refuse(lambda: check_output(project, out), f"nothing was written, {out} is as it was")
    session = open_project(project, read_only=True)
    try:
        chosen = resolve_annotators(session, annotators, everyone)
        shown = session.annotator_names()  # namesakes told apart
        report = export_project(
            session,
            out,
            chosen,
            fmt=fmt,
            only_done=done_only,
            progress=Progress(f"exporting {session.path}", "documents"),
            layer=Layer(layer or Layer.ENTITY),
            comments=not no_comments,
        )
    except (AnnotatorError, OSError) as exc:
        raise click.ClickException(
            f"{error_text(exc)}; nothing was written, {out} is as it was"
        ) from None
    finally:
        session.close()
    names = ", ".join(shown.get(a.id, a.name) for a in chosen)
    if not report.lines:
        click.echo(
            f"note: no work of {names} to export{' (done)' * done_only}; choose whose with "
            "--annotator NAME or --all",
            err=True,
        )
    for line in report.left_out:
        click.echo(f"note: {line}", err=True)
    click.echo(
        f"{out}: {counted(report.lines, 'line')} ({fmt}; {names}), "
        f"{counted(report.spans, 'span')}, "
        f"{counted(report.quotes, 'quote')}, {counted(report.claims, 'claim')}"
    )


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--max-errors", default=10, show_default=True, help="Errors shown per file.")
def validate_command(files: tuple[Path, ...], max_errors: int) -> None:
    """Check native JSONL files against the format, line by line.

    Prints FILE: OK with what the file holds, or the first errors with their line numbers.
    Minimal lines (text and spans, as a script writes them) are checked as `import` completes
    them, their labels against the default label scheme. Exit status 0 if every file is
    valid, 1 otherwise.
    """
    failed = False
    filling = validation_filling()
    for path in files:
        progress = Progress(f"checking {path}", "bytes")
        found = validate_file(path, max_errors, progress, filling)
        if not found.errors:
            click.echo(
                f"{path}: OK ({counted(found.lines, 'line')}, {counted(found.spans, 'span')}, "
                f"{counted(found.quotes, 'quote')}, {counted(found.claims, 'claim')}, "
                f"{counted(found.entities, 'entity', 'entities')})"
            )
            continue
        failed = True
        for error in found.errors:
            click.echo(str(error))
        more = " (more not shown)" if found.more_errors else ""
        click.echo(f"{path}: {counted(len(found.errors), 'error')}{more}")
    if failed:
        sys.exit(1)
