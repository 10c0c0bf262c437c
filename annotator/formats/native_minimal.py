"""Minimal native lines: pre-annotations a script can write, completed into full lines.

A line holding all ten fields of the format is *complete* and read strictly, as the writer
writes it. Any other line is *minimal*: it needs ``text`` and ``spans``, each span
``start``, ``end`` (code points) and ``label``; everything else may be left out and is filled
in here, then the line is checked by the same rules as a complete one:

- ``id`` from the text's hash; ``meta`` fields left out: empty title and source, no date, the
  text's SHA-256 (fields the line gives are kept as they are).
- Who: ``annotator_id`` and ``annotator`` as given; a name alone stands for the project's
  annotator of that name (else a new one, its id made from the name); no one: the current
  annotator. ``Filling.forced`` (``--as``) overrides all of these.
- ``status``: ``in_progress`` if the line has spans, else ``not_started``.
- A span's ``text`` from the document, ``layer`` from the label scheme (a label the scheme lacks
  must come with its ``layer``), ``entity`` null, ``attrs`` ``{}``, ``note`` ``""``. Span ids
  are local to the line (quotes and claims refer to spans by them); the stored ids are made
  from the annotator, the text's hash, the offsets and the label, so the same file imported
  twice is the same work. Quote ids likewise; entity ids are kept (the registry is
  project-wide).
- Quotes: ``segments`` required; ``cue``, ``speaker`` null, ``speaker_text`` and ``note``
  ``""``, ``type`` ``direct``. Claims: ``span`` required; claimer ``entity`` if it names an
  entity, else unset; ``asserts``, ``unsure``, ``unverified``, no evidence. Entities: ``id``,
  ``name``, ``type`` required; no aliases, no Wikidata id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from annotator.core.errors import AnnotatorError
from annotator.core.model import Annotator, Layer, text_sha256
from annotator.formats.ids import named_annotator_id, stable_id
from annotator.formats.native_spec import FIELDS, BadLine


def by_name(name: str) -> Annotator:
    """An annotator known only by name, with the id made from it."""
    return Annotator(named_annotator_id(name), name)


@dataclass(frozen=True)
class Filling:
    """What a minimal line is completed with: the importing project's view of things."""

    annotator: Annotator  # whose a line naming nobody is (the current annotator)
    layers: Mapping[str, Layer] = field(default_factory=dict)  # label -> its layer
    named: Callable[[str], Annotator] = by_name  # the annotator a name alone stands for
    forced: Annotator | None = None  # every line is this annotator's (``--as``)
    scheme: str = "the project's label scheme"  # how messages name ``layers``


def is_minimal(obj: object) -> TypeGuard[dict[str, Any]]:
    """A JSON object that is not a complete line (some of the ten fields left out)."""
    return isinstance(obj, dict) and not set(FIELDS) <= obj.keys()


def complete(obj: dict[str, Any], filling: Filling) -> dict[str, Any]:
    """The complete line ``obj`` stands for (not yet checked: the native reader does that);
    BadLine names what cannot be filled in."""
    unknown = sorted(repr(k) for k in set(obj) - set(FIELDS))
    if unknown:
        raise BadLine(f"the line: unknown field {', '.join(unknown)}")
    if "text" not in obj:
        raise BadLine("the line: missing field 'text' (a line needs at least 'text' and 'spans')")
    text = obj["text"]
    if not isinstance(text, str) or not text.strip():
        raise BadLine("the line: 'text' must be a non-empty string")
    if "spans" not in obj:
        raise BadLine("the line: missing field 'spans' (a line needs at least 'text' and 'spans')")
    if not isinstance(obj["spans"], list):
        raise BadLine("the line: 'spans' must be a list")
    sha = text_sha256(text)
    who_id, who_name = _annotator(obj, filling)
    meta = obj.get("meta", {})
    if isinstance(meta, dict):
        meta = {"title": "", "date": None, "source": "", "sha256": sha, **meta}
    entities = [
        {"aliases": [], "wikidata": None, **e} if isinstance(e, dict) else e
        for e in _items(obj, "entities")
    ]
    known = {e.get("id") for e in entities if isinstance(e, dict)}
    ids: dict[str, str] = {}  # the line's span id -> the stored id
    line = _Line(text, sha, str(who_id), filling, known, ids)
    spans = [line.span(n, item) for n, item in enumerate(obj["spans"], 1)]
    quotes = [_quote(n, q, line) for n, q in enumerate(_items(obj, "quotes"), 1)]
    claims = [_claim(c, ids) for c in _items(obj, "claims")]
    return {
        "id": obj.get("id", f"doc-{sha[:16]}"),
        "text": text,
        "meta": meta,
        "annotator": who_name,
        "annotator_id": who_id,
        "status": obj.get("status", "in_progress" if spans else "not_started"),
        "spans": spans,
        "quotes": quotes,
        "claims": claims,
        "entities": entities,
    }


def _items(obj: dict[str, Any], key: str) -> list[Any]:
    value = obj.get(key, [])
    if not isinstance(value, list):
        raise BadLine(f"the line: {key!r} must be a list")
    return value


def _annotator(obj: dict[str, Any], filling: Filling) -> tuple[object, object]:
    """The line's ``annotator_id`` and ``annotator`` (as given when they are not strings, so
    that the reader says what is wrong with them)."""
    if filling.forced is not None:
        return filling.forced.id, filling.forced.name
    given_id, name = obj.get("annotator_id"), obj.get("annotator")
    if given_id is not None and name is not None:
        return given_id, name
    if given_id is not None:
        return given_id, given_id  # a project that knows the id keeps its name
    if isinstance(name, str) and name.strip():
        try:
            found = filling.named(name)
        except AnnotatorError as exc:
            raise BadLine(f"the line: 'annotator' {name!r}: {exc}") from None
        return found.id, found.name
    if name is not None:
        return filling.annotator.id, name  # not a name: the reader refuses it
    return filling.annotator.id, filling.annotator.name


@dataclass
class _Line:
    """One minimal line being completed: its text, whose it is, and its span ids so far."""

    text: str
    sha: str
    who: str
    filling: Filling
    entities: set[object]  # the line's entity ids
    ids: dict[str, str]  # the line's span id -> the stored id

    def span(self, n: int, item: object) -> object:
        if not isinstance(item, dict):
            return item  # the reader says it must be an object
        text, what = self.text, f"span {n}"
        missing = [repr(k) for k in ("start", "end", "label") if k not in item]
        if missing:
            raise BadLine(f"{what}: missing field {', '.join(missing)}")
        start, end, label = item["start"], item["end"], item["label"]
        if type(start) is not int or type(end) is not int:
            raise BadLine(
                f"{what}: 'start' and 'end' must be integers (code point offsets), "
                f"not {start!r} and {end!r}"
            )
        if not 0 <= start < end <= len(text):
            why = "is empty or reversed in" if 0 <= end <= start <= len(text) else "falls outside"
            raise BadLine(
                f"{what}: {start}..{end} {why} a text of {len(text)} characters (code points)"
            )
        if not isinstance(label, str) or not label.strip():
            raise BadLine(f"{what}: 'label' must be a label's name, not {label!r}")
        piece = text[start:end]
        what = f"span {n} ({start}..{end} {piece!r})"
        if "text" in item and item["text"] != piece:
            raise BadLine(
                f"{what}: its text {item['text']!r} is not the document's text there "
                "(offsets count code points)"
            )
        layer = item.get("layer")
        if layer is None:
            known = self.filling.layers.get(label)
            if known is None:
                raise BadLine(
                    f"{what}: label {label!r} is not in {self.filling.scheme}: add it to the "
                    "scheme, map it onto a label there, or give the span its 'layer'"
                )
            layer = known.value
        elif layer not in {k.value for k in Layer}:
            allowed = ", ".join(repr(k.value) for k in Layer)
            raise BadLine(f"{what}: unknown layer {layer!r} ({allowed})")
        entity = item.get("entity")
        if entity is not None and entity not in self.entities:
            raise BadLine(f"{what}: entity {entity!r} is not an entity of this line")
        stored = stable_id("span", self.who, self.sha, start, end, label)
        if stored in self.ids.values():
            raise BadLine(f"{what}: the same span (offsets and label) appears twice")
        local = item.get("id", f"#{n}")
        if not isinstance(local, str) or not local.strip():
            raise BadLine(f"{what}: 'id' must be a non-empty string")
        if local in self.ids:
            raise BadLine(f"{what}: span id {local!r} appears twice")
        self.ids[local] = stored
        return {
            "entity": None,
            "attrs": {},
            "note": "",
            **item,
            "id": stored,
            "text": piece,
            "layer": layer,
        }


def _ref(value: object, ids: dict[str, str]) -> object:
    """The stored id of the line's span id ``value`` (else ``value``: the reader refuses it)."""
    return ids.get(value, value) if isinstance(value, str) else value


def _quote(n: int, item: object, line: _Line) -> object:
    if not isinstance(item, dict):
        return item
    filled: dict[str, Any] = {
        "cue": None,
        "speaker": None,
        "speaker_text": "",
        "type": "direct",
        "note": "",
        **item,
    }
    segments = item.get("segments")
    if isinstance(segments, list):
        filled["segments"] = segments = [_ref(s, line.ids) for s in segments]
    parts = segments if isinstance(segments, list) and segments else [line.sha, n]
    filled["id"] = stable_id("quote", line.who, *parts)
    filled["cue"] = _ref(filled["cue"], line.ids)
    return filled


def _claim(item: object, ids: dict[str, str]) -> object:
    if not isinstance(item, dict):
        return item
    filled: dict[str, Any] = {
        "claimer": {},
        "stance": "asserts",
        "check_worthiness": "unsure",
        "verdict": "unverified",
        "evidence": "",
        **item,
    }
    claimer = filled["claimer"]
    if isinstance(claimer, dict):
        kind = "entity" if claimer.get("entity") is not None else ""
        filled["claimer"] = {"kind": kind, "entity": None, **claimer}
    if "span" in item:
        filled["span"] = _ref(item["span"], ids)
    return filled
