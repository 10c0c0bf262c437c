"""What the window tells after the work: the document list's warning count in full, result
dialogs of a readable width with whole file names, counts in words ("1 span"), and file
dialogs that start where the user works, not inside the example or the package."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from annotator.app.places import example_project
from annotator.app.projects import open_session
from annotator.ui.common import dialogs
from annotator.ui.common.dialogs import NoticeDialog
from annotator.ui.window import folders
from annotator.ui.window.main_window import MainWindow
from tests.ui.test_annotate import press, select

# -- the document list --------------------------------------------------------------------------


def test_the_warning_count_is_shown_whole_when_it_appears(qtbot: QtBot, window: MainWindow) -> None:
    table = window.documents.pane.table
    row = window.documents.model.row_of(window.ctx.document_id)
    assert window.documents.model.index(row, 4).data() == ""  # nothing missing yet
    for quote in ("British boots on the ground", "want to prop him"):
        select(window, quote)
        press(qtbot, window, Qt.Key.Key_Q)  # a quote without its speaker: a warning
    shown = window.documents.model.index(row, 4).data()
    assert shown == "⚠ 2"
    assert table.columnWidth(4) > table.fontMetrics().horizontalAdvance("⚠ 999")
    index = window.documents.pane.filtered.index(row, 4)
    assert index.data(Qt.ItemDataRole.ToolTipRole)  # the details


# -- result dialogs -----------------------------------------------------------------------------


def capture_notice(monkeypatch: pytest.MonkeyPatch) -> list[NoticeDialog]:
    """Notice.show builds the real dialog; it is kept (not run modally) for the test."""
    made: list[NoticeDialog] = []

    def show(cls, parent, title, text, details="", error=False):  # type: ignore[no-untyped-def]
        made.append(NoticeDialog(parent, title, text, details, error))

    monkeypatch.setattr(dialogs.Notice, "show", classmethod(show))
    return made


def test_the_import_result_is_readable_and_names_files_in_full(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "a-rather-long-name-for-an-article-from-the-wire-service-2026-03-03.txt"
    good.write_text("A headline\n\nA first paragraph of the article, long enough.\n")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01 not text")
    made = capture_notice(monkeypatch)
    monkeypatch.setattr(
        dialogs.ImportFilesDialog, "ask", classmethod(lambda cls, p, s: [good, bad])
    )
    window.actions.import_articles.trigger()
    [dialog] = made
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() >= 480
    details = dialog.findChild(QPlainTextEdit, "notice_details")
    assert details is not None and details.isVisible()
    assert details.lineWrapMode() == QPlainTextEdit.LineWrapMode.NoWrap
    lines = details.toPlainText().splitlines()
    assert any(str(good) in line for line in lines) and any(str(bad) in line for line in lines)
    widest = max(details.fontMetrics().horizontalAdvance(line) for line in lines)
    assert details.viewport().width() >= widest  # whole, not cut or scrolled away
    assert dialog.text.text() == "1 imported, 1 refused"
    dialog.close()


def test_a_short_message_is_not_a_narrow_box(qtbot: QtBot) -> None:
    dialog = NoticeDialog(None, "Import", "1 imported")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() >= 480
    assert not dialog.findChild(QPlainTextEdit, "notice_details").isVisible()


# -- counts -------------------------------------------------------------------------------------


def test_counts_are_said_in_words_one_span_two_spans(qtbot: QtBot, window: MainWindow) -> None:
    select(window, "Keir Starmer")
    press(qtbot, window, Qt.Key.Key_P)
    menu = window.track_picker.button.menu()
    assert menu is not None
    menu.aboutToShow.emit()
    [mine] = [a.text() for a in menu.actions() if "(you)" in a.text()]
    assert mine.endswith("— 1 span")
    select(window, "Sergei Lavrov")
    press(qtbot, window, Qt.Key.Key_P)
    menu.aboutToShow.emit()
    [mine] = [a.text() for a in menu.actions() if "(you)" in a.text()]
    assert mine.endswith("— 2 spans")


def test_no_count_in_the_code_is_written_with_an_s_in_brackets() -> None:
    """The window's words, and those of every layer (undo texts, refusals, check's report)."""
    ui = Path(folders.__file__).resolve().parents[2]
    found = [
        f"{path.relative_to(ui)}:{n}"
        for path in sorted(ui.rglob("*.py"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"[a-z]\(s\)", line) and re.search(r"\bf[\"']", line)  # in an f-string
    ]
    assert found == []


# -- where file dialogs start -------------------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of its own, with a documents folder and the data folder inside it."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    return home


def test_file_new_starts_at_home_then_where_the_user_last_chose(
    qtbot: QtBot, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    example = example_project()  # the user's copy, in the data folder
    win = MainWindow(open_session(example))
    qtbot.addWidget(win)
    starts: list[str] = []
    work = home / "newsroom"
    work.mkdir()

    def ask_new(cls, parent, start):  # type: ignore[no-untyped-def]
        starts.append(start)
        return work / f"project{len(starts)}.sqlite"

    monkeypatch.setattr(dialogs.ProjectPathDialog, "ask_new", classmethod(ask_new))
    win.actions.new.trigger()
    assert starts == [str(home / "Documents")]  # not the example's folder
    assert win.session.path == work / "project1.sqlite"
    win.actions.new.trigger()
    assert starts[1] == str(work)  # the last folder chosen
    win.close()


def test_the_example_and_the_package_are_never_remembered_as_a_start(home: Path) -> None:
    example = example_project()
    folders.remember(example / "project.sqlite")
    assert folders.start_folder() == str(home / "Documents")
    folders.remember(folders.PACKAGE / "example" / "articles" / "x.txt")
    assert folders.start_folder() == str(home / "Documents")
    (home / "Documents").rmdir()
    assert folders.start_folder() == str(home)


def test_an_import_refused_on_someone_elses_track_says_why_not_0_imported(
    qtbot: QtBot, example_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.ui.test_read_only_banner import first_launch

    win = first_launch(qtbot, example_copy)  # on the example's own work
    article = tmp_path / "new.txt"
    article.write_text("A headline\n\nA first paragraph of the article, long enough.\n")
    made = capture_notice(monkeypatch)
    monkeypatch.setattr(dialogs.ImportFilesDialog, "ask", classmethod(lambda cls, p, s: [article]))
    before = len(win.documents.model.ids())
    win.actions.import_articles.trigger()
    [dialog] = made
    assert dialog.text.text().startswith("Nothing was imported. Showing example's annotations")
    assert len(win.documents.model.ids()) == before
    assert win.track_banner.banner.flashing()
    win.close()
