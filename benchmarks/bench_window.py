#!/usr/bin/env python
"""Window benchmarks: cold start, opening a big article, adding one span, peak memory.

Prints figures with their ratio to a floor measured in the same run (a bare QPlainTextEdit with
per-block ``QTextLayout.setFormats``, a raw sqlite3 commit); it never asserts on time.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_window.py

All data is generated here (fixed seeds) under benchmarks/out/ (git-ignored), removed at the
end unless --keep. Identity and QSettings go to a temporary config folder, never the user's.
The module imports only the standard library at top level: the child processes it starts for
the memory figures must not pay for imports they do not need.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from pathlib import Path
from typing import Any

from corpus import ASTRAL, ENTITY_LABELS, NAMES, WORDS

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "projects" / "example"
OUT = REPO / "benchmarks" / "out"

BIG_CHARS = 1_048_576  # "1 MB" article (mostly ASCII, so ~1 MB of UTF-8 too)
BIG_SPANS = 10_000
MID_CHARS = 102_400  # "100 KB" article
MID_SPANS = 2_000
OVERLAP = 0.20  # share of spans placed over (nested in, containing, crossing) other spans

TARGETS = {
    "cold": 1000.0,  # ms
    "open": 150.0,  # ms
    "edit_median": 5.0,  # ms
    "edit_p95": 16.0,  # ms
    "rss": 150.0,  # MB
}

# --------------------------------------------------------------------------------------------
# Synthetic news text and spans (deterministic)
# --------------------------------------------------------------------------------------------


_ENTITY_WEIGHTS = [35, 25, 25, 8, 7]


def make_text(size: int, seed: int) -> str:
    """Paragraphs of news-like sentences, with names, accents and a few emoji, ``size`` chars."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    total = 0
    while total < size:
        sentences = []
        for _ in range(rng.randint(3, 8)):
            words = []
            for _ in range(rng.randint(8, 25)):
                r = rng.random()
                if r < 0.15:
                    words.append(rng.choice(NAMES))
                elif r < 0.152:
                    words.append(rng.choice(ASTRAL))
                else:
                    words.append(rng.choice(WORDS))
            words[0] = words[0][:1].upper() + words[0][1:]
            if rng.random() < 0.1:
                words[1] = "“" + words[1]
                words[-1] = words[-1] + "”"
            sentences.append(" ".join(words) + rng.choice(".....?!"))
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        total += len(paragraph) + 1
    text = "\n".join(paragraphs)
    cut = text.rfind(" ", 0, size)
    return text[:cut] + "." + " " * (size - cut - 1)


def make_spans(text: str, n: int, seed: int) -> list[tuple[int, int, str, str]]:
    """``n`` spans (start, end, layer, label) in code points, sorted by start.

    80% are entities that do not touch each other; 20% are placed over them: nested or
    containing entities, quotes (8-30 words) and claims (10-40 words), so one stretch of text
    can carry an entity inside a quote inside a claim.
    """
    rng = random.Random(seed)
    words = [(m.start(), m.end()) for m in re.finditer(r"\w+", text)]
    n_over = round(n * OVERLAP)
    n_quote = round(n_over * 0.4)
    n_claim = round(n_over * 0.3)
    n_nested = n_over - n_quote - n_claim
    n_base = n - n_over
    step = len(words) / n_base
    base: list[tuple[int, int]] = []  # word index ranges [i, j)
    for k in range(n_base):
        i = int(k * step)
        limit = int((k + 1) * step)  # never reach the next slot: base entities do not touch
        j = min(i + rng.choice((1, 1, 1, 2, 2, 3)), limit)
        base.append((i, max(j, i + 1)))
    spans = [
        (words[i][0], words[j - 1][1], "entity", rng.choices(ENTITY_LABELS, _ENTITY_WEIGHTS)[0])
        for i, j in base
    ]
    for _ in range(n_nested):
        i, j = rng.choice(base)
        if j - i > 1:  # one word of a longer entity ("Moscow" in "Moscow City Council")
            w = rng.randrange(i, j)
            i2, j2 = w, w + 1
        else:  # an entity containing it, one word wider
            i2, j2 = max(0, i - rng.randint(0, 1)), min(len(words), j + 1)
        spans.append((words[i2][0], words[j2 - 1][1], "entity", rng.choice(ENTITY_LABELS)))
    for layer, count, lo, hi in (("quote", n_quote, 8, 30), ("claim", n_claim, 10, 40)):
        for _ in range(count):
            i = rng.randrange(len(words) - hi)
            j = i + rng.randint(lo, hi)
            spans.append((words[i][0], words[j - 1][1], layer, layer.upper()))
    spans.sort(key=lambda s: (s[0], -s[1]))
    return spans


def free_words(
    text: str, spans: list[tuple[int, int, str, str]], n: int, seed: int
) -> list[tuple[int, int]]:
    """``n`` words (start, end) not covered by an entity, spread over the text."""
    covered = bytearray(len(text) + 1)
    for start, end, layer, _ in spans:
        if layer == "entity":
            covered[start:end] = b"\x01" * (end - start)
    candidates = [
        (m.start(), m.end())
        for m in re.finditer(r"[A-Za-z]{4,}", text)
        if not any(covered[m.start() : m.end()])
    ]
    rng = random.Random(seed)
    picked = rng.sample(candidates, n)
    return picked


_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")


class Utf16:
    """Code point -> UTF-16 offsets (PLATFORM.md: bisect over the astral characters' positions,
    found here with one regex scan in C rather than a Python loop over every character)."""

    def __init__(self, text: str) -> None:
        self.astral = [] if text.isascii() else [m.start() for m in _ASTRAL_RE.finditer(text)]

    def __call__(self, cp: int) -> int:
        return cp + bisect_left(self.astral, cp) if self.astral else cp


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def pct(values: list[float], p: float) -> float:
    """Percentile with linear interpolation (p in 0..100)."""
    xs = sorted(values)
    if len(xs) == 1:
        return xs[0]
    k = (len(xs) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def med(values: list[float]) -> float:
    return statistics.median(values)


def verdict(value: float, target: float) -> str:
    return "meets target" if value < target else "MISSES target"


def line(name: str, value: float, floor: float | None, target: float | None, unit: str) -> str:
    parts = []
    if floor:
        parts.append(f"floor {floor:.1f} {unit}, x{value / floor:.2f}")
    if target is not None:
        parts.append(f"target < {target:g} {unit}")
    extra = f" ({'; '.join(parts)})" if parts else ""
    mark = f"  [{verdict(value, target)}]" if target is not None else ""
    return f"{name}: {value:.1f} {unit}{extra}{mark}"


def child_env(identity: Path) -> dict[str, str]:
    """Shared identity (spans belong to it), but fresh QSettings: a window geometry saved by an
    earlier process would be clamped to the offscreen screen (800x800) and squeeze the view."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["ANNOTATOR_CONFIG_DIR"] = str(identity)
    env["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="qsettings-", dir=identity.parent)
    env["ANNOTATOR_NAME"] = "bench"
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def peak_rss_mb() -> float:
    """Peak RSS of this process's own address space (VmHWM).

    ``ru_maxrss`` is printed too, but on Linux a child's ``ru_maxrss`` starts at its parent's
    RSS at spawn (the high-water mark is carried across exec), so from this (large) benchmark
    process it would report the parent's size, not the child's.
    """
    with open("/proc/self/status") as handle:
        for row in handle:
            if row.startswith("VmHWM:"):
                return int(row.split()[1]) / 1024
    return ru_maxrss_mb()


def ru_maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def current_rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576


# --------------------------------------------------------------------------------------------
# Data: a project with three documents, built through the app's own API
# --------------------------------------------------------------------------------------------


def build_project(work: Path, entities: int = 4200) -> dict[str, Any]:
    """project.sqlite with a small first document, the 1 MB article and the 100 KB article,
    and a registry of ``entities`` generated entities (``scale_projects.registry``: people with
    aliases, organisations, places...), so labelling a mention meets a registry of the size
    users have, not an empty one."""
    from scale_projects import registry

    from annotator.app.projects import open_session
    from annotator.core.articles import ParsedArticle
    from annotator.core.model import new_id, now_iso
    from annotator.core.rows import BulkBatch

    big_text = make_text(BIG_CHARS, seed=1)
    big_spans = make_spans(big_text, BIG_SPANS, seed=2)
    mid_text = make_text(MID_CHARS, seed=3)
    mid_spans = make_spans(mid_text, MID_SPANS, seed=4)
    path = work / "bench.sqlite"
    session = open_session(path)
    try:
        articles = [
            ("small.txt", ParsedArticle("A short article about Kyiv and Moscow.", "Small", None)),
            ("big.txt", ParsedArticle(big_text, "Big: 1 MB, 10,000 spans", "2025-03-03")),
            ("mid.txt", ParsedArticle(mid_text, "Mid: 100 KB, 2,000 spans", "2025-03-04")),
        ]
        report = session.import_articles(articles)
        ids = {name: doc.id for name, doc in report.imported}
        stamp = now_iso()
        made = registry()
        made = [e for e in made for _ in range(1 + entities // len(made))][:entities]
        rows = [
            (new_id(), session.annotator.id, e.name, e.type, json.dumps(list(e.aliases)))
            + (e.wikidata or "", stamp, "")
            for e in made
        ]
        session.rows.write([BulkBatch(entities=rows)])
        for name, text, spans in (
            ("big.txt", big_text, big_spans),
            ("mid.txt", mid_text, mid_spans),
        ):
            rows = [
                (new_id(), ids[name], session.annotator.id, layer, label, start, end)
                + (text[start:end], "", stamp, "", None)
                for start, end, layer, label in spans
            ]
            session.rows.write([BulkBatch(spans=rows)])
    finally:
        session.close()
    return {
        "path": path,
        "small_id": ids["small.txt"],
        "big_id": ids["big.txt"],
        "mid_id": ids["mid.txt"],
        "big_text": big_text,
        "big_spans": big_spans,
        "mid_text": mid_text,
        "mid_spans": mid_spans,
    }


def _layer_mix(spans: list[tuple[int, int, str, str]]) -> str:
    counts: dict[str, int] = {}
    for span in spans:
        counts[span[2]] = counts.get(span[2], 0) + 1
    return " ".join(f"{k} {v:,}" for k, v in counts.items())


def overlap_share(spans: list[tuple[int, int, str, str]]) -> float:
    """Share of spans that overlap at least one other span."""
    hit = [False] * len(spans)
    active: list[tuple[int, int]] = []  # (end, index)
    for k, (start, end, _, _) in enumerate(spans):
        active = [(e, i) for e, i in active if e > start]
        for _, i in active:
            hit[i] = hit[k] = True
        active.append((end, k))
    return sum(hit) / len(spans)


# --------------------------------------------------------------------------------------------
# 1. Cold start (fresh interpreter per run)
# --------------------------------------------------------------------------------------------

COLD_CODE = r"""
import time; T0 = time.monotonic()
import json, os, sys
from pathlib import Path
spawn = float(os.environ["BENCH_SPAWN_T"])
t = time.monotonic()
import annotator.cli  # the `annotator` entry point imports it before the window
from annotator.ui.window.app import make_application
from annotator.ui.window.main_window import MainWindow
from annotator.ui.window.opener import ProjectOpener
from PySide6.QtCore import QEvent, QObject
t_import = time.monotonic()
app = make_application()
t_app = time.monotonic()
opener = ProjectOpener()
session = opener.open(None, Path(sys.argv[1]))
t_session = time.monotonic()
window = MainWindow(session, opener)
t_window = time.monotonic()
seen = []
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not seen:
            seen.append(time.monotonic())
        return False
spy = FirstPaint()
window.article.view.viewport().installEventFilter(spy)
window.show()
deadline = time.monotonic() + 20
while not seen and time.monotonic() < deadline:
    app.processEvents()
t_paint = time.monotonic()  # the processEvents pass that delivered the paint has returned
ms = lambda a, b: round((b - a) * 1000, 2)
print(json.dumps({
    "ok": bool(seen),
    "interpreter": ms(spawn, T0),
    "imports": ms(t, t_import),
    "qapplication": ms(t_import, t_app),
    "open_project": ms(t_app, t_session),
    "main_window": ms(t_session, t_window),
    "show_to_paint": ms(t_window, t_paint),
    "from_code_top": ms(T0, t_paint),
    "from_spawn": ms(spawn, t_paint),
}), flush=True)
window.close()
"""


def cold_start_once(folder: Path, config: Path) -> tuple[float, float, dict[str, float]]:
    env = child_env(config)
    t0 = time.monotonic()
    env["BENCH_SPAWN_T"] = repr(t0)
    proc = subprocess.Popen(
        [sys.executable, "-c", COLD_CODE, str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=str(folder),
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    t_paint = time.monotonic()
    _, err = proc.communicate(timeout=60)
    t_exit = time.monotonic()
    if not first or proc.returncode != 0:
        raise RuntimeError(f"cold start child failed ({proc.returncode}): {first}{err[-2000:]}")
    figures = json.loads(first)
    if not figures.pop("ok"):
        raise RuntimeError("cold start child saw no paint event")
    return (t_paint - t0) * 1000, (t_exit - t0) * 1000, figures


def bench_cold_start(work: Path, runs: int) -> dict[str, Any]:
    """Median over fresh interpreters: (a) project.sqlite present, (b) first start, built."""
    from annotator.app.projects import open_session

    articles = work / "example-articles"
    shutil.copytree(EXAMPLE / "articles", articles)
    template = work / "example-template"
    shutil.copytree(articles, template / "articles")
    open_session(template).close()  # builds template/project.sqlite from the sources

    def fresh(with_db: bool, k: int) -> tuple[Path, Path]:
        folder = work / f"cold-{'db' if with_db else 'src'}-{k}" / "example"
        shutil.copytree(articles, folder / "articles")
        if with_db:
            shutil.copy2(template / "project.sqlite", folder / "project.sqlite")
        config = folder.parent / "config"
        config.mkdir()
        return folder, config

    cold_start_once(*fresh(False, 99))  # warm-up: .pyc files and the OS page cache
    results: dict[str, Any] = {}
    for with_db in (True, False):
        walls, exits, parts = [], [], []
        for k in range(runs):
            folder, config = fresh(with_db, k)
            wall, total, figures = cold_start_once(folder, config)
            walls.append(wall)
            exits.append(total)
            parts.append(figures)
            shutil.rmtree(folder.parent, ignore_errors=True)
        results["db" if with_db else "src"] = {
            "wall": med(walls),
            "walls": walls,
            "exit": med(exits),
            "parts": {key: med([p[key] for p in parts]) for key in parts[0]},
        }
    return results


# --------------------------------------------------------------------------------------------
# 4 and 5d. Peak memory in isolated processes
# --------------------------------------------------------------------------------------------


def show_and_measure(app: Any, viewport: Any, show: Any) -> dict[str, Any]:
    """Run ``show``, wait for the viewport's first paint, and read the process's peak memory."""
    from PySide6.QtCore import QEvent, QObject

    seen: list[int] = []

    class Spy(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                seen.append(1)
            return False

    spy = Spy()
    viewport.installEventFilter(spy)
    show()
    deadline = time.monotonic() + 20
    while not seen and time.monotonic() < deadline:
        app.processEvents()
    for _ in range(5):
        app.processEvents()
    return {"ok": bool(seen), "peak": peak_rss_mb(), "ru_maxrss": ru_maxrss_mb()}


def child_mem_app(project: str, big_id: str) -> None:

    from annotator.ui.window.app import make_application
    from annotator.ui.window.main_window import MainWindow
    from annotator.ui.window.opener import ProjectOpener

    app = make_application()
    base = current_rss_mb()
    opener = ProjectOpener()
    session = opener.open(None, Path(project))
    assert session is not None
    window = MainWindow(session, opener)
    window.resize(1360, 820)  # the app's default size
    window.show()
    flush(app)
    result = show_and_measure(
        app, window.article.view.viewport(), lambda: window.ctx.show_document(big_id)
    )
    result["base"] = base
    result["spans"] = len(window.article.view.spans())
    print(json.dumps(result), flush=True)
    window.close()


def bare_read(project: str, doc_id: str) -> tuple[str, list[tuple[int, int, str, str]]]:
    """Text and spans straight from the file with sqlite3: the least a viewer must read."""
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        text = conn.execute("SELECT text FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
        spans = conn.execute(
            'SELECT start, "end", layer, label FROM spans WHERE document_id = ? ORDER BY start',
            [doc_id],
        ).fetchall()
    finally:
        conn.close()
    return text, spans


COLORS = {
    "PERSON": "#E69F00",
    "ORGANIZATION": "#56B4E9",
    "LOCATION": "#009E73",
    "EVENT": "#CC79A7",
    "OTHER": "#F0E442",
    "QUOTE": "#0072B2",
    "CLAIM": "#D55E00",
}


class BareView:
    """The floor: QPlainTextEdit, every span a background range set on its blocks' layouts.

    Written to be lean: block starts come from the text's newlines (one block per line in a
    QPlainTextEdit), so placing a span costs no Qt call but the FormatRange itself.
    """

    def __init__(self, width: int, height: int) -> None:
        from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextLayout
        from PySide6.QtWidgets import QPlainTextEdit

        self.FormatRange = QTextLayout.FormatRange
        self.edit = QPlainTextEdit()
        self.edit.setReadOnly(True)
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = QFont("DejaVu Serif")
        font.setPixelSize(17)
        self.edit.setFont(font)
        self.edit.document().setDocumentMargin(14)
        self.edit.resize(width, height)
        self.formats = {}
        for label, color in COLORS.items():
            fmt = QTextCharFormat()
            c = QColor(color)
            c.setAlpha(110)
            fmt.setBackground(c)
            self.formats[label] = fmt
        self.ranges: dict[int, list[Any]] = {}
        self.starts: list[int] = [0]  # code point offset of each block
        self.u16 = Utf16("")

    def show(self, text: str, spans: list[tuple[int, int, str, str]]) -> None:
        self.edit.setPlainText(text)
        self.ranges = {}
        self.u16 = Utf16(text)
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        for start, end, _layer, label in spans:
            self._add(start, end, label)
        doc = self.edit.document()
        for number, ranges in self.ranges.items():
            doc.findBlockByNumber(number).layout().setFormats(ranges)

    def _add(self, start: int, end: int, label: str) -> list[int]:
        """Ranges (UTF-16, block-relative) of code point span ``[start, end)``; its blocks."""
        u16, starts, fmt = self.u16, self.starts, self.formats[label]
        number = bisect_right(starts, start) - 1
        touched = []
        while number < len(starts) and starts[number] < end:
            b_start = starts[number]
            b_end = starts[number + 1] - 1 if number + 1 < len(starts) else end
            a, b = max(start, b_start), min(end, b_end)
            if b > a:
                base = u16(b_start)
                rng = self.FormatRange()
                rng.start, rng.length, rng.format = u16(a) - base, u16(b) - u16(a), fmt
                self.ranges.setdefault(number, []).append(rng)
                touched.append(number)
            number += 1
        return touched

    def add_one(self, start: int, end: int, label: str) -> None:
        """One new highlight: re-set the formats of its block(s), repaint only their rects."""
        doc = self.edit.document()
        for number in self._add(start, end, label):
            block = doc.findBlockByNumber(number)
            block.layout().setFormats(self.ranges[number])
            rect = self.edit.blockBoundingGeometry(block).translated(self.edit.contentOffset())
            self.edit.viewport().update(rect.toAlignedRect())

    def remove_last(self, start: int) -> None:
        number = bisect_right(self.starts, start) - 1
        ranges = self.ranges[number]
        ranges.pop()
        self.edit.document().findBlockByNumber(number).layout().setFormats(ranges)


def child_mem_bare(project: str, big_id: str, width: int, height: int) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    base = current_rss_mb()
    text, spans = bare_read(project, big_id)
    view = BareView(width, height)
    view.edit.show()
    flush(app)
    result = show_and_measure(app, view.edit.viewport(), lambda: view.show(text, spans))
    result["base"] = base
    result["spans"] = len(spans)
    print(json.dumps(result), flush=True)


def run_child(args: list[str], config: Path) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", *args],
        env=child_env(config),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(f"child {args[0]} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[0])
    return result


# --------------------------------------------------------------------------------------------
# 2, 3, 5a-c. In-process: open the big article, add spans, and the floors
# --------------------------------------------------------------------------------------------


class Timed:
    """Wrap a callable on an instance to add up the time spent in it (no change to the app)."""

    def __init__(self, owner: Any, name: str) -> None:
        self.owner, self.name = owner, name
        self.inner: Callable[..., Any] = getattr(owner, name)
        self.total = 0.0
        setattr(owner, name, self)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return self.inner(*args, **kwargs)
        finally:
            self.total += time.perf_counter() - t

    def take(self) -> float:
        value, self.total = self.total * 1000, 0.0
        return value

    def restore(self) -> None:
        delattr(self.owner, self.name)


def timers_for(spec: dict[str, tuple[Any, str]]) -> dict[str, Timed]:
    """Timers for a breakdown; a part the app no longer has is left out, not an error."""
    found = {}
    for label, (path, name) in spec.items():
        if callable(getattr(path, name, None)):
            found[label] = Timed(path, name)
    return found


def _attr(obj: Any, dotted: str) -> Any:
    for name in dotted.split("."):
        obj = getattr(obj, name, None)
    return obj


def quiet_offscreen_warnings() -> None:
    """Drop the offscreen plugin's one harmless warning; keep every other message."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(mode: Any, context: Any, message: str) -> None:
        if "propagateSizeHints" not in message:
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(handler)


def flush(app: Any, rounds: int = 3) -> None:
    for _ in range(rounds):
        app.processEvents()


def profile_window(window: Any, app: Any, data: dict[str, Any], positions: list[Any]) -> None:
    """--profile: cProfile of one open of the big article and of 50 span additions."""
    import cProfile
    import pstats

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    view = window.article.view
    window.ctx.show_document(data["small_id"])
    flush(app)
    profile = cProfile.Profile()
    profile.enable()
    window.ctx.show_document(data["big_id"])
    view.viewport().repaint()
    profile.disable()
    print("\n== cProfile: open 1MB/10k spans (top 15 by own time)")
    pstats.Stats(profile, stream=sys.stdout).sort_stats("tottime").print_stats(15)
    window.ctx.show_document(data["mid_id"])
    flush(app)
    profile = cProfile.Profile()
    for start, end in positions[:50]:
        view.select_range(start, end)
        flush(app)
        profile.enable()
        QTest.keyClick(view, Qt.Key.Key_P)
        view.viewport().repaint()
        profile.disable()
        flush(app)
        window.undo_stack.undo()
        flush(app)
    n = len(positions[:50])
    print(f"== cProfile: {n} x add one span on 100KB/2k spans (top 15 by own time)")
    pstats.Stats(profile, stream=sys.stdout).sort_stats("tottime").print_stats(15)


def bench_in_process(
    data: dict[str, Any], runs: int, edits: int, profile: bool = False
) -> dict[str, Any]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from annotator.ui.window.app import make_application
    from annotator.ui.window.main_window import MainWindow
    from annotator.ui.window.opener import ProjectOpener

    quiet_offscreen_warnings()
    app = make_application()
    opener = ProjectOpener()
    session = opener.open(None, data["path"])
    assert session is not None
    window = MainWindow(session, opener)
    window.resize(1360, 820)  # the app's default size
    window.show()
    window.activateWindow()
    QTest.qWaitForWindowExposed(window)
    QTest.qWaitForWindowActive(window, 2000)
    flush(app)
    view = window.article.view
    out: dict[str, Any] = {"view_size": (view.width(), view.height())}

    # -- 2. open the 1 MB / 10,000 span article ---------------------------------------------
    timers = timers_for(
        {
            "read spans": (window.session, "spans"),
            "read text": (window.session, "document"),
            "ArticleView.show_document": (view, "show_document"),
            "span list reset": (_attr(window, "labels.span_model"), "reset"),
        }
    )
    opens, settled, parts = [], [], []
    for _ in range(runs):
        window.ctx.show_document(data["small_id"])
        flush(app)
        cache = getattr(window.session, "_doc_cache", None)
        if isinstance(cache, dict):
            cache.clear()  # each run reads the text from the file, as a first open does
        for timer in timers.values():
            timer.take()
        t0 = time.perf_counter()
        window.ctx.show_document(data["big_id"])
        view.viewport().repaint()
        t1 = time.perf_counter()
        parts.append({name: timer.take() for name, timer in timers.items()})
        flush(app)
        t2 = time.perf_counter()
        opens.append((t1 - t0) * 1000)
        settled.append((t2 - t0) * 1000)
    for timer in timers.values():
        timer.restore()
    out["open"] = opens
    out["open_settled"] = settled
    out["open_parts"] = {k: med([p[k] for p in parts]) for k in parts[0]}
    out["open_spans_shown"] = len(view.spans())

    # -- 3. one label key on a selection in the 100 KB / 2,000 span article -----------------
    window.ctx.show_document(data["mid_id"])
    flush(app)
    view.setFocus()
    flush(app)
    positions = free_words(data["mid_text"], data["mid_spans"], edits, seed=5)
    adds, frames, missed = [], [], 0
    rows = len(view.spans())
    timers = timers_for(
        {
            "edit, committed and told (Session.record)": (window.session, "record"),
            "  of which the window's refresh (listeners)": (window.session, "_publish"),
            "span list setCurrentIndex": (
                _attr(window, "labels.span_list"),
                "setCurrentIndex",
            ),
        }
    )
    parts = []
    for start, end in positions:
        view.select_range(start, end)  # scrolls the selection into view
        flush(app)
        for timer in timers.values():
            timer.take()
        t0 = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_P)
        tk = time.perf_counter()
        # repaint() syncs the whole window: every widget the edit made dirty paints now
        view.viewport().repaint()
        t1 = time.perf_counter()
        flush(app)  # anything the event loop still had for this edit
        t2 = time.perf_counter()
        if len(view.spans()) != rows + 1:
            missed += 1
            continue
        adds.append((t1 - t0) * 1000)
        frames.append((t2 - t0) * 1000)
        part = {name: timer.take() for name, timer in timers.items()}
        part["key handling"] = (tk - t0) * 1000
        part["repaint"] = (t1 - tk) * 1000
        parts.append(part)
        window.undo_stack.undo()  # back to 2,000 spans (outside the timing)
        flush(app)
    for timer in timers.values():
        timer.restore()
    out["add_parts"] = {k: med([p[k] for p in parts]) for k in parts[0]} if parts else {}
    out["add"] = adds
    out["add_frame"] = frames
    out["add_missed"] = missed
    out["add_spans_after"] = len(view.spans())
    if profile:
        profile_window(window, app, data, positions)
    width, height = view.width() - 18, view.height()  # the article view minus its margin
    window.close()
    flush(app)

    # -- 5a. floor: bare QPlainTextEdit opening the same 1 MB article -----------------------
    project = str(data["path"])
    bare = BareView(width, height)
    bare.edit.show()
    QTest.qWaitForWindowExposed(bare.edit)
    small = "A short article about Kyiv and Moscow."
    floor_open = []
    for _ in range(runs):
        bare.show(small, [])
        flush(app)
        t0 = time.perf_counter()
        text, spans = bare_read(project, data["big_id"])
        bare.show(text, spans)
        bare.edit.viewport().repaint()
        floor_open.append((time.perf_counter() - t0) * 1000)
        flush(app)
    out["floor_open"] = floor_open

    # -- 5b. floor: one highlight on the 100 KB / 2,000 span text ---------------------------
    from PySide6.QtGui import QTextCursor

    text, spans = bare_read(project, data["mid_id"])
    bare.show(text, spans)
    flush(app)
    u16 = Utf16(text)
    floor_add = []
    for start, end in positions:
        cursor = bare.edit.textCursor()
        cursor.setPosition(u16(start))
        cursor.setPosition(u16(end), QTextCursor.MoveMode.KeepAnchor)
        bare.edit.setTextCursor(cursor)
        flush(app)
        t0 = time.perf_counter()
        bare.add_one(start, end, "PERSON")
        bare.edit.viewport().repaint()
        floor_add.append((time.perf_counter() - t0) * 1000)
        bare.remove_last(start)
        flush(app)
    out["floor_add"] = floor_add
    bare.edit.close()
    out["bare_size"] = (width, height)
    return out


def bench_sqlite_commit(work: Path, n: int) -> list[float]:
    """5c. One INSERT, one commit, WAL + synchronous=FULL: the floor of a saved edit."""
    path = work / "commit-floor.sqlite"
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(
        'CREATE TABLE spans (id TEXT PRIMARY KEY, document_id TEXT, start INT, "end" INT, '
        "label TEXT, text TEXT)"
    )
    conn.execute("CREATE INDEX spans_by_document ON spans (document_id, start)")
    times = []
    for k in range(n):
        t0 = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO spans VALUES (?, ?, ?, ?, ?, ?)",
            [f"{k:032x}", "doc", k * 10, k * 10 + 5, "PERSON", "Kyiv"],
        )
        conn.execute("COMMIT")
        times.append((time.perf_counter() - t0) * 1000)
    conn.close()
    return times


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def versions() -> str:
    import PySide6
    from PySide6.QtCore import qVersion

    return (
        f"Python {platform.python_version()}, PySide6 {PySide6.__version__} (Qt {qVersion()}), "
        f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs, "
        f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM')}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs for medians (default 5)")
    parser.add_argument("--edits", type=int, default=200, help="span additions (default 200)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument(
        "--entities",
        type=int,
        default=4200,
        help="entities in the registry (default 4,200, as the scale projects have; 0: none)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="also print cProfile tables (open, add span)"
    )
    args = parser.parse_args()

    started = time.monotonic()
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bench-", dir=OUT))
    config = work / "config"
    config.mkdir()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.update(
        ANNOTATOR_CONFIG_DIR=str(config),
        XDG_CONFIG_HOME=tempfile.mkdtemp(prefix="qsettings-", dir=work),
        ANNOTATOR_NAME="bench",
    )
    try:
        print(f"annotator window benchmarks: {versions()}")
        t = time.monotonic()
        data = build_project(work, args.entities)
        print(
            f"data: {len(data['big_text']):,} chars / {len(data['big_spans']):,} spans "
            f"({OVERLAP:.0%} placed nested in / over others, "
            f"{overlap_share(data['big_spans']):.0%} touch another span; "
            f"{_layer_mix(data['big_spans'])}) and "
            f"{len(data['mid_text']):,} chars / {len(data['mid_spans']):,} spans, "
            f"a registry of {args.entities:,} entities, "
            f"built in {time.monotonic() - t:.1f} s"
        )
        sys.stdout.flush()

        cold = bench_cold_start(work, args.runs)
        # same identity as the spans' annotator, or the child would show none of them
        mem_app = run_child(["mem-app", str(data["path"]), data["big_id"]], config)
        inproc = bench_in_process(data, args.runs, args.edits, args.profile)
        width, height = inproc["bare_size"]
        mem_bare = run_child(
            ["mem-bare", str(data["path"]), data["big_id"], str(width), str(height)],
            config,
        )
        commits = bench_sqlite_commit(work, args.edits)

        print()
        print(f"== Figures (medians of {args.runs} unless said; offscreen; ms = milliseconds)")
        db, src = cold["db"], cold["src"]
        print(
            line(
                "cold start to first paint, example project",
                db["wall"],
                None,
                TARGETS["cold"],
                "ms",
            )
        )
        p = db["parts"]
        print(
            f"    in the child: interpreter {p['interpreter']:.0f} + imports {p['imports']:.0f} + "
            f"QApplication {p['qapplication']:.0f} + open project {p['open_project']:.0f} + "
            f"MainWindow {p['main_window']:.0f} + show->paint {p['show_to_paint']:.0f} ms; "
            f"from -c top {p['from_code_top']:.0f} ms, from spawn {p['from_spawn']:.0f} ms; "
            f"process exit at {db['exit']:.0f} ms; runs "
            + ", ".join(f"{w:.0f}" for w in db["walls"])
        )
        print(
            line(
                "cold start, first ever (builds project.sqlite from articles/)",
                src["wall"],
                None,
                TARGETS["cold"],
                "ms",
            )
        )
        p = src["parts"]
        print(
            f"    open project (incl. build) {p['open_project']:.0f} ms; runs "
            + ", ".join(f"{w:.0f}" for w in src["walls"])
        )

        floor_open = med(inproc["floor_open"])
        print(
            line(
                "open 1MB/10k spans to first paint",
                med(inproc["open"]),
                floor_open,
                TARGETS["open"],
                "ms",
            )
        )
        parts = inproc["open_parts"]
        print(
            "    of which: "
            + ", ".join(f"{k} {v:.1f}" for k, v in parts.items())
            + f" ms; then the event loop settles at {med(inproc['open_settled']):.1f} ms; "
            f"{inproc['open_spans_shown']:,} spans shown; runs "
            + ", ".join(f"{v:.0f}" for v in inproc["open"])
        )

        adds = inproc["add"]
        floor_add, floor_commit = inproc["floor_add"], commits
        f_med = med(floor_add) + med(floor_commit)
        f_p95 = pct(floor_add, 95) + pct(floor_commit, 95)
        n = len(adds)
        if n:
            print(
                line(
                    f"add one span, 100KB/2k spans, key 'p' to painted+committed, median (n={n})",
                    med(adds),
                    f_med,
                    TARGETS["edit_median"],
                    "ms",
                )
            )
            print(line("add one span, p95", pct(adds, 95), f_p95, TARGETS["edit_p95"], "ms"))
            print(
                "    medians: "
                + ", ".join(f"{k} {v:.2f}" for k, v in inproc["add_parts"].items())
                + f" ms; max {max(adds):.1f} ms; then the event loop: median "
                f"{med(inproc['add_frame']):.1f}, p95 {pct(inproc['add_frame'], 95):.1f} ms"
            )
        if inproc["add_missed"]:
            print(f"    WARNING: {inproc['add_missed']} key presses added no span")

        print(
            line(
                "peak RSS, 1MB/10k spans open in the window",
                mem_app["peak"],
                mem_bare["peak"],
                TARGETS["rss"],
                "MB",
            )
        )
        print(
            f"    peak = VmHWM of the child; its ru_maxrss {mem_app['ru_maxrss']:.0f} MB (floor "
            f"{mem_bare['ru_maxrss']:.0f}) also counts this parent's RSS at spawn; after "
            f"imports + QApplication {mem_app['base']:.0f} MB (bare {mem_bare['base']:.0f} MB)"
        )

        print()
        print("== Floors (same run)")
        print(
            f"5a bare QPlainTextEdit + setFormats, read + open 1MB/10k + first paint: "
            f"{floor_open:.1f} ms (view {width}x{height})"
        )
        print(
            f"5b bare one highlight (setFormats + update(rect) + repaint), 100KB/2k: median "
            f"{med(floor_add):.2f} ms, p95 {pct(floor_add, 95):.2f} ms"
        )
        print(
            f"5c raw sqlite3 INSERT + COMMIT, WAL + synchronous=FULL: median "
            f"{med(floor_commit):.2f} ms, p95 {pct(floor_commit, 95):.2f} ms"
        )
        print(
            f"5d bare widget process with 1MB/10k highlights, peak RSS: {mem_bare['peak']:.1f} MB"
        )
        print(f"(add-one floor = 5b + 5c; benchmark took {time.monotonic() - started:.0f} s)")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
            with contextlib.suppress(OSError):
                OUT.rmdir()  # only if nothing else is in it


def child_main(argv: list[str]) -> None:
    kind = argv[0]
    if kind == "mem-app":
        child_mem_app(argv[1], argv[2])
    elif kind == "mem-bare":
        child_mem_bare(argv[1], argv[2], int(argv[3]), int(argv[4]))
    else:
        raise SystemExit(f"unknown child {kind}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_main(sys.argv[2:])
    else:
        main()
