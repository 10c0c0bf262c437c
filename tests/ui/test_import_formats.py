"""File > Import annotations reads every format the command line reads, through the same code
(``app.transfer``): the transfer part alone, on a new project, imports the example's work
exported as native JSONL, doccano and Label Studio, and the project file holds it after, under
the file's annotator ("example"), not the window's user."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session
from annotator.app.transfer import export_project, resolve_annotators
from annotator.ui.transfer import dialogs as transfer_dialogs
from annotator.ui.transfer.dialogs import detect
from annotator.ui.transfer.part import TransferPart
from annotator.ui.transfer.requests import ImportRequest
from tests.conftest import EXAMPLE
from tests.readback import rows
from tests.ui.parts import Harness

FORMATS = {"native": "out.jsonl", "doccano": "out.jsonl", "label-studio": "out.json"}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_each_import_format_through_the_window(
    qtbot: QtBot,
    example_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
) -> None:
    shutil.copy(EXAMPLE / "annotations.jsonl", example_copy / "annotations.jsonl")
    source = open_session(example_copy, read_only=False)
    exported = tmp_path / FORMATS[fmt]
    try:
        who = resolve_annotators(source, ["example"])
        report = export_project(source, exported, who, fmt=fmt)
    finally:
        source.close()
    assert report.spans > 0 and report.documents == 1

    harness = Harness(open_session(tmp_path / "new.sqlite"))
    qtbot.addWidget(harness.widget)
    part = TransferPart(harness.ctx)
    assert detect(exported) == fmt  # the dialog's guess, from the content
    monkeypatch.setattr(
        transfer_dialogs.ImportFileDialog,
        "ask",
        classmethod(lambda c, p: ImportRequest(exported, detect(exported))),
    )
    harness.actions.import_annotations.trigger()
    qtbot.waitUntil(lambda: not part.running(), timeout=10000)
    assert gc.isenabled()  # off only while the worker ran (see TransferPart.start)
    assert harness.message().startswith(f"Imported {exported.name}: "), harness.message()
    stored = rows(
        tmp_path / "new.sqlite",
        "SELECT a.name, count(*) FROM spans s JOIN annotators a ON a.id = s.annotator_id "
        "GROUP BY a.name",
    )
    assert stored == [("example", report.spans)]
    session = harness.ctx.session
    assert session.span_count(session.documents()[0].id) == report.spans  # the window sees it
    harness.close()
