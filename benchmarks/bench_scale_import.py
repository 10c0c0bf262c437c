#!/usr/bin/env python
"""The scale projects' native JSONL through ``annotator import``, beside a raw SQLite floor.

    .venv/bin/python benchmarks/bench_scale_import.py [--sizes 10000 100000] [--runs 1]
        [--old REV [--only PATH...]] [--floors ...]

For each size, the ``documents.jsonl`` of ``scale_projects.py`` (built and cached there if
absent) goes into a new project through the command line as a user runs it (a subprocess; its
wall time, documents/s and spans/s, and the peak memory of the import process, its VmHWM).
With ``--old REV`` the same import runs with the code of git revision REV too (extracted under
benchmarks/out/scale-import/, put first on the path; ``--only PATH...``: this checkout's code with
only those files from REV), alternated with the current code, ``--runs`` times each, so load
from other processes falls on both alike.

The floor, measured in the same run: the same rows (read from the file beforehand, not timed),
written with raw sqlite3 ``executemany`` into a new project of the same schema (made by the
product), one transaction, the connection set up as the product sets it up (WAL, synchronous
FULL, foreign keys, 64 MB page cache); only the SQLite calls are timed. Three floors:
the schema as it is; the same with the secondary indexes dropped and built after the load (in
the same transaction); and a variant of the schema whose row keys are integers (the text ids
a unique column, references integer), to show what a key change would gain.
Figures are printed, never asserted. Everything lives under benchmarks/out/scale-import/.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "benchmarks" / "out" / "scale-import"
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_import_large import _RUN_CLI  # noqa: E402
from corpus import uid  # noqa: E402
from scale_projects import ANA, BEN, jsonl  # noqa: E402

from annotator.core.model import Annotator, metadata_json  # noqa: E402
from annotator.core.scheme import load_default_scheme  # noqa: E402
from annotator.session import Session  # noqa: E402

STAMP = "2026-01-01T00:00:00.000+00:00"
BATCH_SPANS = 20_000  # as the import hands rows to SQLite
CACHE_KIB = 65536  # the import's page cache (storage/bulk.py)
_META = ("title", "date", "source", "sha256")
FLOORS = ("as-is", "after", "no-search", "integer-keys")


# -- the rows of the file, as the import writes them ------------------------------------------


@dataclass
class Rows:
    """One batch of rows per table, in the column order of the product's inserts."""

    documents: list[tuple[Any, ...]] = field(default_factory=list)
    entities: list[tuple[Any, ...]] = field(default_factory=list)
    spans: list[tuple[Any, ...]] = field(default_factory=list)
    quotes: list[tuple[Any, ...]] = field(default_factory=list)
    segments: list[tuple[Any, ...]] = field(default_factory=list)
    claims: list[tuple[Any, ...]] = field(default_factory=list)
    statuses: list[tuple[Any, ...]] = field(default_factory=list)


def read_rows(path: Path) -> list[Rows]:
    """The rows ``annotator import`` would write for ``path`` (a new project), in batches."""
    batches, batch = [], Rows()
    docs: dict[str, str] = {}
    rnd = random.Random(0)  # random document ids, as the import makes them (new_id)
    entities: set[str] = set()
    with path.open(encoding="utf-8") as lines:
        for raw in lines:
            line = json.loads(raw)
            meta, who = line["meta"], line["annotator_id"]
            doc = docs.get(meta["sha256"])
            if doc is None:
                doc = docs[meta["sha256"]] = uid(rnd)
                extra = {k: v for k, v in meta.items() if k not in _META}
                batch.documents.append(
                    (doc, meta["sha256"], line["text"], meta["title"], meta["date"],
                     meta["source"], STAMP, metadata_json(extra), len(docs) - 1)
                )  # fmt: skip
            for e in line["entities"]:
                if e["id"] not in entities:
                    entities.add(e["id"])
                    batch.entities.append(
                        (e["id"], who, e["name"], e["type"], json.dumps(e["aliases"]),
                         e["wikidata"] or "", STAMP, "")
                    )  # fmt: skip
            batch.spans += [
                (s["id"], doc, who, s["layer"], s["label"], s["start"], s["end"], s["text"],
                 s["note"], STAMP, "", s["entity"])
                for s in line["spans"]
            ]  # fmt: skip
            for q in line["quotes"]:
                batch.quotes.append(
                    (q["id"], doc, who, q["cue"], q["speaker"], q["speaker_text"], q["type"],
                     q["note"], STAMP, "")
                )  # fmt: skip
                batch.segments += [(q["id"], s, i) for i, s in enumerate(q["segments"])]
            batch.claims += [
                (c["span"], c["claimer"]["kind"], c["claimer"]["entity"], c["stance"],
                 c["check_worthiness"], c["verdict"], c["evidence"], "")
                for c in line["claims"]
            ]  # fmt: skip
            if line["status"] != "not_started":
                batch.statuses.append((doc, who, line["status"], STAMP))
            if len(batch.spans) >= BATCH_SPANS:
                batches.append(batch)
                batch = Rows()
    batches.append(batch)
    return batches


# -- the floors -------------------------------------------------------------------------------

_INSERTS = {
    "documents": "INSERT INTO documents (id, sha256, text, title, date, source, created_at, "
    "meta, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "entities": "INSERT INTO entities (id, annotator_id, name, type, aliases, wikidata, "
    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "spans": 'INSERT INTO spans (id, document_id, annotator_id, layer, label, start, "end", '
    "text, note, created_at, updated_at, entity_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "quotes": "INSERT INTO quotes (id, document_id, annotator_id, cue_span_id, "
    "speaker_entity_id, speaker_text, quote_type, note, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "segments": "INSERT INTO quote_segments (quote_id, span_id, position) VALUES (?, ?, ?)",
    "claims": "INSERT INTO claims (span_id, claimer_kind, claimer_entity_id, stance, "
    "check_worthiness, verdict, evidence, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "statuses": "INSERT INTO document_status (document_id, annotator_id, status, updated_at) "
    "VALUES (?, ?, ?, ?)",
}
_KINDS = tuple(_INSERTS)


def _connect(path: Path, cache_kib: int = CACHE_KIB) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute(f"PRAGMA cache_size = -{cache_kib}")
    return conn


def _secondary_indexes(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """The non-unique indexes the schema names (what the import builds after a load)."""
    return conn.execute(
        "SELECT m.name, m.sql FROM sqlite_master m WHERE m.type = 'index' AND m.sql IS NOT NULL "
        'AND NOT (SELECT i."unique" FROM pragma_index_list(m.tbl_name) i WHERE i.name = m.name)'
    ).fetchall()


def floor(
    template: Path,
    batches: list[Rows],
    *,
    drop_indexes: bool,
    search: bool = True,
    cache_kib: int = CACHE_KIB,
) -> tuple[float, float]:
    """Seconds to write every batch into a copy of the empty project ``template`` (commit
    included), and of those the seconds spent building the dropped indexes after the load.
    ``search=False``: without the triggers that keep a full-text index, if the schema has one."""
    target = OUT / "floor.sqlite"
    _remove(target)
    shutil.copyfile(template, target)
    conn = _connect(target, cache_kib)
    indexes = _secondary_indexes(conn) if drop_indexes else []
    if not search:
        triggers = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' "
            "AND name LIKE '\\_search%' ESCAPE '\\'"
        )
        for (name,) in triggers.fetchall():
            conn.execute(f'DROP TRIGGER "{name}"')
    start = time.perf_counter()
    conn.execute("BEGIN")
    conn.execute("INSERT INTO annotators (id, name, created_at) VALUES (?, ?, ?)", _PEOPLE[0])
    conn.execute("INSERT INTO annotators (id, name, created_at) VALUES (?, ?, ?)", _PEOPLE[1])
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    for batch in batches:
        for kind in _KINDS:
            rows = getattr(batch, kind)
            if rows:
                conn.executemany(_INSERTS[kind], rows)
    built = time.perf_counter()
    for _, sql in indexes:
        conn.execute(sql)
    built = time.perf_counter() - built
    conn.execute("COMMIT")
    took = time.perf_counter() - start
    conn.close()
    _remove(target)
    return took, built


_PEOPLE = [(ANA.id, ANA.name, STAMP), (BEN.id, BEN.name, STAMP)]

# The same tables with integer row keys: each text id is a UNIQUE column beside an INTEGER
# PRIMARY KEY, and references hold the integer. Checks, defaults and secondary indexes as now.
_INT_SCHEMA = [
    "CREATE TABLE annotators (k INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT "
    "NULL, created_at TEXT NOT NULL)",
    "CREATE TABLE documents (k INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, sha256 TEXT NOT "
    "NULL UNIQUE, text TEXT NOT NULL, title TEXT NOT NULL, date TEXT, source TEXT NOT NULL "
    "DEFAULT '', position INTEGER NOT NULL, created_at TEXT NOT NULL, meta TEXT NOT NULL "
    "DEFAULT '{}')",
    "CREATE TABLE entities (k INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, annotator INTEGER "
    "NOT NULL REFERENCES annotators(k), name TEXT NOT NULL, type TEXT NOT NULL, aliases TEXT NOT "
    "NULL DEFAULT '[]', wikidata TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, "
    "updated_at TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE spans (k INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, document INTEGER NOT "
    "NULL REFERENCES documents(k), annotator INTEGER NOT NULL REFERENCES annotators(k), layer "
    "TEXT NOT NULL CHECK (layer IN ('entity', 'quote', 'claim')), label TEXT NOT NULL, start "
    'INTEGER NOT NULL CHECK (start >= 0), "end" INTEGER NOT NULL CHECK ("end" > start), text '
    "TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT "
    "NOT NULL DEFAULT '', entity INTEGER REFERENCES entities(k))",
    "CREATE INDEX spans_by_document ON spans (document, annotator, start)",
    "CREATE INDEX spans_by_entity ON spans (entity) WHERE entity IS NOT NULL",
    "CREATE TABLE quotes (k INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, document INTEGER NOT "
    "NULL REFERENCES documents(k), annotator INTEGER NOT NULL REFERENCES annotators(k), cue "
    "INTEGER REFERENCES spans(k), speaker INTEGER REFERENCES entities(k), speaker_text TEXT NOT "
    "NULL DEFAULT '', quote_type TEXT NOT NULL DEFAULT 'direct', note TEXT NOT NULL DEFAULT '', "
    "created_at TEXT NOT NULL, updated_at TEXT NOT NULL DEFAULT '')",
    "CREATE INDEX quotes_by_document ON quotes (document, annotator)",
    "CREATE TABLE quote_segments (quote INTEGER NOT NULL REFERENCES quotes(k), span INTEGER "
    "NOT NULL UNIQUE REFERENCES spans(k), position INTEGER NOT NULL, PRIMARY KEY (quote, span))",
    "CREATE TABLE claims (span INTEGER PRIMARY KEY REFERENCES spans(k), claimer_kind TEXT NOT "
    "NULL DEFAULT '', claimer_entity INTEGER REFERENCES entities(k), stance TEXT NOT NULL, "
    "check_worthiness TEXT NOT NULL, verdict TEXT NOT NULL, evidence TEXT NOT NULL DEFAULT '', "
    "updated_at TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE document_status (document INTEGER NOT NULL REFERENCES documents(k), "
    "annotator INTEGER NOT NULL REFERENCES annotators(k), status TEXT NOT NULL, updated_at TEXT "
    "NOT NULL, PRIMARY KEY (document, annotator))",
]


def _search_schema(template: Path) -> tuple[list[str], list[tuple[str, int]]]:
    """The template's full-text search tables and triggers (if its schema has them) and the
    rows of their progress table, so the integer-key variant pays for the same index."""
    conn = sqlite3.connect(template)
    try:
        rows = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name LIKE '\\_search%' ESCAPE '\\' "
            "AND sql IS NOT NULL ORDER BY type = 'trigger', rowid"
        ).fetchall()
        virtual = [n for _, n, sql in rows if sql.startswith("CREATE VIRTUAL")]
        shadow = [
            n for t, n, _ in rows if t == "table" and any(n.startswith(v + "_") for v in virtual)
        ]
        progress = []
        if any(n == "_search_progress" for _, n, _ in rows):
            progress = conn.execute("SELECT source, upto FROM _search_progress").fetchall()
    finally:
        conn.close()
    return [sql for _, n, sql in rows if n not in shadow], progress


def floor_integer_keys(template: Path, batches: list[Rows]) -> float:
    """The floor into ``_INT_SCHEMA`` (with the template's search index): ids become integer
    keys as the rows are written (a dict per table, as an importer would keep; timed too)."""
    target = OUT / "floor-int.sqlite"
    _remove(target)
    conn = _connect(target)
    search, progress = _search_schema(template)
    for statement in [*_INT_SCHEMA, *search]:
        conn.execute(statement)
    conn.executemany("INSERT INTO _search_progress VALUES (?, ?)", progress)
    keys: dict[str, dict[str, int]] = {t: {} for t in ("ann", "doc", "ent", "span", "quote")}

    def key(table: str, text_id: str | None) -> int | None:
        if text_id is None:
            return None
        known = keys[table]
        k = known.get(text_id)
        if k is None:
            k = known[text_id] = len(known) + 1
        return k

    start = time.perf_counter()
    conn.execute("BEGIN")
    for a in _PEOPLE:
        conn.execute("INSERT INTO annotators VALUES (?, ?, ?, ?)", (key("ann", a[0]), *a))
    for b in batches:
        conn.executemany(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(key("doc", d[0]), d[0], d[1], d[2], d[3], d[4], d[5], d[8], d[6], d[7])
             for d in b.documents],
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(key("ent", e[0]), e[0], key("ann", e[1]), *e[2:]) for e in b.entities],
        )
        conn.executemany(
            "INSERT INTO spans VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(key("span", s[0]), s[0], key("doc", s[1]), key("ann", s[2]), *s[3:11],
              key("ent", s[11])) for s in b.spans],
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(key("quote", q[0]), q[0], key("doc", q[1]), key("ann", q[2]), key("span", q[3]),
              key("ent", q[4]), *q[5:]) for q in b.quotes],
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO quote_segments VALUES (?, ?, ?)",
            [(key("quote", g[0]), key("span", g[1]), g[2]) for g in b.segments],
        )
        conn.executemany(
            "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(key("span", c[0]), c[1], key("ent", c[2]), *c[3:]) for c in b.claims],
        )
        conn.executemany(
            "INSERT INTO document_status VALUES (?, ?, ?, ?)",
            [(key("doc", s[0]), key("ann", s[1]), *s[2:]) for s in b.statuses],
        )
    conn.execute("COMMIT")
    took = time.perf_counter() - start
    conn.close()
    _remove(target)
    return took


# -- the import as a user runs it --------------------------------------------------------------


def old_code(rev: str, only: list[str]) -> Path:
    """The package of git revision ``rev``, extracted under OUT (for PYTHONPATH); with
    ``only``, the code of this checkout with just those files as ``rev`` has them (so both
    sides share everything else, the schema included)."""
    full = _git("rev-parse", rev).decode().strip()
    where = OUT / (f"code-{full[:12]}" + ("-only" if only else ""))
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    if only:
        for part in ("annotator", "resources"):
            shutil.copytree(REPO / part, where / part, ignore=shutil.ignore_patterns("__pycache__"))
        for path in only:
            (where / path).write_bytes(_git("show", f"{full}:{path}"))
    else:
        archive = _git("archive", full, "annotator", "resources")
        subprocess.run(["tar", "-x", "-C", str(where)], input=archive, check=True)
    return where


def _git(*args: str) -> bytes:
    return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, check=True).stdout


def import_once(source: Path, env: dict[str, str], code: Path | None) -> tuple[float, float]:
    """Wall seconds of ``annotator import`` of ``source`` into a new project, and the peak
    memory of that process in MB."""
    project = OUT / "import.sqlite"
    _remove(project)
    peak = OUT / "peak"
    run_env = {**env, "BENCH_PEAK": str(peak)}
    if code is not None:
        run_env["PYTHONPATH"] = str(code)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _RUN_CLI, "import", str(project), str(source)],
        capture_output=True,
        text=True,
        env=run_env,
        # ``python -c`` puts its working folder first on the path, before PYTHONPATH: run from
        # the checkout, REV's import would be this checkout's code
        cwd=code if code is not None else OUT,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"import failed ({done.returncode}):\n{done.stderr[-2000:]}")
    _remove(project)
    return wall, int(peak.read_text()) / 1024


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _template() -> Path:
    """An empty project as the product makes it (schema, labels), to copy for each floor."""
    template = OUT / "empty.sqlite"
    _remove(template)
    session = Session.open(template, Annotator(ANA.id, ANA.name), scheme=load_default_scheme())
    session.close()
    return template


def _rate(what: str, seconds: float, docs: int, spans: int, floor_s: float | None) -> str:
    ratio = f", {seconds / floor_s:.2f}x the floor" if floor_s else ""
    return (
        f"  {what:<48} {seconds:7.1f} s  {docs / seconds:8,.0f} docs/s  "
        f"{spans / seconds:9,.0f} spans/s{ratio}"
    )


def bench(n: int, runs: int, old: Path | None, floors: list[str], env: dict[str, str]) -> None:
    source = jsonl(n)
    counts = json.loads((source.parent / "jsonl.json").read_text())
    size = source.stat().st_size / 1e6
    print(
        f"\n{n:,} documents: {source} ({size:,.0f} MB, {counts['lines']:,} lines, "
        f"{counts['spans']:,} spans)",
        flush=True,
    )
    docs, spans = n, counts["spans"]
    base: float | None = None
    if floors:
        t = time.perf_counter()
        batches = read_rows(source)
        print(f"  (rows read for the floors in {time.perf_counter() - t:.0f} s)", flush=True)
        template = _template()
        if "as-is" in floors:
            base, _ = floor(template, batches, drop_indexes=False)
            print(_rate("floor: raw executemany, schema as it is", base, docs, spans, None))
        if "after" in floors:
            took, built = floor(template, batches, drop_indexes=True)
            print(
                _rate("floor: indexes dropped, built after", took, docs, spans, None)
                + f" ({built:.1f} s of it building them)"
            )
        if "no-search" in floors:
            took, _ = floor(template, batches, drop_indexes=True, search=False)
            label = "floor: indexes built after, no search triggers"
            print(_rate(label, took, docs, spans, None))
        if "integer-keys" in floors:
            took = floor_integer_keys(template, batches)
            print(_rate("floor: integer row keys (a schema variant)", took, docs, spans, None))
        del batches
    sides: list[tuple[str, Path | None]] = [("import, this code", None)]
    if old is not None:
        sides.insert(0, (f"import, {old.name[5:17]}{' files' * old.name.endswith('-only')}", old))
    for run in range(runs):
        for label, code in sides:
            wall, peak = import_once(source, env, code)
            print(
                _rate(f"{label} (run {run + 1})", wall, docs, spans, base)
                + f", peak {peak:,.0f} MB",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=1, help="imports of each code, alternated")
    parser.add_argument("--old", metavar="REV", help="also import with the code of git REV")
    parser.add_argument(
        "--only",
        nargs="+",
        default=[],
        metavar="PATH",
        help="with --old: this checkout's code with only these files taken from REV",
    )
    parser.add_argument(
        "--floors",
        nargs="*",
        default=list(FLOORS),
        choices=FLOORS,
        help="which floors to measure (default: all; none: just the imports)",
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    old = old_code(args.old, args.only) if args.old else None
    config = Path(tempfile.mkdtemp(prefix="bench-scale-import-"))
    (config / "identity.json").write_text(json.dumps({"id": ANA.id, "name": ANA.name}))
    env = {**os.environ, "ANNOTATOR_CONFIG_DIR": str(config), "ANNOTATOR_NAME": ANA.name}
    env.pop("PYTHONPATH", None)
    try:
        for n in args.sizes:
            bench(n, args.runs, old, args.floors, env)
    finally:
        shutil.rmtree(config, ignore_errors=True)


if __name__ == "__main__":
    main()
