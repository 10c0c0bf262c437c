"""Bringing another annotator's work in (their project file, read without a trace, or their
native JSONL export), each annotator's work replacing what they had here before; and writing a
copy of the project to share.

Their ``.sqlite`` is never written, nor anything beside it: it is read the one way a file that
is not ours is read, through a private copy of its bytes (and of its ``-wal``) checked unchanged
and whole, then backed up into memory (``session.rows.ProjectCopy``; ``storage.copying``), and
checked like a project we open (not a project, or too new: refused with the file named; changed
while read: Behind, the file named). Reading (``their_work``) needs no session, so a team
folder reads in a thread of its own and only writes (``bring_in``) on the session's thread.
Its work is read as native lines (``formats.project_file``) and loaded with the rules of
``formats.native_load`` for bringing work in (``Rules(replace_existing=True)``). A JSONL file
may hold part of the work only (an export of done documents), so it replaces work only on the
documents it has lines for.

A team member's file (a team folder's work file, or a package of this project bound to whoever
opened it) is that member's track on every document it holds: work they removed there is
removed here, down to a track emptied whole (no span, quote, claim or status of theirs left in
it), which in any other project file would look like an annotator it simply does not hold.
"""

from __future__ import annotations

import contextlib
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
from annotator.session.team import FileMark
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
) -> WorkReport:
    """Bring in the work of the annotators in ``path`` (a project file, or native JSONL) in
    one transaction, under the rules in the module docstring; JsonlError, NotAProject, TooNew,
    Behind (the file changed while it was read) or MissingLabels name the file, and then
    nothing of it was kept.

    A project file made from this project (a package or a team folder's work file: the same
    ``created_at``) has this project's label ids, so work on a label renamed here since comes
    in under the new name; the name its package was made for (``team.assignee``), bound to
    whoever opened it, is bound here too (``team_binding``). ``only``: the work of that
    annotator id alone; a file that does not know ``only`` brings nothing (not an error: that
    teammate has not opened it yet). The work of the file's own writer (``only``, else the
    holder of a package of this project) is their track on each of its documents, work they
    removed included (``owner``)."""
    path = Path(path)
    why = not_a_file(path)
    if why:
        raise AnnotatorError(f"{path} {why}; give a colleague's project file or JSONL file")
    if path.resolve() == session.path.resolve():
        raise AnnotatorError(f"{path} is this project itself; choose a colleague's file")
    options = Options(add_documents, add_labels, dict(label_map or {}))
    if not is_project_file(path):
        whose: dict[str, str] = {}
        loaded = _load(session, path, _noting(read_checked(path, progress), whose), {}, options)
        report = WorkReport(path, "JSONL", loaded)
        report.annotators = _shown(session, whose, loaded.annotators)
        return report
    with their_work(Ours.of(session), path, only=only, progress=progress) as theirs:
        return bring_in(session, theirs, options)


@dataclass(frozen=True)
class Options:
    """How work is brought in (``add_work``'s options)."""

    add_documents: bool = False
    add_labels: bool = False
    label_map: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Ours:
    """What reading a colleague's project file needs of ours, taken on the session's thread
    (the reading itself needs no session: it may run in a thread of its own)."""

    path: Path
    created: str
    label_ids: dict[int, tuple[str, str]]

    @classmethod
    def of(cls, session: Session) -> Ours:
        return cls(session.path, session.team.created(), session.team.label_ids())


@dataclass
class TheirWork:
    """A colleague's project file read through a checked private copy (``ProjectCopy``):
    their work as lines (an iterator while the copy is open; a list once ``read_whole``), the
    labels renamed here since their file was made, the name and id bound in it, and which
    bytes of the file were read."""

    path: Path
    lines: Iterable[Line]
    renamed: dict[str, str]
    # (assignee name, the annotator id bound to it there, when it was bound there or None)
    binding: tuple[str, str, str | None] | None
    mark: FileMark
    only: str | None = None  # the work of that annotator id alone was read


@contextlib.contextmanager
def their_work(
    ours: Ours,
    path: Path,
    *,
    only: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    roll_back: bool = True,
) -> Iterator[TheirWork]:
    """Their project file at ``path`` read through a checked private copy, its lines read
    while the copy is open (``roll_back``: see ``ProjectCopy``). Nothing of our project is
    touched: this may run off the session's thread."""
    theirs = ProjectCopy(path, roll_back=roll_back)
    try:
        name = theirs.setting(ASSIGNEE)
        bound = theirs.bindings().get(name) if name else None
        owners = owner(ours, theirs, only, bound)
        yield TheirWork(
            path,
            _read_from(path, project_lines(theirs, progress, only=only, owners=owners)),
            _renamed_labels(ours, theirs),
            (name, bound, theirs.bound_at().get(name)) if bound else None,
            theirs.mark,
            only,
        )
    finally:
        theirs.close()


def owner(ours: Ours, theirs: ProjectCopy, only: str | None, bound: str | None) -> list[str]:
    """Whose track ``theirs`` is on each of its documents, even with nothing of theirs left in
    it: the annotator id naming a team folder's work file (``only``: its one writer), else the
    one its package's name is bound to, for a package of this project. Nobody's in any other
    file (a copy of a whole project holds only the work brought into it: an annotator with
    none there may have work elsewhere)."""
    if only is not None:
        return [only]
    if bound and theirs.created() and theirs.created() == ours.created:
        return [bound]
    return []


def read_whole(ours: Ours, path: Path, only: str) -> TheirWork:
    """A team folder's work file read whole, its lines in a list (for a thread of its own:
    only ``bring_in`` is then left for the session's thread). A ``-journal`` beside it is a
    writer at work: Behind."""
    with their_work(ours, path, only=only, roll_back=False) as theirs:
        theirs.lines = list(theirs.lines)
    return theirs


def bring_in(session: Session, theirs: TheirWork, options: Options | None = None) -> WorkReport:
    """Write the work read of their file (``their_work``) into the project, in one
    transaction, and bind the name their file was made for (``team_binding``)."""
    options = options or Options()
    whose: dict[str, str] = {}
    lines = iter(theirs.lines)
    first = next(lines, None)
    if first is None and theirs.only is not None:  # (a teammate who never opened it)
        loaded = LoadReport()
    else:
        noted = _noting(itertools.chain([first] if first else [], lines), whose)
        loaded = _load(session, theirs.path, noted, theirs.renamed, options)
    bound = team_binding(session, theirs.binding)
    report = WorkReport(theirs.path, "project file", loaded, [bound] if bound else [])
    report.annotators = _shown(session, whose, loaded.annotators)
    return report


def _load(
    session: Session,
    path: Path,
    lines: Iterable[Line],
    renamed: Mapping[str, str],
    options: Options,
) -> LoadReport:
    rules = Rules(
        replace_existing=True,
        add_documents=options.add_documents,
        own_annotator=session.annotator.id,
    )
    return load_lines(
        session.rows,
        lines,
        str(path),
        add_labels=options.add_labels,
        label_map={**renamed, **options.label_map},
        rules=rules,
    )


def _renamed_labels(ours: Ours, theirs: ProjectCopy) -> dict[str, str]:
    """Their label name -> ours, for each label renamed since their file was made from this
    project (same ``created_at``, same label id and layer, another name)."""
    if not theirs.created() or theirs.created() != ours.created:
        return {}
    return {
        name: ours.label_ids[i][1]
        for i, (layer, name) in theirs.label_ids().items()
        if i in ours.label_ids and ours.label_ids[i][0] == layer and ours.label_ids[i][1] != name
    }


def team_binding(session: Session, binding: tuple[str, str, str | None] | None) -> str:
    """Bind here the name their file was made for (``team.assignee``) to the id it is bound to
    there (``binding``), if it is unbound here, as of when it was bound there (when they first
    opened their file, not when their work arrived here); what to tell the user ("" if
    nothing was bound). A name or id bound otherwise here is told, not changed."""
    if binding is None or session.read_only:
        return ""
    name, bound, at = binding
    here = session.assignments.bindings().get(name)
    if here == bound:
        return ""
    try:
        session.assignments.bind(name, bound, at)
    except AnnotatorError as exc:
        return f"the binding of {name!r} in it was not taken: {exc}"
    when = f" on {at[:10]}" if at else ""
    return f"{name!r} is now bound to annotator id {bound} (they opened their package{when})"


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
