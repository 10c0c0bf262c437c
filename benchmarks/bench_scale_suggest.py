#!/usr/bin/env python
"""Suggest and agreement over a whole corpus: `annotator suggest --json` and `annotator
agreement ana ben --json` on the generated 1k/10k/100k projects (``scale_projects.project``,
built once, cached, opened read-only), and the window's Suggest in all documents.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_scale_suggest.py [1000 10000 100000]

Each command runs in a child process as a user runs it; printed: wall time, documents/s and
the child's peak memory (its VmHWM, written by the child as it exits). "old" is the
all-at-once path as it was before the streaming (f7178f2), run in the same way alternated
with "new": for suggest, every proposal in one list, every text in a dict, every row in a list,
then one json.dumps (the code of ``app/suggest.py`` and ``cli/suggest.py`` then, copied
below); for agreement, every document pair in a list and ``compare`` over every token pair in
lists (``all_at_once``, the comparison as it was, kept in tests/core/test_agreement_streamed.
py). The old paths run only up to ``--old-max`` documents (at 100k the issue measured suggest
failing with MemoryError at 17.5 GB and agreement extrapolated to ~35 GB); beyond it, suggest
is interrupted after ``--suggest-limit`` seconds (its peak memory so far and how far its
output got are printed: at ~40 documents/s a whole 100k corpus takes most of an hour).

The window: a read-only window on the project, showing the user's own track; Suggest in all
documents is triggered and the longest event-loop stall (a 5 ms QTimer heartbeat's largest
gap) is measured while it runs: at up to ``--window-full`` documents until it ends (time to
the proposals shown), and in every size for ``--window-seconds``, then Stop is clicked and the
time until the window shows it stopped is printed (one run each). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANNOTATOR_NAME", "bench")

# -- children ------------------------------------------------------------------------------------

_PEAK = """
import atexit, os
def _peak():
    with open("/proc/self/status") as status, open(os.environ["BENCH_PEAK"], "w") as out:
        out.write(next(r for r in status if r.startswith("VmHWM:")).split()[1])
atexit.register(_peak)
"""

_NEW_CLI = """
import sys
from annotator.__main__ import main
sys.argv = ["annotator", *sys.argv[1:]]
main()
"""

# The suggest command as it was (f7178f2: app/suggest.py `suggest` and cli/suggest.py --json).
_OLD_SUGGEST = """
import json, sys
from pathlib import Path
from annotator.app.projects import open_session
from annotator.app.suggest import proposal_row
session = open_session(Path(sys.argv[1]), read_only=True)
metas = {m.id: m for m in session.documents()}
ids = list(metas)
proposals = session.proposals.suggestions(ids, use_model=False)
entities = {e.id: e.name for e in session.registry.entities()}
texts = {d: session.document(d).text for d in {p.document_id for p in proposals}}
session.close()
rows = [proposal_row(p, metas[p.document_id].title, texts[p.document_id], entities)
        for p in proposals]
sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\\n")
"""

# The agreement of two annotators as it was: every pair in a list, then all at once.
_OLD_AGREEMENT = """
import json, sys
from pathlib import Path
from annotator.app.projects import open_session
from annotator.core.agreement.records import LAYERS, to_json
from tests.core.test_agreement_streamed import all_at_once
session = open_session(Path(sys.argv[1]), read_only=True)
a, b = session.find_annotator(sys.argv[2]), session.find_annotator(sys.argv[3])
pairs, skipped = session.review.pairs(a, b)
result = all_at_once(pairs, LAYERS)
session.close()
sys.stdout.write(json.dumps({"not_compared": skipped, **to_json(result)}, indent=2) + "\\n")
"""

_WINDOW = """
import json, os, sys, time
from pathlib import Path
from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication
from annotator.app.projects import open_session
from annotator.ui.proposals.search import ProposalSearch
from annotator.ui.window.main_window import MainWindow
path, full, seconds = Path(sys.argv[1]), sys.argv[2] == "full", float(sys.argv[3])
app = QApplication([])
window = MainWindow(open_session(path, read_only=True))
window.show()
window.ctx.set_track(window.session.annotator.id)  # suggestions are for one's own work
app.processEvents()
clock, beat = QElapsedTimer(), {"last": 0, "max": 0}
def _tick():
    now = clock.elapsed()
    beat["max"] = max(beat["max"], now - beat["last"])
    beat["last"] = now
timer = QTimer()
timer.setInterval(5)
timer.timeout.connect(_tick)
def wait(until, limit):
    start = time.perf_counter()
    while not until() and time.perf_counter() - start < limit:
        app.processEvents()
        time.sleep(0.001)
part = window.proposals
clock.start()
timer.start()
t0 = time.perf_counter()
part.suggest_all.trigger()
started = time.perf_counter() - t0
if full:
    wait(lambda: not part.running, 3600)
    done = time.perf_counter() - t0
    stop = ended = None
else:
    wait(lambda: False, seconds)
    done = None
    t1 = time.perf_counter()
    part.panel.stop_button.click()
    wait(lambda: not part.running, 60)
    stop = time.perf_counter() - t1
    wait(lambda: not ProposalSearch._live, 600)
    ended = time.perf_counter() - t1
searched = int(part.panel.progress.value())
timer.stop()
out = {"trigger": started, "done": done, "stop": stop, "ended": ended, "stall": beat["max"] / 1000,
       "proposals": len(part.model.proposals), "summary": part.panel.summary.text()[:160]}
window.close()
print(json.dumps(out))
"""


def run_child(code: str, args: list[str], limit: float = 0) -> tuple[float, float, str]:
    """Run ``code`` in a fresh interpreter; (seconds, peak MB, stdout's last line). With a
    ``limit``, it is interrupted (SIGINT: it still writes its peak) after that many seconds
    and the documents its output reached so far are counted."""
    with tempfile.TemporaryDirectory(prefix="bench-suggest-") as folder:
        peak = Path(folder) / "peak"
        out = Path(folder) / "out"
        env = {**os.environ, "BENCH_PEAK": str(peak), "PYTHONPATH": str(REPO)}
        start = time.perf_counter()
        with out.open("wb") as sink:
            child = subprocess.Popen(
                [sys.executable, "-c", _PEAK + code, *args],
                stdout=sink,
                stderr=subprocess.PIPE,
                env=env,
                cwd=REPO,
            )
            try:
                _, err = child.communicate(timeout=limit or None)
            except subprocess.TimeoutExpired:
                child.send_signal(signal.SIGINT)
                child.communicate()
                seconds = time.perf_counter() - start
                return seconds, _peak(peak), f"interrupted after {seconds:.0f} s: " + _reached(out)
        seconds = time.perf_counter() - start
        done = subprocess.CompletedProcess(child.args, child.returncode, b"", err)
        if done.returncode != 0:
            tail = done.stderr.decode(errors="replace").strip().splitlines()[-1:]
            return seconds, _peak(peak), f"FAILED ({done.returncode}): {' '.join(tail)}"
        size = out.stat().st_size
        with out.open("rb") as handle:
            handle.seek(max(0, size - 4000))
            last = handle.read().decode(errors="replace").strip().splitlines()[-1:]
        return seconds, _peak(peak), f"{size / 1e6:.1f} MB of output; {' '.join(last)}"


def _reached(out: Path) -> str:
    """How many documents the JSON output written so far names."""
    seen = set()
    with out.open("rb") as handle:
        for line in handle:
            if line.startswith(b'    "document": '):
                seen.add(line)
    return f"{len(seen)} documents with proposals printed"


def _peak(path: Path) -> float:
    try:
        return int(path.read_text()) / 1024
    except (OSError, ValueError):
        return float("nan")


def documents(path: Path) -> tuple[int, int]:
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        n = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        both = conn.execute(
            "SELECT count(*) FROM (SELECT document_id FROM spans WHERE annotator_id IN "
            "(SELECT id FROM annotators WHERE name IN ('ana', 'ben')) GROUP BY document_id "
            "HAVING count(DISTINCT annotator_id) = 2)"
        ).fetchone()[0]
    finally:
        conn.close()
    return int(n), int(both)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    parser.add_argument("--old-max", type=int, default=10000, help="old paths up to this size")
    parser.add_argument("--window-full", type=int, default=10000)
    parser.add_argument(
        "--suggest-limit",
        type=float,
        default=300.0,
        help="beyond --old-max, suggest is interrupted after this many seconds (0: never)",
    )
    parser.add_argument("--window-seconds", type=float, default=3.0, help="then Stop")
    parser.add_argument("--skip", default="", help="comma list of: suggest,agreement,window")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    from scale_projects import project

    for n in args.sizes:
        path = project(n)
        count, both = documents(path)
        print(f"\n== {count} documents ({both} worked on by both ana and ben): {path}")
        rows: list[tuple[str, str, float, float, str, float]] = []
        jobs = []
        if "suggest" not in skip:
            jobs.append(("suggest --json", "new", _NEW_CLI,
                         ["suggest", str(path), "--json", "--no-model"], count,
                         args.suggest_limit if n > args.old_max else 0))  # fmt: skip
            if n <= args.old_max:
                jobs.append(("suggest --json", "old", _OLD_SUGGEST, [str(path)], count, 0))
        if "agreement" not in skip:
            jobs.append(("agreement ana ben", "new", _NEW_CLI,
                         ["agreement", str(path), "ana", "ben", "--json"], both, 0))  # fmt: skip
            if n <= args.old_max:
                jobs.append(("agreement ana ben", "old", _OLD_AGREEMENT,
                             [str(path), "ana", "ben"], both, 0))  # fmt: skip
        for what, which, code, child_args, units, limit in jobs:  # old and new alternate
            seconds, peak, tail = run_child(code, child_args, limit)
            if tail.startswith("interrupted"):
                print(f"  {what:<18} {which}: {tail}; peak {peak:7.0f} MB so far", flush=True)
                continue
            rows.append((what, which, seconds, peak, tail, units / seconds))
            print(
                f"  {what:<18} {which}: {seconds:7.1f} s  {units / seconds:8.0f} docs/s  "
                f"peak {peak:7.0f} MB   ({tail[:60]})",
                flush=True,
            )
        for what in dict.fromkeys(r[0] for r in rows):
            old = next((r for r in rows if r[0] == what and r[1] == "old"), None)
            new = next((r for r in rows if r[0] == what and r[1] == "new"), None)
            if old and new:
                print(
                    f"  {what:<18} new/old: time x{new[2] / old[2]:.2f}, "
                    f"peak memory x{new[3] / old[3]:.2f}"
                )
        if "window" not in skip:
            window(path, count, args.window_seconds, full=False)
            if n <= args.window_full:
                window(path, count, args.window_seconds, full=True)


def window(path: Path, count: int, seconds: float, *, full: bool) -> None:
    """The window's Suggest in all documents: to its end, or stopped after ``seconds``."""
    took, peak, tail = run_child(_WINDOW, [str(path), "full" if full else "part", str(seconds)])
    try:
        w = json.loads(tail.split("; ", 1)[1])
    except (IndexError, ValueError):
        print(f"  window: {tail}")
        return
    common = (
        f"longest event-loop stall {w['stall'] * 1000:.0f} ms, the action returned in "
        f"{w['trigger'] * 1000:.0f} ms, {w['proposals']} proposals shown; peak {peak:.0f} MB"
    )
    if full:
        rate = count / w["done"]
        print(f"  window, Suggest in all documents to the end: {w['done']:.1f} s ({rate:.0f} "
              f"docs/s), {common}")  # fmt: skip
    else:
        print(f"  window, Suggest in all documents, Stop after {seconds:.0f} s: stopped "
              f"(what was found shown) {w['stop'] * 1000:.0f} ms after the click, the search "
              f"thread ended {w['ended'] * 1000:.0f} ms after it, {common}")  # fmt: skip
    print(f"    ({w['summary']})")


if __name__ == "__main__":
    main()
