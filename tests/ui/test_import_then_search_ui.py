"""File > Import annotations into a window's new project: the import leaves the search index
to the window's build on idle turns, which starts by itself; the panel then finds the imported
documents and notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session
from annotator.ui.transfer import dialogs as transfer_dialogs
from annotator.ui.transfer.requests import ImportRequest
from annotator.ui.window.main_window import MainWindow
from tests.cli.test_import_then_search import exported_with_a_note
from tests.ui.test_search_ui import _open_and_type


def test_an_import_into_a_new_project_is_indexed_on_idle_turns_and_found(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = exported_with_a_note(tmp_path)
    window = MainWindow(open_session(tmp_path / "new.sqlite"))
    qtbot.addWidget(window)
    window.show()
    assert window.session.document_count() == 0
    monkeypatch.setattr(
        transfer_dialogs.ImportFileDialog, "ask", classmethod(lambda c, p: ImportRequest(out))
    )
    window.actions.import_annotations.trigger()
    qtbot.waitUntil(lambda: not window.transfer.running(), timeout=10_000)
    qtbot.waitUntil(lambda: window.session.search.built() == 1.0, timeout=10_000)
    _open_and_type(qtbot, window, "zeppelin")
    model = window.search.model
    assert model.rowCount() == 1
    assert model.data(model.index(0, 0)).startswith("Brussels")
    assert "1 document found" in window.search.panel.said.text()
    assert "built" not in window.search.panel.said.text()
    window.close()
