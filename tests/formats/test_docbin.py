"""``--format spacy-docbin``: a ``.spacy`` file read back with spaCy's own ``DocBin`` into a
blank English vocab; ``doc.text`` is the document's, ents and span groups sit at the spans'
code point offsets (emoji, flags, ZWJ, combining marks, CRLF, RTL), overlapping entities are
reported, and without spaCy the export says how to install it and writes nothing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.app.projects import build_from_sources
from annotator.cli import cli
from annotator.core.model import Layer
from annotator.core.tokens import tokenize
from annotator.formats.peers.docbin import words_and_spaces, write_docbin
from tests.conftest import EXAMPLE
from tests.formats.test_conll import SPANS, TEXT, record
from tests.readback import rows

spacy = pytest.importorskip("spacy")
from spacy.tokens import Doc, DocBin  # noqa: E402
from spacy.vocab import Vocab  # noqa: E402

VOCAB = Vocab()
PIECES = [
    *"ab Z9.,'’-:\n\r\t“”()",
    "  ",
    "e\u0301",
    "🙂",
    "👨‍👩‍👧",
    "🇺🇦",
    "مرحبا",
    "\u200f",
    "\u00a0",
    "\ufe0f",
]


def read_back(path: Path) -> list[Any]:
    nlp = spacy.blank("en")
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))


def offsets(spans: Any) -> list[tuple[int, int, str]]:
    return sorted((s.start_char, s.end_char, s.label_) for s in spans)


def test_docs_hold_the_text_ents_and_every_layer(tmp_path: Path) -> None:
    source = record(TEXT, SPANS)
    target = tmp_path / "train.spacy"
    omissions = write_docbin([source], target)
    (doc,) = read_back(target)
    assert doc.text == TEXT  # CRLF, emoji, ZWJ family, combining accent, Arabic: exact
    by_layer = {
        layer: sorted(
            (s["start"], s["end"], s["label"]) for s in source["spans"] if s["layer"] == layer
        )
        for layer in ("entity", "quote", "claim")
    }
    for layer, expected in by_layer.items():
        assert offsets(doc.spans[layer]) == expected
        for span in doc.spans[layer]:
            assert span.text == TEXT[span.start_char : span.end_char]
    nested = [s for s in by_layer["entity"] if TEXT[s[0] : s[1]] == "Lavrov"]
    assert offsets(doc.ents) == [s for s in by_layer["entity"] if s not in nested]
    assert omissions.lines() and omissions.lines()[0].startswith(
        "doc.ents: 1 span left out, nested in"
    )
    assert doc.user_data["annotator"] == "Ann" and doc.user_data["title"] == "Kyiv"


def test_words_and_spaces_rebuild_the_text_exactly() -> None:
    for text in (TEXT, "  lead\r\n\r\nx\t y  ", "\u200fمرحبا بكم\u200f.", "a\u00a0b"):
        words, spaces = words_and_spaces(text, tokenize(text))
        assert "".join(w + " " * s for w, s in zip(words, spaces, strict=True)) == text


@pytest.fixture
def example(example_copy: Path) -> Path:
    shutil.copy(EXAMPLE / "annotations.jsonl", example_copy / "annotations.jsonl")
    return build_from_sources(example_copy)


def test_the_example_project_exported_reads_back_at_the_spans_offsets(
    tmp_path: Path, example: Path
) -> None:
    target = tmp_path / "example.spacy"
    done = CliRunner().invoke(
        cli, ["export", str(example), "-o", str(target), "--format", "spacy-docbin", "--all"]
    )
    assert done.exit_code == 0, done.output
    docs = read_back(target)
    stored = rows(
        example,
        "SELECT a.name, s.layer, s.start, s.end, s.label, d.text FROM spans s "
        "JOIN annotators a ON a.id = s.annotator_id JOIN documents d ON d.id = s.document_id",
    )
    assert len(docs) == 2
    for doc in docs:
        mine = [r for r in stored if r[0] == doc.user_data["annotator"]]
        assert mine and doc.text == mine[0][5]
        for layer in Layer:
            assert offsets(doc.spans[layer.value]) == sorted(
                (r[2], r[3], r[4]) for r in mine if r[1] == layer.value
            )
        assert len(doc.ents) > 0
        for ent in doc.ents:
            assert doc.char_span(ent.start_char, ent.end_char) is not None


def test_without_spacy_the_export_says_how_to_install_it(tmp_path: Path, example: Path) -> None:
    """spaCy made unimportable in a child process (``sys.modules["spacy"] = None`` is how
    Python marks a module that cannot be imported): a clear message, exit 1, no file."""
    target = tmp_path / "out.spacy"
    script = (
        "import sys; sys.modules['spacy'] = None\n"
        "from annotator.cli import cli\n"
        f"cli(['export', {str(example)!r}, '-o', {str(target)!r}, '--format', 'spacy-docbin', "
        "'--all'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 1
    assert "needs spaCy, which is not installed here" in done.stderr
    assert "pip install 'annotator[model]'" in done.stderr
    assert "Traceback" not in done.stderr
    assert not target.exists() and not list(tmp_path.glob(".out.spacy*"))


@settings(max_examples=100)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30), st.data())
def test_any_text_makes_a_doc_whose_spans_are_char_spans(pieces: list[str], data: Any) -> None:
    """Any text (emoji, flags, ZWJ, combining marks, CRLF, RTL, LRM, runs of white space):
    the Doc's text is the text, and every span of whole tokens is a strict char_span."""
    text = "".join(pieces)
    tokens = tokenize(text)
    words, spaces = words_and_spaces(text, tokens)
    doc = Doc(VOCAB, words=words, spaces=spaces)
    assert doc.text == text
    for a, b in data.draw(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=5)):
        if a < b <= len(tokens):
            start, end = tokens[a][0], tokens[b - 1][1]
            span = doc.char_span(start, end)
            assert span is not None and span.text == text[start:end]
