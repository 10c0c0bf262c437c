#!/usr/bin/env python
"""The lead's side of a team folder at the size of issue 15: 20 work files x 500 documents x
30 spans (10,000 documents in the lead's project), generated once with the storage layer's
bulk write and cached under /tmp/team-folder/.

    .venv/bin/python benchmarks/bench_team_refresh.py [--members 20] [--per 500] [--spans 30]

Prints, on a fresh copy of the lead's project (no work brought in yet):

* the first collection: every work file read by a private copy, checked (quick_check) and
  brought in through the add-work path;
* a refresh when nothing changed (the floor: the files' marks only);
* a refresh after ONE work file changed (one span added by its owner), three times: it must
  cost about one file's share of the first collection, not the team's;
* the ratios. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from annotator.app.team import TeamFolder, make_work_file, work_file  # noqa: E402
from annotator.core.model import Annotator, Layer, now_iso  # noqa: E402
from annotator.core.rows import BulkBatch  # noqa: E402
from annotator.core.scheme import load_default_scheme  # noqa: E402
from annotator.session import Session  # noqa: E402

CACHE = Path("/tmp/team-folder")
WORDS = [
    "the",
    "minister",
    "said",
    "on",
    "monday",
    "that",
    "the",
    "new",
    "budget",
    "would",
    "cut",
    "taxes",
    "for",
    "families",
]


def text_of(n: int) -> str:
    words = [WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(110)]
    return f"Article {n}. " + " ".join(words) + "."


def build(folder: Path, members: int, per: int, spans: int) -> list[Annotator]:
    """The team folder: the lead's project (members x per documents, each assigned to one
    member) and each member's work file with ``spans`` spans on each of their documents."""
    lead = Annotator("lead-0000", "lea")
    people = [Annotator(f"member-{i:02d}", f"ann{i:02d}") for i in range(members)]
    (folder / "work").mkdir(parents=True)
    session = Session.open(folder / "project.sqlite", lead, scheme=load_default_scheme())
    stamp = now_iso()
    ids = [f"doc{n:05d}" for n in range(members * per)]
    rows = []
    for n, d in enumerate(ids):
        text = text_of(n)
        sha = hashlib.sha256(text.encode()).hexdigest()
        rows.append((d, sha, text, f"Title {n}", None, "bench", stamp, "{}"))
    session.rows.write([BulkBatch(documents=rows)])
    for i, person in enumerate(people):
        session.assignments.add((d, person.name) for d in ids[i * per : (i + 1) * per])
    session.assignments.set_setting("team.lead", lead.id)
    label = next(lb.name for lb in session.scheme if lb.layer is Layer.ENTITY)
    session.close()
    for person in people:
        path = make_work_file(folder, person)
        mine = Session.open(path, person, wal=False)
        batch = BulkBatch(annotators=[(person.id, person.name, stamp)])
        for d in mine.documents():
            text = mine.document(d.id).text
            for k in range(spans):
                start = 10 + 20 * k
                batch.spans.append(
                    (f"{person.id}-{d.id}-{k}", d.id, person.id, "entity", label, start,
                     start + 8, text[start : start + 8], "", stamp, "", None)
                )  # fmt: skip
            batch.statuses.append((d.id, person.id, "done", stamp))
        mine.rows.write([batch])
        mine.close()
    return people


def cached(members: int, per: int, spans: int) -> tuple[Path, list[Annotator]]:
    folder = CACHE / f"bench-{members}x{per}x{spans}"
    people = [Annotator(f"member-{i:02d}", f"ann{i:02d}") for i in range(members)]
    if not (folder / "done").exists():
        shutil.rmtree(folder, ignore_errors=True)
        start = time.perf_counter()
        build(folder, members, per, spans)
        (folder / "done").touch()
        print(f"generated {folder} in {time.perf_counter() - start:.1f} s")
    return folder, people


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--per", type=int, default=500)
    parser.add_argument("--spans", type=int, default=30)
    args = parser.parse_args()
    source, people = cached(args.members, args.per, args.spans)
    run = CACHE / "run"
    shutil.rmtree(run, ignore_errors=True)
    shutil.copytree(source, run)
    lead = Annotator("lead-0000", "lea")
    size = sum(p.stat().st_size for p in (run / "work").iterdir()) / 1e6
    print(
        f"team: {len(people)} work files x {args.per} documents x {args.spans} spans "
        f"({size:.0f} MB of work files)"
    )

    session = Session.open(run / "project.sqlite", lead, wal=False)
    team = TeamFolder(session, run)
    try:
        start = time.perf_counter()
        first = team.refresh()
        t_first = time.perf_counter() - start
        assert len(first.read) == len(people) and not first.behind, first.behind
        spans = sum(session.span_counts().values())
        print(f"first collection of all {len(people)} files: {t_first:.2f} s ({spans:,} spans)")

        start = time.perf_counter()
        team.refresh()
        t_none = time.perf_counter() - start
        print(f"refresh, nothing changed: {t_none * 1000:.1f} ms")

        times = []
        for person in people[:3]:
            path = work_file(run, person.id)
            theirs = Session.open(path, person, wal=False)
            label = next(lb for lb in theirs.scheme if lb.layer is Layer.ENTITY)
            document = theirs.documents()[0].id
            theirs.add_span(theirs.new_span(document, 0, 7, label))
            theirs.close()
            start = time.perf_counter()
            done = team.refresh()
            times.append(time.perf_counter() - start)
            assert done.read == [path], done
        t_one = statistics.median(times)
        shown = ", ".join(f"{t:.2f}" for t in times)
        print(f"refresh after ONE file changed: {t_one:.2f} s (median of {shown} s)")
        print(f"first collection / one-file refresh: {t_first / t_one:.1f}x (files: {len(people)})")
        print(
            f"one-file refresh / a file's share of the first ({t_first / len(people):.2f} s): "
            f"{t_one / (t_first / len(people)):.2f}x"
        )
    finally:
        team.close()
        session.close()


if __name__ == "__main__":
    main()
