"""A brat corpus on disk: which ``.ann`` goes with which ``.txt``, whose work it is, and the
metadata table beside it.

Layouts (``pair``):

- side by side: ``NAME.txt`` + ``NAME.ann`` (our export writes ``<doc>.<annotator>.txt`` and
  ``.ann``), or ``NAME.txt`` + ``NAME.<annotator>.ann``;
- separate folders (PolNeAR): ``text/NAME.txt`` + ``attributions/NAME_<annotator>.ann``, NAME
  itself holding underscores.

An ``.ann`` goes with the ``.txt`` whose name is the longest start of its own name followed by
nothing or by one of ``._-``; what follows that separator names the annotator. With
``--annotator-from-filename REGEX`` the pattern decides instead: searched in the ``.ann`` name
(without ``.ann``), its group ``annotator`` names the annotator and its group ``doc``, if it has
one, the text. Our own export's folder (its ``annotation.conf`` declares our ``Continues``
relation) names the annotator by id after the last dot of a file name.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.core.files import not_a_file
from annotator.core.model import DOCUMENT_FIELDS, metadata_refusal

SEPARATORS = "._-"
OUR_CONF_MARK = re.compile(r"^Continues\tArg1:", re.MULTILINE)
KEY_COLUMNS = ("filename", "file", "name", "document", "doc", "id")
TITLE_COLUMNS = ("title", "headline")
DATE_COLUMNS = ("date", "publication_date", "published")


@dataclass(frozen=True)
class Pair:
    ann: Path
    text: Path | None  # None: no text of that name (reported)
    annotator: str  # "" when the file name names nobody
    name: str  # the document's name (the text file's stem)
    by_id: bool = False  # ``annotator`` is an annotator's id (our own export's file names)


def annotator_pattern(pattern: str | None) -> re.Pattern[str] | None:
    """``--annotator-from-filename``: AnnotatorError unless a regular expression with a
    named group ``annotator``."""
    if pattern is None:
        return None
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise AnnotatorError(f"--annotator-from-filename {pattern!r}: {exc}") from None
    if "annotator" not in compiled.groupindex:
        raise AnnotatorError(
            f"--annotator-from-filename {pattern!r}: give a named group for the annotator, "
            r"e.g. '_(?P<annotator>[0-9a-f]{4})$'"
        )
    return compiled


def files_of(paths: list[Path], suffix: str) -> list[Path]:
    """The files of ``paths`` (folders searched through) whose suffix is ``suffix`` in any
    case (``.ann``, ``.ANN``), never a FIFO or a device."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if _is(p, suffix))
        elif _is(path, suffix):
            found.append(path)
    return found


def _is(path: Path, suffix: str) -> bool:
    return path.suffix.lower() == suffix and path.is_file()


def pairs(paths: list[Path], pattern: re.Pattern[str] | None = None) -> tuple[list[Pair], bool]:
    """Each ``.ann`` of ``paths`` (folders searched through) with its text and annotator,
    and whether the folder is our own export's. A text of the ``.ann``'s own folder comes
    first, then one in ``text/`` beside that folder, then one anywhere else in ``paths``:
    ``train/001.ann`` goes with ``train/001.txt``, never with ``dev/001.txt``."""
    anns = files_of(paths, ".ann")
    texts: dict[str, Path] = {}
    given = [p.parent for p in paths if _is(p, ".ann")]  # an .ann given alone
    for t in files_of(paths, ".txt") + [t for f in given for t in _near(f)]:
        texts.setdefault(t.stem, t)
    ours = False
    for path in paths:
        conf = path / "annotation.conf" if path.is_dir() else path.parent / "annotation.conf"
        if conf.is_file():
            ours = ours or bool(OUR_CONF_MARK.search(conf.read_text("utf-8", "replace")))
    near: dict[Path, dict[str, Path]] = {}  # an .ann's folder -> the texts nearest to it

    def nearest(folder: Path) -> dict[str, Path]:
        if folder not in near:
            near[folder] = {}
            for t in _near(folder):
                near[folder].setdefault(t.stem, t)
        return near[folder]

    return [_pair(ann, [nearest(ann.parent), texts], pattern, ours) for ann in anns], ours


TEXT_FOLDERS = ("text", "texts", "txt")


def _near(folder: Path) -> list[Path]:
    """The texts nearest to an ``.ann`` of ``folder``: those of the folder, then those of a
    folder ``text`` beside it (PolNeAR's ``attributions/`` and ``text/``)."""
    found: list[Path] = []
    for f in [folder, *(folder.parent / name for name in TEXT_FOLDERS)]:
        if f.is_dir():
            found += sorted(t for t in f.iterdir() if _is(t, ".txt"))
    return found


def _pair(
    ann: Path, places: list[dict[str, Path]], pattern: re.Pattern[str] | None, ours: bool
) -> Pair:
    """``ann`` with its text: the first of ``places`` (texts by name, nearest first) that
    holds one."""
    stem = ann.stem
    if pattern is not None:
        match = pattern.search(stem)
        if match is not None:
            who = match.group("annotator") or ""
            doc = match.groupdict().get("doc")
            for texts in places:
                name = doc
                if name is None:
                    name = _longest(stem[: match.start("annotator")].rstrip(SEPARATORS), texts)
                if name is not None and name in texts:
                    return Pair(ann, texts[name], who, name)
            return Pair(ann, None, who, doc or stem)
    for texts in places:
        doc = _longest(stem, texts)
        if doc is None:
            continue
        rest = stem[len(doc) + 1 :]
        if not rest and ours and "." in doc and pattern is None:
            # our export: <doc id>.<annotator id>
            return Pair(ann, texts[doc], doc.rsplit(".", 1)[1], doc, by_id=True)
        return Pair(ann, texts[doc], rest, doc)
    return Pair(ann, None, "", stem)


def _longest(stem: str, texts: dict[str, Path]) -> str | None:
    """The longest text name that is ``stem`` or starts it before a separator."""
    if stem in texts:
        return stem
    for cut in range(len(stem) - 1, 0, -1):
        if stem[cut] in SEPARATORS and stem[:cut] in texts:
            return stem[:cut]
    return None


# -- metadata --------------------------------------------------------------------------------


@dataclass
class Metadata:
    """A document's fields from the metadata table: title, date, and the open metadata."""

    title: str = ""
    date: str | None = None
    meta: dict[str, str] | None = None
    source: str = ""  # a column named "source" (a document field, not open metadata)


def read_metadata(path: Path) -> dict[str, Metadata]:
    """The rows of a metadata table (TSV, or CSV by its name), by document name: the column
    named ``filename`` (or file, name, document, doc, id; else the first column), its value
    with or without ``.txt``. ``title``/``headline`` and ``date``/``publication_date`` go to
    the document's fields, every other non-empty column to its open metadata. AnnotatorError
    naming the file and line for a table that cannot be read."""
    where = str(path)
    why = not_a_file(path)  # a FIFO would be waited on for ever
    if why:
        raise AnnotatorError(f"--metadata {where} {why}")
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise AnnotatorError(f"--metadata {where}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise AnnotatorError(f"{where}, line {line}: not UTF-8 text") from None
    delimiter = "," if path.suffix.lower() == ".csv" else "\t"
    rows = list(csv.reader(raw.splitlines(), delimiter=delimiter))
    if not rows or not rows[0]:
        raise AnnotatorError(f"{where}: the metadata table is empty (a header line is needed)")
    header = [h.strip() for h in rows[0]]
    lowered = [h.casefold() for h in header]
    key = next((lowered.index(k) for k in KEY_COLUMNS if k in lowered), 0)
    title = next((lowered.index(k) for k in TITLE_COLUMNS if k in lowered), None)
    date = next((lowered.index(k) for k in DATE_COLUMNS if k in lowered), None)
    found: dict[str, Metadata] = {}
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise AnnotatorError(
                f"{where}, line {number}: {len(row)} columns where the header has {len(header)}"
            )
        name = row[key].strip().removesuffix(".txt")
        if not name:
            raise AnnotatorError(f"{where}, line {number}: no document name in {header[key]!r}")
        if name in found:
            raise AnnotatorError(f"{where}, line {number}: {name!r} has a row already")
        meta = {
            header[i]: cell.strip()
            for i, cell in enumerate(row)
            if i not in (key, title, date)
            and cell.strip()
            and header[i]
            and header[i] not in DOCUMENT_FIELDS
        }
        why = metadata_refusal(meta)
        if why:
            raise AnnotatorError(f"{where}, line {number}: {why}")
        found[name] = Metadata(
            row[title].strip() if title is not None else "",
            (row[date].strip() or None) if date is not None else None,
            meta,
            row[lowered.index("source")].strip() if "source" in lowered else "",
        )
    return found
