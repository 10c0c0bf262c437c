"""Where a team's assigned work stands (issue 15): each assignee's documents assigned, started
and done, who is done on each document, how far each pair agrees on the documents both have
done, and the documents ready for review (every assignee done). Plain values, no file.

Agreement of a pair is ``core.agreement``'s span counts (exact and overlap match, per layer)
over the documents of the overlap both of them marked done; a document's disagreements are
those the review panel lists for a pair of its assignees (``core.review.count``: spans only
one side has, labels and boundaries that differ, a quote's speaker, a claim's attributes),
summed over the pairs of its assignees (the panel shows one pair at a time)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from annotator.core.agreement.records import Counts, DocumentPair, SpanTuple, Work
from annotator.core.agreement.spans import exact_count
from annotator.core.review import count

LAYERS = ("entity", "quote", "claim")
_NONE = Counts(0, 0, 0)


@dataclass(frozen=True)
class AssigneeWork:
    """What one assignee's documents hold, read for one name: ``annotator_id`` is whose work
    counts for the name (None: nobody yet, so nothing is started). ``compared``: their work
    on the documents of the overlap they marked done (the only ones compared)."""

    name: str
    annotator_id: str | None
    documents: tuple[str, ...]
    started: frozenset[str] = frozenset()
    done: frozenset[str] = frozenset()
    labels: tuple[tuple[str, str, int], ...] = ()  # (layer, label, spans) on their documents
    compared: Mapping[str, Work] = field(default_factory=dict)


@dataclass(frozen=True)
class LayerAgreement:
    layer: str
    exact: Counts
    overlap: Counts


@dataclass(frozen=True)
class PairAgreement:
    """Two assignees on the documents of the overlap both have done (``documents``)."""

    a: str
    b: str
    documents: int
    layers: tuple[LayerAgreement, ...]
    overall: Counts  # overlap match, every layer
    differences: Mapping[str, int]  # document id -> the pair's disagreements there (review's)

    @property
    def f1(self) -> float | None:
        return self.overall.f1


@dataclass(frozen=True)
class AssigneeProgress:
    name: str
    annotator_id: str | None
    assigned: int
    started: int
    done: int
    spans: int
    labels: tuple[tuple[str, str, int], ...]

    @property
    def share_done(self) -> float | None:
        return self.done / self.assigned if self.assigned else None


@dataclass(frozen=True)
class DocumentProgress:
    id: str
    title: str
    assignees: tuple[str, ...]
    done: tuple[str, ...]  # the assignees who marked it done

    @property
    def ready(self) -> bool:
        return bool(self.assignees) and len(self.done) == len(self.assignees)


@dataclass(frozen=True)
class ReadyDocument:
    """A document every assignee marked done: ``differences`` the disagreements the review
    lists among them, summed over their pairs (None with one assignee: nothing to compare),
    ``reviewed`` once gold is done."""

    id: str
    title: str
    assignees: tuple[str, ...]
    differences: int | None
    reviewed: bool


@dataclass(frozen=True)
class Progress:
    """Every figure of the team's progress, documents in list order."""

    documents: int  # in the project
    assignees: tuple[AssigneeProgress, ...]
    per_document: tuple[DocumentProgress, ...]  # the documents assigned
    pairs: tuple[PairAgreement, ...]
    ready: tuple[ReadyDocument, ...]

    @property
    def assigned(self) -> bool:
        return bool(self.assignees)


def document_counts(
    a: Sequence[SpanTuple], b: Sequence[SpanTuple]
) -> dict[str, tuple[int, int, int, int]]:
    """Per layer, (A's spans, B's spans, exact matches, overlap matches) on one document: the
    figures of ``core.agreement.spans.label_counts`` summed per layer (each label's spans matched
    one to one, greedily, largest overlap first, then by index), counted in one pass."""
    groups: dict[tuple[str, str], tuple[list[SpanTuple], list[SpanTuple]]] = {}
    for s in a:
        groups.setdefault((s[2], s[3]), ([], []))[0].append(s)
    for s in b:
        groups.setdefault((s[2], s[3]), ([], []))[1].append(s)
    found: dict[str, list[int]] = {}
    for (layer, _), (sa, sb) in groups.items():
        counts = found.setdefault(layer, [0, 0, 0, 0])
        counts[0] += len(sa)
        counts[1] += len(sb)
        if not sa or not sb:
            continue
        if sa == sb and all(s[0] < s[1] for s in sa):  # each matches its twin (*)
            counts[2] += len(sa)
            counts[3] += len(sa)
            continue
        set_a, set_b = set(sa), set(sb)
        if len(set_a) == len(sa) and len(set_b) == len(sb):  # (no span twice on one side)
            counts[2] += len(set_a & set_b)
        else:
            counts[2] += exact_count(sa, sb)
        candidates = []
        sb_sorted = sorted((y[0], y[1], j) for j, y in enumerate(sb))
        for i, (start, end, _, _) in enumerate(sa):
            for y_start, y_end, j in sb_sorted:  # by start: none after one at or past this end
                if y_start >= end:
                    break
                size = (end if end < y_end else y_end) - (start if start > y_start else y_start)
                if size > 0:
                    candidates.append((-size, i, j))
        candidates.sort()
        used_a: set[int] = set()
        used_b: set[int] = set()
        for _, i, j in candidates:
            if i not in used_a and j not in used_b:
                used_a.add(i)
                used_b.add(j)
        counts[3] += len(used_a)
    return {k: (v[0], v[1], v[2], v[3]) for k, v in found.items()}


# (*) Greedy matching (largest overlap first) pairs equal lists of spans that are not empty
# twin to twin, exactly and by overlap: a pair of different spans overlapping by the most
# left is no larger than either span, so both are that long and it is a pair of twins too,
# and what is left is again equal on both sides. (An empty span overlaps nothing.)


def pair_agreement(a: AssigneeWork, b: AssigneeWork) -> PairAgreement:
    """Agreement of A and B on the documents both have done (their ``compared`` work), per
    layer (``document_counts``), and each such document's disagreements as the review panel
    lists them (``core.review.count``); one document at a time."""
    shared = sorted(set(a.compared) & set(b.compared))
    sums = {layer: [0, 0, 0, 0] for layer in LAYERS}
    differences: dict[str, int] = {}
    for doc in shared:
        work_a, work_b = a.compared[doc], b.compared[doc]
        counts = document_counts(work_a.spans, work_b.spans)
        differences[doc] = count(DocumentPair(doc, "", "", work_a, work_b))
        for layer, figures in counts.items():
            total = sums.setdefault(layer, [0, 0, 0, 0])
            for k in range(4):
                total[k] += figures[k]
    layers = tuple(
        LayerAgreement(layer, Counts(n_a, n_b, exact), Counts(n_a, n_b, matched))
        for layer, (n_a, n_b, exact, matched) in sums.items()
    )
    overall = sum((x.overlap for x in layers), _NONE)
    return PairAgreement(a.name, b.name, len(shared), layers, overall, differences)


def pairs_to_compare(by_document: Mapping[str, Sequence[str]]) -> list[tuple[str, str]]:
    """The pairs of names that share a document (each pair once, names in order)."""
    found = {(x, y) for names in by_document.values() for x, y in combinations(sorted(names), 2)}
    return sorted(found)


def assignee_progress(work: Mapping[str, AssigneeWork]) -> tuple[AssigneeProgress, ...]:
    """Each name's figures from its ``work``, by name."""
    return tuple(
        AssigneeProgress(
            w.name,
            w.annotator_id,
            len(w.documents),
            len(w.started),
            len(w.done),
            sum(n for _, _, n in w.labels),
            w.labels,
        )
        for w in (work[name] for name in sorted(work))
    )


def document_progress(
    doc: str,
    title: str,
    assignees: Sequence[str],
    work: Mapping[str, AssigneeWork],
    pairs: Mapping[tuple[str, str], PairAgreement],
    reviewed: bool,
) -> tuple[DocumentProgress, ReadyDocument | None]:
    """One assigned document: who is done, and its entry in the review queue if every
    assignee is (its disagreements summed over the pairs of its assignees)."""
    names = tuple(sorted(assignees))
    entry = DocumentProgress(doc, title, names, tuple(n for n in names if doc in work[n].done))
    if not entry.ready:
        return entry, None
    found = [
        pairs[x, y].differences.get(doc, 0) for x, y in combinations(names, 2) if (x, y) in pairs
    ]
    return entry, ReadyDocument(doc, title, names, sum(found) if found else None, reviewed)


def progress(
    documents: int,
    by_document: Mapping[str, Sequence[str]],
    titles: Mapping[str, str],
    work: Mapping[str, AssigneeWork],
    pairs: Mapping[tuple[str, str], PairAgreement],
    reviewed: frozenset[str] | set[str],
) -> Progress:
    """The figures from what was read: ``by_document`` (document id -> assignee names),
    ``titles`` (assigned document id -> title, in list order), each name's ``work``, each
    pair's agreement (``pair_agreement``), the documents gold marked done."""
    per_document = []
    ready = []
    for doc, title in titles.items():
        entry, queued = document_progress(
            doc, title, by_document.get(doc, ()), work, pairs, doc in reviewed
        )
        per_document.append(entry)
        if queued is not None:
            ready.append(queued)
    return Progress(
        documents,
        assignee_progress(work),
        tuple(per_document),
        tuple(pairs[k] for k in sorted(pairs)),
        tuple(ready),
    )
