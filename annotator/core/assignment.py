"""Who annotates which documents (issue 15), decided without reading or writing anything.

``plan`` hands documents (in project order) to names: a share of them (the overlap) to
``per_doc`` names each, so that agreement can be measured, the rest to one name each. Every
name ends within one document of every other in total work (overlap documents counted as one
for each of their names), counting the work they had already when ``existing`` is given (as
far as the new documents allow). The overlap documents go to groups chosen so that every pair
of names shares documents as soon as there are enough of them (``Plan.uncovered`` says which
pairs share none otherwise). The same inputs and seed give the same plan
(``random.Random(seed)``); the order the names are given in does not matter.

``reassignment`` moves documents from one name to another, and ``clean_names`` checks the
names a user typed.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations

from annotator.core.errors import AnnotatorError

Pair = tuple[str, str]  # two names, in sorted order


class AssignmentError(AnnotatorError):
    """The names or shares asked for cannot make an assignment; the message says why."""


def clean_names(typed: Iterable[str], known: Iterable[str] = ()) -> list[str]:
    """The names as typed, tidied (outer spaces off, inner runs of spaces made one), in the
    order given. A name that equals a ``known`` one (an assignee of the project) but for case
    becomes that one. AssignmentError if a name is empty, holds a comma, or is given twice
    (case aside)."""
    spelled = {_folded(k): k for k in known}
    names: list[str] = []
    seen: dict[str, str] = {}
    for raw in typed:
        name = " ".join(raw.split())
        if not name:
            raise AssignmentError(f"an assignee name is empty (names given: {_listed(typed)})")
        if "," in name:
            raise AssignmentError(f"{name!r}: a name cannot hold a comma (commas separate names)")
        folded = _folded(name)
        if folded in seen:
            raise AssignmentError(
                f"{seen[folded]!r} and {name!r} are the same name (names are compared without "
                "case): give each annotator once"
            )
        seen[folded] = name
        names.append(spelled.get(folded, name))
    if not names:
        raise AssignmentError("no assignee names were given")
    return names


def split_names(text: str) -> list[str]:
    """Names typed as one text, separated by commas ("alice, bob")."""
    return text.split(",")


def overlap_count(documents: int, overlap: float) -> int:
    """How many of ``documents`` form the overlap share ``overlap`` (rounded half up)."""
    return min(documents, math.floor(documents * overlap + 0.5))


def pairs_needed(names: int, per_doc: int) -> int:
    """The fewest overlap documents that can give every pair of ``names`` names a document in
    common, at ``per_doc`` names per document (each covers per_doc*(per_doc-1)/2 pairs)."""
    return math.ceil(math.comb(names, 2) / math.comb(per_doc, 2)) if per_doc >= 2 else 0


@dataclass(frozen=True)
class Plan:
    """What ``plan`` decided: the new assignments, and the team's figures with them."""

    assignments: dict[str, tuple[str, ...]]  # document id -> its names (sorted), project order
    overlap_documents: tuple[str, ...]  # those of them given to per_doc names
    names: tuple[str, ...]  # the names given, sorted (case aside first, as everywhere here)
    loads: dict[str, int]  # every name (given or already assigned) -> documents in all
    overlap_loads: dict[str, int]  # the same, counting documents shared with another name
    shared: dict[Pair, int] = field(default_factory=dict)  # pair -> documents in common

    def pairs(self) -> list[Pair]:
        """Every pair of the names given (sorted)."""
        return list(combinations(self.names, 2))

    def uncovered(self) -> list[Pair]:
        """The pairs of the names given that share no document, even with what they had."""
        return [p for p in self.pairs() if not self.shared.get(p)]

    def pairs_of_new(self) -> list[tuple[str, str]]:
        """(document id, name) of every new assignment, in project order."""
        return [(d, n) for d, names in self.assignments.items() for n in names]


def plan(
    documents: Sequence[str],
    names: Sequence[str],
    *,
    overlap: float = 0.0,
    per_doc: int = 2,
    seed: int = 0,
    existing: Mapping[str, Sequence[str]] | None = None,
) -> Plan:
    """Assign ``documents`` (ids, project order, none of them in ``existing``) to ``names``
    (tidied already: ``clean_names``). ``overlap`` (0 to 1) of them go to ``per_doc`` names
    each, the rest to one. ``existing`` (document id -> names) is the work given before:
    counted in the loads and the pairs, never changed. AssignmentError if the shares cannot
    be met (per_doc below 2 or above the number of names, overlap outside 0..1)."""
    existing = existing or {}
    team = sorted(dict.fromkeys(names), key=_key)
    if not team:
        raise AssignmentError("no assignee names were given")
    if len(set(map(_folded, team))) != len(team):
        raise AssignmentError("a name is given twice (names are compared without case)")
    if not 0.0 <= overlap <= 1.0 or math.isnan(overlap):
        raise AssignmentError(f"the overlap is a share between 0 and 1, not {overlap}")
    if per_doc < 2:
        raise AssignmentError(
            f"an overlap document goes to 2 annotators or more (per document: {per_doc})"
        )
    again = [d for d in documents if d in existing]
    if again:
        raise AssignmentError(f"document {again[0]} is assigned already")
    if len(set(documents)) != len(documents):
        raise AssignmentError("a document is given twice")
    shared_count = overlap_count(len(documents), overlap)
    if shared_count and per_doc > len(team):
        raise AssignmentError(
            f"{per_doc} annotators per overlap document need {per_doc} names or more "
            f"({len(team)} given: {_listed(team)})"
        )

    rng = random.Random(seed)
    rank = {name: i for i, name in enumerate(rng.sample(team, len(team)))}
    chosen = set(rng.sample(range(len(documents)), shared_count))

    loads, overlap_loads, shared = _tally(existing, team)
    overlap_ids = [documents[i] for i in sorted(chosen)]
    singles = [d for i, d in enumerate(documents) if i not in chosen]
    best: Plan | None = None
    for strict in (False, True):
        made = _fill(
            overlap_ids, singles, team, per_doc, rank, strict, loads, overlap_loads, shared
        )
        if best is None or _better(made, best):
            best = made
        if _spread(best) <= 1 and not best.uncovered():
            break  # (as good as a plan gets: the strict way is not tried)
    assert best is not None
    return replace(best, assignments={d: best.assignments[d] for d in documents})


def _fill(
    overlap_ids: Sequence[str],
    singles: Sequence[str],
    team: Sequence[str],
    per_doc: int,
    rank: Mapping[str, int],
    strict: bool,
    loads_before: Mapping[str, int],
    overlap_before: Mapping[str, int],
    shared_before: Mapping[Pair, int],
) -> Plan:
    """One way to fill the plan: the overlap documents first (``strict``: always among the
    least loaded names; else among the names below the share of overlap work each would
    have, which leaves the single documents to even the loads out), then each single
    document to the least loaded name. Names are counted by their place in ``team`` (sorted
    as pairs are), in lists: a plan of 10,000 documents makes tens of thousands of choices."""
    k = len(team)
    place = {name: i for i, name in enumerate(team)}
    loads = [loads_before.get(n, 0) for n in team]
    overlap = [overlap_before.get(n, 0) for n in team]
    shared = [[0] * k for _ in range(k)]
    for (a, b), count in shared_before.items():
        if a in place and b in place:
            shared[place[a]][place[b]] = shared[place[b]][place[a]] = count
    ranks = [rank[n] for n in team]
    cap = math.ceil((len(overlap_ids) * per_doc + sum(overlap)) / k)
    result: dict[str, tuple[str, ...]] = {}
    for document in overlap_ids:
        group = sorted(_group(k, per_doc, loads, overlap, shared, ranks, None if strict else cap))
        result[document] = tuple(team[i] for i in group)
        for i in group:
            loads[i] += 1
            overlap[i] += 1
        for x, y in combinations(group, 2):
            shared[x][y] += 1
            shared[y][x] += 1
    _repair(result, place, shared, overlap, loads, 1 if singles else 0)
    for document in singles:
        i = min(range(k), key=lambda n: (loads[n], ranks[n]))
        result[document] = (team[i],)
        loads[i] += 1
    all_loads = {**loads_before, **dict(zip(team, loads, strict=True))}
    all_overlap = {**overlap_before, **dict(zip(team, overlap, strict=True))}
    all_shared = dict(shared_before)
    for x, y in combinations(range(k), 2):
        if shared[x][y]:
            all_shared[(team[x], team[y])] = shared[x][y]
    return Plan(
        assignments=result,
        overlap_documents=tuple(overlap_ids),
        names=tuple(team),
        loads=dict(sorted(all_loads.items(), key=lambda i: _key(i[0]))),
        overlap_loads=dict(sorted(all_overlap.items(), key=lambda i: _key(i[0]))),
        shared=dict(sorted(all_shared.items(), key=lambda i: (_key(i[0][0]), _key(i[0][1])))),
    )


def _repair(
    groups: dict[str, tuple[str, ...]],
    place: Mapping[str, int],
    shared: list[list[int]],
    overlap: list[int],
    loads: list[int],
    slack: int,
) -> None:
    """Give the pairs the greedy choice left without a document one, where a swap can: in an
    overlap document of one name of the pair, another member whose every pair there is shared
    elsewhere too gives way to the other name, if that name has less overlap work, or as much
    when ``slack`` is 1 (single documents follow, which even the loads out again). The greedy
    choice alone needed up to 1.5 times the fewest documents that cover every pair (20 names,
    5 a document: 29-30 where 21 can); each swap covers one pair more and uncovers none.
    Changes ``groups`` and the counts in place."""
    team = sorted(place, key=place.__getitem__)
    k = len(team)
    changed = True
    while changed:
        changed = False
        for a, b in combinations(range(k), 2):
            if shared[a][b]:
                continue
            swap = _swap(groups, place, team, shared, overlap, a, b, slack) or _swap(
                groups, place, team, shared, overlap, b, a, slack
            )
            if swap is None:
                continue
            document, out, into = swap
            members = [place[n] for n in groups[document]]
            rest = [m for m in members if m != out]
            for m in rest:
                shared[out][m] -= 1
                shared[m][out] -= 1
                shared[into][m] += 1
                shared[m][into] += 1
            groups[document] = tuple(sorted((team[m] for m in [*rest, into]), key=_key))
            overlap[out] -= 1
            loads[out] -= 1
            overlap[into] += 1
            loads[into] += 1
            changed = True


def _swap(
    groups: Mapping[str, tuple[str, ...]],
    place: Mapping[str, int],
    team: Sequence[str],
    shared: Sequence[Sequence[int]],
    overlap: Sequence[int],
    a: int,
    b: int,
    slack: int,
) -> tuple[str, int, int] | None:
    """(document, the member who leaves it, ``b``, who joins it): an overlap document of
    ``a`` without ``b``, and a member other than ``a`` whose pairs there all have another
    document and whose overlap work exceeds ``b``'s (less ``slack``); None if there is none."""
    for document, names in groups.items():
        members = [place[n] for n in names]
        if len(members) < 2 or a not in members or b in members:
            continue
        for c in members:
            if c == a or overlap[c] + slack <= overlap[b]:
                continue
            if all(shared[c][m] >= 2 for m in members if m != c):
                return document, c, b
    return None


def _spread(p: Plan) -> int:
    """How far apart the loads of the names given are (1 at best, even when all equal)."""
    team = [p.loads[n] for n in p.names]
    return max(1, max(team) - min(team))


def _better(a: Plan, b: Plan) -> bool:
    """Whether plan ``a`` is better than ``b``: loads closer together first, then fewer
    pairs that share nothing."""
    return (_spread(a), len(a.uncovered())) < (_spread(b), len(b.uncovered()))


def _group(
    k: int,
    size: int,
    loads: Sequence[int],
    overlap: Sequence[int],
    shared: Sequence[Sequence[int]],
    rank: Sequence[int],
    cap: int | None,
) -> list[int]:
    """The names (places 0..k-1) of one overlap document, one at a time. The candidates:
    with no ``cap``, the least loaded names (so loads stay within one of each other); with
    one, the names whose overlap work is below it (the least loaded of them if too few are).
    Among them, the one that shares no document yet with the most names chosen so far, then
    the one with the fewest candidates it shares nothing with (the most constrained, as a
    greedy matching takes the vertex of least degree), then the least overlap work."""
    group: list[int] = []
    for _ in range(size):
        free = [i for i in range(k) if i not in group]
        if cap is None:
            low = min(loads[i] for i in free)
            candidates = [i for i in free if loads[i] == low]
        else:
            candidates = [i for i in free if overlap[i] < cap]
            if len(candidates) < size - len(group):
                low = min(overlap[i] for i in free)
                candidates = [i for i in free if overlap[i] == low]
        best, best_key = candidates[0], (k + 1, 0, 0, 0, 0)  # (worse than any candidate)
        for n in candidates:
            row = shared[n]
            open_partners = sum(1 for o in candidates if o != n and not row[o])
            key = (
                sum(1 for g in group if row[g]),
                open_partners or k,
                sum(row[g] for g in group),
                overlap[n],
                rank[n],
            )
            if key < best_key:
                best, best_key = n, key
        group.append(best)
    return group


@dataclass(frozen=True)
class Reassignment:
    """What ``reassignment`` decided: assignments to take away and to make, and the documents
    left as they were, with why."""

    remove: list[tuple[str, str]]  # (document id, name)
    add: list[tuple[str, str]]
    kept: list[tuple[str, str]]  # (document id, why it stays with the old name)
    merged: list[str]  # documents the new name had already: the old name just leaves them


def reassignment(
    assigned: Mapping[str, Sequence[str]],
    source: str,
    target: str,
    *,
    documents: Sequence[str] | None = None,
    done: Iterable[str] = (),
    include_done: bool = False,
) -> Reassignment:
    """Move documents of ``source`` to ``target``: those in ``documents``, or every one of
    ``source``'s when None. ``assigned``: document id -> names (the project's assignments);
    ``done``: the documents ``source`` has marked done, which stay with ``source`` (their
    finished work counts for agreement and review) unless ``include_done``. A document
    ``target`` has already loses ``source`` only (it has one name less). AssignmentError if
    the names are the same, or a document given is not ``source``'s."""
    if _folded(source) == _folded(target):
        raise AssignmentError(f"{source!r} and {target!r} are the same name")
    mine = [d for d, names in assigned.items() if source in names]
    if documents is None:
        asked = mine
        if not asked:
            raise AssignmentError(f"{source!r} has no documents to reassign")
    else:
        asked = list(dict.fromkeys(documents))
        theirs = set(mine)
        foreign = [d for d in asked if d not in theirs]
        if foreign:
            raise AssignmentError(
                f"{_listed(foreign)} {'is' if len(foreign) == 1 else 'are'} not assigned to "
                f"{source!r}: nothing was reassigned"
            )
    finished = set(done)
    out = Reassignment([], [], [], [])
    for document in asked:
        if document in finished and not include_done:
            out.kept.append((document, f"{source} marked it done"))
            continue
        out.remove.append((document, source))
        if target in assigned.get(document, ()):
            out.merged.append(document)
        else:
            out.add.append((document, target))
    return out


def _tally(
    assigned: Mapping[str, Sequence[str]], team: Iterable[str]
) -> tuple[dict[str, int], dict[str, int], dict[Pair, int]]:
    """Documents per name, overlap documents per name, documents per pair of ``assigned``
    (every name of ``team`` counted, from 0)."""
    team = list(team)
    loads: dict[str, int] = dict.fromkeys(team, 0)
    overlap: dict[str, int] = dict.fromkeys(team, 0)
    shared: dict[Pair, int] = {}
    for names in assigned.values():
        group = sorted(set(names), key=_key)
        for name in group:
            loads[name] = loads.get(name, 0) + 1
            overlap[name] = overlap.get(name, 0) + (len(group) > 1)
        for pair in combinations(group, 2):
            shared[pair] = shared.get(pair, 0) + 1
    return loads, overlap, shared


def _pair(a: str, b: str) -> Pair:
    return (a, b) if _key(a) <= _key(b) else (b, a)


def _key(name: str) -> tuple[str, str]:
    """How names are ordered: case aside first."""
    return (_folded(name), name)


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


def _listed(items: Iterable[str], most: int = 5) -> str:
    shown = list(items)
    text = ", ".join(repr(s) for s in shown[:most])
    return text + (f" and {len(shown) - most} more" if len(shown) > most else "")


@dataclass(frozen=True)
class TeamRow:
    """One name's share of the work."""

    name: str
    documents: int  # in all
    overlap: int  # of them, documents shared with another name


@dataclass(frozen=True)
class Summary:
    """Where an assignment stands: each name's share, the pairs that share documents."""

    rows: tuple[TeamRow, ...]  # by name
    shared: dict[Pair, int]  # pairs of names -> documents in common (pairs with none left out)
    uncovered: tuple[Pair, ...]  # pairs of the names with work that share no document
    assigned: int  # documents with at least one name
    documents: int  # documents of the project

    def with_names(self) -> list[str]:
        return [r.name for r in self.rows]


def summarize(
    assigned: Mapping[str, Sequence[str]], documents: int, team: Iterable[str] = ()
) -> Summary:
    """The summary of ``assigned`` (document id -> names) in a project of ``documents``
    documents; the names of ``team`` are listed even without documents."""
    loads, overlap, shared = _tally(assigned, team)
    order = sorted(loads, key=_key)
    working = [n for n in order if loads[n]]
    return Summary(
        rows=tuple(TeamRow(n, loads[n], overlap[n]) for n in order),
        shared=dict(sorted(shared.items(), key=lambda i: (_key(i[0][0]), _key(i[0][1])))),
        uncovered=tuple(p for p in combinations(working, 2) if p not in shared),
        assigned=sum(1 for names in assigned.values() if names),
        documents=documents,
    )
