"""A team folder worked by real processes: annotators (``python`` processes using the app
layer) writing their own work files while the lead's session refreshes; a sync engine that
replaces a work file (temp + ``os.replace``) and one that rewrites it in place, half of it at
a time, while the lead reads: the lead never reads a file half, names it, and picks it up once
whole. Nothing here waits on the clock: processes and the lead meet through flag files."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.app.team import open_team, work_file
from annotator.core.model import Annotator, Document
from annotator.core.scheme import load_default_scheme
from annotator.identity import current_annotator
from annotator.session import Session
from tests.builders import put_documents

REPO = Path(__file__).resolve().parents[2]
SPANS_EACH = 12

MEMBER = """
import sys
from pathlib import Path
from annotator.app.team import open_team
from annotator.core.model import Layer
from annotator.identity import current_annotator

folder, count = Path(sys.argv[1]), int(sys.argv[2])
session, _ = open_team(folder, current_annotator())
label = next(lb for lb in session.scheme if lb.layer is Layer.ENTITY)
documents = [d.id for d in session.documents()]
for i in range(count):  # one committed edit each, as a person clicks
    document = documents[i % len(documents)]
    session.add_span(session.new_span(document, i, i + 1, label))
session.close()
print(session.path)
"""

SYNC_REPLACE = """
import os, sys
from pathlib import Path
target, rounds = Path(sys.argv[1]), int(sys.argv[2])
versions = [Path(p).read_bytes() for p in sys.argv[3:]]
for i in range(rounds):  # a sync engine that writes a temp file and renames it into place
    temp = target.with_name(f".syncthing.{target.name}.tmp")
    temp.write_bytes(versions[i % len(versions)])
    os.replace(temp, target)
target.write_bytes(versions[-1])
"""

SYNC_IN_PLACE = """
import sys, time
from pathlib import Path
target, new, half, go = (Path(p) for p in sys.argv[1:5])
data = new.read_bytes()
with target.open("r+b") as handle:  # a sync engine that rewrites the file where it lies
    handle.truncate(0)
    handle.write(data[: len(data) // 2])
    handle.flush()
    half.touch()
    while not go.exists():
        time.sleep(0.01)
    handle.write(data[len(data) // 2 :])
"""


def environment(root: Path, name: str) -> dict[str, str]:
    config = root / f"config-{name}"
    config.mkdir(exist_ok=True)
    env = dict(os.environ, ANNOTATOR_CONFIG_DIR=str(config), ANNOTATOR_NAME=name)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
    return env


def start(
    script: str, args: list[object], env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        env=env or dict(os.environ, PYTHONPATH=str(REPO)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return out.strip()


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Annotator]]:
    """A team folder led by 'lea': ana, ben and cy have four documents each; d4 is ana's and
    ben's (the overlap)."""
    config = tmp_path / "config-lea"
    config.mkdir()
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(config))
    monkeypatch.setenv("ANNOTATOR_NAME", "lea")
    lea = current_annotator()
    folder = tmp_path / "team"
    (folder / "work").mkdir(parents=True)
    session = Session.open(folder / "project.sqlite", lea, scheme=load_default_scheme())
    ids = [f"d{i}" for i in range(1, 13)]
    put_documents(session, [Document(d, f"Some news text number {d}.", d) for d in ids])
    session.assignments.add([(d, "ana") for d in ids[:4]])
    session.assignments.add([(d, "ben") for d in ids[3:8]])
    session.assignments.add([(d, "cy") for d in ids[8:]])
    session.assignments.set_setting("team.lead", lea.id)
    session.close()
    yield folder, lea


def test_annotators_in_their_own_processes_while_the_lead_refreshes(
    team: tuple[Path, Annotator], tmp_path: Path
) -> None:
    folder, lea = team
    session, collector = open_team(folder, lea)
    assert collector is not None
    members = {
        name: start(MEMBER, [folder, SPANS_EACH], environment(tmp_path, name))
        for name in ("ana", "ben", "cy")
    }
    seen: dict[str, int] = {}
    try:
        while any(p.poll() is None for p in members.values()):
            collector.refresh()
            counts = session.span_counts()
            for who, count in counts.items():  # each track only grows, a whole edit at a time
                assert seen.get(who, 0) <= count <= SPANS_EACH
                seen[who] = count
        paths = {name: Path(finished(p)) for name, p in members.items()}
        collector.refresh()
        ids = {name: path.stem for name, path in paths.items()}
        assert session.span_counts() == {i: SPANS_EACH for i in ids.values()}
        assert session.assignments.bindings() == ids
        # ana and ben both annotated d4, each in their own file: both tracks are here.
        assert session.spans("d4", ids["ana"]) and session.spans("d4", ids["ben"])
        assert not collector.behind
    finally:
        collector.close()
        session.close()
    for path in paths.values():  # each file was written by its owner alone
        assert path == work_file(folder, path.stem)
    assert sorted(p.name for p in (folder / "work").iterdir()) == sorted(
        p.name for p in paths.values()
    )


def two_versions(folder: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """ana's work file, and two complete versions of it (4 spans, then 9) kept aside."""
    finished(start(MEMBER, [folder, 4], environment(tmp_path, "ana")))
    (path,) = (folder / "work").iterdir()
    first = tmp_path / "v1.sqlite"
    first.write_bytes(path.read_bytes())
    finished(start(MEMBER, [folder, 5], environment(tmp_path, "ana")))
    second = tmp_path / "v2.sqlite"
    second.write_bytes(path.read_bytes())
    return path, first, second


def test_a_sync_engine_replacing_a_file_is_never_read_half(
    team: tuple[Path, Annotator], tmp_path: Path
) -> None:
    folder, lea = team
    path, first, second = two_versions(folder, tmp_path)
    session, collector = open_team(folder, lea)
    assert collector is not None
    ana = path.stem
    try:
        assert session.span_counts()[ana] == 9  # the latest: 4 first, then 5 more
        syncer = start(SYNC_REPLACE, [path, 60, first, second])
        while syncer.poll() is None:
            collector.refresh()
            assert session.span_counts()[ana] in (4, 9)  # one whole version or the other
        finished(syncer)
        collector.refresh()
        assert session.span_counts()[ana] == 9 and not collector.behind
    finally:
        collector.close()
        session.close()


def test_a_file_rewritten_in_place_is_named_while_half_written_and_read_once_whole(
    team: tuple[Path, Annotator], tmp_path: Path
) -> None:
    folder, lea = team
    path, first, second = two_versions(folder, tmp_path)
    path.write_bytes(first.read_bytes())
    session, collector = open_team(folder, lea)
    assert collector is not None
    ana = path.stem
    half, go = tmp_path / "half.flag", tmp_path / "go.flag"
    try:
        assert session.span_counts()[ana] == 4
        syncer = start(SYNC_IN_PLACE, [path, second, half, go])
        while not half.exists():
            assert syncer.poll() is None, syncer.communicate()
            time.sleep(0.01)
        done = collector.refresh()
        assert path in done.behind and str(path) in done.behind[path]
        assert f"behind: ana, {path.name[:8]}… (incomplete)" in collector.status()
        assert session.span_counts()[ana] == 4  # what was read before stays
        go.touch()
        finished(syncer)
        done = collector.refresh()
        assert done.read == [path] and not collector.behind
        assert session.span_counts()[ana] == 9
    finally:
        collector.close()
        session.close()
