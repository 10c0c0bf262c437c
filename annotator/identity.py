"""Who is annotating: a stable id per person and a display name, kept in the user's config folder.

The id lives in a small JSON file rather than QSettings because the command line needs it too
and must not import Qt. ``ANNOTATOR_NAME`` overrides the name (scripts, tests);
``ANNOTATOR_CONFIG_DIR`` moves the file.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME, Annotator, new_id

NAME_ENV = "ANNOTATOR_NAME"
CONFIG_ENV = "ANNOTATOR_CONFIG_DIR"


def config_dir() -> Path:
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "annotator"


def _identity_file() -> Path:
    return config_dir() / "identity.json"


def _os_user() -> str:
    try:
        return getpass.getuser() or "annotator"
    except (KeyError, OSError):
        return "annotator"


def check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise AnnotatorError("the annotator name cannot be empty")
    if name.casefold() == GOLD_ANNOTATOR_NAME:
        raise AnnotatorError("'gold' is reserved for reviewed labels; choose another name")
    return name


def _read() -> dict[str, str]:
    with contextlib.suppress(OSError, ValueError):
        data = json.loads(_identity_file().read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            return {k: str(v) for k, v in data.items()}
    return {}


def _write(data: dict[str, str]) -> None:
    path = _identity_file()
    with contextlib.suppress(OSError):  # a read-only home still lets the app run
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.replace(tmp, path)


def current_annotator() -> Annotator:
    """The person at this desktop: id made once and kept; name from env, settings or the OS."""
    data = _read()
    if not data.get("id") or data["id"] == GOLD_ANNOTATOR_ID:
        data = {"id": new_id(), "name": data.get("name") or _os_user()}
        _write(data)
    name = os.environ.get(NAME_ENV) or data.get("name") or _os_user()
    try:
        name = check_name(name)
    except AnnotatorError:
        name = _os_user() if name.casefold() != _os_user().casefold() else "annotator"
    return Annotator(id=data["id"], name=name)


def set_annotator_name(name: str) -> Annotator:
    """Change the display name; the id stays, so earlier spans remain this person's."""
    name = check_name(name)
    data = _read() or {"id": new_id()}
    data["name"] = name
    _write(data)
    return Annotator(id=data["id"], name=name)
