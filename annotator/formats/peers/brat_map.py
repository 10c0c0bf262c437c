"""brat annotations onto our scheme: one ``.ann`` (``brat_read.Ann``) and its text become one
native record (one annotator's work on one document); what has no place in our scheme is
reported by kind, file and line (``Unmapped``), never dropped in silence.

Two mappings:

``plain`` (any brat corpus, and our own export read back): each ``T`` type is a label of the
project (its layer from the project's scheme, else entity; ``--map`` renames; ``_`` stands for a
space where the project has the label with spaces, as our export writes it). Fragments that
only whitespace separates are one span (brat splits a span at line breaks); other fragments of
a quote span are one quote's segments, of any other span separate spans (reported). Our
export's relations ``Speaker``, ``Cue``, ``Continues``, ``Claimer``, attributes ``QuoteType``,
``Stance``, ``CheckWorthiness``, ``Verdict``, ``ClaimerKind``, ``Reference`` normalisations to
Wikidata and its ``AnnotatorNotes`` (``entity: NAME [ID]``, ``speaker: ...``, ``quote note:
...``, ``evidence: ...``, anything else the span's note) are read back; ``*  Equiv`` lines make
their entity mentions one entity. Events, and relations and attributes of other names, are
reported.

``polnear`` (attribution corpora: types Source, Cue, Content, Attribution): each
``Attribution`` (or ``Attribution-no-source``) event is a quote: its Content fragments
(``Content``, ``Content2``...) are QUOTE segments, its Cue a CUE span, its Source the speaker.
A Source that names someone (``brat_sources.source_entity``: "Sen. Ted Cruz", "the
Associated Press") is a PERSON or ORGANIZATION mention linked to an entity of that name
("Ted Cruz"), which is the quote's speaker; any other Source ("he", "we", "officials", "a
spokesman") is a SOURCE span and the quote's speaker text, without an entity. Content in
quotation marks is a direct quote, with none an indirect one, quoted words inside reported
speech partial, quoted and unquoted segments mixed. The event's trigger (a copy
of the Cue) needs no span of its own; a trigger that is not its event's cue is reported (a
trigger typed as a cue, or any trigger with a mapping file's ``"trigger": "cue"``, is the
cue of an event without a cue role).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import orjson

from annotator.core.errors import AnnotatorError
from annotator.core.files import not_a_file
from annotator.core.links import (
    CUE_LABEL,
    CheckWorthiness,
    Claim,
    ClaimerKind,
    Entity,
    Quote,
    QuoteType,
    Stance,
    Verdict,
)
from annotator.core.model import Annotator, Document, Layer, Span, Status, text_sha256
from annotator.formats.ids import stable_id
from annotator.formats.jsonl import JsonlError
from annotator.formats.native_write import write_document_line
from annotator.formats.peers.brat_corpus import Metadata
from annotator.formats.peers.brat_read import Ann, TextBound
from annotator.formats.peers.brat_sources import source_entity

PLAIN, POLNEAR = "plain", "polnear"
MAPPINGS = (PLAIN, POLNEAR)
QUOTE_LABEL, SOURCE_LABEL = "QUOTE", "SOURCE"
POLNEAR_LABELS = {SOURCE_LABEL: Layer.ENTITY}  # labels this mapping may need to add
ATTRIBUTION = ("Attribution", "Attribution-no-source")
POLNEAR_TYPES = frozenset({"Source", "Cue", "Content", *ATTRIBUTION, "Discuss", "Discard"})
EXAMPLES = 3

_QUOTES_OPEN = "\"“”'‘«„"
_QUOTES_CLOSE = "\"”“'’»"


@dataclass
class Unmapped:
    """What a brat import did not take: counts by kind, a few places of each."""

    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, where: str, detail: str = "") -> None:
        self.counts[kind] += 1
        shown = self.examples.setdefault(kind, [])
        if len(shown) < EXAMPLES:
            shown.append(f"{where} ({detail})" if detail else where)

    def lines(self) -> list[str]:
        """One line per kind, most frequent first: ``12 × kind (e.g. FILE:LINE (why), ...)``."""
        return [
            f"{n} × {kind} (e.g. {'; '.join(self.examples[kind])})"
            for kind, n in sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]

    def __bool__(self) -> bool:
        return bool(self.counts)


def choose_mapping(types: set[str], events: set[str]) -> str:
    """``polnear`` for attribution corpora (Attribution events, or only its types), else
    ``plain``."""
    if events & set(ATTRIBUTION) or (types and types <= POLNEAR_TYPES and "Content" in types):
        return POLNEAR
    return PLAIN


@dataclass
class Target:
    """Where one ``.ann`` goes: the document's text, name and metadata, and whose work it is."""

    text: str
    name: str  # the text file's name, kept as the document's source
    who: Annotator
    metadata: Metadata | None = None
    # The entities known so far (the project's, then those of the import's earlier files), by
    # ``registry_key`` (annotator id, type, name or alias casefolded): a speaker or mention of
    # that name is linked to the entity already there, not made anew. Shared by the files of
    # one import; each record adds the entities it makes.
    registry: Registry = field(default_factory=dict)


Registry = dict[tuple[str, str, str], list[Entity]]


def registry_key(annotator_id: str, label: str, name: str) -> tuple[str, str, str]:
    return annotator_id, label, " ".join(name.split()).casefold()


def new_registry(entities: Iterable[Entity]) -> Registry:
    """The entities by ``registry_key``; those of one key ordered by id (a fixed choice)."""
    found: Registry = {}
    for e in sorted(entities, key=lambda e: e.id):
        for name in dict.fromkeys(e.names):
            found.setdefault(registry_key(e.annotator_id, e.type, name), []).append(e)
    return found


def registered(registry: Registry, annotator_id: str, label: str, name: str) -> Entity | None:
    """The entity of that name: one named exactly so first (two entities whose names differ
    only in case, as an older import made), else the first of its key."""
    found = registry.get(registry_key(annotator_id, label, name), [])
    exact = " ".join(name.split())
    return next((e for e in found if exact in e.names), found[0] if found else None)


def register(registry: Registry, entity: Entity) -> None:
    for name in dict.fromkeys(entity.names):
        known = registry.setdefault(registry_key(entity.annotator_id, entity.type, name), [])
        if all(e.id != entity.id for e in known):
            known.append(entity)


class _Record:
    """One record being built: spans by id, entities, quotes, claims."""

    def __init__(self, ann: Ann, target: Target, unmapped: Unmapped) -> None:
        self.ann, self.target, self.unmapped = ann, target, unmapped
        self.text = target.text
        self.who = target.who
        self.sha = text_sha256(self.text)
        self.spans: dict[str, Span] = {}
        self.of_t: dict[str, list[str]] = {}  # brat T id -> our span ids
        self.entities: dict[str, Entity] = {}
        self.quotes: list[Quote] = []
        self.used: set[str] = set()  # span ids in a quote (as a segment or cue)
        self.claims: dict[str, Claim] = {}

    def report(self, kind: str, line: int | None, detail: str = "") -> None:
        where = f"{self.ann.name}:{line}" if line else self.ann.name
        self.unmapped.add(kind, where, detail)

    def span(self, layer: Layer, label: str, start: int, end: int) -> str:
        sid = stable_id("span", self.who.id, self.sha, start, end, label)
        if sid not in self.spans:
            self.spans[sid] = Span(
                sid, "", self.who.id, layer, label, start, end, self.text[start:end]
            )
        return sid

    def pieces(self, t: TextBound) -> list[tuple[int, int]]:
        """The T's fragments, those only whitespace separates joined."""
        merged: list[tuple[int, int]] = []
        for a, b in sorted(t.fragments):
            if merged and (a <= merged[-1][1] or not self.text[merged[-1][1] : a].strip()):
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        return merged

    def entity(self, label: str, name: str, entity_id: str | None = None) -> str:
        known = None if entity_id else registered(self.target.registry, self.who.id, label, name)
        if known is not None:
            self.entities.setdefault(known.id, known)
            return known.id
        # the id from the key the registry looks names up by: "Politico" and "POLITICO" are
        # one entity, in this file, in the import's other files, and when imported again
        eid = entity_id or stable_id("entity", *registry_key(self.who.id, label, name))
        if eid not in self.entities:
            self.entities[eid] = Entity(eid, self.who.id, name, label)
        return eid

    def link(self, span_id: str, entity_id: str) -> None:
        self.spans[span_id] = replace(self.spans[span_id], entity_id=entity_id)

    def note(self, span_id: str, text: str) -> None:
        old = self.spans[span_id].note
        self.spans[span_id] = replace(self.spans[span_id], note=f"{old}\n{text}" if old else text)

    def quote(
        self,
        segments: list[str],
        cue: str | None,
        line: int,
        *,
        speaker: str | None = None,
        speaker_text: str = "",
        kind: QuoteType = QuoteType.DIRECT,
        note: str = "",
    ) -> Quote | None:
        taken = [s for s in [*segments, *([cue] if cue else [])] if s in self.used]
        if taken:
            self.report(
                "span already in another quote",
                line,
                f"{self.spans[taken[0]].text[:40]!r}; this quote left out",
            )
            return None
        self.used.update(segments)
        if cue:
            self.used.add(cue)
        q = Quote(
            stable_id("quote", self.who.id, *segments),
            "",
            self.who.id,
            tuple(segments),
            cue,
            speaker,
            speaker_text,
            kind,
            note,
        )
        self.quotes.append(q)
        return q

    def finish(self) -> dict[str, Any] | None:
        meta = self.target.metadata or Metadata()
        doc_id = stable_id("brat-document", self.sha)
        document = Document(
            doc_id,
            self.text,
            meta.title,
            meta.date,
            meta.source or self.target.name,
            meta=meta.meta or {},
        )
        spans = [replace(s, document_id=doc_id) for s in self.spans.values()]
        quotes = [replace(q, document_id=doc_id) for q in self.quotes]
        used = {s.entity_id for s in spans} | {q.speaker_entity_id for q in quotes}
        used |= {c.claimer_entity_id for c in self.claims.values()}
        kept = [e for e in self.entities.values() if e.id in used]
        try:
            line = write_document_line(
                document, self.who, Status.DONE, spans, quotes, self.claims.values(), kept
            )
        except JsonlError as exc:
            self.report("file not imported", None, exc.reason)
            return None
        for entity in kept:
            register(self.target.registry, entity)
        record: dict[str, Any] = orjson.loads(line)
        return record


# -- polnear ---------------------------------------------------------------------------------


def quote_type(segments: list[str]) -> QuoteType:
    """Direct when every segment is in quotation marks (a segment that opens a quote and runs
    to its end unclosed, as a quote over paragraphs does, counts); indirect when none holds a
    quotation mark; mixed when some segments are quoted and others not; else partial (quoted
    words inside reported speech: 'said the plan was “a disaster”')."""
    quoted = [_quoted(text) for text in segments]
    if all(quoted):
        return QuoteType.DIRECT
    if not any(quoted) and not any(_DOUBLE & set(text) for text in segments):
        return QuoteType.INDIRECT
    return QuoteType.MIXED if any(quoted) else QuoteType.PARTIAL


_DOUBLE = frozenset('"“”«»„')


def _quoted(text: str) -> bool:
    inner = text.strip().rstrip(".,;:!?")
    if len(inner) < 2 or inner[0] not in _QUOTES_OPEN:
        return False
    return inner[-1] in _QUOTES_CLOSE or not (_DOUBLE & set(inner[1:]))


@dataclass(frozen=True)
class QuoteScheme:
    """How a corpus's events become quotes: which event types, and what each role is (a role's
    trailing digits aside: ``Content2`` is ``Content``). ``labels``: T types outside those
    events kept as spans with our label (the rest is reported)."""

    events: frozenset[str]
    segments: frozenset[str]
    cues: frozenset[str]
    speakers: frozenset[str]
    labels: Mapping[str, str] = field(default_factory=dict)
    trigger_is_cue: bool = False  # the event's trigger is its cue when no role gives one

    @property
    def roles(self) -> frozenset[str]:
        return self.segments | self.cues | self.speakers

    def kind_of(self, role: str) -> str | None:
        """ "segment", "cue" or "speaker" for an event role, None for another."""
        for kind, names in (("segment", self.segments), ("cue", self.cues)):
            if role in names:
                return kind
        return "speaker" if role in self.speakers else None


POLNEAR_SCHEME = QuoteScheme(
    frozenset(ATTRIBUTION), frozenset({"Content"}), frozenset({"Cue"}), frozenset({"Source"})
)
ROLE_KINDS = ("segment", "cue", "speaker")


def read_quote_scheme(path: Path) -> QuoteScheme:
    """A mapping file (JSON): ``{"quote_events": [...], "roles": {ROLE: "segment" | "cue" |
    "speaker"}, "labels": {TYPE: LABEL}, "trigger": "cue"}`` (``trigger``, optional: the
    event's trigger is the quote's cue when no role gives one); AnnotatorError naming the file
    for anything else."""
    where = f"--brat-mapping {path}"
    why = not_a_file(path)  # a FIFO would be waited on for ever
    if why:
        raise AnnotatorError(f"{where} {why}")
    try:
        obj = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise AnnotatorError(f"{where}: cannot be read ({exc.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AnnotatorError(f"{where}: not a JSON mapping ({exc})") from None
    known = {"quote_events", "roles", "labels", "trigger"}
    if not isinstance(obj, dict) or set(obj) - known:
        raise AnnotatorError(f"{where}: an object with the keys {', '.join(sorted(known))}")
    events, roles, labels = obj.get("quote_events"), obj.get("roles"), obj.get("labels", {})
    if not (isinstance(events, list) and events and all(isinstance(e, str) for e in events)):
        raise AnnotatorError(f"{where}: 'quote_events' must list the event types of quotes")
    if not (
        isinstance(roles, dict)
        and all(isinstance(k, str) and v in ROLE_KINDS for k, v in roles.items())
        and "segment" in roles.values()
    ):
        raise AnnotatorError(
            f"{where}: 'roles' must give each event role one of {', '.join(ROLE_KINDS)} "
            "(a segment role at least)"
        )
    if not (isinstance(labels, dict) and all(isinstance(v, str) for v in labels.values())):
        raise AnnotatorError(f"{where}: 'labels' must map T types to labels")
    if obj.get("trigger", "cue") != "cue":
        raise AnnotatorError(f"{where}: 'trigger' can only be \"cue\" (or left out)")

    def of(kind: str) -> frozenset[str]:
        return frozenset(role for role, what in roles.items() if what == kind)

    return QuoteScheme(
        frozenset(events),
        of("segment"),
        of("cue"),
        of("speaker"),
        dict(labels),
        trigger_is_cue="trigger" in obj,
    )


def map_quotes(
    ann: Ann,
    target: Target,
    unmapped: Unmapped,
    scheme: QuoteScheme,
    layers: Mapping[str, Layer],
) -> dict[str, Any] | None:
    """A corpus whose events are quotes (``scheme``; PolNeAR's by default)."""
    r = _Record(ann, target, unmapped)
    placed: set[str] = set()  # T ids an event used
    segment_roles = "/".join(sorted(scheme.segments))
    for event in ann.events.values():
        if event.type not in scheme.events:
            r.report(f"event {event.type} (not mapped)", event.line)
            continue
        placed.add(event.trigger)
        if event.trigger not in ann.spans:
            r.report("event trigger missing", event.line, f"{event.trigger} is no T line read")
        roles: dict[str, list[TextBound]] = {}
        for role, tid in event.args:
            t = ann.spans.get(tid)
            if t is None:
                r.report("event argument missing", event.line, f"{role}:{tid} is no T line read")
                continue
            base = role.rstrip("0123456789")
            kind = scheme.kind_of(base)
            if kind is None:
                r.report(f"event role {role} (not mapped)", event.line)
                continue
            placed.add(tid)
            roles.setdefault(kind, []).append(t)
        contents = roles.get("segment", [])
        if not contents:
            r.report(f"attribution without {segment_roles}", event.line, "no quote made")
            continue
        segments: list[str] = []
        for t in contents:
            segments += [r.span(Layer.QUOTE, QUOTE_LABEL, a, b) for a, b in r.pieces(t)]
        segments = sorted(dict.fromkeys(segments), key=lambda s: r.spans[s].start)
        trigger = ann.spans.get(event.trigger)
        as_cue = trigger is not None and (
            scheme.trigger_is_cue or scheme.kind_of(trigger.type.rstrip("0123456789")) == "cue"
        )
        if trigger is not None and as_cue and not roles.get("cue"):
            roles["cue"] = [trigger]  # a trigger typed as a cue, or "trigger": "cue"
        elif trigger is not None and all(
            r.pieces(trigger) != r.pieces(t) for t in roles.get("cue", [])
        ):  # PolNeAR's trigger copies the Cue: nothing is lost; anything else is reported
            r.report(
                "event trigger (not mapped)",
                event.line,
                f"{trigger.type} {' '.join(trigger.shown.split())[:40]!r}",
            )
        cue = None
        for t in roles.get("cue", [])[:1]:
            pieces = r.pieces(t)
            cue = r.span(Layer.QUOTE, CUE_LABEL, *pieces[0])
            if len(pieces) > 1:
                r.report("cue in pieces", t.line, "its first piece is the quote's cue")
        for t in roles.get("cue", [])[1:]:
            r.report("second cue of an attribution", t.line)
        speaker, speaker_text = None, ""
        sources = roles.get("speaker", [])
        for t in sources[1:]:
            r.report("second source of an attribution", t.line)
        for t in sources[:1]:
            said = " ".join(" ".join(r.text[a:b] for a, b in r.pieces(t)).split())
            named = source_entity(said)
            label = named[0] if named else SOURCE_LABEL
            ids = [r.span(Layer.ENTITY, label, a, b) for a, b in r.pieces(t)]
            if named is None:
                speaker_text = said
            else:
                speaker = r.entity(*named)
                for sid in ids:
                    r.link(sid, speaker)
        r.quote(
            segments,
            cue,
            event.line,
            speaker=speaker,
            speaker_text=speaker_text,
            kind=quote_type([r.spans[s].text for s in segments]),
        )
    for t in ann.spans.values():
        if t.id in placed:
            continue
        if t.type in scheme.labels:
            label = scheme.labels[t.type]
            layer = layers.get(label, Layer.ENTITY)
            r.of_t[t.id] = [r.span(layer, label, a, b) for a, b in r.pieces(t)]
            continue
        what = "in no attribution" if t.type in scheme.roles else "not mapped"
        r.report(f"T {t.type} ({what})", t.line)
    _notes(r, ann)
    for rel in ann.relations:
        r.report(f"relation {rel.type} (not mapped)", rel.line)
    for attr in ann.attributes:
        r.report(f"attribute {attr.name} (not mapped)", attr.line)
    for _, _, line in ann.equivalences:
        r.report("equivalence (not mapped)", line)
    return r.finish()


def _notes(r: _Record, ann: Ann) -> None:
    for note in ann.notes:
        spans = r.of_t.get(note.target) or _spans_of(r, ann, note.target)
        target = ann.spans.get(note.target)
        if note.kind == "AnnotatorNotes" and spans:
            r.note(spans[0], note.text)
        elif note.kind == "AnnotatorNotes" and target is not None:
            r.report(f"note on a T {target.type} (not mapped)", note.line)
        else:
            r.report(f"note {note.kind} (not mapped)", note.line)


def _spans_of(r: _Record, ann: Ann, tid: str) -> list[str]:
    """Our spans made from brat's ``tid`` (found by offsets), if any."""
    t = ann.spans.get(tid)
    if t is None:
        return []
    pieces = r.pieces(t)
    return [s.id for s in r.spans.values() if (s.start, s.end) in pieces]


# -- plain -----------------------------------------------------------------------------------

_ENTITY_NOTE = re.compile(r"entity: (?P<name>.*) \[(?P<id>[^\[\]]+)\]$")


def map_plain(
    ann: Ann, target: Target, unmapped: Unmapped, layers: dict[str, Layer]
) -> dict[str, Any] | None:
    r = _Record(ann, target, unmapped)
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
