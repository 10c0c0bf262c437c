"""File and Settings menu work: new, open, recent projects, importing articles into the open
project, the annotator name. Switching projects is the window's (``open_project``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu

from annotator.app.articles import read_files
from annotator.core.errors import AnnotatorError
from annotator.identity import set_annotator_name
from annotator.session.ops.documents import ImportArticles
from annotator.ui.common import plain
from annotator.ui.common.context import WindowContext
from annotator.ui.common.dialogs import (
    AnnotatorNameDialog,
    Confirm,
    ImportFilesDialog,
    Notice,
    ProjectPathDialog,
)
from annotator.ui.window import folders
from annotator.ui.window.opener import ProjectOpener


class ProjectMenu(QObject):
    """Connects the File and Settings actions; ``open_project`` switches the window."""

    def __init__(
        self,
        ctx: WindowContext,
        recent_menu: QMenu,
        opener: ProjectOpener,
        open_project: Callable[[Path], bool],
        renamed: Callable[[], None],
    ) -> None:
        super().__init__(ctx)
        self.ctx, self.recent_menu, self.opener = ctx, recent_menu, opener
        self.open_project, self.renamed = open_project, renamed
        if ctx.actions is not None:
            a = ctx.actions
            a.new.triggered.connect(self._on_new_triggered)
            a.open.triggered.connect(self._on_open_triggered)
            a.open_folder.triggered.connect(self._on_open_folder_triggered)
            a.import_articles.triggered.connect(self._on_import_triggered)
            a.set_annotator.triggered.connect(self._on_set_annotator_triggered)
        recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)

    def _on_new_triggered(self) -> None:
        path = ProjectPathDialog.ask_new(self.ctx.window, folders.start_folder())
        if path is not None:
            folders.remember(path)
            self.open_project(path)

    def _on_open_triggered(self) -> None:
        path = ProjectPathDialog.ask_open(self.ctx.window, folders.start_folder())
        if path is not None:
            folders.remember(path)
            self.open_project(path)

    def _on_open_folder_triggered(self) -> None:
        path = ProjectPathDialog.ask_folder(self.ctx.window, folders.start_folder())
        if path is not None:
            folders.remember(path.parent)  # beside it: the next may be its sibling
            self.open_project(path)

    def _on_import_triggered(self) -> None:
        paths = ImportFilesDialog.ask(self.ctx.window, folders.start_folder())
        if paths:
            folders.remember(paths[0])
            self.import_paths(paths)

    def import_paths(self, paths: list[Path]) -> None:
        """Import articles; one summary names what was imported, skipped and refused (and why)."""
        ctx = self.ctx
        session = ctx.session
        if session.read_only:
            Notice.show(ctx.window, "Import", "This project is open read-only.", error=True)
            return
        articles, report = read_files(paths)
        op = ImportArticles(session, articles)
        if articles and ctx.push(op):
            report.imported.extend(op.report.imported)
            report.skipped.extend(op.report.skipped)
        elif articles and (why := ctx.refusal(op)) is not None:  # not "0 imported" alone
            Notice.show(ctx.window, "Import", f"Nothing was imported. {why}", error=True)
            return
        Notice.show(
            ctx.window,
            "Import",
            report.summary(),
            "\n".join(report.details()),
            error=bool(report.refused),
        )

    def _on_recent_menu_about_to_show(self) -> None:
        self.recent_menu.clear()
        for path in self.opener.recent():
            action = self.recent_menu.addAction(plain.menu_text(str(path)))
            action.triggered.connect(lambda _=False, p=path: self.open_project(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("(none)").setEnabled(False)

    def _on_set_annotator_triggered(self) -> None:
        ctx = self.ctx
        name = AnnotatorNameDialog.ask(ctx.window, ctx.session.annotator.name)
        if name is None:
            return
        warning = ctx.session.rename_warning(name)  # someone here is called so already
        if warning and not Confirm.ask(ctx.window, "Annotator name", warning):
            return
        try:
            annotator = set_annotator_name(name)
        except AnnotatorError as exc:
            Notice.show(ctx.window, "Annotator name", str(exc), error=True)
            return
        ctx.session.rename_annotator(annotator)
        self.renamed()
