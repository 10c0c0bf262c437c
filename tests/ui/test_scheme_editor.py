"""The label scheme editor on a real window: edits land in the project file and undo exactly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session, project_file
from annotator.core.model import Label, Layer
from annotator.storage.store import ProjectStore
from annotator.ui.common import dialogs
from annotator.ui.labels import scheme_editor
from annotator.ui.labels.guideline import GuidelinePanel
from annotator.ui.labels.scheme_editor import NewLabelDialog, SchemeEditorDialog
from annotator.ui.window.main_window import MainWindow
from tests.ui.conftest import stored_spans
from tests.ui.test_annotate import press, select


@pytest.fixture
def editor(qtbot: QtBot, window: MainWindow) -> Iterator[SchemeEditorDialog]:
    """The editor open beside the window; the user goes back to the window to annotate."""
    dialog = SchemeEditorDialog.ask(window, window.session, window.ctx.push)
    qtbot.waitExposed(dialog)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield dialog
    if shiboken6.isValid(dialog):
        dialog.close()


def _usage(editor: SchemeEditorDialog, name: str) -> tuple[int, int]:
    return editor.model.usage(editor.model.row_of(Layer.ENTITY, name))


def _replace(monkeypatch: pytest.MonkeyPatch, cls: type, answer: object) -> list[object]:
    """Replace ``cls.ask`` by one that records its arguments and gives ``answer``."""
    asked: list[object] = []
    monkeypatch.setattr(cls, "ask", classmethod(lambda c, *args: asked.append(args) or answer))
    return asked


def _click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _stored_labels(path: Path) -> list[Label]:
    store = ProjectStore.open(project_file(path), read_only=True, scheme=None)
    try:
        return store.labels.all()
    finally:
        store.close()


def test_rename_person_to_per_keeps_every_span_and_undo_restores(
    qtbot: QtBot,
    window: MainWindow,
    editor: SchemeEditorDialog,
    example_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("Keir Starmer", "Sergei Lavrov"):
        select(window, name)
        press(qtbot, window, Qt.Key.Key_P)
    select(window, "Kyiv")
    press(qtbot, window, Qt.Key.Key_L)
    before = stored_spans(example_copy)
    qtbot.waitUntil(lambda: _usage(editor, "PERSON") == (2, 2))  # counts follow the window

    editor.select_label(Layer.ENTITY, "PERSON")
    _replace(monkeypatch, scheme_editor.RenameAsk, "PER")
    _click(qtbot, editor.buttons["rename"])

    after = stored_spans(example_copy)
    assert [(s.id, s.label) for s in after] == [
        (s.id, "PER" if s.label == "PERSON" else s.label) for s in before
    ]
    assert [lb.name for lb in _stored_labels(example_copy)][0] == "PER"
    assert "Rename label PERSON to PER (2 spans renamed)" in editor.message.text()
    assert editor.current_label() == window.session.scheme.get(Layer.ENTITY, "PER")
    assert window.undo_stack.undoText() == "Rename label PERSON to PER"

    window.undo_stack.undo()
    assert stored_spans(example_copy) == before
    assert [lb.name for lb in _stored_labels(example_copy)][0] == "PERSON"
    assert editor.model.label(editor.model.row_of(Layer.ENTITY, "PERSON")).key == "p"
    window.undo_stack.redo()
    assert {s.label for s in stored_spans(example_copy)} == {"PER", "LOCATION"}


def test_delete_label_in_use_asks_with_the_count_and_undo_restores_ids(
    qtbot: QtBot,
    window: MainWindow,
    editor: SchemeEditorDialog,
    example_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("Keir Starmer", "Sergei Lavrov"):
        select(window, name)
        press(qtbot, window, Qt.Key.Key_P)
    select(window, "Kyiv")
    press(qtbot, window, Qt.Key.Key_L)
    before = stored_spans(example_copy)
    qtbot.waitUntil(lambda: _usage(editor, "PERSON") == (2, 2))
    editor.select_label(Layer.ENTITY, "PERSON")

    asked = _replace(monkeypatch, dialogs.Confirm, False)
    _click(qtbot, editor.buttons["delete"])
    assert "Its 2 spans (2 yours, 0 by other annotators) will be deleted" in str(asked[0])
    assert stored_spans(example_copy) == before  # refused: nothing went

    _replace(monkeypatch, dialogs.Confirm, True)
    _click(qtbot, editor.buttons["delete"])
    assert [s.label for s in stored_spans(example_copy)] == ["LOCATION"]
    assert "PERSON" not in [lb.name for lb in _stored_labels(example_copy)]
    assert editor.model.row_of(Layer.ENTITY, "PERSON") == -1

    window.undo_stack.undo()
    assert stored_spans(example_copy) == before  # the same spans, ids and times included
    assert [lb.name for lb in _stored_labels(example_copy)][0] == "PERSON"
    assert editor.model.row_of(Layer.ENTITY, "PERSON") == 0


def test_reserved_key_is_refused_with_a_message_and_nothing_pushed(
    qtbot: QtBot,
    window: MainWindow,
    editor: SchemeEditorDialog,
    example_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown = []
    monkeypatch.setattr(
        dialogs.Notice, "show", classmethod(lambda cls, p, t, text, *a, **k: shown.append(text))
    )
    editor.select_label(Layer.ENTITY, "LOCATION")
    _replace(monkeypatch, scheme_editor.KeyAsk, "d")
    _click(qtbot, editor.buttons["key"])
    assert shown == ["label 'LOCATION': key 'd' is reserved for 'mark document done'"]
    _replace(monkeypatch, scheme_editor.KeyAsk, "p")
    _click(qtbot, editor.buttons["key"])
    assert shown[1] == "labels 'PERSON' and 'LOCATION' both use key 'p'"
    assert window.undo_stack.count() == 0
    assert _stored_labels(example_copy)[2].key == "l"

    _replace(monkeypatch, scheme_editor.KeyAsk, "W")
    _click(qtbot, editor.buttons["key"])
    assert _stored_labels(example_copy)[2].key == "w"
    window.undo_stack.undo()
    assert _stored_labels(example_copy)[2].key == "l"


def test_colour_and_description(
    qtbot: QtBot,
    window: MainWindow,
    editor: SchemeEditorDialog,
    example_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    editor.select_label(Layer.CLAIM, "CLAIM")
    asked = _replace(monkeypatch, scheme_editor.ColorAsk, "#123abc")
    _click(qtbot, editor.buttons["color"])
    assert asked[0] == (editor, "#D55E00")  # the dialog opens on the current colour
    claim = _stored_labels(example_copy)[-1]
    assert claim.color == "#123ABC"
    row = editor.model.row_of(Layer.CLAIM, "CLAIM")
    assert editor.model.index(row, 2).data(Qt.ItemDataRole.DecorationRole).name() == "#123abc"

    _replace(monkeypatch, scheme_editor.DescriptionAsk, "<b>checkable</b> & true?")
    _click(qtbot, editor.buttons["description"])
    assert _stored_labels(example_copy)[-1].description == "<b>checkable</b> & true?"
    tip = editor.model.index(row, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert "<b>" not in tip and "&lt;b&gt;checkable" in tip  # shown as the characters typed

    panel = GuidelinePanel()
    qtbot.addWidget(panel)
    panel.refresh(window.session)
    text = panel.text.toPlainText()
    assert "CLAIM [c]: <b>checkable</b> & true?" in text
    assert text.startswith("Label every named person")  # the default guideline comes first

    window.undo_stack.undo()
    window.undo_stack.undo()
    assert _stored_labels(example_copy)[-1] == window.session.scheme.find("CLAIM")
    assert window.session.scheme.find("CLAIM").color == "#D55E00"  # type: ignore[union-attr]


def test_add_label_then_undo_and_redo(
    qtbot: QtBot,
    window: MainWindow,
    editor: SchemeEditorDialog,
    example_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    weapon = window.session.labels.new_label(Layer.ENTITY, "WEAPON", "#882255", "w", "A weapon.")
    _replace(monkeypatch, NewLabelDialog, weapon)
    _click(qtbot, editor.buttons["add"])
    assert _stored_labels(example_copy)[-1] == weapon
    row = editor.model.row_of(Layer.ENTITY, "WEAPON")
    assert row == 5  # after the other entity labels, before the quote layer
    assert editor.current_label() == weapon
    rows = window.session.labels.label_rows()
    window.undo_stack.undo()
    assert weapon not in _stored_labels(example_copy)
    assert editor.model.row_of(Layer.ENTITY, "WEAPON") == -1
    window.undo_stack.redo()
    assert window.session.labels.label_rows() == rows  # back with the same row id and place


def test_new_label_dialog_says_what_is_wrong(qtbot: QtBot, window: MainWindow) -> None:
    dialog = NewLabelDialog(window.session, window)
    qtbot.addWidget(dialog)
    assert dialog.color not in {lb.color for lb in window.session.scheme}
    dialog.layer.setCurrentIndex(2)  # claim
    dialog.name.setText("CLAIM")
    dialog._on_buttons_accepted()
    assert dialog.error.text() == "there is already a label 'CLAIM' in the claim layer"
    dialog.name.setText("RUMOUR")
    dialog.key.setText("s")
    dialog._on_buttons_accepted()
    assert "reserved for 'pick speaker'" in dialog.error.text()
    dialog.key.setText("M")
    dialog._on_buttons_accepted()
    assert dialog.result() == 1
    assert dialog.label == Label(Layer.CLAIM, "RUMOUR", dialog.color, "m", "")


def test_guideline_is_saved_as_typed_and_one_undo_restores_it(
    qtbot: QtBot, window: MainWindow, editor: SchemeEditorDialog, example_copy: Path
) -> None:
    original = window.session.labels.guideline()
    editor.guideline.setFocus()
    editor.guideline.selectAll()
    qtbot.keyClicks(editor.guideline, "Mark quotes")
    qtbot.waitUntil(lambda: window.session.labels.guideline() == "Mark quotes", timeout=3000)
    qtbot.keyClicks(editor.guideline, " first.")
    editor.commit_guideline()
    reader = open_session(example_copy, read_only=True)
    assert reader.labels.guideline() == "Mark quotes first."
    reader.close()
    assert window.undo_stack.count() == 1  # the saves merged into one edit
    window.undo_stack.undo()
    assert window.session.labels.guideline() == original
    assert editor.guideline.toPlainText() == original  # the box follows the undo


def test_model_passes_qt_model_tester_through_edits(  # type: ignore[no-untyped-def]
    qtmodeltester, qtbot: QtBot, editor: SchemeEditorDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    qtmodeltester.check(editor.model)
    editor.select_label(Layer.ENTITY, "EVENT")
    _replace(monkeypatch, dialogs.Confirm, True)
    _click(qtbot, editor.buttons["delete"])
    _replace(monkeypatch, scheme_editor.RenameAsk, "PLACE")
    editor.select_label(Layer.ENTITY, "LOCATION")
    _click(qtbot, editor.buttons["rename"])
    window = editor.parent()
    assert isinstance(window, MainWindow)
    window.undo_stack.undo()
    window.undo_stack.undo()
    qtmodeltester.check(editor.model)
    assert editor.model.rowCount() == 8


def test_cue_keeps_its_name_and_read_only_disables_edits(
    qtbot: QtBot, window: MainWindow, editor: SchemeEditorDialog, example_copy: Path
) -> None:
    editor.select_label(Layer.QUOTE, "CUE")
    assert not editor.buttons["rename"].isEnabled() and not editor.buttons["delete"].isEnabled()
    assert editor.buttons["color"].isEnabled()
    assert (
        SchemeEditorDialog.ask(window, window.session, window.ctx.push) is editor
    )  # one per window

    reader = open_session(example_copy, read_only=True)
    try:
        dialog = SchemeEditorDialog(reader, lambda command: False)
        qtbot.addWidget(dialog)
        dialog.select_label(Layer.ENTITY, "PERSON")
        assert not any(b.isEnabled() for b in dialog.buttons.values())
        assert dialog.guideline.isReadOnly()
        dialog.close()
    finally:
        reader.close()


def test_closing_the_window_saves_a_pending_guideline_and_closes_the_editor(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    dialog = SchemeEditorDialog.ask(window, window.session, window.ctx.push)
    qtbot.waitExposed(dialog)
    dialog.guideline.setPlainText("Typed just before closing.")  # the save timer still runs
    assert window.session.labels.guideline() != "Typed just before closing."
    window.close()  # closes the session: the editor saves and closes first
    assert not window.isVisible()
    reader = open_session(example_copy, read_only=True)
    assert reader.labels.guideline() == "Typed just before closing."
    reader.close()


def test_window_follows_the_scheme_editor(
    qtbot: QtBot, window: MainWindow, example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opened from the Labels menu (Ctrl+L); a renamed label's key, button and menu follow."""
    window.article.view.setFocus()
    qtbot.keyClick(window.article.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = SchemeEditorDialog.ask(window, window.session, window.ctx.push)  # the one just opened
    qtbot.waitExposed(dialog)
    dialog.select_label(Layer.ENTITY, "PERSON")
    _replace(monkeypatch, scheme_editor.RenameAsk, "PER")
    _click(qtbot, dialog.buttons["rename"])
    assert (Layer.ENTITY, "PER") in window.labels.label_actions
    assert (Layer.ENTITY, "PERSON") not in window.labels.label_actions
    window.activateWindow()
    select(window, "Keir Starmer")
    press(qtbot, window, Qt.Key.Key_P)
    assert [s.label for s in stored_spans(example_copy)] == ["PER"]
