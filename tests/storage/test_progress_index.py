"""Migration 0012: the team's progress reads each assignee's spans (counted per label, and
those compared) from the index of the spans by annotator and document, never from the rows
of the spans, in a new project and in one upgraded from schema 11."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.core.scheme import load_default_scheme
from annotator.storage.migrations import SCHEMA_VERSION, SPANS_BY_ANNOTATOR_AND_DOCUMENT_INDEX
from annotator.storage.store import ProjectStore
from tests.storage.older_schema import as_of_schema, schema_of

INDEX = "spans_by_annotator_and_document"
QUESTIONS = [  # as ``storage.progress.ProgressQueries.work`` asks them
    "SELECT s.layer, s.label, count(*) FROM assignments a CROSS JOIN spans s "
    "ON s.annotator_id = 'x' AND s.document_id = a.document_id WHERE a.assignee = 'n' "
    "GROUP BY s.layer, s.label ORDER BY s.layer, s.label",
    "SELECT a.document_id FROM assignments a WHERE a.assignee = 'n' AND EXISTS "
    "(SELECT 1 FROM spans s WHERE s.annotator_id = 'x' AND s.document_id = a.document_id)",
    'SELECT j.value, (SELECT json_group_array(json_array(s.start, s."end", s.layer, '
    "s.label)) FROM spans s WHERE s.annotator_id = 'x' AND s.document_id = j.value) "
    "FROM json_each('[\"d\"]') j",
]


def _plans(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [
            " / ".join(str(r[-1]) for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
            for sql in QUESTIONS
        ]
    finally:
        conn.close()


def _reads_an_index_only(plan: str) -> bool:
    """Whether every step reading the spans reads an index that covers it (0012's, or the
    spans' index by document to know whether there are any)."""
    steps = [step for step in plan.split(" / ") if step.startswith("SEARCH s ")]
    return bool(steps) and all("USING COVERING INDEX" in step for step in steps)


def test_a_new_project_reads_progress_from_the_index(project_path: Path) -> None:
    ProjectStore.open(project_path, scheme=load_default_scheme()).close()
    for plan in _plans(project_path):
        assert _reads_an_index_only(plan), plan


def test_a_project_of_schema_11_gets_the_index_when_opened(project_path: Path) -> None:
    ProjectStore.open(project_path, scheme=load_default_scheme()).close()
    as_of_schema(project_path, 11)  # as a file of schema 11 was: without it
    before = _plans(project_path)
    assert not _reads_an_index_only(before[0]) and not _reads_an_index_only(before[2])
    ProjectStore.open(project_path, scheme=load_default_scheme()).close()
    version, made = schema_of(project_path)
    assert version == SCHEMA_VERSION
    assert SPANS_BY_ANNOTATOR_AND_DOCUMENT_INDEX in made
    for plan in _plans(project_path):
        assert _reads_an_index_only(plan), plan
