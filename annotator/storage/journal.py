"""Exact undo at the level of rows: while an edit runs, temporary triggers record the inverse of
every row it inserts, updates or deletes; replaying that record puts every row back as it was.

This is the technique of sqlite.org/undoredo.html, with three changes: the record names each row
by its table's primary key (not its rowid), so that a row another connection added meanwhile is
never touched by mistake; it keeps each row as the edit left it, and a row that is no longer so
(another program changed it since) stops the replay, so undo never overwrites someone else's
work; and a row put back keeps its rowid when that rowid is still free. The triggers are
``TEMP``: they live on this connection only and nothing of them reaches the file.
They record only inside ``recording()``; bulk writes of other connections (an import in a worker
thread) never pay for them.

Replaying is itself recorded, so replaying the record of an undo redoes the edit exactly.

A write that points many rows of one column from one value at another (a merge of two entities:
40,000 mentions) is made through ``repoint`` as one statement, and recorded as one change naming
the rows it moved by their keys (``RowChange.action == "repoint"``), not each row as it was:
recording and replaying 40,000 rows one by one took seconds. Replaying it sets that one column
back on those rows, each of which must still hold the value the edit left (or nothing is
replayed); what others changed in their other columns stays.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from annotator.core.records import RowChange
from annotator.storage.database import ProjectDb
from annotator.storage.errors import JournalConflict


@dataclass(frozen=True)
class _Table:
    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]  # primary key columns, in key order
    rowid_alias: bool  # INTEGER PRIMARY KEY: the key is the rowid

    def quoted(self, columns: Sequence[str]) -> str:
        return ", ".join(f'"{c}"' for c in columns)


@dataclass
class Recording:
    """What one ``recording()`` captured: the changes that undo it, in the order they apply."""

    changes: list[RowChange] = field(default_factory=list)


class Journal:
    """The undo record of one connection (see the module docstring)."""

    def __init__(self, pdb: ProjectDb) -> None:
        self._pdb = pdb
        self._tables: dict[str, _Table] = {}
        self._depth = 0

    @property
    def _conn(self) -> sqlite3.Connection:
        return self._pdb.db.conn  # read at each use: the store may reconnect

    def _install(self) -> None:
        """The temporary tables and triggers, made on first use (and made again if a rolled
        back transaction took them away: they are made inside the caller's transaction)."""
        conn = self._conn
        made = conn.execute(
            "SELECT 1 FROM temp.sqlite_master WHERE type = 'table' AND name = 'annotator_journal'"
        ).fetchone()
        if made is not None and self._tables:
            return
        self._tables.clear()
        conn.execute("PRAGMA recursive_triggers = ON")  # REPLACE's deletes are recorded too
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS annotator_journal_state (recording INTEGER)")
        conn.execute("DELETE FROM temp.annotator_journal_state")
        conn.execute("INSERT INTO temp.annotator_journal_state VALUES (0)")
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS annotator_journal (seq INTEGER PRIMARY KEY, "
            "tbl TEXT NOT NULL, action TEXT NOT NULL, data TEXT NOT NULL, expected TEXT)"
        )
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM main.sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite%' AND name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY name"
            )
        ]
        for name in names:
            table = _describe(conn, name)
            self._tables[name] = table
            for statement in _triggers(table):
                conn.execute(statement)

    @contextmanager
    def recording(self) -> Iterator[Recording]:
        """Record the inverse of every row change made inside the block (which runs in the
        caller's transaction: if it rolls back, so does the record). Nested recordings belong
        to the outermost one."""
        self._install()
        result = Recording()
        conn = self._conn
        if self._depth:
            self._depth += 1
            try:
                yield result
            finally:
                self._depth -= 1
            return
        conn.execute("DELETE FROM temp.annotator_journal")
        conn.execute("UPDATE temp.annotator_journal_state SET recording = 1")
        self._depth = 1
        try:
            yield result
        finally:
            self._depth = 0
            conn.execute("UPDATE temp.annotator_journal_state SET recording = 0")
        rows = conn.execute(
            "SELECT tbl, action, data, expected FROM temp.annotator_journal ORDER BY seq DESC"
        )
        result.changes = [_change(self._tables[t], a, d, e or "") for t, a, d, e in rows]
        conn.execute("DELETE FROM temp.annotator_journal")

    def repoint(self, table: str, column: str, old: object, new: object) -> int:
        """``UPDATE table SET column = new WHERE column IS old`` (inside the caller's
        transaction), recorded, inside ``recording()``, as one change that names the rows moved
        by their keys (see the module docstring). Returns how many rows moved."""
        self._install()
        return len(self._move(self._tables[table], column, new, old, None))

    def _move(
        self, table: _Table, column: str, new: object, old: object, keys: Sequence[object] | None
    ) -> list[object]:
        """Set ``column`` to ``new`` on the rows where it is ``old`` (only those of ``keys``,
        if given) with the triggers quiet, and record the inverse as one change; returns the
        keys of the rows set."""
        key = table.key[0] if len(table.key) == 1 else "rowid"
        where = f'"{column}" IS ?'
        params: list[object] = [new, old]
        if keys is not None:
            where += f' AND "{key}" IN (SELECT value FROM json_each(?))'
            params.append(json.dumps(list(keys)))
        conn = self._conn
        recording = self._depth > 0
        if recording:
            conn.execute("UPDATE temp.annotator_journal_state SET recording = 0")
        try:
            moved = [
                r[0]
                for r in conn.execute(
                    f'UPDATE "{table.name}" SET "{column}" = ? WHERE {where} RETURNING "{key}"',
                    params,
                ).fetchall()
            ]
        finally:
            if recording:
                conn.execute("UPDATE temp.annotator_journal_state SET recording = 1")
        if recording and moved:
            conn.execute(
                "INSERT INTO annotator_journal (tbl, action, data) VALUES (?, 'repoint', ?)",
                [table.name, json.dumps([column, old, new, moved])],
            )
        return moved

    def replay(self, changes: Sequence[RowChange]) -> list[RowChange]:
        """Apply ``changes`` in order (inside the caller's transaction); returns the changes
        that undo the replay. JournalConflict if a row is not as the record expects (not
        there any more, changed since, or in the way of one to put back)."""
        self._install()
        with self.recording() as inverse:
            at = 0
            while at < len(changes):
                batch = self._updates_from(changes, at)
                if len(batch) > 1:
                    self._apply_updates(batch)
                    at += len(batch)
                else:
                    self._apply(changes[at])
                    at += 1
        return inverse.changes

    def _updates_from(
        self, changes: Sequence[RowChange], at: int
    ) -> list[tuple[RowChange, list[str], list[object]]]:
        """The updates of one table from ``changes[at]`` on that put back the same columns
        and know the row as the edit left it (a merge's mentions): made as one statement."""
        batch: list[tuple[RowChange, list[str], list[object]]] = []
        for change in changes[at:]:
            if change.action != "update" or not change.expected:
                break
            if batch and change.table != batch[0][0].table:
                break
            columns, values = _differing(self._tables[change.table], change)
            if batch and columns != batch[0][1]:
                break
            batch.append((change, columns, values))
        return batch

    def _apply_updates(self, batch: Sequence[tuple[RowChange, list[str], list[object]]]) -> None:
        """``_apply`` of each update in ``batch``, in order, through one ``executemany``: each
        row is set only if it is as its change expects, and if any is not, the one that is
        not is said (the caller's transaction then takes back the others)."""
        first, columns, _ = batch[0]
        table = self._tables[first.table]
        where = " AND ".join(f'"{c}" IS ?' for c in table.key)
        sets = ", ".join(f'"{c}" = ?' for c in columns)
        sql = (
            f'UPDATE "{table.name}" SET {sets} WHERE {where} '
            f"AND json_array({table.quoted(table.columns)}) IS ?"
        )
        params = [[*values, *change.key, change.expected] for change, _, values in batch]
        try:
            cur = self._conn.executemany(sql, params)
        except sqlite3.IntegrityError as exc:
            raise JournalConflict(_conflict(first, str(exc))) from None
        if cur.rowcount != len(batch):
            self._find_conflict([change for change, _, _ in batch])

    def _find_conflict(self, updates: Sequence[RowChange]) -> None:
        """Raise the JournalConflict of the first of ``updates`` whose row is not as it
        expects (all of them already applied by ``_apply_updates``: rows are compared with
        what the change puts back, and the first that differs is the one that stood in the
        way)."""
        conn = self._conn
        for change in updates:
            table = self._tables[change.table]
            where = " AND ".join(f'"{c}" IS ?' for c in table.key)
            now = conn.execute(
                f'SELECT {table.quoted(table.columns)} FROM "{table.name}" WHERE {where}',
                change.key,
            ).fetchone()
            if now is None:
                raise JournalConflict(_conflict(change, "the row is not there any more"))
            if tuple(now) != tuple(change.values):
                raise JournalConflict(_conflict(change, "the row was changed since"))
        raise JournalConflict(_conflict(updates[0], "the row was changed since"))

    def _apply(self, change: RowChange) -> None:
        table = self._tables[change.table]
        if change.action == "repoint":
            column, value, expected = change.key
            moved = self._move(table, str(column), value, expected, change.values)
            if len(moved) != len(change.values):
                why = "a row is not there any more or was pointed elsewhere since"
                raise JournalConflict(_conflict(change, why))
            return
        conn = self._conn
        where = " AND ".join(f'"{c}" IS ?' for c in table.key)
        if change.expected:
            now = conn.execute(
                f'SELECT json_array({table.quoted(table.columns)}) FROM "{table.name}" '
                f"WHERE {where}",
                change.key,
            ).fetchone()
            if now is None:
                raise JournalConflict(_conflict(change, "the row is not there any more"))
            if now[0] != change.expected:
                raise JournalConflict(_conflict(change, "the row was changed since"))
        try:
            if change.action == "delete":
                cur = conn.execute(f'DELETE FROM "{table.name}" WHERE {where}', change.key)
            elif change.action == "update":
                columns, values = _differing(table, change)
                sets = ", ".join(f'"{c}" = ?' for c in columns)
                cur = conn.execute(
                    f'UPDATE "{table.name}" SET {sets} WHERE {where}', [*values, *change.key]
                )
            else:
                columns, values = list(table.columns), list(change.values)
                free = (
                    not table.rowid_alias
                    and not conn.execute(
                        f'SELECT 1 FROM "{table.name}" WHERE rowid = ?', [change.rowid]
                    ).fetchone()
                )
                if free:
                    columns, values = ["rowid", *columns], [change.rowid, *values]
                marks = ", ".join("?" * len(values))
                cur = conn.execute(
                    f'INSERT INTO "{table.name}" ({table.quoted(columns)}) VALUES ({marks})',
                    values,
                )
        except sqlite3.IntegrityError as exc:  # a row others added or changed stands in the way
            raise JournalConflict(_conflict(change, str(exc))) from None
        if cur.rowcount != 1:
            raise JournalConflict(_conflict(change, "the row is not there any more"))


def _differing(table: _Table, change: RowChange) -> tuple[list[str], list[object]]:
    """The columns an update puts back that differ from the row as the edit left it (every
    column if that is not known): setting only those leaves indexes and triggers on the
    others alone (undoing a merge of 10,000 mentions touches only their entity column)."""
    left = json.loads(change.expected) if change.expected else None
    if not isinstance(left, list) or len(left) != len(table.columns):
        return list(table.columns), list(change.values)
    pairs = [
        (c, v)
        for c, v, was in zip(table.columns, change.values, left, strict=True)
        if v != was or type(v) is not type(was)
    ]
    if not pairs:  # nothing differs: still one row set, so the replay's count holds
        return [table.columns[0]], [change.values[0]]
    return [c for c, _ in pairs], [v for _, v in pairs]


def _conflict(change: RowChange, why: str) -> str:
    return (
        f"the project changed since this edit was made ({change.table}: {why}); "
        "nothing was undone or redone"
    )


def _describe(conn: sqlite3.Connection, name: str) -> _Table:
    info = conn.execute(f'PRAGMA main.table_info("{name}")').fetchall()
    columns = tuple(r[1] for r in info)
    keyed = sorted((r[5], r[1]) for r in info if r[5])
    key = tuple(c for _, c in keyed) or ("rowid",)
    alias = len(keyed) == 1 and next(r[2] for r in info if r[1] == key[0]).upper() == "INTEGER"
    return _Table(name, columns, key, alias)


def _triggers(t: _Table) -> list[str]:
    """AFTER INSERT / UPDATE / DELETE triggers writing the inverse change as JSON."""
    when = "WHEN (SELECT recording FROM annotator_journal_state)"

    def row(prefix: str, columns: Sequence[str]) -> str:
        return ", ".join(f'{prefix}."{c}"' for c in columns)

    def log(action: str, data: str, expected: str) -> str:
        return (
            f"INSERT INTO annotator_journal (tbl, action, data, expected) "
            f"VALUES ('{t.name}', '{action}', json_array({data}), {expected})"
        )

    keyed = row("new", t.key)

    def trigger(event: str, action: str, data: str, expected: str = "NULL") -> str:
        name = f"journal_{t.name}_{event.lower()}"
        return (
            f'CREATE TEMP TRIGGER IF NOT EXISTS "{name}" AFTER {event} ON main."{t.name}" '
            f"{when} BEGIN {log(action, data, expected)}; END"
        )

    left = f"json_array({row('new', t.columns)})"  # the row as the edit left it
    return [
        trigger("INSERT", "delete", keyed, left),
        trigger("UPDATE", "update", keyed + ", " + row("old", t.columns), left),
        trigger("DELETE", "insert", "old.rowid, " + row("old", t.columns)),
    ]


def _change(table: _Table, action: str, data: str, expected: str) -> RowChange:
    values = json.loads(data)
    if action == "repoint":
        column, value, now, keys = values
        return RowChange(table.name, action, (column, value, now), values=tuple(keys))
    n = len(table.key)
    if action == "delete":
        return RowChange(table.name, action, tuple(values), expected=expected)
    if action == "update":
        rest = tuple(values[n:])
        return RowChange(table.name, action, tuple(values[:n]), values=rest, expected=expected)
    rowid, *rest = values
    key = tuple(rest[table.columns.index(c)] for c in table.key) if "rowid" not in table.key else ()
    return RowChange(table.name, action, key, rowid=rowid, values=tuple(rest))
