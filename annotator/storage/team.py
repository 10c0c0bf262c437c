"""The team workflow's files (issue 15): a package cut out of the lead's project for one
assignee, the team keys and the binding of a package's name, the label ids that let work
follow renamed labels, and a work file put in the journal mode a sync engine can carry.

The rule that keeps a team on plain files safe is that every file has exactly one writer:
nothing here writes a file it did not make, and another person's file is only ever read
through a copy of its bytes in a private folder (``storage.copying``: never in place, never
``immutable=1`` on a file a sync engine may replace under us), checked with ``PRAGMA
quick_check`` before a row of it is believed.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from annotator.core.records import StoredLabel
from annotator.storage.database import ProjectDb, Repository
from annotator.storage.files import write_whole
from annotator.storage.labels import Labels

LEAD_KEY = "team.lead"  # (the keys of ``session.assignments``, written into a package)
ASSIGNEE_KEY = "team.assignee"
CREATED_KEY = "created_at"  # the project's birth: a package keeps it, so work can be matched


class Team(Repository):
    """What the team workflow reads of a file beyond its assignments (``storage.assignments``):
    the project's birth, its labels by id, one annotator's work as marks to compare."""

    def __init__(self, pdb: ProjectDb, labels: Labels) -> None:
        super().__init__(pdb)
        self._labels = labels

    def created(self) -> str:
        """When the project was made (``created_at``): a package or work file keeps it, so
        work coming back is known to be made from this project."""
        row = self._db.execute("SELECT value FROM project WHERE key = ?", [CREATED_KEY]).fetchone()
        return str(row[0]) if row else ""

    def label_ids(self) -> dict[int, tuple[str, str]]:
        """Each label's row id -> (layer, name): a package keeps the lead's ids, so a label
        renamed on one side is still known by its id on the other."""
        rows = self._db.execute("SELECT id, layer, name FROM labels")
        return {int(r[0]): (str(r[1]), str(r[2])) for r in rows}

    def track(self, annotator_id: str) -> set[tuple[str, ...]]:
        """What stands for one annotator's work here, to tell whether a file holds work that
        another lacks: each span (id, document, place, note, last change) and each status."""
        spans = self._db.execute(
            'SELECT id, document_id, start, "end", note, updated_at FROM spans '
            "WHERE annotator_id = ?",
            [annotator_id],
        )
        statuses = self._db.execute(
            "SELECT document_id, status FROM document_status WHERE annotator_id = ?",
            [annotator_id],
        )
        return {tuple(str(v) for v in r) for r in spans} | {
            ("status", str(r[0]), str(r[1])) for r in statuses
        }

    def adopt_scheme(self, lead: list[StoredLabel], guideline: str) -> list[str]:
        """Make this file's scheme follow the lead's, matched by label id (a work file keeps
        the lead's ids), in one transaction: a label the lead renamed or restyled changes here
        too, its spans carried along (``Labels.update``); a label the lead added comes with
        its id; the guideline follows. A label the lead removed stays here (removing it would
        remove the annotator's spans of it): the lead's collection says it is missing. What
        changed, in words (empty: nothing)."""
        done: list[str] = []
        with self._pdb.writing():
            mine = {s.row_id: s for s in self._labels.rows()}
            names = {(s.label.layer, s.label.name) for s in mine.values()}
            for theirs in sorted(lead, key=lambda s: s.position):
                here = mine.get(theirs.row_id)
                label = theirs.label
                if here is not None and here.label.layer is label.layer:
                    if here.label != label:
                        self._labels.update(here.label, label)
                        was = here.label.name
                        done.append(f"{was} is now {label.name}" if was != label.name else was)
                elif (label.layer, label.name) not in names:
                    free = here is None
                    self._db.execute(
                        "INSERT INTO labels (id, position, layer, name, color, key, description) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [theirs.row_id if free else None, theirs.position, label.layer.value,
                         label.name, label.color, label.key, label.description],
                    )  # fmt: skip
                    done.append(f"{label.name} added")
            if guideline != self._labels.guideline():
                self._labels.set_guideline(guideline)
                done.append("the guideline")
        return done


# -- a package: the lead's project cut down for one assignee -----------------------------------


@dataclass(frozen=True)
class Cut:
    """What a package keeps of the lead's project."""

    assignee: str
    documents: set[str]  # the assignee's documents
    annotators: set[str] | None  # whose tracks stay (None: everyone's)
    lead: str  # the lead's annotator id


def write_package(conn: sqlite3.Connection, target: Path, cut: Cut) -> None:
    """Copy the project on ``conn`` (SQLite's backup API: a consistent copy) into a new file
    beside ``target``, cut it down as ``cut`` says, and rename it to ``target`` when complete:
    an interruption leaves ``target`` as it was. The cut pages are vacuumed away, so nothing
    of the documents or tracks left out can be read in the file."""

    def fill(dest: sqlite3.Connection) -> None:
        conn.backup(dest, pages=1024)
        dest.execute("PRAGMA journal_mode = DELETE")
        dest.execute("PRAGMA foreign_keys = ON")
        dest.execute("BEGIN IMMEDIATE")
        _cut(dest, cut)
        dest.execute("COMMIT")
        dest.execute("VACUUM")

    write_whole(target, fill, "the package")


def _cut(db: sqlite3.Connection, cut: Cut) -> None:
    db.execute("CREATE TEMP TABLE keep_docs (id TEXT PRIMARY KEY)")
    db.executemany("INSERT INTO keep_docs VALUES (?)", [(d,) for d in cut.documents])
    gone_docs = "NOT IN (SELECT id FROM temp.keep_docs)"
    statements = [
        f"DELETE FROM proposal_outcomes WHERE document_id {gone_docs}",
        "DELETE FROM decisions",  # review is the lead's
        f"DELETE FROM claims WHERE span_id IN (SELECT id FROM spans WHERE document_id {gone_docs})",
        "DELETE FROM quote_segments WHERE quote_id IN "
        f"(SELECT id FROM quotes WHERE document_id {gone_docs})",
        f"DELETE FROM quotes WHERE document_id {gone_docs}",
        f"DELETE FROM spans WHERE document_id {gone_docs}",
        f"DELETE FROM document_status WHERE document_id {gone_docs}",
        "DELETE FROM assignments WHERE assignee <> :name",
        "DELETE FROM assignees WHERE name <> :name",
        f"DELETE FROM assignments WHERE document_id {gone_docs}",
        f"DELETE FROM documents WHERE id {gone_docs}",
    ]
    if cut.annotators is not None:
        db.execute("CREATE TEMP TABLE keep_people (id TEXT PRIMARY KEY)")
        db.executemany("INSERT INTO keep_people VALUES (?)", [(a,) for a in cut.annotators])
        gone = "NOT IN (SELECT id FROM temp.keep_people)"
        statements[2:2] = [
            f"DELETE FROM proposal_outcomes WHERE annotator_id {gone}",
            f"DELETE FROM claims WHERE span_id IN (SELECT id FROM spans WHERE annotator_id {gone})",
            "DELETE FROM quote_segments WHERE quote_id IN "
            f"(SELECT id FROM quotes WHERE annotator_id {gone})",
            "DELETE FROM quote_segments WHERE span_id IN "
            f"(SELECT id FROM spans WHERE annotator_id {gone})",
            f"DELETE FROM quotes WHERE annotator_id {gone}",
            f"DELETE FROM spans WHERE annotator_id {gone}",
            f"DELETE FROM document_status WHERE annotator_id {gone}",
        ]
    for statement in statements:
        db.execute(statement, {"name": cut.assignee} if ":name" in statement else ())
    db.executemany(
        "INSERT INTO project (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [(ASSIGNEE_KEY, cut.assignee), (LEAD_KEY, cut.lead)],
    )
    db.execute("DROP TABLE temp.keep_docs")
    if cut.annotators is not None:
        db.execute("DROP TABLE temp.keep_people")


# -- a work file's writer ------------------------------------------------------------------


def rollback_journal(path: Path) -> None:
    """Put the file its writer is about to open in rollback-journal mode (once; it stays so):
    every commit is then in the file itself, so a sync engine that carries the file alone
    carries all of it (a ``-wal`` beside it would hold the latest edits apart). Nothing if
    another connection has it open (it keeps its mode) or it does not exist yet."""
    if not path.is_file():
        return
    with contextlib.suppress(sqlite3.Error):
        conn = sqlite3.connect(str(path), timeout=0.5, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = DELETE")
        finally:
            conn.close()
