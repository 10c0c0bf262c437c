"""What users install: the built wheel, in a fresh virtual environment, run from another folder
(issue 12). The wheel carries the scheme, the JSON Schema and the example (and none of the
project files a checkout generates); every command and the window run from it; the example is
copied to the user's data folder, never written inside site-packages.

Slow (it builds the wheel and installs its dependencies into a new venv: about a minute with
pip's cache warm), but it is the only test of what `pip install .` / `pipx install .` give."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.timeout(900)

SKIP = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
)
SHIPPED = {
    "annotator/resources/default_scheme.json",
    "annotator/resources/annotation.schema.json",
    "annotator/example/annotations.jsonl",
    *(
        f"annotator/example/articles/{p.name}"
        for p in (REPO / "projects/example/articles").iterdir()
    ),
}


@dataclass
class Installed:
    wheel: Path
    venv: Path
    home: Path
    elsewhere: Path

    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("XDG_", "ANNOTATOR_", "PYTHON", "VIRTUAL_ENV"))
        }
        env.update(
            HOME=str(self.home),
            ANNOTATOR_NAME="new user",
            QT_QPA_PLATFORM="offscreen",
            PATH=f"{self.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        )
        return env

    def run(self, *args: object) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(self.venv / "bin" / "annotator"), *map(str, args)],
            cwd=self.elsewhere,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert "Traceback" not in done.stderr, (args, done.stderr)
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    root = tmp_path_factory.mktemp("install")
    source = root / "source"
    shutil.copytree(REPO, source, ignore=SKIP)
    # What a checkout generates when the example has been opened in place: never shipped.
    for name in ("project.sqlite", "project.sqlite-wal", "project.sqlite-shm", "p.sqlite.lock"):
        (source / "projects" / "example" / name).write_bytes(b"generated")
    dist = root / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(source)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = dist.glob("annotator-*.whl")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
        timeout=900,
    )
    (root / "home").mkdir()
    (root / "elsewhere").mkdir()
    yield Installed(wheel, venv, root / "home", root / "elsewhere")


def test_the_wheel_ships_the_data_and_no_generated_file(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    assert names >= SHIPPED, SHIPPED - names
    assert not [n for n in names if "project.sqlite" in n or n.endswith(".lock")]
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/", "projects/"))]


def test_the_installed_package_is_the_one_that_runs(installed: Installed) -> None:
    done = subprocess.run(
        [
            str(installed.venv / "bin" / "python"),
            "-c",
            "import annotator; print(annotator.__file__)",
        ],
        cwd=installed.elsewhere,
        env=installed.env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(installed.venv) in done.stdout and str(REPO) not in done.stdout


def test_every_command_runs_from_another_folder(installed: Installed) -> None:
    run = installed.run
    assert "Commands:" in run("--help").stdout
    assert "version" in run("--version").stdout
    example = Path(run("example").stdout.strip())
    assert example == installed.home / ".local" / "share" / "annotator" / "example"
    assert {p.name for p in (example / "articles").iterdir()} == {
        Path(n).name for n in SHIPPED if "/articles/" in n
    }
    assert len(run("list", example).stdout.splitlines()) == 4
    out = installed.elsewhere
    run("export", example, "-o", out / "all.jsonl", "--all")
    run("validate", out / "all.jsonl")
    for form in ("doccano", "label-studio", "spacy"):
        run("export", example, "-o", out / f"all.{form}.json", "--all", "--format", form)
    run("export", example, "-o", out / "brat", "--all", "--format", "brat")
    run("import", out / "new.sqlite", example / "articles", out / "all.jsonl")
    assert "example" in run("agreement", example, "example", "blanca").stdout.lower()
    run("suggest", out / "new.sqlite", "--json")
    run("share", example, "-o", out / "shared.sqlite")
    run("add-work", out / "new.sqlite", out / "shared.sqlite")
    assert "sound" in run("check", out / "new.sqlite").stdout
    package = installed.venv / "lib"
    assert not list(package.rglob("project.sqlite*")), "written inside site-packages"


def test_the_window_starts_on_the_example_copy(installed: Installed) -> None:
    env = installed.env()
    window = subprocess.Popen(
        [str(installed.venv / "bin" / "annotator")],
        cwd=installed.elsewhere,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    made = installed.home / ".local" / "share" / "annotator" / "example" / "project.sqlite"
    try:
        deadline = time.monotonic() + 60
        while not made.exists() and window.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(3)  # the window is up: it must still be running
        assert window.poll() is None, window.communicate()
    finally:
        window.terminate()
        _, err = window.communicate(timeout=30)
    assert made.exists()
    assert "Traceback" not in err, err
    assert not list((installed.venv / "lib").rglob("project.sqlite*"))
