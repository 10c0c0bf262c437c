"""Migration 0011: what points at an entity (quotes by speaker, claims by claimer) is read from
an index, in a new project and in one upgraded from an older schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.core.scheme import load_default_scheme
from annotator.storage.migrations import ENTITY_REFERENCE_INDEXES, SCHEMA_VERSION
from annotator.storage.store import ProjectStore
from tests.storage.older_schema import as_of_schema, schema_of

QUESTIONS = {
    "quotes_by_speaker": "SELECT count(*) FROM quotes WHERE speaker_entity_id = ?",
    "claims_by_claimer": "SELECT count(*) FROM claims WHERE claimer_entity_id = ?",
}


def _plans(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(path)
    try:
        return {
            index: " ".join(str(r[-1]) for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", ["e"]))
            for index, sql in QUESTIONS.items()
        }
    finally:
        conn.close()


def test_a_new_project_reads_what_points_at_an_entity_from_an_index(project_path: Path) -> None:
    ProjectStore.open(project_path, scheme=load_default_scheme()).close()
    for index, plan in _plans(project_path).items():
        assert f"USING COVERING INDEX {index}" in plan or f"USING INDEX {index}" in plan


def test_an_older_project_gets_the_indexes_when_opened(project_path: Path) -> None:
    ProjectStore.open(project_path, scheme=load_default_scheme()).close()
    as_of_schema(project_path, 10)  # as a file of schema 10 was: without them
    assert all("SCAN" in plan for plan in _plans(project_path).values())
    ProjectStore.open(project_path, scheme=load_default_scheme()).close()
    version, made = schema_of(project_path)
    assert version == SCHEMA_VERSION
    assert set(ENTITY_REFERENCE_INDEXES) <= made
    assert not any("SCAN" in plan for plan in _plans(project_path).values())
