"""The team's progress (``app.progress``) on a small project file with an assignment and two
annotators' work, every figure known: per assignee, per document, per pair and layer, the
documents ready for review; a name resolved by binding or by name, or not at all; the cache
reading again only the annotator whose work changed, with the same figures as a fresh count."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from random import Random
from tempfile import TemporaryDirectory

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.app import progress as team
from annotator.app.projects import open_session
from annotator.core.links import Claim, Entity, Quote, Verdict
from annotator.core.model import Annotator, Document, Layer, Span, Status
from annotator.session import Session
from tests.builders import put_documents, put_work

ALICE = Annotator("aaaa1111", "alice")  # resolves by name
BOB = Annotator("bbbb2222", "Robert")  # the name "bob" is bound to this id
CAROL = Annotator("cccc3333", "Carol")  # resolves by name (case aside), no work
TEXT = "Alice met Bob in Paris on day {}. She said hello."
ASSIGNED = {
    "d0": ("alice", "bob"),
    "d1": ("alice",),
    "d2": ("bob",),
    "d3": ("carol",),
    "d4": ("alice", "carol"),
    "d5": ("dave",),
}


def span(doc: str, who: Annotator, piece: str, label: str, layer: Layer = Layer.ENTITY) -> Span:
    start = TEXT.format(doc[1:]).index(piece)
    sid = f"{doc}-{who.id}-{start}-{label}"
    return Span(sid, doc, who.id, layer, label, start, start + len(piece), piece)


def build_team(session: Session) -> None:
    """Six documents assigned to four names; alice's and bob's work (bob's under the id the
    name is bound to)."""
    docs = [Document(f"d{i}", TEXT.format(i), f"Doc {i}") for i in range(7)]
    put_documents(session, docs)
    put_work(
        session,
        ALICE,
        [span("d0", ALICE, "Alice", "PERSON"), span("d0", ALICE, "Bob", "PERSON")]
        + [
            span("d1", ALICE, "Alice", "PERSON"),
            span("d0", ALICE, "She said", "QUOTE", Layer.QUOTE),
        ],
        statuses={"d0": Status.DONE, "d1": Status.DONE},
    )
    put_work(
        session,
        BOB,
        [span("d0", BOB, "Alice", "PERSON"), span("d0", BOB, "Paris", "LOCATION")]
        + [span("d2", BOB, "Alice", "PERSON"), span("d0", BOB, "She said", "QUOTE", Layer.QUOTE)],
        statuses={"d0": Status.DONE, "d2": Status.IN_PROGRESS},
    )
    put_work(session, CAROL)
    session.assignments.add((doc, name) for doc, names in ASSIGNED.items() for name in names)
    session.assignments.bind("bob", BOB.id)


def team_project(folder: Path) -> Path:
    """A project file with ``build_team``'s documents, assignment and work."""
    path = folder / "team.sqlite"
    session = open_session(path)
    try:
        build_team(session)
    finally:
        session.close()
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return team_project(tmp_path)


@pytest.fixture
def session(project: Path) -> Iterator[Session]:
    s = open_session(project)
    yield s
    s.close()


def test_every_figure(session: Session) -> None:
    p = team.compute(session)
    assert p.documents == 7
    assert [
        (a.name, a.annotator_id, a.assigned, a.started, a.done, a.spans) for a in p.assignees
    ] == [
        ("alice", ALICE.id, 3, 2, 2, 4),
        ("bob", BOB.id, 2, 2, 1, 4),
        ("carol", CAROL.id, 2, 0, 0, 0),
        ("dave", None, 1, 0, 0, 0),
    ]
    alice = p.assignees[0]
    assert alice.labels == (("entity", "PERSON", 3), ("quote", "QUOTE", 1))
    assert [(d.id, d.assignees, d.done) for d in p.per_document] == [
        ("d0", ("alice", "bob"), ("alice", "bob")),
        ("d1", ("alice",), ("alice",)),
        ("d2", ("bob",), ()),
        ("d3", ("carol",), ()),
        ("d4", ("alice", "carol"), ()),
        ("d5", ("dave",), ()),
    ]
    pairs = {(x.a, x.b): x for x in p.pairs}
    assert set(pairs) == {("alice", "bob"), ("alice", "carol")}
    ab = pairs["alice", "bob"]
    assert ab.documents == 1
    layers = {x.layer: x for x in ab.layers}
    # entities: alice Alice, Bob; bob Alice, Paris -> one of two each matched
    assert (layers["entity"].overlap.a, layers["entity"].overlap.b) == (2, 2)
    assert layers["entity"].overlap.matched == 1 and layers["entity"].overlap.f1 == 0.5
    assert layers["quote"].exact.f1 == 1.0
    assert layers["claim"].overlap.f1 is None
    assert ab.f1 == pytest.approx(4 / 6)
    assert ab.differences == {"d0": 2}  # alice's Bob, bob's Paris: one side each
    assert pairs["alice", "carol"].documents == 0
    assert [(d.id, d.assignees, d.differences, d.reviewed) for d in p.ready] == [
        ("d0", ("alice", "bob"), 2, False),
        ("d1", ("alice",), None, False),
    ]


def test_gold_done_is_reviewed(session: Session) -> None:
    session.review.set_gold_status("d0", Status.DONE)
    ready = team.compute(session).ready
    assert [(d.id, d.reviewed) for d in ready] == [("d0", True), ("d1", False)]


def test_no_assignment_says_how_to_assign(tmp_path: Path) -> None:
    s = open_session(tmp_path / "none.sqlite")
    try:
        put_documents(s, [Document("x", "Some text.", "X")])
        p = team.compute(s)
    finally:
        s.close()
    assert not p.assigned
    assert team.text_lines(p) == [team.HOW_TO_ASSIGN]
    assert team.to_json(p)["assigned"] is False


def test_the_cache_reads_only_the_changed_annotator(session: Session) -> None:
    cache = team.ProgressCache()
    before = team.compute(session, cache)
    assert cache.read == ["alice", "bob", "carol", "dave"]
    kept = dict(cache.pairs)
    again = team.compute(session, cache)
    assert cache.read == [] and again == before
    put_work(session, BOB, [span("d0", BOB, "Bob", "PERSON")])  # bob now agrees on "Bob"
    cache.forget([BOB.id])
    after = team.compute(session, cache)
    assert cache.read == ["bob"]
    assert cache.pairs["alice", "carol"] is kept["alice", "carol"]  # not compared again
    assert cache.pairs["alice", "bob"] is not kept["alice", "bob"]
    assert after == team.compute(session)  # the same as counting everything afresh
    ab = next(x for x in after.pairs if (x.a, x.b) == ("alice", "bob"))
    assert ab.differences == {"d0": 1}


def test_a_new_assignment_is_read_once_forgotten_and_a_binding_at_once(
    session: Session,
) -> None:
    cache = team.ProgressCache()
    before = team.compute(session, cache)
    session.assignments.add([("d6", "carol")])
    assert team.compute(session, cache) == before  # the assignment is kept
    cache.forget_assignment()  # (as the Statistics view does on ChangeKind.ASSIGNMENTS)
    p = team.compute(session, cache)
    assert cache.read == ["carol"] and cache.remade == 7  # every document listed anew
    assert p == team.compute(session)
    assert next(a for a in p.assignees if a.name == "carol").assigned == 3
    dave = Annotator("dddd4444", "D.")
    put_work(session, dave, statuses={"d5": Status.DONE})
    session.assignments.bind("dave", dave.id)
    p = team.compute(session, cache)
    assert cache.read == ["dave"] and cache.remade == 1  # only dave's document d5
    assert next(a for a in p.assignees if a.name == "dave").done == 1
    assert [d.id for d in p.ready] == ["d0", "d1", "d5"]
    assert p == team.compute(session)


def test_text_and_json_agree(session: Session) -> None:
    p = team.compute(session)
    lines = team.text_lines(p)
    data = team.to_json(p)
    assert lines[0] == "Progress of the assignees"
    assert "  Assignee  assigned  started  done  done %  spans" in lines
    assert "  alice            3        2     2   66.7%      4" in lines
    assert any(line.startswith("  alice – bob: 1 document; entity 0.500") for line in lines)
    assert data["assignees"][0] == {
        "name": "alice",
        "annotator_id": ALICE.id,
        "assigned": 3,
        "started": 2,
        "done": 2,
        "done_share": 2 / 3,
        "spans": 4,
        "spans_by_label": [
            {"layer": "entity", "label": "PERSON", "spans": 3},
            {"layer": "quote", "label": "QUOTE", "spans": 1},
        ],
    }
    assert [d["id"] for d in data["ready_for_review"]] == ["d0", "d1"]
    assert data["pairs"][0]["layers"]["entity"]["overlap"]["f1"] == 0.5


PIECES = ("Alice", "Bob", "Paris", "She said")
LABEL_OF = {"Alice": "PERSON", "Bob": "PERSON", "Paris": "LOCATION", "She said": "QUOTE"}
EDITS = st.one_of(
    st.tuples(
        st.just("span"), st.sampled_from((ALICE, BOB)), st.sampled_from(sorted(ASSIGNED))
    ).map(lambda t: (*t, None)),
    st.tuples(st.just("relabel"), st.sampled_from((ALICE, BOB)), st.sampled_from(("d0", "d4"))).map(
        lambda t: (*t, None)
    ),
    st.tuples(
        st.just("done"), st.sampled_from((ALICE, BOB)), st.sampled_from(sorted(ASSIGNED))
    ).map(lambda t: (*t, None)),
    st.tuples(
        st.just("assign"),
        st.none(),
        st.sampled_from(["d0", "d2", "d4", "d6"]),
        st.sampled_from(["alice", "bob", "carol"]),
    ),  # fmt: skip
    st.tuples(st.just("gold"), st.none(), st.sampled_from(sorted(ASSIGNED)), st.none()),
)


@settings(max_examples=15, deadline=None)
@given(st.lists(EDITS, min_size=1, max_size=6), st.randoms(use_true_random=False))
def test_counted_again_with_the_cache_the_same_as_afresh(
    edits: list[tuple[str, Annotator | None, str, str | None]], rnd: Random
) -> None:
    """After each edit, told to the cache as the Statistics view tells it (the annotator's
    work forgotten, the assignment forgotten, nothing for gold), the figures counted with the
    cache equal those counted afresh, and a count with nothing forgotten is the same again."""
    with TemporaryDirectory() as folder:
        session = open_session(team_project(Path(folder)))
        try:
            cache = team.ProgressCache()
            team.compute(session, cache)
            added: list[str] = []
            done: set[tuple[str, str]] = {("d0", ALICE.id), ("d1", ALICE.id), ("d0", BOB.id)}
            done.add(("d2", BOB.id))  # (in progress: a status row is there)
            for kind, who, doc, name in edits:
                if kind in ("span", "relabel") and who is not None:
                    piece = rnd.choice(PIECES)
                    label = LABEL_OF[piece] if kind == "span" else "ORG"
                    layer = Layer.QUOTE if label == "QUOTE" else Layer.ENTITY
                    put_work(session, who, [replace(span(doc, who, piece, label, layer),
                                                    id=f"edit-{len(added)}")])  # fmt: skip
                    added.append(doc)
                    cache.forget([who.id])
                elif kind == "done" and who is not None:
                    if (doc, who.id) not in done:
                        put_work(session, who, statuses={doc: Status.DONE})
                        done.add((doc, who.id))
                    cache.forget([who.id])
                elif kind == "assign" and name is not None:
                    session.assignments.add([(doc, name)])
                    cache.forget_assignment()
                else:
                    session.review.set_gold_status(doc, Status.DONE)
                counted = team.compute(session, cache)
                assert counted == team.compute(session)
                assert team.compute(session, cache) == counted and cache.read == []
        finally:
            session.close()


def test_a_ready_documents_disagreements_are_those_the_review_panel_lists(
    tmp_path: Path,
) -> None:
    """Alice and bob, both done on d0, differ on a quote's speaker (bob's is an entity, alice's
    a text naming someone else), a claim's verdict, a label, a boundary, and a span only bob
    has; they agree on Alice. The ready document counts what the review panel lists for the
    pair (five items), whatever the kind; the spans alone would be three."""
    session = open_session(tmp_path / "p.sqlite")
    try:
        put_documents(session, [Document("d0", TEXT.format(0), "Doc 0")])
        said = {
            who: span("d0", who, "She said hello", "QUOTE", Layer.QUOTE) for who in (ALICE, BOB)
        }
        claim = {
            who: span("d0", who, "Alice met Bob", "CLAIM", Layer.CLAIM) for who in (ALICE, BOB)
        }
        put_work(
            session,
            ALICE,
            [span("d0", ALICE, "Alice", "PERSON"), span("d0", ALICE, "Bob", "PERSON")]
            + [span("d0", ALICE, "Paris", "LOCATION"), said[ALICE], claim[ALICE]],
            statuses={"d0": Status.DONE},
            quotes=[Quote("q-a", "d0", ALICE.id, (said[ALICE].id,), speaker_text="Carol")],
            claims=[Claim(claim[ALICE].id, verdict=Verdict.FALSE)],
        )
        session.registry.add_entity(Entity("e-bob", ALICE.id, "Bob Smith", "PERSON", ("Bob",)))
        put_work(
            session,
            BOB,
            [span("d0", BOB, "Alice", "PERSON"), span("d0", BOB, "Bob", "ORG")]
            + [span("d0", BOB, "Paris on", "LOCATION"), span("d0", BOB, "day", "DATE")]
            + [said[BOB], claim[BOB]],
            statuses={"d0": Status.DONE},
            quotes=[Quote("q-b", "d0", BOB.id, (said[BOB].id,), speaker_entity_id="e-bob")],
            claims=[Claim(claim[BOB].id, verdict=Verdict.TRUE)],
        )
        session.assignments.add([("d0", "alice"), ("d0", "bob")])
        session.assignments.bind("bob", BOB.id)
        listed, _ = session.review.items("d0", ALICE.id, BOB.id)
        assert sorted(d.kind.value for d in listed) == [
            "boundary",
            "claim_attribute",
            "label",
            "only_b",
            "speaker",
        ]
        (ready,) = team.compute(session).ready
        assert (ready.id, ready.differences) == ("d0", len(listed))
    finally:
        session.close()
