"""The document list over more documents than a page: the Qt model checks, the filter typed,
next and previous at the end of the list, and edits that report only the rows they change
(never a reset of the list)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from annotator.core.model import Annotator, Document, Status
from annotator.core.scheme import load_default_scheme
from annotator.session import Session
from annotator.session.ops.documents import RemoveDocument, SetStatus
from annotator.session.ops.links import UpdateEntity
from annotator.ui.documents.part import DocumentsPart
from tests.builders import put_documents
from tests.ui.parts import Harness

COUNT = 611  # more than ten pages
ME = Annotator("m" * 32, "Me")


class Signals:
    """What the model reported: resets, and (first, last) of rows removed and inserted."""

    def __init__(self, part: DocumentsPart) -> None:
        self.resets = 0
        self.removed: list[tuple[int, int]] = []
        self.inserted: list[tuple[int, int]] = []
        model = part.model
        model.modelReset.connect(self._on_model_reset)
        model.rowsRemoved.connect(lambda _p, a, b: self.removed.append((a, b)))
        model.rowsInserted.connect(lambda _p, a, b: self.inserted.append((a, b)))

    def _on_model_reset(self) -> None:
        self.resets += 1


@pytest.fixture
def part(qtbot: QtBot, tmp_path: Path) -> Iterator[DocumentsPart]:
    session = Session.open(tmp_path / "big.sqlite", ME, scheme=load_default_scheme())
    put_documents(
        session,
        [
            Document(f"doc{n:04d}", f"Text {n}. Lavrov spoke.", f"Report {n}", "2025-03-01")
            for n in range(COUNT)
        ],
    )
    harness = Harness(session)
    qtbot.addWidget(harness.widget)
    documents = DocumentsPart(harness.ctx)
    harness.widget.setCentralWidget(documents.pane)
    harness.ctx.attach(session)
    documents.open_first()
    harness.widget.resize(500, 400)
    harness.widget.show()
    qtbot.waitExposed(harness.widget)
    yield documents
    harness.close()


def test_the_model_passes_the_qt_model_tester(qtmodeltester, part: DocumentsPart) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(part.model)
    part.model.set_filter_text("report 10")
    assert 0 < part.model.rowCount() < COUNT
    qtmodeltester.check(part.model)


def test_next_and_previous_at_the_end_of_the_list(qtbot: QtBot, part: DocumentsPart) -> None:
    ctx = part.ctx
    assert ctx.document_id == "doc0000"
    last = f"doc{COUNT - 1:04d}"
    ctx.show_document(last)
    assert part.pane.table.currentIndex().row() == COUNT - 1
    assert ctx.actions is not None
    ctx.actions.next_doc.trigger()
    assert ctx.document_id == last  # clamped
    ctx.actions.prev_doc.trigger()
    assert ctx.document_id == f"doc{COUNT - 2:04d}"
    assert part.model.index(COUNT - 2, 0).data() == f"Report {COUNT - 2}"


def test_typing_a_filter_lists_the_matching_documents(qtbot: QtBot, part: DocumentsPart) -> None:
    part.ctx.show_document("doc0512")
    qtbot.keyClicks(part.pane.filter_edit, "REPORT 51")
    wanted = [f"doc{n:04d}" for n in range(COUNT) if "51" in str(n)]
    qtbot.waitUntil(lambda: part.model.rowCount() == len(wanted))
    assert part.model.ids() == wanted
    assert part.pane.current_id() == "doc0512"  # the shown document stays current
    part.ctx.actions.next_doc.trigger()  # type: ignore[union-attr]
    assert part.ctx.document_id == "doc0513"  # the next one of the filtered list


def test_edits_report_only_the_rows_they_change(qtbot: QtBot, part: DocumentsPart) -> None:
    ctx = part.ctx
    seen = Signals(part)
    ctx.show_document("doc0300")
    assert ctx.push(RemoveDocument(ctx.session, "doc0300", "Report 300"))
    assert seen.removed == [(300, 300)] and part.model.rowCount() == COUNT - 1
    assert ctx.document_id is not None and ctx.session.document_exists(ctx.document_id)
    ctx.stack.undo()
    assert seen.inserted == [(300, 300)] and part.model.rowCount() == COUNT
    assert ctx.document_id == "doc0300"
    assert part.model.index(300, 0).data() == "Report 300"
    assert ctx.push(SetStatus(ctx.session, "doc0300", Status.DONE))
    assert part.model.index(300, 2).data(Qt.ItemDataRole.AccessibleTextRole) == "done"
    entity = ctx.session.registry.new_entity("Sergei Lavrov", "PERSON")
    ctx.session.registry.add_entity(entity)
    assert ctx.push(UpdateEntity(ctx.session, entity.with_changes(name="S. Lavrov"), "rename"))
    assert seen.resets == 0 and len(seen.removed) == len(seen.inserted) == 1
    assert part.model.index(300, 2).data(Qt.ItemDataRole.AccessibleTextRole) == "done"


def test_a_document_gone_behind_the_list_shows_nothing(part: DocumentsPart) -> None:
    """Another program removed a row's document before the window polled: the row is empty
    (no error) until the list is read again."""
    other = part.ctx.session.worker()
    other.remove_documents([f"doc{COUNT - 1:04d}"])
    other.close()
    assert part.model.index(COUNT - 1, 0).data() is None
    assert part.model.rowCount(QModelIndex()) == COUNT
    assert part.ctx.session.check_external_change()
    assert part.model.rowCount() == COUNT - 1


def test_a_row_that_stops_matching_the_filter_stays_until_the_filter_changes(
    qtbot: QtBot, part: DocumentsPart
) -> None:
    """Under "not started", the shown document marked done stays listed (and shown, as done)
    with no query of the whole list; typing the filter again leaves it out."""
    ctx = part.ctx
    ctx.show_document("doc0007")
    qtbot.keyClicks(part.pane.filter_edit, "not started")
    qtbot.waitUntil(lambda: part.model.words == ("not", "started"))
    assert part.model.rowCount() == COUNT
    seen = Signals(part)
    assert ctx.push(SetStatus(ctx.session, "doc0007", Status.DONE))
    assert ctx.document_id == "doc0007" and part.pane.current_id() == "doc0007"
    assert part.model.index(7, 2).data() == "✓"  # the status as a symbol, its words said:
    assert part.model.index(7, 2).data(Qt.ItemDataRole.AccessibleTextRole) == "done"
    assert seen.removed == [] and seen.resets == 0
    part.pane.filter_edit.setText("not starte")
    qtbot.waitUntil(lambda: part.model.rowCount() == COUNT - 1)
    assert "doc0007" not in part.model.ids()


def _filter_now(part: DocumentsPart, text: str) -> None:
    """Type ``text`` and let the typing pause end at once (the filter's query starts)."""
    part.pane.filter_edit.setText(text)
    part.pane._filter_timer.stop()
    part.pane._on_filter_timer_timeout()


def test_the_filter_query_runs_on_a_connection_of_its_own(
    qtbot: QtBot, part: DocumentsPart
) -> None:
    """The window's connection never runs the filter's query (a reader thread does), nor
    reads the first rows' figures (read with it); the list takes its result in one reset."""
    conn = part.ctx.session._store.db.conn
    seen: list[str] = []
    signals = Signals(part)
    conn.set_trace_callback(seen.append)
    try:
        qtbot.keyClicks(part.pane.filter_edit, "report 51")
        wanted = [f"doc{n:04d}" for n in range(COUNT) if "51" in str(n)]
        qtbot.waitUntil(lambda: part.model.words == ("report", "51"))
        assert part.model.index(0, 0).data() == "Report 51"
        qtbot.wait(50)  # (the rows in view painted)
    finally:
        conn.set_trace_callback(None)
    assert [s for s in seen if "SELECT d.position, d.rowid FROM documents" in s] == []
    assert [s for s in seen if "ORDER BY d.position, d.rowid" in s] == []  # no page read
    assert signals.resets == 1 and part.model.ids() == wanted


def test_a_reading_overtaken_by_more_typing_is_never_shown(
    qtbot: QtBot, part: DocumentsPart
) -> None:
    signals = Signals(part)
    _filter_now(part, "report 1")
    _filter_now(part, "report 51")  # before the first reading is heard
    qtbot.waitUntil(lambda: part.model.words == ("report", "51"))
    qtbot.wait(100)  # (the first reading, had it been heard, would come by now)
    assert signals.resets == 1 and part.model.words == ("report", "51")
    assert part.model.ids() == [f"doc{n:04d}" for n in range(COUNT) if "51" in str(n)]


def test_a_reading_for_a_list_changed_meanwhile_is_read_again(
    qtbot: QtBot, part: DocumentsPart
) -> None:
    """The search listed some documents while the filter's query ran: its result (for every
    document) is dropped, and the filter read again for those documents."""
    some = ["doc0051", "doc0052", "doc0151", "doc0300"]
    _filter_now(part, "report 51")
    part.pane.show_only(some, "found")
    qtbot.waitUntil(lambda: part.model.words == ("report", "51"))
    assert part.model.only == tuple(some)
    assert part.model.ids() == ["doc0051", "doc0151"]
