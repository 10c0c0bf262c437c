"""The project's own rules: layering contracts, lint, types, module docstrings and sizes."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=300)


def _tool(name: str) -> str:
    found = BIN / name
    return str(found) if found.exists() else shutil.which(name) or name


def test_import_layers() -> None:
    result = _run(_tool("lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff() -> None:
    result = _run(_tool("ruff"), "check", "annotator", "tests", "benchmarks", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    """One layout everywhere: the code is as ``ruff format`` writes it."""
    result = _run(_tool("ruff"), "format", "--check", "annotator", "tests", "benchmarks", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_core_storage_session() -> None:
    result = _run(_tool("mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_module_has_a_docstring_and_stays_small() -> None:
    for path in (REPO / "annotator").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert ast.get_docstring(ast.parse(source)), f"{path} has no module docstring"
        assert source.count("\n") < 600, f"{path} is over 600 lines"
