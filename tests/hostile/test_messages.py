"""Messages that say what is wrong, where (issue 11, 12): every kind of bad .jsonl file is
refused by ``import`` and ``validate`` as what it is (never "not a .txt file"), at its line and
the column that went wrong, and an empty file is an error in every format, not "nothing new"."""

from __future__ import annotations

import json

import pytest

from tests.conftest import EXAMPLE
from tests.hostile.world import World, refused

GOOD = (EXAMPLE / "annotations.jsonl").read_text(encoding="utf-8").splitlines()[0]
CUT = GOOD[: len(GOOD) // 2]

BAD_JSONL: dict[str, tuple[bytes, str]] = {  # content, what the message must say
    "empty": (b"", "empty"),
    "only blank lines": (b"\n  \n\t\n", "empty"),
    "a byte order mark alone": (b"\xef\xbb\xbf\n", "empty"),
    "plain text": (b"Some notes about the articles\n", "line 1"),
    "a line cut off": (CUT.encode() + b"\n", "line 1"),
    "a file cut off without its line end": (CUT.encode(), "line 1"),
    "an unterminated string": (b'{"id": "abc\n', "line 1"),
    "a raw tab in a string": (b'{"id": "a\tb"}\n', "line 1"),
    "a JSON list": (b"[1, 2, 3]\n", "line 1"),
    "a number": (b"42\n", "line 1"),
    "null": (b"null\n", "line 1"),
    "a string": (b'"text"\n', "line 1"),
    "a trailing comma": (b'{"id": "a",}\n', "line 1"),
    "single quotes": (b"{'id': 'a'}\n", "line 1"),
    "NaN": (b'{"id": NaN}\n', "line 1"),
    "a repeated key": (GOOD.replace('"id": ', '"id": "x", "id": ', 1).encode() + b"\n", "line 1"),
    # ({"id", "text"} alone is a corpus line since issue 13: an article, not a bad line)
    "a field missing": (
        json.dumps({"id": "a", "text": "b", "annotator": "x"}).encode() + b"\n",
        "line 1",
    ),
    "two objects on a line": (GOOD.encode() + b" " + GOOD.encode() + b"\n", "line 1"),
    "a comment line": (b"// exported by hand\n" + GOOD.encode() + b"\n", "line 1"),
    "comma-separated values": (b"id,text\n1,hello\n", "line 1"),
    "XML": (b'<?xml version="1.0"?><doc/>\n', "line 1"),
    "Latin-1 text": ('{"id": "café"}\n'.encode("latin-1"), "line 1"),
    "UTF-16": ('{"id": "a"}\n'.encode("utf-16"), "line 1"),
    "a good line then a cut one": (GOOD.encode() + b"\n" + CUT.encode() + b"\n", "line 2"),
}


@pytest.mark.parametrize("case", sorted(BAD_JSONL))
def test_every_kind_of_bad_jsonl_is_named_for_what_it_is(world: World, case: str) -> None:
    content, where = BAD_JSONL[case]
    bad = world.outside / "bad.jsonl"
    bad.write_bytes(content)
    before = world.state()
    for args in (("import", world.project, bad), ("validate", bad)):
        outcome = world.cli(*args)
        refused(outcome, bad)
        text = outcome.output
        assert where in text, (case, text)
        assert "not a .txt file" not in text and " at at " not in text, text
    assert world.state() == before


def test_a_line_cut_off_says_where_it_ends(world: World) -> None:
    bad = world.outside / "cut.jsonl"
    bad.write_text(CUT + "\n", encoding="utf-8")
    text = world.cli("validate", bad).output
    assert "the line ends at column" in text and "cut off" in text, text
    assert "column 1)" not in text


def test_a_raw_tab_says_it_must_be_escaped(world: World) -> None:
    bad = world.outside / "tab.jsonl"
    bad.write_bytes(b'{"id": "a\tb"}\n')
    text = world.cli("validate", bad).output
    assert "column 10" in text and "escaped" in text, text


@pytest.mark.parametrize("fmt", ["native", "doccano", "label-studio"])
def test_an_empty_file_is_an_error_in_every_format(world: World, fmt: str) -> None:
    empty = world.outside / "empty.jsonl"
    empty.write_bytes(b"")
    before = world.state()
    outcome = world.cli("import", world.project, empty, "--format", fmt)
    refused(outcome, empty)
    assert "empty" in outcome.output and "nothing new" not in outcome.output, outcome.output
    assert world.state() == before
