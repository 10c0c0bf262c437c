"""CoNLL (CoNLL-2003 style, IOB2 tags): one token and its tag per line, both ways.

A document (one annotator's work on it) as written::

    -DOCSTART- -X- O O
    # text = "Sergei Lavrov said: “No.”"
    # title = "Lavrov"
    # annotator = Ann
    # annotator_id = a-0001

    Sergei B-PERSON
    Lavrov I-PERSON
    said O
    ...

- ``-DOCSTART- -X- O O`` starts each document: the exact line ``spacy convert`` splits
  documents at (CoNLL-2003's own is ``-DOCSTART- -X- -X- O``; both are read).
- Comments (``# key = value``) follow it: ``text`` and ``title`` are JSON strings (line breaks,
  tabs, trailing spaces kept exactly), ``annotator`` and ``annotator_id`` plain. ``comments=False``
  leaves them out, for readers that take every line for a token (``spacy convert``, Hugging
  Face's conll2003 loader); such a file imports as the tokens joined by spaces.
- A tag holds no white space: a label's spaces are written ``_`` (``PUBLIC FIGURE`` is
  ``B-PUBLIC_FIGURE``), and the document's ``# labels`` comment (a JSON object, only when some
  label of its tags has spaces) gives each such tag's label: ``{"PUBLIC_FIGURE": "PUBLIC
  FIGURE"}``. Two labels of one document that would be the same tag (``A B`` and ``A_B``): the
  later one's spans are left out (``Omissions``).
- Tokens are ``core.tokens``' (cut at every span boundary of the document, any layer), one
  sentence per block, blocks apart by a blank line; a sentence is never cut inside a written
  span. The tag column holds one layer (``layer``, entity by default): ``B-LABEL`` on a span's
  first token, ``I-LABEL`` on the others, ``O`` outside. Spans it cannot hold (nested in or
  overlapping another span of the layer, or not whole tokens) are left out and counted in
  ``Omissions``; the caller reports them.

Reading: the first column is the token, the last the tag (so CoNLL-2003's four columns read
too); ``O``, ``B-``, ``I-`` (IOB2 and IOB1: an ``I-`` after ``O`` or another label begins a
span, as conlleval reads it), and BIOES/BILOU's ``E-``, ``S-``, ``L-``, ``U-``. Any other tag,
a line with no tag, a ``# text`` the tokens are not the words of, is refused with the file and
line. A document's text is its ``# text`` when given (so it matches the project's document
with that text), else its tokens joined by single spaces, its sentences by line breaks.

A tag's label: as the document's ``# labels`` gives it; else the project's label written so
(the label itself first, then the one label whose spaces written ``_`` make the tag, so
``B-PUBLIC_FIGURE`` is ``PUBLIC FIGURE`` in a project that has it and no ``PUBLIC_FIGURE``);
else the tag's label as written. Several such labels (``A B_C`` and ``A_B C`` for ``A_B_C``)
are refused: the file does not say which.

Whose: ``# annotator_id`` and ``# annotator`` as written; an id alone is the project's
annotator with that id, else a new annotator with that id, named the id; a name alone is the
project's annotator of that name (else a new one, its id made from the name).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.model import Annotator, Layer, Status, document_size_refusal
from annotator.core.tokens import is_gap, sentences
from annotator.formats.peers.assembly import Draft, Found, assemble
from annotator.formats.peers.common import (
    PeerFormatError,
    Problem,
    Units,
    read_records,
    write_file,
    write_folder,
)
from annotator.formats.peers.tokenized import Omissions, one_per_token, record_tokens

DOCSTART = "-DOCSTART- -X- O O"
SUFFIX = ".conll"
Named = Callable[[str], Annotator]

_COMMENT = re.compile(r"#\s*([A-Za-z_][\w-]*)\s*=\s?(.*)")
_TAG = re.compile(r"([BIESLU])-(\S+)")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


# -- writing ---------------------------------------------------------------------------------


def _json(text: str) -> str:
    """A JSON string on one line whatever splits lines (``str.splitlines`` too)."""
    out = json.dumps(text, ensure_ascii=False)
    for ch, escaped in _LINE_BREAKS.items():
        out = out.replace(ch, escaped)
    return out


def render_conll(
    records: Iterable[Mapping[str, Any]],
    omissions: Omissions,
    *,
    layer: Layer = Layer.ENTITY,
    comments: bool = True,
) -> Iterator[tuple[str, str]]:
    """``(file name, text)`` for each record: the file name (``SOURCE.conll``, or the document
    id, ``-2``... when taken) is for a folder of files, one per document."""
    names: set[str] = set()
    place = f"CoNLL tags of the {layer.value} layer"
    for record in read_records(records):
        d = record.document
        text = d.text
        tokens = record_tokens(record)
        chosen = [s for s in record.spans if s.layer is layer]
        kept = one_per_token(chosen, tokens, record, omissions, place)
        written: dict[str, str] = {}  # tag label -> label
        for span, _, _ in kept:
            written.setdefault(_one_field(span.label), span.label)
        for span, _, _ in kept:
            if written[_one_field(span.label)] != span.label:
                other = written[_one_field(span.label)]
                why = f"its label, spaces written _, is the tag of the label {other!r}"
                omissions.add(place, why, span, record)
        kept = [k for k in kept if written[_one_field(k[0].label)] == k[0].label]
        spaced = {tag: label for tag, label in sorted(written.items()) if tag != label}
        tags = ["O"] * len(tokens)
        for span, i, j in kept:
            tags[i] = f"B-{_one_field(span.label)}"
            for k in range(i + 1, j):
                tags[k] = f"I-{_one_field(span.label)}"
        out = [DOCSTART]
        if comments:
            out += [
                f"# text = {_json(text)}",
                f"# title = {_json(d.title)}",
                f"# annotator = {' '.join(record.annotator.name.split())}",
                f"# annotator_id = {record.annotator.id}",
            ]
            if spaced:
                out.append(f"# labels = {_json_object(spaced)}")
        out.append("")
        for sentence in sentences(text, tokens, ((s.start, s.end) for s, _, _ in kept)):
            for k in sentence:
                a, b = tokens[k]
                out.append(f"{text[a:b]} {tags[k]}")
            out.append("")
        base = _UNSAFE.sub("_", Path(d.source).stem if d.source else d.id).strip("._")[:120]
        name, n = base or "document", 1
        while name in names:
            n += 1
            name = f"{base}-{n}"
        names.add(name)
        yield f"{name}{SUFFIX}", "\n".join(out) + "\n"


def _one_field(label: str) -> str:
    """A label as a tag holds it: no white space (it would split the line), ``_`` for it."""
    return "_".join(label.split())


def _json_object(pairs: Mapping[str, str]) -> str:
    return "{" + ", ".join(f"{_json(k)}: {_json(v)}" for k, v in pairs.items()) + "}"


def _earlier_conll(target: Path, inside: list[Path]) -> bool:
    return all(p.is_file() and p.suffix == SUFFIX for p in inside)


def write_conll(
    records: Iterable[Mapping[str, Any]],
    target: Path,
    *,
    layer: Layer = Layer.ENTITY,
    comments: bool = True,
) -> Omissions:
    """Write one CoNLL file, or a folder of one file per document when ``target`` is an
    existing folder (empty, or an earlier CoNLL export: ``.conll`` files only); atomically.
    Returns what could not be written."""
    omissions = Omissions()
    pieces = render_conll(records, omissions, layer=layer, comments=comments)
    target = Path(target)
    if target.is_dir():
        write_folder(target, pieces, earlier=_earlier_conll, kind="CoNLL")
    else:
        write_file(target, (text for _, text in pieces))
    return omissions


# -- reading ---------------------------------------------------------------------------------


@dataclass
class _Doc:
    """One document of a CoNLL file as read: tokens (with their tags and lines) by sentence."""

    line: int  # where it starts
    sentences: list[list[tuple[str, str, int]]] = field(default_factory=list)
    text: str | None = None
    text_line: int = 0
    title: str = ""
    annotator: str = ""
    annotator_id: str = ""
    labels: dict[str, str] = field(default_factory=dict)  # tag label -> label (# labels)

    def add(self, token: str, tag: str, line: int) -> None:
        if not self.sentences:
            self.sentences.append([])
        self.sentences[-1].append((token, tag, line))

    def end_sentence(self) -> None:
        if self.sentences and self.sentences[-1]:
            self.sentences.append([])

    def empty(self) -> bool:
        return self.text is None and not any(self.sentences)


def conll_files(path: Path) -> list[Path]:
    """The file, or every ``.conll`` file of a folder (sorted by name)."""
    path = Path(path)
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.suffix == SUFFIX and p.is_file())
        if not found:
            raise PeerFormatError(str(path), "", f"a folder with no {SUFFIX} file in it")
        return found
    return [path]


def read_conll(
    path: Path,
    *,
    annotator: Annotator | None = None,
    layers: Mapping[str, Layer] | None = None,
    fallback: Annotator | None = None,
    named: Named | None = None,
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(place, native record)`` for each document of a CoNLL file (or of each ``.conll``
    file of a folder); the place is ``"line N"`` (``"NAME.conll, line N"`` in a folder).
    Whose: ``annotator`` (``--as``), else the ``# annotator_id`` / ``# annotator`` comments
    (``named`` says who a name alone is), else ``fallback``. ``layers``: each label's layer."""
    files = conll_files(path)
    folder = Path(path).is_dir()
    for file in files:
        where = str(file)
        prefix = f"{file.name}, " if folder else ""
        for n, doc in enumerate(_documents(file), 1):
            try:
                record = _record(doc, f"{file.stem}-{n}", annotator, layers, fallback, named)
            except Problem as exc:
                line = getattr(exc, "line", doc.line)
                raise PeerFormatError(where, f"{prefix}line {line}", str(exc)) from None
            yield f"{prefix}line {doc.line}", record


class _LineProblem(Problem):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line


def _documents(file: Path) -> Iterator[_Doc]:
    where = str(file)
    try:
        handle = file.open("rb")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise PeerFormatError(where, "", f"cannot be read ({exc.strerror})") from None
    doc = _Doc(1)
    with handle:
        for number, raw in enumerate(handle, 1):
            try:
                line = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as exc:
                raise PeerFormatError(
                    where, f"line {number}", f"not UTF-8 (byte {exc.start + 1} of the line)"
                ) from None
            if number == 1:
                line = line.removeprefix("\ufeff")
            if not line.strip():
                doc.end_sentence()
                continue
            if line.startswith("-DOCSTART-"):
                if not doc.empty():
                    yield doc
                doc = _Doc(number)
                continue
            comment = _COMMENT.fullmatch(line) if line.startswith("#") else None
            if comment:
                _comment(doc, comment.group(1), comment.group(2), number, where)
                continue
            fields = line.split()
            if len(fields) < 2:
                raise PeerFormatError(
                    where,
                    f"line {number}",
                    f"{line.strip()!r} has no tag: a line is a token and its tag (TOKEN TAG), "
                    "a blank line between sentences",
                )
            tag = fields[-1]
            if tag != "O" and not _TAG.fullmatch(tag):
                raise PeerFormatError(
                    where,
                    f"line {number}",
                    f"unknown tag {tag!r}: O, B-LABEL or I-LABEL expected (IOB2; E-, S-, L-, U- "
                    "of BIOES/BILOU are read too)",
                )
            doc.add(fields[0], tag, number)
    if not doc.empty():
        yield doc


def _comment(doc: _Doc, key: str, value: str, number: int, where: str) -> None:
    if key in ("text", "title"):
        try:
            decoded = json.loads(value)
            if not isinstance(decoded, str):
                raise ValueError("not a string")
        except ValueError:
            raise PeerFormatError(
                where,
                f"line {number}",
                f'the # {key} comment must hold a JSON string ("...", as this program '
                f"writes it), not {value[:60]!r}",
            ) from None
        if key == "text":
            if doc.text is not None:
                raise PeerFormatError(where, f"line {number}", "a second # text in one document")
            doc.text, doc.text_line = decoded, number
        else:
            doc.title = decoded
    elif key == "labels":
        try:
            pairs = json.loads(value)
            if not isinstance(pairs, dict) or not all(
                isinstance(v, str) and v.strip() for v in pairs.values()
            ):
                raise ValueError("not an object of strings")
        except ValueError:
            raise PeerFormatError(
                where,
                f"line {number}",
                '# labels must hold a JSON object of each tag\'s label ({"PUBLIC_FIGURE": '
                f'"PUBLIC FIGURE"}}, as this program writes it), not {value[:60]!r}',
            ) from None
        doc.labels.update(pairs)
    elif key == "annotator":
        doc.annotator = value.strip()
    elif key == "annotator_id":
        doc.annotator_id = value.strip()
    # other comments (sent_id, a CoNLL-U reader's own) are not ours to read


def _record(
    doc: _Doc,
    fallback_id: str,
    forced: Annotator | None,
    layers: Mapping[str, Layer] | None,
    fallback: Annotator | None,
    named: Named | None,
) -> dict[str, Any]:
    sentences = [s for s in doc.sentences if s]
    tokens = [t for s in sentences for t in s]
    if doc.text is None:
        if not tokens:
            raise _LineProblem(doc.line, "a document with no token")
        text = "\n".join(" ".join(t for t, _, _ in s) for s in sentences)
        offsets = _joined(sentences)
    else:
        text = doc.text
        offsets = _aligned(text, tokens, doc.text_line)
    why = document_size_refusal(text)
    if why:
        raise _LineProblem(doc.line, why)
    if not text.strip():
        raise _LineProblem(doc.text_line or doc.line, "the document's text is empty")
    draft = Draft(text, Units(text, utf16=False), fallback_id, title=doc.title)
    for n, (start, end, tag, line) in enumerate(_spans(sentences, offsets), 1):
        label = _label(tag, doc.labels, layers, line)
        draft.spans.append(Found(f"#{n}", start, end, label))
    who = forced or _whose(doc, fallback, named)
    return assemble(draft, annotator=who, status=Status.IN_PROGRESS, layers=layers)


def _label(
    tag: str, given: Mapping[str, str], layers: Mapping[str, Layer] | None, line: int
) -> str:
    """The label a tag's label stands for (see the module's doc)."""
    if tag in given:
        return given[tag]
    if layers is None or tag in layers:
        return tag
    spaced = sorted(name for name in layers if _one_field(name) == tag)
    if len(spaced) > 1:
        raise _LineProblem(
            line,
            f"the tag label {tag!r} may be any of the project's labels "
            f"{', '.join(map(repr, spaced))} (a label's spaces are written _): give the file "
            "its # labels comment, or --map the tag label to one of them",
        )
    return spaced[0] if spaced else tag


def _whose(doc: _Doc, fallback: Annotator | None, named: Named | None) -> Annotator | None:
    if doc.annotator_id and doc.annotator:
        return Annotator(doc.annotator_id, doc.annotator)
    if doc.annotator_id:
        return _by_id(doc.annotator_id, named)
    if doc.annotator and named is not None:
        return named(doc.annotator)
    return fallback


def _by_id(given: str, named: Named | None) -> Annotator:
    """The project's annotator with the id ``given`` (``named`` finds it by id before any
    name), else a new annotator of that id, named the id."""
    if named is not None:
        try:
            found = named(given)
        except AnnotatorError:  # a name several share: none of them has the id
            found = None
        if found is not None and found.id == given:
            return found
    return Annotator(given, given)


def _joined(sentences: list[list[tuple[str, str, int]]]) -> list[tuple[int, int]]:
    offsets: list[tuple[int, int]] = []
    pos = 0
    for n, sentence in enumerate(sentences):
        if n:
            pos += 1  # the line break
        for k, (token, _, _) in enumerate(sentence):
            if k:
                pos += 1  # the space
            offsets.append((pos, pos + len(token)))
            pos += len(token)
    return offsets


def _aligned(
    text: str, tokens: list[tuple[str, str, int]], text_line: int
) -> list[tuple[int, int]]:
    """Each token's place in ``text``: the tokens in order, only white space or invisible
    characters between them (as ``core.tokens`` cuts a text)."""
    offsets: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    for token, _, line in tokens:
        while pos < n and is_gap(text[pos]) and not text.startswith(token, pos):
            pos += 1
        if not text.startswith(token, pos):
            shown = text[pos : pos + 20]
            raise _LineProblem(
                line,
                f"the token {token!r} is not the next word of the document's # text (line "
                f"{text_line}), which goes on with {shown!r} there",
            )
        offsets.append((pos, pos + len(token)))
        pos += len(token)
    rest = text[pos:]
    if any(not is_gap(ch) for ch in rest):
        last = tokens[-1][2] if tokens else text_line
        raise _LineProblem(
            last,
            f"the document's # text (line {text_line}) goes on after the last token with "
            f"{rest.strip()[:20]!r}: a token is missing",
        )
    return offsets


def _spans(
    sentences: list[list[tuple[str, str, int]]], offsets: list[tuple[int, int]]
) -> Iterator[tuple[int, int, str, int]]:
    """Spans from the tags, sentence by sentence (a blank line ends any span): start, end,
    the tag's label and the line the span starts on."""
    k = 0
    for sentence in sentences:
        open_: list[Any] | None = None  # [start, end, label, line]
        for _, tag, line in sentence:
            start, end = offsets[k]
            k += 1
            if tag == "O":
                if open_:
                    yield open_[0], open_[1], open_[2], open_[3]
                open_ = None
                continue
            kind, label = tag[0], tag[2:]
            if kind in "IEL" and open_ and open_[2] == label:
                open_[1] = end
            else:
                if open_:
                    yield open_[0], open_[1], open_[2], open_[3]
                open_ = [start, end, label, line]
            if kind in "ESLU":
                yield open_[0], open_[1], open_[2], open_[3]
                open_ = None
        if open_:
            yield open_[0], open_[1], open_[2], open_[3]
