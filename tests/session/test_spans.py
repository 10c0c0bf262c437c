"""Span and document edits through the session: stored, reported, and exactly reversible as
operations (every table, rowids included, read back through another connection)."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.app.projects import open_session
from annotator.core.articles import parse_article
from annotator.core.errors import SpanError
from annotator.core.model import Annotator, Label, Layer, Span, Status, new_id
from annotator.session import Change, ChangeKind, Session
from annotator.session.ops.base import Operation
from annotator.session.ops.documents import RemoveDocument, SetStatus
from annotator.session.ops.spans import AddSpan, RemoveSpan, UpdateSpan
from tests.builders import put_work
from tests.conftest import ARTICLES
from tests.readback import dump, rows

OTHER = Annotator(id="b" * 32, name="Bob")
SOURCES = ["emoji-and-flags.txt", "crlf-and-tabs.txt", "guillemets-and-rtl.txt"]


def _new_project(path: Path) -> None:
    session = open_session(path)
    try:
        session.import_articles(
            [(name, parse_article((ARTICLES / name).read_bytes())) for name in SOURCES]
        )
    finally:
        session.close()


@pytest.fixture
def session(project_path: Path) -> Iterator[Session]:
    _new_project(project_path)
    session = open_session(project_path)
    yield session
    session.close()


def _doc_id(session: Session, index: int = 0) -> str:
    return session.documents()[index].id


def _label(session: Session, name: str = "PERSON") -> Label:
    label = session.scheme.find(name)
    assert label is not None
    return label


def _all_spans(session: Session) -> set[Span]:
    """Every row of the spans table, read with plain SQL (not through the code under test)."""
    found = rows(
        session.path,
        'SELECT id, document_id, annotator_id, layer, label, start, "end", text, note, '
        "created_at, updated_at, entity_id FROM spans",
    )
    return {Span(r[0], r[1], r[2], Layer(r[3]), *r[4:]) for r in found}  # type: ignore[arg-type]


def _statuses(session: Session) -> set[tuple[object, ...]]:
    return set(rows(session.path, "SELECT * FROM document_status"))


# -- add, update, remove -----------------------------------------------------------------------


def test_first_span_moves_status_and_undo_restores_it(session: Session) -> None:
    doc = _doc_id(session)
    changes: list[Change] = []
    session.subscribe(changes.append)
    assert session.status(doc) is Status.NOT_STARTED

    first = session.new_span(doc, 0, 10, _label(session))
    assert session.add_span(first) is Status.NOT_STARTED
    assert session.status(doc) is Status.IN_PROGRESS
    assert session.spans(doc) == [first]
    assert session.document_meta(doc).span_count == 1  # type: ignore[union-attr]
    assert changes == [Change(ChangeKind.SPANS, doc, (first.id,))]

    second = session.new_span(doc, 11, 15, _label(session, "LOCATION"))
    assert session.add_span(second) is Status.IN_PROGRESS
    assert session.status(doc) is Status.IN_PROGRESS


def test_first_span_as_an_operation_moves_status_and_undo_restores_it(session: Session) -> None:
    doc = _doc_id(session)
    before = dump(session.path)
    first = AddSpan(session, session.new_span(doc, 0, 10, _label(session)))
    second = AddSpan(session, session.new_span(doc, 11, 15, _label(session, "LOCATION")))
    first.apply()
    second.apply()
    assert first.status_before is Status.NOT_STARTED
    assert second.status_before is Status.IN_PROGRESS
    second.revert()
    first.revert()
    assert session.spans(doc) == []
    assert session.status(doc) is Status.NOT_STARTED
    assert _statuses(session) == set()
    assert dump(session.path) == before


def test_done_document_stays_done_when_a_span_is_added(session: Session) -> None:
    doc = _doc_id(session)
    session.set_status(doc, Status.DONE)
    span = session.new_span(doc, 0, 10, _label(session))
    assert session.add_span(span) is Status.DONE
    assert session.status(doc) is Status.DONE


def test_update_span_returns_old_and_stores_new(session: Session) -> None:
    doc = _doc_id(session)
    span = session.new_span(doc, 0, 10, _label(session))
    session.add_span(span)
    changed = session.resized(span, 2, 12).with_changes(label="LOCATION", note="a note")
    old = session.update_span(changed)
    assert old == span
    assert session.span(span.id) == changed
    assert session.spans(doc) == [changed]
    assert session.update_span(old) == changed
    assert session.span(span.id) == span


def test_spans_survive_reopening(session: Session, project_path: Path) -> None:
    doc = _doc_id(session)
    span = session.new_span(doc, 3, 9, _label(session, "CLAIM"))
    session.add_span(span)
    session.close()
    again = open_session(project_path)
    try:
        assert again.spans(doc) == [span]
    finally:
        again.close()


@pytest.mark.parametrize("start, end", [(-1, 3), (5, 5), (6, 5), (0, 10_000)])
def test_bad_offsets_are_refused(session: Session, start: int, end: int) -> None:
    doc = _doc_id(session)
    text = session.document(doc).text
    end = min(end, len(text) + 1) if end == 10_000 else end
    with pytest.raises(SpanError):
        session.new_span(doc, start, end, _label(session))
    good = session.new_span(doc, 0, 4, _label(session))
    session.add_span(good)
    bad = Span(
        id=new_id(),
        document_id=doc,
        annotator_id=session.annotator.id,
        layer=good.layer,
        label=good.label,
        start=start,
        end=end,
        text=text[max(start, 0) : end],
    )
    with pytest.raises(SpanError):
        session.add_span(bad)
    with pytest.raises(SpanError):
        session.update_span(dataclasses.replace(bad, id=good.id))
    with pytest.raises(SpanError):
        session.resized(good, start, end)
    assert _all_spans(session) == {good}


def test_mismatching_text_is_refused(session: Session) -> None:
    doc = _doc_id(session)
    span = session.new_span(doc, 0, 6, _label(session))
    with pytest.raises(SpanError):
        session.add_span(span.with_changes(text="XXXXXX"))
    session.add_span(span)
    with pytest.raises(SpanError):
        session.update_span(span.with_changes(start=1))  # text no longer matches
    assert _all_spans(session) == {span}
    assert session.status(doc) is Status.IN_PROGRESS


def test_update_cannot_move_a_span_to_another_document(session: Session) -> None:
    """An update whose text fits another document must not leave a span that fits none."""
    first, second = _doc_id(session, 0), _doc_id(session, 1)
    span = session.new_span(first, 0, 5, _label(session))
    session.add_span(span)
    elsewhere = session.new_span(second, 0, 5, _label(session))
    with pytest.raises((SpanError, KeyError)):
        session.update_span(dataclasses.replace(elsewhere, id=span.id))
    assert _all_spans(session) == {span}


# -- remove and restore a document -------------------------------------------------------------


def test_remove_and_restore_document_puts_back_the_same_rows(session: Session) -> None:
    doc = _doc_id(session, 1)  # the middle one: its position must come back
    document = session.document(doc)
    mine = [
        session.new_span(doc, 0, 7, _label(session)),
        session.new_span(doc, 9, 14, _label(session)),
    ]
    for span in mine:
        session.add_span(span)
    theirs = Span(
        id=new_id(),
        document_id=doc,
        annotator_id=OTHER.id,
        layer=mine[0].layer,
        label="ORGANIZATION",
        start=0,
        end=7,
        text=document.text[0:7],
    )
    put_work(session, OTHER, [theirs], statuses={doc: Status.DONE})
    other_doc = _doc_id(session, 0)
    keep = session.new_span(other_doc, 0, 5, _label(session))
    session.add_span(keep)
    before_docs = session.documents()
    spans_before = _all_spans(session)
    statuses_before = _statuses(session)
    rows_before = dump(session.path)

    changes: list[Change] = []
    session.subscribe(changes.append)
    removal = RemoveDocument(session, doc, document.title)
    removal.apply()
    assert [m.id for m in session.documents()] == [m.id for m in before_docs if m.id != doc]
    assert _all_spans(session) == {keep}
    assert {s[0] for s in _statuses(session)} == {other_doc}
    with pytest.raises(KeyError):
        session.document(doc)

    removal.revert()
    assert session.documents() == before_docs
    assert session.document(doc) == document
    assert _all_spans(session) == spans_before
    assert _statuses(session) == statuses_before
    assert dump(session.path) == rows_before
    assert [c.kind for c in changes] == [ChangeKind.DOCUMENTS, ChangeKind.DOCUMENTS]


# -- apply, then revert in reverse order -------------------------------------------------------


@pytest.fixture
def fresh_session(tmp_path: Path) -> Iterator[Callable[[], Session]]:
    """Opens a fresh copy of one project for each hypothesis example (closing the last one)."""
    template = tmp_path / "template.sqlite"
    _new_project(template)
    opened: list[Session] = []

    def make() -> Session:
        while opened:
            opened.pop().close()
        path = tmp_path / "example.sqlite"
        for leftover in tmp_path.glob("example.sqlite*"):
            leftover.unlink()
        shutil.copy(template, path)
        opened.append(open_session(path))
        return opened[-1]

    yield make
    while opened:
        opened.pop().close()


Op = tuple[object, ...]

ops = st.lists(
    st.one_of(
        st.tuples(
            st.just("add"),
            st.integers(0, 10_000),
            st.integers(1, 40),
            st.sampled_from(["PERSON", "QUOTE", "CLAIM"]),
        ),
        st.tuples(
            st.just("update"),
            st.integers(0, 10_000),
            st.integers(0, 10_000),
            st.integers(1, 40),
            st.sampled_from(["LOCATION", "QUOTE", "CLAIM"]),
            st.text(max_size=5),
        ),
        st.tuples(st.just("remove"), st.integers(0, 10_000)),
        st.tuples(st.just("status"), st.sampled_from(list(Status))),
    ),
    max_size=25,
)


def _operation(session: Session, doc: str, op: Op) -> Operation | None:
    """The operation ``op`` stands for (None if it does not apply here)."""
    text = session.document(doc).text
    current = session.spans(doc)
    kind = op[0]
    if kind == "add":
        at, length, name = int(op[1]), int(op[2]), str(op[3])  # type: ignore[call-overload]
        start = at % (len(text) - 1)
        span = session.new_span(doc, start, min(start + length, len(text)), _label(session, name))
        return AddSpan(session, span)
    if kind == "update" and current:
        which, at, length = int(op[1]), int(op[2]), int(op[3])  # type: ignore[call-overload]
        span = current[which % len(current)]
        start = at % (len(text) - 1)
        label = _label(session, str(op[4]))
        changed = session.resized(span, start, min(start + length, len(text))).with_changes(
            layer=label.layer, label=label.name, note=str(op[5])
        )
        return UpdateSpan(session, span, changed, "update")
    if kind == "remove" and current:
        return RemoveSpan(session, current[int(op[1]) % len(current)])  # type: ignore[call-overload]
    if kind == "status":
        return SetStatus(session, doc, op[1])  # type: ignore[arg-type]
    return None


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # fresh_session is a factory
@given(doc_index=st.integers(0, len(SOURCES) - 1), initial=st.integers(0, 3), operations=ops)
def test_operations_reverted_in_reverse_order_restore_everything(
    fresh_session: Callable[[], Session], doc_index: int, initial: int, operations: list[Op]
) -> None:
    session = fresh_session()
    doc = _doc_id(session, doc_index)
    for i in range(initial):
        session.add_span(session.new_span(doc, i, i + 3, _label(session)))
    at_start = dump(session.path)

    steps: list[tuple[Operation, dict[str, list[tuple[object, ...]]]]] = []
    for op in operations:
        before = dump(session.path)
        operation = _operation(session, doc, op)
        if operation is not None:
            operation.apply()
            steps.append((operation, before))

    for operation, before in reversed(steps):
        operation.revert()
        assert dump(session.path) == before  # every single undo is exact, rowids included
    assert dump(session.path) == at_start


def test_undoing_a_removal_keeps_the_status(session: Session) -> None:
    doc = _doc_id(session)
    span = session.new_span(doc, 0, 5, _label(session))
    session.add_span(span)
    session.set_status(doc, Status.NOT_STARTED)  # the annotator resets the document
    removal = RemoveSpan(session, span)
    removal.apply()
    assert session.status(doc) is Status.NOT_STARTED
    removal.revert()
    assert session.status(doc) is Status.NOT_STARTED
    assert session.spans(doc) == [span]
