"""pyproject.toml lists every package (so a new one cannot be left out of the wheel), and the
shipped data are read through importlib.resources, never through the source tree (issue 12)."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from annotator.app.places import data_folder, example_project, example_sources
from annotator.core.scheme import load_default_scheme
from annotator.storage.errors import ProjectError
from tests.conftest import EXAMPLE, REPO


def test_every_package_of_the_tree_is_listed() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    listed = set(config["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "annotator").rglob("__init__.py")
    }
    mapped = config["setuptools"]["package-dir"]
    assert listed == found | set(mapped)
    assert mapped == {"annotator.resources": "resources", "annotator.example": "projects/example"}


def test_the_example_is_copied_whole_once_and_then_left_as_the_user_made_it(tmp_path: Path) -> None:
    names = [name for name, _ in example_sources()]
    assert names == sorted(
        ["annotations.jsonl", *(f"articles/{p.name}" for p in (EXAMPLE / "articles").iterdir())]
    )
    copy = example_project()
    assert copy == data_folder() / "example" and copy.is_relative_to(os.environ["XDG_DATA_HOME"])
    for name in names:
        assert (copy / name).read_bytes() == (EXAMPLE / name).read_bytes()
    assert sorted(str(p.relative_to(copy)) for p in copy.rglob("*") if p.is_file()) == names
    (copy / "articles" / "mine.txt").write_text("My own article.\n", encoding="utf-8")
    assert example_project() == copy and (copy / "articles" / "mine.txt").exists()


def test_an_unwritable_data_folder_is_said_with_its_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the data folder should be", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocked))
    with pytest.raises(ProjectError, match="the example project cannot be copied to") as caught:
        example_project()
    assert str(blocked / "annotator" / "example") in str(caught.value)
    assert blocked.read_text(encoding="utf-8").startswith("a file")


def test_the_shipped_scheme_is_the_resources_file() -> None:
    shipped = load_default_scheme()
    assert len(shipped) > 5
    assert list(shipped) == list(load_default_scheme(REPO / "resources" / "default_scheme.json"))
