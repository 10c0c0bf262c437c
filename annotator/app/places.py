"""Where the application keeps what belongs to the user, and the bundled example.

The example ships inside the package (``annotator.example``, from the repository's
``projects/example/``) and is never opened in place: an installed package may not be writable,
and a checkout must not collect generated files. On first use it is copied to the user's data
folder, where its project file is then built and edited like any other project.

The data folder follows the rule of Qt's ``QStandardPaths.GenericDataLocation`` plus
``annotator``, so the window and the command line agree (``tests/ui/test_places.py`` checks it
against Qt): ``$XDG_DATA_HOME/annotator`` (default ``~/.local/share/annotator``) on Linux,
``~/Library/Application Support/annotator`` on macOS, ``%LOCALAPPDATA%\\annotator`` on Windows.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from annotator.storage.errors import ProjectError

APP_FOLDER = "annotator"
EXAMPLE_FOLDER = "example"
EXAMPLE_PACKAGE = "annotator.example"


def data_folder() -> Path:
    """The user's data folder of the application (not created here)."""
    if sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    elif os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        # The XDG rule: a relative path is invalid and ignored.
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "share"
    return base / APP_FOLDER


def example_sources() -> list[tuple[str, Traversable]]:
    """The bundled example's files, as (relative name, resource): ``annotations.jsonl`` and
    ``articles/*.txt``, nothing else (no package file, nothing a checkout generated)."""
    root = files(EXAMPLE_PACKAGE)
    found = [(item.name, item) for item in root.iterdir() if item.name.endswith(".jsonl")]
    articles = root / "articles"
    found += [
        (f"articles/{item.name}", item)
        for item in articles.iterdir()
        if item.is_file() and item.name.endswith(".txt")
    ]
    return sorted(found, key=lambda pair: pair[0])


def example_project() -> Path:
    """The user's copy of the example project folder, made on first use (complete or not at
    all: copied under a temporary name, then renamed). Later calls return it as it is, with
    the user's work in it."""
    target = data_folder() / EXAMPLE_FOLDER
    if target.exists():
        return target
    temp = target.with_name(f".{EXAMPLE_FOLDER}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        (temp / "articles").mkdir(parents=True)
        for name, source in example_sources():
            (temp / name).write_bytes(source.read_bytes())
        temp.rename(target)
    except FileExistsError:  # another process made it first
        shutil.rmtree(temp, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        if target.exists():
            return target
        raise ProjectError(
            f"the example project cannot be copied to {target} ({exc.strerror or exc})"
        ) from exc
    return target
