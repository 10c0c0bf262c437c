"""Document-level edits and projects shared between windows and processes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session
from annotator.core.model import Annotator, Layer, Span, new_id, now_iso
from annotator.ui.article.view import tooltip_for
from annotator.ui.common import dialogs
from annotator.ui.documents.pane import SPANS_COLUMN, ReviewedDocumentListModel
from annotator.ui.window.main_window import MainWindow
from annotator.ui.window.opener import ProjectOpener
from tests.ui.conftest import stored_spans
from tests.ui.test_annotate import press, select


def test_remove_document_asks_and_undo_restores(
    qtbot: QtBot, window: MainWindow, example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    select(window, "Keir Starmer")
    press(qtbot, window, Qt.Key.Key_P)
    [span] = stored_spans(example_copy)
    doc_id = window.ctx.document_id
    asked: list[str] = []
    monkeypatch.setattr(
        dialogs.Confirm, "ask", classmethod(lambda cls, parent, t, q: asked.append(q) or False)
    )
    window.actions.remove_document.trigger()
    assert len(window.documents.model.ids()) == 4 and "with its 1 span (1 of them yours" in asked[0]
    monkeypatch.setattr(dialogs.Confirm, "ask", classmethod(lambda cls, parent, t, q: True))
    window.actions.remove_document.trigger()
    assert doc_id not in window.documents.model.ids()
    assert stored_spans(example_copy) == []
    assert window.ctx.document_id is not None and window.ctx.document_id != doc_id
    window.undo_stack.undo()
    assert window.documents.model.ids()[0] == doc_id
    assert window.ctx.document_id == doc_id
    assert stored_spans(example_copy) == [span]


def test_edit_document_details(
    qtbot: QtBot, window: MainWindow, example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        dialogs.DocumentDetailsDialog,
        "ask",
        classmethod(
            lambda cls, parent, doc: (
                "Lavrov rejects peacekeepers",
                "2025-03-04",
                "AP",
                {"author": "Jane Doe", "url": "https://example.org/a"},
            )
        ),
    )
    doc_id = window.ctx.document_id
    text_before = window.session.document(doc_id).text
    press(qtbot, window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    again = open_session(example_copy, read_only=True)
    doc = again.document(doc_id)
    again.close()
    assert (doc.title, doc.date, doc.source) == ("Lavrov rejects peacekeepers", "2025-03-04", "AP")
    assert doc.meta == {"author": "Jane Doe", "url": "https://example.org/a"}
    assert doc.text == text_before
    assert window.documents.model.meta(0).title == "Lavrov rejects peacekeepers"
    window.undo_stack.undo()
    assert window.session.document(doc_id).date == "2025-03-03"
    assert window.session.document(doc_id).meta == {}


def test_the_details_dialog_edits_the_metadata_by_typing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    document = window.session.document(window.ctx.document_id)
    dialog = dialogs.DocumentDetailsDialog(document, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    name, value = dialog.meta.rows[-1]  # the empty row at the end takes a new field
    qtbot.keyClicks(name, "author")
    qtbot.keyClicks(value, "Jane Doe")
    qtbot.mouseClick(dialog.findChild(QPushButton, "metadata_add"), Qt.MouseButton.LeftButton)
    name, value = dialog.meta.rows[-1]
    qtbot.keyClicks(name, "title")  # a field of the document itself: refused, said why
    qtbot.keyClicks(value, "x")
    dialog.grab().save(str(tmp_path / "details.png"))
    dialog._on_buttons_accepted()
    assert "field of the document itself" in dialog.error.text() and dialog.result() == 0
    name.clear()  # a row without a name is no field
    dialog._on_buttons_accepted()
    assert dialog.result() == 1
    assert dialog.values()[3] == {"author": "Jane Doe"}


def test_details_dialog_refuses_bad_date(qtbot: QtBot, window: MainWindow) -> None:
    dialog = dialogs.DocumentDetailsDialog(window.session.document(window.ctx.document_id), window)
    qtbot.addWidget(dialog)
    dialog.date.setText("2025-02-30")
    dialog._on_buttons_accepted()
    assert "real date" in dialog.error.text()
    assert dialog.result() == 0


def test_second_window_is_read_only_and_follows_the_writer(
    qtbot: QtBot, window: MainWindow, example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions: list[str] = []
    monkeypatch.setattr(
        dialogs.Confirm, "ask", classmethod(lambda cls, parent, t, q: questions.append(q) or True)
    )
    session = ProjectOpener().open(window, example_copy)
    assert session is not None and session.read_only
    assert "open for writing by tester" in questions[0]
    reader = MainWindow(session)
    qtbot.addWidget(reader)
    assert "read-only" in reader.windowTitle()
    # the reader cannot edit
    select(reader, "Keir Starmer")
    reader.article.view.setFocus()
    reader.labels.apply_label(reader.session.scheme.find("PERSON"))
    assert stored_spans(example_copy) == []
    # the writer edits; the reader sees it after its next poll, and keeps its place
    reader.resize(900, 400)
    reader.show()
    qtbot.waitExposed(reader)
    reader.article.view.verticalScrollBar().setValue(
        reader.article.view.verticalScrollBar().maximum() // 2
    )
    place = reader.article.view.firstVisibleBlock().blockNumber()
    assert place > 0
    select(window, "Keir Starmer")
    press(qtbot, window, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: len(reader.article.view.spans()) == 1, timeout=5000)
    assert reader.article.view.firstVisibleBlock().blockNumber() == place  # the same text on screen
    reader.close()


def test_tooltip_names_every_label_and_escapes_text() -> None:
    spans = [
        Span(new_id(), "d", "a", Layer.ENTITY, "PERSON", 0, 5, "<img src=x>", created_at=now_iso()),
        Span(new_id(), "d", "a", Layer.QUOTE, "QUOTE", 0, 20, "a & b", created_at=now_iso()),
    ]
    tip = tooltip_for(spans)
    assert "PERSON" in tip and "QUOTE" in tip
    assert "<img" not in tip and "&lt;img src=x&gt;" in tip


def test_window_title_and_status_show_annotator(window: MainWindow) -> None:
    assert "tester" in window.windowTitle()
    assert window.windowTitle().startswith("example — tester")  # the project folder's name
    assert window.annotator_label.text() == "Annotator: tester"


def test_rename_annotator_keeps_id(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANNOTATOR_NAME")
    before = window.session.annotator
    monkeypatch.setattr(dialogs.AnnotatorNameDialog, "ask", classmethod(lambda cls, p, c: "Ada"))
    window.actions.set_annotator.trigger()
    assert window.session.annotator == Annotator(before.id, "Ada")
    assert Annotator(before.id, "Ada") in window.session.annotators()
    monkeypatch.setattr(dialogs.AnnotatorNameDialog, "ask", classmethod(lambda cls, p, c: "gold"))
    shown: list[str] = []
    monkeypatch.setattr(
        dialogs.Notice, "show", classmethod(lambda cls, p, t, text, *a, **k: shown.append(text))
    )
    window.actions.set_annotator.trigger()
    assert "reserved" in shown[0]
    assert window.session.annotator.name == "Ada"


def test_import_reports_refusals(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("date 2024-05-01 Byline\n\nA new article. With text.\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9\n")
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        dialogs.Notice,
        "show",
        classmethod(
            lambda cls, p, title, text, details="", error=False: shown.append((text, details))
        ),
    )
    monkeypatch.setattr(
        dialogs.ImportFilesDialog, "ask", classmethod(lambda cls, p, s: [good, bad])
    )
    window.actions.import_articles.trigger()
    assert shown[0][0] == "1 imported, 1 refused"
    assert "bad.txt" in shown[0][1] and "line 1" in shown[0][1]
    assert len(window.documents.model.ids()) == 5
    added = window.session.document(window.documents.model.ids()[-1])
    assert added.source == "good.txt"  # the file name, as the command line stores it


def test_restored_layout_keeps_the_article_readable(qtbot: QtBot, example_copy: Path) -> None:
    from PySide6.QtCore import QSettings

    first = MainWindow(open_session(example_copy))
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.splitter.setSizes([700, 100, 560])  # a layout saved on another screen
    first.close()
    assert QSettings().value("window/splitter") is not None
    again = MainWindow(open_session(example_copy))
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    documents, article, labels = again.splitter.sizes()
    assert article > documents and article > labels  # the article has the largest share again
    again.close()


def test_status_bar_names_the_edit_saved_or_undone(qtbot: QtBot, window: MainWindow) -> None:
    select(window, "Keir Starmer")
    press(qtbot, window, Qt.Key.Key_P)
    assert "Add PERSON “Keir Starmer”" in window.statusBar().currentMessage()
    assert window.statusBar().currentMessage().startswith("Saved ")
    window.undo_stack.undo()
    assert "undid Add PERSON “Keir Starmer”" in window.statusBar().currentMessage()


def test_import_keeps_the_current_document(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = window.documents.model.ids()
    window.ctx.show_document(ids[1])
    extra = tmp_path / "extra.txt"
    extra.write_text("A fifth article. It is short.\n", encoding="utf-8")
    monkeypatch.setattr(dialogs.Notice, "show", classmethod(lambda cls, *a, **k: None))
    monkeypatch.setattr(dialogs.ImportFilesDialog, "ask", classmethod(lambda cls, p, s: [extra]))
    window.actions.import_articles.trigger()
    assert window.ctx.document_id == ids[1]
    press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.ctx.document_id == ids[2]


def test_import_is_one_undoable_edit(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = []
    for n in (1, 2):
        path = tmp_path / f"new{n}.txt"
        path.write_text(f"Article number {n}. Some text.\n", encoding="utf-8")
        files.append(path)
    monkeypatch.setattr(dialogs.Notice, "show", classmethod(lambda cls, *a, **k: None))
    monkeypatch.setattr(dialogs.ImportFilesDialog, "ask", classmethod(lambda cls, p, s: files))
    window.actions.import_articles.trigger()
    after = window.documents.model.ids()
    assert len(after) == 6
    window.undo_stack.undo()
    assert len(window.documents.model.ids()) == 4
    window.undo_stack.redo()
    assert window.documents.model.ids() == after  # the same documents, with the same ids


def test_open_a_project_folder_from_the_window(
    window: MainWindow, example_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    other = tmp_path / "newsroom"
    shutil.copytree(example_copy / "articles", other / "articles")
    monkeypatch.setattr(dialogs.ProjectPathDialog, "ask_folder", classmethod(lambda c, p, s: other))
    window.actions.open_folder.trigger()
    assert window.session.path == other / "project.sqlite"
    assert window.windowTitle().startswith("newsroom — ")
    assert len(window.documents.model.ids()) == 4
    # the project it left is closed: another window may now write it
    again = open_session(example_copy)
    assert not again.read_only
    again.close()


def test_models_pass_qt_model_tester(qtmodeltester, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(window.documents.model)
    qtmodeltester.check(window.documents.pane.filtered)
    qtmodeltester.check(window.labels.span_model)


def test_the_shown_document_removed_by_another_program(window: MainWindow) -> None:
    """Another program removes the article on screen: the window moves to one that exists (no
    traceback from a part that reloads a document that is gone), and says why."""
    shown = window.ctx.document_id
    assert shown is not None and len(window.documents.ids()) > 1
    other = window.session.worker()  # a second connection, as another program's
    other.remove_documents([shown])
    other.close()
    assert window.session.check_external_change()
    assert shown not in window.documents.ids()
    assert window.ctx.document_id in window.documents.ids()
    assert window.article.view.toPlainText() == window.session.document(window.ctx.document_id).text
    assert "changed by another program" in window.statusBar().currentMessage()


def test_rows_of_documents_added_after_an_undone_import_show_their_own_figures(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import undone, then other articles imported: SQLite gives the new documents the row
    keys the undone ones had, and the list shows each new row's own title and status (not
    those it read for the undone documents), as the project file has them."""
    monkeypatch.setattr(dialogs.Notice, "show", classmethod(lambda cls, *a, **k: None))
    picked: list[Path] = []
    monkeypatch.setattr(dialogs.ImportFilesDialog, "ask", classmethod(lambda cls, p, s: picked))
    model, table = window.documents.model, window.documents.pane.table

    def shown_rows() -> list[tuple[str, str]]:
        """Title and status of each row as the list shows it (the rows painted first)."""
        table.viewport().repaint()
        return [
            (
                model.index(r, 0).data(),
                model.index(r, 2).data(Qt.ItemDataRole.AccessibleTextRole),
            )
            for r in range(model.rowCount())
        ]

    def stored_rows() -> list[tuple[str, str]]:
        other = open_session(Path(window.session.path).parent, read_only=True)
        try:
            listed = other.document_list()
            return [
                (meta.title, meta.status.display)
                for meta in (listed.meta(r) for r in range(len(listed)))
                if meta is not None
            ]
        finally:
            other.close()

    for n in (1, 2):
        path = tmp_path / f"wrong{n}.txt"
        path.write_text(f"Wrong article {n}. Some text.\n", encoding="utf-8")
        picked.append(path)
    window.actions.import_articles.trigger()
    window.ctx.show_document(model.ids()[-1])
    press(qtbot, window, Qt.Key.Key_D)  # the last one marked done, from the keyboard
    wrong = shown_rows()[-2:]
    assert wrong == stored_rows()[-2:] and wrong[-1][1] == "done"
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # done undone
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # import undone
    assert len(shown_rows()) == 4
    picked[:] = []
    for n in (1, 2):
        path = tmp_path / f"right{n}.txt"
        path.write_text(f"Right article {n}. Other text.\n", encoding="utf-8")
        picked.append(path)
    window.actions.import_articles.trigger()
    right = shown_rows()
    assert right == stored_rows()
    assert [status for _, status in right[-2:]] == ["not started", "not started"]
    assert not {title for title, _ in wrong} & {title for title, _ in right}


def test_a_label_reads_and_repaints_only_its_documents_row(
    qtbot: QtBot, example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list's row of the labelled document alone is read again and repainted (turning the
    table's updates off and on for the frame repainted every row in view: ~500 reads a label)."""
    reads: list[int] = []
    data = ReviewedDocumentListModel.data

    def counted(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        reads.append(index.row())
        return data(self, index, role)

    monkeypatch.setattr(ReviewedDocumentListModel, "data", counted)  # before the model is made
    window = MainWindow(open_session(example_copy))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    model = window.documents.model
    qtbot.waitUntil(lambda: window.ctx.document_id is not None)
    qtbot.wait(20)  # the document shown and painted
    row = model.row_of(window.ctx.document_id)
    assert model.rowCount() > 1 and row >= 0
    select(window, "Keir Starmer")
    press(qtbot, window, Qt.Key.Key_P)  # (the first save's message may lay the window out anew)
    select(window, "Sergei Lavrov")
    qtbot.wait(20)  # the list painted
    assert reads
    reads.clear()
    press(qtbot, window, Qt.Key.Key_P)
    assert len(stored_spans(example_copy)) == 2  # saved before the key returns
    qtbot.wait(20)  # the frame painted
    # that row read and repainted (the view's update rect may touch a neighbour's edge)
    assert row in reads and set(reads) <= {row - 1, row, row + 1}
    assert model.index(row, SPANS_COLUMN).data() == 2  # with the new figure
