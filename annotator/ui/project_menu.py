"""File menu work: new, open, recent projects and importing articles into the open project."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu

from annotator.ui import commands, plain
from annotator.ui.dialogs import ImportFilesDialog, Notice, ProjectPathDialog
from annotator.workspace import read_files

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class ProjectMenu(QObject):
    """Connects the File actions of a window; the window itself switches projects."""

    def __init__(self, window: MainWindow, recent_menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.recent_menu = recent_menu
        actions = window.actions
        actions.new.triggered.connect(self._on_new_triggered)
        actions.open.triggered.connect(self._on_open_triggered)
        actions.open_folder.triggered.connect(self._on_open_folder_triggered)
        actions.import_articles.triggered.connect(self._on_import_triggered)
        recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)

    def _start_folder(self) -> str:
        return str(self.window.session.path.parent)

    def _on_new_triggered(self) -> None:
        path = ProjectPathDialog.ask_new(self.window, self._start_folder())
        if path is not None:
            self.window.open_project(path)

    def _on_open_triggered(self) -> None:
        path = ProjectPathDialog.ask_open(self.window, self._start_folder())
        if path is not None:
            self.window.open_project(path)

    def _on_open_folder_triggered(self) -> None:
        path = ProjectPathDialog.ask_folder(self.window, self._start_folder())
        if path is not None:
            self.window.open_project(path)

    def _on_import_triggered(self) -> None:
        paths = ImportFilesDialog.ask(self.window, self._start_folder())
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: list[Path]) -> None:
        """Import articles; one summary names what was imported, skipped and refused (and why)."""
        session = self.window.session
        if session.read_only:
            Notice.show(self.window, "Import", "This project is open read-only.", error=True)
            return
        articles, report = read_files(paths)
        command = commands.ImportArticles(session, articles)
        if articles and self.window.push(command) and command.report is not None:
            report.imported.extend(command.report.imported)
            report.skipped.extend(command.report.skipped)
        Notice.show(
            self.window,
            "Import",
            report.summary(),
            "\n".join(report.details()),
            error=bool(report.refused),
        )

    def _on_recent_menu_about_to_show(self) -> None:
        self.recent_menu.clear()
        for path in self.window.opener.recent():
            action = self.recent_menu.addAction(plain.menu_text(str(path)))
            action.triggered.connect(lambda _=False, p=path: self.window.open_project(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("(none)").setEnabled(False)
