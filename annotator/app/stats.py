"""Where the work of a project stands: the figures (``session.statistics``) with the names
people know, shaped once as tables for the window, the command line and CSV, and as JSON."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from annotator.app import progress as team
from annotator.app.tables import Cell, Table, aligned
from annotator.core.errors import AnnotatorError
from annotator.core.model import Annotator, Status
from annotator.core.progress import Progress
from annotator.core.stats import Figures
from annotator.core.wording import counted
from annotator.session import Session

TOP = 20  # speakers and entities listed
NO_COLOUR = "#999999"  # a label the scheme no longer has


@dataclass(frozen=True)
class Statistics:
    """The figures and what they need to be shown: annotators' names (namesakes told apart),
    the scheme's labels in order with their colours."""

    figures: Figures
    project: Path
    annotator: str | None  # the one annotator counted (their name), None for everyone
    names: dict[str, str]
    labels: tuple[tuple[str, str, str], ...]  # (layer, label, colour), scheme order first
    tables: tuple[Table, ...] = field(default=())
    progress: Progress | None = None  # the team's (``app.progress``), whoever is counted

    def name(self, annotator_id: str) -> str:
        return self.names.get(annotator_id, annotator_id)

    def table(self, key: str) -> Table:
        progress = team.tables(self.progress) if self.progress is not None else ()
        return next(t for t in (*self.tables, *progress) if t.key == key)

    @property
    def annotator_ids(self) -> tuple[str, ...]:
        """The annotators counted, in the order they arrived."""
        return tuple(s.annotator_id for s in self.figures.statuses)

    def colour(self, layer: str, label: str) -> str:
        return next((c for la, lb, c in self.labels if (la, lb) == (layer, label)), NO_COLOUR)


def compute(
    session: Session,
    annotator: Annotator | None = None,
    top: int = TOP,
    cache: team.ProgressCache | None = None,
    *,
    progress: bool = True,
) -> Statistics:
    """Every figure of the project (of one annotator's work if given), counted in the file,
    and the team's progress (``app.progress.compute``, read again where ``cache`` lacks it;
    left out, None, if not ``progress``: the window counts it apart, shown sooner)."""
    if top < 1:
        raise AnnotatorError(f"--top must be 1 or more, not {top}")
    figures = session.statistics(annotator.id if annotator else None, top)
    ids = {s.annotator_id for s in figures.statuses} | {d.annotator_id for d in figures.days}
    names = {who: session.annotator_name(who) for who in sorted(ids)}
    scheme = [(lb.layer.value, lb.name, lb.color) for lb in session.scheme]
    known = {(la, lb) for la, lb, _ in scheme}
    extra = sorted({(c.layer, c.label) for c in figures.labels} - known)
    stats = Statistics(
        figures=figures,
        project=session.path,
        annotator=session.annotator_name(annotator.id) if annotator else None,
        names=names,
        labels=(*scheme, *((la, lb, NO_COLOUR) for la, lb in extra)),
        progress=team.compute(session, cache) if progress else None,
    )
    return replace(stats, tables=tuple(_tables(stats)))


# -- tables ------------------------------------------------------------------------------------


def _tables(s: Statistics) -> Iterator[Table]:
    yield _documents(s)
    yield _labels(s)
    yield _speakers(s)
    yield _claims(s)
    yield _entities(s)
    yield _days(s)


def _documents(s: Statistics) -> Table:
    f = s.figures
    spans = {who: 0 for who in s.annotator_ids}
    for c in f.labels:
        spans[c.annotator_id] = spans.get(c.annotator_id, 0) + c.spans
    rows = tuple(
        (s.name(c.annotator_id), c.done, c.in_progress, c.not_started, spans[c.annotator_id])
        for c in f.statuses
    )
    columns = ("Annotator", Status.DONE.display, Status.IN_PROGRESS.display)
    return Table(
        "documents",
        "Documents by status",
        (*columns, Status.NOT_STARTED.display, "spans"),
        rows,
        (f"{counted(f.documents, 'document')} in the project",),
    )


def _labels(s: Statistics) -> Table:
    """Spans per label (scheme order), a column per annotator and the total."""
    who = s.annotator_ids
    counts = {(c.annotator_id, c.layer, c.label): c.spans for c in s.figures.labels}
    rows: list[tuple[Cell, ...]] = []
    sums = [0] * (len(who) + 1)
    for layer, label, _ in s.labels:
        each = [counts.get((a, layer, label), 0) for a in who]
        each.append(sum(each))
        sums = [x + y for x, y in zip(sums, each, strict=True)]
        rows.append((layer, label, *each))
    columns = ("Layer", "Label", *(s.name(a) for a in who), "total")
    return Table("labels", "Spans by label", columns, (*rows, ("total", "", *sums)))


def _speakers(s: Statistics) -> Table:
    f = s.figures
    rows = tuple((p.name, "entity" if p.linked else "words", p.quotes) for p in f.speakers)
    notes = (
        f"{counted(f.quotes, 'quote')}; {f.no_speaker} without a speaker",
        f"{counted(f.speakers_total, 'speaker')} (by registry entity, or by the words "
        f"written as speaker); the {len(rows)} most quoted are listed",
    )
    return Table("speakers", "Quotes by speaker", ("Speaker", "kind", "quotes"), rows, notes)


def _claims(s: Statistics) -> Table:
    rows = tuple((v.verdict.value, v.claims) for v in s.figures.verdicts)
    total = sum(v.claims for v in s.figures.verdicts)
    note = f"{counted(total, 'claim')}; a claim without a verdict set is unverified"
    return Table("claims", "Claims by verdict", ("Verdict", "claims"), rows, (note,))


def _entities(s: Statistics) -> Table:
    f = s.figures
    rows = tuple((e.name, e.type, e.mentions, e.documents) for e in f.entities)
    note = (
        f"{counted(f.entities_registry, 'entity', 'entities')} in the registry, "
        f"{f.entities_linked} with linked mentions; the {len(rows)} most mentioned are listed"
    )
    return Table(
        "entities",
        "Entities by mentions",
        ("Entity", "type", "mentions", "documents"),
        rows,
        (note,),
    )


def _days(s: Statistics) -> Table:
    """Spans made per day, a column per annotator and the total (days with none left out)."""
    who = s.annotator_ids + tuple(
        sorted({d.annotator_id for d in s.figures.days} - set(s.annotator_ids))
    )
    by_day: dict[str, dict[str, int]] = {}
    for d in s.figures.days:
        by_day.setdefault(d.day, {})[d.annotator_id] = d.spans
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (day, *(each.get(a, 0) for a in who), sum(each.values())) for day, each in by_day.items()
    )
    columns = ("Day (UTC)", *(s.name(a) for a in who), "total")
    return Table("days", "Spans made per day", columns, rows)


# -- text, JSON, CSV ---------------------------------------------------------------------------


def text_lines(s: Statistics) -> list[str]:
    """Every table as aligned text, the way `annotator stats` prints them."""
    whose = f"{s.annotator}'s work" if s.annotator else "every annotator's work"
    lines = [f"{s.project}: {whose}"]
    for t in s.tables:
        lines += ["", f"{t.title}"]
        lines += [f"  {note}" for note in t.notes]
        lines += aligned(t) if t.rows else ["  nothing yet"]
    if s.progress is not None:
        lines += ["", *team.text_lines(s.progress)]
    return lines


def to_json(s: Statistics) -> dict[str, Any]:
    """The figures as one JSON object (names beside ids)."""
    f = s.figures
    return {
        "project": str(s.project),
        "annotator": s.annotator,
        "documents": f.documents,
        "documents_by_status": [
            {
                "annotator": s.name(c.annotator_id),
                "annotator_id": c.annotator_id,
                "done": c.done,
                "in_progress": c.in_progress,
                "not_started": c.not_started,
            }
            for c in f.statuses
        ],
        "spans_by_label": [
            {
                "annotator": s.name(c.annotator_id),
                "annotator_id": c.annotator_id,
                "layer": c.layer,
                "label": c.label,
                "spans": c.spans,
            }
            for c in f.labels
        ],
        "quotes": {
            "total": f.quotes,
            "no_speaker": f.no_speaker,
            "speakers": f.speakers_total,
            "top_speakers": [
                {"speaker": p.name, "entity": p.linked, "quotes": p.quotes} for p in f.speakers
            ],
        },
        "claims_by_verdict": {v.verdict.value: v.claims for v in f.verdicts},
        "entities": {
            "registry": f.entities_registry,
            "linked": f.entities_linked,
            "top": [
                {
                    "name": e.name,
                    "type": e.type,
                    "registry_entries": e.entries,
                    "mentions": e.mentions,
                    "documents": e.documents,
                }
                for e in f.entities
            ],
        },
        "spans_by_day": [
            {
                "day": d.day,
                "annotator": s.name(d.annotator_id),
                "annotator_id": d.annotator_id,
                "spans": d.spans,
            }
            for d in f.days
        ],
        "progress": team.to_json(s.progress) if s.progress is not None else None,
    }


CSV_COLUMNS = ("figure", "annotator", "group", "item", "count")


def csv_rows(s: Statistics) -> Iterator[tuple[Cell, ...]]:
    """Every figure as one long table: (figure, annotator, group, item, count); the annotator
    is empty where a figure counts everyone's (or the one chosen) together."""
    f = s.figures
    for st in f.statuses:
        counts = (("done", st.done), ("in progress", st.in_progress))
        for status, n in (*counts, ("not started", st.not_started)):
            yield ("documents by status", s.name(st.annotator_id), "", status, n)
    for c in f.labels:
        yield ("spans by label", s.name(c.annotator_id), c.layer, c.label, c.spans)
    for p in f.speakers:
        yield ("quotes by speaker", "", "entity" if p.linked else "words", p.name, p.quotes)
    yield ("quotes by speaker", "", "no speaker", "", f.no_speaker)
    for v in f.verdicts:
        yield ("claims by verdict", "", "", v.verdict.value, v.claims)
    for e in f.entities:
        yield ("mentions by entity", "", e.type, e.name, e.mentions)
        yield ("documents by entity", "", e.type, e.name, e.documents)
    for d in f.days:
        yield ("spans by day", s.name(d.annotator_id), "", d.day, d.spans)
    if s.progress is not None:
        yield from team.csv_rows(s.progress)


def write_csv(session: Session, s: Statistics, target: Path) -> None:
    """The figures as CSV (``csv_rows``) at ``target``, never over the project's files (or
    another project's), written under a temporary name and renamed when complete."""
    target = Path(target)
    session.refuse_output(target)
    if not target.parent.is_dir():
        raise AnnotatorError(f"{target}: the folder {target.parent} does not exist")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(s))
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temp.write_text(out.getvalue(), encoding="utf-8")
        os.replace(temp, target)
    except OSError:
        temp.unlink(missing_ok=True)
        raise
