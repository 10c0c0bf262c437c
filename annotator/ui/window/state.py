"""Window layout and view preferences kept in QSettings (UI state only, never project data)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

from annotator.ui.article.view import ArticleView
from annotator.ui.window.side_panel import SidePanel

DEFAULT_SIZE = (1360, 820)
DEFAULT_SPLIT = (310, 680, 370)  # documents, article, labels
MIN_ARTICLE = 420  # px: below this a restored layout is dropped for the default proportions
MIN_DOCUMENTS = 200  # px: the narrowest the document list may be dragged
MAX_DOCUMENTS = 460  # px: the widest the document list opens (its share of a wide window)
MIN_ARTICLE_WIDTH = 240  # px: the narrowest the article may be dragged
TITLE_BAR = 40  # px the window manager's title bar and frame take, before the window is shown


def default_size(window: QWidget) -> QSize:
    """The default size, made smaller to fit the screen's free area (a 1366x768 laptop has
    about 1366x730 once a panel is drawn, less the window's own title bar)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    size = QSize(*DEFAULT_SIZE)
    if screen is None:
        return size
    free = screen.availableGeometry().size() - QSize(0, TITLE_BAR)
    return size.boundedTo(free).expandedTo(window.minimumSizeHint())


def restore(window: QMainWindow, splitter: QSplitter, view: ArticleView, snap: QAction) -> bool:
    """The saved geometry, pane sizes and view preferences; True if pane sizes were saved."""
    settings = QSettings()
    geometry = settings.value("window/geometry")
    if not (isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)):
        window.resize(default_size(window))
    state = settings.value("window/splitter")
    restored = isinstance(state, QByteArray) and splitter.restoreState(state)
    font_px = int(settings.value("view/font_px", 0) or 0)
    if font_px:
        view.zoom(font_px - view.font().pixelSize())
    snap.setChecked(str(settings.value("view/snap", "true")).lower() == "true")
    return restored


def default_split(total: int, side_comfort: int) -> list[int]:
    """Documents, article and side column widths for ``total`` px: the document list has its
    share of the default proportions (wider on a wide window, up to ``MAX_DOCUMENTS``, so
    titles are read whole beside a team's names; narrower on a small one, never below its
    narrowest), the side column keeps what its widgets need to show in full
    (``side_comfort``, at most its default width), and the article has the rest."""
    docs_px, _, side_px = DEFAULT_SPLIT
    whole = sum(DEFAULT_SPLIT)
    docs = max(MIN_DOCUMENTS, min(MAX_DOCUMENTS, total * docs_px // whole))
    side = max(side_comfort, min(side_px, total * side_px // whole))
    return [docs, max(total - docs - side, 0), side]


def fit_article(
    window: QMainWindow, splitter: QSplitter, side: SidePanel, *, restored: bool = True
) -> None:
    """Share the width out the default way for the window's real width when no pane sizes
    were saved (``restored`` False), or when the saved ones leave the article narrow (a
    smaller screen than the one they were saved on).

    Call it once the window is shown: before that the splitter's sizes are not yet real."""
    sizes = splitter.sizes()
    total = sum(sizes) or window.width()
    if restored and len(sizes) == 3 and sizes[1] >= min(MIN_ARTICLE, total // 2):
        return
    splitter.setSizes(default_split(total, side.comfortable_width()))


def save(window: QMainWindow, splitter: QSplitter) -> None:
    settings = QSettings()
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/splitter", splitter.saveState())
