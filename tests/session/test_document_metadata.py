"""Documents' open metadata (issue 12): author, url, publisher and any key a corpus brings,
kept in the project file beside title, date and source, edited as one undoable edit, refused
when it is not text by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.app.articles import import_files
from annotator.app.projects import open_session
from annotator.core.errors import AnnotatorError
from annotator.core.model import metadata_refusal
from annotator.session.ops.documents import EditDocument
from tests.readback import dump, rows

TRAM = (
    "City council approves new tram line after heated debate\n"
    "By Staff Reporter\n\n"
    "The Springfield city council voted 7-2 on Tuesday to build a tram line.\n"
)


def test_a_byline_is_stored_as_the_author_and_the_source_is_the_file_name(
    tmp_path: Path,
) -> None:
    article = tmp_path / "in" / "tram.txt"
    article.parent.mkdir()
    article.write_text(TRAM, encoding="utf-8")
    project = tmp_path / "p.sqlite"
    session = open_session(project)
    try:
        import_files(session, [article.parent])
        (doc,) = session.documents()
        stored = session.document(doc.id)
    finally:
        session.close()
    assert stored.title == "City council approves new tram line after heated debate"
    assert stored.meta == {"author": "Staff Reporter"}
    assert stored.source == "tram.txt"
    assert rows(project, "SELECT source, meta FROM documents") == [
        ("tram.txt", '{"author":"Staff Reporter"}')
    ]


def test_metadata_edits_are_one_undoable_edit_and_nothing_else_moves(tmp_path: Path) -> None:
    article = tmp_path / "tram.txt"
    article.write_text(TRAM, encoding="utf-8")
    project = tmp_path / "p.sqlite"
    session = open_session(project)
    try:
        import_files(session, [article])
        (doc,) = session.documents()
        before = dump(project)
        edit = EditDocument(
            session,
            doc.id,
            "Tram line approved",
            "2026-03-03",
            "tram.txt",
            {"author": "Staff Reporter", "url": "https://example.org/tram", "publisher": "Gazette"},
        )
        edit.apply()
        after = session.document(doc.id)
        assert after.meta["url"] == "https://example.org/tram" and after.date == "2026-03-03"
        keep = EditDocument(session, doc.id, "Tram line approved", "2026-03-03", "tram.txt")
        keep.apply()  # no metadata given: it stays as it is
        assert session.document(doc.id).meta == after.meta
        keep.revert()
        edit.revert()
        assert dump(project) == before
    finally:
        session.close()


@pytest.mark.parametrize(
    ("meta", "why"),
    [
        ({"title": "x"}, "a field of the document itself"),
        ({"year": 2020}, "is not text"),
        ({"": "x"}, "is not a name"),
        ({"tags": ["a"]}, "is not text"),
        ({"abstract": "x" * 10_001}, "over 10,000 characters"),
        ({f"k{i}": "v" for i in range(101)}, "at most 100"),
        (["author"], "not an object"),
    ],
)
def test_metadata_that_is_not_text_by_name_is_refused_and_nothing_written(
    tmp_path: Path, meta: object, why: str
) -> None:
    assert why in metadata_refusal(meta)
    article = tmp_path / "tram.txt"
    article.write_text(TRAM, encoding="utf-8")
    project = tmp_path / "p.sqlite"
    session = open_session(project)
    try:
        import_files(session, [article])
        (doc,) = session.documents()
        before = dump(project)
        with pytest.raises(AnnotatorError, match=why.split()[0]):
            session.edit_document(
                doc.id,
                title="T",
                date=None,
                source="",
                meta=meta,  # type: ignore[arg-type]
            )
        assert dump(project) == before
    finally:
        session.close()
