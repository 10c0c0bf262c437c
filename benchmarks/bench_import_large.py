#!/usr/bin/env python
"""A very large native JSONL file through ``annotator import``: streamed, with bounded memory.

    .venv/bin/python benchmarks/bench_import_large.py [--megabytes 1024] [--keep]

Builds the 1,000-document corpus of bench_formats.py, exports it, then writes a file of about
``--megabytes`` by repeating those lines with fresh ids and a changed text (so every line is a
new document with its own hash). That file goes through the command line import as a user runs
it; the script prints the wall time, the throughput, the peak memory of the import process
(its VmHWM) beside the file size, the number of progress lines the import wrote
to stderr, and checks the project holds every document and span.

The import reads the file line by line; a peak memory far below the file size shows it is not
loaded at once. Everything lives under benchmarks/out/large (git-ignored), removed unless --keep.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "benchmarks" / "out" / "large"
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_formats import ANNOTATOR, build_corpus, export_once  # noqa: E402

_ID = re.compile(r'"([0-9a-f]{32})"')

# The CLI as a user runs it, writing its own peak RSS (VmHWM) to $BENCH_PEAK when it exits: a
# child's ru_maxrss on Linux also counts the parent's RSS at spawn, so it cannot be used here.
_RUN_CLI = """
import atexit, os, sys
from annotator.__main__ import main

def peak():
    with open("/proc/self/status") as status, open(os.environ["BENCH_PEAK"], "w") as out:
        out.write(next(r for r in status if r.startswith("VmHWM:")).split()[1])

atexit.register(peak)
sys.argv[0] = "annotator"
main()
"""


def write_big(seed_lines: list[bytes], path: Path, megabytes: int) -> tuple[int, int]:
    """Repeat ``seed_lines`` into ``path`` until it holds ``megabytes``; each copy gets its own
    ids (a ``-k`` suffix) and text (a suffix after the last span, so offsets stay right).
    Returns (documents, spans) written."""
    goal = megabytes * 1_000_000
    written = documents = spans = 0
    copy = 0
    keep = {ANNOTATOR.id}
    with path.open("wb") as out:
        while written < goal:
            copy += 1
            suffix = f"-{copy}"
            for raw in seed_lines:
                line = _ID.sub(
                    lambda m, s=suffix: m.group(0) if m.group(1) in keep else f'"{m.group(1)}{s}"',
                    raw.decode(),
                )
                obj = json.loads(line)
                obj["text"] += f"\n\nCopy {copy}."
                text = obj["text"]
                obj["meta"]["sha256"] = hashlib.sha256(text.encode()).hexdigest()
                obj["meta"]["title"] += f" ({copy})"
                data = (json.dumps(obj, ensure_ascii=False) + "\n").encode()
                out.write(data)
                written += len(data)
                documents += 1
                spans += len(obj["spans"])
                if written >= goal:
                    break
    return documents, spans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=int, default=1024, help="size of the file (MB)")
    parser.add_argument("--keep", action="store_true", help="keep benchmarks/out/large")
    args = parser.parse_args()

    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    config = Path(tempfile.mkdtemp(prefix="bench-large-"))
    (config / "identity.json").write_text(json.dumps({"id": ANNOTATOR.id, "name": "bench"}))
    env = {**os.environ, "ANNOTATOR_CONFIG_DIR": str(config), "ANNOTATOR_NAME": "bench"}
    try:
        seed_project, seed = OUT / "seed.sqlite", OUT / "seed.jsonl"
        build_corpus(seed_project, 1000, 30)
        export_once(seed_project, seed)
        big = OUT / "big.jsonl"
        t = time.perf_counter()
        documents, spans = write_big(
            seed.read_bytes().splitlines(keepends=True), big, args.megabytes
        )
        size = big.stat().st_size / 1e6
        print(
            f"file: {size:,.0f} MB, {documents:,} documents, {spans:,} spans "
            f"(written in {time.perf_counter() - t:.0f} s)"
        )

        project = OUT / "big.sqlite"
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", _RUN_CLI, "import", str(project), str(big)],
            capture_output=True,
            text=True,
            env={**env, "BENCH_PEAK": str(OUT / "peak")},
        )
        wall = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"import failed ({done.returncode}):\n{done.stderr[-2000:]}")
        progress = [line for line in re.split(r"[\r\n]", done.stderr) if line.strip()]
        print(f"import (CLI, wall time): {wall:.1f} s, {size / wall:.1f} MB/s")
        peak = int((OUT / "peak").read_text()) / 1024
        print(f"peak memory of the import process: {peak:.0f} MB for a {size:,.0f} MB file")
        last = progress[-1] if progress else "-"
        print(f"progress updates on stderr: {len(progress)}; last: {last}")
        conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
        got_docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        got_spans = conn.execute("SELECT count(*) FROM spans").fetchone()[0]
        conn.close()
        verdict = "all there" if (got_docs, got_spans) == (documents, spans) else "MISMATCH"
        print(f"project holds {got_docs:,} documents and {got_spans:,} spans: {verdict}")
    finally:
        shutil.rmtree(config, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(OUT, ignore_errors=True)


if __name__ == "__main__":
    main()
