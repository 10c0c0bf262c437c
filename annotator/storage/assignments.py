"""Rows of the team workflow (issue 15): which documents each assignee (a name the lead typed)
annotates, which annotator id each name is bound to, and the team's settings (``team.*`` keys
of the ``project`` table).

A name is bound to an annotator id when its holder first opens their package; until then the
name stands for whoever of this file's annotators is called so (``resolved``). Names are kept
as given: checking and tidying what a user typed is ``core.assignment``'s work.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotator.core.model import now_iso
from annotator.storage.database import ProjectDb, Repository
from annotator.storage.errors import ProjectError

SETTING_PREFIX = "team."  # the only keys of ``project`` this repository reads or writes
_CHUNK = 500  # ids per IN (...) list: well under SQLite's limit on parameters


class Assignments(Repository):
    """Documents to names, names to annotator ids, and the team's settings; every write is one
    transaction (a savepoint inside another)."""

    def __init__(self, pdb: ProjectDb) -> None:
        super().__init__(pdb)

    # -- reading -------------------------------------------------------------------------------

    def by_document(self, document_ids: Sequence[str] | None = None) -> dict[str, list[str]]:
        """Document id -> its assignees' names, sorted; of every assigned document, or of
        those in ``document_ids`` that have assignees (a page of the document list)."""
        found: dict[str, list[str]] = {}
        sql = "SELECT document_id, assignee FROM assignments"
        if document_ids is None:
            rows: Iterable[tuple[str, str]] = self._db.execute(sql + " ORDER BY assignee")
        else:
            ids = list(dict.fromkeys(document_ids))
            rows = [
                row
                for i in range(0, len(ids), _CHUNK)
                for row in self._db.execute(
                    f"{sql} WHERE document_id IN ({', '.join('?' * len(ids[i : i + _CHUNK]))}) "
                    "ORDER BY assignee",
                    ids[i : i + _CHUNK],
                )
            ]
        for document_id, name in rows:
            found.setdefault(document_id, []).append(name)
        for names in found.values():
            names.sort()
        return found

    def documents_of(self, name: str) -> list[str]:
        """Ids of the documents assigned to ``name`` (exactly as stored), in project order."""
        rows = self._db.execute(
            "SELECT a.document_id FROM assignments a JOIN documents d ON d.id = a.document_id "
            "WHERE a.assignee = ? ORDER BY d.position, d.id",
            [name],
        )
        return [r[0] for r in rows]

    def counts(self) -> dict[str, int]:
        """Name -> how many documents it is assigned (names with at least one)."""
        rows = self._db.execute("SELECT assignee, count(*) FROM assignments GROUP BY assignee")
        return {r[0]: int(r[1]) for r in rows}

    def names(self) -> list[str]:
        """The names that have at least one document, sorted."""
        rows = self._db.execute("SELECT DISTINCT assignee FROM assignments ORDER BY assignee")
        return [r[0] for r in rows]

    def bindings(self) -> dict[str, str | None]:
        """Every name ever assigned -> the annotator id bound to it, or None while unbound (a
        name whose documents all went to others stays here, with its binding)."""
        rows = self._db.execute("SELECT name, annotator_id FROM assignees ORDER BY name")
        found: dict[str, str | None] = {r[0]: r[1] for r in rows}
        for name in self.names():  # (a file written by hand may lack the assignees row)
            found.setdefault(name, None)
        return dict(sorted(found.items()))

    def bound_at(self) -> dict[str, str]:
        """Each bound name -> when it was bound (ISO 8601, UTC): when its holder first opened
        the package or work file made for it, wherever that binding was recorded first."""
        rows = self._db.execute(
            "SELECT name, bound_at FROM assignees WHERE annotator_id IS NOT NULL "
            "AND bound_at IS NOT NULL ORDER BY name"
        )
        return {r[0]: r[1] for r in rows}

    def resolved(self) -> dict[str, str | None]:
        """Name -> the annotator id whose work counts for that name in this file: the bound
        id; else the id of the one annotator of this file whose name equals the assignee name
        (case and outer spaces aside); else None (nobody is called so, or several are:
        binding tells them apart)."""
        called: dict[str, list[str]] = {}
        for annotator_id, name in self._db.execute("SELECT id, name FROM annotators"):
            called.setdefault(_folded(name), []).append(annotator_id)
        found: dict[str, str | None] = {}
        for name, bound in self.bindings().items():
            same = called.get(_folded(name), [])
            found[name] = bound if bound is not None else (same[0] if len(same) == 1 else None)
        return found

    def setting(self, key: str, default: str = "") -> str:
        """The value of a team setting (a ``team.`` key of the project table), or ``default``."""
        _check_key(key)
        row = self._db.execute("SELECT value FROM project WHERE key = ?", [key]).fetchone()
        return default if row is None else str(row[0])

    # -- writing -------------------------------------------------------------------------------

    def add(self, pairs: Iterable[tuple[str, str]]) -> int:
        """Assign each (document id, name); a pair already there is kept as it was (its date
        too). Returns how many pairs were new. A document the project lacks is refused
        (WriteFailed), with nothing written."""
        when = now_iso()
        rows = [(d, n, when) for d, n in dict.fromkeys(pairs)]
        with self._pdb.writing():
            conn = self._db.conn
            conn.executemany(
                "INSERT OR IGNORE INTO assignees (name, annotator_id, bound_at) "
                "VALUES (?, NULL, NULL)",
                [(n,) for n in dict.fromkeys(r[1] for r in rows)],
            )
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO assignments (document_id, assignee, assigned_at) "
                "VALUES (?, ?, ?)",
                rows,
            )
            return conn.total_changes - before

    def remove(self, pairs: Iterable[tuple[str, str]]) -> int:
        """Take each (document id, name) assignment away (one not there is ignored); the
        name's binding stays. Returns how many were removed."""
        with self._pdb.writing():
            conn = self._db.conn
            before = conn.total_changes
            conn.executemany(
                "DELETE FROM assignments WHERE document_id = ? AND assignee = ?",
                list(dict.fromkeys(pairs)),
            )
            return conn.total_changes - before

    def bind(self, name: str, annotator_id: str, at: str | None = None) -> None:
        """Bind ``name`` to ``annotator_id``, recorded with the time ``at`` (when its holder
        first opened their file, if that was recorded elsewhere; else now). Binding it again
        to the same id changes nothing; a name bound to another id, or an id bound to another name,
        is refused (ProjectError, saying which), with nothing written."""
        with self._pdb.writing():
            row = self._db.execute(
                "SELECT name FROM assignees WHERE annotator_id = ?", [annotator_id]
            ).fetchone()
            if row is not None and row[0] != name:
                raise ProjectError(
                    f"{self._pdb.path}: annotator {annotator_id} is already bound to the name "
                    f"{row[0]!r}, so cannot also be {name!r}"
                )
            row = self._db.execute(
                "SELECT annotator_id FROM assignees WHERE name = ?", [name]
            ).fetchone()
            if row is not None and row[0] is not None:
                if row[0] == annotator_id:
                    return
                raise ProjectError(
                    f"{self._pdb.path}: the name {name!r} is already bound to annotator "
                    f"{row[0]}, so cannot be bound to {annotator_id}"
                )
            self._db.execute(
                "INSERT INTO assignees (name, annotator_id, bound_at) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET annotator_id = excluded.annotator_id, "
                "bound_at = excluded.bound_at",
                [name, annotator_id, at or now_iso()],
            )

    def set_setting(self, key: str, value: str) -> None:
        """Set a team setting (a ``team.`` key of the project table)."""
        _check_key(key)
        with self._pdb.writing():
            self._db.execute(
                "INSERT INTO project (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, str(value)],
            )


def _check_key(key: str) -> None:
    if not key.startswith(SETTING_PREFIX) or key == SETTING_PREFIX:
        raise ValueError(f"{key!r} is not a team setting (they start with {SETTING_PREFIX!r})")


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()
