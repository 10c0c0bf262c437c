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
from annotator.ui.window.imports import sort_paths
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


def test_a_brat_file_through_the_window_says_what_did_not_map(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PolNeAR-style .ann beside its text: the attribution becomes a quote, and what does
    not map (a Discuss span) is shown in the result, never dropped silently."""
    (tmp_path / "doc.txt").write_text("Lavrov said no to peace talks.\n", encoding="utf-8")
    ann = tmp_path / "doc.ann"
    ann.write_text(
        "T1\tSource 0 6\tLavrov\nT2\tCue 7 11\tsaid\nT3\tContent 12 29\tno to peace talks\n"
        "T4\tAttribution 7 11\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
        "T5\tDiscuss 0 6\tLavrov\n",
        encoding="utf-8",
    )
    harness = Harness(open_session(tmp_path / "new.sqlite"))
    qtbot.addWidget(harness.widget)
    part = TransferPart(harness.ctx)
    assert detect(ann) == "brat"
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        transfer_dialogs.ImportFileDialog,
        "ask",
        classmethod(lambda c, p: ImportRequest(ann, "brat")),
    )
    from annotator.ui.common import dialogs

    monkeypatch.setattr(
        dialogs.Notice,
        "show",
        classmethod(
            lambda c, p, title, text, details="", error=False: shown.append((text, details))
        ),
    )
    harness.actions.import_annotations.trigger()
    qtbot.waitUntil(lambda: not part.running(), timeout=10000)
    assert rows(tmp_path / "new.sqlite", "SELECT count(*) FROM quotes") == [(1,)]
    ((text, details),) = shown
    assert "did not map" in text and "Discuss" in details and "doc.ann:6" in details
    harness.close()


def test_a_brat_corpus_folder_through_the_window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """File > Import annotations from a brat folder: PolNeAR's layout (text/ beside the folder
    of .ann files, one file per annotator) arrives as each annotator's work."""
    corpus = tmp_path / "corpus"
    (corpus / "text").mkdir(parents=True)
    (corpus / "attributions").mkdir()
    (corpus / "text" / "nyt_2016_a_b.txt").write_text("Lavrov said no.\n", encoding="utf-8")
    for who in ("ann", "bob"):
        (corpus / "attributions" / f"nyt_2016_a_b_{who}.ann").write_text(
            "T1\tSource 0 6\tLavrov\nT2\tCue 7 11\tsaid\nT3\tContent 12 14\tno\n"
            "T4\tAttribution 7 11\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n",
            encoding="utf-8",
        )
    harness = Harness(open_session(tmp_path / "new.sqlite"))
    qtbot.addWidget(harness.widget)
    part = TransferPart(harness.ctx)
    monkeypatch.setattr(
        transfer_dialogs.BratFolderDialog,
        "ask",
        classmethod(lambda c, p: ImportRequest(corpus, "brat")),
    )
    harness.actions.import_brat_folder.trigger()
    qtbot.waitUntil(lambda: not part.running(), timeout=10000)
    assert harness.message().startswith("Imported corpus"), harness.message()
    assert rows(tmp_path / "new.sqlite", "SELECT count(*) FROM quotes") == [(2,)]
    names = rows(tmp_path / "new.sqlite", "SELECT name FROM annotators ORDER BY name")
    assert ("ann",) in names and ("bob",) in names
    harness.close()


def test_a_dropped_folder_holding_ann_files_is_a_brat_import(tmp_path: Path) -> None:
    """A folder with .ann files (here in a subfolder) dropped on the window is a brat corpus;
    a folder of texts alone is articles."""
    corpus, articles = tmp_path / "corpus", tmp_path / "articles"
    (corpus / "ann").mkdir(parents=True)
    (corpus / "doc.txt").write_text("Kyiv.\n", "utf-8")
    (corpus / "ann" / "doc.ANN").write_text("T1\tLOCATION 0 4\tKyiv\n", "utf-8")
    articles.mkdir()
    (articles / "a.txt").write_text("An article.\n", "utf-8")
    texts, annotations = sort_paths([corpus, articles])
    assert texts == [articles]
    assert annotations == [ImportRequest(corpus, "brat")]
