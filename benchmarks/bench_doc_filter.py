#!/usr/bin/env python
"""Typing in the document list's filter on a generated project: the longest event-loop stall
of each key, beside the same typing with another checkout's code, in the same run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_doc_filter.py [--size 100000]
        [--runs 3] [--old-tree PATH]

A child process opens the window read-only on the project of ``scale_projects.project(n)``
(as that checkout's schema has it: nothing is written to the cached file), shows it at
1366x768 and types ``FILTER_TEXT`` key by key, each key once the list has been shown for the
previous one: per key, the time from the key to the list shown again (its 150 ms typing pause
included) and the longest stall of the event loop meanwhile (the largest gap between two beats
of a 5 ms timer). With ``--old-tree`` (a checkout of other code, e.g. ``git archive main``
unpacked, its benchmarks/out linked to the same cache), its child runs first in each round,
this checkout's second. Printed: medians over the runs of the median key and of the longest
stall, and the largest stall of all. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
FILTER_TEXT = "sanctions reuters"

CHILD = r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, str(Path.cwd() / "benchmarks"))
from loop_probes import Beats, Painted, looping, type_filter
from scale_projects import ANA, project
from annotator.session import Session
from annotator.ui.window.app import make_application
from annotator.ui.window.main_window import MainWindow

app = make_application()


run_until, settle = looping(app)

path = project(int(sys.argv[1]))
session = Session.open(path, ANA, read_only=True)
window = MainWindow(session)
painted = Painted(first=False)
window.documents.pane.table.viewport().installEventFilter(painted)
window.resize(1366, 768)
window.show()
run_until(lambda: painted.at is not None)
settle(500)
edit, model = window.documents.pane.filter_edit, window.documents.model
keys, stalls = type_filter(app, edit, model, painted, Beats(), sys.argv[2])
print(json.dumps({"keys": keys, "stalls": stalls, "rows": model.rowCount(),
                  "schema": path.parent.name}), flush=True)
window.close()
session.close()
"""


def child(tree: Path, size: int) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(tree), QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory(prefix="bench-filter-") as config:
        env["ANNOTATOR_CONFIG_DIR"] = config
        env["XDG_CONFIG_HOME"] = config
        env["ANNOTATOR_NAME"] = "bench"
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(size), FILTER_TEXT],
            env=env,
            cwd=str(tree),
            capture_output=True,
            text=True,
            timeout=1800,
        )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"child failed ({proc.returncode}): {proc.stderr[-3000:]}")
    return dict(json.loads(lines[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--old-tree", type=Path, help="another checkout, measured alternately")
    args = parser.parse_args()
    trees = ([("old", args.old_tree.resolve())] if args.old_tree else []) + [("this", REPO)]
    seen: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in trees}
    for _ in range(args.runs):
        for name, tree in trees:
            seen[name].append(child(tree, args.size))
    print(f"{args.size:,} documents, {FILTER_TEXT!r} typed key by key, {args.runs} runs")
    for name, tree in trees:
        runs = seen[name]
        key = statistics.median(statistics.median(r["keys"]) for r in runs)
        stall = statistics.median(max(r["stalls"]) for r in runs)
        worst = max(max(r["stalls"]) for r in runs)
        print(
            f"  {name:<5} ({tree}, {runs[0]['schema']}): key -> list shown {key:6.0f} ms "
            f"(median; 150 ms pause included), longest stall {stall:5.0f} ms (median of runs; "
            f"largest {worst:.0f} ms); {runs[0]['rows']:,} rows match",
            flush=True,
        )


if __name__ == "__main__":
    main()
