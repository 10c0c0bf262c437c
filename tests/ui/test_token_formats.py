"""The window's export and import offer the token-level formats (CoNLL, spaCy DocBin) through
``app.transfer``, as the command line does: the export dialog lists them, File > Import
annotations reads a CoNLL file into the project file, and the export's message says which
spans the CoNLL tags left out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from annotator.app.projects import open_session
from annotator.app.transfer import export_project, import_annotations, resolve_annotators
from annotator.core.model import Annotator
from annotator.ui.transfer import dialogs as transfer_dialogs
from annotator.ui.transfer.dialogs import ExportDialog, detect
from annotator.ui.transfer.part import TransferPart, export_job
from annotator.ui.transfer.requests import ExportRequest, ImportRequest
from tests.conftest import EXAMPLE
from tests.formats.test_conll import SPANS, TEXT, record
from tests.readback import rows
from tests.ui.parts import Harness


def test_the_export_dialog_lists_the_token_formats(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = ExportDialog(parent, [Annotator("a1", "Ann")], "a1")
    keys = [dialog.format.itemData(i) for i in range(dialog.format.count())]
    assert "conll" in keys and "spacy-docbin" in keys


def test_file_import_reads_a_conll_file(
    qtbot: QtBot, example_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(EXAMPLE / "annotations.jsonl", example_copy / "annotations.jsonl")
    source = open_session(example_copy, read_only=False)
    exported = tmp_path / "out.conll"
    try:
        report = export_project(
            source, exported, resolve_annotators(source, ["example"]), fmt="conll"
        )
    finally:
        source.close()
    assert report.spans > 0 and not report.left_out
    assert detect(exported) == "conll"  # the dialog's guess, from the file

    harness = Harness(open_session(tmp_path / "new.sqlite"))
    qtbot.addWidget(harness.widget)
    part = TransferPart(harness.ctx)
    monkeypatch.setattr(
        transfer_dialogs.ImportFileDialog,
        "ask",
        classmethod(lambda c, p: ImportRequest(exported, detect(exported))),
    )
    harness.actions.import_annotations.trigger()
    qtbot.waitUntil(lambda: not part.running(), timeout=10000)
    assert harness.message().startswith("Imported out.conll: 1 line"), harness.message()
    stored = rows(
        tmp_path / "new.sqlite",
        "SELECT a.name, s.layer, count(*) FROM spans s JOIN annotators a "
        "ON a.id = s.annotator_id GROUP BY a.name, s.layer",
    )
    assert [(name, layer) for name, layer, _ in stored] == [("example", "entity")]
    harness.close()


def test_the_window_export_says_what_the_tags_left_out(tmp_path: Path) -> None:
    jsonl = tmp_path / "nested.jsonl"
    jsonl.write_text(json.dumps(record(TEXT, SPANS), ensure_ascii=False) + "\n", "utf-8")
    project = tmp_path / "p.sqlite"
    session = open_session(project)
    try:
        import_annotations(session, jsonl, add_labels=True)
        who = [a.id for a in session.annotators()]
    finally:
        session.close()
    target = tmp_path / "out.conll"
    message = export_job(project, ExportRequest(target, who, False, "conll"))(lambda d, t: None)
    assert message.startswith("Exported 1 line") and " as conll: " in message
    assert "CoNLL tags of the entity layer: 1 span left out" in message
    assert target.read_text("utf-8").startswith("-DOCSTART- -X- O O\n")
