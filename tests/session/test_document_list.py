"""The document list read page by page from SQLite: its order, filter (every word, any case,
in title, date, status or source), rows found by id, what changed between two readings, and
the bounded caches of rows and of opened documents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.model import Annotator, Document, Span, Status
from annotator.core.scheme import load_default_scheme
from annotator.session import Session, doclist
from annotator.session.doclist import PAGE
from annotator.session.ops.documents import RemoveDocument
from annotator.session.session import DOCUMENTS_KEPT
from tests.builders import put_documents, put_work

ME = Annotator("m" * 32, "Me")
COUNT = 537  # pages of PAGE rows, the last one short


def _doc(n: int) -> Document:
    return Document(
        f"doc{n:04d}",
        f"Article {n}. Sergei Lavrov spoke in Kyiv.",
        f"Report {n} on Lviv" if n % 10 == 3 else f"Report {n}",
        date=f"2025-03-{n % 28 + 1:02d}",
        source="Élysée wire" if n % 50 == 7 else "AP",
    )


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    s = Session.open(tmp_path / "p.sqlite", ME, scheme=load_default_scheme())
    put_documents(s, [_doc(n) for n in range(COUNT)])
    yield s
    s.close()


def test_the_list_is_in_order_and_rows_match_the_full_query(session: Session) -> None:
    span = Span("s1", "doc0201", ME.id, session.scheme.find("PERSON").layer, "PERSON", 9, 22,
                "Sergei Lavrov")  # fmt: skip
    put_work(session, ME, [span], statuses={"doc0201": Status.DONE})
    listed = session.document_list()
    assert len(listed) == COUNT
    assert listed.ids() == [f"doc{n:04d}" for n in range(COUNT)]
    whole = session.documents()  # every row at once, as the list was read before
    assert [listed.meta(row) for row in range(COUNT)] == whole
    assert listed.meta(201) is not None and listed.meta(201).span_count == 1
    assert listed.meta(201).warnings == 1  # a mention without an entity


def test_rows_are_found_without_reading_every_row(session: Session) -> None:
    listed = session.document_list()
    assert listed.row_of("doc0433") == 433
    assert listed.id_at(COUNT - 1) == f"doc{COUNT - 1:04d}"
    assert listed.cached(COUNT - 1) is None  # an id look-up reads no page
    assert listed.row_of("nothing") == -1
    listed.meta(COUNT - 1)
    assert listed.cached(COUNT - 1) is not None and listed.cached(0) is None  # that page only


def test_the_filter_needs_every_word_in_any_case_and_any_field(session: Session) -> None:
    def ids(*words: str) -> list[str]:
        return session.document_list(None, words).ids()

    def matching(*words: str) -> list[str]:  # the filter as it ran in Python before
        return [
            m.id
            for m in session.documents()
            if all(
                w in f"{m.title} {m.date or ''} {m.status.display} {m.source}".casefold()
                for w in words
            )
        ]

    assert ids("lviv") == [f"doc{n:04d}" for n in range(COUNT) if n % 10 == 3]
    for words in (("lviv", "report", "13"), ("2025-03-05",), ("on", "3"), ("AP".casefold(),)):
        assert ids(*words) == matching(*words)
    assert ids("2025-03-05") == [f"doc{n:04d}" for n in range(COUNT) if n % 28 == 4]
    assert ids("élysée") == [f"doc{n:04d}" for n in range(COUNT) if n % 50 == 7]  # not ASCII
    assert ids("élysée", "407") == ["doc0407"]
    assert ids("elysee") == []  # accents are letters here, as in the filter before
    assert ids("%") == [] and ids("_") == []  # LIKE's wildcards are plain characters
    session.set_status("doc0010", Status.DONE)
    assert ids("done") == ["doc0010"] == matching("done")
    assert ids("progress") == [] == matching("progress")
    assert len(ids("started")) == COUNT - 1  # "not started": no status row at all
    session.set_status("doc0013", Status.IN_PROGRESS)
    for words in (("progress",), ("n",), ("s",), ("lviv", "in"), ("done", "0"), ("o", "lviv")):
        assert ids(*words) == matching(*words), words  # statuses beside the other columns
    assert session.document_list(None, ("lviv",)).row_of("doc0013") == 1
    assert session.document_list(None, ("lviv",)).row_of("doc0014") == -1


def test_what_changed_between_two_readings(session: Session) -> None:
    before = session.document_list()
    RemoveDocument(session, "doc0300", "Report 300").apply()
    after = before.again()
    splice = after.splice_from(before)
    assert (splice.start, splice.removed, splice.inserted) == (300, 1, 0)
    put_documents(session, [_doc(COUNT), _doc(COUNT + 1)])
    last = after.again()
    splice = last.splice_from(after)
    assert (splice.start, splice.removed, splice.inserted) == (COUNT - 1, 0, 2)
    same = last.again().splice_from(last)
    assert (same.removed, same.inserted) == (0, 0)


def test_rows_kept_are_bounded_and_forgotten_on_edit(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(doclist, "PAGES_KEPT", 3)
    listed = session.document_list()
    for row in range(COUNT):
        listed.meta(row)
    assert len(listed._rows) <= PAGE * 3 < COUNT  # the least recently shown went first
    assert listed.cached(COUNT - 1) is not None and listed.cached(0) is None
    assert listed.meta(5) is not None
    session.set_status("doc0005", Status.DONE)
    assert listed.meta(5) is not None and listed.meta(5).status is Status.NOT_STARTED  # kept
    listed.forget("doc0005")
    assert listed.meta(5) is not None and listed.meta(5).status is Status.DONE


def test_opened_documents_kept_are_bounded(session: Session) -> None:
    for n in range(DOCUMENTS_KEPT * 3):
        assert session.document(f"doc{n:04d}").title.startswith(f"Report {n}")
    assert len(session._doc_cache) == DOCUMENTS_KEPT
    assert session.document("doc0000").text.startswith("Article 0.")  # read again


def test_the_track_shown_first_needs_no_count_of_spans(session: Session) -> None:
    """Yours once you have a span; else the work of whoever with spans started the most
    documents (not whoever arrived first), told by look-ups, not by counting every span."""
    ann, bob, cid = (
        Annotator(c * 32, name) for c, name in (("a", "Ann"), ("b", "Bob"), ("c", "Cid"))
    )
    layer = session.scheme.find("PERSON").layer

    def span(who: Annotator, n: int) -> Span:
        return Span(
            f"{who.name}{n}", f"doc{n:04d}", who.id, layer, "PERSON", 9, 22, "Sergei Lavrov"
        )

    put_work(session, cid, [], statuses={f"doc{n:04d}": Status.DONE for n in range(9)})  # no span
    put_work(session, ann, [span(ann, 1)], statuses={"doc0001": Status.DONE})
    put_work(
        session,
        bob,
        [span(bob, n) for n in (2, 3)],
        statuses={"doc0002": Status.DONE, "doc0003": Status.DONE},
    )
    assert not session.has_spans(ME.id) and not session.has_spans(cid.id)
    assert session.has_spans(ann.id) and session.has_spans(bob.id)
    assert session.default_track() == bob.id
    assert session.span_counts() == {ann.id: 1, bob.id: 2}
    session.add_span(session.new_span("doc0004", 9, 22, session.scheme.find("PERSON")))
    assert session.has_spans(ME.id) and session.default_track() == ME.id
