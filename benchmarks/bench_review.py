#!/usr/bin/env python
"""Review mode on a big project: the comparison behind the document list's Review column.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_review.py [--runs 3] [--keep]

A generated project of 1,000 documents of ~5 KB, each annotated by two annotators with 30 spans
(mentions, a third linked to each one's own entity registry; two quotes with a cue and a
speaker; two claims with attributes). B's work is A's with realistic differences: about 10% of
labels changed, 10% of boundaries moved by a word, 5% of spans left out, a few added, a fifth
of the quotes given another speaker and a fifth of the claims another verdict.

Printed: the comparison of every document in-process (``session.review.overview``, split into
reading the work and comparing it), one document's items (what the Review tab reads on each
refresh), and in the window (offscreen): opening the Review tab and switching the pair, each
until the event loop is idle again, and then until the Review column has every figure (it is
filled in idle chunks); and on one generated document with 1,000 spans per annotator, one
decision by key and accepting every agreement (and its undo). Everything is generated under
benchmarks/out/ (git-ignored) with fixed seeds and removed at the end unless --keep. Figures
are printed, never asserted.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "benchmarks" / "out" / "review"
sys.path.insert(0, str(REPO))

from bench_formats import median_time as median  # noqa: E402
from corpus import ENTITY_LABELS, NAMES, STAMP, news_document, span_kind, uid  # noqa: E402

from annotator.core.decisions import Choice  # noqa: E402
from annotator.core.model import Annotator  # noqa: E402
from annotator.core.rows import BulkBatch  # noqa: E402
from annotator.core.scheme import load_default_scheme  # noqa: E402
from annotator.session import Session  # noqa: E402

A = Annotator("0000000000000000000000000000a001", "ana")
B = Annotator("0000000000000000000000000000b002", "ben")
REVIEWER = Annotator("0000000000000000000000000000c003", "rita")
DOCUMENTS, SPANS = 1000, 30
TARGET_MS = 200.0  # opening the Review tab or switching the pair


def build(path: Path, documents: int = DOCUMENTS, spans: int = SPANS, seed: int = 5) -> None:
    """The project described in the module doc, written in one bulk transaction."""
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    rnd = random.Random(seed)
    session = Session.open(path, REVIEWER, scheme=load_default_scheme())
    names = [(rnd.choice(NAMES) + f" {i}", rnd.choice(ENTITY_LABELS)) for i in range(300)]
    registry = {who.id: [uid(rnd) for _ in names] for who in (A, B)}
    batch = BulkBatch(annotators=[(w.id, w.name, STAMP) for w in (A, B)])
    for who in (A, B):
        batch.entities += [
            (e, who.id, name, kind, "[]", "", STAMP, "")
            for e, (name, kind) in zip(registry[who.id], names, strict=True)
        ]
    for n in range(documents):
        row, text, words = news_document(rnd, n)
        doc = row[0]
        batch.documents.append(row)
        picks = sorted(rnd.sample(range(len(words) - 3), spans))
        plan = []  # (word index, extra words, layer, label, registry index)
        for i, w in enumerate(picks):
            (layer, label), entity = span_kind(rnd, i), None
            if layer == "entity" and rnd.random() < 0.33:
                entity = rnd.randrange(len(names))
                label = names[entity][1]
            plan.append((w, rnd.randint(0, 2), layer, label, entity))
        speaker = rnd.randrange(len(names))
        for who in (A, B):
            other = who is B
            rows = []
            for i, (w, extra, layer, label, entity) in enumerate(plan):
                if other and i >= 6:
                    r = rnd.random()
                    if r < 0.05:
                        continue  # left out
                    if r < 0.15:
                        label = rnd.choice([x for x in ENTITY_LABELS if x != label])
                    elif r < 0.25:
                        extra = min(extra + 1, 3)
                start, end = words[w][0], words[w + extra][1]
                mention = registry[who.id][entity] if entity is not None else None
                rows.append(
                    (uid(rnd), doc, who.id, layer, label, start, end, text[start:end])
                    + ("", STAMP, "", mention)
                )
            if other:
                for _ in range(rnd.randint(0, 2)):  # a few spans only B has
                    w = rnd.randrange(len(words))
                    start, end = words[w]
                    rows.append(
                        (uid(rnd), doc, who.id, "entity", "OTHER", start, end, text[start:end])
                        + ("", STAMP, "", None)
                    )
            batch.spans += rows
            for q in (0, 2):
                said = speaker if not (other and rnd.random() < 0.2) else rnd.randrange(300)
                quote = uid(rnd)
                batch.quotes.append(
                    (quote, doc, who.id, rows[q + 1][0], registry[who.id][said], "", "direct")
                    + ("", STAMP, "")
                )
                batch.segments.append((quote, rows[q][0], 0))
            for c in (4, 5):
                verdict = "false" if not (other and rnd.random() < 0.2) else "unverified"
                batch.claims.append(
                    (rows[c][0], "author", None, "asserts", "check_worthy", verdict, "", "")
                )
            batch.statuses.append((doc, who.id, "done", STAMP))
    session.rows.write([batch])
    session.close()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def in_process(path: Path, runs: int) -> None:
    from annotator.core.review import review

    def fresh() -> Session:
        return Session.open(path, REVIEWER, read_only=True, scheme=None)

    cold = []
    for _ in range(runs):
        session = fresh()
        start = time.perf_counter()
        overview = session.review.overview(A.id, B.id)
        cold.append(time.perf_counter() - start)
        session.close()
    items = sum(total for _, total in overview.values())
    print(f"project: {len(overview)} documents compared, {items} review items")
    print(f"every document counted from scratch (median of {runs}): {ms(statistics.median(cold))}")
    session = fresh()
    try:
        pairs: list[Any] = []
        t_read = median(lambda: pairs.__setitem__(slice(None), session.review.pairs(A, B)[0]), runs)
        t_compare = median(lambda: [review(p) for p in pairs], runs)
        print(f"  reading both annotators' work of every document: {ms(t_read)}")
        print(f"  comparing every document (disagreements and agreements): {ms(t_compare)}")
        session.review.overview(A.id, B.id)
        t_cached = median(lambda: session.review.overview(A.id, B.id), runs)
        print(f"every document again, item keys cached (decided keys read again): {ms(t_cached)}")
        doc = pairs[len(pairs) // 2].id
        t_one = median(lambda: session.review.items(doc, A.id, B.id), max(runs, 20))
        print(f"one document's items (each Review tab refresh): {ms(t_one)}")
    finally:
        session.close()


def in_window(path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from annotator.ui.window.app import make_application
    from annotator.ui.window.main_window import MainWindow

    app: QApplication = make_application()
    session = Session.open(path, REVIEWER, scheme=None)
    window = MainWindow(session)
    window.resize(1360, 860)
    window.show()
    app.processEvents()
    review, model = window.review, window.documents.model

    def settle(action: Callable[[], None]) -> tuple[float, float]:
        """Seconds until the action's event loop turn is over, and until every document of
        the pair has its figure in the Review column."""
        model.progress.clear()
        start = time.perf_counter()
        action()
        app.processEvents()
        first = time.perf_counter() - start
        while len(model.progress) < DOCUMENTS and time.perf_counter() - start < 120:
            app.processEvents()
            time.sleep(0.0005)
        return first, time.perf_counter() - start

    def target(t: float) -> str:
        verdict = "meets target" if t * 1000 < TARGET_MS else "MISSES target"
        return f"(target < {TARGET_MS:.0f} ms)  [{verdict}]"

    b = review.panel.b_combo
    opened, filled = settle(lambda: window.tabs.setCurrentWidget(review.panel))
    print(f"window: open the Review tab: {ms(opened)} {target(opened)}; every figure: {ms(filled)}")
    b.setCurrentIndex(b.findData("gold"))
    app.processEvents()
    switched, filled = settle(lambda: b.setCurrentIndex(b.findData(B.id)))
    print(
        f"window: switch the pair back to ana vs ben: {ms(switched)} {target(switched)}; "
        f"every figure: {ms(filled)}"
    )
    window.tabs.setCurrentIndex(0)
    app.processEvents()
    again, filled = settle(lambda: window.tabs.setCurrentWidget(review.panel))
    print(
        f"window: open the Review tab again (nothing changed): {ms(again)}; every figure: "
        f"{ms(filled)}"
    )
    window.close()
    session.close()


def build_big(path: Path, spans: int = 1000, seed: int = 7) -> str:
    """One document whose 1,000 entity spans both annotators have, B's with about a tenth of
    the labels changed (so most are agreements); returns the document id."""
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    rnd = random.Random(seed)
    session = Session.open(path, REVIEWER, scheme=load_default_scheme())
    words = [f"{rnd.choice(NAMES)}{i}" for i in range(2 * spans)]
    text = " ".join(words)
    starts = [0]
    for w in words[:-1]:
        starts.append(starts[-1] + len(w) + 1)
    doc = uid(rnd)
    sha = hashlib.sha256(text.encode()).hexdigest()
    batch = BulkBatch(annotators=[(w.id, w.name, STAMP) for w in (A, B)])
    batch.documents.append((doc, sha, text, "Big article", "2026-01-02", "gen/big", STAMP, "{}"))
    for who in (A, B):
        for i in range(spans):
            start = starts[2 * i]
            end = start + len(words[2 * i])
            label = ENTITY_LABELS[i % len(ENTITY_LABELS)]
            if who is B and rnd.random() < 0.1:
                label = rnd.choice([x for x in ENTITY_LABELS if x != label])
            batch.spans.append(
                (uid(rnd), doc, who.id, "entity", label, start, end, text[start:end])
                + ("", STAMP, "", None)
            )
        batch.statuses.append((doc, who.id, "done", STAMP))
    session.rows.write([batch])
    session.close()
    return doc


def big_document(path: Path) -> None:
    """In the window: one key press, and accepting every agreement, on a 1,000-span document."""
    from PySide6.QtWidgets import QApplication

    from annotator.ui.window.app import make_application
    from annotator.ui.window.main_window import MainWindow

    doc = build_big(path)
    app: QApplication = make_application()
    session = Session.open(path, REVIEWER, scheme=None)
    window = MainWindow(session)
    window.resize(1360, 860)
    window.show()
    window.ctx.show_document(doc)
    window.tabs.setCurrentWidget(window.review.panel)
    app.processEvents()
    review = window.review
    review._go(0)
    app.processEvents()
    start = time.perf_counter()
    review.decide(Choice.A)  # what the key 1 does
    app.processEvents()
    press = time.perf_counter() - start
    window.undo_stack.undo()
    app.processEvents()
    agreed = len(review.agreed)
    start = time.perf_counter()
    review._on_accept_all_triggered()
    app.processEvents()
    accept = time.perf_counter() - start
    start = time.perf_counter()
    window.undo_stack.undo()
    app.processEvents()
    undo = time.perf_counter() - start
    print(f"window, one 1,000-span document: one decision (key 1, until idle): {ms(press)}")
    print(
        f"window, one 1,000-span document: accept all {agreed} agreements: {ms(accept)}; "
        f"undo it: {ms(undo)}"
    )
    window.close()
    session.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep benchmarks/out/review")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    config = Path(tempfile.mkdtemp(prefix="bench-review-"))
    os.environ["ANNOTATOR_CONFIG_DIR"] = str(config)
    os.environ["XDG_CONFIG_HOME"] = str(config)
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(config))
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "review.sqlite"
    start = time.perf_counter()
    build(path)
    print(
        f"built {DOCUMENTS} documents x 2 annotators x {SPANS} spans in "
        f"{time.perf_counter() - start:.1f} s"
    )
    try:
        in_process(path, args.runs)
        in_window(path)
        big_document(OUT / "big.sqlite")
    finally:
        shutil.rmtree(config, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(OUT, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
