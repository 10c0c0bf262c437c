"""The document list's Review column on many documents: filled in idle chunks (no wait on
opening the tab), the same figures as a fresh count, kept per document until an edit there,
another connection's commit, or anything touching every document."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.core.model import Annotator, Document, Layer, Span
from annotator.core.scheme import load_default_scheme
from annotator.session import Session
from annotator.storage.store import ProjectStore
from annotator.ui.documents.pane import REVIEW_COLUMN
from annotator.ui.window.main_window import MainWindow
from tests.readback import rows
from tests.ui.test_annotate import press

ANN = Annotator("a" * 32, "ann")
BOB = Annotator("b" * 32, "bob")
REVIEWER = Annotator("c" * 32, "rita")
TEXT = "Lavrov met Baerbock in Berlin and Blinken in Paris on Monday"
WORDS = TEXT.split(" ")
DOCS = 40


def _build(path: Path) -> None:
    """``DOCS`` documents, each with spans by Ann and Bob that differ a little (document
    ``n`` has ``n % 4`` disagreements and a few agreements); document 30 only Ann started."""
    store = ProjectStore.open(path, scheme=load_default_scheme())
    try:
        docs = [Document(f"d{n:02}", " ".join(WORDS) + f" ({n}).", f"Doc {n}") for n in range(DOCS)]
        store.documents.add(docs)
        store.annotators.ensure(ANN)
        store.annotators.ensure(BOB)
        spans = []
        for n, doc in enumerate(docs):
            at = 0
            for i, word in enumerate(WORDS):
                start, end = at, at + len(word)
                at = end + 1
                if i % 2:
                    continue
                for who in (ANN, BOB):
                    if who is BOB and n == 30:
                        continue
                    label = "PERSON"
                    if who is BOB and i // 2 < n % 4:
                        label = "LOCATION"
                    sid = f"{doc.id}-{who.name}-{i}"
                    spans.append(Span(sid, doc.id, who.id, Layer.ENTITY, label, start, end, word))
        store.spans.insert_many(spans)
    finally:
        store.close()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "many.sqlite"
    _build(path)
    return path


@pytest.fixture
def window(qtbot: QtBot, project: Path) -> Iterator[MainWindow]:
    win = MainWindow(Session.open(project, REVIEWER, scheme=None))
    qtbot.addWidget(win)
    win.resize(1360, 860)
    win.show()
    qtbot.waitExposed(win)
    win.ctx.show_document("d01")
    yield win
    if win.isVisible():
        win.close()


def _fresh(project: Path) -> dict[str, tuple[int, int]]:
    """The figures counted from scratch on a read-only session of the file."""
    session = Session.open(project, REVIEWER, read_only=True, scheme=None)
    try:
        return session.review.overview(ANN.id, BOB.id)
    finally:
        session.close()


def _column(win: MainWindow) -> dict[str, object]:
    model = win.documents.model
    return {doc: model.index(model.row_of(doc), REVIEW_COLUMN).data() for doc in model.ids()}


def _shown(figures: dict[str, tuple[int, int]]) -> dict[str, object]:
    return {doc: f"✓ {t}" if d == t else f"{d}/{t}" for doc, (d, t) in figures.items()}


def test_opening_the_tab_counts_in_idle_chunks_the_same_figures(
    qtbot: QtBot, window: MainWindow, project: Path
) -> None:
    panel = window.review.panel
    filler = window.documents.pane.filler
    filler.budget = 0.0005  # a tiny budget per turn: several turns are needed
    window.tabs.setCurrentWidget(panel)
    assert {panel.a_combo.currentText(), panel.b_combo.currentText()} == {"ann", "bob"}
    if panel.a_combo.currentData() != ANN.id:
        panel.a_combo.setCurrentIndex(panel.a_combo.findData(ANN.id))
        panel.b_combo.setCurrentIndex(panel.b_combo.findData(BOB.id))
    first = _column(window)
    assert "…" in first.values() and filler.busy  # not everything counted at once
    qtbot.waitUntil(lambda: not filler.busy)
    expected = _fresh(project)
    assert len(expected) == DOCS - 1 and "d30" not in expected
    column = _column(window)
    assert {d: v for d, v in column.items() if d != "d30"} == _shown(expected)
    assert column["d30"] is None  # only Ann started it

    # a decision here updates this row; the other rows keep their (cached) figures
    press(qtbot, window, Qt.Key.Key_1)
    decided = rows(project, "SELECT count(*) FROM decisions WHERE document_id = 'd01'")
    assert decided == [(1,)]
    assert _column(window)["d01"] == f"1/{expected['d01'][1]}"
    # leaving and coming back counts again from the cache: the same as a fresh count
    window.tabs.setCurrentIndex(0)
    assert window.documents.pane.table.isColumnHidden(REVIEW_COLUMN)
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: not filler.busy)
    assert {d: v for d, v in _column(window).items() if d != "d30"} == _shown(_fresh(project))


def test_cached_keys_are_forgotten_on_an_edit_or_another_connections_commit(
    project: Path,
) -> None:
    session = Session.open(project, REVIEWER, scheme=None)
    try:
        assert session.review.totals(ANN.id, BOB.id, ["d00", "d02"]) == {
            "d00": (0, 6),
            "d02": (0, 6),
        }
        lavrov = next(i for i in session.review.items("d00", ANN.id, BOB.id)[1] if i.start == 0)
        session.review.decide("d00", ANN.id, BOB.id, lavrov, "agree")
        assert session.review.totals(ANN.id, BOB.id, ["d00"]) == {"d00": (1, 6)}
        # an edit through the session: Bob relabels Lavrov, whose item (and key) change
        span = session.span("d00-bob-0")
        session.update_span(span.with_changes(label="LOCATION"))
        assert session.review.totals(ANN.id, BOB.id, ["d00"]) == {"d00": (0, 6)}
        # another connection removes both annotators' first span of d02: counted again
        conn = sqlite3.connect(str(project))
        conn.execute("DELETE FROM spans WHERE id IN ('d02-ann-0', 'd02-bob-0')")
        conn.commit()
        conn.close()
        assert session.review.totals(ANN.id, BOB.id, ["d02"]) == {"d02": (0, 5)}
    finally:
        session.close()
