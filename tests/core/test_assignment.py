"""The assignment plan (``core.assignment``) by its properties: every document to the right
number of distinct names, loads within one, every pair sharing documents once there are
enough overlap documents, the same plan for the same inputs and seed; names as typed; moving
documents from one name to another."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.assignment import (
    AssignmentError,
    clean_names,
    overlap_count,
    pairs_needed,
    plan,
    reassignment,
)

NAMES = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"]

teams = st.integers(1, len(NAMES)).map(lambda k: NAMES[:k])
shares = st.sampled_from([0.0, 0.1, 0.2, 0.25, 0.5, 0.9, 1.0])


@st.composite
def inputs(draw: st.DrawFn) -> tuple[list[str], list[str], float, int, int]:
    team = draw(teams)
    docs = [f"doc{i:04d}" for i in range(draw(st.integers(0, 300)))]
    overlap = draw(shares) if len(team) > 1 else 0.0
    per_doc = draw(st.integers(2, max(2, min(len(team), 5))))
    return docs, team, overlap, per_doc, draw(st.integers(0, 2**32))


@given(inputs())
def test_every_document_goes_to_the_right_number_of_distinct_names(
    case: tuple[list[str], list[str], float, int, int],
) -> None:
    docs, team, overlap, per_doc, seed = case
    p = plan(docs, team, overlap=overlap, per_doc=per_doc, seed=seed)
    assert list(p.assignments) == docs  # project order, every document once
    shared = set(p.overlap_documents)
    assert len(shared) == overlap_count(len(docs), overlap)
    for doc, names in p.assignments.items():
        assert len(set(names)) == len(names)  # no duplicates
        assert set(names) <= set(team)
        assert len(names) == (per_doc if doc in shared else 1)


@given(inputs())
def test_loads_are_within_one_counting_the_overlap(
    case: tuple[list[str], list[str], float, int, int],
) -> None:
    docs, team, overlap, per_doc, seed = case
    p = plan(docs, team, overlap=overlap, per_doc=per_doc, seed=seed)
    counted = dict.fromkeys(team, 0)
    for names in p.assignments.values():
        for name in names:
            counted[name] += 1
    assert counted == p.loads
    assert max(counted.values()) - min(counted.values()) <= 1
    assert sum(counted.values()) == len(docs) + (per_doc - 1) * len(p.overlap_documents)


@given(inputs())
def test_the_same_inputs_and_seed_give_the_same_plan_whatever_the_names_order(
    case: tuple[list[str], list[str], float, int, int],
) -> None:
    docs, team, overlap, per_doc, seed = case
    first = plan(docs, team, overlap=overlap, per_doc=per_doc, seed=seed)
    assert plan(docs, list(reversed(team)), overlap=overlap, per_doc=per_doc, seed=seed) == first


def test_another_seed_gives_another_plan() -> None:
    docs = [f"d{i}" for i in range(60)]
    plans = {tuple(plan(docs, NAMES[:4], overlap=0.2, seed=s).assignments.items()) for s in (1, 2)}
    assert len(plans) == 2


@given(
    st.integers(2, 9),
    st.integers(2, 5),
    st.integers(0, 2**32),
    st.integers(0, 20),
    st.sampled_from([1.0, 0.5, 0.2]),
)
def test_every_pair_shares_documents_when_there_are_enough(
    k: int, per_doc: int, seed: int, more: int, overlap: float
) -> None:
    per_doc = min(per_doc, k)
    team = NAMES[:k]
    # 1.3 times the fewest that could do it (measured worst case of the greedy choice and its
    # repair: 1.25 at 20 names, 5 a document, with single documents), or more
    shared = math.ceil(1.3 * pairs_needed(k, per_doc)) + more
    docs = [f"d{i}" for i in range(math.ceil(shared / overlap))]
    p = plan(docs, team, overlap=overlap, per_doc=per_doc, seed=seed)
    assert len(p.overlap_documents) >= shared
    assert p.uncovered() == []
    assert set(p.shared) >= set(p.pairs())


@pytest.mark.parametrize(("k", "per_doc", "shared"), [(10, 3, 17), (12, 4, 13), (20, 5, 25)])
def test_a_swap_covers_the_pairs_the_greedy_choice_left(k: int, per_doc: int, shared: int) -> None:
    # e.g. 20 names, 5 a document: 190 pairs, 10 a document, 19 documents at the very least
    # (21 in fact); the greedy choice alone left a pair without a document at 25, 26, 28.
    team = [f"n{i:02d}" for i in range(k)]
    p = plan([f"d{i}" for i in range(2 * shared)], team, overlap=0.5, per_doc=per_doc, seed=1)
    assert len(p.overlap_documents) == shared
    assert p.uncovered() == []
    assert max(p.loads.values()) - min(p.loads.values()) <= 1
    assert all(len(p.assignments[d]) == per_doc for d in p.overlap_documents)


def test_pairs_a_small_overlap_cannot_cover_are_named() -> None:
    p = plan([f"d{i}" for i in range(10)], NAMES[:5], overlap=0.2, per_doc=2, seed=3)
    assert len(p.overlap_documents) == 2 < pairs_needed(5, 2) == 10
    assert len(p.uncovered()) == 10 - 2
    assert all(pair in p.pairs() for pair in p.uncovered())


def test_two_names_per_document_cover_every_pair_with_the_fewest_documents() -> None:
    # (a round robin: every pair once, loads within one at every step)
    for k in (3, 4, 6, 10, 20):
        team = [f"n{i:02d}" for i in range(k)]
        p = plan([f"d{i}" for i in range(pairs_needed(k, 2))], team, overlap=1.0, seed=k)
        assert p.uncovered() == [] and set(p.shared.values()) == {1}


def test_existing_work_is_counted_and_kept() -> None:
    existing = {f"old{i}": ("alice",) for i in range(6)} | {"both": ("alice", "bob")}
    new = [f"new{i}" for i in range(10)]
    p = plan(new, ["alice", "bob", "carol"], overlap=0.0, seed=1, existing=existing)
    assert set(p.assignments) == set(new)
    # alice had 7: the 10 new ones even bob (1) and carol (0) out as far as they can
    assert p.loads == {"alice": 7, "bob": 5, "carol": 6}
    assert p.shared[("alice", "bob")] == 1
    with pytest.raises(AssignmentError, match="old1 is assigned already"):
        plan(["old1"], ["alice"], existing=existing)


def test_existing_names_outside_the_team_keep_their_count() -> None:
    p = plan(["a", "b"], ["carol"], existing={"x": ("bob",)})
    assert p.loads == {"bob": 1, "carol": 2}
    assert p.names == ("carol",)


@pytest.mark.parametrize(
    ("team", "overlap", "per_doc", "message"),
    [
        ([], 0.0, 2, "no assignee names"),
        (["a"], 0.5, 2, "2 annotators per overlap document need 2 names or more"),
        (["a", "b"], 0.5, 3, "3 annotators per overlap document need 3 names"),
        (["a", "b"], 1.5, 2, "between 0 and 1, not 1.5"),
        (["a", "b"], -0.1, 2, "between 0 and 1"),
        (["a", "b"], float("nan"), 2, "between 0 and 1"),
        (["a", "b"], 0.5, 1, "2 annotators or more"),
        (["a", "A"], 0.0, 2, "given twice"),
    ],
)
def test_impossible_shares_are_refused(
    team: list[str], overlap: float, per_doc: int, message: str
) -> None:
    with pytest.raises(AssignmentError, match=message):
        plan(["d1", "d2", "d3", "d4"], team, overlap=overlap, per_doc=per_doc)


def test_no_documents_make_an_empty_plan() -> None:
    p = plan([], ["alice", "bob"], overlap=0.5)
    assert p.assignments == {} and p.loads == {"alice": 0, "bob": 0}


def test_names_are_tidied_and_checked() -> None:
    assert clean_names([" alice ", "Bob  Smith", "CAROL"], known=["carol"]) == [
        "alice",
        "Bob Smith",
        "carol",
    ]
    with pytest.raises(AssignmentError, match="an assignee name is empty"):
        clean_names(["alice", "  "])
    with pytest.raises(AssignmentError, match="'alice' and 'ALICE' are the same name"):
        clean_names(["alice", "ALICE "])
    with pytest.raises(AssignmentError, match="cannot hold a comma"):
        clean_names(["a,b"])
    with pytest.raises(AssignmentError, match="no assignee names"):
        clean_names([])


def test_reassigning_everything_of_a_name_keeps_what_it_marked_done() -> None:
    assigned = {"d1": ["bob"], "d2": ["alice", "bob"], "d3": ["bob", "dave"], "d4": ["carol"]}
    r = reassignment(assigned, "bob", "dave", done=["d1"])
    assert r.kept == [("d1", "bob marked it done")]
    assert r.remove == [("d2", "bob"), ("d3", "bob")]
    assert r.add == [("d2", "dave")]
    assert r.merged == ["d3"]  # dave had it already: it has one name less
    everything = reassignment(assigned, "bob", "dave", done=["d1"], include_done=True)
    assert ("d1", "dave") in everything.add and not everything.kept


def test_reassigning_one_document_and_refusals() -> None:
    assigned = {"d1": ["bob"], "d2": ["alice"]}
    r = reassignment(assigned, "bob", "erin", documents=["d1"])
    assert (r.remove, r.add) == ([("d1", "bob")], [("d1", "erin")])
    with pytest.raises(AssignmentError, match="'d2' is not assigned to 'bob'"):
        reassignment(assigned, "bob", "erin", documents=["d1", "d2"])
    with pytest.raises(AssignmentError, match="same name"):
        reassignment(assigned, "bob", "Bob")
    with pytest.raises(AssignmentError, match="'erin' has no documents"):
        reassignment(assigned, "erin", "bob")
