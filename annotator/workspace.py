"""Turn a path the user gave into an open session (a project file, or a project folder), and
run what the CLI (and later the window) asks of one: import and export in every format.

A project folder keeps its sources (``articles/*.txt``, and optionally ``annotations.jsonl`` in
the native format); its project file ``project.sqlite`` is built from them when absent and never
rebuilt over the user's edits.

Other tools' formats come from ``annotator.formats.peers`` when it is installed; without it only
the native format is available and asking for another says so.
"""

from __future__ import annotations

import contextlib
import importlib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from annotator.core.articles import ArticleRefused, ParsedArticle
from annotator.core.errors import AnnotatorError
from annotator.core.model import Annotator
from annotator.core.scheme import load_default_scheme
from annotator.formats.jsonl import (
    BadLine,
    ExportReport,
    JsonlError,
    Line,
    LoadReport,
    Progress,
    check_object,
    explain,
    export_jsonl,
    export_objects,
    load_file,
    load_lines,
)
from annotator.formats.txt import expand, read_article
from annotator.identity import current_annotator
from annotator.session import ImportReport, Session
from annotator.storage.project import ProjectStore

PROJECT_FILE = "project.sqlite"
ARTICLES_DIR = "articles"
ANNOTATIONS_FILE = "annotations.jsonl"
EXAMPLE_PROJECT = Path(__file__).resolve().parents[1] / "projects" / "example"


def project_file(path: Path) -> Path:
    """The SQLite file a user-given path stands for (a folder means its project.sqlite)."""
    return path / PROJECT_FILE if path.is_dir() else path


def project_name(db_path: Path) -> str:
    """What to call a project: its folder's name for a project folder, else the file's name."""
    return db_path.parent.name if db_path.name == PROJECT_FILE else db_path.name


def open_session(path: Path, *, read_only: bool = False) -> Session:
    """Open the project at ``path`` (file or folder) for the current annotator."""
    path = Path(path)
    annotator = current_annotator()
    if path.is_dir() and not (path / PROJECT_FILE).exists():
        build_from_sources(path, annotator)
    store = ProjectStore.open(
        project_file(path),
        who=annotator.name,
        read_only=read_only,
        scheme=load_default_scheme(),
    )
    return Session(store, annotator)


def build_from_sources(folder: Path, annotator: Annotator | None = None) -> Path:
    """Build ``folder/project.sqlite`` from the folder's sources, all or nothing.

    The articles are imported, then ``annotations.jsonl`` (if any) is loaded into the same
    file. It is built under a temporary name and renamed into place when complete, so an
    interrupted build, or annotations that cannot be loaded (JsonlError naming the file and
    line), leave no project behind.
    """
    target = folder / PROJECT_FILE
    temp = folder / f".{PROJECT_FILE}.building-{os.getpid()}"
    for leftover in (temp, temp.with_name(temp.name + "-wal"), temp.with_name(temp.name + "-shm")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    annotator = annotator or current_annotator()
    leftovers = [temp.with_name(temp.name + end) for end in ("-wal", "-shm", ".lock")]
    store = ProjectStore.open(temp, who=annotator.name, scheme=load_default_scheme())
    built = False
    try:
        session = Session(store, annotator)
        articles = folder / ARTICLES_DIR
        if articles.is_dir():
            import_files(session, [articles])
        annotations = folder / ANNOTATIONS_FILE
        if annotations.is_file():
            load_file(session, annotations)
        built = True
    finally:
        store.close()
        for leftover in leftovers if built else [temp, *leftovers]:
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    if target.exists():  # someone else built it meanwhile: theirs wins, ours goes
        temp.unlink()
    else:
        os.replace(temp, target)
    return target


def read_files(paths: Iterable[Path]) -> tuple[list[tuple[str, ParsedArticle]], ImportReport]:
    """Parse .txt articles (files or folders): the articles, and a report of the refusals."""
    report = ImportReport()
    parsed = []
    for path in expand(Path(p) for p in paths):
        try:
            parsed.append((str(path), read_article(path)))
        except ArticleRefused as exc:
            report.refused.append((str(path), str(exc)))
    return parsed, report


def import_files(session: Session, paths: Iterable[Path]) -> ImportReport:
    """Import .txt articles (files or folders); refusals are reported, the rest imported."""
    parsed, report = read_files(paths)
    return session.import_articles(parsed, report)


# -- export and import in every format ---------------------------------------------------------

NATIVE = "native"
EXPORT_FORMATS = (NATIVE, "doccano", "doccano-relations", "label-studio", "brat", "spacy")
IMPORT_FORMATS = (NATIVE, "doccano", "label-studio")


def peers() -> ModuleType | None:
    """``annotator.formats.peers`` (other tools' formats) if it is installed, else None."""
    try:
        return importlib.import_module("annotator.formats.peers")
    except ModuleNotFoundError as exc:
        if exc.name and "annotator.formats.peers".startswith(exc.name):
            return None
        raise


def _peer(kind: str, fmt: str) -> Any:
    """The peers registry's exporter or importer for ``fmt``; AnnotatorError if there is none."""
    module = peers()
    registry = getattr(module, kind, {}) if module is not None else {}
    if fmt not in registry:
        why = "not available in this installation" if module is None else "not known"
        raise AnnotatorError(f"--format {fmt}: {kind.lower()[:-3]} of this format is {why}")
    return registry[fmt]


def resolve_annotators(
    session: Session, wanted: Iterable[str], everyone: bool = False
) -> list[Annotator]:
    """The annotators the user named (by id, else by name, case-insensitive), all of the
    project's with ``everyone``, or by default the current annotator. AnnotatorError names
    what cannot be resolved and lists the project's annotators."""
    known = session.store.annotators()
    listing = ", ".join(f"{a.name!r} ({a.id})" for a in known) or "none"
    wanted = list(wanted)
    if everyone:  # by name, so that two projects with the same people export alike
        return sorted(known, key=lambda a: (a.name.casefold(), a.name, a.id))
    if not wanted:
        if session.annotator.id in {a.id for a in known}:
            return [session.annotator]
        raise AnnotatorError(
            f"you ({session.annotator.name!r}, id {session.annotator.id}) have no work in "
            f"{session.path}: choose whose with --annotator NAME or --all (annotators: {listing})"
        )
    found: list[Annotator] = []
    for name in wanted:
        match = [a for a in known if a.id == name] or [a for a in known if a.name == name]
        match = match or [a for a in known if a.name.casefold() == name.casefold()]
        if not match:
            raise AnnotatorError(f"the project has no annotator {name!r} (annotators: {listing})")
        if len(match) > 1:
            ids = ", ".join(a.id for a in match)
            raise AnnotatorError(f"several annotators are called {name!r}: give the id ({ids})")
        if match[0] not in found:
            found.append(match[0])
    return found


def export_project(
    session: Session,
    target: Path,
    annotators: list[Annotator],
    *,
    fmt: str = NATIVE,
    only_done: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ExportReport:
    """Write the annotators' work to ``target`` (a file; a folder for brat), atomically."""
    target = Path(target)
    if target.resolve() == session.path.resolve():
        raise AnnotatorError(f"{target} is the project file itself: choose another output")
    if not target.parent.is_dir():
        raise AnnotatorError(f"{target}: the folder {target.parent} does not exist")
    ids = [a.id for a in annotators]
    if fmt == NATIVE:
        return export_jsonl(session.store, target, ids, only_done=only_done, progress=progress)
    exporter = _peer("EXPORTERS", fmt)
    report = ExportReport()

    def counted() -> Iterator[dict[str, Any]]:
        for obj in export_objects(session.store, ids, only_done=only_done, progress=progress):
            report.lines += 1
            report.spans += len(obj["spans"])
            report.quotes += len(obj["quotes"])
            report.claims += len(obj["claims"])
            yield obj

    exporter.write(counted(), target)
    return report


@dataclass(frozen=True)
class AnnotationFile:
    """A file of annotations to import and its format."""

    path: Path
    fmt: str


def annotation_format(path: Path, fmt: str | None = None) -> str | None:
    """The format of an annotation file, or None for an article (.txt, folders, and anything
    that does not start like JSON: those go to the article import, which says what it is).
    With peers installed the content decides between native, doccano and Label Studio."""
    if fmt is not None:
        return fmt
    if path.is_dir() or path.suffix.lower() == ".txt" or not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            head = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return None
    if not head.startswith((b"{", b"[")):
        return None
    module = peers()
    if module is None:
        return NATIVE if head.startswith(b"{") else "label-studio"
    return str(module.detect_file(path))


def import_annotations(
    session: Session,
    path: Path,
    fmt: str = NATIVE,
    *,
    add_labels: bool = False,
    label_map: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> LoadReport:
    """Load one annotation file in one transaction (``formats.native_load`` has the rules);
    JsonlError or AnnotatorError names the file (and line) and nothing of it is kept."""
    if fmt == NATIVE:
        return load_file(
            session, path, add_labels=add_labels, label_map=label_map, progress=progress
        )
    importer = _peer("IMPORTERS", fmt)
    layers = {label.name: label.layer for label in session.store.labels()}
    records = importer(path, annotator=session.annotator, layers=layers)
    lines = _checked_records(records, str(path))
    return load_lines(session, lines, str(path), add_labels=add_labels, label_map=label_map)


def _checked_records(records: Iterable[dict[str, Any]], where: str) -> Iterator[Line]:
    """Native records made by a peer importer, checked like lines of a native file."""
    for number, obj in enumerate(records, 1):
        line = check_object(obj)
        if line is None:
            try:
                explain(obj)
            except BadLine as exc:
                raise JsonlError(where, None, f"record {number}: {exc}") from None
        line.where, line.line = where, number
        yield line
