"""Files and folders dropped on the window, and File > Import articles from a folder: articles
(.txt, CSV, JSONL corpora) imported as one edit, annotation files through the annotation import;
checked in the project file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session
from annotator.core.model import Document
from annotator.ui.common import dialogs
from annotator.ui.window import imports
from annotator.ui.window.main_window import MainWindow
from tests.conftest import EXAMPLE
from tests.ui.conftest import stored_spans

Shown = list[tuple[str, str]]


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> Shown:
    """The import summaries the window shows (summary, details), instead of a modal box."""
    seen: Shown = []
    monkeypatch.setattr(
        dialogs.Notice,
        "show",
        classmethod(
            lambda cls, p, title, text, details="", error=False: seen.append((text, details))
        ),
    )
    return seen


def mime_of(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drop(
    qtbot: QtBot,
    target: QWidget,
    mime: QMimeData,
    actions: Qt.DropAction = Qt.DropAction.CopyAction,
    keys: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> tuple[bool, bool]:
    """A drag entering the window over ``target`` and dropped there, delivered as the platform
    delivers it: to the window's QWindow, which hands it to the widget under the mouse that
    takes drops (``QWidgetWindow``). Whether the enter and the drop were accepted as a copy
    (``actions``: what the source offers; ``keys`` held, Shift proposing a move)."""
    handle = target.window().windowHandle()
    at = QPointF(target.mapTo(target.window(), target.rect().center()))
    buttons = Qt.MouseButton.LeftButton
    enter = QDragEnterEvent(at.toPoint(), actions, mime, buttons, keys)
    QApplication.sendEvent(handle, enter)
    dropped = QDropEvent(at, actions, mime, buttons, keys)
    QApplication.sendEvent(handle, dropped)
    qtbot.wait(10)  # the import runs once the drop has returned
    copied = dropped.isAccepted() and dropped.dropAction() == Qt.DropAction.CopyAction
    return enter.isAccepted(), copied


def stored(path: Path) -> list[Document]:
    session = open_session(path, read_only=True)
    try:
        return [session.document(meta.id) for meta in session.documents()]
    finally:
        session.close()


def test_dropping_a_csv_a_corpus_and_a_folder_imports_their_articles(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, shown: Shown
) -> None:
    table = tmp_path / "news.csv"
    table.write_text("title;text;url\nFrom a table;Row text here.;https://x/1\n", newline="")
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"text": "A corpus line.", "meta": {"year": 2026}}) + "\n")
    folder = tmp_path / "folder"
    (folder / "deeper").mkdir(parents=True)
    (folder / "deeper" / "one.txt").write_text("A folder article. Body.\n", encoding="utf-8")
    before = len(window.documents.model.ids())
    target = window.documents.pane.table.viewport()  # no drop target: the window takes it
    offered = Qt.DropAction.MoveAction | Qt.DropAction.CopyAction
    shift = Qt.KeyboardModifier.ShiftModifier  # proposes a move: taken as a copy all the same
    assert drop(qtbot, target, mime_of(table, corpus, folder), offered, shift) == (True, True)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown[0][0] == "3 imported"
    docs = stored(window.session.path)
    assert len(docs) == before + 3
    new = {d.title: d for d in docs[before:]}
    assert set(new) == {"From a table", "A corpus line.", "A folder article."}
    assert dict(new["From a table"].meta) == {"url": "https://x/1"}
    assert dict(new["A corpus line."].meta) == {"year": "2026"}
    assert len(window.documents.model.ids()) == before + 3  # the list shows them
    details = dialogs.DocumentDetailsDialog(new["From a table"], window)  # Ctrl+T's dialog
    qtbot.addWidget(details)
    assert (details.title.text(), details.source.text()) == ("From a table", "news.csv, row 2")
    assert [(n.text(), v.text()) for n, v in details.meta.rows if n.text()] == [
        ("url", "https://x/1")
    ]
    window.undo_stack.undo()  # one edit, as File > Import articles
    assert len(stored(window.session.path)) == before


def test_a_dropped_annotation_file_goes_to_the_annotation_import(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, shown: Shown
) -> None:
    export = tmp_path / "annotations.jsonl"
    export.write_bytes((EXAMPLE / "annotations.jsonl").read_bytes())
    second = tmp_path / "second.jsonl"
    second.write_bytes(export.read_bytes())
    table = tmp_path / "t.csv"
    table.write_text("text\nOne more article.\n", newline="")
    assert stored_spans(window.session.path) == []
    assert drop(qtbot, window.article.view.viewport(), mime_of(table, export, second)) == (
        True,
        True,
    )
    qtbot.waitUntil(lambda: bool(shown))
    assert shown[0][0] == "1 imported"  # the articles first
    assert shown[1] == (  # one annotation file at a time
        "Annotation files are imported one at a time: annotations.jsonl now. Drop the others "
        "again when it is done.",
        f"not imported: {second}",
    )
    qtbot.waitUntil(lambda: not window.transfer.running(), timeout=20000)
    assert stored_spans(window.session.path)  # the example's spans, under their annotators
    titles = [d.title for d in stored(window.session.path)]
    assert "One more article." in titles


def test_a_drop_of_no_files_is_not_taken_and_read_only_imports_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, shown: Shown, example_copy: Path
) -> None:
    text = QMimeData()
    text.setText("just words")
    assert drop(qtbot, window.documents.pane.table.viewport(), text) == (False, False)
    web = QMimeData()
    web.setUrls([QUrl("https://example.org/a.csv")])
    assert drop(qtbot, window.documents.pane.table.viewport(), web) == (False, False)
    moved_only = mime_of(tmp_path / "a.txt")
    assert drop(qtbot, window.article.view.viewport(), moved_only, Qt.DropAction.MoveAction) == (
        False,
        False,
    )

    reader = MainWindow(open_session(example_copy, read_only=True))
    qtbot.addWidget(reader)
    reader.show()
    article = tmp_path / "a.txt"
    article.write_text("An article. Text.\n", encoding="utf-8")
    before = len(stored(reader.session.path))
    assert drop(qtbot, reader.documents.pane.table.viewport(), mime_of(article)) == (True, True)
    qtbot.waitUntil(lambda: "read-only" in reader.statusBar().currentMessage())
    assert len(stored(reader.session.path)) == before
    assert shown == []
    reader.close()


def test_import_articles_from_a_folder(
    window: MainWindow, tmp_path: Path, shown: Shown, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    for n in (1, 2):
        (folder / f"a{n}.txt").write_text(f"Folder article {n}. Text.\n", encoding="utf-8")
    (folder / "notes.csv").write_text("text\nNot taken from a folder.\n", newline="")
    asked: list[str] = []
    monkeypatch.setattr(
        imports.ImportFolderDialog,
        "ask",
        classmethod(lambda cls, parent, start: asked.append(start) or folder),
    )
    before = len(stored(window.session.path))
    window.actions.import_folder.trigger()
    assert asked == [str(window.session.path.parent)]
    assert shown[0][0] == "2 imported"
    titles = [d.title for d in stored(window.session.path)[before:]]
    assert titles == ["Folder article 1.", "Folder article 2."]
