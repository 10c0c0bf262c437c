"""Namesakes in the window (issue 12, 3): the review pickers, View > Show annotations of and
the agreement window name two people called "blanca" apart; renaming yourself to a name
someone in the project has asks first, and keeps your name if you say no."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from annotator.core.model import Annotator, Layer, Span, new_id
from annotator.ui.agreement.dialog import AgreementDialog
from annotator.ui.common import dialogs
from annotator.ui.window.main_window import MainWindow
from tests.builders import put_work
from tests.readback import rows

SECOND = Annotator("3f2a0000000000000000000000000b02", "blanca")


def _namesake(win: MainWindow) -> None:
    """Another blanca's work on the open document, brought in as add-work would."""
    doc = win.ctx.document_id
    assert doc is not None
    text = win.session.document(doc).text
    at = text.index("Sergei Lavrov")
    span = Span(new_id(), doc, SECOND.id, Layer.ENTITY, "PERSON", at, at + 13, "Sergei Lavrov")
    put_work(win.session, SECOND, [span])


def test_pickers_tracks_and_agreement_window_tell_namesakes_apart(
    qtbot: QtBot, reviewing: MainWindow
) -> None:
    win = reviewing
    _namesake(win)
    combo = win.review.panel.b_combo
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert "blanca [0000]" in texts and "blanca [3f2a]" in texts and "blanca" not in texts
    win.tracks.menu.aboutToShow.emit()
    entries = [a.text() for a in win.tracks.menu.actions()]
    assert any(t.startswith("blanca [3f2a] (read-only)") for t in entries)
    assert any(t.startswith("blanca [0000] (read-only)") for t in entries)
    dialog = AgreementDialog(win.session, win)
    qtbot.addWidget(dialog)
    shown = [dialog.a_combo.itemText(i) for i in range(dialog.a_combo.count())]
    assert any(t.startswith("blanca [3f2a] · ") for t in shown)
    dialog.choose(a="0000000000000000000000000000e002", b=SECOND.id)
    assert "A, the reference: blanca [0000]" in dialog.summary.text()
    assert "B: blanca [3f2a]" in dialog.summary.text()


def test_renaming_yourself_to_a_name_in_the_project_asks_first(
    qtbot: QtBot, reviewing: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = reviewing
    me = win.session.annotator
    asked: list[str] = []
    answer = [False]
    monkeypatch.setattr(dialogs.AnnotatorNameDialog, "ask", classmethod(lambda c, p, n: "Blanca"))
    monkeypatch.setattr(
        dialogs.Confirm, "ask", classmethod(lambda c, p, t, q: asked.append(q) or answer[0])
    )
    win.actions.set_annotator.trigger()
    assert len(asked) == 1 and "already has an annotator called 'Blanca'" in asked[0]
    assert "'blanca [0000]' (id 0000000000000000000000000000e002)" in asked[0]
    assert win.session.annotator.name == me.name  # "no": nothing renamed
    answer[0] = True
    win.actions.set_annotator.trigger()
    assert win.session.annotator.name == "Blanca"
    assert rows(win.session.path, "SELECT name FROM annotators WHERE id = ?", (me.id,)) == [
        ("Blanca",)
    ]
    assert win.session.annotator_name(me.id).startswith("Blanca [")
    assert win.annotator_label.text().startswith("Annotator: Blanca [")  # the status bar


def test_no_question_for_a_name_nobody_here_has(
    reviewing: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(dialogs.AnnotatorNameDialog, "ask", classmethod(lambda c, p, n: "Zoë"))
    monkeypatch.setattr(
        dialogs.Confirm, "ask", classmethod(lambda c, p, t, q: asked.append(q) or False)
    )
    reviewing.actions.set_annotator.trigger()
    assert asked == [] and reviewing.session.annotator.name == "Zoë"
