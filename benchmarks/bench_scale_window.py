#!/usr/bin/env python
"""The window on generated projects of 1k, 10k and 100k documents (issue 14, item 1).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_scale_window.py [--sizes 1000]

For each size, beside the one-document example project measured in the same run (the floor of
a cold start), it prints:

- cold start to first paint: a fresh interpreter opens the window offscreen; the time from
  spawning it to the first paint of the document list (median of ``--runs``, the example's
  runs alternated with the project's), and the ratio to the example's;
- in one window (a child process): the longest event-loop stall while it opens (a QTimer
  heartbeat of 5 ms; the longest gap between two beats), scrolling the list to its end (the
  scroll bar dragged there in 20 steps, each painted), typing a filter key by key (each key:
  from the key to the list shown again, the 150 ms pause of typing included; median and max),
  next document at the start and at the end of the list, the process's RSS once open and after
  visiting 500 documents (next document 500 times).

Projects come from ``scale_projects.project(n)`` (built once, cached); each child opens a copy
of it, kept under out/doclist/ (the window takes the writer lock and may write its WAL).
Identity and QSettings go to a temporary folder. It prints figures and never asserts on them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "projects" / "example"
OUT = REPO / "benchmarks" / "out" / "doclist"
FILTER_TEXT = "sanctions reuters"  # typed key by key into the document filter
VISITS = 500

# -- the child: one window, measured from inside --------------------------------------------------

CHILD = r"""
import json, os, sys, time
spawn = float(os.environ["BENCH_SPAWN_T"])
from pathlib import Path
sys.path.insert(0, os.environ["BENCH_PROBES"])
from loop_probes import Beats, Painted, looping, type_filter
from PySide6.QtCore import Qt
from annotator.ui.window.app import make_application
from annotator.ui.window.main_window import MainWindow
from annotator.ui.window.opener import ProjectOpener

mode = sys.argv[2]
app = make_application()


run_until, settle = looping(app)


def rss_mb():
    with open("/proc/self/status") as handle:
        for row in handle:
            if row.startswith("VmRSS:"):
                return int(row.split()[1]) / 1024
    return 0.0


beats = Beats()
beats.start()
session = ProjectOpener().open(None, Path(sys.argv[1]))
window = MainWindow(session)
painted = Painted()
table = window.documents.pane.table
table.viewport().installEventFilter(painted)
window.resize(1366, 768)
window.show()
run_until(lambda: painted.at is not None)
first_paint = time.monotonic()  # the pass that delivered the first paint has returned
out = {"first_paint": (first_paint - spawn) * 1000}
settle(300)
out["open_stall"] = beats.stop()
if mode == "cold":
    print(json.dumps(out), flush=True)
    window.close()
    raise SystemExit(0)
out["rows"] = window.documents.model.rowCount()
out["rss_open"] = rss_mb()


def repaint_after(action):
    # time from the action to the next paint of the list's viewport (and the longest stall)
    painted.at = None
    beats.start()
    start = time.monotonic()
    action()
    run_until(lambda: painted.at is not None, 10)
    took = (time.monotonic() - start) * 1000  # the pass that delivered the paint returned
    settle(20)
    return took, beats.stop()


# scroll to the end: the scroll bar dragged there in 20 steps, each painted
bar = table.verticalScrollBar()
steps, stalls = [], []
beats.start()
for k in range(1, 21):
    took, stall = repaint_after(lambda k=k: bar.setValue(bar.maximum() * k // 20))
    steps.append(took)
    stalls.append(stall)
out["scroll_end"] = sum(steps)
out["scroll_step_max"] = max(steps)
out["scroll_stall"] = max(stalls)

# the filter, typed key by key: from the key to the list shown again (the typing pause included)
edit = window.documents.pane.filter_edit
model = window.documents.model
keys, key_stalls = type_filter(app, edit, model, painted, beats, sys.argv[3])
out["filter_keys"] = keys
out["filter_stall"] = max(key_stalls)
out["filter_rows"] = model.rowCount()
edit.clear()
run_until(lambda: model.rowCount() == out["rows"], 10)
settle(300)

# next document at the start and at the end of the list
ctx = window.ctx
article = window.article.view.viewport()
seen = Painted()
article.installEventFilter(seen)


def next_doc():
    seen.at = None
    beats.start()
    start = time.monotonic()
    window.actions.next_doc.trigger()
    run_until(lambda: seen.at is not None, 10)
    took = (time.monotonic() - start) * 1000
    settle(20)
    return took, beats.stop()


ctx.show_document(model.id_at(0))
settle(100)
out["next_start"], out["next_start_stall"] = next_doc()
ctx.show_document(model.id_at(model.rowCount() - 2))
settle(100)
out["next_end"], out["next_end_stall"] = next_doc()

# visiting documents: RSS after 500 of them
ctx.show_document(model.id_at(0))
settle(50)
for _ in range(int(sys.argv[4])):
    window.actions.next_doc.trigger()
    app.processEvents()
out["rss_visited"] = rss_mb()
print(json.dumps(out), flush=True)
window.close()
"""


def child_env(config: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["ANNOTATOR_CONFIG_DIR"] = str(config)
    env["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="qsettings-", dir=config)
    env["ANNOTATOR_NAME"] = "bench"
    return env


def run_child(project: Path, mode: str, work: Path) -> dict[str, Any]:
    config = Path(tempfile.mkdtemp(prefix="config-", dir=work))
    env = child_env(config)
    env["BENCH_SPAWN_T"] = repr(time.monotonic())
    env["BENCH_PROBES"] = str(REPO / "benchmarks")
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(project), mode, FILTER_TEXT, str(VISITS)],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        cwd=str(work),
    )
    shutil.rmtree(config, ignore_errors=True)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"child failed ({proc.returncode}): {proc.stderr[-3000:]}")
    return dict(json.loads(lines[-1]))


def example_project(work: Path) -> Path:
    """The one-document-example folder, its project file built once (not timed)."""
    from annotator.app.projects import open_session

    folder = work / "example"
    if not (folder / "project.sqlite").exists():
        shutil.copytree(EXAMPLE / "articles", folder / "articles", dirs_exist_ok=True)
        open_session(folder).close()
    return folder / "project.sqlite"


def built_project(n: int) -> Path:
    """The generated project of ``n`` documents: the one built for the newest schema if any is
    cached (an older one is upgraded in the copy, once), else built now (``project(n)``)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from scale_projects import OUT as SCALE
    from scale_projects import project

    def schema(path: Path) -> int:
        return int(path.parent.name.split("-")[0][1:])

    cached = sorted(SCALE.glob(f"{n}/s*-*/project.sqlite"), key=schema)
    return cached[-1] if cached else project(n)


def private_copy(n: int) -> Path:
    """A copy of the generated project the window may write (its WAL, the lock), upgraded to
    this schema here, so that no run measures a migration; kept under out/doclist/ for the
    next run (the window edits nothing in it)."""
    from annotator.app.projects import open_session

    target = OUT / f"scale-{n}.sqlite"
    if not target.exists():
        started = time.monotonic()
        shutil.copyfile(built_project(n), target)
        copied = time.monotonic()
        open_session(target).close()
        print(
            f"({n:,} documents: copied in {copied - started:.0f} s, opened once (any upgrade) "
            f"in {time.monotonic() - copied:.1f} s)",
            flush=True,
        )
    return target


def ms(values: list[float]) -> str:
    return f"{statistics.median(values):.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3, help="cold starts of each (medians)")
    parser.add_argument("--keep", action="store_true", help="keep the copies under out/")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="run-", dir=OUT))
    try:
        example = example_project(work)
        run_child(example, "cold", work)  # warm-up: .pyc files and the page cache
        for n in args.sizes:
            path = private_copy(n)
            run_child(path, "cold", work)  # the file in the page cache, as after a first open
            floor, cold, stalls = [], [], []
            for _ in range(args.runs):  # alternated, so load from elsewhere hits both alike
                floor.append(run_child(example, "cold", work)["first_paint"])
                got = run_child(path, "cold", work)
                cold.append(got["first_paint"])
                stalls.append(got["open_stall"])
            ratio = statistics.median(cold) / statistics.median(floor)
            print(f"\n== {n:,} documents ==")
            print(
                f"cold start to first paint: {ms(cold)} (example {ms(floor)}; "
                f"{ratio:.2f}x, target 1.3x) runs {[round(c) for c in cold]}"
            )
            w = run_child(path, "window", work)
            keys = w["filter_keys"]
            print(
                f"rows listed: {w['rows']:,}; longest stall while opening: {w['open_stall']:.0f} ms"
            )
            print(
                f"scroll to the end (20 drags, each painted): {w['scroll_end']:.0f} ms in all, "
                f"slowest step {w['scroll_step_max']:.0f} ms; "
                f"longest stall {w['scroll_stall']:.0f} ms"
            )
            print(
                f"filter {FILTER_TEXT!r} key by key (key -> list shown, 150 ms pause included): "
                f"median {statistics.median(keys):.0f} ms, max {max(keys):.0f} ms; "
                f"longest stall {w['filter_stall']:.0f} ms; {w['filter_rows']:,} rows match"
            )
            print(
                f"next document: at the start {w['next_start']:.0f} ms (stall "
                f"{w['next_start_stall']:.0f} ms), at the end {w['next_end']:.0f} ms (stall "
                f"{w['next_end_stall']:.0f} ms)"
            )
            print(
                f"RSS: {w['rss_open']:.0f} MB open, {w['rss_visited']:.0f} MB after visiting "
                f"{VISITS} documents"
            )
            sys.stdout.flush()
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
