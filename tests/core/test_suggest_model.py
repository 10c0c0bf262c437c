"""Optional spaCy: a blank pipeline with an entity ruler (nothing downloads a model), and the
app without spaCy at all."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from annotator.core.links import Entity
from annotator.core.model import Layer, Span
from annotator.core.suggest import KnownNames, suggest
from annotator.core.suggest import model as suggest_model
from annotator.core.suggest.model import load_pipeline, model_proposals
from tests.conftest import REPO

TEXT = "🇺🇦👍🏽 Sergei Lavrov met Russian officials at the Foreign Ministry in Kyiv.\n\nKyiv again."
# 🇺🇦 is two code points, 👍🏽 two more, then a space: "Sergei" starts at 5 (UTF-16 would say 9).
# Sergei 5, met 19, Russian 23, officials 31, Foreign 48, Kyiv 68, the second Kyiv 75.


def ruler_pipeline() -> Any:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PERSON", "pattern": "Sergei Lavrov"},
            {"label": "NORP", "pattern": "Russian"},
            {"label": "ORG", "pattern": "Foreign Ministry"},
            {"label": "GPE", "pattern": "Kyiv"},
            {"label": "MONEY", "pattern": "officials"},
        ]
    )
    return nlp


def rows(proposals: list[Any]) -> list[tuple[int, int, str, str, str]]:
    return [(p.start, p.end, p.text, p.label, p.origin) for p in proposals]


def test_entities_mapped_to_the_scheme_with_code_point_offsets() -> None:
    nlp = ruler_pipeline()
    got = model_proposals("d", TEXT, nlp)
    assert rows(got) == [
        (5, 18, "Sergei Lavrov", "PERSON", "model"),
        (48, 64, "Foreign Ministry", "ORGANIZATION", "model"),
        (68, 72, "Kyiv", "LOCATION", "model"),
        (75, 79, "Kyiv", "LOCATION", "model"),
    ]  # NORP ("Russian") and unmapped labels are left out
    assert all(p.layer is Layer.ENTITY and p.entity_id is None for p in got)
    assert all(TEXT[p.start : p.end] == p.text for p in got)


def test_long_texts_go_in_paragraph_chunks_with_the_same_offsets() -> None:
    nlp = ruler_pipeline()
    text = "\n\n".join([TEXT] * 30)
    whole = rows(model_proposals("d", text, nlp, chunk_chars=1_000_000))
    assert len(whole) == 4 * 30
    assert rows(model_proposals("d", text, nlp, chunk_chars=200)) == whole
    assert rows(model_proposals("d", text, nlp, chunk_chars=40)) != []  # paragraphs cut at spaces


def test_existing_entity_spans_block_model_proposals_and_the_registry_wins() -> None:
    nlp = ruler_pipeline()
    existing = [Span("s", "d", "a", Layer.ENTITY, "OTHER", 48, 55, "Foreign")]
    assert [p.start for p in model_proposals("d", TEXT, nlp, existing)] == [5, 68, 75]
    lavrov = Entity("e-lavrov", "a", "Sergey Lavrov", "PERSON", ("Sergei Lavrov",))
    got = suggest("d", TEXT, [], KnownNames([lavrov]), nlp=nlp)
    assert [(p.start, p.end, p.origin, p.entity_id) for p in got] == [
        (5, 18, "registry", "e-lavrov"),
        (48, 64, "model", None),
        (68, 72, "model", None),
        (75, 79, "model", None),
    ]


def test_no_pipeline_installed_is_none_and_a_broken_one_too(monkeypatch: Any) -> None:
    spacy = pytest.importorskip("spacy")
    assert load_pipeline(("no_such_pipeline_xx",)) is None

    def broken(name: str, **kwargs: Any) -> Any:
        raise OSError(f"[E050] Can't find model '{name}'")

    monkeypatch.setattr(spacy.util, "is_package", lambda name: True)
    monkeypatch.setattr(spacy, "load", broken)
    assert load_pipeline() is None


def test_a_pipeline_that_loads_is_returned(monkeypatch: Any) -> None:
    spacy = pytest.importorskip("spacy")
    blank = spacy.blank("en")
    monkeypatch.setattr(spacy.util, "is_package", lambda name: name == "en_core_web_md")
    monkeypatch.setattr(spacy, "load", lambda name, **kwargs: blank)
    assert load_pipeline() is blank


def test_without_spacy_nothing_breaks(monkeypatch: Any) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy -> ImportError
    monkeypatch.setitem(sys.modules, "spacy.util", None)
    assert load_pipeline() is None
    text = "Lavrov said: “We will never accept it.”"
    lavrov = Entity("e-lavrov", "a", "Sergey Lavrov", "PERSON", ("Lavrov",))
    got = suggest("d", text, [], KnownNames([lavrov]), nlp=load_pipeline())
    assert [(p.origin, p.start, p.end) for p in got] == [("registry", 0, 6), ("rule", 14, 37)]
    assert got[1].speaker_entity_id == "e-lavrov"


def test_the_package_does_not_import_spacy_until_asked() -> None:
    code = (
        "import sys, annotator.core.suggest, annotator.core.suggest.model; "
        "assert 'spacy' not in sys.modules, 'spacy imported at start'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert suggest_model.PIPELINES[0] == "en_core_web_sm"
