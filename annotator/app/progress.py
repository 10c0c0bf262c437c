"""The team's progress (issue 15), one set of figures for `annotator progress`, the progress
part of `annotator stats` and the Statistics view's Progress section: counted from the file
(``session.team_progress``) into ``core.progress.Progress``, shaped as tables, text and JSON.

A ``ProgressCache`` keeps the assignment, each assignee's work, each pair's agreement and
each document's entries: after one annotator's work changed (``forget``), counting again
reads that annotator's documents, compares the pairs they are in and makes those documents'
entries again, nothing else of anyone's work nor of the assignment (read again after
``forget_assignment``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from annotator.app.tables import Cell, Table, aligned
from annotator.core.agreement.records import Counts
from annotator.core.progress import (
    LAYERS,
    AssigneeWork,
    DocumentProgress,
    PairAgreement,
    Progress,
    ReadyDocument,
    assignee_progress,
    document_progress,
    pair_agreement,
    pairs_to_compare,
)
from annotator.core.wording import counted
from annotator.session import Session

HOW_TO_ASSIGN = (
    "No documents are assigned in this project: assign them with "
    "`annotator assign PROJECT --to alice,bob` or Project > Assign…"
)
DASH = "—"


@dataclass(frozen=True)
class Assignment:
    """The assignment as the count reads it: document id -> its assignees' names (every
    assigned document), each name's documents, the overlap (documents of two or more), the
    titles of the assigned documents in list order, the documents in the project."""

    by_document: dict[str, list[str]]
    documents_of: dict[str, list[str]]
    overlap: set[str]
    titles: dict[str, str]
    documents: int
    pairs: list[tuple[str, str]]  # the names sharing a document (``pairs_to_compare``)


def read_assignment(session: Session) -> Assignment:
    team = session.team_progress
    by_document = team.by_document()
    documents_of: dict[str, list[str]] = {}
    for doc, names in by_document.items():
        for name in names:
            documents_of.setdefault(name, []).append(doc)
    overlap = {doc for doc, names in by_document.items() if len(names) > 1}
    titles = team.titles()
    return Assignment(
        by_document, documents_of, overlap, titles, team.documents(), pairs_to_compare(by_document)
    )


@dataclass
class ProgressCache:
    """What the last count read, kept for the next: the assignment (until
    ``forget_assignment``), each name's work while its annotator, documents and overlap stay
    the same and nobody ``forget``s them, each pair's agreement while both works are the
    same, and each assigned document's entries (``core.progress.document_progress``), made
    again only for the documents of the names read again (or whose review changed)."""

    work: dict[str, tuple[tuple[Any, ...], AssigneeWork]] = field(default_factory=dict)
    pairs: dict[tuple[str, str], tuple[AssigneeWork, AssigneeWork, PairAgreement]] = field(
        default_factory=dict
    )
    read: list[str] = field(default_factory=list)  # the names read by the last count
    assignment: Assignment | None = None
    # every assigned document, in list order -> its entry, and its entry in the review queue
    # if it is ready
    documents: dict[str, tuple[DocumentProgress, ReadyDocument | None]] = field(
        default_factory=dict
    )
    remade: int = 0  # how many documents' entries the last count made

    def forget(self, annotator_ids: Iterable[str] | None = None) -> None:
        """The work of these annotators (None: everyone's, and the assignment) changed:
        read it again."""
        if annotator_ids is None:
            self.work.clear()
            self.pairs.clear()
            self.forget_assignment()
            return
        ids = set(annotator_ids)
        for name in [n for n, (_, w) in self.work.items() if w.annotator_id in ids]:
            del self.work[name]

    def forget_assignment(self) -> None:
        """Who is assigned what (or a document's title) changed: read it again (each name's
        work is read again only if their documents changed)."""
        self.assignment = None
        self.documents.clear()


def compute(session: Session, cache: ProgressCache | None = None) -> Progress:
    """Every progress figure of the project (reading again only what ``cache`` lacks)."""
    cache = cache if cache is not None else ProgressCache()
    team = session.team_progress
    if cache.assignment is None:
        cache.assignment = read_assignment(session)
        cache.documents.clear()
    assignment = cache.assignment
    resolved = team.resolved()
    cache.read = []
    work: dict[str, AssigneeWork] = {}
    overlap = assignment.overlap
    for name in sorted(assignment.documents_of):
        mine = assignment.documents_of[name]
        key = (resolved.get(name), tuple(mine), tuple(d for d in mine if d in overlap))
        kept = cache.work.get(name)
        if kept is None or kept[0] != key:
            kept = key, team.work(name, resolved.get(name), mine, overlap)
            cache.work[name] = kept
            cache.read.append(name)
        work[name] = kept[1]
    for name in set(cache.work) - set(work):
        del cache.work[name]
    pairs: dict[tuple[str, str], PairAgreement] = {}
    for a, b in assignment.pairs:
        was = cache.pairs.get((a, b))
        if was is None or was[0] is not work[a] or was[1] is not work[b]:
            was = work[a], work[b], pair_agreement(work[a], work[b])
            cache.pairs[a, b] = was
        pairs[a, b] = was[2]
    for gone in set(cache.pairs) - set(pairs):
        del cache.pairs[gone]
    documents = cache.documents
    if documents:  # the documents of the names read again, then those whose review changed
        changed = dict.fromkeys(d for name in cache.read for d in assignment.documents_of[name])
    else:
        changed = dict.fromkeys(assignment.titles)
    by_document, titles = assignment.by_document, assignment.titles
    for doc in changed:
        if doc in titles:  # (every assigned document of the project)
            documents[doc] = document_progress(
                doc, titles[doc], by_document[doc], work, pairs, False
            )
    ready = [doc for doc, (_, queued) in documents.items() if queued is not None]
    reviewed = team.reviewed(ready)
    for doc in ready:
        listed, queued = documents[doc]
        if queued is not None and queued.reviewed != (doc in reviewed):
            documents[doc] = listed, replace(queued, reviewed=doc in reviewed)
            changed[doc] = None
    cache.remade = len(changed)
    return Progress(
        assignment.documents,
        assignee_progress(work),
        tuple(entry for entry, _ in documents.values()),
        tuple(pairs[k] for k in sorted(pairs)),
        tuple(queued for _, queued in documents.values() if queued is not None),
    )


# -- tables ------------------------------------------------------------------------------------


def f3(value: float | None) -> str:
    return DASH if value is None else f"{value:.3f}"


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else DASH


def tables(p: Progress) -> tuple[Table, ...]:
    """The assignees' progress, the pairs' agreement, the documents ready for review."""
    return (_assignees(p), _labels(p), _pairs(p), _ready(p))


def _assignees(p: Progress) -> Table:
    rows = tuple(
        (a.name, a.assigned, a.started, a.done, percent(a.done, a.assigned), a.spans)
        for a in p.assignees
    )
    assigned = len(p.per_document)
    everyone = sum(1 for d in p.per_document if d.ready)
    some = sum(1 for d in p.per_document if d.done and not d.ready)
    notes: tuple[str, ...] = (
        f"{assigned:,} document{'s' * (assigned != 1)} of {p.documents:,} assigned: "
        f"{everyone:,} done by every assignee ({percent(everyone, assigned)}), {some:,} by "
        f"some, {assigned - everyone - some:,} by none",
    )
    unbound = [a.name for a in p.assignees if a.annotator_id is None]
    if unbound:
        notes += (f"no work here yet under the name {', '.join(unbound)}",)
    if not p.assigned:
        notes = (HOW_TO_ASSIGN,)
    columns = ("Assignee", "assigned", "started", "done", "done %", "spans")
    return Table("progress", "Progress of the assignees", columns, rows, notes)


def _layer_order(key: tuple[str, str]) -> tuple[int, str]:
    layer, label = key
    return (LAYERS.index(layer) if layer in LAYERS else len(LAYERS), label)


def _labels(p: Progress) -> Table:
    """Spans per label on each assignee's documents, a column per assignee and the total."""
    counts = {(a.name, la, lb): n for a in p.assignees for la, lb, n in a.labels}
    keys = sorted({(la, lb) for _, la, lb in counts}, key=_layer_order)
    rows: list[tuple[Cell, ...]] = []
    for layer, label in keys:
        each = [counts.get((a.name, layer, label), 0) for a in p.assignees]
        rows.append((layer, label, *each, sum(each)))
    columns = ("Layer", "Label", *(a.name for a in p.assignees), "total")
    return Table(
        "progress_labels", "Spans by label on the assigned documents", columns, tuple(rows)
    )


def _pairs(p: Progress) -> Table:
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (
            x.a,
            x.b,
            x.documents,
            *(f3(layer.overlap.f1) for layer in x.layers),
            f3(x.f1),
            sum(x.differences.values()),
        )
        for x in p.pairs
    )
    notes = (
        "overlap F1 per layer (spans of one label that overlap), on the overlap's documents "
        "both have done",
    )
    columns = ("A", "B", "documents", *LAYERS, "all", "disagreements")
    return Table("progress_pairs", "Agreement on the overlap", columns, rows, notes)


def _ready(p: Progress) -> Table:
    rows = tuple(
        (
            d.title,
            ", ".join(d.assignees),
            d.differences if d.differences is not None else DASH,
            "yes" if d.reviewed else "no",
        )
        for d in p.ready
    )
    reviewed = sum(1 for d in p.ready if d.reviewed)
    notes = (
        f"{counted(len(p.ready), 'document')} every assignee marked done, {reviewed} reviewed "
        "(gold done); disagreements: the items the Review tab lists for each pair of its "
        "assignees (spans, labels, boundaries, speakers, claim attributes), summed",
    )
    columns = ("Document", "assignees", "disagreements", "reviewed")
    return Table("progress_ready", "Ready for review", columns, rows, notes)


# -- text, JSON, CSV ---------------------------------------------------------------------------


def text_lines(p: Progress) -> list[str]:
    """The progress part as `annotator progress` prints it: aligned columns, a line per
    pair; one line when nothing is assigned."""
    if not p.assigned:
        return [HOW_TO_ASSIGN]
    people, labels, pairs, ready = tables(p)
    lines = [people.title, *(f"  {n}" for n in people.notes), *aligned(people)]
    lines += ["", labels.title, *(aligned(labels) if labels.rows else ["  no spans yet"])]
    lines += ["", pairs.title, *(f"  {n}" for n in pairs.notes)]
    for x in p.pairs:
        layers = ", ".join(f"{layer.layer} {f3(layer.overlap.f1)}" for layer in x.layers)
        lines.append(
            f"  {x.a} – {x.b}: {counted(x.documents, 'document')}; {layers}; all {f3(x.f1)}; "
            f"{counted(sum(x.differences.values()), 'disagreement')}"
        )
    if not p.pairs:
        lines.append("  no document is assigned to two or more names")
    lines += ["", ready.title, *(f"  {n}" for n in ready.notes)]
    lines += aligned(ready) if ready.rows else []
    return lines


def _counts(c: Counts) -> dict[str, Any]:
    return {"a": c.a, "b": c.b, "matched": c.matched, "f1": c.f1}


def to_json(p: Progress) -> dict[str, Any]:
    """The progress figures as one JSON object."""
    return {
        "assigned": p.assigned,
        "documents": p.documents,
        "assignees": [
            {
                "name": a.name,
                "annotator_id": a.annotator_id,
                "assigned": a.assigned,
                "started": a.started,
                "done": a.done,
                "done_share": a.share_done,
                "spans": a.spans,
                "spans_by_label": [
                    {"layer": la, "label": lb, "spans": n} for la, lb, n in a.labels
                ],
            }
            for a in p.assignees
        ],
        "documents_assigned": [
            {"id": d.id, "title": d.title, "assignees": list(d.assignees), "done": list(d.done)}
            for d in p.per_document
        ],
        "pairs": [
            {
                "a": x.a,
                "b": x.b,
                "documents": x.documents,
                "overlap_f1": x.f1,
                "disagreements": sum(x.differences.values()),
                "layers": {
                    layer.layer: {
                        "exact": _counts(layer.exact),
                        "overlap": _counts(layer.overlap),
                    }
                    for layer in x.layers
                },
            }
            for x in p.pairs
        ],
        "ready_for_review": [
            {
                "id": d.id,
                "title": d.title,
                "assignees": list(d.assignees),
                "disagreements": d.differences,
                "reviewed": d.reviewed,
            }
            for d in p.ready
        ],
    }


def csv_rows(p: Progress) -> Iterator[tuple[Cell, ...]]:
    """The progress as rows of ``app.stats.CSV_COLUMNS`` (figure, annotator, group, item,
    count)."""
    for a in p.assignees:
        for what, n in (("assigned", a.assigned), ("started", a.started), ("done", a.done)):
            yield ("progress", a.name, "", what, n)
        for layer, label, n in a.labels:
            yield ("progress spans by label", a.name, layer, label, n)
    for x in p.pairs:
        yield ("agreement documents", f"{x.a} / {x.b}", "", "", x.documents)
        for scores in x.layers:
            yield (
                "agreement overlap F1",
                f"{x.a} / {x.b}",
                scores.layer,
                "",
                f3(scores.overlap.f1),
            )
    for d in p.ready:
        count: Cell = d.differences if d.differences is not None else ""
        yield ("ready for review", ", ".join(d.assignees), d.id, d.title, count)
