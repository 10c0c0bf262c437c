"""Import and export of annotations in every format, the same for the window and the command
line: native JSONL (``formats.jsonl``) and, when ``annotator.formats.peers`` is installed,
doccano, Label Studio, brat, spaCy, CoNLL and spaCy's DocBin.

Exports read the project as rows and write the file atomically; an import reads one file into
one transaction (``formats.native_load`` has the rules), all of it or nothing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from annotator.core.annotators import AmbiguousAnnotator, display_names, resolve
from annotator.core.annotators import listing as annotator_listing
from annotator.core.errors import AnnotatorError
from annotator.core.files import not_a_file
from annotator.core.model import GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME, Annotator, Layer
from annotator.core.scheme import load_default_scheme
from annotator.formats.corpus import CSV_SUFFIXES, corpus_file
from annotator.formats.ids import named_annotator_id
from annotator.formats.jsonl import (
    BadLine,
    ExportReport,
    JsonlError,
    Line,
    LoadReport,
    Progress,
    check_object,
    encodable,
    explain,
    export_jsonl,
    export_objects,
    load_lines,
    read_checked,
)
from annotator.formats.native_minimal import Filling
from annotator.session import Session

NATIVE = "native"
JSON_SUFFIXES = (".jsonl", ".json", ".ndjson")
EXPORT_FORMATS = (
    NATIVE,
    "doccano",
    "doccano-relations",
    "label-studio",
    "brat",
    "spacy",
    "conll",
    "spacy-docbin",
)
IMPORT_FORMATS = (NATIVE, "doccano", "label-studio", "brat", "conll")
TOKEN_FORMATS = ("conll", "spacy-docbin")  # written through peers.TOKEN_EXPORTERS
CONLL = "conll"
CONLL_SUFFIX = ".conll"
BRAT = "brat"
BRAT_SUFFIX = ".ann"
ZIP_MAGIC = b"PK\x03\x04"


def peers() -> ModuleType | None:
    """``annotator.formats.peers`` (other tools' formats) if it is installed, else None."""
    try:
        return importlib.import_module("annotator.formats.peers")
    except ModuleNotFoundError as exc:
        if exc.name and "annotator.formats.peers".startswith(exc.name):
            return None
        raise


def _peer(kind: str, fmt: str) -> Any:
    """The peers registry's exporter or importer for ``fmt``; AnnotatorError if there is none."""
    module = peers()
    registry = getattr(module, kind, {}) if module is not None else {}
    if fmt not in registry:
        why = "not available in this installation" if module is None else "not known"
        what = "import" if kind == "IMPORTERS" else "export"
        raise AnnotatorError(f"--format {fmt}: {what} of this format is {why}")
    return registry[fmt]


def resolve_annotators(
    session: Session, wanted: Iterable[str], everyone: bool = False
) -> list[Annotator]:
    """The annotators the user named (``Session.find_annotator``: an id or its start, a name,
    "name [3f2a]"), all of the project's with ``everyone``, or by default the current
    annotator. AnnotatorError names what cannot be resolved (a shared name: with the choices)
    and lists the project's annotators."""
    known = session.annotators()
    listing = annotator_listing(known)
    wanted = list(wanted)
    if everyone:  # by name, so that two projects with the same people export alike
        return sorted(known, key=lambda a: (a.name.casefold(), a.name, a.id))
    if not wanted:
        if session.annotator.id in {a.id for a in known}:
            return [session.annotator]
        raise AnnotatorError(
            f"you ({session.annotator.name!r}, id {session.annotator.id}) have no work in "
            f"{session.path}: choose whose with --annotator NAME or --all (annotators: {listing})"
        )
    found: list[Annotator] = []
    for name in wanted:
        match = session.find_annotator(name)
        if match.is_gold and match not in known:
            raise AnnotatorError(f"the project has no gold layer yet (annotators: {listing})")
        if match not in found:
            found.append(match)
    return found


def annotator_named(session: Session) -> Callable[[str], Annotator]:
    """Who a name a file gives stands for (a doccano user, a minimal line's ``annotator``):
    the project's annotator (or you) with that id, or shown with that name ("blanca [3f2a]"),
    or the only one with that name (case and spacing aside); "gold" is the gold layer; else
    a new annotator of that name, its id made from the name. AmbiguousAnnotator if several
    people share the name: only their ids tell them apart."""
    people = list({a.id: a for a in [*session.annotators(), session.annotator]}.values())
    shown = display_names(people)

    def named(name: str) -> Annotator:
        word = " ".join(name.split())
        if not word:
            raise AnnotatorError("an annotator's name cannot be empty")
        if word.casefold() == GOLD_ANNOTATOR_NAME:
            return Annotator(GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME)
        match = [a for a in people if a.id == word] or [a for a in people if shown[a.id] == word]
        key = word.casefold()
        match = match or [
            a
            for a in people
            if a.id != GOLD_ANNOTATOR_ID and " ".join(a.name.split()).casefold() == key
        ]
        if len(match) > 1:
            choices = ", ".join(f"{shown[a.id]!r} (id {a.id})" for a in match)
            raise AmbiguousAnnotator(
                f"{len(match)} annotators are called {word!r}: give the id of one ({choices})"
            )
        return match[0] if match else Annotator(named_annotator_id(word), word)

    return named


def annotator_as(session: Session, word: str) -> Annotator:
    """The annotator ``--as WORD`` means: the project's (or you) as a person names one
    (``core.annotators.resolve``: an id or its start, a name, "blanca [3f2a]", "gold"), else
    a new annotator named WORD (its id made from the name). AmbiguousAnnotator for a name
    several people share."""
    people = list({a.id: a for a in [*session.annotators(), session.annotator]}.values())
    try:
        return resolve(people, word)
    except AmbiguousAnnotator:
        raise
    except AnnotatorError:
        return annotator_named(session)(word)


def scheme_layers(session: Session, label_map: Mapping[str, str] | None = None) -> dict[str, Layer]:
    """The layer of each label of the project, and of each name ``label_map`` maps onto one."""
    layers = {label.name: label.layer for label in session.scheme}
    for source, target in (label_map or {}).items():
        if target in layers:
            layers.setdefault(source, layers[target])
    return layers


def validation_filling() -> Filling:
    """How ``annotator validate`` completes minimal lines, knowing no project: labels of the
    default scheme, and a stand-in for whoever will import them."""
    return Filling(
        Annotator("importer", "the importing annotator"),
        {label.name: label.layer for label in load_default_scheme()},
        scheme="the default label scheme (a project's own labels are known when importing)",
    )


@dataclass
class Exported(ExportReport):
    """What an export wrote, and what its format could not hold (one line per layer and
    reason, with counts and examples: spans a CoNLL tag column or ``doc.ents`` leaves out)."""

    left_out: list[str] = field(default_factory=list)


def export_project(
    session: Session,
    target: Path,
    annotators: list[Annotator],
    *,
    fmt: str = NATIVE,
    only_done: bool = False,
    progress: Callable[[int, int], None] | None = None,
    layer: Layer = Layer.ENTITY,
    comments: bool = True,
) -> Exported:
    """Write the annotators' work to ``target`` (a file; a folder for brat, and for CoNLL
    when ``target`` is an existing folder), atomically. ``layer`` and ``comments``: the
    CoNLL tag column's layer, and its ``# text`` comments."""
    target = Path(target)
    session.refuse_output(target)
    if not target.parent.is_dir():
        raise AnnotatorError(f"{target}: the folder {target.parent} does not exist")
    ids = [a.id for a in annotators]
    report = Exported()
    if fmt == NATIVE:
        written = export_jsonl(session.rows, target, ids, only_done=only_done, progress=progress)
        return Exported(**asdict(written))
    objects = encodable(export_objects(session.rows, ids, only_done=only_done, progress=progress))
    if fmt in TOKEN_FORMATS:
        writer = _peer("TOKEN_EXPORTERS", fmt)
        options: dict[str, Any] = {"layer": layer, "comments": comments} if fmt == CONLL else {}
        report.left_out = writer(report.counting(objects), target, **options).lines()
        return report
    exporter = _peer("EXPORTERS", fmt)
    exporter.write(report.counting(objects), target)
    return report


def annotation_format(path: Path, fmt: str | None = None) -> str | None:
    """The format of an annotation file, or None for articles (.txt, folders, CSV, a JSONL
    corpus whose first line holds only text, meta and id: ``formats.corpus``; and anything
    that neither is named nor starts like JSON: those go to the article import, which says
    what it is). A ``.ann`` file, or a folder holding one (in it or a folder under it), is
    brat. Any other file named ``.jsonl``, ``.json`` or ``.ndjson`` is an annotation
    file whatever it holds, so that its reader says what is wrong with it (empty, not JSON...).
    With peers installed the content decides between native, doccano and Label Studio."""
    if fmt is not None:
        return fmt
    if path.suffix.lower() == BRAT_SUFFIX and path.is_file() and peers() is not None:
        return BRAT
    if path.is_dir() and peers() is not None and _holds_brat(path):
        return BRAT  # its .ann files are annotations of its texts, never left aside
    if path.is_dir() or path.suffix.lower() in (".txt", *CSV_SUFFIXES) or not path.is_file():
        return None
    if corpus_file(path):  # text and meta lines, no annotations: articles
        return None
    try:
        with path.open("rb") as handle:
            head = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return None
    if path.suffix.lower() == CONLL_SUFFIX or head.startswith(b"-DOCSTART-"):
        return CONLL
    if head.startswith(ZIP_MAGIC) and peers() is not None:
        return "doccano"  # the one kind of archive we read: doccano's export of each user
    if not head.startswith((b"{", b"[")):
        return NATIVE if path.suffix.lower() in JSON_SUFFIXES else None
    module = peers()
    if module is None:
        return NATIVE if head.startswith(b"{") else "label-studio"
    try:
        return str(module.detect_file(path))
    except AnnotatorError as exc:
        if getattr(exc, "position", "") or path.suffix.lower() not in JSON_SUFFIXES:
            raise
        # Of no kind we know, but named as JSON: its reader says what is wrong, line by line.
        return "label-studio" if head.startswith(b"[") and path.suffix == ".json" else NATIVE


def _holds_brat(folder: Path) -> bool:
    """A ``.ann`` file (any case) in ``folder`` or a folder under it: a brat corpus."""
    return any(p.suffix.lower() == BRAT_SUFFIX and p.is_file() for p in folder.rglob("*"))


def import_annotations(
    session: Session,
    path: Path,
    fmt: str = NATIVE,
    *,
    add_labels: bool = False,
    label_map: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    as_annotator: str | None = None,
    brat: BratSettings | None = None,
) -> LoadReport:
    """Load one annotation file in one transaction (``formats.native_load`` has the rules);
    JsonlError or AnnotatorError names the file (and line) and nothing of it is kept.

    Each line, record or annotation is the work of the annotator it names (native
    ``annotator_id``, this program's ``meta`` in a peer's file, Label Studio's
    ``completed_by``, the user a doccano archive's file is named after); a line naming nobody
    is yours. ``as_annotator`` (a name or id, see ``annotator_as``) makes all of it one
    annotator's. brat (a folder, or a ``.ann`` file): see ``import_brat``."""
    if fmt == BRAT:
        return import_brat(
            session,
            [Path(path)],
            brat or BratSettings(),
            add_labels=add_labels,
            label_map=label_map,
            as_annotator=as_annotator,
            progress=progress,
        )
    why = "" if fmt == CONLL and Path(path).is_dir() else not_a_file(path)  # a CoNLL folder
    if why:
        raise AnnotatorError(f"{path} {why}")
    named = annotator_named(session)
    forced = annotator_as(session, as_annotator) if as_annotator is not None else None
    layers = scheme_layers(session, label_map)
    if fmt == NATIVE:
        filling = Filling(session.annotator, layers, named, forced)
        lines: Iterable[Line] = read_checked(Path(path), progress, filling)
        if forced is not None:
            lines = _as(forced, lines)
    else:
        importer = _peer("IMPORTERS", fmt)
        records = importer(
            path, annotator=forced, fallback=session.annotator, named=named, layers=layers
        )
        lines = _checked_records(records, str(path))
    return load_lines(session.rows, lines, str(path), add_labels=add_labels, label_map=label_map)


def _as(who: Annotator, lines: Iterable[Line]) -> Iterator[Line]:
    """The lines as ``who``'s work."""
    for line in lines:
        line.annotator_id, line.annotator = who.id, who.name
        yield line


def _checked_records(records: Iterable[tuple[str, dict[str, Any]]], where: str) -> Iterator[Line]:
    """Native records made by a peer importer, with their place in the file ("line 3",
    "task 2, annotation 1"), checked like lines of a native file."""
    for position, obj in records:
        line = check_object(obj)
        if line is None:
            try:
                explain(obj)
            except BadLine as exc:
                raise JsonlError(where, None, f"{position}: {exc}") from None
        line.where, line.line = f"{where}, {position}", 0
        yield line


@dataclass
class BratSettings:
    """How a brat corpus is read (``annotator import --format brat``); ``not_mapped`` and
    ``mapping_used`` are filled by the import."""

    annotator_pattern: str | None = None  # a regex with a group "annotator" (file names)
    metadata: Path | None = None  # a TSV/CSV table of the documents' metadata
    mapping: str | None = None  # "plain" or "polnear"; default: from the corpus's types
    not_mapped: list[str] = field(default_factory=list)  # "N × kind (e.g. FILE:LINE...)"
    mapping_used: str = ""
    texts_without_annotations: int = 0


def import_brat(
    session: Session,
    paths: list[Path],
    settings: BratSettings,
    *,
    add_labels: bool = False,
    label_map: Mapping[str, str] | None = None,
    as_annotator: str | None = None,
    progress: Progress | None = None,
) -> LoadReport:
    """Load a brat corpus (folders, ``.ann`` and ``.txt`` files, ``formats.peers.brat_import``)
    in one transaction: all of it or nothing. Each ``.ann`` is the work of the annotator its
    file name names (``settings.annotator_pattern``, or the layout's), else yours; lines and
    files that cannot be read or mapped are reported in ``settings.not_mapped`` and the rest
    is imported. The PolNeAR mapping adds the labels it makes (SOURCE) if the project lacks
    them. A mention or speaker named as an entity of the project (same annotator, type and
    name or alias) is linked to it. ``progress(files read, files)``."""
    if peers() is None:
        raise AnnotatorError(f"--format {BRAT}: import of this format is not available")
    for path in paths:
        if not path.exists():
            raise AnnotatorError(f"{path} does not exist")
    from annotator.formats.peers.brat_import import open_brat

    named = annotator_named(session)
    forced = annotator_as(session, as_annotator) if as_annotator is not None else None
    corpus = open_brat(
        paths,
        pattern=settings.annotator_pattern,
        metadata=settings.metadata,
        mapping=settings.mapping,
    )
    settings.mapping_used = corpus.mapping
    settings.texts_without_annotations = corpus.texts_without_annotations
    records = corpus.records(
        annotator=forced,
        fallback=session.annotator,
        named=named,
        layers={**corpus.labels_needed, **scheme_layers(session, label_map)},
        progress=progress,
        entities=session.registry.entities(),
    )
    where = ", ".join(str(p) for p in paths)
    try:
        return load_lines(
            session.rows,
            _checked_records(records, where),
            where,
            add_labels=add_labels or bool(corpus.labels_needed),
            label_map=label_map,
        )
    finally:
        settings.not_mapped = corpus.unmapped.lines()
