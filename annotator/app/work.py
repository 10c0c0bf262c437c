"""Bringing another annotator's work in (their project file, read without a trace, or their
native JSONL export), each annotator's work replacing what they had here before; and writing a
copy of the project to share.

Their ``.sqlite`` is never written, nor anything beside it: it is read through an in-memory
copy (``session.rows.ProjectCopy``; ``storage.opening.snapshot`` says how, ``-wal`` files
included) and checked like a project we open (not a project, or too new: refused with the file
named). Its work is read as native lines (``formats.project_file``) and loaded with the rules of
``formats.native_load`` for bringing work in (``Rules(replace_existing=True)``). A JSONL file
may hold part of the work only (an export of done documents), so it replaces work only on the
documents it has lines for.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.core.files import not_a_file
from annotator.core.model import GOLD_ANNOTATOR_ID
from annotator.core.wording import counted
from annotator.formats.native_load import LoadReport, Rules, load_lines
from annotator.formats.native_read import Line, read_checked
from annotator.formats.project_file import is_project_file, project_lines
from annotator.session import Session
from annotator.session.assignments import ASSIGNEE
from annotator.session.rows import ProjectCopy
from annotator.storage.errors import DatabaseFault, damaged


@dataclass
class WorkReport:
    """What bringing one file in did: the load report, and how the file was read."""

    path: Path
    kind: str  # "project file" or "JSONL"
    load: LoadReport
    notes: list[str] = field(default_factory=list)  # e.g. edits that may be missing
    annotators: list[str] = field(default_factory=list)  # whose work came in, as shown here


def add_work(
    session: Session,
    path: Path,
    *,
    add_documents: bool = False,
    add_labels: bool = False,
    label_map: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    only: str | None = None,
    read_from: Path | None = None,
) -> WorkReport:
    """Bring in the work of the annotators in ``path`` (a project file, or native JSONL) in
    one transaction, under the rules in the module docstring; JsonlError, NotAProject, TooNew
    or MissingLabels name the file, and then nothing of it was kept.

    A project file made from this project (a package or a team folder's work file: the same
    ``created_at``) has this project's label ids, so work on a label renamed here since comes
    in under the new name; the name its package was made for (``team.assignee``), bound to
    whoever opened it, is bound here too (``team_binding``). ``only``: the work of that
    annotator id alone; ``read_from``: a private copy of ``path``'s bytes to read instead
    (``storage.team.private_copy``), ``path`` naming it to the user; a file with no work of
    ``only`` brings nothing (not an error: that teammate has not begun)."""
    path = Path(path)
    why = not_a_file(read_from or path)
    if why:
        raise AnnotatorError(f"{path} {why}; give a colleague's project file or JSONL file")
    if path.resolve() == session.path.resolve():
        raise AnnotatorError(f"{path} is this project itself; choose a colleague's file")
    rules = Rules(
        replace_existing=True, add_documents=add_documents, own_annotator=session.annotator.id
    )

    whose: dict[str, str] = {}  # annotator id -> name, of every line read

    def load(lines: Iterable[Line], renamed: Mapping[str, str]) -> LoadReport:
        return load_lines(
            session.rows,
            _noting(lines, whose),
            str(path),
            add_labels=add_labels,
            label_map={**renamed, **(label_map or {})},
            rules=rules,
        )

    if not is_project_file(read_from or path):
        report = WorkReport(path, "JSONL", load(read_checked(path, progress), {}))
    else:
        theirs = ProjectCopy(path, read_from=read_from)
        try:
            renamed = _renamed_labels(session, theirs)
            lines = _read_from(path, project_lines(theirs, progress, only=only))
            first = next(lines, None)
            if first is None and only is not None:  # (a teammate who has not begun yet)
                loaded = LoadReport()
            else:
                loaded = load(itertools.chain([first] if first else [], lines), renamed)
            bound = team_binding(session, theirs)
        finally:
            theirs.close()
        notes = [f"{path}: {theirs.note}"] if theirs.note else []
        if bound:
            notes.append(bound)
        report = WorkReport(path, "project file", loaded, notes)
    report.annotators = _shown(session, whose, report.load.annotators)
    return report


def _renamed_labels(session: Session, theirs: ProjectCopy) -> dict[str, str]:
    """Their label name -> ours, for each label renamed since their file was made from this
    project (same ``created_at``, same label id and layer, another name)."""
    if not theirs.created() or theirs.created() != session.team.created():
        return {}
    ours = session.team.label_ids()
    return {
        name: ours[i][1]
        for i, (layer, name) in theirs.label_ids().items()
        if i in ours and ours[i][0] == layer and ours[i][1] != name
    }


def team_binding(session: Session, theirs: ProjectCopy) -> str:
    """Bind here the name their file was made for (``team.assignee``) to the id it is bound to
    there, if it is unbound here; what to tell the user ("" if nothing was bound). A name or
    id bound otherwise here is told, not changed."""
    name = theirs.setting(ASSIGNEE)
    bound = theirs.bindings().get(name) if name else None
    if bound is None or session.read_only:
        return ""
    here = session.assignments.bindings().get(name)
    if here == bound:
        return ""
    try:
        session.assignments.bind(name, bound)
    except AnnotatorError as exc:
        return f"the binding of {name!r} in it was not taken: {exc}"
    return f"{name!r} is now bound to annotator id {bound} (they opened their package)"


def _read_from(path: Path, lines: Iterable[Line]) -> Iterator[Line]:
    """``lines`` of their file, a value SQLite cannot read there (text that is not UTF-8)
    told as their file damaged, not ours (whose writes run between these reads)."""
    read = iter(lines)
    while True:
        try:
            line = next(read)
        except StopIteration:
            return
        except DatabaseFault as exc:
            raise damaged(path, f"SQLite cannot read it ({exc})") from exc
        yield line


def _noting(lines: Iterable[Line], whose: dict[str, str]) -> Iterator[Line]:
    for line in lines:
        whose.setdefault(line.annotator_id, line.annotator)
        yield line


def _shown(session: Session, whose: dict[str, str], written: list[str]) -> list[str]:
    """The annotators whose work came in (``written``: their names), named as the user is
    shown them: a colleague called like someone here (or like you) arrives as a separate
    annotator, told apart by the start of the id ("blanca [3f2a]")."""
    names = session.annotator_names()
    left_out = {session.annotator.id, GOLD_ANNOTATOR_ID}
    ids = [i for i, name in whose.items() if name in written and i not in left_out]
    return [names.get(i, whose[i]) for i in ids] or list(written)


@dataclass(frozen=True)
class Shared:
    """What a shared copy holds."""

    documents: int
    spans: int
    annotators: int


def share(
    session: Session, target: Path, progress: Callable[[int, int], None] | None = None
) -> Shared:
    """Write a consistent copy of the project to ``target`` (SQLite's backup API: edits not
    yet folded into the file are in it), one self-contained file renamed into place when
    complete."""
    session.backup_to(target, progress)
    counts = session.span_counts()
    return Shared(session.document_count(), sum(counts.values()), len(counts))


def summary(report: WorkReport) -> str:
    """One line: documents matched and not here, whose work came in, what it holds."""
    load = report.load
    parts = [f"{counted(load.documents_matched, 'document')} matched"]
    if load.not_found:
        parts.append(f"{len(load.not_found)} not in this project")
    if load.documents_added:
        parts.append(f"{load.documents_added} added")
    text = ", ".join(parts)
    if load.annotators:
        text += (
            f"; work of {', '.join(report.annotators or load.annotators)}: "
            f"{counted(load.spans, 'span')}, "
            f"{counted(load.quotes, 'quote')}, {counted(load.claims, 'claim')}"
        )
        if load.replaced:
            text += f" ({counted(load.replaced, 'earlier version')} replaced)"
    else:
        text += "; nothing new"
    if load.unchanged:
        text += f"; {counted(load.unchanged, 'line')} already here, unchanged"
    if load.own:
        text += f"; {counted(len(load.own), 'line')} of your own work left out"
    return text
