"""Undoing and redoing a merge of entities with many mentions puts their rows back in batches
(one statement for all the mentions that get the same columns back): the file ends exactly as
it was, rowids included, and a mention another program changed meanwhile stops the undo with
nothing written."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.app.projects import open_session
from annotator.core.model import Layer, Span
from annotator.session import Session
from annotator.session.ops import links as link_ops
from annotator.session.ops.spans import label_selection
from annotator.storage.errors import JournalConflict
from tests.readback import dump


@pytest.fixture
def session(example_copy: Path) -> Iterator[Session]:
    opened = open_session(example_copy)  # the example's articles, nobody's work yet
    yield opened
    opened.close()


def _label_all(s: Session, word: str) -> list[Span]:
    """Every occurrence of ``word`` in the documents, labelled PERSON (each linked at once to
    the entity of that name: the first makes it)."""
    person = s.scheme.get(Layer.ENTITY, "PERSON")
    assert person is not None
    made = []
    for meta in s.documents():
        text = s.document(meta.id).text
        at = text.find(word)
        while at >= 0:
            op = label_selection(s, meta.id, at, at + len(word), person)
            op.apply()
            made.append(op.span)
            at = text.find(word, at + 1)
    return made


def _two_entities(s: Session) -> tuple[str, str, int]:
    lavrov, putin = _label_all(s, "Lavrov"), _label_all(s, "Putin")
    assert len(lavrov) >= 3 and len(putin) >= 3
    keep, gone = lavrov[0].entity_id, putin[0].entity_id
    assert keep and gone and keep != gone
    return keep, gone, len(putin)


def test_undo_and_redo_of_a_merge_of_many_mentions_are_exact(session: Session) -> None:
    keep, gone, moved = _two_entities(session)
    before = dump(session.path)
    merge = link_ops.merge_entities(session, keep, gone)
    merge.apply()
    merged = dump(session.path)
    assert session.registry.counts_of([keep])[keep][0] >= 3 + moved
    merge.revert()
    assert dump(session.path) == before
    assert session.registry.find(gone) is not None
    merge.apply()
    assert dump(session.path) == merged
    merge.revert()
    assert dump(session.path) == before


def test_undo_of_a_merge_stops_at_a_mention_another_program_changed(session: Session) -> None:
    keep, gone, _ = _two_entities(session)
    merge = link_ops.merge_entities(session, keep, gone)
    merge.apply()
    moved = [r[0] for r in session_rows(session.path, gone_was=keep)]
    theirs = sqlite3.connect(session.path)
    with theirs:  # another program edits the note of one mention the undo would put back
        theirs.execute("UPDATE spans SET note = 'theirs' WHERE id = ?", [moved[-1]])
    theirs.close()
    session.check_external_change()
    changed = dump(session.path)
    with pytest.raises(JournalConflict, match="changed since"):
        merge.revert()
    assert dump(session.path) == changed  # nothing of the undo stayed


def session_rows(path: Path, gone_was: str) -> list[tuple[str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT id FROM spans WHERE entity_id = ? ORDER BY rowid", [gone_was]
        ).fetchall()
    finally:
        conn.close()
