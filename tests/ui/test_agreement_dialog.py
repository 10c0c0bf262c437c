"""The agreement dialog on the example articles annotated by three people: its tables show
what core.agreement computes, the pickers recompute, the heatmap renders, documents open."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session
from annotator.core.agreement.comparison import compare, pairwise
from annotator.core.agreement.records import LAYERS, UNMATCHED, Agreement, LabelScores, LayerScores
from annotator.core.links import CheckWorthiness, Claim, Entity, Quote, Verdict
from annotator.core.model import GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME, Annotator
from annotator.session import Session
from annotator.ui.agreement.dialog import AgreementDialog, PicturePathDialog, fmt
from annotator.ui.agreement.heatmap import Heatmap
from tests.builders import put_work
from tests.cli.test_agreement_cli import ANN, BOB, CLEO, add
from tests.cli.test_agreement_cli import project as project  # the fixture, by its name

TESTER = "tester"  # the current annotator of the tests: no spans


def _doc(session: Session, piece: str) -> str:
    return next(m.id for m in session.documents() if piece in session.document(m.id).text)


def annotate(session: Session) -> None:
    """Ann and Bob disagree on two example articles (a boundary, a label, a missed quote, a
    different verdict); Ann alone started a third; Cleo marked two names in the first."""
    d1 = _doc(session, "Hungarian Prime Minister Viktor Orbán")
    d2 = _doc(session, "Volunteers in Lviv")
    d3 = _doc(session, "Keir Starmer")
    for who in (ANN, BOB, CLEO):
        put_work(session, who)
    for entity in (
        Entity("a-vdl", ANN.id, "Ursula von der Leyen", "PERSON"),
        Entity("a-ok", ANN.id, "Olena Kovalenko", "PERSON"),
        Entity("b-vdl", BOB.id, "von der Leyen", "PERSON"),
    ):
        session.registry.add_entity(entity)
    add(session, d1, ANN, "European Commission", "ORGANIZATION")
    add(session, d1, ANN, "Ursula von der Leyen", "PERSON", entity="a-vdl")
    add(session, d1, ANN, "Viktor Orbán", "PERSON")
    add(session, d1, ANN, "Budapest", "LOCATION")
    seg = add(session, d1, ANN, "This is Europe's moment", "QUOTE")
    cue = add(session, d1, ANN, "told", "CUE")
    session.links.add_quote(Quote("qa", d1, ANN.id, (seg.id,), cue.id, "a-vdl"))
    claim = add(session, d1, ANN, "proposed a €150 billion defence loan scheme", "CLAIM")
    session.links.set_claim(
        Claim(claim.id, check_worthiness=CheckWorthiness.CHECK_WORTHY, verdict=Verdict.TRUE)
    )
    add(session, d2, ANN, "Lviv", "LOCATION")
    add(session, d2, ANN, "Olena Kovalenko", "PERSON", entity="a-ok")
    add(session, d2, ANN, "Andriy Sadovyi", "PERSON")
    add(session, d2, ANN, "Moscow", "LOCATION")
    seg = add(session, d2, ANN, "We are not tired 💪 — we are angry", "QUOTE")
    session.links.add_quote(Quote("qa2", d2, ANN.id, (seg.id,), None, "a-ok"))
    add(session, d3, ANN, "Sergei Lavrov", "PERSON")

    add(session, d1, BOB, "BRUSSELS", "LOCATION")
    add(session, d1, BOB, "Commission", "ORGANIZATION")
    add(session, d1, BOB, "Ursula von der Leyen", "PERSON", entity="b-vdl")
    add(session, d1, BOB, "Viktor Orbán", "PERSON")
    add(session, d1, BOB, "Budapest", "ORGANIZATION")
    seg = add(session, d1, BOB, "This is Europe's moment,", "QUOTE")
    cue = add(session, d1, BOB, "told", "CUE")
    session.links.add_quote(Quote("qb", d1, BOB.id, (seg.id,), cue.id, "b-vdl"))
    claim = add(session, d1, BOB, "€150 billion defence loan scheme", "CLAIM")
    session.links.set_claim(
        Claim(claim.id, check_worthiness=CheckWorthiness.CHECK_WORTHY, verdict=Verdict.MISLEADING)
    )
    add(session, d2, BOB, "Lviv", "LOCATION")
    add(session, d2, BOB, "Olena Kovalenko", "PERSON")
    add(session, d2, BOB, "Sadovyi", "PERSON")
    add(session, d2, BOB, "Help Hub", "ORGANIZATION")

    add(session, d1, CLEO, "Ursula von der Leyen", "PERSON")
    add(session, d1, CLEO, "Budapest", "LOCATION")


@pytest.fixture
def session(example_copy: Path) -> Iterator[Session]:
    session = open_session(example_copy)
    annotate(session)
    yield session
    session.close()


@pytest.fixture
def dialog(qtbot: QtBot, session: Session) -> AgreementDialog:
    shown = AgreementDialog.ask(None, session)
    qtbot.addWidget(shown)
    qtbot.waitExposed(shown)
    return shown


def expected(session: Session, a: Annotator, b: Annotator, layers: tuple[str, ...]) -> Agreement:
    pairs, _ = session.review.pairs(a, b)
    return compare(pairs, layers)


def table_rows(dialog: AgreementDialog) -> list[list[str]]:
    model = dialog.labels_model
    return [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def figures_of(result: Agreement) -> list[list[str]]:
    """The rows the figures table should show, straight from core.agreement's result."""
    rows = []
    for layer in result.layers:
        named: list[tuple[str, LayerScores | LabelScores]] = [(layer.layer, layer)]
        named += [(f"    {x.label}", x) for x in layer.labels]
        for name, s in named:
            figures = [fmt(s.exact.f1), fmt(s.overlap.f1), fmt(s.kappa), fmt(s.alpha)]
            rows.append([name, str(s.exact.a), str(s.exact.b), *figures, str(s.tokens)])
    return rows


def test_defaults_and_figures_match_core(
    dialog: AgreementDialog, session: Session, qtmodeltester: ModelTester
) -> None:
    # the two annotators with the most spans, the busiest as A
    assert (dialog.annotator_a(), dialog.annotator_b()) == (ANN, BOB)
    names = [dialog.a_combo.itemText(i) for i in range(dialog.a_combo.count())]
    assert names == [f"{TESTER} · 0 spans", "Ann · 13 spans", "Bob · 12 spans", "Cleo · 2 spans"]
    result = expected(session, ANN, BOB, LAYERS)
    rows = table_rows(dialog)
    assert rows == figures_of(result)
    # a few figures by hand: entities of A 8, of B 9, exact Ursula, Orbán, Lviv, Olena (4)
    entity = rows[0]
    assert entity[:4] == ["entity", "8", "9", f"{8 / 17:.2f}"]
    assert rows[1][0] == "    LOCATION" and rows[4][0] == "quote"
    assert dialog.summary.text() == (
        "A, the reference: Ann   ·   B: Bob   ·   2 documents compared (both started)"
        "   ·   1 not compared: started by one of them only"
    )
    assert "Vladimir Putin’s top diplomat" in dialog.summary.toolTip()  # the one Ann alone began
    details = dialog.details.text().splitlines()  # the report's lines (app.agreement)
    assert details[0] == "Quotes: A 2, B 1, matched 1; same speaker 1 of 1 (100.0%)"
    assert details[1] == (
        "Claims: A 1, B 1, matched 1; check-worthiness 1 of 1 (100.0%), kappa —; "
        "verdict 0 of 1 (0.0%), kappa 0.000"
    )
    assert details[2] == "Entities aligned by their mentions: 1 (A has 2, B has 1)"
    # documents: least overlap F1 first
    docs = dialog.documents_model
    shown = [docs.data(docs.index(r, 1)) for r in range(docs.rowCount())]
    want = sorted(result.documents, key=lambda d: d.overlap.f1 or 0.0)
    assert shown == [fmt(d.overlap.f1) for d in want]
    assert [docs.document_id(r) for r in range(docs.rowCount())] == [d.id for d in want]
    qtmodeltester.check(dialog.labels_model)
    qtmodeltester.check(dialog.documents_model)


def test_switching_annotators_and_layer_recomputes(
    dialog: AgreementDialog, session: Session
) -> None:
    dialog.choose(a=CLEO.id, b=BOB.id)
    assert (dialog.annotator_a(), dialog.annotator_b()) == (CLEO, BOB)
    assert table_rows(dialog) == figures_of(expected(session, CLEO, BOB, LAYERS))
    assert "1 document compared (both started)" in dialog.summary.text()

    dialog.swap_button.click()
    assert (dialog.annotator_a(), dialog.annotator_b()) == (BOB, CLEO)
    assert table_rows(dialog) == figures_of(expected(session, BOB, CLEO, LAYERS))

    dialog.choose(a=ANN.id, layer="entity")
    result = expected(session, ANN, CLEO, ("entity",))
    assert table_rows(dialog) == figures_of(result)
    assert [r[0] for r in table_rows(dialog)] == [
        "entity",
        "    LOCATION",
        "    ORGANIZATION",
        "    PERSON",
    ]
    assert not dialog.details.text().startswith("Quotes")
    assert dialog.confusion_layer.count() == 1 and not dialog.confusion_layer.isEnabled()
    docs = dialog.documents_model
    assert docs.rowCount() == 1 and docs.data(docs.index(0, 3)) == "4"  # Ann's d1 entities

    dialog.choose(layer="")
    assert dialog.confusion_layer.count() == 3 and dialog.confusion_layer.isEnabled()


def test_nothing_comparable_says_so(dialog: AgreementDialog) -> None:
    dialog.choose(a=current_id(dialog.session), b=BOB.id)
    assert dialog.stack.currentWidget() is dialog.message
    assert dialog.message.text().startswith(
        f"Nothing to compare: no document was started by both {TESTER} and Bob\n"
        f"({TESTER} started 0, Bob 2;"
    )
    assert dialog.labels_model.rowCount() == 0
    dialog.choose(a=BOB.id)
    assert dialog.message.text() == "Choose two different annotators as A and B."
    assert dialog.stack.currentWidget() is dialog.message
    dialog.choose(a=ANN.id)
    assert dialog.stack.currentWidget() is dialog.tabs


def current_id(session: Session) -> str:
    return next(a.id for a in session.annotators() if a.name == TESTER)


def test_heatmap_shows_the_confusion_and_renders(
    dialog: AgreementDialog, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog.tabs.setCurrentIndex(1)
    dialog.confusion_layer.setCurrentIndex(dialog.confusion_layer.findData("entity"))
    confusion = expected(session, ANN, BOB, LAYERS).layers[0].confusion
    heat = dialog.heatmap
    assert heat.rows() == heat.columns() == ("LOCATION", "ORGANIZATION", "PERSON", UNMATCHED)
    for r in heat.rows():
        for c in heat.columns():
            want = None if r == c == UNMATCHED else confusion.counts.get(r, {}).get(c, 0)
            assert heat.value(r, c) == want, (r, c)
    assert heat.value("LOCATION", "ORGANIZATION") == 1  # Budapest
    assert heat.value("PERSON", "PERSON") == 4
    path = tmp_path / "confusion.png"
    assert heat.render_png(path)
    image = QImage(str(path))
    assert not image.isNull()
    assert 250 <= image.width() <= 2000 and 160 <= image.height() <= 1500
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
    }
    assert len(colours) > 12

    # the same through the button, the path asked through PicturePathDialog.ask
    saved = tmp_path / "picked.png"
    monkeypatch.setattr(PicturePathDialog, "ask", classmethod(lambda cls, parent, path: saved))
    dialog.save_button.click()
    assert saved.exists() and dialog.saved.text() == "Saved picked.png"


def test_heatmap_offscreen_without_a_dialog(tmp_path: Path, qtbot: QtBot) -> None:
    heat = Heatmap()
    qtbot.addWidget(heat)
    label = "<b>not bold</b>"
    heat.set_matrix(
        [label, "Y"],
        [label, "Y"],
        {(label, label): 3.0, ("Y", label): 1.0},
        row_title="A: x",
        col_title="B: y",
    )
    assert heat.render_png(tmp_path / "h.png")
    image = QImage(str(tmp_path / "h.png"))
    assert image.width() >= heat.minimumSizeHint().width()


def test_double_click_asks_for_the_document(dialog: AgreementDialog, qtbot: QtBot) -> None:
    dialog.tabs.setCurrentIndex(2)
    table = dialog.documents_table
    qtbot.waitExposed(table)
    index = dialog.documents_model.index(0, 0)
    rect = table.visualRect(index)
    # a real double-click is a press, a release, then the double-click event
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(dialog.document_requested, timeout=2000) as blocker:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [dialog.documents_model.document_id(0)]


def test_pairwise_tab(dialog: AgreementDialog, session: Session) -> None:
    assert dialog.tabs.isTabVisible(dialog.pairwise_tab)
    matrix = pairwise(session.review.spans_by_annotator(LAYERS))
    heat = dialog.pairwise_heatmap
    assert heat.rows() == ("Ann", "Bob", "Cleo")
    for r in heat.rows():
        for c in heat.columns():
            assert heat.value(r, c) == matrix.f1[r][c]
    # Ann and Cleo on the first article: 7 spans and 2, both of Cleo's match: 4 / 9
    assert heat.value("Ann", "Ann") is None and heat.text(heat.value("Ann", "Cleo")) == "0.44"
    dialog.choose(layer="entity")  # 4 entities of Ann's in the first article: 2 * 2 / 6
    assert heat.text(heat.value("Ann", "Cleo")) == "0.67"
    assert (
        heat.value("Bob", "Cleo")
        == pairwise(session.review.spans_by_annotator(("entity",))).f1["Bob"]["Cleo"]
    )


def test_gold_is_offered_once_it_has_work(session: Session, qtbot: QtBot) -> None:
    gold = Annotator(GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME)
    put_work(session, gold)
    add(session, _doc(session, "Volunteers in Lviv"), gold, "Lviv", "LOCATION")
    shown = AgreementDialog.ask(None, session)
    qtbot.addWidget(shown)
    assert shown.a_combo.itemText(shown.a_combo.count() - 1) == "gold (reviewed) · 1 span"
    assert (shown.annotator_a(), shown.annotator_b()) == (ANN, BOB)  # not gold by default
    shown.choose(b=GOLD_ANNOTATOR_ID)
    assert shown.stack.currentWidget() is shown.tabs
    assert table_rows(shown) == figures_of(expected(session, ANN, gold, LAYERS))


def test_follows_edits_in_the_project(
    dialog: AgreementDialog, session: Session, qtbot: QtBot
) -> None:
    before = table_rows(dialog)[0][1]
    add(session, _doc(session, "Volunteers in Lviv"), ANN, "Help Hub", "ORGANIZATION")
    qtbot.waitUntil(lambda: table_rows(dialog)[0][1] != before, timeout=2000)
    assert table_rows(dialog) == figures_of(expected(session, ANN, BOB, LAYERS))


def test_ask_reuses_the_open_dialog_and_closing_unsubscribes(
    qtbot: QtBot, session: Session
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    first = AgreementDialog.ask(parent, session)
    assert AgreementDialog.ask(parent, session) is first
    first.close()
    assert first._on_session_changed not in session._listeners


def test_hand_computed_figures(qtbot: QtBot, project: Path) -> None:
    """The project of the CLI test, whose figures are computed by hand there."""
    session = open_session(project)
    try:
        shown = AgreementDialog(session)
        qtbot.addWidget(shown)
        shown.choose(a=ANN.id, b=BOB.id)
        rows = {r[0].strip(): r[1:] for r in table_rows(shown)}
        assert rows["entity"] == ["5", "4", "0.22", "0.67", "0.69", "0.69", "23"]
        assert rows["PERSON"] == ["3", "3", "0.33", "1.00", "0.82", "0.82", "23"]
        shown.close()
    finally:
        session.close()


def test_the_whole_dialog_renders(dialog: AgreementDialog, tmp_path: Path, qtbot: QtBot) -> None:
    """Each tab grabbed to a PNG (to look at: the tables fit, the heatmap is not squeezed)."""
    for i in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(i)
        qtbot.wait(10)
        path = tmp_path / f"agreement-{i}.png"
        assert dialog.grab().save(str(path))
        image = QImage(str(path))
        assert image.width() >= dialog.width() and image.height() >= dialog.height()
    assert dialog.heatmap.width() >= dialog.heatmap.minimumSizeHint().width()
    assert dialog.labels_table.horizontalHeader().length() <= dialog.labels_table.width()


def test_opened_from_the_review_menu_and_goes_to_a_document(qtbot: QtBot, project: Path) -> None:  # type: ignore[no-untyped-def]
    from annotator.app.projects import open_session
    from annotator.ui.agreement.dialog import AgreementDialog
    from annotator.ui.window.main_window import MainWindow

    window = MainWindow(open_session(project))
    qtbot.addWidget(window)
    window.show()
    window.actions.agreement.trigger()
    dialog = AgreementDialog.ask(window, window.session)  # the one the menu opened
    target = dialog.documents_model.index(0, 0).data(Qt.ItemDataRole.UserRole + 1)
    dialog.document_requested.emit(target)
    assert window.ctx.document_id == target
    window.close()
