#!/usr/bin/env python
"""The team's progress at scale (issue 15): 10,000 documents, 20 annotators, every document
assigned (an overlap of 20% given to two annotators, spread over every pair), each annotator
has worked on 500 of their documents (about 30 spans each, marked done), written through the
storage layer's bulk write and cached under /tmp/team-progress/.

    .venv/bin/python benchmarks/bench_team_progress.py [--runs 5] [--rebuild]

Printed, medians of ``--runs``: a floor measured in the same run (one read of every span row
in plain SQL); counting every progress figure afresh (``app.progress.compute`` with an empty
cache: what the Progress section waits for when the view opens), and the ratio to the floor;
then one annotator's refresh: their work changed (a span added, ``ProgressCache.forget``),
counting again with the cache (their documents read again, their pairs compared again, their
documents' entries made again; the assignment kept), and its ratio to the fresh count.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import time
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("ANNOTATOR_NAME", "bench")

from annotator.app import progress as team  # noqa: E402
from annotator.app.projects import open_session  # noqa: E402
from annotator.core.model import Annotator, now_iso  # noqa: E402
from annotator.core.rows import BulkBatch  # noqa: E402
from annotator.session import Session  # noqa: E402

OUT = Path("/tmp/team-progress/bench")
DOCUMENTS, ANNOTATORS, WORKED, SPANS = 10_000, 20, 500, 30
OVERLAP, PER_DOC = 0.2, 2
VERSION = 1  # of this generator: a change builds a new project
SENTENCE = (
    "the minister said on monday that talks with the union would resume after the strike "
    "ended police reported protests in the capital while officials denied any agreement "
    "analysts expect prices to rise again next year according to the central bank report"
)
WORDS = SENTENCE.split(" ")
LABELS = (("entity", "PERSON"), ("entity", "ORG"), ("entity", "LOCATION"), ("quote", "QUOTE"))
LABELS += (("claim", "CLAIM"),)


def names() -> list[str]:
    return [f"annotator{i:02d}" for i in range(ANNOTATORS)]


def assignment() -> dict[str, list[str]]:
    """Document id -> names: the first 20% to two names each, going round every pair; the
    rest to one name each, in turn."""
    people = names()
    pairs = list(combinations(people, PER_DOC))
    shared = int(DOCUMENTS * OVERLAP)
    found: dict[str, list[str]] = {}
    for i in range(DOCUMENTS):
        found[f"doc{i:05d}"] = (
            list(pairs[i % len(pairs)]) if i < shared else [people[i % len(people)]]
        )
    return found


def text(rnd: random.Random) -> str:
    return " ".join(rnd.choice(WORDS) for _ in range(300)) + "."


def spans_of(doc: str, who: str, length: int) -> list[tuple[int, int, str, str]]:
    """About ``SPANS`` spans: the document's own (the same for everyone, from its seed), each
    dropped, moved or relabelled now and then by this annotator (from theirs)."""
    base, own = random.Random(doc), random.Random(doc + who)
    found = []
    for _ in range(SPANS):
        start = base.randrange(0, length - 40)
        start, end = start, start + base.randrange(4, 30)
        layer, label = LABELS[base.randrange(len(LABELS))]
        roll = own.random()
        if roll < 0.08:
            continue
        if roll < 0.16:
            end += own.randrange(1, 6)
        elif roll < 0.20:
            layer, label = LABELS[(LABELS.index((layer, label)) + 1) % 3]
        found.append((start, end, layer, label))
    return found


def build(path: Path) -> None:
    path.unlink(missing_ok=True)
    session = open_session(path)
    try:
        rnd = random.Random(7)
        stamp = now_iso()
        docs = {f"doc{i:05d}": text(rnd) for i in range(DOCUMENTS)}
        rows = [(d, f"sha-{d}", t, f"Article {d}", None, "", stamp, "{}") for d, t in docs.items()]
        session.rows.write([BulkBatch(documents=rows)])
        assigned = assignment()
        session.assignments.add((d, n) for d, ns in assigned.items() for n in ns)
        for i, name in enumerate(names()):
            mine = [d for d, ns in assigned.items() if name in ns]
            # every document of the overlap, then singles up to WORKED
            shared = [d for d in mine if len(assigned[d]) > 1]
            worked = (shared + [d for d in mine if len(assigned[d]) == 1])[:WORKED]
            who = f"id-{i:02d}"
            batch = BulkBatch(annotators=[(who, name, stamp)])
            for d in worked:
                for k, (s, e, layer, label) in enumerate(spans_of(d, name, len(docs[d]))):
                    batch.spans.append(
                        (f"{d}-{who}-{k}", d, who, layer, label, s, e, docs[d][s:e], "",
                         stamp, stamp, None)
                    )  # fmt: skip
                batch.statuses.append((d, who, "done", stamp))
            session.rows.write([batch])
    finally:
        session.close()


def project(rebuild: bool) -> Path:
    path = OUT / f"team-v{VERSION}.sqlite"
    if rebuild or not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        part = path.with_suffix(".part")
        build(part)
        part.rename(path)
        print(f"built {path} in {time.perf_counter() - started:.0f} s")
    return path


def floor(path: Path) -> float:
    started = time.perf_counter()
    with sqlite3.connect(path) as conn:
        conn.execute("SELECT sum(length(label)) FROM spans").fetchone()
    return time.perf_counter() - started


def timed(session: Session, cache: team.ProgressCache) -> float:
    started = time.perf_counter()
    team.compute(session, cache)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    path = project(args.rebuild)
    work = OUT / "work.sqlite"  # a copy: one annotator's work changes in it
    work.unlink(missing_ok=True)
    with sqlite3.connect(path) as src, sqlite3.connect(work) as dst:
        src.backup(dst)
    session = open_session(work)
    try:
        spans = session.document_count(), sum(session.span_counts().values())
        print(f"{spans[0]:,} documents, {ANNOTATORS} annotators, {spans[1]:,} spans")
        floors, fresh, refresh, reread, remade = [], [], [], [], []
        changed = Annotator("id-07", "annotator07")
        for run in range(args.runs):
            floors.append(floor(work))
            cache = team.ProgressCache()
            fresh.append(timed(session, cache))
            doc = session.assignments.documents_of(changed.name)[0]
            piece = session.document(doc).text[run : run + 3]
            batch = BulkBatch()
            batch.spans = [
                (f"bench-{run}", doc, changed.id, "entity", "PERSON", run, run + 3, piece, "",
                 now_iso(), now_iso(), None)
            ]  # fmt: skip
            session.rows.write([batch])
            cache.forget([changed.id])
            refresh.append(timed(session, cache))
            reread.append(len(cache.read))
            remade.append(cache.remade)
        f, a, b = (statistics.median(x) for x in (floors, fresh, refresh))
        print(f"floor (every span row read in SQL): {f * 1000:8.1f} ms")
        print(f"progress, counted afresh:           {a * 1000:8.1f} ms  ({a / f:.1f} x floor)")
        print(
            f"refresh after one annotator's work: {b * 1000:8.1f} ms  ({b / a:.2f} x afresh; "
            f"{reread[0]} of {ANNOTATORS} annotators read again)"
        )
        print(f"  document entries made again: {remade[0]:,} of {DOCUMENTS:,}")
    finally:
        session.close()


if __name__ == "__main__":
    main()
