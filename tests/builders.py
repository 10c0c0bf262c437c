"""Putting another annotator's work into an open project the way an import does (the session's
bulk rows), for tests that need more than one annotator."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from annotator.core.links import Claim, Quote
from annotator.core.model import Annotator, Document, Span, Status, metadata_json, now_iso
from annotator.core.rows import BulkBatch
from annotator.identity import current_annotator
from annotator.session import Session

REPO = Path(__file__).resolve().parents[1]


def span_row(s: Span) -> tuple[object, ...]:
    return (
        s.id, s.document_id, s.annotator_id, s.layer.value, s.label, s.start, s.end, s.text,
        s.note, s.created_at, s.updated_at, s.entity_id,
    )  # fmt: skip


def put_documents(session: Session, documents: Iterable[Document]) -> None:
    """Documents with the ids given (a test's fixed ids), at the end of the list."""
    stamp = now_iso()
    rows = [
        (d.id, d.sha256, d.text, d.title, d.date, d.source, stamp, metadata_json(d.meta))
        for d in documents
    ]
    session.rows.write([BulkBatch(documents=rows)])


def put_work(
    session: Session,
    annotator: Annotator,
    spans: Iterable[Span] = (),
    *,
    statuses: dict[str, Status] | None = None,
    quotes: Iterable[Quote] = (),
    claims: Iterable[Claim] = (),
) -> None:
    """Add ``annotator`` (if new) and their spans, quotes, claim rows and document statuses,
    in one transaction, as importing their work would."""
    stamp = now_iso()
    batch = BulkBatch(annotators=[(annotator.id, annotator.name, stamp)])
    batch.spans = [span_row(s) for s in spans]
    for q in quotes:
        batch.quotes.append(
            (q.id, q.document_id, q.annotator_id, q.cue_span_id, q.speaker_entity_id)
            + (q.speaker_text, q.quote_type.value, q.note, q.created_at or stamp, q.updated_at)
        )
        batch.segments += [(q.id, span_id, i) for i, span_id in enumerate(q.segment_ids)]
    batch.claims = [
        (c.span_id, c.claimer_kind.value, c.claimer_entity_id, c.stance.value)
        + (c.check_worthiness.value, c.verdict.value, c.evidence, c.updated_at)
        for c in claims
    ]
    batch.statuses = [(d, annotator.id, s.value, stamp) for d, s in (statuses or {}).items()]
    session.rows.write([batch])


def as_person(monkeypatch: pytest.MonkeyPatch, root: Path, name: str) -> Annotator:
    """Become another person at this desk: their own identity file (under ``root``) and
    name, as when they run annotator on their own machine."""
    folder = root / f"config-{name}"
    folder.mkdir(exist_ok=True)
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(folder))
    monkeypatch.setenv("ANNOTATOR_NAME", name)
    return current_annotator()


def run_as(root: Path, name: str, script: str, *args: str) -> str:
    """Run the Python ``script`` with ``args`` as ``name`` in a process of their own (their
    identity file under ``root``, as on their own machine); what it printed. It must
    succeed."""
    config = root / f"config-{name}"
    config.mkdir(exist_ok=True)
    env = dict(os.environ, ANNOTATOR_CONFIG_DIR=str(config), ANNOTATOR_NAME=name)
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout
