"""Operations on a bare QUndoStack (no window, no widget): push, undo, redo and merge through
Qt's own stack leave the project file exactly as the operations say; an undo the file no longer
allows is told and leaves the stack, never half done."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack

from annotator.app.projects import open_session
from annotator.session import Session
from annotator.session.ops.scheme import SetGuideline
from annotator.session.ops.spans import RemoveSpan, label_selection
from annotator.ui.common.undo import OperationCommand
from tests.readback import dump


@pytest.fixture
def session(example_copy: Path) -> Iterator[Session]:
    s = open_session(example_copy)
    yield s
    s.close()


def _push(stack: QUndoStack, command: OperationCommand) -> None:
    command.apply_first()
    stack.push(command)


def test_push_undo_redo_on_a_bare_stack(session: Session) -> None:
    doc = session.documents()[0].id
    person = session.scheme.find("PERSON")
    assert person is not None
    stack = QUndoStack()
    states = [dump(session.path)]
    for start in (0, 20, 40):
        _push(stack, OperationCommand(label_selection(session, doc, start, start + 9, person)))
        states.append(dump(session.path))
    assert stack.count() == 3 and stack.undoText().startswith("Add PERSON")
    for i in (2, 1, 0):
        stack.undo()
        assert dump(session.path) == states[i]
    for i in (1, 2, 3):
        stack.redo()
        assert dump(session.path) == states[i]


def test_guideline_saves_merge_into_one_undo_step(session: Session) -> None:
    stack = QUndoStack()
    before = dump(session.path)
    for text in ("R", "Re", "Read the guide"):
        _push(stack, OperationCommand(SetGuideline(session, text)))
    assert stack.count() == 1
    assert session.labels.guideline() == "Read the guide"
    stack.undo()
    assert dump(session.path) == before
    stack.redo()
    assert session.labels.guideline() == "Read the guide"


def test_an_undo_the_file_no_longer_allows_is_told_and_dropped(session: Session) -> None:
    doc = session.documents()[0].id
    person = session.scheme.find("PERSON")
    assert person is not None
    stack = QUndoStack()
    failed: list[str] = []
    added = label_selection(session, doc, 0, 9, person)
    _push(stack, OperationCommand(added, failed=lambda message, *_: failed.append(message)))
    RemoveSpan(session, added.span).apply()  # removed behind the stack's back
    after = dump(session.path)
    stack.undo()
    assert failed and "nothing was undone" in failed[0]
    assert dump(session.path) == after  # nothing half undone
    assert stack.count() == 0  # the command left the stack
