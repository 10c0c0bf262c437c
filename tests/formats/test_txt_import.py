"""Importing .txt articles: the example folder, repeated imports, refusals, project folders."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.app.articles import import_files
from annotator.app.projects import PROJECT_FILE, build_from_sources, open_session
from annotator.core.articles import MAX_ARTICLE_BYTES
from annotator.session import Session
from tests.conftest import ARTICLES

EXPECTED_DATES = {
    "2025-03-03-lavrov-peacekeepers.txt": "2025-03-03",
    "crlf-and-tabs.txt": "2026-03-02",
    "emoji-and-flags.txt": "2026-02-14",
    "guillemets-and-rtl.txt": "2026-01-20",
}


@pytest.fixture
def session(project_path: Path) -> Iterator[Session]:
    session = open_session(project_path)
    yield session
    session.close()


def _names(pairs: list[tuple[str, object]]) -> list[str]:
    return [Path(name).name for name, _ in pairs]


def test_example_articles_import_with_their_dates(session: Session, example_copy: Path) -> None:
    report = import_files(session, [example_copy / "articles"])
    assert report.refused == []
    assert report.skipped == []
    assert sorted(_names(report.imported)) == sorted(EXPECTED_DATES)  # type: ignore[arg-type]
    documents = session.documents()
    assert len(documents) == 4
    assert {Path(d.source).name: d.date for d in documents} == EXPECTED_DATES
    assert [d.position for d in documents] == [0, 1, 2, 3]
    for meta in documents:
        text = session.document(meta.id).text
        assert not text.startswith("date ")
        assert "\r" not in text
    assert report.summary() == "4 imported"


def test_importing_again_skips_everything_with_a_note(
    session: Session, example_copy: Path, project_path: Path
) -> None:
    import_files(session, [example_copy / "articles"])
    again = import_files(session, [example_copy / "articles"])
    assert again.imported == []
    assert again.refused == []
    assert sorted(_names(again.skipped)) == sorted(EXPECTED_DATES)  # type: ignore[arg-type]
    for _, why in again.skipped:
        assert "already in the project" in why
    assert "4 skipped" in again.summary()
    assert len(session.documents()) == 4

    session.close()  # a later session (another day) skips them too
    later = open_session(project_path)
    try:
        assert len(import_files(later, [ARTICLES]).skipped) == 4
        assert len(later.documents()) == 4
    finally:
        later.close()


def test_bad_files_are_refused_by_name_and_the_good_ones_imported(
    session: Session, tmp_path: Path
) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "good-one.txt").write_text("date 2024-05-06 First. Body.\n", encoding="utf-8")
    (batch / "good-two.txt").write_text("Second article. More text.\n", encoding="utf-8")
    bad = {
        "binary.txt": (b"GIF89a\x01\x02\x03\x04\x05 image data", "control character"),
        "empty.txt": (b"  \n", "empty"),
        "latin1.txt": ("Le café est fermé.".encode("latin-1"), "not UTF-8"),
        "nul.txt": (b"Hello\x00world", "NUL"),
        "huge.txt": (b"a" * (MAX_ARTICLE_BYTES + 1), "MiB"),
    }
    for name, (data, _) in bad.items():
        (batch / name).write_bytes(data)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")

    report = import_files(session, [batch, pdf])

    assert sorted(_names(report.imported)) == ["good-one.txt", "good-two.txt"]  # type: ignore[arg-type]
    refused = {Path(name).name: why for name, why in report.refused}
    assert set(refused) == {*bad, "report.pdf"}
    for name, (_, reason) in bad.items():
        assert reason in refused[name], (name, refused[name])
    assert "not a .txt file" in refused["report.pdf"]
    for line in report.details():
        if line.startswith("refused"):
            assert str(batch) in line or str(pdf) in line
    assert report.summary() == "2 imported, 6 refused"
    assert sorted(d.title for d in session.documents()) == ["First.", "Second article."]


def test_folder_import_finds_upper_case_extensions(session: Session, tmp_path: Path) -> None:
    folder = tmp_path / "scans"
    (folder / "sub").mkdir(parents=True)
    (folder / "LOUD.TXT").write_text("Shouted headline. Body.\n", encoding="utf-8")
    (folder / "sub" / "quiet.txt").write_text("Quiet headline. Body.\n", encoding="utf-8")
    (folder / "notes.md").write_text("Not an article.\n", encoding="utf-8")
    report = import_files(session, [folder])
    assert sorted(_names(report.imported)) == ["LOUD.TXT", "quiet.txt"]  # type: ignore[arg-type]


def test_project_folder_is_built_once_and_never_rebuilt(example_copy: Path) -> None:
    target = build_from_sources(example_copy)
    assert target == example_copy / PROJECT_FILE
    assert sorted(p.name for p in example_copy.iterdir()) == ["articles", PROJECT_FILE]

    session = open_session(example_copy)
    try:
        assert session.path == target
        documents = session.documents()
        assert {Path(d.source).name: d.date for d in documents} == EXPECTED_DATES
        doc = documents[0].id
        label = session.scheme.find("PERSON")
        assert label is not None
        span = session.new_span(doc, 0, 7, label)
        session.add_span(span)
    finally:
        session.close()

    # New sources appearing later do not trigger a rebuild over the user's work.
    (example_copy / "articles" / "new.txt").write_text("A new one. Body.\n", encoding="utf-8")
    again = open_session(example_copy)
    try:
        assert [d.id for d in again.documents()] == [d.id for d in documents]
        assert again.spans(doc) == [span]
    finally:
        again.close()


def test_opening_a_project_folder_builds_it(example_copy: Path) -> None:
    session = open_session(example_copy)
    try:
        assert session.path == example_copy / PROJECT_FILE
        assert len(session.documents()) == 4
    finally:
        session.close()
    leftovers = [p.name for p in example_copy.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_missing_path_and_pipe_are_refused_with_their_reason(
    session: Session, tmp_path: Path
) -> None:
    typo = tmp_path / "artcles"  # a mistyped folder name is not "not a .txt file"
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)  # reading it would wait for a writer forever
    report = import_files(session, [typo, pipe])
    refused = dict(report.refused)
    assert refused == {str(typo): "no such file or folder", str(pipe): "not a regular file"}
    assert report.imported == []
