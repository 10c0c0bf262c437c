"""Assign, Reassign and SetOthersVisible as operations on a real project file: one apply is
one edit, undo puts back exactly what was there (settings included), redo makes it again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.app.assign import prepare_assignment, prepare_reassignment
from annotator.core.model import Annotator, Document
from annotator.session import Session
from annotator.session.assignments import OTHERS_VISIBLE, SEED
from annotator.session.ops.assignments import SetOthersVisible
from tests.builders import put_documents

LEAD = Annotator("lead-1", "Lea")


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    s = Session.open(tmp_path / "p.sqlite", LEAD)
    put_documents(s, [Document(f"d{i}", f"Text {i}.", f"T{i}") for i in range(12)])
    yield s
    s.close()


def test_assign_is_one_undo_step_with_its_settings(session: Session) -> None:
    made = prepare_assignment(session, ["alice", "bob", "carol"], overlap=0.25, seed=8)
    assert made.operation.text == "Assign 12 documents to 3 annotators"
    made.operation.apply()
    after = session.assignments.by_document()
    assert len(after) == 12 and session.assignments.setting(SEED) == "8"
    assert session.assignments.lead() == LEAD.id
    made.operation.revert()
    assert session.assignments.by_document() == {}
    assert session.assignments.setting(SEED) == "" and session.assignments.lead() == ""
    made.operation.apply()
    assert session.assignments.by_document() == after


def test_replace_and_reassign_undo_to_the_earlier_assignment(session: Session) -> None:
    prepare_assignment(session, ["alice", "bob"], seed=1).operation.apply()
    first = session.assignments.by_document()
    again = prepare_assignment(session, ["carol"], seed=2, replace=True)
    again.operation.apply()
    assert set(session.assignments.names()) == {"carol"}
    again.operation.revert()
    assert session.assignments.by_document() == first
    move = prepare_reassignment(session, "bob", "dave")
    move.operation.apply()
    assert "bob" not in session.assignments.names()
    move.operation.revert()
    assert session.assignments.by_document() == first


def test_others_visible_is_undoable(session: Session) -> None:
    op = SetOthersVisible(session, True)
    op.apply()
    assert session.assignments.others_visible()
    assert session.assignments.setting(OTHERS_VISIBLE) == "1"
    op.revert()
    assert not session.assignments.others_visible()
