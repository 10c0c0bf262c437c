"""Entities, quotes and claims in the window: keys and the attribute editor, then the file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.app.projects import project_file
from annotator.core.links import ClaimerKind, Verdict
from annotator.storage.store import ProjectStore
from annotator.ui.window.main_window import MainWindow
from tests.ui.test_annotate import press, select

CTRL_Z = (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
CTRL_SHIFT_Z = (
    Qt.Key.Key_Z,
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
)


def stored(path: Path):  # type: ignore[no-untyped-def]
    """Quotes, claims, entities and spans as in the project file (a separate connection)."""
    store = ProjectStore.open(project_file(path), read_only=True, scheme=None)
    try:
        docs = [r[0] for r in store.db.execute("SELECT id FROM documents")]
        annotators = [a.id for a in store.annotators.all()]
        quotes = [q for d in docs for a in annotators for q in store.links.quotes(d, a)]
        claims = {
            k: v for d in docs for a in annotators for k, v in store.links.claims(d, a).items()
        }
        spans = {s.id: s for d in docs for a in annotators for s in store.spans.of(d, a)}
        return quotes, claims, store.entities.all(), spans
    finally:
        store.close()


def label_mention(qtbot: QtBot, window: MainWindow, piece: str, nth: int = 0) -> str:
    select(window, piece, nth=nth)
    press(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, Qt.Key.Key_Return)  # link to the proposed entity, or a new one
    return window.article.view.selected_span_id


def test_quote_with_two_segments_cue_and_speaker_by_keyboard(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    starmer_mention = label_mention(qtbot, window, "Starmer", nth=2)
    _, _, [starmer], _ = stored(example_copy)
    assert starmer.name == "Starmer"

    select(window, "We need to increase spending, we’ve got to increase capability")
    press(qtbot, window, Qt.Key.Key_Q)
    first = window.article.view.selected_span_id
    select(window, "got to co-ordinate more because in the Ukraine conflict")
    press(qtbot, window, Qt.Key.Key_Q, Qt.KeyboardModifier.ShiftModifier)
    second = window.article.view.selected_span_id
    said = window.article.view.text.index("Starmer said") + len("Starmer ")
    window.article.view.select_range(said, said + 4)
    press(qtbot, window, Qt.Key.Key_U)
    cue = window.article.view.selected_span_id
    [quote], _, _, _ = stored(example_copy)
    assert quote.segment_ids == (first, second) and quote.cue_span_id == cue
    assert not quote.has_speaker

    window.ctx.select_span(first)
    press(qtbot, window, Qt.Key.Key_S)  # pick speaker: the nearest entity first
    press(qtbot, window, Qt.Key.Key_Return)
    [quote], _, _, _ = stored(example_copy)
    assert quote.speaker_entity_id == starmer.id
    assert starmer_mention in window.article.view.hint_ids  # the speaker's mention is outlined

    # undo and redo each step, checking the file every time
    steps = []
    for _ in range(4):
        press(qtbot, window, *CTRL_Z)
        steps.append(stored(example_copy)[0])
    assert steps[0][0].speaker_entity_id is None
    assert steps[1][0].cue_span_id is None
    assert steps[2][0].segment_ids == (first,)
    assert steps[3] == []
    for expected in reversed(steps[:-1]):
        press(qtbot, window, *CTRL_SHIFT_Z)
        assert stored(example_copy)[0] == expected
    press(qtbot, window, *CTRL_SHIFT_Z)
    assert stored(example_copy)[0][0].speaker_entity_id == starmer.id


def test_spelling_variant_is_proposed_and_linked_with_one_key(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    caption = label_mention(qtbot, window, "Sergey Lavrov")  # a new entity
    body = label_mention(qtbot, window, "Sergei Lavrov")  # proposes "Sergey Lavrov"
    _, _, [lavrov], spans = stored(example_copy)
    assert spans[caption].entity_id == spans[body].entity_id == lavrov.id
    other = label_mention(qtbot, window, "Donald Trump")
    _, _, entities, spans = stored(example_copy)
    assert len(entities) == 2 and spans[other].entity_id != lavrov.id
    assert [e.name for e in entities] == ["Donald Trump", "Sergey Lavrov"]
    press(qtbot, window, *CTRL_Z)  # undo the labelling: the mention and its new entity
    _, _, entities, spans = stored(example_copy)
    assert [e.name for e in entities] == ["Sergey Lavrov"] and other not in spans


def test_claim_attributes_through_the_editor(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    select(window, "Europe has rallied around Kyiv")
    press(qtbot, window, Qt.Key.Key_C)
    span_id = window.article.view.selected_span_id
    editor = window.entities.editor
    assert editor.pages.currentIndex() == 3
    editor.claimer_combo.setCurrentIndex(editor.claimer_combo.findData("author"))
    editor.claimer_combo.activated.emit(editor.claimer_combo.currentIndex())
    editor.verdict.setCurrentIndex(editor.verdict.findData("misleading"))
    editor.verdict.activated.emit(editor.verdict.currentIndex())
    editor.evidence.setFocus()
    qtbot.keyClicks(editor.evidence, "EU statement")
    qtbot.keyClick(editor.evidence, Qt.Key.Key_Return)
    _, claims, _, _ = stored(example_copy)
    claim = claims[span_id]
    assert claim.claimer_kind is ClaimerKind.AUTHOR
    assert claim.verdict is Verdict.MISLEADING and claim.evidence == "EU statement"
    window.undo_stack.undo()
    window.undo_stack.undo()
    window.undo_stack.undo()
    _, claims, _, _ = stored(example_copy)
    assert span_id not in claims  # back to no attributes at all


def test_an_entity_chosen_as_claimer_is_saved_and_shown_again(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    """The claimer list (its kinds, then the registry's entities, a model over the registry):
    an entity picked from its popup by the keyboard is the claim's claimer in the project
    file, and is the one shown when the claim is selected again; outside a quote "the speaker
    of its quote" is greyed."""
    mention = label_mention(qtbot, window, "Sergey Lavrov")
    label_mention(qtbot, window, "Donald Trump")
    _, _, entities, _ = stored(example_copy)
    lavrov = next(e for e in entities if e.name == "Sergey Lavrov")
    select(window, "Europe has rallied around Kyiv")
    press(qtbot, window, Qt.Key.Key_C)
    claim_span = window.article.view.selected_span_id
    editor = window.entities.editor
    combo, choices = editor.claimer_combo, editor.claimer_choices
    assert combo.count() == 3 + len(entities) and combo.currentIndex() == 0  # not set
    assert not choices.flags(choices.index(2)) & Qt.ItemFlag.ItemIsEnabled
    press(qtbot, window, Qt.Key.Key_F4)
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the list opens
    popup = combo.view()
    popup.setCurrentIndex(choices.index(combo.findData(lavrov.id)))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    _, claims, _, _ = stored(example_copy)
    assert claims[claim_span].claimer_kind is ClaimerKind.ENTITY
    assert claims[claim_span].claimer_entity_id == lavrov.id
    window.ctx.select_span(mention)  # another span, then the claim again
    assert editor.pages.currentIndex() == 1
    window.ctx.select_span(claim_span)
    assert editor.pages.currentIndex() == 3
    assert combo.currentData() == lavrov.id and combo.currentText().startswith("Sergey Lavrov")
    window.undo_stack.undo()
    _, claims, _, _ = stored(example_copy)
    assert claims.get(claim_span) is None or claims[claim_span].claimer_entity_id is None
    assert combo.currentIndex() == 0


def test_done_checklist_warns_and_the_list_counts(
    qtbot: QtBot, window: MainWindow, example_copy: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from annotator.core.model import Status
    from annotator.ui.common import dialogs

    select(window, "Sergei Lavrov")
    press(qtbot, window, Qt.Key.Key_P)  # a mention, linked to a new entity at once
    combo = window.entities.editor.entity_combo
    combo.setCurrentIndex(combo.findData(""))  # "— no entity —": unlinked by hand
    combo.activated.emit(combo.currentIndex())
    select(window, "We need to increase spending")
    press(qtbot, window, Qt.Key.Key_Q)  # a quote with no speaker
    row = window.documents.model.row_of(window.ctx.document_id)
    assert window.documents.model.meta(row).warnings == 2
    assert window.documents.model.index(row, 4).data() == "⚠ 2"
    asked: list[str] = []
    monkeypatch.setattr(
        dialogs.Confirm, "ask", classmethod(lambda c, p, t, q: asked.append(q) or False)
    )
    press(qtbot, window, Qt.Key.Key_D)
    assert "1 mention without entity" in asked[0] and "1 quote without speaker" in asked[0]
    assert window.session.status(window.ctx.document_id) is Status.IN_PROGRESS
    monkeypatch.setattr(dialogs.Confirm, "ask", classmethod(lambda c, p, t, q: True))
    press(qtbot, window, Qt.Key.Key_D)
    assert window.session.status(window.ctx.document_id) is Status.DONE


def test_merge_two_entities_and_every_mention_follows(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    window.actions.snap.setChecked(True)
    a = label_mention(qtbot, window, "Zelenskyy")  # new entity "Zelenskyy"
    select(window, "Volodymyr Zelenskyy")
    press(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)  # a second one
    b = window.article.view.selected_span_id
    _, _, entities, spans = stored(example_copy)
    assert len(entities) == 2 and spans[a].entity_id != spans[b].entity_id
    registry = window.entities.registry
    window.tabs.setCurrentWidget(registry)
    keep = spans[b].entity_id
    table = registry.table
    table.selectAll()
    table.setCurrentIndex(registry.model.index(registry.model.row_of(keep), 0))
    table.selectAll()
    registry.merge_button.click()
    _, _, entities, spans = stored(example_copy)
    assert [e.id for e in entities] == [keep]
    assert entities[0].aliases == ("Zelenskyy",)
    assert spans[a].entity_id == spans[b].entity_id == keep
    qtbot.waitUntil(lambda: registry.model.rowCount() == 1)  # refreshed after the frame
    assert registry.model.index(0, 2).data() == 2  # two mentions
    window.undo_stack.undo()
    _, _, entities, spans = stored(example_copy)
    assert len(entities) == 2 and spans[a].entity_id != keep


def test_accept_three_of_four_occurrence_proposals(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    first = label_mention(qtbot, window, "Putin")  # "Putin" stands 5 times in the article
    _, _, [putin], _ = stored(example_copy)
    press(
        qtbot,
        window,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.proposals.model.rowCount() == 4
    assert len(window.article.view.ghosts) == 4  # ghost spans in the text, nothing stored yet
    assert len(stored(example_copy)[3]) == 1
    press(qtbot, window, Qt.Key.Key_A)
    press(qtbot, window, Qt.Key.Key_R)
    press(qtbot, window, Qt.Key.Key_A)
    press(qtbot, window, Qt.Key.Key_A)
    _, _, _, spans = stored(example_copy)
    others = [s for s in spans.values() if s.id != first]
    assert len(others) == 3
    assert all(s.label == "PERSON" and s.entity_id == putin.id for s in others)
    assert all(s.text == "Putin" for s in spans.values())
    assert window.proposals.model.rowCount() == 0 and window.article.view.ghosts == []
    window.undo_stack.undo()  # each acceptance is its own edit
    assert len(stored(example_copy)[3]) == 3


def test_hovering_a_quote_outlines_its_speaker_and_cue(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    from PySide6.QtGui import QTextCursor

    mention = label_mention(qtbot, window, "Starmer", nth=2)
    select(window, "We need to increase spending")
    press(qtbot, window, Qt.Key.Key_Q)
    press(qtbot, window, Qt.Key.Key_S)
    press(qtbot, window, Qt.Key.Key_Return)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.article.view.hint_ids == []
    view = window.article.view
    cp = view.text.index("increase spending")
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_utf16(cp) + 2)
    view.centerCursor()
    view.setTextCursor(cursor)
    qtbot.mouseMove(view.viewport(), view.cursorRect(cursor).center())
    assert mention in view.hint_ids


def test_example_opens_on_its_shipped_annotations_read_only(
    qtbot: QtBot, example_copy: Path
) -> None:
    import shutil

    from annotator.app.projects import open_session
    from tests.conftest import EXAMPLE

    shutil.copy(EXAMPLE / "annotations.jsonl", example_copy / "annotations.jsonl")
    window = MainWindow(open_session(example_copy))
    qtbot.addWidget(window)
    window.show()
    doc = next(
        i for i in window.documents.model.ids() if "Lavrov" in window.session.document(i).text
    )
    window.ctx.show_document(doc)
    assert window.ctx.is_other() and "showing example's" in window.windowTitle()
    spans = window.article.view.spans()
    assert {s.label for s in spans} >= {"PERSON", "QUOTE", "CUE", "CLAIM"}
    meta = window.documents.model.meta(window.documents.model.row_of(doc))
    assert (meta.span_count, meta.status.value) == (len(spans), "done")  # the list follows
    quote_span = next(s for s in spans if s.label == "QUOTE")
    window.ctx.select_span(quote_span.id)
    assert window.entities.editor.pages.currentIndex() == 2  # its quote, with a speaker
    assert window.entities.editor.speaker_combo.currentData()
    select(window, "Moscow")
    press(qtbot, window, Qt.Key.Key_L)  # read-only: refused, and the status says why
    assert "read-only" in window.statusBar().currentMessage()
    assert len(window.article.view.spans()) == len(spans)
    window.ctx.set_track(window.session.annotator.id)  # back to your own, empty, editable
    assert window.article.view.spans() == [] and not window.ctx.is_other()
    window.close()


def test_keyboard_reaches_the_attribute_editor(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    select(window, "Europe has rallied around Kyiv")
    press(qtbot, window, Qt.Key.Key_C)
    press(qtbot, window, Qt.Key.Key_F4)
    editor = window.entities.editor
    assert editor.claimer_combo.hasFocus() or window.focusWidget() is editor.claimer_combo
    qtbot.keyClick(editor.claimer_combo, Qt.Key.Key_Down)  # opens the list, changes nothing
    assert editor.claimer_combo.view().isVisible()
    _, claims, _, _ = stored(example_copy)
    assert window.article.view.selected_span_id not in claims
    popup = editor.claimer_combo.view()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # "the article's author"
    _, claims, _, _ = stored(example_copy)
    assert claims[window.article.view.selected_span_id].claimer_kind is ClaimerKind.AUTHOR
    editor.evidence.setFocus()
    qtbot.keyClick(editor.evidence, Qt.Key.Key_Escape)
    assert window.article.view.hasFocus()


def test_merge_refreshes_the_open_document(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    a = label_mention(qtbot, window, "Zelenskyy")
    select(window, "Volodymyr Zelenskyy")
    press(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    b = window.article.view.selected_span_id  # the mention of the entity that will be merged away
    keep = window.article.view.span(a).entity_id
    gone = window.article.view.span(b).entity_id
    window.entities.registry.merge_requested.emit(keep, gone)  # the Merge button's request
    assert window.undo_stack.undoText() == "Merge Volodymyr Zelenskyy into Zelenskyy"
    assert window.article.view.span(b).entity_id == keep  # the window follows, not only the file
    assert window.entities.editor.entity_combo.currentData() == keep
    window.undo_stack.undo()
    assert window.article.view.span(b).entity_id == gone


def test_speaker_nearest_to_the_whole_quote_comes_first(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    label_mention(qtbot, window, "Zelenskyy", nth=1)  # before the quote, further away
    starmer = label_mention(qtbot, window, "Starmer", nth=2)  # 3 characters after it
    select(window, "We need to increase spending, we’ve got to increase capability")
    press(qtbot, window, Qt.Key.Key_Q)
    select(window, "got to co-ordinate more because in the Ukraine conflict")
    press(qtbot, window, Qt.Key.Key_Q, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, window, Qt.Key.Key_S)
    press(qtbot, window, Qt.Key.Key_Return)
    [quote], _, _, spans = stored(example_copy)
    assert quote.speaker_entity_id == spans[starmer].entity_id


def test_accept_all_checks_again_and_stays_in_the_document(
    qtbot: QtBot, window: MainWindow, example_copy: Path
) -> None:
    label_mention(qtbot, window, "Ukraine")
    here = window.ctx.document_id
    press(
        qtbot,
        window,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
    )
    qtbot.waitUntil(lambda: not window.proposals.running)  # it looks in a thread of its own
    proposals = list(window.proposals.model.proposals)
    assert {p.document_id for p in proposals} - {here}  # other documents too
    mine = next(p for p in proposals if p.document_id == here)
    window.article.view.select_range(mine.start, mine.end)
    press(qtbot, window, Qt.Key.Key_P)  # labelled by hand meanwhile
    window.article.view.setFocus()
    press(qtbot, window, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    assert window.ctx.document_id == here  # accepting elsewhere does not move the reader
    _, _, _, spans = stored(example_copy)
    ranges = [(s.document_id, s.start, s.end) for s in spans.values()]
    assert len(ranges) == len(set(ranges))  # no duplicate of the one labelled by hand
    assert len(spans) == len(proposals) + 1


def test_new_entity_from_a_mention_of_spaces_says_why_not(qtbot: QtBot, window: MainWindow) -> None:
    """Snapping off, one space labelled PERSON, then Shift+Enter: no entity, a message, no
    traceback."""
    window.actions.snap.setChecked(False)
    at = window.article.view.text.index(" ")
    window.article.view.select_range(at, at + 1)
    press(qtbot, window, Qt.Key.Key_P)
    assert window.article.selected() is not None
    before = stored(window.session.path)[2]
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert "only spaces" in window.statusBar().currentMessage()
    assert stored(window.session.path)[2] == before
