"""Reading a project file back the way the tests check edits: a second, read-only connection."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.workspace import project_file


def rows(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Rows of ``sql`` on the project at ``path`` (its file, or a project folder)."""
    conn = sqlite3.connect(f"file:{project_file(Path(path))}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()
