"""A small world for hostile cases: a project (the example, built with its annotations), a
folder of someone else's files beside it, and a way to prove that a command changed nothing.

Every case runs a command the way a user would (the ``annotator`` command line in-process
through click's runner, or as a real process where it could hang or die) and then checks the
promises of issue 11: a non-zero exit, a message naming the file, no traceback, and every
file of the world exactly as it was (bytes, links, modes), nothing added or removed.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.app.projects import build_from_sources
from annotator.cli import cli
from annotator.core.model import Annotator
from tests.conftest import ARTICLES, EXAMPLE

BUILDER = Annotator("0000000000000000000000000000f001", "builder")
Entry = tuple[str, object]  # (kind, content): ("file", bytes), ("link", target), ("dir", mode)...


@dataclass
class Outcome:
    code: int
    output: str  # stdout and stderr together
    traceback: str  # "" unless an exception escaped the command


def build_template(folder: Path) -> Path:
    """The example project (articles and annotations) built into ``folder/project.sqlite``."""
    (folder / "articles").mkdir(parents=True)
    for article in ARTICLES.glob("*.txt"):
        shutil.copy(article, folder / "articles" / article.name)
    shutil.copy(EXAMPLE / "annotations.jsonl", folder / "annotations.jsonl")
    return build_from_sources(folder, BUILDER)  # no identity read: this runs before any test


class World:
    """``root/proj/p.sqlite`` (a copy of the template), ``root/outside/`` (a victim file)."""

    def __init__(self, root: Path, template: Path) -> None:
        self.root = root
        self.folder = root / "proj"
        self.folder.mkdir()
        self.project = self.folder / "p.sqlite"
        shutil.copy(template, self.project)
        self.outside = root / "outside"
        self.outside.mkdir()
        self.victim = self.outside / "victim.txt"
        self.victim.write_text("someone else's precious file\n", encoding="utf-8")

    def state(self) -> dict[str, Entry]:
        """Every path below the root, as it is (links not followed), but SQLite's own
        transient files: a ``-shm`` (shared memory where readers leave marks) and an empty
        ``-wal`` (it holds nothing) come and go as SQLite opens and closes connections. A
        ``-wal`` that holds edits is compared byte for byte like any file."""
        found: dict[str, Entry] = {}
        for dirpath, dirnames, filenames in os.walk(self.root, followlinks=False):
            for name in dirnames + filenames:
                path = Path(dirpath) / name
                if _transient(path):
                    continue
                found[str(path.relative_to(self.root))] = _entry(path)
        return found

    def cli(self, *args: object, stdin: str | None = None) -> Outcome:
        """``annotator ARGS`` in-process; an exception that escapes is kept as a traceback."""
        result = CliRunner().invoke(cli, [str(a) for a in args], input=stdin)
        trace = ""
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            import traceback

            trace = "".join(traceback.format_exception(result.exception))
        return Outcome(result.exit_code, result.output, trace)

    def process(self, *args: object, timeout: float = 60, limits: str = "") -> Outcome:
        """``python -m annotator ARGS`` as a real process (``limits``: Python run first in the
        child, e.g. to set a resource limit). A hang past ``timeout`` is an outcome too."""
        code = "import sys; from annotator.__main__ import main; sys.argv[0] = 'annotator'; main()"
        if limits:
            code = limits + "; " + code
        try:
            done = subprocess.run(
                [sys.executable, "-c", code, *[str(a) for a in args]],
                capture_output=True,
                text=True,
                timeout=timeout,
                cwd=self.root,
                env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            )
        except subprocess.TimeoutExpired:
            return Outcome(-1, "", f"hung for more than {timeout} s")
        out = done.stdout + done.stderr
        trace = out if "Traceback (most recent call last)" in out else ""
        if done.returncode < 0:
            trace = f"killed by signal {-done.returncode}\n{out}"
        return Outcome(done.returncode, out, trace)


def _transient(path: Path) -> bool:
    if not path.is_file() or path.is_symlink():
        return False
    return path.name.endswith("-shm") or (path.name.endswith("-wal") and not path.stat().st_size)


def _entry(path: Path) -> Entry:
    info = path.lstat()
    mode = stat.S_IMODE(info.st_mode)
    if stat.S_ISLNK(info.st_mode):
        return ("link", os.readlink(path))
    if stat.S_ISDIR(info.st_mode):
        return ("dir", mode)
    if stat.S_ISREG(info.st_mode):
        return ("file", (mode, path.read_bytes()))
    return ("special", (stat.S_IFMT(info.st_mode), mode))


def refused(outcome: Outcome, *names: object) -> None:
    """The promise for a refused command: non-zero exit, no traceback, and a message that
    names each of ``names`` (the file at fault)."""
    assert not outcome.traceback, outcome.traceback
    assert outcome.code not in (0, -1), outcome.output
    for name in names:
        assert str(name) in outcome.output, (name, outcome.output)
    assert "Traceback" not in outcome.output, outcome.output


def open_in_window(monkeypatch: pytest.MonkeyPatch, path: Path) -> Outcome:
    """File > Open of ``path`` in the window (a QApplication must exist): what its dialog
    said; code 0 if it opened (the session is closed again), 2 if it refused."""
    from annotator.ui.common import dialogs
    from annotator.ui.window.opener import ProjectOpener

    said: list[str] = []
    monkeypatch.setattr(
        dialogs.Notice,
        "show",
        classmethod(lambda cls, parent, title, text, *a, **k: said.append(text)),
    )
    monkeypatch.setattr(dialogs.Confirm, "ask", classmethod(lambda cls, *a: False))
    try:
        session = ProjectOpener().open(None, path)
    except Exception:  # noqa: BLE001 (what escapes is the finding)
        import traceback

        return Outcome(1, "\n".join(said), traceback.format_exc())
    if session is not None:
        session.close()
    return Outcome(0 if session is not None else 2, "\n".join(said), "")


def old_project(path: Path) -> Path:
    """A project file of the first schema (the SQL dump kept in tests/storage/fixtures): 4
    documents, 4 spans, as an annotator of long ago left it."""
    from tests.storage.test_links import FIXTURE

    conn = sqlite3.connect(path)
    conn.executescript(FIXTURE.read_text(encoding="utf-8"))
    conn.execute("PRAGMA application_id = 1095650865")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    return path
