"""Accepted and rejected proposals in the project file, and removing a document that has them
(and review decisions), with the journal putting every row back (undo)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from annotator.core.links import Quote
from annotator.core.model import Annotator, Document, Layer, Span, Status
from annotator.core.records import Outcome
from annotator.core.scheme import load_default_scheme
from annotator.storage.store import ProjectStore
from tests.readback import dump, rows

ANN = Annotator("a" * 32, "Ann")
TEXT = "“We will not accept it,” Lavrov said."
DOC = "d1"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ProjectStore]:
    s = ProjectStore.open(tmp_path / "p.sqlite", scheme=load_default_scheme())
    s.documents.add([Document(DOC, TEXT, "Lavrov")])
    s.annotators.ensure(ANN)
    yield s
    s.close()


def _recorded(store: ProjectStore, edit: Callable[[], object]) -> Callable[[], None]:
    """Make ``edit`` in one transaction, recorded; returns its undo."""
    with store.file.writing(), store.journal.recording() as recorded:
        edit()

    def undo() -> None:
        with store.file.writing():
            store.journal.replay(recorded.changes)

    return undo


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
    before = dump(store.path)
    undo = _recorded(store, lambda: store.outcomes.accept([segment, cue], [quote], outcomes, moved))

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
    assert store.outcomes.origin_of_span("s1") == "rule"
    assert store.outcomes.origin_of_span("s2") is None
    assert store.documents.status(DOC, ANN.id) is Status.IN_PROGRESS

    undo()
    for table in ("spans", "quotes", "quote_segments", "proposal_outcomes"):
        assert rows(path, f"SELECT * FROM {table}") == []
    assert store.documents.status(DOC, ANN.id) is Status.NOT_STARTED
    assert dump(path) == before


def test_rejections_are_kept_per_document_and_annotator_and_replace_earlier(
    store: ProjectStore,
) -> None:
    rejected = _outcome(25, 31, "PERSON", "rejected", None)
    accepted = _outcome(25, 31, "PERSON", "accepted", None)
    store.outcomes.put([accepted])
    before = dump(store.path)
    undo = _recorded(store, lambda: store.outcomes.put([rejected]))
    store.outcomes.put([rejected])  # the same key again: one row
    assert store.outcomes.of(DOC, ANN.id) == [rejected]
    assert store.outcomes.of(None, ANN.id) == [rejected]
    assert store.outcomes.of(DOC, "someone else") == []
    undo()  # the acceptance it replaced is back, in its own row
    assert store.outcomes.of(DOC, ANN.id) == [accepted]
    assert dump(store.path) == before


def test_removing_a_document_with_outcomes_and_decisions_and_undoing_it(
    store: ProjectStore,
) -> None:
    """The proposal and decision rows point at the document: removal takes them too (no
    foreign-key error) and undo puts them back as they were."""
    store.outcomes.put([_outcome(25, 31, "PERSON", "rejected", None)])
    store.db.execute(
        "INSERT INTO decisions VALUES (?,?,?,?,?,?,?,?,?)",
        ["k", DOC, "x", "y", "reject", ANN.id, "2026-11-27", "no", "[]"],
    )
    store.db.conn.commit()
    before = dump(store.path)

    undo = _recorded(store, lambda: store.documents.remove([DOC]))
    for table in ("proposal_outcomes", "decisions", "documents"):
        assert rows(store.path, f"SELECT * FROM {table}") == []
    undo()
    assert dump(store.path) == before
