"""Assigning documents to a team and moving them between its members (issue 15), for the
command line and the window alike: each use case makes one operation (``session.ops``) for the
caller to apply (the command) or push on the undo stack (the window), and says where the team
stands after it.

By default an assignment gives out the documents nobody has yet (after an import), counting the
work each name has already; ``replace`` assigns every document anew. With no seed a new one is
drawn; the seed used is recorded in the project (``team.seed``) with the shares, so that the
assignment can be made again exactly.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from annotator.core.assignment import (
    AssignmentError,
    Plan,
    Reassignment,
    Summary,
    clean_names,
    overlap_count,
    pairs_needed,
    plan,
    reassignment,
    summarize,
)
from annotator.core.model import Status
from annotator.core.wording import counted
from annotator.session import Session
from annotator.session.assignments import LEAD, OVERLAP, PER_DOC, SEED
from annotator.session.ops.assignments import Assign, Reassign

SEEDS = 1_000_000  # a seed drawn when none is given: below this (short enough to type)


@dataclass(frozen=True)
class Assignment:
    """An assignment worked out, not yet made: ``operation`` makes it (one edit)."""

    operation: Assign
    plan: Plan
    seed: int
    names: list[str]  # as they will be stored (a name known to the project keeps its spelling)
    replaced: int  # assignments taken away first (``replace``)
    overlap: float
    per_doc: int
    before: Summary  # the team as it stands
    after: Summary  # the team once it is made

    @property
    def empty(self) -> bool:
        return not self.plan.assignments


def prepare_assignment(
    session: Session,
    names: Sequence[str],
    *,
    overlap: float = 0.0,
    per_doc: int = 2,
    seed: int | None = None,
    replace: bool = False,
) -> Assignment:
    """Work out the assignment of the documents nobody has yet (every document with
    ``replace``) to ``names`` (as typed: ``core.assignment.clean_names``); AssignmentError
    with the reason if it cannot be made. Nothing is written."""
    bindings = session.assignments.bindings()
    team = clean_names(names, known=bindings)
    seed = secrets.randbelow(SEEDS) if seed is None else seed
    documents = session.document_list().ids()
    assigned = session.assignments.by_document()
    existing = {} if replace else assigned
    new = [d for d in documents if d not in existing]
    made = plan(new, team, overlap=overlap, per_doc=per_doc, seed=seed, existing=existing)
    settings = {SEED: str(seed), OVERLAP: f"{overlap:g}", PER_DOC: str(per_doc)}
    if not session.assignments.lead():
        settings[LEAD] = session.annotator.id  # whoever first assigns leads the team
    remove = [(d, n) for d, group in assigned.items() for n in group] if replace else []
    operation = Assign(session, made.pairs_of_new(), remove=remove, settings=settings)
    after = {**existing, **made.assignments}
    return Assignment(
        operation=operation,
        plan=made,
        seed=seed,
        names=team,
        replaced=len(remove),
        overlap=overlap,
        per_doc=per_doc,
        before=summarize(assigned, len(documents)),
        after=summarize(after, len(documents), team),
    )


def made_on(assignment: Assignment, session: Session) -> Assignment:
    """The same assignment, its operation made on ``session``: one worked out on a reader's
    session (the window's preview, on a thread of its own) is made on the window's."""
    op = assignment.operation
    return replace(
        assignment, operation=Assign(session, op.add, remove=op.remove, settings=op.settings)
    )


def shortfall(assignment: Assignment) -> str:
    """What to tell the lead when an assignment with an overlap leaves pairs of names that
    share no document ("" if every pair shares one, or there is no overlap): how many
    overlap documents it would take."""
    missing = assignment.after.uncovered
    if not missing or not assignment.overlap:
        return ""
    working = len(assignment.after.with_names())
    needed = pairs_needed(working, min(assignment.per_doc, working))
    shown = ", ".join(f"{a}+{b}" for a, b in missing[:6]) + (" ..." if len(missing) > 6 else "")
    return (
        f"{counted(len(missing), 'pair')} of annotators share no document ({shown}): "
        f"{working} annotators need at least {needed} overlap documents at "
        f"{assignment.per_doc} per document for every pair to share one (about "
        f"{-(-needed * 3 // 2)} to be sure); this assignment makes "
        f"{len(assignment.plan.overlap_documents)}"
    )


@dataclass(frozen=True)
class Move:
    """A reassignment worked out, not yet made: ``operation`` makes it (one edit)."""

    operation: Reassign
    decided: Reassignment
    source: str
    target: str
    after: Summary


def prepare_reassignment(
    session: Session,
    source: str,
    target: str,
    *,
    documents: Sequence[str] | None = None,
    include_done: bool = False,
) -> Move:
    """Work out moving documents of ``source`` (an assignee, case aside) to ``target`` (any
    name): those in ``documents``, or all of them. Documents ``source`` marked done stay
    theirs unless ``include_done`` (their finished work counts for agreement and review).
    AssignmentError with the reason if it cannot be made. Nothing is written."""
    known = session.assignments.bindings()
    (source_name,) = clean_names([source], known=known)
    if source_name not in known:
        listed = ", ".join(sorted(known, key=str.casefold)) or "none yet"
        raise AssignmentError(
            f"{source.strip()!r} is not an assignee of {session.path} (assignees: {listed})"
        )
    (target_name,) = clean_names([target], known=known)
    assigned = session.assignments.by_document()
    if documents is not None:
        for document_id in documents:
            if not session.document_exists(document_id):
                raise AssignmentError(
                    f"{session.path} has no document {document_id!r}: nothing was reassigned"
                )
    done = _done(session, source_name, assigned)
    decided = reassignment(
        assigned,
        source_name,
        target_name,
        documents=documents,
        done=done,
        include_done=include_done,
    )
    after = {d: list(names) for d, names in assigned.items()}
    for document_id, name in decided.remove:
        after[document_id].remove(name)
    for document_id, name in decided.add:
        after.setdefault(document_id, []).append(name)
    operation = Reassign(session, source_name, target_name, decided.remove, decided.add)
    count = len(session.document_list())
    return Move(operation, decided, source_name, target_name, summarize(after, count))


def _done(session: Session, name: str, assigned: Mapping[str, Sequence[str]]) -> set[str]:
    """The documents of ``name`` its annotator (as resolved in this file) marked done."""
    annotator_id = session.assignments.resolved().get(name)
    if annotator_id is None:
        return set()
    return {
        d
        for d, names in assigned.items()
        if name in names and session.status(d, annotator_id) is Status.DONE
    }


# -- how it is told ---------------------------------------------------------------------------


def team_summary(session: Session) -> Summary:
    """Where the project's assignment stands now."""
    return summarize(session.assignments.by_document(), len(session.document_list()))


def summary_lines(session: Session, summary: Summary) -> list[str]:
    """The summary as lines of text: per annotator, pairs sharing documents."""
    shown = session.assignments.shown_names()
    lines = [
        f"{summary.assigned} of {counted(summary.documents, 'document')} assigned"
        + (
            f", {summary.documents - summary.assigned} to nobody"
            if summary.documents > summary.assigned
            else ""
        )
    ]
    if summary.rows:
        width = max(len(shown.get(r.name, r.name)) for r in summary.rows)
        lines.append(f"{'annotator':<{width}}  documents  in the overlap")
        for r in summary.rows:
            lines.append(f"{shown.get(r.name, r.name):<{width}}  {r.documents:>9}  {r.overlap:>14}")
    if summary.shared:
        pairs = ", ".join(f"{a}+{b} {n}" for (a, b), n in summary.shared.items())
        lines.append(f"pairs sharing documents: {pairs}")
    if summary.uncovered:
        pairs = ", ".join(f"{a}+{b}" for a, b in summary.uncovered)
        lines.append(f"pairs sharing none: {pairs}")
    return lines


def summary_json(session: Session, summary: Summary) -> dict[str, Any]:
    bindings = session.assignments.bindings()
    return {
        "project": str(session.path),
        "documents": summary.documents,
        "assigned": summary.assigned,
        "annotators": [
            {
                "name": r.name,
                "bound_to": bindings.get(r.name),
                "documents": r.documents,
                "overlap": r.overlap,
            }
            for r in summary.rows
        ],
        "pairs": [{"a": a, "b": b, "documents": n} for (a, b), n in summary.shared.items()],
        "pairs_sharing_none": [[a, b] for a, b in summary.uncovered],
    }


def overlap_documents(documents: int, overlap: float) -> int:
    """How many of ``documents`` an overlap share makes (for a preview)."""
    return overlap_count(documents, overlap)
