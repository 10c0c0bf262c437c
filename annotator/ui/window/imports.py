"""Articles and annotation files brought in without File > Import's file dialog: a folder of
articles (File > Import articles from a folder) and files or folders dropped on the window, each
sent where ``annotator import`` sends it (``app.transfer.annotation_format``): articles (.txt,
folders of them, CSV, JSONL corpora) to the article import, annotation files to the annotation
import that File > Import annotations runs."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QWidget

from annotator.app.transfer import NATIVE, annotation_format
from annotator.core.errors import AnnotatorError
from annotator.ui.common.context import WindowContext
from annotator.ui.common.dialogs import Notice
from annotator.ui.transfer.requests import ImportRequest


class ImportFolderDialog:
    @classmethod
    def ask(cls, parent: QWidget, start: str) -> Path | None:
        path = QFileDialog.getExistingDirectory(parent, "Import articles from a folder", start)
        return Path(path) if path else None


def sort_paths(paths: Iterable[Path]) -> tuple[list[Path], list[ImportRequest]]:
    """Articles, and annotation files with their format, as ``annotator import`` tells them
    apart; a file of no kind it knows goes to the native reader, which says what is wrong."""
    articles: list[Path] = []
    annotations: list[ImportRequest] = []
    for path in paths:
        try:
            kind = annotation_format(path)
        except (AnnotatorError, OSError, ValueError):
            kind = NATIVE
        if kind is None:
            articles.append(path)
        else:
            annotations.append(ImportRequest(path, kind))
    return articles, annotations


def dropped_paths(mime: QMimeData) -> list[Path]:
    """The local files and folders a drag carries (none for text or web links)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class ArticleSources(QObject):
    """Connects File > Import articles from a folder, and takes drops of files and folders on
    the window. ``import_articles`` is File > Import articles' import (one undoable edit, its
    summary shown); ``import_annotations`` starts File > Import annotations' background import,
    one file at a time."""

    def __init__(
        self,
        ctx: WindowContext,
        import_articles: Callable[[list[Path]], None],
        import_annotations: Callable[[ImportRequest], None],
    ) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.import_articles, self.import_annotations = import_articles, import_annotations
        if ctx.actions is not None:
            ctx.actions.import_folder.triggered.connect(self._on_import_folder_triggered)
        ctx.window.setAcceptDrops(True)
        ctx.window.installEventFilter(self)

    def _on_import_folder_triggered(self) -> None:
        folder = ImportFolderDialog.ask(self.ctx.window, str(self.ctx.session.path.parent))
        if folder is not None:
            self.import_articles([folder])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is not self.ctx.window:
            return False
        if isinstance(event, QDragEnterEvent | QDragMoveEvent | QDropEvent):
            paths = dropped_paths(event.mimeData())
            if not paths or not event.possibleActions() & Qt.DropAction.CopyAction:
                return False
            # Always a copy: a file manager deletes the files of a drop accepted as a move.
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            if event.type() == QEvent.Type.Drop:
                # After the drop returns: the program the files come from is not kept waiting
                # while the import's summary is shown.
                self.ctx.run_later(lambda: self.drop(paths))
            return True
        return False

    def drop(self, paths: list[Path]) -> None:
        """Import what was dropped: articles first, then an annotation file (one at a time,
        as File > Import annotations: a notice names the others, left for another drop)."""
        if self.ctx.session.read_only:
            self.ctx.say("This project is open read-only: nothing was imported")
            return
        articles, annotations = sort_paths(paths)
        if articles:
            self.import_articles(articles)
        if annotations:
            first, *rest = annotations
            if rest:
                Notice.show(
                    self.ctx.window,
                    "Import annotations",
                    f"Annotation files are imported one at a time: {first.path.name} now. "
                    "Drop the others again when it is done.",
                    "\n".join(f"not imported: {r.path}" for r in rest),
                )
            self.import_annotations(first)
