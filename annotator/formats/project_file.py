"""Bring another annotator's work in: from their project file (read without a trace) or their
native JSONL export, each annotator's work replacing what they had here before.

Their ``.sqlite`` is never written, nor anything beside it: it is copied into memory through
SQLite's backup API (``storage.opening.snapshot`` says how, ``-wal`` files included) and
checked like a project we open (not a project, or too new: refused with the file named). Its
work is read as native lines (``native_write.export_objects`` over the copy) and loaded with
the rules of ``native_load`` for bringing work in (``Rules(replace_existing=True)``).

A project file holds all of its annotators' work, so an annotator who has work in it and none
on one of its documents has none there: a line with no work stands for that document, and the
work brought in before on it is removed. A JSONL file may hold part of the work only (an
export of done documents), so it replaces work only on the documents it has lines for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from annotator.core.errors import AnnotatorError
from annotator.core.model import Annotator
from annotator.formats.native_load import LoadReport, ProjectSession, Rules, load_lines
from annotator.formats.native_read import Line, check_object, read_checked
from annotator.formats.native_write import export_objects, line_object
from annotator.storage.opening import snapshot
from annotator.storage.project import ProjectStore

SQLITE_HEADER = b"SQLite format 3\x00"


class WorkSession(ProjectSession, Protocol):
    """A session with its current annotator (``annotator.session.Session`` fits)."""

    @property
    def annotator(self) -> Annotator: ...


@dataclass
class WorkReport:
    """What bringing one file in did: the load report, and how the file was read."""

    path: Path
    kind: str  # "project file" or "JSONL"
    load: LoadReport
    notes: list[str] = field(default_factory=list)  # e.g. edits that may be missing


def is_project_file(path: Path) -> bool:
    """Whether ``path`` is an SQLite file (a project file) rather than JSONL."""
    try:
        with Path(path).open("rb") as handle:
            return handle.read(16) == SQLITE_HEADER
    except OSError:
        return False


def project_lines(
    store: ProjectStore, progress: Callable[[int, int], None] | None = None
) -> Iterator[Line]:
    """Every annotator's work in ``store`` as checked lines, document by document, named
    ``<file>, document N`` (N its place in that project's list). An annotator with work in the
    project gets a line with no work for each document they have none on."""
    path = str(store.path)
    with_work = store.annotators_with_work()
    annotators = [a for a in store.annotators() if a.id in with_work]
    objects = export_objects(store, [a.id for a in annotators], progress=progress)
    pending = next(objects, None)
    for number, document in enumerate(store.document_rows(), 1):
        found: dict[str, Line] = {}
        while pending is not None and pending["id"] == document[0]:
            found[pending["annotator_id"]] = _line(pending)
            pending = next(objects, None)
        for annotator in annotators:
            line = found.get(annotator.id)
            if line is None:
                line = _line(line_object(document, annotator, "not_started", [], [], [], []))
            line.where, line.line = f"{path}, document {number}", 0
            yield line


def _line(obj: dict[str, object]) -> Line:
    line = check_object(obj)
    if line is None:  # export_objects checked it: a bug if this happens
        raise AnnotatorError(f"a line of the project could not be read back: {obj['id']}")
    return line


def add_work(
    session: WorkSession,
    path: Path,
    *,
    add_documents: bool = False,
    add_labels: bool = False,
    label_map: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> WorkReport:
    """Bring in the work of the annotators in ``path`` (a project file, or native JSONL) in
    one transaction, under the rules in the module docstring; JsonlError, NotAProject, TooNew
    or MissingLabels name the file, and then nothing of it was kept."""
    path = Path(path)
    if path.resolve() == session.store.path.resolve():
        raise AnnotatorError(f"{path} is this project itself; choose a colleague's file")
    rules = Rules(
        replace_existing=True, add_documents=add_documents, own_annotator=session.annotator.id
    )

    def load(lines: Iterable[Line]) -> LoadReport:
        return load_lines(
            session, lines, str(path), add_labels=add_labels, label_map=label_map, rules=rules
        )

    if not is_project_file(path):
        return WorkReport(path, "JSONL", load(read_checked(path, progress)))
    copy = snapshot(path)
    theirs = ProjectStore(path, copy.db, read_only=True, lock=None)
    try:
        report = load(project_lines(theirs, progress))
    finally:
        theirs.close()
    return WorkReport(path, "project file", report, [f"{path}: {copy.note}"] if copy.note else [])


def _n(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def summary(report: WorkReport) -> str:
    """One line: documents matched and not here, whose work came in, what it holds."""
    load = report.load
    parts = [f"{_n(load.documents_matched, 'document')} matched"]
    if load.not_found:
        parts.append(f"{len(load.not_found)} not in this project")
    if load.documents_added:
        parts.append(f"{load.documents_added} added")
    text = ", ".join(parts)
    if load.annotators:
        text += (
            f"; work of {', '.join(load.annotators)}: {_n(load.spans, 'span')}, "
            f"{_n(load.quotes, 'quote')}, {_n(load.claims, 'claim')}"
        )
        if load.replaced:
            text += f" ({_n(load.replaced, 'earlier version')} replaced)"
    else:
        text += "; nothing new"
    if load.unchanged:
        text += f"; {_n(load.unchanged, 'line')} already here, unchanged"
    if load.own:
        text += f"; {_n(len(load.own), 'line')} of your own work left out"
    return text
