"""Start the window: parse the arguments, open the project, show the main window."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from annotator.app.crash import unexpected_text
from annotator.app.places import example_project
from annotator.storage.errors import ProjectError
from annotator.ui.common.dialogs import Notice
from annotator.ui.entities.loading import RegistryLoader
from annotator.ui.proposals.search import ProposalSearch
from annotator.ui.team.reading import TeamReading
from annotator.ui.window.main_window import MainWindow
from annotator.ui.window.opener import ProjectOpener

ORGANIZATION = "annotator"
APPLICATION = "annotator"


def make_application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0]])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    return app


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Open the annotation window. Commands: annotator --help.",
    )
    parser.add_argument(
        "project",
        nargs="?",
        type=Path,
        default=None,
        help="project file (X.sqlite, created if absent) or project folder; "
        "default: your copy of the bundled example (made on first use in your data folder)",
    )
    parser.add_argument("--read-only", action="store_true", help="open without editing")
    return parser.parse_args(argv)


def run(argv: list[str]) -> int:
    args = parse(argv)
    app = make_application()
    opener = ProjectOpener()
    try:
        project = args.project or example_project()
    except ProjectError as exc:  # the data folder cannot be written
        Notice.show(None, "The example project", str(exc), error=True)
        return 2
    session = opener.open(None, project, read_only=args.read_only)
    if session is None:
        return 2
    window = MainWindow(session, opener)
    sys.excepthook = lambda kind, exc, tb: _unexpected(window, exc)
    window.show()
    try:
        return app.exec()
    finally:
        ProposalSearch.wait_all()  # a search for proposals still ending after its window closed
        RegistryLoader.wait_all()  # a registry still read for a project closed in the window
        TeamReading.wait_all()  # a team folder's work file still read after its window closed


def _unexpected(window: MainWindow, exc: BaseException) -> None:
    """An exception no part expected (a bug, or a page of the file gone bad while it ran):
    a dialog says so, the details go to a report file, and the window stays open."""
    text = unexpected_text(exc, window.session.path)
    print(f"annotator: {text}", file=sys.stderr)
    Notice.show(window, "Something went wrong", text, error=True)
