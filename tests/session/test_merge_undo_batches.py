"""Merging entities with many mentions, and its undo and redo: the mentions, speakers and
claimers are pointed at the kept entity by one statement each, recorded as the ids of the rows
moved (not each row as it was); undo and redo put the file back exactly as it was, rowids
included. A mention another program pointed elsewhere or removed meanwhile stops the undo with
nothing written; what another program changed in a mention's other columns (its note) is kept."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.app.projects import open_session
from annotator.core.links import ClaimerKind
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


def test_the_undo_record_of_a_merge_names_the_mentions_not_their_rows(session: Session) -> None:
    keep, gone, moved = _two_entities(session)
    merge = link_ops.merge_entities(session, keep, gone)
    merge.apply()
    record = merge.discard()
    # the kept entity's row, the other's row, and one change for all its mentions
    assert len(record) == 3
    (mentions,) = [r for r in record if r.table == "spans"]
    assert mentions.action == "repoint" and mentions.key == ("entity_id", gone, keep)
    assert len(mentions.values) == moved


@pytest.mark.parametrize(
    ("theirs", "stops"),
    [
        ("UPDATE spans SET entity_id = NULL WHERE id = ?", True),
        ("DELETE FROM spans WHERE id = ?", True),
        ("UPDATE spans SET note = 'theirs' WHERE id = ?", False),
    ],
)
def test_undo_of_a_merge_stops_at_a_mention_another_program_moved(
    session: Session, theirs: str, stops: bool
) -> None:
    keep, gone, _ = _two_entities(session)
    merge = link_ops.merge_entities(session, keep, gone)
    merge.apply()
    moved = [r[0] for r in session_rows(session.path, gone_was=keep)]
    other = sqlite3.connect(session.path)
    with other:  # another program changes one mention the undo would put back
        other.execute(theirs, [moved[-1]])
    other.close()
    session.check_external_change()
    changed = dump(session.path)
    if stops:
        with pytest.raises(JournalConflict, match="pointed elsewhere since"):
            merge.revert()
        assert dump(session.path) == changed  # nothing of the undo stayed
        return
    merge.revert()
    assert session.registry.find(gone) is not None
    notes = {r[0]: r[1] for r in _rows(session.path, "SELECT id, note FROM spans")}
    assert notes[moved[-1]] == "theirs"  # their note stays; the mention is the other's again
    assert {
        r[0] for r in _rows(session.path, "SELECT entity_id FROM spans WHERE id = ?", moved[-1])
    } == {gone}


def test_undo_and_redo_of_a_merge_of_a_speaker_and_claimer_are_exact(session: Session) -> None:
    keep, gone, _ = _two_entities(session)
    doc = session.documents()[0].id
    quote_label = session.scheme.get(Layer.QUOTE, "QUOTE")
    claim_label = next(iter(session.scheme.by_layer(Layer.CLAIM)))
    assert quote_label is not None
    made = label_selection(session, doc, 0, 20, quote_label)
    made.apply()
    quote = session.links.quote_of_span(made.span.id)
    assert quote is not None
    session.links.update_quote(quote.with_changes(speaker_entity_id=gone))
    claimed = label_selection(session, doc, 30, 60, claim_label)
    claimed.apply()
    link_ops.set_claim(
        session, claimed.span, "claimer", claimer_kind=ClaimerKind.ENTITY, claimer_entity_id=gone
    ).apply()
    before = dump(session.path)
    merge = link_ops.merge_entities(session, keep, gone)
    merge.apply()
    merged = dump(session.path)
    assert session.links.quote_of_span(made.span.id).speaker_entity_id == keep
    assert session.links.claim_or_none(claimed.span.id).claimer_entity_id == keep
    merge.revert()
    assert dump(session.path) == before
    merge.apply()
    assert dump(session.path) == merged
    merge.revert()
    assert dump(session.path) == before


def _rows(path: Path, sql: str, *args: object) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def session_rows(path: Path, gone_was: str) -> list[tuple[object, ...]]:
    return _rows(path, "SELECT id FROM spans WHERE entity_id = ? ORDER BY rowid", gone_was)
