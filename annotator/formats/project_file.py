"""A colleague's project file as native lines: what bringing their work in reads.

Their project is read through an in-memory copy (``annotator.session.rows.ProjectCopy``) and
handed here as rows: every annotator's work on every document becomes a checked native line,
so that it is loaded with the rules of ``native_load`` for bringing work in. A project file
holds all of its annotators' work, so an annotator who has work in it and none on one of its
documents has none there: a line with no work stands for that document (and the work brought
in before on it is removed). The file's own writer (``owners``: the member whose team work
file or package it is) gets those lines even with no work left in it at all: they emptied
their track, and it is emptied where it is brought in too.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.core.rows import RowSource
from annotator.formats.native_read import Line, check_object
from annotator.formats.native_write import export_objects, line_object

SQLITE_HEADER = b"SQLite format 3\x00"


def is_project_file(path: Path) -> bool:
    """Whether ``path`` is an SQLite file (a project file) rather than JSONL."""
    try:
        with Path(path).open("rb") as handle:
            return handle.read(16) == SQLITE_HEADER
    except OSError:
        return False


def project_lines(
    rows: RowSource,
    progress: Callable[[int, int], None] | None = None,
    *,
    only: str | None = None,
    owners: Collection[str] = (),
) -> Iterator[Line]:
    """Every annotator's work in ``rows`` (or the work of the annotator id ``only``) as checked
    lines, document by document, named ``<file>, document N`` (N its place in that project's
    list). An annotator with work in the project gets a line with no work for each document
    they have none on; so does each of ``owners`` the file knows, with work in it or not (the
    file is their track on its documents, emptied or not)."""
    path = rows.name
    counted = set(rows.annotators_with_work()) | set(owners)
    annotators = [
        a for a in rows.annotators() if a.id in counted and (only is None or a.id == only)
    ]
    objects = export_objects(rows, [a.id for a in annotators], progress=progress)
    pending = next(objects, None)
    for number, document in enumerate(rows.document_rows(), 1):
        found: dict[str, Line] = {}
        while pending is not None and pending["id"] == document[0]:
            found[pending["annotator_id"]] = _line(pending)
            pending = next(objects, None)
        for annotator in annotators:
            line = found.get(annotator.id)
            if line is None:
                line = _line(line_object(document, annotator, "not_started", [], [], [], []))
            line.where, line.line = f"{path}, document {number}", 0
            yield line


def _line(obj: dict[str, object]) -> Line:
    line = check_object(obj)
    if line is None:  # export_objects checked it: a bug if this happens
        raise AnnotatorError(f"a line of the project could not be read back: {obj['id']}")
    return line
