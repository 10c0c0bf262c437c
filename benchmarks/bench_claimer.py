#!/usr/bin/env python
"""Selecting a claim with a large entity registry: the time from the request to settled (the
event loop has run what it queued) and the claimer list's rows, the code as it is beside the
code as it was.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_claimer.py --entities 50000

The project is ``bench_registry.build``'s copy of ``scale_projects.project(docs)`` with the
registry grown to ``--entities`` (written under ``--work``). A claim is labelled in one document;
each round selects a mention (timed: the floor, its entity list a model over the registry
already), then the claim (timed). "old" fills the claimer combo as it did
before it had a model: one ``addItem`` per registry entity each time a claim is selected, on
the combo's own item model; "new" is the code as it is (a list model over the registry's
entities, read as rows are shown). The two alternate, round by round, so load from other work
on the machine falls on both.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_registry  # noqa: E402
import scale_projects  # noqa: E402


def old_show_claim(editor: Any) -> Any:
    """``AttributeEditor.show_claim`` as it was (every entity added to the combo, one item at
    a time), for ``editor`` whose claimer combo holds a ``QStandardItemModel``."""
    from annotator.core.links import ClaimerKind
    from annotator.ui.entities.editor import _select, _set_text

    def show_claim(claim: Any, entities: Any, in_quote: bool, *_: Any) -> None:
        combo = editor.claimer_combo
        combo.blockSignals(True)
        while combo.count() > 3:
            combo.removeItem(3)
        for entity in entities:
            combo.addItem(f"{entity.name}  ({entity.type})", f"entity:{entity.id}")
        combo.blockSignals(False)
        if claim.claimer_kind is ClaimerKind.ENTITY:
            _select(combo, f"entity:{claim.claimer_entity_id}")
        else:
            _select(combo, claim.claimer_kind.value)
        item = combo.model().item(2)
        item.setEnabled(in_quote or claim.claimer_kind is ClaimerKind.QUOTE)
        _select(editor.stance, claim.stance.value)
        _select(editor.check_worthiness, claim.check_worthiness.value)
        _select(editor.verdict, claim.verdict.value)
        _set_text(editor.evidence, claim.evidence)
        editor.pages.setCurrentIndex(3)

    return show_claim


def use_old(on: bool, editor: Any) -> None:
    """The editor's claimer combo as it was (an item model of its own, filled item by item)
    or as it is (the model over the registry)."""
    from PySide6.QtGui import QStandardItemModel

    from annotator.ui.entities.editor import CLAIMER_KINDS

    if on:
        items = QStandardItemModel(editor.claimer_combo)
        editor.claimer_combo.setModel(items)
        for text, kind in CLAIMER_KINDS:
            editor.claimer_combo.addItem(text, kind)
        editor.show_claim = old_show_claim(editor)
    else:
        editor.__dict__.pop("show_claim", None)
        editor.claimer_combo.setModel(editor.claimer_choices)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents (scale_projects)")
    parser.add_argument("--entities", type=int, default=50000, help="registry size")
    parser.add_argument("--runs", type=int, default=7, help="claim selections per path")
    parser.add_argument("--work", type=Path, required=True, help="folder of the project's copy")
    args = parser.parse_args()
    path = bench_registry.build(args.docs, args.entities, args.work)

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from annotator.session import Session
    from annotator.ui.window.app import make_application
    from annotator.ui.window.main_window import MainWindow
    from annotator.ui.window.opener import ProjectOpener

    app = make_application()
    session = Session.open(path, scale_projects.ANA)
    window = MainWindow(session, ProjectOpener())
    window.resize(1360, 820)
    window.show()
    QTest.qWaitForWindowExposed(window)
    while window.entities._loader is not None:  # the registry read on its thread
        QTest.qWait(5)
    bench_registry.settle(app)
    entities = len(session.registry.entities())
    view = window.article.view
    doc = session.documents()[len(session.documents()) // 2].id
    window.ctx.show_document(doc)
    bench_registry.settle(app)
    mention = next(s for s in view.spans() if s.layer.value == "entity")
    taken = [(s.start, s.end) for s in view.spans()]
    free = [  # sentences holding no span
        (m.start(), m.end())
        for m in re.finditer(r"[A-Z][^.\n]{20,}\.", view.text)
        if not any(s < m.end() and m.start() < e for s, e in taken)
    ]
    if not free:
        sys.exit("every sentence of the document holds spans: pick another document")
    start, end = free[0]
    view.setFocus()
    view.select_range(start, end)
    QTest.keyClick(view, Qt.Key.Key_C)
    bench_registry.settle(app)
    claim = view.selected_span_id
    if claim is None or window.entities.editor.pages.currentIndex() != 3:
        sys.exit("no claim was labelled")
    editor = window.entities.editor
    figures: dict[str, list[float]] = {"old": [], "new": []}
    rows: dict[str, int] = {}
    floor: list[float] = []  # selecting the mention (its entity list: a model already)
    for k in range(args.runs):
        for name in ("old", "new") if k % 2 == 0 else ("new", "old"):
            use_old(name == "old", editor)
            t = time.perf_counter()
            window.ctx.select_span(mention.id)
            bench_registry.settle(app)
            floor.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            window.ctx.select_span(claim)
            bench_registry.settle(app)
            figures[name].append((time.perf_counter() - t) * 1000)
            rows[name] = editor.claimer_combo.count()
            if editor.pages.currentIndex() != 3:
                sys.exit(f"{name}: the claim page is not shown")
    use_old(False, editor)
    window.undo_stack.undo()
    window.close()
    old, new = statistics.median(figures["old"]), statistics.median(figures["new"])
    print(
        f"project: {args.docs} documents, {entities} entities; select a claim "
        f"(request to settled, median of {args.runs}, alternated): old {old:.1f} ms "
        f"({rows['old']} combo rows, filled item by item), new {new:.1f} ms "
        f"({rows['new']} rows, a model over the registry), x{old / new:.0f}; floor: "
        f"selecting a mention {statistics.median(floor):.1f} ms (new/floor "
        f"x{new / statistics.median(floor):.1f})"
    )


if __name__ == "__main__":
    main()
