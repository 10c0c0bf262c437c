"""`annotator import` of corpora without annotations: JSONL of text and meta lines, CSV/TSV with a
text column; what lands in the project file, and the messy files refused with line or row."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from annotator.app.projects import open_session
from annotator.app.transfer import annotation_format
from annotator.cli import cli
from annotator.core.model import MAX_DOCUMENT_CHARS, Document


def run(project: Path, *args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["import", str(project), *map(str, args)])


def documents(project: Path) -> list[Document]:
    """The project's documents, read back from the file, in list order."""
    if not project.exists():
        return []
    session = open_session(project, read_only=True)
    try:
        return [session.document(meta.id) for meta in session.documents()]
    finally:
        session.close()


def jsonl(path: Path, *lines: Any, end: str = "\n") -> Path:
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + end for line in lines),
        encoding="utf-8",
        newline="",
    )
    return path


# -- JSONL --------------------------------------------------------------------------------------


def test_jsonl_corpus_lines_become_documents_with_fields_and_metadata(tmp_path: Path) -> None:
    corpus = jsonl(
        tmp_path / "corpus.jsonl",
        {
            "text": "Ministers met on Monday. They agreed on little.",
            "meta": {
                "title": "Ministers meet",
                "date": "2026-03-02",
                "source": "wire",
                "url": "https://example.org/a",
                "year": 2026,
                "score": 0.5,
                "paywalled": False,
                "section": None,
            },
            "id": 17,
        },
        {"text": "By Jane Doe\nMarch 3, 2026\nFloods close the old bridge\nWater rose overnight."},
        {"text": "A third story. It has no metadata at all.", "meta": {}},
    )
    project = tmp_path / "p.sqlite"
    result = run(project, corpus)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"imported {corpus}, line 1: Ministers meet",
        f"imported {corpus}, line 2: Floods close the old bridge",
        f"imported {corpus}, line 3: A third story.",
        f"{project}: 3 imported",
    ]
    first, second, third = documents(project)
    assert (first.title, first.date, first.source) == ("Ministers meet", "2026-03-02", "wire")
    assert first.text == "Ministers met on Monday. They agreed on little."
    assert dict(first.meta) == {
        "url": "https://example.org/a",
        "year": "2026",
        "score": "0.5",
        "paywalled": "false",
        "id": "17",
    }
    # No title: the article rule (byline -> author, dateline -> date, headline -> title).
    assert (second.title, second.date) == ("Floods close the old bridge", "2026-03-03")
    assert dict(second.meta) == {"author": "Jane Doe"}
    assert second.source == "corpus.jsonl, line 2"
    assert (third.title, third.date, dict(third.meta)) == ("A third story.", None, {})


def test_jsonl_corpus_with_bom_crlf_duplicates_and_an_empty_text(tmp_path: Path) -> None:
    corpus = tmp_path / "prodigy.jsonl"
    lines = [
        '{"text": "First text.\\r\\nSecond line.", "meta": {"source": "a"}}',
        "",
        '{"text": "   "}',
        '{"text": "First text.\\r\\nSecond line.", "meta": {"source": "b"}}',
        '{"text": "Another one."}',
    ]
    corpus.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n")
    project = tmp_path / "p.sqlite"
    result = run(project, corpus)
    assert result.exit_code == 1  # the empty text is refused, the rest imported
    assert f"refused {corpus}, line 3: the text is empty" in result.stderr
    assert (
        f"skipped {corpus}, line 4: the same text is in {corpus}, line 1, earlier in this import"
        in result.stdout
    )
    assert result.stdout.splitlines()[-1] == (
        f"{project}: 2 imported, 1 skipped (already in the project), 1 refused"
    )
    docs = documents(project)
    assert [d.text for d in docs] == ["First text.\r\nSecond line.", "Another one."]
    assert docs[0].source == "a"

    again = run(project, corpus)
    assert "0 imported, 3 skipped (already in the project), 1 refused" in again.stdout
    assert len(documents(project)) == 2


def test_jsonl_nested_meta_value_refuses_the_file_naming_the_line(tmp_path: Path) -> None:
    corpus = jsonl(
        tmp_path / "c.jsonl",
        {"text": "A fine line.", "meta": {"n": 1}},
        {"text": "Tags are a list.", "meta": {"tags": ["a", "b"]}},
    )
    project = tmp_path / "p.sqlite"
    result = run(project, corpus)
    assert result.exit_code == 1
    assert result.stderr == (
        f"refused {corpus}: line 2: the value of 'tags' is a list; a metadata value is text, a "
        "number or true/false\n"
    )
    assert documents(project) == []  # nothing of the file


def test_jsonl_dates_must_be_iso(tmp_path: Path) -> None:
    project = tmp_path / "p.sqlite"
    for date, why in [
        ("March 3, 2026", "the date 'March 3, 2026' is not YYYY-MM-DD"),
        ("2026-02-30", "the date 2026-02-30 does not exist"),
    ]:
        corpus = jsonl(
            tmp_path / "d.jsonl", {"text": "Ok."}, {"text": "Dated.", "meta": {"date": date}}
        )
        result = run(project, corpus)
        assert f"refused {corpus}: line 2: {why}" in result.stderr
    assert documents(project) == []


def test_a_file_mixing_corpus_and_annotation_lines_is_refused_with_the_line(
    tmp_path: Path,
) -> None:
    project = tmp_path / "p.sqlite"
    corpus_first = jsonl(
        tmp_path / "a.jsonl",
        {"text": "Plain text."},
        {"text": "Labelled.", "spans": [{"start": 0, "end": 8, "label": "PERSON"}]},
    )
    result = run(project, corpus_first)
    assert result.exit_code == 1
    assert f"refused {corpus_first}: line 2: a line with 'spans' in a corpus" in result.stderr
    annotations_first = jsonl(
        tmp_path / "b.jsonl",
        {"text": "Labelled.", "spans": [{"start": 0, "end": 8, "label": "PERSON"}]},
        {"text": "Plain text."},
    )
    result = run(project, annotations_first)
    assert result.exit_code == 1
    assert f"refused {annotations_first}, line 2: " in result.stderr
    assert "missing field 'spans'" in result.stderr
    assert documents(project) == []


def test_broken_json_lines_are_named(tmp_path: Path) -> None:
    project = tmp_path / "p.sqlite"
    cut = jsonl(tmp_path / "cut.jsonl", {"text": "Fine."}, '{"text": "cut off')
    surrogate = jsonl(tmp_path / "sur.jsonl", {"text": "Fine."}, '{"text": "half \\ud83d"}')
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(b'{"text": "Fine."}\n{"text": "caf\xe9"}\n')
    not_text = jsonl(tmp_path / "num.jsonl", {"text": "Fine."}, {"text": 3})
    result = run(project, cut, surrogate, latin, not_text)
    assert result.exit_code == 1
    err = result.stderr
    assert f"refused {cut}: line 2: malformed JSON" in err
    assert f"refused {surrogate}: line 2: a lone surrogate escape" in err
    assert f"refused {latin}: line 2: not UTF-8 text (byte 0xE9" in err
    assert f"refused {not_text}: line 2: 'text' is int 3, not a string" in err
    assert documents(project) == []


def test_corpus_files_are_told_from_annotation_files(tmp_path: Path) -> None:
    corpus = jsonl(tmp_path / "c.jsonl", {"text": "T.", "meta": {"a": "b"}, "id": "x"})
    assert annotation_format(corpus) is None
    minimal = jsonl(tmp_path / "m.jsonl", {"text": "T.", "spans": []})
    assert annotation_format(minimal) == "native"
    doccano = jsonl(tmp_path / "d.jsonl", {"text": "T.", "label": []})
    assert annotation_format(doccano) == "doccano"
    assert annotation_format(tmp_path / "table.csv") is None


# -- CSV ----------------------------------------------------------------------------------------


def test_csv_with_bom_crlf_and_quoted_newlines(tmp_path: Path) -> None:
    table = tmp_path / "news.csv"
    table.write_bytes(
        b"\xef\xbb\xbf"
        + (
            b"id,Title,Date,Source,URL,Author,Text\r\n"
            b'1,Bridge closed,2026-03-01,Daily,https://x/1,Ann Lee,"The bridge closed.\n'
            b'Traffic, said police, ""was diverted""."\r\n'
            b'2,,,,,,"Rain expected. More tomorrow."\r\n'
            b"\r\n"
        )
    )
    project = tmp_path / "p.sqlite"
    result = run(project, table)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        f"imported {table}, row 2: Bridge closed",
        f"imported {table}, row 3: Rain expected.",
    ]
    first, second = documents(project)
    assert first.text == 'The bridge closed.\nTraffic, said police, "was diverted".'
    assert (first.title, first.date, first.source) == ("Bridge closed", "2026-03-01", "Daily")
    assert dict(first.meta) == {"id": "1", "URL": "https://x/1", "Author": "Ann Lee"}
    assert (second.title, second.date, second.source) == ("Rain expected.", None, "news.csv, row 3")
    assert dict(second.meta) == {"id": "2"}


def test_semicolons_tabs_and_a_body_column(tmp_path: Path) -> None:
    semi = tmp_path / "excel.csv"
    semi.write_text('title;body;price\nOne;"Text with, commas; inside.";"3,50"\n', newline="")
    tabs = tmp_path / "table.tsv"
    tabs.write_text("Content\tpublisher\nA tab separated text.\tThe Post\n", newline="")
    project = tmp_path / "p.sqlite"
    result = run(project, semi, tabs)
    assert result.exit_code == 0, result.output
    first, second = documents(project)
    assert (first.text, first.title, dict(first.meta)) == (
        "Text with, commas; inside.",
        "One",
        {"price": "3,50"},
    )
    assert (second.text, dict(second.meta)) == ("A tab separated text.", {"publisher": "The Post"})


def test_a_missing_text_column_is_named_and_text_column_picks_one(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("headline,article\nA title,The article itself.\n", newline="")
    project = tmp_path / "p.sqlite"
    result = run(project, table)
    assert result.exit_code == 1
    assert result.stderr == (
        f"refused {table}: row 1: no text column: none is called text, body, content (the "
        "columns: 'headline', 'article'); name it with --text-column NAME\n"
    )
    wrong = run(project, table, "--text-column", "story")
    assert f"refused {table}: row 1: no column 'story'" in wrong.stderr
    assert documents(project) == []
    result = run(project, table, "--text-column", "Article")
    assert result.exit_code == 0, result.output
    (doc,) = documents(project)
    assert (doc.text, doc.title, dict(doc.meta)) == (
        "The article itself.",
        "The article itself.",
        {"headline": "A title"},
    )


def test_empty_texts_are_reported_by_row_and_the_rest_imported(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text('text,title\nFirst.,a\n"  ",b\n,,\nLast.,c\n', newline="")
    project = tmp_path / "p.sqlite"
    result = run(project, table)
    assert result.exit_code == 1
    assert result.stderr == f"refused {table}, row 3: the text is empty\n"  # row 4: blank
    assert [d.title for d in documents(project)] == ["a", "c"]


def test_non_utf8_csv_is_refused_naming_the_row(tmp_path: Path) -> None:
    table = tmp_path / "cp1252.csv"
    table.write_bytes('text\nFine.\n"two\nlines"\nCaf\u00e9 au lait.\n'.encode("cp1252"))
    utf16 = tmp_path / "unicode.csv"
    utf16.write_bytes("text\nFine.\n".encode("utf-16"))
    project = tmp_path / "p.sqlite"
    result = run(project, table, utf16)
    assert result.exit_code == 1
    assert f"refused {table}: row 4: not UTF-8 text (byte 0xE9 cannot be decoded" in result.stderr
    assert f"refused {utf16}: row 1: UTF-16 text" in result.stderr
    assert documents(project) == []


def test_broken_csv_rows_are_named_and_nothing_is_imported(tmp_path: Path) -> None:
    project = tmp_path / "p.sqlite"
    extra = tmp_path / "extra.csv"
    extra.write_text("text,title\nFine.,a\nOne, two, three.,b\n", newline="")
    unclosed = tmp_path / "unclosed.csv"
    unclosed.write_text('text,title\nFine.,a\n"Never closed.,b\nMore.,c\n', newline="")
    twice = tmp_path / "twice.csv"
    twice.write_text("text,Title,title\nFine.,a,b\n", newline="")
    bad_date = tmp_path / "date.csv"
    bad_date.write_text("text,date\nFine.,2026-01-01\nDated.,03/03/2026\n", newline="")
    result = run(project, extra, unclosed, twice, bad_date)
    assert result.exit_code == 1
    err = result.stderr
    assert f"refused {extra}: row 3: 4 fields where the header has 2" in err
    assert f"refused {unclosed}: row 3: a quoted field is not closed before the end" in err
    assert f"refused {twice}: row 1: the column 'title' appears twice (columns 2 and 3)" in err
    assert f"refused {bad_date}: row 3: the date '03/03/2026' is not YYYY-MM-DD" in err
    assert documents(project) == []


def test_a_field_over_the_document_limit_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "huge.csv"
    with table.open("w", encoding="utf-8", newline="") as out:
        out.write('text\nFine.\n"')
        out.write("x" * (MAX_DOCUMENT_CHARS + 1))
        out.write('"\n')
    project = tmp_path / "p.sqlite"
    result = run(project, table)
    assert result.exit_code == 1
    assert result.stderr == (
        f"refused {table}: row 3: a field of over {MAX_DOCUMENT_CHARS:,} characters, the most a "
        "document holds\n"
    )
    assert documents(project) == []


def test_a_text_of_exactly_the_limit_is_imported(tmp_path: Path) -> None:
    table = tmp_path / "big.csv"
    table.write_text("text\n" + "y" * MAX_DOCUMENT_CHARS + "\n", newline="")
    project = tmp_path / "p.sqlite"
    assert run(project, table).exit_code == 0
    (doc,) = documents(project)
    assert len(doc.text) == MAX_DOCUMENT_CHARS
