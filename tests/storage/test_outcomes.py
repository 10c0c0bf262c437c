"""Accepted and rejected proposals in the project file, and removing a document that has them
(and review decisions) with undo putting every row back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.links import Quote
from annotator.core.model import Annotator, Document, Layer, Span, Status
from annotator.core.scheme import load_default_scheme
from annotator.storage.outcomes import Outcome
from annotator.storage.project import ProjectStore
from tests.readback import rows

ANN = Annotator("a" * 32, "Ann")
TEXT = "“We will not accept it,” Lavrov said."
DOC = "d1"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ProjectStore]:
    s = ProjectStore.open(tmp_path / "p.sqlite", scheme=load_default_scheme())
    s.add_documents([Document(DOC, TEXT, "Lavrov")])
    s.ensure_annotator(ANN)
    yield s
    s.close()


def _outcome(start: int, end: int, label: str, outcome: str, span_id: str | None) -> Outcome:
    return Outcome(DOC, ANN.id, start, end, label, "rule", outcome, span_id, "2026-11-27")


def test_accepting_a_quote_proposal_is_one_commit_and_undo_takes_exactly_it(
    store: ProjectStore,
) -> None:
    segment = Span("s1", DOC, ANN.id, Layer.QUOTE, "QUOTE", 1, 22, TEXT[1:22])
    cue = Span("s2", DOC, ANN.id, Layer.QUOTE, "CUE", 32, 36, "said")
    quote = Quote("q1", DOC, ANN.id, ("s1",), "s2", None, "Lavrov")
    outcomes = [_outcome(1, 22, "QUOTE", "accepted", "s1")]
    moved = {(DOC, ANN.id): Status.IN_PROGRESS}
    store.accept_proposals([segment, cue], [quote], outcomes, moved)

    path = store.path
    assert rows(path, "SELECT id, label FROM spans ORDER BY start") == [
        ("s1", "QUOTE"),
        ("s2", "CUE"),
    ]
    assert rows(path, "SELECT id, cue_span_id, speaker_text FROM quotes") == [
        ("q1", "s2", "Lavrov")
    ]
    assert rows(path, "SELECT origin, outcome, span_id FROM proposal_outcomes") == [
        ("rule", "accepted", "s1")
    ]
    assert store.origin_of_span("s1") == "rule"
    assert store.origin_of_span("s2") is None
    assert store.status(DOC, ANN.id) is Status.IN_PROGRESS

    store.unaccept_proposals([segment, cue], [quote], outcomes, {(DOC, ANN.id): Status.NOT_STARTED})
    for table in ("spans", "quotes", "quote_segments", "proposal_outcomes"):
        assert rows(path, f"SELECT * FROM {table}") == []
    assert store.status(DOC, ANN.id) is Status.NOT_STARTED


def test_rejections_are_kept_per_document_and_annotator_and_replace_earlier(
    store: ProjectStore,
) -> None:
    rejected = _outcome(25, 31, "PERSON", "rejected", None)
    store.put_outcomes([rejected])
    store.put_outcomes([rejected])  # the same key again: one row
    assert store.outcomes(DOC, ANN.id) == [rejected]
    assert store.outcomes(None, ANN.id) == [rejected]
    assert store.outcomes(DOC, "someone else") == []
    store.delete_outcomes([rejected])
    assert store.outcomes(DOC, ANN.id) == []


def test_removing_a_document_with_outcomes_and_decisions_and_undoing_it(
    store: ProjectStore,
) -> None:
    """The proposal and decision rows point at the document: removal takes them too (no
    foreign-key error) and undo puts them back as they were."""
    store.put_outcomes([_outcome(25, 31, "PERSON", "rejected", None)])
    store.db.execute(
        "INSERT INTO decisions VALUES (?,?,?,?,?,?,?,?,?)",
        ["k", DOC, "x", "y", "reject", ANN.id, "2026-11-27", "no", "[]"],
    )
    store.db.conn.commit()
    before = {t: rows(store.path, f"SELECT * FROM {t}") for t in ("proposal_outcomes", "decisions")}

    removed = store.remove_document(DOC)
    for table in before:
        assert rows(store.path, f"SELECT * FROM {table}") == []
    store.restore_document(removed)
    assert {t: rows(store.path, f"SELECT * FROM {t}") for t in before} == before
