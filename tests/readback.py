"""Reading a project file back the way the tests check edits: a second, read-only connection
(never the code under test)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.app.projects import project_file


def rows(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Rows of ``sql`` on the project at ``path`` (its file, or a project folder)."""
    conn = sqlite3.connect(f"file:{project_file(Path(path))}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def write(path: Path, sql: str, params: tuple[object, ...] = ()) -> None:
    """Write rows the way another program (or an older version) would have: a fixture."""
    conn = sqlite3.connect(str(project_file(Path(path))))
    try:
        with conn:
            conn.execute(sql, params)
    finally:
        conn.close()


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table of the project (but sqlite-utils' migrations), each row with its rowid, in
    rowid order: what "exactly as it was" means."""
    conn = sqlite3.connect(f"file:{project_file(Path(path))}?mode=ro", uri=True)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite%' AND name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY name"
            )
        ]
        return {
            name: conn.execute(f'SELECT rowid, * FROM "{name}" ORDER BY rowid').fetchall()
            for name in names
        }
    finally:
        conn.close()
