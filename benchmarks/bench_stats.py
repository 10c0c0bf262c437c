#!/usr/bin/env python
"""Statistics at scale: the figures of `annotator stats` and the window's Statistics view on
generated projects of 1k, 10k and 100k documents (``scale_projects.project``, built once and
cached under benchmarks/out/scale/).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_stats.py [1000 10000 100000]

Printed for each size: the spans in the project; a floor measured in the same run (one read of
every span row in plain SQL, ``SELECT sum(length(label)) FROM spans``); counting every figure
(``app.stats.compute``) for everyone and for one annotator ("ben", a tenth of the documents;
in another project, such as benchmarks/bench_team_progress.py's, its first annotator),
medians of ``--runs``, with their ratio to the floor; then the view, opened as the menu opens
it: the time the window's thread spends opening it, the longest event-loop stall from opening
until the figures are shown (a 5 ms timer's largest gap between two ticks: the counting runs
in a thread on a connection of its own), the time until the team's progress is shown (its
Progress tab, counted in a thread of its own), until the other figures are and until both
are. The projects are opened read-only and never changed. Figures are printed, never
asserted.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANNOTATOR_NAME", "bench")

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from scale_projects import project  # noqa: E402

from annotator.app.projects import open_session  # noqa: E402
from annotator.app.stats import compute  # noqa: E402
from annotator.session import Session  # noqa: E402
from annotator.ui.stats.view import StatisticsDialog  # noqa: E402


def floor(path: Path) -> float:
    """One plain read of every span row."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        start = time.perf_counter()
        conn.execute("SELECT sum(length(label)) FROM spans").fetchone()
        return time.perf_counter() - start
    finally:
        conn.close()


def timed(work: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def open_view(app: QApplication, session: Session) -> tuple[float, float, float, float, float]:
    """(ms the window's thread spends opening the view, longest stall in ms until the figures
    are shown, s until the team's progress is shown, s until the other figures are, s until
    both are)."""
    gaps: list[float] = []
    clock = QElapsedTimer()
    ticker = QTimer()
    ticker.setInterval(5)

    def tick() -> None:
        gaps.append(clock.restart())

    ticker.timeout.connect(tick)
    ticker.start()
    app.processEvents()
    clock.start()
    start = time.perf_counter()
    dialog = StatisticsDialog.ask(None, session)
    opened = (time.perf_counter() - start) * 1000
    loop = QEventLoop()
    check = QTimer()
    check.setInterval(5)
    progress: list[float] = []
    others: list[float] = []

    def checked() -> None:
        if dialog.progress is not None and not progress:
            progress.append(time.perf_counter() - start)
        if dialog.stats is not None and not others:
            others.append(time.perf_counter() - start)
        if progress and others:
            loop.quit()

    check.timeout.connect(checked)
    check.start()
    loop.exec()
    shown = time.perf_counter() - start
    app.processEvents()  # the tick after the last paint
    ticker.stop()
    check.stop()
    dialog.close()
    app.processEvents()
    return opened, max([opened, *gaps]), progress[0], others[0], shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "sizes",
        nargs="*",
        default=["1000", "10000", "100000"],
        help="numbers of documents (scale_projects.project), or project files to read",
    )
    parser.add_argument("--runs", type=int, default=3, help="medians of this many runs")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    print(f"bench_stats: medians of {args.runs} runs; load from other work inflates times")
    for size in args.sizes:
        path = project(int(size)) if size.isdigit() else Path(size)
        session = open_session(path, read_only=True)
        try:
            spans = sum(session.span_counts().values())
            n = session.document_count()
            names = [a.name for a in session.annotators()]
            ben = session.find_annotator("ben" if "ben" in names else names[0])
            low = statistics.median(floor(path) for _ in range(args.runs))
            everyone = timed(lambda s=session: compute(s), args.runs)
            one = timed(lambda s=session, b=ben: compute(s, b), args.runs)
            views = [open_view(app, session) for _ in range(args.runs)]
        finally:
            session.close()
        opened = statistics.median(v[0] for v in views)
        stall = max(v[1] for v in views)
        progress = statistics.median(v[2] for v in views)
        others = statistics.median(v[3] for v in views)
        shown = statistics.median(v[4] for v in views)
        print(f"\n{n:,} documents, {spans:,} spans ({path})")
        print(f"  floor: read every span row once           {low * 1000:9.0f} ms")
        print(f"  figures, everyone (app.stats.compute)     {everyone * 1000:9.0f} ms"
              f"   {everyone / low:5.1f}x floor")  # fmt: skip
        print(f"  figures, one annotator ({ben.name})".ljust(44) + f"{one * 1000:9.0f} ms"
              f"   {one / low:5.1f}x floor")  # fmt: skip
        print(f"  view: the window's thread opening it      {opened:9.0f} ms")
        print(f"  view: longest event-loop stall until shown {stall:8.0f} ms (max of runs)")
        print(f"  view: the team's progress shown after     {progress * 1000:9.0f} ms")
        print(f"  view: the other figures shown after       {others * 1000:9.0f} ms")
        print(f"  view: every figure shown after            {shown * 1000:9.0f} ms")


if __name__ == "__main__":
    main()
