"""File > Export and File > Import annotations in the window, in a worker with progress."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session
from annotator.ui.transfer import dialogs as transfer_dialogs
from annotator.ui.transfer.part import TransferPart
from annotator.ui.transfer.requests import ExportRequest, ImportRequest
from annotator.ui.window.main_window import MainWindow
from tests.conftest import EXAMPLE
from tests.ui.conftest import stored_spans
from tests.ui.parts import Harness
from tests.ui.test_annotate import press, select


def test_export_then_import_into_another_project(
    qtbot: QtBot,
    window: MainWindow,
    example_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    select(window, "Keir Starmer")
    press(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, Qt.Key.Key_Return)  # a new entity
    out = tmp_path / "out.jsonl"
    me = window.session.annotator.id
    monkeypatch.setattr(
        transfer_dialogs.ExportDialog,
        "ask",
        classmethod(lambda c, p, a, cur: ExportRequest(out, [me])),
    )
    window.actions.export.trigger()
    qtbot.waitUntil(lambda: not window.transfer.running(), timeout=10000)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    [line] = [x for x in lines if x["spans"]]
    assert (
        line["spans"][0]["text"] == "Keir Starmer" and line["entities"][0]["name"] == "Keir Starmer"
    )
    assert "Exported" in window.statusBar().currentMessage()

    other_folder = tmp_path / "other"
    shutil.copytree(example_copy / "articles", other_folder / "articles")
    other = MainWindow(open_session(other_folder))
    qtbot.addWidget(other)
    other.show()
    monkeypatch.setattr(
        transfer_dialogs.ImportFileDialog, "ask", classmethod(lambda c, p: ImportRequest(out))
    )
    other.actions.import_annotations.trigger()
    assert other.transfer.running() or other.transfer.busy == ""
    qtbot.waitUntil(lambda: not other.transfer.running(), timeout=10000)
    [span] = stored_spans(other_folder)
    assert (span.id, span.text) == (line["spans"][0]["id"], "Keir Starmer")
    other.close()


def test_unknown_labels_are_mapped_in_the_window(
    qtbot: QtBot,
    example_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The transfer part alone: the import asks how to map the labels, then imports."""
    harness = Harness(open_session(example_copy))
    qtbot.addWidget(harness.widget)
    part = TransferPart(harness.ctx)
    source = EXAMPLE / "annotations.jsonl"
    renamed = tmp_path / "renamed.jsonl"
    renamed.write_text(
        source.read_text(encoding="utf-8").replace('"label": "PERSON"', '"label": "PER"'),
        encoding="utf-8",
    )
    asked: list[object] = []

    def answer(cls, parent, missing, scheme):  # type: ignore[no-untyped-def]
        asked.append(missing)
        return False, {"PER": "PERSON"}

    monkeypatch.setattr(transfer_dialogs.LabelMappingDialog, "ask", classmethod(answer))
    monkeypatch.setattr(
        transfer_dialogs.ImportFileDialog, "ask", classmethod(lambda c, p: ImportRequest(renamed))
    )
    harness.actions.import_annotations.trigger()
    qtbot.waitUntil(lambda: bool(asked) and not part.running(), timeout=10000)
    assert [name for _, name, _ in asked[0]] == ["PER"]  # type: ignore[index]
    labels = {s.label for s in stored_spans(example_copy)}
    assert "PERSON" in labels and "PER" not in labels
    assert "Imported renamed.jsonl" in harness.message()
    harness.close()
