"""brat standoff in: ``.ann`` files read line by line, as real corpora write them.

What a line of a ``.ann`` file says (``BratLine``) and where (file and line), before any mapping
onto our scheme (``brat_map``). brat keeps what its server writes, and people edit the files by
hand, so a line is read if it can be: a text column that runs on over raw newlines is joined
back to its ``T`` or ``#`` line (``T41<TAB>Content 4902 4959<TAB>first part`` then a line
``of the text``); anything else that cannot be read is a ``Skipped`` entry naming the file and
line, never a refusal of the whole file and never silence.

Offsets are code points of the ``.txt`` read as brat's server reads it: UTF-8 with universal
newlines (``\\r\\n`` and ``\\r`` are one ``\\n``), so a CRLF text is stored with LF line ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_START = re.compile(r"([TEARMN#])(\w*)\t|\*\t")
_OFFSETS = re.compile(r"\d+ \d+(?:;\d+ \d+)*")


@dataclass
class Skipped:
    """One thing of a brat file that was not taken: a kind (for counts) and where."""

    kind: str
    where: str  # "FILE:LINE" or "FILE"
    detail: str = ""


@dataclass
class BratLine:
    """One annotation line: its kind letter, id, the fields after the id, and its place."""

    kind: str  # T E R A M N # *
    id: str
    fields: list[str]  # tab-separated columns after the id
    line: int


@dataclass
class TextBound:
    id: str
    type: str
    fragments: list[tuple[int, int]]
    shown: str
    line: int


@dataclass
class Event:
    id: str
    type: str
    trigger: str
    args: list[tuple[str, str]]  # (role, target id)
    line: int


@dataclass
class Relation:
    id: str
    type: str
    args: list[tuple[str, str]]
    line: int


@dataclass
class Attribute:
    id: str
    name: str
    target: str
    value: str  # "" for a binary attribute
    line: int


@dataclass
class Note:
    id: str
    kind: str  # AnnotatorNotes, Reference (an N line)...
    target: str
    text: str
    line: int
    reference: str = ""  # an N line's "db:id"


@dataclass
class Ann:
    """One ``.ann`` file read: its annotations by kind, and what could not be read."""

    path: Path
    name: str  # how messages name it
    spans: dict[str, TextBound] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    attributes: list[Attribute] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    equivalences: list[tuple[str, list[str], int]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def skip(self, kind: str, line: int | None, detail: str = "") -> None:
        where = f"{self.name}:{line}" if line else self.name
        self.skipped.append(Skipped(kind, where, detail))


def read_text(path: Path) -> str:
    """A ``.txt`` as brat reads it (UTF-8, universal newlines); UnicodeDecodeError/OSError."""
    data = path.read_bytes().decode("utf-8")
    return data.replace("\r\n", "\n").replace("\r", "\n")


def logical_lines(text: str) -> list[tuple[int, str]]:
    """``(first line number, line)`` for each annotation line, a line that does not start like
    one (``T12<TAB>``, ``#3<TAB>``, ``*<TAB>``) joined to the ``T`` or ``#`` line before it with
    a newline (its text ran on over a raw newline); blank lines between them kept inside."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    found: list[tuple[int, str]] = []
    pending: list[str] = []  # blank lines after the last annotation line
    for number, raw in enumerate(lines, 1):
        if _START.match(raw):
            found.append((number, raw))
            pending = []
        elif not raw.strip():
            pending.append(raw)
        elif found and found[-1][1][:1] in "T#" and found[-1][1].count("\t") >= 2:
            first, before = found[-1]
            found[-1] = (first, "\n".join([before, *pending, raw]))
            pending = []
        else:
            found.append((number, raw))  # not an annotation line: the parser reports it
            pending = []
    return found


def read_ann(path: Path, name: str, text: str) -> Ann:
    """The annotations of one ``.ann`` file against its document ``text``."""
    ann = Ann(path, name)
    try:
        content = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        ann.skip("file not UTF-8", None, f"byte {exc.start + 1} is not UTF-8; file not read")
        return ann
    except OSError as exc:
        ann.skip("file unreadable", None, f"cannot be read ({exc.strerror})")
        return ann
    seen: set[str] = set()
    for number, line in logical_lines(content):
        match = _START.match(line)
        if not match:
            ann.skip("not an annotation line", number, _cut(line))
            continue
        kind = match.group(1) or "*"
        ident = (match.group(1) or "*") + (match.group(2) or "")
        fields = line[match.end() :].split("\t")
        if kind != "*" and ident in seen:
            if kind == "#":  # duplicate note ids: harmless, each note is kept
                ident = f"{ident}@{number}"
            else:
                ann.skip(f"duplicate id {kind}", number, f"{ident} appears twice; first kept")
                continue
        seen.add(ident)
        try:
            _parse(ann, kind, ident, fields, number, text)
        except _Bad as exc:
            ann.skip(exc.kind, number, exc.detail)
    return ann


class _Bad(Exception):
    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind, self.detail = kind, detail


def _cut(text: str, size: int = 60) -> str:
    one = " ".join(text.split())
    return one if len(one) <= size else one[: size - 1] + "…"


def _pairs(items: list[str], what: str) -> list[tuple[str, str]]:
    pairs = []
    for item in items:
        role, sep, target = item.partition(":")
        if not sep or not role or not target:
            raise _Bad(f"malformed {what}", f"{item!r} is not ROLE:ID")
        pairs.append((role, target))
    return pairs


def _parse(ann: Ann, kind: str, ident: str, fields: list[str], number: int, text: str) -> None:
    head = fields[0].split() if fields else []
    if kind == "T":
        if len(fields) < 2 or len(head) < 1:
            raise _Bad("malformed T line", "expected ID<TAB>TYPE START END<TAB>TEXT")
        offsets = fields[0][len(head[0]) :].strip()
        if not _OFFSETS.fullmatch(offsets):
            raise _Bad("malformed T line", f"offsets {offsets!r} are not START END[;START END]")
        fragments = [(int(a), int(b)) for a, b in (p.split() for p in offsets.split(";"))]
        for a, b in fragments:
            if a >= b or b > len(text):
                raise _Bad(
                    "offsets outside the text",
                    f"{a} {b}: not a piece of a text of {len(text)} characters",
                )
        shown = "\t".join(fields[1:])
        expected = " ".join(text[a:b] for a, b in fragments)
        if " ".join(shown.split()) != " ".join(expected.split()):
            raise _Bad(
                "text differs from the document",
                f"{ident} shows {_cut(shown)!r}, the text there is {_cut(expected)!r}",
            )
        ann.spans[ident] = TextBound(ident, head[0], fragments, shown, number)
    elif kind == "E":
        if not head or ":" not in head[0]:
            raise _Bad("malformed E line", "expected ID<TAB>TYPE:TRIGGER ROLE:ID...")
        event_type, _, trigger = head[0].partition(":")
        ann.events[ident] = Event(ident, event_type, trigger, _pairs(head[1:], "E line"), number)
    elif kind == "R":
        if len(head) < 3:
            raise _Bad("malformed R line", "expected ID<TAB>TYPE Arg1:ID Arg2:ID")
        ann.relations.append(Relation(ident, head[0], _pairs(head[1:], "R line"), number))
    elif kind in "AM":
        if len(head) not in (2, 3):
            raise _Bad(f"malformed {kind} line", "expected ID<TAB>NAME TARGET [VALUE]")
        value = head[2] if len(head) == 3 else ""
        ann.attributes.append(Attribute(ident, head[0], head[1], value, number))
    elif kind in "#N":
        if len(head) < 2:
            raise _Bad(f"malformed {kind} line", "expected ID<TAB>TYPE TARGET<TAB>TEXT")
        note = "\t".join(fields[1:])
        reference = head[2] if kind == "N" and len(head) > 2 else ""
        ann.notes.append(Note(ident, head[0], head[1], note, number, reference))
    else:  # "*"
        if len(head) < 3:
            raise _Bad("malformed * line", "expected *<TAB>Equiv ID ID...")
        ann.equivalences.append((head[0], head[1:], number))
