"""The window and the command line keep the user's copy of the example in the same folder:
the command line's rule (``app.places``) is Qt's GenericDataLocation plus ``annotator``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QApplication

from annotator.app.places import data_folder
from annotator.ui.window.app import parse


@pytest.mark.parametrize("xdg", ["set", "unset", "relative"])
def test_the_data_folder_is_qts(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, xdg: str
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if xdg == "set":
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    elif xdg == "unset":
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", "relative/data")
    generic = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    assert data_folder() == Path(generic) / "annotator"
    assert data_folder().is_relative_to(tmp_path), os.environ.get("XDG_DATA_HOME")


def test_the_window_without_a_project_means_the_users_example_copy() -> None:
    assert parse([]).project is None
    assert parse(["x.sqlite"]).project == Path("x.sqlite")
