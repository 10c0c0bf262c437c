#!/usr/bin/env python
"""Native JSONL export and import: in-process, through the CLI, and against a floor.

    .venv/bin/python benchmarks/bench_formats.py [--runs 3] [--scale-docs 10000] [--profile]

1. A project of 1,000 documents of ~5 KB with 30 spans each (entity mentions, some linked to a
   registry of entities, two quotes with cues, two claims): export to JSONL and import into a
   fresh project, in-process (medians of ``--runs``; target < 0.3 s each) and as
   ``python -m annotator export/import`` subprocesses (wall time, Python start included).
2. 10,000 documents x 50 spans: export, and in the same run the floor: the same rows read with
   raw sqlite3 and the same objects written with the fastest JSON encoder available (orjson if
   importable, else json), flushed to disk like the export (goal: export < 1.5x the floor);
   import of the exported file into a fresh project (goal: < 3x the export).

Everything is generated here with fixed seeds under benchmarks/out/ (git-ignored) and removed
at the end unless --keep. Figures are printed, never asserted. Identity goes to a temporary
folder, never the user's.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import json
import os
import pstats
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "benchmarks" / "out" / "formats"
sys.path.insert(0, str(REPO))

from corpus import ENTITY_LABELS, NAMES, news_document, span_kind, uid  # noqa: E402

from annotator.core.model import Annotator  # noqa: E402
from annotator.core.rows import BulkBatch  # noqa: E402
from annotator.core.scheme import load_default_scheme  # noqa: E402
from annotator.formats.jsonl import export_jsonl, load_file  # noqa: E402
from annotator.session import Session  # noqa: E402

try:
    import orjson  # type: ignore[import-not-found]
except ImportError:
    orjson = None

ANNOTATOR = Annotator("0000000000000000000000000000b001", "bench")
TARGET_SMALL = 0.3  # s, in-process export and import of the small corpus
GOAL_FLOOR_RATIO = 1.5
GOAL_IMPORT_RATIO = 3.0


# -- the corpus -------------------------------------------------------------------------------


def build_corpus(path: Path, documents: int, spans: int, seed: int = 4) -> None:
    """A project of ``documents`` texts of ~5 KB, ``spans`` spans each (all done by one
    annotator): mentions (a third linked to a registry of 300 entities), two quotes each with a
    segment and a cue, two claims with their attributes."""
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    rnd = random.Random(seed)
    stamp = "2026-01-01T00:00:00.000+00:00"
    session = Session.open(path, ANNOTATOR, scheme=load_default_scheme())
    registry = [
        (uid(rnd), rnd.choice(NAMES) + f" {i}", rnd.choice(ENTITY_LABELS)) for i in range(300)
    ]
    batch = BulkBatch(annotators=[(ANNOTATOR.id, ANNOTATOR.name, stamp)])
    batch.entities = [
        (e, ANNOTATOR.id, name, kind, "[]", "", stamp, "") for e, name, kind in registry
    ]
    who = ANNOTATOR.id
    for n in range(documents):
        row, text, words = news_document(rnd, n)
        doc = row[0]
        batch.documents.append(row)
        picks = sorted(rnd.sample(range(len(words) - 3), spans))
        rows = []
        for i, w in enumerate(picks):
            start, end = words[w][0], words[w + rnd.randint(0, 2)][1]
            (layer, label), entity = span_kind(rnd, i), None
            if layer == "entity" and rnd.random() < 0.33:
                entity, _, label = rnd.choice(registry)
            rows.append((uid(rnd), doc, who, layer, label, start, end, text[start:end]))
            rows[-1] += ("", stamp, "", entity)
        batch.spans += rows
        speaker = rnd.choice(registry)[0]
        for q in (0, 2):
            quote = uid(rnd)
            batch.quotes.append((quote, doc, who, rows[q + 1][0], speaker, "", "direct", ""))
            batch.quotes[-1] += (stamp, "")
            batch.segments.append((quote, rows[q][0], 0))
        batch.claims.append((rows[4][0], "author", None, "asserts", "unsure", "unverified", ""))
        batch.claims[-1] += ("",)
        batch.claims.append((rows[5][0], "entity", speaker, "denies", "check_worthy", "false"))
        batch.claims[-1] += ("evidence", "")
        batch.statuses.append((doc, who, "done", stamp))
    session.rows.write([batch])
    session.close()


# -- timing -----------------------------------------------------------------------------------


def median_time(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def export_once(project: Path, out: Path) -> None:
    session = Session.open(project, ANNOTATOR, read_only=True)
    try:
        export_jsonl(session.rows, out, [ANNOTATOR.id])
    finally:
        session.close()


def import_once(source: Path, project: Path) -> float:
    """Seconds to load ``source`` into a new project (creating the empty file not counted)."""
    for leftover in project.parent.glob(project.name + "*"):
        leftover.unlink()
    session = Session.open(project, ANNOTATOR, scheme=load_default_scheme())
    try:
        start = time.perf_counter()
        load_file(session.rows, source)
        return time.perf_counter() - start
    finally:
        session.close()


def median_import(source: Path, project: Path, runs: int) -> float:
    return statistics.median(import_once(source, project) for _ in range(runs))


def floor_export(project: Path, out: Path) -> None:
    """The same lines from the same rows with raw sqlite3 and the fastest encoder, no checks."""
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True, isolation_level=None)
    who = ANNOTATOR.id
    name = conn.execute("SELECT name FROM annotators WHERE id = ?", (who,)).fetchone()[0]
    status = dict(
        conn.execute(
            "SELECT document_id, status FROM document_status WHERE annotator_id = ?", (who,)
        )
    )
    entities = {
        r[0]: {
            "id": r[0],
            "name": r[1],
            "type": r[2],
            "aliases": json.loads(r[3]),
            "wikidata": r[4] or None,
        }
        for r in conn.execute("SELECT id, name, type, aliases, wikidata FROM entities")
    }
    spans_sql = (
        'SELECT id, start, "end", text, layer, label, entity_id, note FROM spans '
        'WHERE document_id = ? AND annotator_id = ? ORDER BY start, "end" DESC, id'
    )
    dumps = orjson.dumps if orjson else json.JSONEncoder(ensure_ascii=False).encode
    mode = "wb" if orjson else "w"
    reader = conn.cursor()
    with open(out, mode, **({} if orjson else {"encoding": "utf-8"})) as handle:
        for d in conn.execute(
            "SELECT id, text, title, date, source, sha256 FROM documents ORDER BY position"
        ):
            rows = reader.execute(spans_sql, (d[0], who)).fetchall()
            spans = [
                {"id": r[0], "start": r[1], "end": r[2], "text": r[3], "layer": r[4],
                 "label": r[5], "entity": r[6], "attrs": {}, "note": r[7]}
                for r in rows
            ]  # fmt: skip
            quotes, claims = [], []
            if any(r[4] == "quote" for r in rows):
                segments: dict[str, list[str]] = {}
                for q, s in reader.execute(
                    "SELECT g.quote_id, g.span_id FROM quote_segments g JOIN quotes q "
                    "ON q.id = g.quote_id WHERE q.document_id = ? AND q.annotator_id = ? "
                    "ORDER BY g.quote_id, g.position",
                    (d[0], who),
                ):
                    segments.setdefault(q, []).append(s)
                quotes = [
                    {"id": q[0], "segments": segments.get(q[0], []), "cue": q[1],
                     "speaker": q[2], "speaker_text": q[3], "type": q[4], "note": q[5]}
                    for q in reader.execute(
                        "SELECT id, cue_span_id, speaker_entity_id, speaker_text, quote_type, "
                        "note FROM quotes WHERE document_id = ? AND annotator_id = ?",
                        (d[0], who),
                    ).fetchall()
                ]  # fmt: skip
            if any(r[4] == "claim" for r in rows):
                claims = [
                    {"span": c[0], "claimer": {"kind": c[1], "entity": c[2]}, "stance": c[3],
                     "check_worthiness": c[4], "verdict": c[5], "evidence": c[6]}
                    for c in reader.execute(
                        "SELECT c.span_id, c.claimer_kind, c.claimer_entity_id, c.stance, "
                        "c.check_worthiness, c.verdict, c.evidence FROM claims c JOIN spans s "
                        "ON s.id = c.span_id WHERE s.document_id = ? AND s.annotator_id = ?",
                        (d[0], who),
                    ).fetchall()
                ]  # fmt: skip
            refs = [r[6] for r in rows] + [q["speaker"] for q in quotes]
            refs += [c["claimer"]["entity"] for c in claims]
            obj = {
                "id": d[0], "text": d[1],
                "meta": {"title": d[2], "date": d[3], "source": d[4], "sha256": d[5]},
                "annotator": name, "annotator_id": who, "status": status.get(d[0], "not_started"),
                "spans": spans, "quotes": quotes, "claims": claims,
                "entities": [entities[e] for e in dict.fromkeys(refs) if e is not None],
            }  # fmt: skip
            handle.write(dumps(obj))
            handle.write(b"\n" if orjson else "\n")
        handle.flush()
        os.fsync(handle.fileno())
    conn.close()


def floor_import(source: Path, project: Path) -> float:
    """Seconds to put the same rows into a new project with raw sqlite3: the file decoded with
    the fastest decoder (orjson if importable, else json), no checks, one executemany per
    table, one commit (as durable as the import's)."""
    for leftover in project.parent.glob(project.name + "*"):
        leftover.unlink()
    Session.open(project, ANNOTATOR, scheme=load_default_scheme()).close()
    conn = sqlite3.connect(project, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    stamp = "2026-01-01T00:00:00.000+00:00"
    start = time.perf_counter()
    docs, spans, quotes, segments, claims, statuses = [], [], [], [], [], []
    annotators: dict[str, tuple[str, str, str]] = {}
    entities: dict[str, tuple[Any, ...]] = {}
    with source.open("rb") as handle:
        for n, raw in enumerate(handle):
            o = (orjson.loads if orjson else json.loads)(raw)
            doc, who, m = uuid.uuid4().hex, o["annotator_id"], o["meta"]
            docs.append((doc, m["sha256"], o["text"], m["title"], m["date"], m["source"], stamp, n))
            annotators.setdefault(who, (who, o["annotator"], stamp))
            for e in o["entities"]:
                entities.setdefault(
                    e["id"],
                    (e["id"], who, e["name"], e["type"], json.dumps(e["aliases"]),
                     e["wikidata"] or "", stamp, ""),
                )  # fmt: skip
            spans += [
                (s["id"], doc, who, s["layer"], s["label"], s["start"], s["end"], s["text"],
                 s["note"], stamp, "", s["entity"])
                for s in o["spans"]
            ]  # fmt: skip
            for q in o["quotes"]:
                quotes.append(
                    (q["id"], doc, who, q["cue"], q["speaker"], q["speaker_text"], q["type"],
                     q["note"], stamp, "")
                )  # fmt: skip
                segments += [(q["id"], s, i) for i, s in enumerate(q["segments"])]
            claims += [
                (c["span"], c["claimer"]["kind"], c["claimer"]["entity"], c["stance"],
                 c["check_worthiness"], c["verdict"], c["evidence"], "")
                for c in o["claims"]
            ]  # fmt: skip
            statuses.append((doc, who, o["status"], stamp))
    conn.execute("BEGIN")
    conn.executemany("INSERT OR IGNORE INTO annotators VALUES (?, ?, ?)", annotators.values())
    conn.executemany(
        "INSERT INTO documents (id, sha256, text, title, date, source, created_at, position) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        docs,
    )
    for table, rows in (
        ("entities", list(entities.values())),
        ("spans", spans),
        ("quotes", quotes),
        ("quote_segments", segments),
        ("claims", claims),
        ("document_status", statuses),
    ):
        marks = ", ".join("?" * len(rows[0]))
        conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def cli_time(*args: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "annotator", *args], capture_output=True, text=True, env=env
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"annotator {' '.join(args)} failed:\n{done.stderr}")
    return elapsed


def profile(label: str, fn: Callable[[], Any]) -> None:
    prof = cProfile.Profile()
    prof.enable()
    fn()
    prof.disable()
    print(f"\n--- profile: {label} ---")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


# -- main -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per median (default 3)")
    parser.add_argument("--docs", type=int, default=1000, help="small corpus documents")
    parser.add_argument("--spans", type=int, default=30, help="small corpus spans per document")
    parser.add_argument("--scale-docs", type=int, default=10_000, help="0 skips the scale part")
    parser.add_argument("--scale-spans", type=int, default=50)
    parser.add_argument("--profile", action="store_true", help="cProfile the scale runs")
    parser.add_argument("--keep", action="store_true", help="keep benchmarks/out/formats")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    config = Path(tempfile.mkdtemp(prefix="bench-formats-"))
    os.environ["ANNOTATOR_CONFIG_DIR"] = str(config)
    json.dump({"id": ANNOTATOR.id, "name": ANNOTATOR.name}, (config / "identity.json").open("w"))
    env = {**os.environ, "ANNOTATOR_NAME": ANNOTATOR.name}
    encoder = f"orjson {orjson.__version__}" if orjson else "json (orjson is not installed)"
    versions = f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}"
    print(f"{versions}, floor encoder: {encoder}")
    try:
        small = OUT / "small.sqlite"
        t = time.perf_counter()
        build_corpus(small, args.docs, args.spans)
        size = f"{args.docs} documents x {args.spans} spans"
        print(f"corpus {size}: built in {time.perf_counter() - t:.2f} s")
        out = OUT / "small.jsonl"
        export = median_time(lambda: export_once(small, out), args.runs)
        megabytes = out.stat().st_size / 1e6
        target = f"target < {TARGET_SMALL} s"
        verdict = "meets target" if export < TARGET_SMALL else "MISSES target"
        what = f"export {size} ({megabytes:.1f} MB), in-process"
        print(f"{what}: {export:.3f} s ({target})  [{verdict}]")
        imported = median_import(out, OUT / "small-import.sqlite", args.runs)
        verdict = "meets target" if imported < TARGET_SMALL else "MISSES target"
        print(f"import {size}, in-process: {imported:.3f} s ({target})  [{verdict}]")
        floor = statistics.median(
            floor_import(out, OUT / "small-floor.sqlite") for _ in range(args.runs)
        )
        print(
            f"  import floor (same rows, raw decode + executemany + commit, no checks): "
            f"{floor:.3f} s (import x{imported / floor:.2f})"
        )
        cli_out = OUT / "small-cli.jsonl"
        wall = cli_time("export", str(small), "-o", str(cli_out), env=env)
        print(f"export {size}, CLI wall time (python start included): {wall:.3f} s")
        fresh = OUT / "small-cli.sqlite"
        for leftover in OUT.glob("small-cli.sqlite*"):
            leftover.unlink()
        wall = cli_time("import", str(fresh), str(cli_out), env=env)
        print(f"import {size}, CLI wall time (python start included): {wall:.3f} s")

        if args.scale_docs:
            big = OUT / "big.sqlite"
            size = f"{args.scale_docs} documents x {args.scale_spans} spans"
            t = time.perf_counter()
            build_corpus(big, args.scale_docs, args.scale_spans, seed=5)
            print(f"corpus {size}: built in {time.perf_counter() - t:.2f} s")
            out, floor_out = OUT / "big.jsonl", OUT / "big-floor.jsonl"
            floor = median_time(lambda: floor_export(big, floor_out), args.runs)
            export = median_time(lambda: export_once(big, out), args.runs)
            megabytes = out.stat().st_size / 1e6
            ratio = export / floor
            verdict = "meets goal" if ratio < GOAL_FLOOR_RATIO else "MISSES goal"
            print(f"export floor {size} (raw sqlite3 + {encoder.split()[0]}): {floor:.3f} s")
            print(
                f"export {size} ({megabytes:.0f} MB): {export:.3f} s, "
                f"{megabytes / export:.0f} MB/s (floor x{ratio:.2f}; goal < x{GOAL_FLOOR_RATIO})"
                f"  [{verdict}]"
            )
            imported = median_import(out, OUT / "big-import.sqlite", args.runs)
            floor = statistics.median(
                floor_import(out, OUT / "big-floor.sqlite") for _ in range(args.runs)
            )
            ratio = imported / export
            verdict = "meets goal" if ratio < GOAL_IMPORT_RATIO else "MISSES goal"
            goal = f"goal < x{GOAL_IMPORT_RATIO}"
            print(f"import {size}: {imported:.3f} s (export x{ratio:.2f}; {goal})  [{verdict}]")
            print(
                f"  import floor (same rows, raw decode + executemany + commit, no checks): "
                f"{floor:.3f} s (import x{imported / floor:.2f})"
            )
            if args.profile:
                profile("export", lambda: export_once(big, out))
                profile("import", lambda: import_once(out, OUT / "big-import.sqlite"))
    finally:
        shutil.rmtree(config, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(OUT, ignore_errors=True)


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
