#!/usr/bin/env python
"""Entity registry at scale: labelling a mention, new entity, rename, merge and their undo in the
window, with a registry of realistic size, the code as it is beside the code as it was.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_registry.py --docs 10000 \
        --entities 50000

The project is a copy of ``scale_projects.project(docs)`` (a 4,200-entity registry); with
``--entities`` above that, generated people (first and last names from the same lists, an alias
for most) are added to the copy. Each action is timed from the key (or request) to settled (the
event loop has run what the edit queued) and the longest event-loop stall while it runs is
printed (a 2 ms QTimer heartbeat). "old" is the code path as it was before the registry index:
every label reads the whole registry and every mention count, every proposal runs difflib over
every name, the Entities tab is read anew after every change; "new" is the code as it is. The
two alternate, action by action, so load from other work on the machine falls on both. Also
printed: the index query alone (``Registry.candidates``) beside a scan of every name.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale_projects  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "benchmarks" / "out" / "entities"


# -- the project -------------------------------------------------------------------------------


def build(docs: int, entities: int, out: Path = OUT) -> Path:
    """A copy of the generated project with the registry grown to ``entities``, in ``out``."""
    source = scale_projects.project(docs)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"registry-{docs}-{entities}.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    db = sqlite3.connect(source)
    copy = sqlite3.connect(target)
    db.backup(copy)
    db.close()
    have = copy.execute("SELECT count(*) FROM entities").fetchone()[0]
    annotator = copy.execute("SELECT id FROM annotators ORDER BY rowid LIMIT 1").fetchone()[0]
    names = {r[0] for r in copy.execute("SELECT name FROM entities")}
    rnd = random.Random(14)
    endings = ["", "enko", "ova", "ski", "son", "ez", "ić", "escu", "idis", "sen", "ler", "ian"]
    last = [f"{s}{e}" for s in scale_projects._LAST for e in endings]
    middle = [""] + [f" {c}." for c in "ABCDEFGHJKLMNPRSTVW"]
    rows = []
    while have + len(rows) < entities:
        first, surname = rnd.choice(scale_projects._FIRST), rnd.choice(last)
        name = f"{first}{rnd.choice(middle)} {surname}"
        if name in names:
            continue
        names.add(name)
        aliases = f'["{surname}"]' if rnd.random() < 0.7 else "[]"
        rows.append((f"gen{len(rows):06d}", annotator, name, "PERSON", aliases, "", "", ""))
    with copy:
        copy.executemany("INSERT INTO entities VALUES (?,?,?,?,?,?,?,?)", rows)
    copy.close()
    return target


# -- the code as it was --------------------------------------------------------------------------


def old_code_path(on: bool, window: Any) -> None:
    """Switch the window's registry and entities part to the code as it was (or back)."""
    from annotator.core.matching import candidates, named_entity, normalize
    from annotator.core.model import Layer
    from annotator.session.registry import Registry
    from annotator.ui.entities.part import EntitiesPart

    registry = window.session.registry
    part = window.entities
    if not on:
        for name in ("entities", "candidates", "entity_for_mention", "mention_counts", "heard"):
            registry.__dict__.pop(name, None)
        for name in ("_show_entity", "refresh_registry"):
            part.__dict__.pop(name, None)
        registry.forget()  # what the old path did is not known row by row: read anew, now
        registry.warm()
        part._registry_seen = None
        part._registry_dirty = True
        part.refresh_registry()
        return
    store = registry._store

    def entities() -> list[Any]:
        return store.entities.all()

    def old_candidates(text: str, type_: str | None = None, **_: Any) -> list[Any]:
        return candidates(text, store.entities.all(), type_)

    def entity_for_mention(span: Any, made: Sequence[Any] = ()) -> tuple[Any, Any]:
        if span.layer is not Layer.ENTITY or not normalize(span.text):
            return None, None
        counts = {e: n for e, (n, _) in store.entities.mention_counts().items()}
        known = [*store.entities.all(), *made]
        found = named_entity(span.text, span.label, known, counts, store.entities.linked_texts())
        if found is not None:
            return found.id, None
        entity = Registry.new_entity(registry, span.text, span.label)
        return entity.id, entity

    def show_entity(span: Any) -> None:
        linked = store.entities.get(span.entity_id) if span.entity_id else None
        fresh = linked is not None and registry.made_for(linked, span)
        every = store.entities.all()
        rest = [e for e in every if linked is None or e.id != linked.id]
        proposed = candidates(span.text, rest, span.label) if linked is None or fresh else []
        others = [e for e in every if e.type == span.label]
        types = [lb.name for lb in part.session.scheme.by_layer(Layer.ENTITY)]
        part.editor.show_entity(linked, proposed, others, types, fresh=fresh)

    def refresh_registry() -> None:
        tabs = part.ctx.tabs
        shown = tabs is None or tabs.currentWidget() is part.registry
        if part._registry_dirty and shown:
            part._registry_dirty = False
            part.registry.reset(store.entities.all(), store.entities.mention_counts())

    registry.entities = entities
    registry.candidates = old_candidates
    registry.entity_for_mention = entity_for_mention
    registry.mention_counts = store.entities.mention_counts
    registry.heard = lambda changes, rows: None
    part._show_entity = show_entity
    part.refresh_registry = refresh_registry
    assert isinstance(part, EntitiesPart)


# -- measuring --------------------------------------------------------------------------------


class Heartbeat:
    """A 2 ms timer; the longest gap between its ticks is the longest the event loop stalled."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(2)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))
        self.timer.start()

    def longest(self, start: float, end: float) -> float:
        ticks = [start, *(t for t in self.ticks if start < t < end), end]
        return max(b - a for a, b in zip(ticks, ticks[1:], strict=False)) * 1000


def settle(app: Any) -> None:
    """Run what the event loop has queued (run_later, refreshes after the frame)."""
    for _ in range(4):
        app.processEvents()


def measure(app: Any, beat: Heartbeat, act: Callable[[], None]) -> tuple[float, float]:
    """(key to settled, longest stall) in ms."""
    from PySide6.QtTest import QTest

    QTest.qWait(20)
    t0 = time.perf_counter()
    act()
    settle(app)
    t1 = time.perf_counter()
    QTest.qWait(30)  # a stall the edit left queued for later shows up here too
    return (t1 - t0) * 1000, beat.longest(t0, time.perf_counter())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents (scale_projects)")
    parser.add_argument("--entities", type=int, default=4200, help="registry size")
    parser.add_argument("--runs", type=int, default=5, help="times each action is made")
    parser.add_argument("--no-old", action="store_true", help="measure the new path only")
    parser.add_argument("--work", type=Path, default=OUT, help="folder of the project's copy")
    args = parser.parse_args()
    started = time.perf_counter()
    path = build(args.docs, args.entities, args.work)
    print(
        f"project: {args.docs} documents, {args.entities} entities ({path.name}), "
        f"built in {time.perf_counter() - started:.1f} s"
    )

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from annotator.core.matching import candidates
    from annotator.core.model import Layer
    from annotator.session import Session
    from annotator.ui.window.app import make_application
    from annotator.ui.window.main_window import MainWindow
    from annotator.ui.window.opener import ProjectOpener

    app = make_application()
    opener = ProjectOpener()
    session = Session.open(path, scale_projects.ANA)  # the annotator whose work it holds
    # On the window's thread, as the first label did before the registry was read on a thread
    # of its own: the time alone, printed beside the reading as the window now does it.
    t = time.perf_counter()
    session.registry.warm()
    inline = (time.perf_counter() - t) * 1000
    session.registry.forget()
    t = time.perf_counter()
    beat = Heartbeat()
    window = MainWindow(session, opener)  # begins reading the registry on a thread
    window.resize(1360, 820)
    window.show()
    window.activateWindow()
    QTest.qWaitForWindowExposed(window)
    QTest.qWaitForWindowActive(window, 2000)
    shown = time.perf_counter()
    while window.entities._loader is not None:
        QTest.qWait(5)
    loaded = time.perf_counter()
    print(
        f"registry read into memory (index, counts, linked texts): on the window's thread "
        f"{inline:.0f} ms (the event loop stalled that long); on a thread as the window opens "
        f"{(loaded - t) * 1000:.0f} ms from the window made to read (window made and shown in "
        f"{(shown - t) * 1000:.0f} ms), longest event-loop stall from shown to read "
        f"{beat.longest(shown, loaded):.0f} ms (target: none over 200 ms)"
    )
    settle(app)
    view = window.article.view
    registry = session.registry
    person = next(lb for lb in session.scheme.by_layer(Layer.ENTITY) if lb.name == "PERSON")
    key = getattr(Qt.Key, f"Key_{person.key.upper()}")

    # the index alone, beside a scan of every name
    every = registry.entities()
    probes = [random.Random(k).choice(every).name for k in range(20)]
    probes += ["Volodymyr Zelenskyy", "Zelensky", "Olaf Scholtz", "Kyiv Regional Council"]
    t = time.perf_counter()
    for name in probes:
        registry.candidates(name, "PERSON")
    query = (time.perf_counter() - t) / len(probes) * 1000
    t = time.perf_counter()
    for name in probes[:3]:
        candidates(name, every, "PERSON")
    scan = (time.perf_counter() - t) / 3 * 1000
    print(
        f"proposals for a name, index: {query:.2f} ms (scan of every name: {scan:.0f} ms, "
        f"x{scan / query:.0f})"
    )

    # a document and the words to label in it
    metas = session.documents()
    doc = metas[len(metas) // 2].id
    window.ctx.show_document(doc)
    settle(app)
    text = view.text
    taken = [(s.start, s.end) for s in view.spans()]
    import re

    words = [
        (m.start(), m.end())
        for m in re.finditer(r"\b[A-Z][a-z]{3,}\b", text)
        if not any(s < m.end() and m.start() < e for s, e in taken)
    ]
    if not words:
        sys.exit("no free capitalised word in the document")
    counts = session.registry.mention_counts()
    top = sorted(counts, key=lambda i: -counts[i][0])
    keep_id, gone_id = top[2], top[3]
    window.tabs.setCurrentWidget(window.entities.registry)  # the Entities tab is shown
    settle(app)

    results: dict[tuple[str, str], list[tuple[float, float]]] = {}

    def run(path_name: str, action: str, act: Callable[[], None], done: Callable[[], bool]) -> None:
        figure = measure(app, beat, act)
        if not done():
            sys.exit(f"{action} ({path_name}): nothing happened")
        results.setdefault((path_name, action), []).append(figure)

    def undo() -> None:
        window.undo_stack.undo()

    paths = ["new"] if args.no_old else ["old", "new"]

    def one_round(name: str, k: int) -> None:
        old_code_path(name == "old", window)
        settle(app)
        start, end = words[k % len(words)]
        view.setFocus()
        view.select_range(start, end)
        settle(app)
        spans = len(view.spans())
        edits = window.undo_stack.index()

        def made(n: int) -> Callable[[], bool]:
            return lambda: window.undo_stack.index() == n

        run(
            name,
            "label a mention PERSON",
            lambda: QTest.keyClick(view, key),
            lambda: len(view.spans()) == spans + 1,
        )
        mention = view.selected_span_id
        before = view.span(mention).entity_id
        run(
            name,
            "new entity (Shift+Enter)",
            lambda: QTest.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier),
            lambda: view.span(mention).entity_id not in (None, before),
        )
        run(name, "  undo new entity", undo, lambda: view.span(mention).entity_id == before)
        run(name, "  undo the label", undo, lambda: len(view.spans()) == spans)
        panel = window.entities.registry
        row = panel.model.row_of(keep_id)
        renamed = f"{registry.entity(keep_id).name} (renamed {k})"
        run(
            name,
            "rename an entity",
            lambda: panel.model.setData(panel.model.index(row, 0), renamed),
            made(edits + 1),
        )
        run(name, "  undo rename", undo, made(edits))
        run(
            name,
            "merge two entities",
            lambda: panel.merge_requested.emit(keep_id, gone_id),
            made(edits + 1),
        )
        run(name, "  undo merge", undo, made(edits))

    for k in range(args.runs):
        for name in paths if k % 2 == 0 else list(reversed(paths)):
            one_round(name, k)
    old_code_path(False, window)

    print(f"\n{'action':<28}{'path':>5}{'median ms':>11}{'max ms':>9}{'longest stall':>15}")
    actions = list(dict.fromkeys(a for _, a in results))
    for action in actions:
        for name in paths:
            got = results.get((name, action))
            if not got:
                continue
            times = [t for t, _ in got]
            stall = max(s for _, s in got)
            print(
                f"{action:<28}{name:>5}{statistics.median(times):>11.1f}"
                f"{max(times):>9.1f}{stall:>12.1f} ms"
            )
    print("\ntargets: label a mention < 16 ms; new/rename/merge and undo: no stall > 200 ms")
    window.close()
    session.close()


if __name__ == "__main__":
    main()
