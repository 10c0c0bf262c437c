#!/usr/bin/env python
"""Corpus search on the generated scale projects: FTS5 queries beside a LIKE scan of the same
data, and the background build of an upgraded project's index.

    .venv/bin/python benchmarks/bench_search.py [--sizes 1000 10000 100000] [--runs 5]
        [--no-build] [--file PROJECT.sqlite ...]

For each size, the project of ``scale_projects.py`` (built and cached there if absent) is
opened read-only as ``annotator search`` opens it, and each query runs through
``session.search.find`` as the window runs it while the user types (the first 50 documents,
best first, with their snippets, and the count of documents found), ``--runs`` times after one
warm-up; the median (and the slowest) is printed, and the median with the offsets of all 50
first hits found too (as ``annotator search --json`` prints them; the window finds only the
one a user opens). The queries are made from the corpus itself: a word of middling frequency, a
common word, a phrase of two words, a prefix, and the word with filters (label PERSON, ana's
status done, dates in 2023; an entity of the first document, by its name; ben's quotes
without speaker). The floor, in the same run and alternated with the index run by
run: ``SELECT count(*) FROM documents WHERE text LIKE '%word%'`` (and the phrase), the scan a
search without an index has to make.

Then the index of a copy of the project is emptied (as a project upgraded to schema 6 has it)
and built again the way the window builds it: ``build_step`` with the budget of its idle turns
(``app.search.IDLE_STEP``), one transaction each, until complete; printed: the total time, the
number of steps, the longest step and the 99th percentile (what one idle turn of the event
loop costs the window).
``--file`` measures given project files instead (each copied, and upgraded in the copy if an
older schema made it). Figures are printed, never asserted. Copies live under
benchmarks/out/search/.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sqlite3
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from scale_projects import ANA, project  # noqa: E402

from annotator.app.search import IDLE_STEP as BUDGET  # noqa: E402
from annotator.core.search import COUNTED  # noqa: E402
from annotator.session import Session  # noqa: E402

OUT = REPO / "benchmarks" / "out" / "search"


def _median(f: Callable[[], object], runs: int) -> tuple[float, float]:
    f()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        f()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def _queries(path: Path) -> dict[str, str]:
    """Words of the corpus: one in about 5-15% of the documents, one in most of them."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        texts = [r[0] for r in conn.execute("SELECT text FROM documents ORDER BY rowid LIMIT 400")]
    finally:
        conn.close()
    per_doc = Counter(w for t in texts for w in set(re.findall(r"[a-z]{6,}", t.lower())))
    n = len(texts)
    middling = min(per_doc, key=lambda w: abs(per_doc[w] / n - 0.08))
    common = max(per_doc, key=lambda w: per_doc[w])
    words = re.findall(r"[a-z]{4,}", texts[0].lower())
    phrase = next(
        f"{a} {b}" for a, b in zip(words, words[1:], strict=False) if f"{a} {b}" in texts[0].lower()
    )
    return {"word": middling, "common": common, "phrase": phrase, "prefix": middling[:4]}


def _entity(path: Path) -> str:
    """The name of an entity mentioned in the first document (a name the filter looks up)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute(
            "SELECT e.name FROM spans s JOIN entities e ON e.id = s.entity_id "
            "WHERE s.document_id = (SELECT id FROM documents ORDER BY rowid LIMIT 1) LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    return str(row[0])


def _like(path: Path, needle: str) -> Callable[[], object]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    sql = "SELECT count(*) FROM documents WHERE text LIKE ? OR title LIKE ?"
    pattern = f"%{needle}%"
    return lambda: conn.execute(sql, [pattern, pattern]).fetchone()


def queries(path: Path, runs: int) -> None:
    words = _queries(path)
    session = Session.open(path, ANA, read_only=True)
    try:
        find = session.search.find
        with_filters = session.search.filters(
            label="PERSON", annotator="ana", status="done", date_from="2023", date_to="2023"
        )
        entity = _entity(path)
        cases = [
            ("word", words["word"], None, words["word"]),
            ("common word", words["common"], None, None),
            ("phrase", f'"{words["phrase"]}"', None, words["phrase"]),
            ("prefix", f"{words['prefix']}*", None, None),
            ("word + filters", words["word"], with_filters, None),
            ("word + entity", words["word"], session.search.filters(entity=entity), None),
            (
                "word + quote",
                words["word"],
                session.search.filters(annotator="ben", quote_without_speaker=True),
                None,
            ),
        ]
        n = session.document_count()
        print(f"\n{n:,} documents ({path.stat().st_size / 1e6:,.0f} MB)")
        for name, query, filters, like in cases:
            found = find(query, filters)
            fts = _median(lambda q=query, f=filters: find(q, f, locate=False), runs)  # type: ignore[misc]
            cli = _median(lambda q=query, f=filters: find(q, f), runs)  # type: ignore[misc]
            more = "+" if found.total >= COUNTED else " "
            line = (
                f"  {name:<15} {query!r:<24} {found.total:>6,}{more} docs  "
                f"index {fts[0]:6.1f} ms (max {fts[1]:6.1f}), with 50 offsets {cli[0]:6.1f} ms"
            )
            if like is not None:
                scan = _median(_like(path, like), max(1, runs // 2))
                line += f"   LIKE scan {scan[0]:8.1f} ms   x{scan[0] / max(fts[0], 1e-3):,.0f}"
            print(line, flush=True)
    finally:
        session.close()


def _copy(source: Path, name: str) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    copy = OUT / name
    _remove(copy)
    shutil.copyfile(source, copy)
    return copy


def _remove(copy: Path) -> None:
    for old in copy.parent.glob(f"{copy.name}*"):  # its -wal, -shm, .lock, .vN.bak
        old.unlink()


def upgraded(source: Path) -> Path:
    """A copy of a project file made by an older schema, upgraded (opened for writing once)."""
    copy = _copy(source, f"given-{source.stat().st_size}.sqlite")
    Session.open(copy, ANA).close()
    return copy


def build(source: Path) -> None:
    copy = _copy(source, "upgraded.sqlite")
    conn = sqlite3.connect(copy)
    for table in ("_search_documents", "_search_notes"):
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")
    conn.execute("UPDATE _search_progress SET upto = 0")
    conn.commit()
    conn.execute("VACUUM")
    conn.close()
    session = Session.open(copy, ANA)
    steps: list[float] = []
    try:
        start = time.perf_counter()
        done = False
        while not done:
            t = time.perf_counter()
            done = session.search.build_step(BUDGET)
            steps.append((time.perf_counter() - t) * 1000)
        total = time.perf_counter() - start
    finally:
        session.close()
    steps.sort()
    p99 = steps[int(len(steps) * 0.99) - 1] if len(steps) > 1 else steps[0]
    print(
        f"  background build of an upgraded project: {total:6.1f} s in {len(steps):,} steps "
        f"of {BUDGET * 1000:.0f} ms budget; longest step {steps[-1]:.1f} ms, 99th percentile "
        f"{p99:.1f} ms, median {statistics.median(steps):.1f} ms",
        flush=True,
    )
    _remove(copy)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-build", action="store_true", help="skip the background build")
    parser.add_argument(
        "--file",
        type=Path,
        action="append",
        default=[],
        help="a project file to measure instead of a generated size (copied, upgraded in the copy)",
    )
    args = parser.parse_args()
    print(f"sqlite {sqlite3.sqlite_version}; medians of {args.runs} runs after a warm-up")
    paths = [upgraded(f) for f in args.file] or [project(n) for n in args.sizes]
    for path in paths:
        queries(path, args.runs)
        if not args.no_build:
            build(path)


if __name__ == "__main__":
    main()
