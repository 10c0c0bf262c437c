"""Fixtures of the hostile cases: the example project built once, a fresh world per case."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.world import World, build_template


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def world(tmp_path: Path, template: Path) -> World:
    return World(tmp_path, template)
