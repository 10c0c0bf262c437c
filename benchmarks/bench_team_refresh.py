#!/usr/bin/env python
"""The lead's side of a team folder at the size of issue 15: 20 work files x 500 documents x
30 spans (10,000 documents in the lead's project), generated once with the storage layer's
bulk write and cached under --cache (default /tmp/team-folder/).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_team_refresh.py \
        [--members 20] [--per 500] [--spans 30] [--cache DIR]

Prints, on a fresh copy of the lead's project (no work brought in yet):

* the first collection: every work file read by a private copy, checked (quick_check) and
  brought in through the add-work path;
* a refresh when nothing changed (the floor: the files' marks only);
* a refresh after ONE work file changed (one span added by its owner), three times, all on
  one thread (``TeamFolder.refresh``, as a command does): it must cost about one file's share
  of the first collection, not the team's; and its two parts, the read (private copy, check,
  lines) and the write into the lead's file (one transaction);
* the same refresh in the lead's window (``TeamWatch``: the read on a thread of its own, the
  write on the window's thread), three times: its time, and the longest stall of the window's
  event loop meanwhile (a 5 ms timer's largest gap, ``loop_probes.Beats``), against 200 ms;
* the ratios;
* a refresh after ONE work file was emptied by its owner (every span and status of theirs
  removed): its time, and how many of their spans the lead's file still holds (none: a
  member's emptied track is emptied in the lead's file too). Figures are printed, never
  asserted.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from annotator.app.team import TeamFolder, make_work_file, read_work_file, work_file  # noqa: E402
from annotator.app.work import TheirWork  # noqa: E402
from annotator.core.model import Annotator, Layer, now_iso  # noqa: E402
from annotator.core.rows import BulkBatch  # noqa: E402
from annotator.core.scheme import load_default_scheme  # noqa: E402
from annotator.session import Session  # noqa: E402

CACHE = Path("/tmp/team-folder")
STALL_LIMIT_MS = 200  # the rule for the window: no freeze over 200 ms
WORDS = [
    "the",
    "minister",
    "said",
    "on",
    "monday",
    "that",
    "the",
    "new",
    "budget",
    "would",
    "cut",
    "taxes",
    "for",
    "families",
]


def text_of(n: int) -> str:
    words = [WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(110)]
    return f"Article {n}. " + " ".join(words) + "."


def build(folder: Path, members: int, per: int, spans: int) -> list[Annotator]:
    """The team folder: the lead's project (members x per documents, each assigned to one
    member) and each member's work file with ``spans`` spans on each of their documents."""
    lead = Annotator("lead-0000", "lea")
    people = [Annotator(f"member-{i:02d}", f"ann{i:02d}") for i in range(members)]
    (folder / "work").mkdir(parents=True)
    session = Session.open(folder / "project.sqlite", lead, scheme=load_default_scheme())
    stamp = now_iso()
    ids = [f"doc{n:05d}" for n in range(members * per)]
    rows = []
    for n, d in enumerate(ids):
        text = text_of(n)
        sha = hashlib.sha256(text.encode()).hexdigest()
        rows.append((d, sha, text, f"Title {n}", None, "bench", stamp, "{}"))
    session.rows.write([BulkBatch(documents=rows)])
    for i, person in enumerate(people):
        session.assignments.add((d, person.name) for d in ids[i * per : (i + 1) * per])
    session.assignments.set_setting("team.lead", lead.id)
    label = next(lb.name for lb in session.scheme if lb.layer is Layer.ENTITY)
    session.close()
    for person in people:
        path = make_work_file(folder, person)
        mine = Session.open(path, person, wal=False)
        batch = BulkBatch(annotators=[(person.id, person.name, stamp)])
        for d in mine.documents():
            text = mine.document(d.id).text
            for k in range(spans):
                start = 10 + 20 * k
                batch.spans.append(
                    (f"{person.id}-{d.id}-{k}", d.id, person.id, "entity", label, start,
                     start + 8, text[start : start + 8], "", stamp, "", None)
                )  # fmt: skip
            batch.statuses.append((d.id, person.id, "done", stamp))
        mine.rows.write([batch])
        mine.close()
    return people


def cached(cache: Path, members: int, per: int, spans: int) -> tuple[Path, list[Annotator]]:
    folder = cache / f"bench-{members}x{per}x{spans}"
    people = [Annotator(f"member-{i:02d}", f"ann{i:02d}") for i in range(members)]
    if not (folder / "done").exists():
        shutil.rmtree(folder, ignore_errors=True)
        start = time.perf_counter()
        build(folder, members, per, spans)
        (folder / "done").touch()
        print(f"generated {folder} in {time.perf_counter() - start:.1f} s")
    return folder, people


def change_one(run: Path, person: Annotator) -> Path:
    """``person`` adds one span in their work file (their own process would: a new session)."""
    path = work_file(run, person.id)
    theirs = Session.open(path, person, wal=False)
    label = next(lb for lb in theirs.scheme if lb.layer is Layer.ENTITY)
    document = theirs.documents()[0].id
    theirs.add_span(theirs.new_span(document, 0, 7 + len(theirs.spans(document, person.id)), label))
    theirs.close()
    return path


def empty_one(run: Path, person: Annotator) -> Path:
    """``person`` removes all their work from their work file (every span and status), in
    one write (the storage layer's replacement of one annotator's work on a document)."""
    path = work_file(run, person.id)
    theirs = Session.open(path, person, wal=False)
    theirs.rows.write([BulkBatch(replace=[(d.id, person.id) for d in theirs.documents()])])
    theirs.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--per", type=int, default=500)
    parser.add_argument("--spans", type=int, default=30)
    parser.add_argument("--cache", type=Path, default=CACHE)
    args = parser.parse_args()
    source, people = cached(args.cache, args.members, args.per, args.spans)
    run = args.cache / "run"
    shutil.rmtree(run, ignore_errors=True)
    shutil.copytree(source, run)
    lead = Annotator("lead-0000", "lea")
    size = sum(p.stat().st_size for p in (run / "work").iterdir()) / 1e6
    print(
        f"team: {len(people)} work files x {args.per} documents x {args.spans} spans "
        f"({size:.0f} MB of work files)"
    )

    session = Session.open(run / "project.sqlite", lead, wal=False)
    team = TeamFolder(session, run)
    try:
        start = time.perf_counter()
        first = team.refresh()
        t_first = time.perf_counter() - start
        assert len(first.read) == len(people) and not first.behind, first.behind
        spans = sum(session.span_counts().values())
        print(f"first collection of all {len(people)} files: {t_first:.2f} s ({spans:,} spans)")

        start = time.perf_counter()
        team.refresh()
        t_none = time.perf_counter() - start
        print(f"refresh, nothing changed: {t_none * 1000:.1f} ms")

        times, reads, writes, kept, writes_kept = [], [], [], [], []
        reader = session.reader()()
        for person in people[:3]:
            path = change_one(run, person)
            start = time.perf_counter()
            read = read_work_file(team.ours(), path)
            reads.append(time.perf_counter() - start)
            assert isinstance(read, TheirWork), read
            start = time.perf_counter()
            team.take(path, read, first)
            writes.append(time.perf_counter() - start)
            path = change_one(run, person)  # as the window reads: the unchanged left out
            read = read_work_file(team.ours(), path, reader.rows)
            assert isinstance(read, TheirWork), read
            kept.append(len(list(read.lines)))
            start = time.perf_counter()
            team.take(path, read, first)
            writes_kept.append(time.perf_counter() - start)
            path = change_one(run, person)
            start = time.perf_counter()
            done = team.refresh()
            times.append(time.perf_counter() - start)
            assert done.read == [path], done
        t_one = statistics.median(times)
        shown = ", ".join(f"{t:.2f}" for t in times)
        print(f"refresh after ONE file changed, one thread: {t_one:.2f} s (median of {shown} s)")
        print(
            f"  its read (copy, quick_check, lines): {statistics.median(reads):.2f} s; "
            f"its write (one transaction): {statistics.median(writes) * 1000:.0f} ms "
            f"(medians of 3)"
        )
        reader.close()
        print(
            f"  its write with the unchanged documents left out by the reading (as the window "
            f"does; {max(kept)} of {args.per} documents left): "
            f"{statistics.median(writes_kept) * 1000:.0f} ms (median of 3)"
        )
        print(f"first collection / one-file refresh: {t_first / t_one:.1f}x (files: {len(people)})")
        print(
            f"one-file refresh / a file's share of the first ({t_first / len(people):.2f} s): "
            f"{t_one / (t_first / len(people)):.2f}x"
        )
        emptied(run, team, people[-1])
        in_the_window(run, session, team, people[3:6], t_one)
    finally:
        team.close()
        session.close()


def emptied(run: Path, team: TeamFolder, person: Annotator) -> None:
    """A refresh after ``person`` emptied their work file: its time, and their spans left."""
    session = team.session
    before = session.span_counts().get(person.id, 0)
    path = empty_one(run, person)
    start = time.perf_counter()
    done = team.refresh()
    took = time.perf_counter() - start
    assert done.read == [path], done
    left = session.span_counts().get(person.id, 0)
    print(
        f"refresh after ONE file emptied by its owner: {took:.2f} s; "
        f"their spans in the lead's file: {before:,} before, {left:,} after"
    )


def in_the_window(
    run: Path, session: Session, team: TeamFolder, people: list[Annotator], t_one: float
) -> None:
    """The same one-file refresh in the lead's window, the event loop probed meanwhile."""
    from loop_probes import Beats, looping
    from PySide6.QtWidgets import QApplication

    from annotator.ui.window.main_window import MainWindow
    from annotator.ui.window.opener import ProjectOpener

    class Opened(ProjectOpener):  # (the team folder collected above, handed to the window)
        def __init__(self, given: TeamFolder) -> None:
            super().__init__()
            self._given: TeamFolder | None = given

        def take_team(self) -> TeamFolder | None:
            given, self._given = self._given, None
            return given

    app = QApplication.instance() or QApplication([])
    window = MainWindow(session, Opened(team))
    window.resize(1366, 768)
    window.show()
    run_until, settle = looping(app)
    settle(500)
    watch = window.team
    times, stalls = [], []
    for person in people:
        path = change_one(run, person)
        label = watch.label
        beats = Beats()
        settle(50)
        beats.start()
        start = time.perf_counter()
        watch.refresh({path})
        run_until(lambda: not watch.busy(), 60)
        settle(100)  # (what the views do once told: counted in the stall too)
        times.append(time.perf_counter() - start - 0.1)
        stalls.append(beats.stop())
        assert "up to date" in label.text(), label.text()
    t_win = statistics.median(times)
    print(
        f"refresh after ONE file changed, in the window: {t_win:.2f} s "
        f"(median of {', '.join(f'{t:.2f}' for t in times)} s); "
        f"longest event-loop stall: {max(stalls):.0f} ms "
        f"(each: {', '.join(f'{s:.0f}' for s in stalls)} ms; limit {STALL_LIMIT_MS} ms)"
    )
    print(
        f"longest stall / one-thread refresh (the stall before): {max(stalls) / 1000 / t_one:.2f}x"
    )
    window.close()


if __name__ == "__main__":
    main()
