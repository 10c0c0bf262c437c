"""Test setup: offscreen Qt, a temporary identity and QSettings, hypothesis profile for 2 cores."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

settings.register_profile(
    "ci", deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "projects" / "example"
ARTICLES = EXAMPLE / "articles"


@pytest.fixture(autouse=True)
def _isolated_user(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test has its own identity file, annotator name, data and cache folders; nothing
    touches the real home."""
    config = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(config))
    monkeypatch.setenv("ANNOTATOR_NAME", "tester")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A copy of the example project folder (sources only) in a temporary place."""
    target = tmp_path / "example"
    (target / "articles").mkdir(parents=True)
    for article in ARTICLES.glob("*.txt"):
        shutil.copy(article, target / "articles" / article.name)
    return target


@pytest.fixture
def project_path(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "project.sqlite"
