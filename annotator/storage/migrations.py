"""Numbered schema migrations of the project file, recorded by sqlite-utils' Migrations."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

APPLICATION_ID = 0x414E4E31  # "ANN1" in the SQLite header: marks the file as an annotator project

migrations = Migrations("annotator")


def _stamp(db: Database, version: int) -> None:
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {version}")


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    for statement in _INITIAL:
        db.execute(statement)
    _stamp(db, 1)


_INITIAL = [
    """CREATE TABLE project (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    """CREATE TABLE annotators (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE labels (
        id INTEGER PRIMARY KEY,
        position INTEGER NOT NULL,
        layer TEXT NOT NULL CHECK (layer IN ('entity', 'quote', 'claim')),
        name TEXT NOT NULL,
        color TEXT NOT NULL,
        key TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        UNIQUE (layer, name)
    )""",
    """CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        text TEXT NOT NULL,
        title TEXT NOT NULL,
        date TEXT,
        source TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE document_status (
        document_id TEXT NOT NULL REFERENCES documents(id),
        annotator_id TEXT NOT NULL REFERENCES annotators(id),
        status TEXT NOT NULL CHECK (status IN ('in_progress', 'done')),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (document_id, annotator_id)
    )""",
    """CREATE TABLE spans (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id),
        annotator_id TEXT NOT NULL REFERENCES annotators(id),
        layer TEXT NOT NULL CHECK (layer IN ('entity', 'quote', 'claim')),
        label TEXT NOT NULL,
        start INTEGER NOT NULL CHECK (start >= 0),
        "end" INTEGER NOT NULL CHECK ("end" > start),
        text TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE INDEX spans_by_document ON spans (document_id, annotator_id, start)""",
]

SCHEMA_VERSION = 1  # the number of migrations above; tests check they agree
