"""brat standoff: a folder of ``NAME.txt`` + ``NAME.ann`` and an ``annotation.conf``, export only.

brat's server reads ``NAME.txt`` as UTF-8 with universal newlines and slices the Python string
with the offsets of ``NAME.ann``: offsets are code points, and a ``\\r`` would be read as (part
of) one newline, so a text holding ``\\r`` is refused rather than exported with shifted offsets.
A span crossing a line break is written as brat writes one, fragments split at the breaks
(``T1\\tQUOTE 5 20;21 30\\tfirst line second line``).

- ``T``: every span, its label as type (spaces as ``_``).
- ``R``: ``Speaker`` (quote's first segment -> nearest mention of its speaker), ``Cue``
  (segment -> cue), ``Continues`` (segment -> the segment before it in a quote),
  ``Claimer`` (claim -> nearest mention of its claimer entity).
- ``A``: ``QuoteType`` on a quote's first segment; ``Stance``, ``CheckWorthiness``, ``Verdict``
  and ``ClaimerKind`` (author, quote) on claims.
- ``N``: ``Reference Tn Wikidata:Q..`` for mentions of entities with a Wikidata id.
- ``#``: ``AnnotatorNotes`` with a span's note, its entity (name and id), a quote's note and
  free-text speaker, a claim's evidence.

``annotation.conf`` declares every span type under ``[entities]`` and lets any of them overlap
any other (``<OVERLAP>`` in ``[relations]``, ``<OVL-TYPE>:<ANY>``: nested, crossing or equal
spans); without it brat reports each overlap as an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from annotator.core.links import CUE_LABEL, CheckWorthiness, ClaimerKind, QuoteType, Stance, Verdict
from annotator.core.model import Layer, Span
from annotator.formats.jsonl import Record
from annotator.formats.peers.common import (
    PeerFormatError,
    nearest_mention,
    read_records,
    sorted_spans,
    speaker_mention,
)

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def export_brat(records: Iterable[Mapping[str, Any]]) -> Iterator[tuple[str, str]]:
    """``(file name, text)`` for each record's .txt and .ann, then ``annotation.conf``."""
    names: set[str] = set()
    types: dict[Layer, dict[str, None]] = {layer: {} for layer in Layer}
    for record in read_records(records):
        d = record.document
        if "\r" in d.text:
            raise PeerFormatError(
                f"document {d.title!r} ({d.id})",
                "",
                "its text holds a carriage return, which brat reads as a line end: its offsets "
                "would not match; nothing exported",
            )
        base = _safe(f"{d.id}.{record.annotator.id}")
        name, n = base, 1
        while name in names:
            n += 1
            name = f"{base}-{n}"
        names.add(name)
        for s in record.spans:
            types[s.layer][_type(s.label)] = None
        yield f"{name}.txt", d.text
        yield f"{name}.ann", "".join(line + "\n" for line in _ann(record))
    yield "annotation.conf", _conf(types)


def _safe(name: str) -> str:
    return _UNSAFE.sub("_", name).strip("._")[:120] or "document"


def _type(label: str) -> str:
    return re.sub(r"\s+", "_", label.strip())


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _fragments(span: Span) -> list[tuple[int, int]]:
    """The span's pieces between line breaks, as brat stores a span over several lines."""
    pieces, start = [], span.start
    for i, ch in enumerate(span.text, span.start):
        if ch == "\n":
            if i > start:
                pieces.append((start, i))
            start = i + 1
    if span.end > start:
        pieces.append((start, span.end))
    return pieces


def _ann(record: Record) -> Iterator[str]:
    spans = sorted_spans(record)
    t = {s.id: f"T{n}" for n, s in enumerate(spans, 1)}
    entities = {e.id: e for e in record.entities}
    notes: dict[str, list[str]] = {s.id: [s.note] if s.note else [] for s in spans}
    for s in spans:
        pieces = _fragments(s)
        if not pieces:
            raise PeerFormatError(
                f"document {record.document.id}", "", f"span {s.id!r} is only line breaks"
            )
        offsets = ";".join(f"{a} {b}" for a, b in pieces)
        shown = " ".join(record.document.text[a:b] for a, b in pieces)
        yield f"{t[s.id]}\t{_type(s.label)} {offsets}\t{shown}"
        if s.entity_id in entities:
            e = entities[s.entity_id]
            notes[s.id].append(f"entity: {e.name} [{e.id}]")
    relations: list[tuple[str, str, str]] = []
    attributes: list[tuple[str, str, str]] = []
    for q in record.quotes:
        first = q.segment_ids[0]
        mention = speaker_mention(record, q)
        if mention is not None:
            relations.append(("Speaker", first, mention.id))
        elif q.speaker_entity_id in entities:
            notes[first].append(f"speaker: {entities[q.speaker_entity_id].name} (not mentioned)")
        if q.cue_span_id is not None:
            relations.append(("Cue", first, q.cue_span_id))
        segments = q.segment_ids
        relations += [("Continues", b, a) for a, b in zip(segments, segments[1:], strict=False)]
        attributes.append(("QuoteType", first, q.quote_type.value))
        notes[first] += [f"speaker: {q.speaker_text}"] if q.speaker_text else []
        notes[first] += [f"quote note: {q.note}"] if q.note else []
    for c in record.claims:
        attributes += [
            ("Stance", c.span_id, c.stance.value),
            ("CheckWorthiness", c.span_id, c.check_worthiness.value),
            ("Verdict", c.span_id, c.verdict.value),
        ]
        if c.claimer_kind in (ClaimerKind.AUTHOR, ClaimerKind.QUOTE):
            attributes.append(("ClaimerKind", c.span_id, c.claimer_kind.value))
        claimer = nearest_mention(record, c.claimer_entity_id, c.span_id)
        if claimer is not None:
            relations.append(("Claimer", c.span_id, claimer.id))
        notes[c.span_id] += [f"evidence: {c.evidence}"] if c.evidence else []
    for n, (kind, a, b) in enumerate(relations, 1):
        yield f"R{n}\t{kind} Arg1:{t[a]} Arg2:{t[b]}"
    for n, (kind, target, value) in enumerate(attributes, 1):
        yield f"A{n}\t{kind} {t[target]} {value}"
    references = [s for s in spans if s.entity_id in entities and entities[s.entity_id].wikidata]
    for n, s in enumerate(references, 1):
        e = entities[str(s.entity_id)]
        yield f"N{n}\tReference {t[s.id]} Wikidata:{e.wikidata}\t{_one_line(e.name)}"
    written = [(s.id, "; ".join(notes[s.id])) for s in spans if notes[s.id]]
    for n, (span_id, note) in enumerate(written, 1):
        yield f"#{n}\tAnnotatorNotes {t[span_id]}\t{_one_line(note)}"


def _conf(types: dict[Layer, dict[str, None]]) -> str:
    entity = "|".join(sorted(types[Layer.ENTITY]))
    cue = _type(CUE_LABEL) if _type(CUE_LABEL) in types[Layer.QUOTE] else ""
    quote = "|".join(sorted(t for t in types[Layer.QUOTE] if t != cue))
    claim = "|".join(sorted(types[Layer.CLAIM]))
    labels = list(dict.fromkeys(t for layer in Layer for t in sorted(types[layer])))
    relations = [
        ("Speaker", quote, entity),
        ("Cue", quote, cue),
        ("Continues", quote, quote),
        ("Claimer", claim, entity),
    ]
    attributes = [
        ("QuoteType", quote, QuoteType),
        ("Stance", claim, Stance),
        ("CheckWorthiness", claim, CheckWorthiness),
        ("Verdict", claim, Verdict),
    ]
    lines = ["[entities]", *labels, "", "[relations]"]
    # Spans of any type may nest, cross or coincide (brat refuses every overlap it is not told
    # of: projectconfig.py's overlap_types, verify_annotations.py's verify_entity_overlap).
    lines.append("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>")
    lines += [f"{kind}\tArg1:{a}, Arg2:{b}" for kind, a, b in relations if a and b]
    lines += ["", "[events]", "", "[attributes]"]
    lines += [
        f"{kind}\tArg:{arg}, Value:{'|'.join(v.value for v in values)}"
        for kind, arg, values in attributes
        if arg
    ]
    if claim:
        lines.append(f"ClaimerKind\tArg:{claim}, Value:author|quote")
    return "\n".join(lines) + "\n"
