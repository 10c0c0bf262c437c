"""Where the window's file dialogs (File > New, Open, Open folder, Import articles) start: the
folder last chosen in one of them (kept in QSettings), else the user's documents folder or
home. Never inside the application's own places: the copy of the example in the data folder,
or the installed package (a new project made there would be lost or unwritable)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

from annotator.app.places import data_folder

LAST_FOLDER = "dialogs/last_folder"
PACKAGE = Path(__file__).resolve().parents[2]  # the installed annotator package


def start_folder() -> str:
    stored = QSettings().value(LAST_FOLDER, "")
    if isinstance(stored, str) and stored and usable(Path(stored)):
        return stored
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return documents
    return str(Path.home())


def remember(chosen: Path) -> None:
    """The folder of a file (or the folder) the user chose, for the next dialog."""
    folder = chosen if chosen.is_dir() else chosen.parent
    if usable(folder):
        QSettings().setValue(LAST_FOLDER, str(folder))


def usable(folder: Path) -> bool:
    """An existing folder outside the application's own places."""
    try:
        if not folder.is_dir():
            return False
        where = folder.resolve()
        own = [data_folder(), PACKAGE]
        return not any(where.is_relative_to(place.resolve()) for place in own)
    except OSError:
        return False
