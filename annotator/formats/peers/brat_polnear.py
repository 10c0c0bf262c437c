"""brat annotations onto our scheme, the ``polnear`` mapping (attribution corpora: types
Source, Cue, Content, Attribution; what the mappings share is in ``brat_map``): each
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
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.files import not_a_file
from annotator.core.links import (
    CUE_LABEL,
    QuoteType,
)
from annotator.core.model import Layer
from annotator.formats.peers.brat_map import (
    ATTRIBUTION,
    QUOTE_LABEL,
    SOURCE_LABEL,
    MappedRecord,
    Target,
    Unmapped,
)
from annotator.formats.peers.brat_read import Ann, TextBound
from annotator.formats.peers.brat_sources import source_entity

_QUOTES_OPEN = "\"“”'‘«„"
_QUOTES_CLOSE = "\"”“'’»"


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
    r = MappedRecord(ann, target, unmapped)
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


def _notes(r: MappedRecord, ann: Ann) -> None:
    for note in ann.notes:
        spans = r.of_t.get(note.target) or _spans_of(r, ann, note.target)
        target = ann.spans.get(note.target)
        if note.kind == "AnnotatorNotes" and spans:
            r.note(spans[0], note.text)
        elif note.kind == "AnnotatorNotes" and target is not None:
            r.report(f"note on a T {target.type} (not mapped)", note.line)
        else:
            r.report(f"note {note.kind} (not mapped)", note.line)


def _spans_of(r: MappedRecord, ann: Ann, tid: str) -> list[str]:
    """Our spans made from brat's ``tid`` (found by offsets), if any."""
    t = ann.spans.get(tid)
    if t is None:
        return []
    pieces = r.pieces(t)
    return [s.id for s in r.spans.values() if (s.start, s.end) in pieces]
