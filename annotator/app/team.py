"""A team on plain files (issue 15): packages handed out to the assignees, the binding of a
package's name to whoever opens it, and the team folder, where every person writes only
their own file and reads the others' by copy.

A team folder is a project folder with a ``work/`` folder: ``project.sqlite`` is the lead's
(the lead is its only writer) and ``work/<annotator-id>.sqlite`` is each member's (its owner
its only writer). The lead is the annotator recorded as ``team.lead`` in ``project.sqlite``;
a project no one leads yet is led by the first person to open it as a team folder or to
package it. The lead's session writes ``project.sqlite`` and brings in each work file's own
track (the annotator whose id names the file: never a stale copy of someone else's track from
another person's file), through the add-work path, read by a private copy checked whole
(``storage.copying.private_copy``, as ``add-work`` reads any file). A member's session
writes their work file, made on first open from ``project.sqlite`` (their assigned documents,
the scheme, the registry).
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import time
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.app.work import Ours, TheirWork, bring_in, read_whole
from annotator.core.errors import AnnotatorError
from annotator.core.model import Annotator
from annotator.core.records import StoredLabel
from annotator.core.rows import RowTarget
from annotator.core.wording import counted
from annotator.formats.native_load import differing_lines
from annotator.formats.project_file import is_project_file
from annotator.session import Session
from annotator.session.assignments import ASSIGNEE, LEAD, OTHERS_VISIBLE
from annotator.session.rows import ProjectCopy
from annotator.session.team import Behind, Cut, FileMark, mark_of, rollback_journal
from annotator.storage.errors import ProjectError, TooNew

WORK_DIR = "work"
LEAD_TRIES = 8  # copies of the lead's file taken before it is said to be behind
PROJECT_FILE = "project.sqlite"
_UNSAFE = re.compile(r"[^\w.-]+")


# -- packages ----------------------------------------------------------------------------------


def package_names(names: Sequence[str]) -> dict[str, str]:
    """Assignee name -> the file name of their package, safe on every file system: letters,
    digits, ``_ . -`` (the rest become ``_``), no leading dot, at most 60 characters; a name
    that had to change, or whose file name another name shares case aside (two names, one
    file on macOS and Windows), gets the start of a hash of the name, so no two names share a
    file."""
    slugs: dict[str, str] = {}
    for name in names:
        slug = _UNSAFE.sub("_", unicodedata.normalize("NFC", name)).strip("._")[:60] or "_"
        slugs[name] = slug
    folded: dict[str, int] = {}
    for slug in slugs.values():
        folded[slug.casefold()] = folded.get(slug.casefold(), 0) + 1
    files = {}
    for name, slug in slugs.items():
        if slug != name or folded[slug.casefold()] > 1 or slug.upper() in _RESERVED:
            slug += "-" + hashlib.sha256(name.encode()).hexdigest()[:8]
        files[name] = f"{slug}.sqlite"
    return files


_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10))}
_RESERVED |= {f"LPT{i}" for i in range(10)}


@dataclass
class Packaged:
    """One assignee's package: written, or refused and why."""

    name: str
    path: Path
    documents: int = 0
    refused: str = ""


def lead_of(session: Session) -> str:
    """The project's lead (recorded now if nobody leads it: whoever packages or opens it as a
    team folder first leads it)."""
    lead = session.assignments.lead()
    if not lead:
        session.assignments.set_setting(LEAD, session.annotator.id)
        lead = session.annotator.id
    return lead


def package(session: Session, folder: Path, names: Sequence[str] = ()) -> list[Packaged]:
    """Write ``folder/<name>.sqlite`` for each assignee (``names``, default: every assignee):
    their documents, the scheme, the guideline, the registry, their assignment rows, their own
    track (work of theirs brought in here), and the others' tracks only if
    ``team.others_visible`` is '1'. Each is renamed into place when complete.

    A file already there is replaced only if it is that assignee's package of this project
    and every piece of their work in it is here already (brought in with add-work): a package
    is theirs once handed out, and their work must not be lost to a new scheme."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ProjectError(f"{folder} is not a folder; create it, or give another")
    known = session.assignments.names()
    unknown = [n for n in names if n not in known]
    if unknown:
        raise AnnotatorError(
            f"no documents are assigned to {', '.join(map(repr, unknown))} in {session.path}; "
            f"assignees: {', '.join(known) or 'none (run annotator assign first)'}"
        )
    chosen = list(names) or known
    if not chosen:
        raise AnnotatorError(f"{session.path} has no assignments: run annotator assign first")
    lead = lead_of(session)
    files = package_names(known)
    visible = session.assignments.others_visible()
    bindings = session.assignments.bindings()
    done = []
    for name in chosen:
        target = folder / files[name]
        bound = bindings.get(name)
        why = _replace_refusal(session, target, name, bound)
        if why:
            done.append(Packaged(name, target, refused=why))
            continue
        documents = session.assignments.documents_of(name)
        keep = None if visible else ({bound} if bound else _namesakes(session, name))
        session.team.package(target, Cut(name, set(documents), keep, lead))
        done.append(Packaged(name, target, len(documents)))
    return done


def _namesakes(session: Session, name: str) -> set[str]:
    """Ids of annotators here called ``name`` (case aside): whose work counts for an unbound
    name."""
    return {a.id for a in session.annotators() if a.name.casefold() == name.casefold()}


def _replace_refusal(session: Session, target: Path, name: str, bound: str | None) -> str:
    """Why the package of ``name`` must not replace ``target`` ("" if it may)."""
    if not target.exists() and not target.is_symlink():
        return ""
    if not target.is_file() or target.is_symlink() or not is_project_file(target):
        return f"{target} exists and is not a package of this project; it was left as it was"
    try:
        theirs = ProjectCopy(target)
    except AnnotatorError as exc:
        return f"{exc}; it was left as it was"
    try:
        same = theirs.created() == session.team.created()
        if not same or theirs.setting(ASSIGNEE) != name:
            return f"{target} is not {name}'s package of this project; it was left as it was"
        holder = theirs.bindings().get(name) or bound
        if holder is None:
            return ""
        missing = theirs.track(holder) - session.team.track(holder)
    finally:
        theirs.close()
    if missing:
        return (
            f"{target} holds work of {name} not brought in yet ({counted(len(missing), 'piece')}"
            f"): bring it in first (annotator add-work {session.path} {target}), then package "
            "again; it was left as it was"
        )
    return ""


def claim_package(session: Session) -> str:
    """On opening a package or work file for writing: bind its name (``team.assignee``) to the
    person opening it, once, unless they lead the project or the name is bound already. What
    to tell them ("" if nothing was bound)."""
    name = session.assignments.setting(ASSIGNEE)
    me = session.annotator.id
    if not name or session.read_only or session.assignments.lead() == me:
        return ""
    bindings = session.assignments.bindings()
    if bindings.get(name) is not None or me in bindings.values():
        return ""
    session.assignments.bind(name, me)
    return f"this package of {name!r} is now bound to you ({session.annotator.name})"


# -- the team folder ---------------------------------------------------------------------------


def is_team_folder(path: Path) -> bool:
    """A project folder with a ``work/`` folder of members' files."""
    path = Path(path)
    return path.is_dir() and (path / WORK_DIR).is_dir() and (path / PROJECT_FILE).is_file()


def work_file(folder: Path, annotator_id: str) -> Path:
    return Path(folder) / WORK_DIR / f"{annotator_id}.sqlite"


@dataclass
class Collected:
    """What one refresh of the team folder did."""

    read: list[Path] = field(default_factory=list)  # read whole and brought in
    unchanged: int = 0  # files not read again: the same bytes as last time
    behind: dict[Path, str] = field(default_factory=dict)  # file -> why it was not read now
    notes: list[str] = field(default_factory=list)


class TeamFolder:
    """The lead's view of a team folder: each member's work file, brought in when its bytes
    change (``refresh``: the cost is that of the files that changed). A file that cannot be
    read whole now keeps what was brought in of it before, and is named in ``status``."""

    def __init__(self, session: Session, folder: Path) -> None:
        self.session = session
        self.folder = Path(folder)
        self._marks: dict[Path, FileMark] = {}
        self.behind: dict[Path, str] = {}  # file -> why it is behind, in full
        self._short: dict[Path, str] = {}  # file -> why, in a few words

    def work_files(self) -> list[Path]:
        """Every member's work file (not the lead's own), by name."""
        mine = work_file(self.folder, self.session.annotator.id)
        found = sorted((self.folder / WORK_DIR).glob("*.sqlite"))
        return [p for p in found if p != mine and not p.name.startswith(".")]

    def refresh(self, only: Iterable[Path] | None = None) -> Collected:
        """Bring in every work file whose bytes changed since it was last read (or those of
        ``only``), read and written here, one after the other (the window reads them in a
        thread of its own instead: ``changed``, ``read_work_file``, ``take``)."""
        done = Collected()
        changed, done.unchanged = self.changed(only)
        ours = self.ours()
        for path in changed:
            self.take(path, read_work_file(ours, path), done)
        return done

    def changed(self, only: Iterable[Path] | None = None) -> tuple[list[Path], int]:
        """The work files (of ``only``, else all) whose bytes changed since they were last
        read, and how many did not: one ``stat`` each."""
        changed, unchanged = [], 0
        for path in list(only) if only is not None else self.work_files():
            if path in self._marks and mark_of(path) == self._marks[path]:
                unchanged += 1
            else:
                changed.append(path)
        return changed, unchanged

    def ours(self) -> Ours:
        """What reading a work file needs of the lead's project (on the session's thread)."""
        return Ours.of(self.session)

    def take(self, path: Path, read: TheirWork | AnnotatorError, done: Collected) -> None:
        """Write what ``read_work_file`` read of ``path`` into the project (one transaction,
        on the session's thread), or say why the file is behind. The mark kept is that of
        the bytes read: a file that changed since is read again at the next look."""
        if isinstance(read, AnnotatorError):
            self._fell_behind(path, str(read), _short(read), done)
            return
        try:
            report = bring_in(self.session, read)
        except AnnotatorError as exc:
            self._fell_behind(path, str(exc), _short(exc), done)
            return
        self._marks[path] = read.mark
        self.behind.pop(path, None)
        self._short.pop(path, None)
        done.read.append(path)
        done.notes += report.notes

    def _fell_behind(self, path: Path, why: str, short: str, done: Collected) -> None:
        self.behind[path] = done.behind[path] = why
        self._short[path] = short

    def whose(self, path: Path) -> str:
        """Whose work file ``path`` is, as the user knows them (the file's name until their
        work has been read once)."""
        name = self.session.annotator_name(path.stem)
        return path.name if name == "?" else name

    def status(self) -> str:
        """One line for the status bar: how many files are up to date; which one is behind
        (whose, its file) and why, in a few words (``behind`` has the whole reason)."""
        total = len(self.work_files())
        if not self.behind:
            return f"Team folder: {counted(total, 'work file')} up to date"
        path = next(iter(self.behind))
        who = self.whose(path)
        named = path.name if who == path.name else f"{who}, {path.name[:8]}…"
        more = f" (+{len(self.behind) - 1} more)" if len(self.behind) > 1 else ""
        return (
            f"Team folder: {total - len(self.behind)} of {total} up to date; "
            f"behind: {named} ({self._short.get(path, 'refused')}){more}"
        )

    def close(self) -> None:
        """Nothing is held between refreshes (each read removes its private copy as it
        ends); kept so that an owner closes what it opened."""


def read_work_file(
    ours: Ours, path: Path, here: RowTarget | None = None
) -> TheirWork | AnnotatorError:
    """A member's work file read whole by a checked private copy: the work of the annotator
    whose id names it, as lines; or why it cannot be read now (Behind: read again later).
    Needs no session: the window runs it in a thread of its own. ``here``: the lead's
    project on a reader's connection of its own; then only the lines that differ from what
    it holds are kept (``differing_lines``), so that the write has only those to compare."""
    try:
        theirs = read_whole(ours, path, only=path.stem)
        if here is not None:
            theirs.lines = list(differing_lines(here, theirs.lines, theirs.renamed))
    except AnnotatorError as exc:
        return exc
    return theirs


def _short(exc: AnnotatorError) -> str:
    """Why a file is behind, in a few words."""
    if isinstance(exc, Behind):
        return exc.short
    return "too new: they must upgrade" if isinstance(exc, TooNew) else "refused"


def make_work_file(folder: Path, me: Annotator) -> Path:
    """A member's work file, made from ``project.sqlite`` (read by a private copy) on their
    first open: their assigned documents, the scheme, the guideline, the registry, their own
    track; the others' tracks too if the lead lets annotators see them. Renamed into place
    when complete; an existing work file is never replaced."""
    target = work_file(folder, me.id)
    if target.exists():
        return target
    with lead_copy(folder) as theirs:
        name = _my_name(theirs, me)
        if not name:  # an empty work file would only mislead them: say what is missing
            names = sorted(theirs.bindings())
            raise ProjectError(
                f"{folder / PROJECT_FILE} assigns no documents to you ({me.name}): "
                + (
                    f"its assignees are {', '.join(names)}; the lead can assign you documents "
                    "(`annotator assign`), or open it under your assignee name"
                    if names
                    else "the lead has assigned no documents yet (`annotator assign`)"
                )
                + "; no work file was made"
            )
        lead = theirs.setting(LEAD)
        visible = theirs.setting(OTHERS_VISIBLE, "0") == "1"
        documents = theirs.documents_of(name)
        cut = Cut(name, set(documents), None if visible else {me.id}, lead)
        with contextlib.suppress(FileExistsError):
            theirs.package_to(target, cut)
    return target


@contextlib.contextmanager
def lead_copy(folder: Path, tries: int = LEAD_TRIES) -> Iterator[ProjectCopy]:
    """The lead's ``project.sqlite`` read by a private copy checked whole (never in place: it
    is the lead's, and a sync engine may replace it). A copy caught mid-commit or mid-sync is
    taken again, ``tries`` times in all, a little later each time (a commit takes
    milliseconds); then Behind, naming the file."""
    source = Path(folder) / PROJECT_FILE
    for attempt in range(tries):
        try:
            theirs = ProjectCopy(source, roll_back=False)
            break
        except Behind:
            if attempt == tries - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    try:
        yield theirs
    finally:
        theirs.close()


def _my_name(theirs: ProjectCopy, me: Annotator) -> str:
    """The assignee name that stands for ``me`` in the lead's file: the one bound to my id,
    else an unbound one equal to my name (case aside); "" if none."""
    names = theirs.bindings()
    for name, bound in names.items():
        if bound == me.id:
            return name
    for name, bound in names.items():
        if bound is None and name.casefold() == me.name.casefold():
            return name
    return ""


def open_team(
    folder: Path, me: Annotator, *, read_only: bool = False, network_ok: bool = False
) -> tuple[Session, TeamFolder | None]:
    """Open a team folder as ``me``: the lead (or the first to open a folder no one leads)
    gets ``project.sqlite`` for writing with every member's work brought in (and the
    ``TeamFolder`` to refresh it); a member gets their work file for writing, made on first
    open, bound to them, following the lead's scheme, and, if the lead lets annotators see
    each other's work, the others' own tracks brought in by copy (and a ``TeamFolder``).
    ``read_only``: the lead's ``project.sqlite`` or a member's work file as it is, nothing
    brought in."""
    folder = Path(folder)
    project = folder / PROJECT_FILE
    mine = work_file(folder, me.id)
    if mine.exists():
        lead = ""  # (a member: the lead never has a work file)
    else:
        with lead_copy(folder) as theirs:
            lead = theirs.setting(LEAD) or me.id  # (no lead yet: I become it)
    if read_only:
        if lead == me.id:
            return Session.open(project, me, read_only=True), None
        if not mine.exists():
            raise ProjectError(
                f"{folder} is a team folder where you have no work file yet: open it once "
                "without read-only to make yours (the lead's project.sqlite is read by copy only)"
            )
        return Session.open(mine, me, read_only=True), None
    if lead == me.id:
        rollback_journal(project)  # (each file of the folder is synced whole, by itself)
        session = Session.open(project, me, wal=False, network_ok=network_ok)
        try:
            lead_of(session)
            team = TeamFolder(session, folder)
            team.refresh()
        except BaseException:
            session.close()
            raise
        return session, team
    make_work_file(folder, me)
    rollback_journal(mine)
    session = Session.open(mine, me, wal=False, network_ok=network_ok)
    try:
        claim_package(session)
        follow_lead(session, folder)
        if not session.assignments.others_visible():
            return session, None
        team = TeamFolder(session, folder)  # the others' own tracks, read by copy, as the lead
        try:
            team.refresh()
        except BaseException:
            team.close()
            raise
    except BaseException:
        session.close()
        raise
    return session, team


@dataclass
class LeadScheme:
    """What a member's work file follows of the lead's ``project.sqlite`` (read by copy):
    the project's birth, the scheme, the guideline, whether members see each other's work,
    and which bytes of the file were read (``mark``)."""

    created: str
    labels: list[StoredLabel]
    guideline: str
    others_visible: str
    mark: FileMark


def read_lead(folder: Path) -> LeadScheme | AnnotatorError:
    """The lead's scheme, read from ``project.sqlite`` by a private copy checked whole; or why
    it cannot be read now (Behind: read again later). Needs no session: the member's window
    runs it in a thread of its own."""
    try:
        with lead_copy(folder) as lead:
            visible = lead.setting(OTHERS_VISIBLE, "0")
            return LeadScheme(
                lead.created(), lead.label_rows(), lead.guideline(), visible, lead.mark
            )
    except AnnotatorError as exc:
        return exc


def follow_lead(session: Session, folder: Path) -> str:
    """A member's work file follows the lead's scheme and guideline (read from
    ``project.sqlite`` by a private copy; matched by label id): what changed, in words ("" if
    nothing; a lead's file caught mid-sync is left for the next open, and said)."""
    return adopt_lead(session, read_lead(folder))


def adopt_lead(session: Session, lead: LeadScheme | AnnotatorError) -> str:
    """Write what ``read_lead`` read into the member's work file (one transaction, on the
    session's thread; reported as a change of the scheme): each open does it
    (``follow_lead``), and the member's window each time the lead's file changes. What
    changed, in words ("" if nothing)."""
    if isinstance(lead, Behind):
        return f"the lead's scheme was not read now: {lead}"
    if isinstance(lead, AnnotatorError):
        return f"the lead's scheme could not be read ({lead}); yours is as it was"
    if lead.created != session.team.created():
        return ""
    try:
        done = session.team.adopt_scheme(lead.labels, lead.guideline)
    except AnnotatorError as exc:  # (e.g. two labels that swapped keys): nothing changed
        return f"the lead's scheme could not be followed ({exc}); yours is as it was"
    if lead.others_visible != session.assignments.setting(OTHERS_VISIBLE, "0"):
        session.assignments.set_setting(OTHERS_VISIBLE, lead.others_visible)
        done.append("seeing the others' work" if lead.others_visible == "1" else "not seeing it")
    return f"the lead changed the scheme: {', '.join(done)}" if done else ""
