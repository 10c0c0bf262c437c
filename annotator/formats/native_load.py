"""Load native JSONL into a project: streamed, one transaction per file, all of it or nothing.

The rules (also in the README, "Export and import"): a line's document is the project's
document with the same text hash, else it is added (with a new id). Its annotator is added if
the project does not know the id. Spans, quotes and entities keep their ids; an entity already
in the project is used as it is there. If the project already holds work of the line's
annotator on that document, the line is skipped when that work is identical to the line
(loading the same file again) and the whole file is refused otherwise (the work was edited
since, here or there): two versions of one annotator's work are never merged or dropped
silently; two lines of one annotator on one document in one file refuse it too, naming both.
Labels the project lacks refuse the file (MissingLabels lists them) unless they are mapped
onto existing labels or added. A constraint of the project file that the rows break anyway is
said in these terms, never in SQLite's.

Bringing another annotator's work in (``replace_existing=True``, ``annotator add-work``) has
another rule for work already here: **their work replaces their previous work** on that
document (the deletion and the new rows are in the same transaction), so bringing the same
work in twice updates rather than duplicates; a line identical to what is here writes nothing.
Lines of ``own_annotator`` (the current annotator) and of the gold layer are left out and
reported: your own work, and the decisions made here, are never replaced from a file. An
entity already here with other content keeps this project's version, reported. With
``add_documents=False`` a line whose document is not here (no document with the same text
hash) is reported as not in this project and left out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from annotator.core.articles import first_sentence
from annotator.core.errors import AnnotatorError, SchemeError
from annotator.core.model import GOLD_ANNOTATOR_ID, Label, Layer, new_id, now_iso
from annotator.core.rows import BulkBatch, RowTarget
from annotator.core.scheme import validate
from annotator.formats.native_minimal import Filling
from annotator.formats.native_read import Line, Progress, line_of_record, read_checked
from annotator.formats.native_spec import JsonlError, Record
from annotator.storage.errors import BulkConflict

# Colours of labels added by an import (Okabe-Ito, then Paul Tol's muted): distinct, not keyed.
ADDED_COLOURS: tuple[str, ...] = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#CC79A7",
    "#D55E00",
    "#0072B2",
    "#882255",
)
ADDED_COLOURS += ("#44AA99", "#999933", "#AA4499", "#332288", "#117733", "#88CCEE", "#DDCC77")
_BATCH_SPANS = 20_000  # rows handed to SQLite at a time (memory stays flat on large files)


class MissingLabels(JsonlError):
    """The file uses labels the project does not have; ``labels`` lists (layer, name, first
    line) so that a caller can offer to add or map them."""

    def __init__(self, where: str, labels: list[tuple[str, str, int]], hint: str) -> None:
        listed = ", ".join(
            f"no {layer} label {name!r}" + (f" (first on line {n})" if n else "")
            for layer, name, n in labels
        )
        super().__init__(where, labels[0][2], f"the project has {listed}; {hint}")
        self.labels = labels


@dataclass
class LoadReport:
    """What loading did."""

    lines: int = 0
    documents_added: int = 0
    documents_matched: int = 0  # lines attached to a document the project already had
    spans: int = 0
    quotes: int = 0
    claims: int = 0
    entities_added: int = 0
    entities_reused: int = 0
    labels_added: list[str] = field(default_factory=list)  # "layer NAME"
    skipped: list[str] = field(default_factory=list)  # "file, line N: why"
    # Bringing work in (replace_existing); documents_matched then counts distinct documents.
    replaced: int = 0  # earlier work of one annotator on one document, replaced
    unchanged: int = 0  # lines identical to the work here: nothing written
    annotators: list[str] = field(default_factory=list)  # names whose work was written
    whose: dict[str, str] = field(default_factory=dict)  # id -> name of every line's annotator
    annotators_added: list[str] = field(default_factory=list)  # ids new to the project
    not_found: list[str] = field(default_factory=list)  # "file, line N: 'title'"
    own: list[str] = field(default_factory=list)  # lines of the current annotator, left out
    entity_conflicts: list[str] = field(default_factory=list)  # entities kept as they are here


def parse_label_map(items: Iterable[str]) -> dict[str, str]:
    """``["ORG=ORGANIZATION", ...]`` as a dict; AnnotatorError for a malformed item."""
    found: dict[str, str] = {}
    for item in items:
        source, sep, target = item.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise AnnotatorError(f"--map {item!r}: write it as FROM=TO, e.g. ORG=ORGANIZATION")
        found[source.strip()] = target.strip()
    return found


@dataclass(frozen=True)
class Rules:
    """How lines meet work already in the project (see the module docstring)."""

    replace_existing: bool = False  # their work replaces their previous work
    add_documents: bool = True  # False: a document not here is reported, not added
    own_annotator: str | None = None  # with replace_existing: lines of this id are left out


def load_file(
    rows: RowTarget,
    path: Path,
    *,
    add_labels: bool = False,
    label_map: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    rules: Rules | None = None,
    filling: Filling | None = None,
) -> LoadReport:
    """Load one file, read line by line, in one transaction (the rules are in the module
    docstring); minimal lines are completed with ``filling`` (``native_minimal``), refused
    without it. JsonlError names the file and line of the first problem; nothing is kept."""
    lines = read_checked(Path(path), progress, filling)
    return load_lines(
        rows, lines, str(path), add_labels=add_labels, label_map=label_map, rules=rules
    )


def load_into(
    rows: RowTarget,
    records: Iterable[Record],
    *,
    add_labels: bool = False,
    label_map: Mapping[str, str] | None = None,
) -> LoadReport:
    """Load records (e.g. ``read_lines(path)``) in one transaction, like ``load_file``."""
    lines = (line_of_record(r) for r in records)
    return load_lines(rows, lines, "records", add_labels=add_labels, label_map=label_map)


def load_lines(
    rows: RowTarget,
    lines: Iterable[Line],
    where: str,
    *,
    add_labels: bool = False,
    label_map: Mapping[str, str] | None = None,
    rules: Rules | None = None,
) -> LoadReport:
    """Load checked lines in one transaction; ``where`` names them in messages (a line's own
    ``where`` and ``line`` name it when set; ``line`` 0 means ``where`` says it all)."""
    loader = _Loader(rows, where, add_labels, dict(label_map or {}), rules or Rules())
    try:
        rows.write(loader.batches(lines))
    except BulkConflict as exc:
        raise loader.locate(exc) from None
    return loader.report


def differing_lines(
    rows: RowTarget, lines: Iterable[Line], label_map: Mapping[str, str] | None = None
) -> Iterator[Line]:
    """The lines whose annotator's work on their document differs from what ``rows`` holds
    (or on a document it lacks): ``load_lines`` bringing work in (``replace_existing``) skips
    the others (the same work, or no work where there is none), so they may be left out
    beforehand, compared on another connection (a team folder's reading, off the window's
    thread, leaves the write only what changed)."""
    doc_ids = rows.document_ids_by_sha()
    mapping = dict(label_map or {})
    for line in lines:
        doc_id = doc_ids.get(line.document[5])
        if doc_id is None:
            yield line
            continue
        spans = line.spans
        if mapping:
            spans = [(*s[:5], mapping.get(s[5], s[5]), *s[6:]) for s in line.spans]
        difference = _difference(rows, doc_id, line, spans)
        has_work = bool(line.spans) or line.status != "not_started"
        if difference or (difference is None and has_work):
            yield line


def _difference(
    rows: RowTarget, doc_id: str, line: Line, spans: Sequence[tuple[object, ...]]
) -> list[str] | None:
    """How the project's work of the line's annotator on the document differs from the
    line: None if the project holds none, [] if it is identical, else what differs."""
    who = line.annotator_id
    have: tuple[set[Any], set[Any], set[Any], str] = (
        {
            (s.id, s.start, s.end, s.text, s.layer.value, s.label, s.entity_id, s.note)
            for s in rows.spans(doc_id, who)
        },
        {
            (q.id, q.segment_ids, q.cue_span_id, q.speaker_entity_id, q.speaker_text)
            + (q.quote_type.value, q.note)
            for q in rows.quotes(doc_id, who)
        },
        {
            (c.span_id, c.claimer_kind.value, c.claimer_entity_id, c.stance.value)
            + (c.check_worthiness.value, c.verdict.value, c.evidence)
            for c in rows.claims(doc_id, who).values()
        },
        rows.status(doc_id, who).value,
    )
    if not have[0] and not have[1] and have[3] == "not_started":
        return None
    mine: tuple[set[Any], set[Any], set[Any], str] = (
        set(spans),
        {(q[0], tuple(q[1]), *q[2:]) for q in line.quotes},
        set(line.claims),
        line.status,
    )
    differ = [
        f"{len(a ^ b)} {kind} differ"
        for a, b, kind in zip(have[:3], mine[:3], ("spans", "quotes", "claims"), strict=True)
        if a != b
    ]
    if have[3] != mine[3]:
        differ.append(f"status {have[3]} in the project, {mine[3]} in the file")
    return differ


class _Loader:
    """Turns lines into batches of rows, checking each against the project as it goes (inside
    the write transaction, so what it reads is what the batches are written over)."""

    def __init__(
        self,
        rows: RowTarget,
        where: str,
        add_labels: bool,
        label_map: dict[str, str],
        rules: Rules,
    ) -> None:
        self.rows = rows
        self.where = where
        self.origin = where
        self.rules = rules
        self.replace = rules.replace_existing
        self.add_labels = add_labels
        self.label_map = label_map
        self.report = LoadReport()
        self.stamp = now_iso()
        self.missing: dict[tuple[str, str], int] = {}
        self.window: list[Line] = []  # the lines of the batch being written
        self.pairs: dict[tuple[str, str], str] = {}  # (text hash, annotator id) -> its place
        self.reused: set[str] = set()

    def batches(self, lines: Iterable[Line]) -> Iterator[BulkBatch]:
        rows = self.rows
        self.labels = {(label.layer.value, label.name) for label in rows.labels()}
        self.doc_ids = rows.document_ids_by_sha()
        self.before = set(self.doc_ids.values())
        self.entities = rows.entity_ids()
        self.entities_before = frozenset(self.entities)
        self.annotators = {a.id for a in rows.annotators()}
        self.stored_entities = rows.entity_rows() if self.replace else {}
        self.matched: set[str] = set()
        self.absent: set[str] = set()  # hashes of documents reported as not here
        self.names: dict[str, str] = {}  # annotators whose work was written
        batch = BulkBatch()
        seen = False
        for line in lines:
            seen = True
            if line.line:
                self.where = line.where or self.where
            self._take(line, batch)
            if self.missing:  # nothing will be written: check the rest, keep none of it
                batch = BulkBatch()
                continue
            self.window.append(line)
            if len(batch.spans) >= _BATCH_SPANS:
                yield batch
                batch, self.window = BulkBatch(), []
        if not seen:
            raise JsonlError(self.where, None, "it holds no annotations (it is empty)")
        if self.missing:
            raise MissingLabels(
                self.where,
                sorted(
                    ((*key, n) for key, n in self.missing.items()), key=lambda m: (m[2], m[0], m[1])
                ),
                "nothing from this file was imported: add them to the scheme, or map them onto "
                "labels the project has",
            )
        yield batch

    def _label(self, layer: str, name: str, line: Line, batch: BulkBatch) -> str:
        """The label ``name`` is stored under (mapped); added or noted as missing if new."""
        name = self.label_map.get(name, name)
        if (layer, name) in self.labels or (layer, name) in self.missing:
            return name
        if not self.add_labels:
            self.missing[layer, name] = line.line
            return name
        colour = ADDED_COLOURS[len(self.report.labels_added) % len(ADDED_COLOURS)]
        source = Path(line.where if line.line else self.origin).name
        label = Label(Layer(layer), name, colour, "", f"Added by importing {source}")
        try:
            validate([label])
        except SchemeError as exc:
            raise JsonlError(line.where, line.line, f"cannot add the label: {exc}") from None
        batch.labels.append(label)
        self.labels.add((layer, name))
        self.report.labels_added.append(f"{layer} {name}")
        return name

    def _take(self, line: Line, batch: BulkBatch) -> None:
        report, stamp, who = self.report, self.stamp, line.annotator_id
        has_work = bool(line.spans) or line.status != "not_started"
        if not self._admit(line, has_work):
            return
        self._once(line)

        def label(layer: str, name: str) -> str:
            return self._label(layer, name, line, batch)

        if self.label_map or self.add_labels:
            spans = [(*s[:5], label(s[4], s[5]), *s[6:]) for s in line.spans]
        else:
            spans = line.spans
            for layer, name in {(s[4], s[5]) for s in spans} - self.labels:
                label(layer, name)
        doc_id = self.doc_ids.get(line.document[5])
        if doc_id is None:
            doc_id = new_id()
            text, title, date, source, sha, meta = line.document[1:]
            title = title.strip() or first_sentence(text)
            batch.documents.append(
                (doc_id, sha, text, title, date, source or self.where, stamp, meta)
            )
            self.doc_ids[sha] = doc_id
            report.documents_added += 1
        elif doc_id in self.before:
            differences = self._compare(doc_id, line, spans)
            if not self.replace:
                if differences is not None:
                    self._refuse_or_skip(doc_id, line, differences)
                    return
                report.documents_matched += 1
            else:
                if doc_id not in self.matched:
                    self.matched.add(doc_id)
                    report.documents_matched += 1
                if differences == []:
                    report.unchanged += 1
                    return
                if differences:
                    batch.replace.append((doc_id, who))
                    report.replaced += 1
                    self._written(line)
        if self.replace and not has_work:
            return  # nothing of theirs on this document (any earlier work was deleted above)
        if who not in self.annotators:
            batch.annotators.append((who, line.annotator, stamp))
            self.annotators.add(who)
            report.annotators_added.append(who)
        report.whose.setdefault(who, line.annotator)
        for e in line.entities:
            if e[0] in self.entities:
                if e[0] in self.entities_before:
                    self.reused.add(e[0])
                    if self.replace:
                        self._compare_entity(e)
                continue
            self.entities.add(e[0])
            kind = label("entity", e[2])
            batch.entities.append((e[0], who, e[1], kind, json.dumps(e[3]), e[4], stamp, ""))
            report.entities_added += 1
        report.entities_reused = len(self.reused)
        batch.spans += [
            (s[0], doc_id, who, s[4], s[5], s[1], s[2], s[3], s[7], stamp, "", s[6]) for s in spans
        ]
        for q in line.quotes:
            batch.quotes.append((q[0], doc_id, who, q[2], q[3], q[4], q[5], q[6], stamp, ""))
            batch.segments += [(q[0], span_id, i) for i, span_id in enumerate(q[1])]
        batch.claims += [(*c, "") for c in line.claims]
        if line.status != "not_started":
            batch.statuses.append((doc_id, who, line.status, stamp))
        report.lines += 1
        report.spans += len(spans)
        report.quotes += len(line.quotes)
        report.claims += len(line.claims)
        if self.replace:
            self._written(line)

    def _admit(self, line: Line, has_work: bool) -> bool:
        """False for a line that is left out (and reported): the current annotator's own work
        when bringing work in, a document not here when documents are not added."""
        if self.replace and line.annotator_id in (self.rules.own_annotator, GOLD_ANNOTATOR_ID):
            whose = (
                "the gold layer: decisions made here are"
                if line.annotator_id == GOLD_ANNOTATOR_ID
                else "you: your own work is"
            )
            if has_work:
                self.report.own.append(
                    f"{_place(line)}: annotator {line.annotator!r} is {whose} never replaced "
                    f"from a file (document {_title(line)!r})"
                )
            return False
        sha = line.document[5]
        if self.rules.add_documents or sha in self.doc_ids:
            return True
        if sha not in self.absent:
            self.absent.add(sha)
            self.report.not_found.append(f"{_place(line)}: {_title(line)!r}")
        return False

    def _once(self, line: Line) -> None:
        """Refuse a second line of one annotator's work on one document in this import (a
        native file's own lines are checked by the reader; this also catches lines made one
        annotator's by ``--as``, and records of other tools' files)."""
        key = (line.document[5], line.annotator_id)
        first = self.pairs.get(key)
        if first is None:
            self.pairs[key] = _place(line) or self.where
            return
        raise JsonlError(
            line.where,
            line.line,
            f"annotator {line.annotator!r} ({line.annotator_id}) already has work on document "
            f"{_title(line)!r} at {first}: one annotator's work on one document is one line or "
            "record (is it there twice, or were two people's lines made one annotator's?), so "
            "nothing from this file was imported",
        )

    def _written(self, line: Line) -> None:
        if line.annotator_id not in self.names:
            self.names[line.annotator_id] = line.annotator
            self.report.annotators.append(line.annotator)

    def _compare_entity(self, e: tuple[str, str, str, list[str], str]) -> None:
        """Report an entity whose content here differs from the line's (ours is kept)."""
        here = self.stored_entities.get(e[0])
        theirs = (e[1], self.label_map.get(e[2], e[2]), list(e[3]), e[4] or "")
        if here is None or (here[1], here[2], list(here[3]), here[4] or "") == theirs:
            return
        note = (
            f"entity {here[1]!r} ({e[0]}): the file has it as {e[1]!r} ({theirs[1]}) with other "
            "details; this project's version was kept"
        )
        if note not in self.report.entity_conflicts:
            self.report.entity_conflicts.append(note)

    def _compare(
        self, doc_id: str, line: Line, spans: Sequence[tuple[object, ...]]
    ) -> list[str] | None:
        return _difference(self.rows, doc_id, line, spans)

    def _refuse_or_skip(self, doc_id: str, line: Line, differences: list[str]) -> None:
        """The plain rule: identical work is skipped, a different version refuses the file."""
        title = self.rows.document(doc_id).title
        if not differences:
            self.report.skipped.append(
                f"{_place(line)}: already in the project (document {title!r}, annotator "
                f"{line.annotator!r}): skipped"
            )
            return
        raise JsonlError(
            line.where,
            line.line,
            f"annotator {line.annotator!r} ({line.annotator_id}) already has other annotations "
            f"on document {title!r} ({doc_id}) in the project ({', '.join(differences)}): one "
            "of the two was edited after the other was written. Two versions of one annotator's "
            "work are not merged, so nothing from this file was imported",
        )

    def locate(self, conflict: BulkConflict) -> JsonlError:
        """After a refused write (rolled back): the line and id that caused it. (Ids of the
        work a line replaces are its own, not a conflict.)"""
        lookups: tuple[tuple[str, Callable[[Line], list[str]], Callable[[str], Owned]], ...] = (
            ("span", lambda line: [s[0] for s in line.spans], self.rows.span),
            ("quote", lambda line: [q[0] for q in line.quotes], self.rows.quote),
        )
        for line in self.window:
            own = (self.doc_ids.get(line.document[5]), line.annotator_id)
            for kind, ids, lookup in lookups:
                for found in ids(line):
                    held = _held(lookup, found)
                    if held is None or (self.replace and held == own):
                        continue
                    return JsonlError(
                        line.where,
                        line.line,
                        f"{kind} id {found!r} is already used in the project (for another "
                        "document or annotator); nothing from this file was imported",
                    )
        places = [_place(line) for line in self.window] or [self.where]
        at = places[0] if len(places) == 1 else f"{places[0]} to {places[-1]}"
        return JsonlError(
            self.where,
            None,
            f"{_broken_rule(str(conflict))} (somewhere in {at}); nothing from this file was "
            "imported",
        )


_RULES = (
    ("spans.id", "a span id of the file is already used in the project"),
    ("quotes.id", "a quote id of the file is already used in the project"),
    ("document_status", "one annotator's status on one document is given twice"),
    ("quote_segments", "a span is a segment of two quotes"),
    ("claims.span_id", "a claim span has two claim entries"),
    ("entities.id", "an entity id of the file is already used in the project"),
    ("documents", "one document is given twice"),
    ("labels", "a label is added twice"),
    ("FOREIGN KEY", "a row refers to a span, entity or annotator the project does not hold"),
)


def _broken_rule(message: str) -> str:
    """A broken constraint of the project file in the user's words."""
    for key, words in _RULES:
        if key in message:
            return words
    return "the file's rows do not fit the project's rules"


class Owned(Protocol):
    """A stored span or quote: whose, on which document."""

    @property
    def document_id(self) -> str: ...

    @property
    def annotator_id(self) -> str: ...


def _held(lookup: Callable[[str], Owned], key: str) -> tuple[str, str] | None:
    """(document id, annotator id) of the stored span or quote ``key``; None if there is none."""
    try:
        found = lookup(key)
    except KeyError:
        return None
    return found.document_id, found.annotator_id


def _place(line: Line) -> str:
    return f"{line.where}, line {line.line}" if line.line else line.where


def _title(line: Line) -> str:
    return line.document[2].strip() or first_sentence(line.document[1])
