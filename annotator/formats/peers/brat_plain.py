"""brat annotations onto our scheme, the ``plain`` mapping (any brat corpus, and our own
export read back; what the mappings share is in ``brat_map``): each ``T`` type is a label of
the project (its layer from the project's scheme, else entity; ``--map`` renames; ``_`` stands for a
space where the project has the label with spaces, as our export writes it). Fragments that
only whitespace separates are one span (brat splits a span at line breaks); other fragments of
a quote span are one quote's segments, of any other span separate spans (reported). Our
export's relations ``Speaker``, ``Cue``, ``Continues``, ``Claimer``, attributes ``QuoteType``,
``Stance``, ``CheckWorthiness``, ``Verdict``, ``ClaimerKind``, ``Reference`` normalisations to
Wikidata and its ``AnnotatorNotes`` (``entity: NAME [ID]``, ``speaker: ...``, ``quote note:
...``, ``evidence: ...``, anything else the span's note) are read back; ``*  Equiv`` lines make
their entity mentions one entity. Events, and relations and attributes of other names, are
reported.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from annotator.core.links import (
    CUE_LABEL,
    CheckWorthiness,
    Claim,
    ClaimerKind,
    QuoteType,
    Stance,
    Verdict,
)
from annotator.core.model import Layer
from annotator.formats.peers.brat_map import MappedRecord, Target, Unmapped
from annotator.formats.peers.brat_read import Ann

_ENTITY_NOTE = re.compile(r"entity: (?P<name>.*) \[(?P<id>[^\[\]]+)\]$")


def map_plain(
    ann: Ann, target: Target, unmapped: Unmapped, layers: dict[str, Layer]
) -> dict[str, Any] | None:
    r = MappedRecord(ann, target, unmapped)
    triggers = {e.trigger for e in ann.events.values()}  # reported with their events
    for t in ann.spans.values():
        if t.id in triggers:
            continue
        spaced = t.type.replace("_", " ")  # our export writes a label's spaces as _
        label = spaced if t.type not in layers and spaced in layers else t.type
        layer = layers.get(label, Layer.ENTITY)
        pieces = r.pieces(t)
        r.of_t[t.id] = [r.span(layer, label, a, b) for a, b in pieces]
        if len(pieces) > 1 and not (layer is Layer.QUOTE and label != CUE_LABEL):
            r.report("span in pieces (one span per piece)", t.line)
    quotes: dict[str, dict[str, Any]] = {}  # first segment -> parts of its quote
    claims: dict[str, dict[str, Any]] = {}

    def first(tid: str) -> str | None:
        ids = r.of_t.get(tid)
        return ids[0] if ids else None

    def segment(span_id: str | None) -> bool:
        s = r.spans.get(span_id or "")
        return s is not None and s.layer is Layer.QUOTE and s.label != CUE_LABEL

    def quote_of(span_id: str) -> dict[str, Any]:
        return quotes.setdefault(span_id, {})

    group: dict[str, list[str]] = {}  # first piece of a quote T -> all its pieces
    for ids in r.of_t.values():
        if len(ids) > 1 and segment(ids[0]):
            group[ids[0]] = ids
    inner = {i for ids in group.values() for i in ids[1:]}
    follows: dict[str, str] = {}  # segment -> the segment before it in its quote
    for rel in ann.relations:
        args = dict(rel.args)
        a, b = first(args.get("Arg1", "")), first(args.get("Arg2", ""))
        if a is None or b is None:
            r.report("relation argument missing", rel.line, "an argument is no T line read")
            continue
        if rel.type == "Continues" and segment(a) and segment(b):
            follows[a] = b
        elif rel.type == "Speaker" and segment(a) and r.spans[b].layer is Layer.ENTITY:
            quote_of(a)["speaker"] = b
        elif rel.type == "Cue" and segment(a) and r.spans[b].label == CUE_LABEL:
            quote_of(a)["cue"] = b
        elif rel.type == "Claimer" and r.spans[a].layer is Layer.CLAIM:
            claims.setdefault(a, {})["claimer"] = b
        else:
            r.report(f"relation {rel.type} (not mapped)", rel.line)
    for attr in ann.attributes:
        sid = first(attr.target)
        if sid is None:
            r.report("attribute of a missing span", attr.line)
            continue
        try:
            if attr.name == "QuoteType" and segment(sid):
                quote_of(sid)["type"] = QuoteType(attr.value)
            elif attr.name in ("Stance", "CheckWorthiness", "Verdict", "ClaimerKind") and (
                r.spans[sid].layer is Layer.CLAIM
            ):
                kinds = {
                    "Stance": Stance,
                    "CheckWorthiness": CheckWorthiness,
                    "Verdict": Verdict,
                    "ClaimerKind": ClaimerKind,
                }
                claims.setdefault(sid, {})[attr.name] = kinds[attr.name](attr.value)
            else:
                r.report(f"attribute {attr.name} (not mapped)", attr.line)
        except ValueError:
            r.report(f"attribute {attr.name} value unknown", attr.line, repr(attr.value))
    # notes: our export's pieces first, the rest is the span's own note
    for note in ann.notes:
        sid = first(note.target)
        if sid is None:
            r.report(f"note {note.kind} of a missing span", note.line)
            continue
        if note.kind == "Reference" and note.reference.startswith("Wikidata:"):
            wikidata = note.reference.split(":", 1)[1].strip()
            name = " ".join(note.text.split())
            if not wikidata or not (r.spans[sid].entity_id or name):
                # checked here, not when the record is written: the rest of the file imports
                what = "no Wikidata id" if not wikidata else "no entity name (its text is empty)"
                r.report("Reference note not imported", note.line, what)
                continue
            eid = r.spans[sid].entity_id or r.entity(r.spans[sid].label, name)
            for i in r.of_t.get(note.target, []):
                r.link(i, eid)
            r.entities[eid] = replace(r.entities[eid], wikidata=wikidata)
            continue
        if note.kind != "AnnotatorNotes":
            r.report(f"note {note.kind} (not mapped)", note.line)
            continue
        own: list[str] = []
        for piece in note.text.split("; "):
            found = _ENTITY_NOTE.match(piece)
            if found and r.spans[sid].layer is Layer.ENTITY:
                old = r.entities.get(found["id"])
                eid = r.entity(r.spans[sid].label, found["name"], found["id"])
                if old is None and r.spans[sid].entity_id in r.entities:
                    wikidata = r.entities[str(r.spans[sid].entity_id)].wikidata
                    r.entities[eid] = replace(r.entities[eid], wikidata=wikidata)
                for i in r.of_t.get(note.target, []):
                    r.link(i, eid)
            elif piece.startswith("speaker: ") and segment(sid):
                said = piece.removeprefix("speaker: ")
                if not said.endswith(" (not mentioned)"):
                    quote_of(sid)["speaker_text"] = said
                else:
                    r.report("speaker not mentioned in the text", note.line, said[:40])
            elif piece.startswith("quote note: ") and segment(sid):
                quote_of(sid)["note"] = piece.removeprefix("quote note: ")
            elif piece.startswith("evidence: ") and r.spans[sid].layer is Layer.CLAIM:
                claims.setdefault(sid, {})["evidence"] = piece.removeprefix("evidence: ")
            else:
                own.append(piece)
        if own:
            r.note(sid, "; ".join(own))
    for kind, ids, line in ann.equivalences:
        mentions = [first(i) for i in ids]
        found_ids = [m for m in mentions if m and r.spans[m].layer is Layer.ENTITY]
        if kind != "Equiv" or len(found_ids) < 2:
            r.report(f"equivalence {kind} (not mapped)", line)
            continue
        head = r.spans[found_ids[0]]
        eid = head.entity_id or r.entity(head.label, " ".join(head.text.split()))
        for m in found_ids:
            r.link(m, eid)
    for event in ann.events.values():
        r.report(f"event {event.type} (not mapped)", event.line, "its trigger not imported")
    # quotes: chains of Continues from each first segment, then quote spans left over
    after = {b: a for a, b in follows.items()}  # segment -> the one after it
    starts = [s for s in r.spans if segment(s) and s not in follows and s not in inner]
    for start in sorted(starts, key=lambda s: (r.spans[s].start, r.spans[s].end)):
        chain = list(group.get(start, [start]))
        while chain[-1] in after and after[chain[-1]] not in chain:
            chain.append(after[chain[-1]])
        parts = quotes.get(start, {})
        mention = parts.get("speaker")
        speaker = None
        if mention is not None:
            speaker = r.spans[mention].entity_id or r.entity(
                r.spans[mention].label, " ".join(r.spans[mention].text.split())
            )
            r.link(mention, speaker)
        line = next((t.line for t in ann.spans.values() if start in r.of_t.get(t.id, [])), 0)
        r.quote(
            list(dict.fromkeys(chain)),
            parts.get("cue"),
            line,
            speaker=speaker,
            speaker_text=parts.get("speaker_text", ""),
            kind=parts.get("type", QuoteType.DIRECT),
            note=parts.get("note", ""),
        )
    for sid, s in r.spans.items():
        if s.layer is not Layer.CLAIM:
            continue
        c = claims.get(sid, {})
        claimer = c.get("claimer")
        entity = None
        if claimer is not None and r.spans[claimer].layer is Layer.ENTITY:
            entity = r.spans[claimer].entity_id or r.entity(
                r.spans[claimer].label, " ".join(r.spans[claimer].text.split())
            )
            r.link(claimer, entity)
        kind = c.get("ClaimerKind", ClaimerKind.ENTITY if entity else ClaimerKind.UNSET)
        r.claims[sid] = Claim(
            sid,
            kind,
            entity,
            c.get("Stance", Stance.ASSERTS),
            c.get("CheckWorthiness", CheckWorthiness.UNSURE),
            c.get("Verdict", Verdict.UNVERIFIED),
            c.get("evidence", ""),
        )
    return r.finish()
