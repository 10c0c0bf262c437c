"""Importing the same doccano or Label Studio file twice is the same work: skipped, not refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.model import Annotator
from tests.cli.test_export_import import me, project, run  # noqa: F401 (fixtures)
from tests.conftest import ARTICLES


@pytest.mark.parametrize(("fmt", "suffix"), [("doccano", ".jsonl"), ("label-studio", ".json")])
def test_importing_a_peer_export_twice_is_skipped(
    project: Path,  # noqa: F811 (the imported fixture)
    tmp_path: Path,
    me: Annotator,  # noqa: F811 (the imported fixture)
    fmt: str,
    suffix: str,
) -> None:
    out = tmp_path / f"peer{suffix}"
    assert run("export", project, "-o", out, "--format", fmt).exit_code == 0
    target = tmp_path / "target.sqlite"
    assert run("import", target, ARTICLES).exit_code == 0
    first = run("import", target, out)
    assert first.exit_code == 0, first.output
    again = run("import", target, out)
    assert again.exit_code == 0, again.output
    assert "skipped" in again.output
