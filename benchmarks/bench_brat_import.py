#!/usr/bin/env python
"""brat import of a real corpus: PolNeAR's training split into a fresh project.

    .venv/bin/python benchmarks/bench_brat_import.py [--corpus ../shared/corpora/polnear-train]
        [--keep]

Runs ``annotator import PROJECT CORPUS --format brat --metadata CORPUS/metadata.tsv`` as a
subprocess (as a user runs it) into a temporary project, then prints: wall time, peak memory
of the import (maximum resident set size), what the project holds (documents, annotators,
quotes, spans by label, entities, documents with metadata), and the import's report of what
did not map, counts by kind with examples of FILE:LINE. Figures are printed, never asserted.
The corpus is read where it lies (never copied into the repository); the identity goes to a
temporary folder, never the user's.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / ".." / "shared" / "corpora" / "polnear-train"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--keep", action="store_true", help="keep the project and print where")
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    if not (corpus / "attributions").is_dir():
        print(f"no PolNeAR corpus at {corpus} (expected attributions/ and text/)")
        return 1
    work = Path(tempfile.mkdtemp(prefix="brat-bench-"))
    project = work / "polnear.sqlite"
    env = {**os.environ, "ANNOTATOR_CONFIG_DIR": str(work / "config"), "ANNOTATOR_NAME": "bench"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    command = [sys.executable, "-m", "annotator", "import", str(project), str(corpus)]
    command += ["--format", "brat", "--metadata", str(corpus / "metadata.tsv")]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB -> MiB (Linux)
    anns = len(list((corpus / "attributions").glob("*.ann")))
    texts = len(list((corpus / "text").glob("*.txt")))
    print(f"corpus: {corpus} ({texts} texts, {anns} .ann files)")
    print(f"import: exit status {done.returncode}, {wall:.1f} s wall, peak memory {peak:.0f} MiB")
    if done.returncode != 0:
        print(done.stdout + done.stderr)
        return 1
    print_project(project)
    report = [line for line in done.stderr.splitlines() if line.startswith(("not mapped", "note"))]
    kinds = [line for line in done.stdout.splitlines() if line.startswith("brat mapping")]
    print(*kinds, sep="\n")
    print(f"not mapped ({len(report)} kinds; examples are FILE:LINE under the corpus):")
    for line in report:
        print("  " + line.removeprefix("not mapped: "))
    if args.keep:
        print(f"project kept: {project}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def print_project(project: Path) -> None:
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:

        def one(sql: str) -> int:
            return int(conn.execute(sql).fetchone()[0])

        documents = one("SELECT count(*) FROM documents")
        with_meta = one("SELECT count(*) FROM documents WHERE meta != '{}'")
        titled = one("SELECT count(*) FROM documents WHERE date IS NOT NULL")
        workers = conn.execute(
            "SELECT a.name, count(DISTINCT s.document_id) FROM spans s JOIN annotators a "
            "ON a.id = s.annotator_id GROUP BY a.id ORDER BY 2 DESC"
        ).fetchall()
        several = one(
            "SELECT count(*) FROM (SELECT document_id FROM spans GROUP BY document_id "
            "HAVING count(DISTINCT annotator_id) > 1)"
        )
        print(f"documents: {documents} ({with_meta} with metadata, {titled} with a date)")
        print(
            f"annotators: {len(workers)} ("
            + ", ".join(f"{name}: {n} documents" for name, n in workers)
            + f"); {several} documents annotated by more than one"
        )
        quotes = conn.execute(
            "SELECT quote_type, count(*), sum(cue_span_id IS NOT NULL), "
            "sum(speaker_entity_id IS NOT NULL), sum(speaker_text != '') FROM quotes GROUP BY 1"
        ).fetchall()
        total = sum(q[1] for q in quotes)
        print(f"quotes: {total}")
        for kind, n, cue, entity, text in quotes:
            print(f"  {kind}: {n} ({cue} with a cue; speaker: {entity} entity, {text} text only)")
        spans = conn.execute("SELECT label, count(*) FROM spans GROUP BY 1 ORDER BY 2 DESC")
        print("spans: " + ", ".join(f"{label} {n}" for label, n in spans.fetchall()))
        print(f"entities: {one('SELECT count(*) FROM entities')}")
    finally:
        conn.close()


if __name__ == "__main__":
    sys.exit(main())
