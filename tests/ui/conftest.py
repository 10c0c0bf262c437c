"""Qt fixtures: QSettings in a temporary folder, a main window on a copy of the example."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session, project_file
from annotator.core.model import Layer, Span
from annotator.storage.store import ProjectStore
from annotator.ui.window.app import APPLICATION, ORGANIZATION
from annotator.ui.window.main_window import MainWindow
from tests.conftest import EXAMPLE

# Qt's offscreen screen is 800x800 unless told otherwise, and a window opens no larger than
# its screen: the tests run on a common desktop screen; those of small screens size the
# window themselves (tests/ui/test_small_screens.py) or run under Xvfb at 1366x768.
if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
    SCREEN = Path(__file__).with_name("screens") / "desktop.json"
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREEN}"


@pytest.fixture(autouse=True)
def _settings(tmp_path_factory: pytest.TempPathFactory, qapp: QApplication) -> None:
    qapp.setOrganizationName(ORGANIZATION)
    qapp.setApplicationName(APPLICATION)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat,
        QSettings.Scope.UserScope,
        str(tmp_path_factory.mktemp("qsettings")),
    )
    QSettings().clear()


@pytest.fixture
def window(qtbot: QtBot, example_copy: Path) -> Iterator[MainWindow]:
    win = MainWindow(open_session(example_copy))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.article.view.setFocus()
    yield win
    if win.isVisible():
        win.close()


def review_window(qtbot: QtBot, folder: Path, *, own_track: bool = False) -> MainWindow:
    """A window on the example with both annotators' work ("example" and "blanca"), on the
    article they disagree on, the Review tab open; ``own_track`` shows the reviewer's own
    (editable) track instead of the one it opens on."""
    shutil.copy(EXAMPLE / "annotations.jsonl", folder / "annotations.jsonl")
    win = MainWindow(open_session(folder))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    if own_track:
        win.ctx.set_track(win.session.annotator.id)
    doc = next(i for i in win.documents.model.ids() if "Lavrov" in win.session.document(i).text)
    win.ctx.show_document(doc)
    win.tabs.setCurrentWidget(win.review.panel)
    win.article.view.setFocus()
    return win


@pytest.fixture
def reviewing(qtbot: QtBot, example_copy: Path) -> Iterator[MainWindow]:
    """``review_window`` on a copy of the example, closed afterwards."""
    win = review_window(qtbot, example_copy)
    yield win
    if win.isVisible():
        win.close()


def stored_spans(path: Path, annotator_id: str | None = None) -> list[Span]:
    """The spans as they are in the project file (of one annotator, if given), read through a
    separate read-only connection."""
    store = ProjectStore.open(project_file(path), read_only=True, scheme=None)
    try:
        rows = store.db.execute('SELECT id FROM spans ORDER BY start, "end"').fetchall()
        spans = [store.spans.get(r[0]) for r in rows]
        return [s for s in spans if annotator_id in (None, s.annotator_id)]
    finally:
        store.close()


def layer_of(spans: list[Span], layer: Layer) -> list[Span]:
    return [s for s in spans if s.layer is layer]
