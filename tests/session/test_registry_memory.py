"""What the registry keeps in memory (index, order, counts, linked texts) follows each edit and
its undo and redo exactly: it answers as a session opened afresh on the file does; and undoing a
merge puts back only the column that changed (the other columns' indexes and triggers are left
alone, so undoing a merge of thousands of mentions does not rewrite every row)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.app.projects import open_session
from annotator.core.model import Layer, Span
from annotator.session import Session
from annotator.session.ops import links as link_ops
from annotator.session.ops.base import Operation
from annotator.session.ops.spans import label_selection
from tests.readback import rows, write


@pytest.fixture
def session(example_copy: Path) -> Iterator[Session]:
    opened = open_session(example_copy)  # the example's articles, nobody's work yet
    yield opened
    opened.close()


def _label(s: Session, piece: str, nth: int = 0) -> Span:
    doc = next(m.id for m in s.documents() if piece in s.document(m.id).text)
    text = s.document(doc).text
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    person = s.scheme.get(Layer.ENTITY, "PERSON")
    assert person is not None
    op = label_selection(s, doc, start, start + len(piece), person)
    op.apply()
    return op.span


def _answers(s: Session) -> tuple[object, ...]:
    registry = s.registry
    names = ["Lavrov", "Sergey Lavrov", "Sergei Lavrov", "Putin", "Zelensky", "Macron"]
    return (
        [(e.id, e.name, e.aliases) for e in registry.entities()],
        [(e.id) for e in registry.of_type("PERSON")],
        registry.mention_counts(),
        [[(c.entity.id, c.score, c.matched) for c in registry.candidates(n)] for n in names],
        sorted(registry.containing("lav")),
    )


def _fresh(s: Session) -> tuple[object, ...]:
    other = Session.open(s.path, s.annotator, read_only=True)
    try:
        return _answers(other)
    finally:
        other.close()


def test_edits_undo_and_redo_keep_the_registry_in_memory_as_the_file_says(
    session: Session,
) -> None:
    _answers(session)  # read into memory before the edits
    made: list[Operation] = []
    first = _label(session, "Lavrov")
    second = _label(session, "Lavrov", nth=1)
    assert first.entity_id is not None and first.entity_id == second.entity_id  # the name
    new = link_ops.new_entity_from(session, session.spans(first.document_id)[0])
    assert new is not None
    new.apply()
    made.append(new)
    ids = {e.id for e in session.registry.entities()}
    keep, gone = sorted(ids)
    rename = link_ops.rename_entity(session, keep, "Sergey Lavrov")
    assert rename is not None
    rename.apply()
    made.append(rename)
    merge = link_ops.merge_entities(session, keep, gone)
    merge.apply()
    made.append(merge)
    assert _answers(session) == _fresh(session)
    for op in reversed(made):
        op.revert()
        assert _answers(session) == _fresh(session)
    for op in made:
        op.apply()
        assert _answers(session) == _fresh(session)


def test_undoing_a_merge_sets_only_the_entity_column_back(session: Session) -> None:
    _label(session, "Lavrov")
    _label(session, "Sergey Lavrov")
    keep, gone = sorted(e.id for e in session.registry.entities())
    merge = link_ops.merge_entities(session, keep, gone)
    merge.apply()
    before = rows(session.path, "SELECT * FROM spans ORDER BY id")
    write(session.path, "CREATE TABLE _probe (n INTEGER)")  # what a trigger of the note sees
    write(
        session.path,
        "CREATE TRIGGER _probe_note AFTER UPDATE OF note, start, text ON spans "
        "BEGIN INSERT INTO _probe VALUES (1); END",
    )
    merge.revert()
    after = rows(session.path, "SELECT * FROM spans ORDER BY id")
    changed = {
        i
        for b, a in zip(before, after, strict=True)
        for i, (x, y) in enumerate(zip(b, a, strict=True))
        if x != y
    }
    columns = [r[1] for r in rows(session.path, "PRAGMA table_info(spans)")]
    assert {columns[i] for i in changed} == {"entity_id"}
    assert {r[0] for r in rows(session.path, "SELECT entity_id FROM spans")} == {keep, gone}
    assert rows(session.path, "SELECT count(*) FROM _probe") == [(0,)]  # no other column set


def _edits(session: Session) -> tuple[str, str]:
    first = _label(session, "Lavrov")
    _label(session, "Sergey Lavrov")
    assert first.entity_id is not None
    keep, gone = sorted(e.id for e in session.registry.entities())
    return keep, gone


def test_a_registry_read_on_a_thread_takes_in_the_edits_made_meanwhile(
    session: Session, example_copy: Path
) -> None:
    """Edits before the thread reads (it sees them), and after it has read (it does not):
    the registry answers as a session opened afresh does."""
    keep, gone = _edits(session)
    session.registry.forget()
    loading = session.registry_loading()
    rename = link_ops.rename_entity(session, keep, "Sergey V. Lavrov")
    assert rename is not None
    rename.apply()  # before the reading: in what it reads, and read again
    thread = threading.Thread(target=loading.run)
    thread.start()
    thread.join()
    assert loading.done() and loading.failed is None
    assert not session.registry.loaded()  # not taken yet
    link_ops.merge_entities(session, keep, gone).apply()  # after: not in what it read
    _label(session, "Putin")
    session.registry.take_loaded()
    assert session.registry.loaded()
    assert _answers(session) == _fresh(session)


def test_asked_before_the_thread_begins_the_registry_reads_itself(session: Session) -> None:
    _edits(session)
    session.registry.forget()
    loading = session.registry_loading()
    answers = _answers(session)  # nothing waits for a thread that has not begun
    assert loading.done() and session.registry.loaded()
    loading.run()  # the thread, late: it reads nothing
    assert answers == _fresh(session)


def test_a_change_made_elsewhere_while_reading_drops_what_was_read(session: Session) -> None:
    keep, _ = _edits(session)
    session.registry.forget()
    loading = session.registry_loading()
    loading.run()
    write(session.path, f"UPDATE entities SET name = 'Theirs' WHERE id = '{keep}'")
    session.check_external_change()  # told as EXTERNAL: the registry forgets, reads anew
    assert loading.cancelled
    assert any(e.name == "Theirs" for e in session.registry.entities())
    assert _answers(session) == _fresh(session)


def test_a_cancelled_reading_stops_and_the_registry_reads_anew(session: Session) -> None:
    _edits(session)
    session.registry.forget()
    loading = session.registry_loading()
    loading.cancel()
    loading.run()  # cancelled before it began: nothing read
    assert not loading.done()
    assert _answers(session) == _fresh(session)  # read here instead
