"""Window layout and view preferences kept in QSettings (UI state only, never project data)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QSplitter

from annotator.ui.article.view import ArticleView

DEFAULT_SIZE = (1360, 820)
DEFAULT_SPLIT = (310, 680, 370)  # documents, article, labels
MIN_ARTICLE = 420  # px: below this a restored layout is dropped for the default proportions


def restore(window: QMainWindow, splitter: QSplitter, view: ArticleView, snap: QAction) -> None:
    settings = QSettings()
    geometry = settings.value("window/geometry")
    if not (isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)):
        window.resize(*DEFAULT_SIZE)
    state = settings.value("window/splitter")
    if isinstance(state, QByteArray):
        splitter.restoreState(state)
    font_px = int(settings.value("view/font_px", 0) or 0)
    if font_px:
        view.zoom(font_px - view.font().pixelSize())
    snap.setChecked(str(settings.value("view/snap", "true")).lower() == "true")


def fit_article(window: QMainWindow, splitter: QSplitter) -> None:
    """Keep the article readable: if saved pane sizes leave it narrow (a smaller screen than
    the one they were saved on), share the width out in the default proportions instead.

    Call it once the window is shown: before that the splitter's sizes are not yet real."""
    sizes = splitter.sizes()
    total = sum(sizes) or window.width()
    if len(sizes) == 3 and sizes[1] >= min(MIN_ARTICLE, total // 2):
        return
    whole = sum(DEFAULT_SPLIT)
    splitter.setSizes([total * part // whole for part in DEFAULT_SPLIT])


def save(window: QMainWindow, splitter: QSplitter) -> None:
    settings = QSettings()
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/splitter", splitter.saveState())
