#!/usr/bin/env python
"""Assignment at scale (issue 15): on a copy of a generated project (``scale_projects``),
working out the assignment of every document to 20 names with a 20% overlap at 2 per
document (``app.assign.prepare_assignment``: the plan, pure), making it (one transaction),
and the cost the document list pays for its Assigned column: reading pages of 50 rows
(``DocumentList``) before the assignment (no rows in ``assignments``: the floor, same code,
same run) and after it, alternated, with the ratio.

    .venv/bin/python benchmarks/bench_assign.py [1000 10000 100000]

Copies go under /tmp/team-assign/bench/; figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from scale_projects import copy_of  # noqa: E402

from annotator.app.assign import prepare_assignment  # noqa: E402
from annotator.core.model import Annotator  # noqa: E402
from annotator.session import Session  # noqa: E402

NAMES = [f"annotator{i:02d}" for i in range(20)]
LEAD = Annotator("be0c4a55be0c4a55be0c4a55be0c4a55", "lead")


def pages(session: Session, count: int) -> float:
    """Median seconds to read one page of the list (spread over the whole list)."""
    listed = session.document_list()
    rows = len(listed)
    step = max(1, rows // count)
    times = []
    for start in range(0, rows, step)[:count]:
        listed.forget()
        began = time.perf_counter()
        listed.meta(start)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def run(n: int, work: Path) -> None:
    path = copy_of(n, work / f"p{n}.sqlite")
    session = Session.open(path, LEAD)
    try:
        before = [pages(session, 20)]
        began = time.perf_counter()
        made = prepare_assignment(session, NAMES, overlap=0.2, per_doc=2, seed=1)
        planned = time.perf_counter() - began
        began = time.perf_counter()
        made.operation.apply()
        applied = time.perf_counter() - began
        after = [pages(session, 20)]
        for _ in range(2):  # alternated: the assignments moved aside and back
            with session._store.file.writing():  # (a benchmark's shortcut: one table renamed)
                session._store.db.execute("ALTER TABLE assignments RENAME TO a_aside")
                session._store.db.execute(
                    "CREATE TABLE assignments (document_id TEXT, assignee TEXT, "
                    "assigned_at TEXT, PRIMARY KEY (document_id, assignee))"
                )
            before.append(pages(session, 20))
            with session._store.file.writing():
                session._store.db.execute("DROP TABLE assignments")
                session._store.db.execute("ALTER TABLE a_aside RENAME TO assignments")
            after.append(pages(session, 20))
        floor, cost = statistics.median(before), statistics.median(after)
        print(
            f"{n:>7,} documents, 20 names, {len(made.plan.overlap_documents):,} overlap: "
            f"plan {planned:.2f} s, write {applied:.2f} s ({len(made.operation.add):,} rows); "
            f"list page of 50: {cost * 1000:.1f} ms with assignees, {floor * 1000:.1f} ms "
            f"without (floor), ratio {cost / floor:.2f}"
        )
    finally:
        session.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    args = parser.parse_args()
    work = Path("/tmp/team-assign/bench")
    work.mkdir(parents=True, exist_ok=True)
    for n in args.sizes:
        run(n, work)


if __name__ == "__main__":
    main()
