"""What another process sees: commits survive SIGKILL, the writer lock holds across processes,
and a read-only window notices commits made elsewhere."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.app.projects import open_session
from annotator.cli import cli
from annotator.core.articles import parse_article
from annotator.session import Change, ChangeKind
from annotator.storage.store import ProjectStore
from tests.conftest import ARTICLES

ADD_SPANS_FOREVER = """
import sys
from pathlib import Path
from annotator.app.projects import open_session
session = open_session(Path(sys.argv[1]))
doc_id = session.documents()[0].id
text = session.document(doc_id).text
label = session.scheme.find("PERSON")
i = 0
while True:
    start = i % (len(text) - 1)
    span = session.new_span(doc_id, start, start + 1, label)
    session.add_span(span)
    sys.stdout.write(span.id + "\\n")
    sys.stdout.flush()
    i += 1
"""

HOLD_OPEN = """
import sys
from pathlib import Path
from annotator.app.projects import open_session
session = open_session(Path(sys.argv[1]))
print("ready", flush=True)
sys.stdin.read()
session.close()
"""


def _python(code: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _make_project(path: Path) -> None:
    session = open_session(path)
    try:
        article = parse_article((ARTICLES / "emoji-and-flags.txt").read_bytes())
        session.import_articles([("emoji-and-flags.txt", article)])
    finally:
        session.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def holder(project_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process (annotator "Holder") with the project open for writing."""
    _make_project(project_path)
    proc = _python(HOLD_OPEN, str(project_path), env={**os.environ, "ANNOTATOR_NAME": "Holder"})
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "ready\n", proc.stderr.read() if proc.stderr else ""
        yield proc
    finally:
        proc.kill()
        proc.communicate(timeout=10)


def test_acknowledged_spans_survive_sigkill(project_path: Path) -> None:
    _make_project(project_path)
    proc = _python(ADD_SPANS_FOREVER, str(project_path))
    assert proc.stdout is not None
    acknowledged: list[str] = []
    try:
        while len(acknowledged) < 30:
            line = proc.stdout.readline()
            assert line.endswith("\n"), proc.stderr.read() if proc.stderr else "child ended"
            acknowledged.append(line.strip())
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        rest, _ = proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    # Lines printed completely before the kill were acknowledged too.
    acknowledged += [line for line in rest.split("\n")[:-1] if line]

    store = ProjectStore.open(project_path, scheme=None)  # the dead child's lock is gone
    try:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {r[0] for r in store.db.execute("SELECT id FROM spans")}
    finally:
        store.close()
    assert len(acknowledged) >= 30
    missing = set(acknowledged) - stored
    assert not missing, f"{len(missing)} acknowledged spans lost"


def test_cli_import_refused_while_another_process_writes(
    project_path: Path, holder: subprocess.Popen[str]
) -> None:
    before = _digest(project_path)
    result = CliRunner().invoke(cli, ["import", str(project_path), str(ARTICLES)])
    assert result.exit_code != 0
    assert f"Holder (process {holder.pid}" in result.stderr
    assert "open for writing" in result.stderr
    assert "imported" not in result.output
    assert _digest(project_path) == before

    holder.communicate(input="", timeout=10)  # let it close
    reader = open_session(project_path, read_only=True)
    try:
        assert len(reader.documents()) == 1
    finally:
        reader.close()


def test_read_only_session_notices_external_commit(project_path: Path) -> None:
    _make_project(project_path)
    reader = open_session(project_path, read_only=True)
    changes: list[Change] = []
    reader.subscribe(changes.append)
    try:
        assert reader.read_only
        assert reader.check_external_change() is False
        assert len(reader.documents()) == 1

        done = subprocess.run(
            [sys.executable, "-m", "annotator", "import", str(project_path), str(ARTICLES)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr

        assert reader.check_external_change() is True
        assert changes == [Change(ChangeKind.EXTERNAL)]
        assert len(reader.documents()) == 4  # emoji-and-flags was already there
        assert reader.check_external_change() is False
    finally:
        reader.close()
