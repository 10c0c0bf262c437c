"""Operations on a bare QUndoStack (no window, no widget): push, undo, redo and merge through
Qt's own stack leave the project file exactly as the operations say; an undo the file no longer
allows is told and leaves the stack, never half done."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session
from annotator.session import Session
from annotator.session.ops.scheme import SetGuideline
from annotator.session.ops.spans import RemoveSpan, label_selection
from annotator.ui.common.undo import Discarded, OperationCommand
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


def test_the_undone_edits_a_new_edit_replaces_are_freed_a_slice_per_turn(
    qtbot: QtBot, session: Session
) -> None:
    """QUndoStack.push deletes the undone commands above its index at once; their records
    (an undone merge of large entities: 40,000 rows) are taken first and freed a slice per
    turn of the event loop, so the new edit does not wait for them."""
    doc = session.documents()[0].id
    person = session.scheme.find("PERSON")
    assert person is not None
    owner = QObject()
    stack = QUndoStack(owner)
    discarded = Discarded(owner)
    first = label_selection(session, doc, 0, 9, person)
    _push(stack, OperationCommand(first))
    stack.undo()
    assert stack.index() == 0
    # the first edit's record, grown as a large merge's would be
    assert first._redo is not None
    first._redo.extend(first._redo * (Discarded.SLICE * 2))
    held = len(first._redo)
    discarded.take_redo_side(stack)
    second = label_selection(session, doc, 20, 29, person)
    _push(stack, OperationCommand(second))
    assert stack.count() == 1 and stack.command(0).op is second
    assert first._redo is None and first._undo is None  # handed over
    assert discarded.pending() == held  # nothing freed in the edit itself
    while discarded.pending() == held:
        QCoreApplication.processEvents()  # one turn at a time
    assert discarded.pending() >= held - 2 * Discarded.SLICE  # a slice a turn
    qtbot.waitUntil(lambda: discarded.pending() == 0)
    stack.undo()  # the second edit's own record was left alone
    assert session.spans(doc) == []
