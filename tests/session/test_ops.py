"""Every kind of edit as an operation, in random sequences on the example project (both of its
annotators' work, a reviewer's own): each revert leaves every table exactly as it was before
its apply, rowids included, and applying them again (redo) gives exactly the rows of the first
time. A refused edit writes nothing at all."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.app.projects import build_from_sources
from annotator.core.articles import ParsedArticle
from annotator.core.decisions import Choice
from annotator.core.errors import AnnotatorError
from annotator.core.links import ClaimerKind, QuoteType, Verdict
from annotator.core.model import Annotator, Layer, Status
from annotator.session import Session
from annotator.session.ops import links as link_ops
from annotator.session.ops.base import Operation, Refused
from annotator.session.ops.documents import EditDocument, ImportArticles, RemoveDocument, SetStatus
from annotator.session.ops.proposals import AcceptProposals, RejectProposals
from annotator.session.ops.review import (
    AcceptAgreements,
    CommentDecision,
    Decide,
    DropStale,
    SetGoldStatus,
)
from annotator.session.ops.scheme import AddLabel, EditLabel, RemoveLabel, SetGuideline
from annotator.session.ops.spans import (
    RemoveSpan,
    add_segment,
    edit_note,
    label_selection,
    relabel,
    resize,
)
from annotator.storage.errors import JournalConflict
from tests.conftest import ARTICLES, EXAMPLE
from tests.readback import dump

EXAMPLE_ANNOTATOR = Annotator("0000000000000000000000000000e001", "example")
KINDS = [
    "label",
    "relabel",
    "resize",
    "note",
    "remove",
    "segment",
    "link",
    "new entity",
    "rename entity",
    "merge",
    "speaker",
    "quote type",
    "claim",
    "status",
    "details",
    "remove document",
    "import",
    "add label",
    "edit label",
    "remove label",
    "guideline",
    "decide",
    "agreements",
    "stale",
    "comment",
    "gold status",
    "accept",
    "reject",
]


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Callable[[], Session]]:
    """A fresh copy of the example (with both annotators' work) for each hypothesis example."""
    template = tmp_path / "template"
    (template / "articles").mkdir(parents=True)
    for article in ARTICLES.glob("*.txt"):
        shutil.copy(article, template / "articles" / article.name)
    shutil.copy(EXAMPLE / "annotations.jsonl", template / "annotations.jsonl")
    build_from_sources(template)
    opened: list[Session] = []

    def make() -> Session:
        while opened:
            opened.pop().close()
        path = tmp_path / "copy.sqlite"
        for leftover in tmp_path.glob("copy.sqlite*"):
            leftover.unlink()
        shutil.copy(template / "project.sqlite", path)
        opened.append(Session.open(path, EXAMPLE_ANNOTATOR))  # the one with work to edit
        return opened[-1]

    yield make
    while opened:
        opened.pop().close()


class Pick:
    """Choices drawn from hypothesis for one step."""

    def __init__(self, draw: Callable[[st.SearchStrategy[object]], object]) -> None:
        self.draw = draw

    def index(self, n: int) -> int:
        return int(self.draw(st.integers(0, max(n - 1, 0))))  # type: ignore[call-overload]

    def one(self, items: list[object]) -> object:
        return items[self.index(len(items))]


def _pair(s: Session) -> tuple[str, str]:
    ids = {a.name: a.id for a in s.annotators()}
    return ids["example"], ids["blanca"]  # the reviewer is "example" here: gold is theirs


def _operation(s: Session, kind: str, pick: Pick) -> Operation | None:
    """The operation of ``kind`` with drawn arguments (None where nothing applies now)."""
    docs = [m.id for m in s.documents()]
    if not docs:
        return None if kind != "import" else ImportArticles(s, [("n.txt", _article(pick))])
    worked = [d for d in docs if s.spans(d)]
    doc = str(pick.one(worked if worked and pick.index(4) else docs))  # type: ignore[arg-type]
    text = s.document(doc).text
    mine = s.spans(doc)
    span = pick.one(mine) if mine else None  # type: ignore[arg-type]
    labels = list(s.scheme)
    entities = s.registry.entities()
    a, b = _pair(s)
    if kind == "label":
        start = pick.index(len(text) - 1)
        end = min(len(text), start + 1 + pick.index(60))
        quotes = s.links.quotes(doc)
        quote = pick.one(quotes) if quotes and pick.index(2) else None  # type: ignore[arg-type]
        label = pick.one(labels)  # type: ignore[arg-type]
        return label_selection(s, doc, start, end, label, selected_quote=quote)  # type: ignore
    if span is None:
        return _document_level(s, kind, pick, doc, a, b, entities)
    if kind == "relabel":
        return relabel(s, span, pick.one(labels))  # type: ignore[arg-type]
    if kind == "resize":
        start = pick.index(len(text) - 1)
        return resize(s, span, start, min(len(text), start + 1 + pick.index(40)))
    if kind == "note":
        return edit_note(s, span, str(pick.one(["", "check", "a note ✓"])))
    if kind == "remove":
        return RemoveSpan(s, span)
    if kind == "segment":
        quote = s.links.quote_of_span(span.id)
        if quote is None:
            return None
        start = pick.index(len(text) - 1)
        return add_segment(s, quote, start, min(len(text), start + 1 + pick.index(30)))
    if kind == "link":
        choices: list[object] = ["", *(e.id for e in entities)]
        return link_ops.link_mention(s, span, str(pick.one(choices)))
    if kind == "new entity":
        return link_ops.new_entity_from(s, span)
    if kind in ("speaker", "quote type"):
        quote = s.links.quote_of_span(span.id)
        if quote is None:
            return None
        if kind == "quote type":
            value = pick.one(list(QuoteType))
            return link_ops.update_quote(s, quote, "type", quote_type=value)
        who = [None, *(e.id for e in entities)]
        return link_ops.update_quote(s, quote, "speaker", speaker_entity_id=pick.one(who))
    if kind == "claim":
        kind_ = pick.one(list(ClaimerKind))
        verdict = pick.one(list(Verdict))
        return link_ops.set_claim(s, span, "claim", claimer_kind=kind_, verdict=verdict)
    return _document_level(s, kind, pick, doc, a, b, entities)


def _article(pick: Pick) -> ParsedArticle:
    n = pick.index(1000)
    return ParsedArticle(f"New article {n}. It says things.", f"New article {n}", None)


def _document_level(  # noqa: PLR0911, PLR0912 (one branch per kind of edit)
    s: Session, kind: str, pick: Pick, doc: str, a: str, b: str, entities: list
) -> Operation | None:
    if kind == "rename entity" and entities:
        entity = pick.one(entities)
        return link_ops.rename_entity(s, entity.id, str(pick.one(["X", "Y Z", entity.name])))
    if kind == "merge" and len(entities) > 1:
        keep, gone = pick.index(len(entities)), pick.index(len(entities))
        if keep == gone:
            return None
        return link_ops.merge_entities(s, entities[keep].id, entities[gone].id)
    if kind == "status":
        return SetStatus(s, doc, pick.one(list(Status)))  # type: ignore[arg-type]
    if kind == "details":
        return EditDocument(s, doc, str(pick.one(["A title", "Another"])), None, "src")
    if kind == "remove document":
        return RemoveDocument(s, doc, "doc")
    if kind == "import":
        return ImportArticles(s, [("n.txt", _article(pick))])
    if kind == "add label":
        name = str(pick.one(["RUMOUR", "PARTIAL", "WEAPON"]))
        layer = pick.one(list(Layer))
        return AddLabel(s, s.labels.new_label(layer, name, "#123456"))  # type: ignore[arg-type]
    if kind == "edit label":
        label = pick.one([lb for lb in s.scheme if lb.name != "CUE"])
        field = pick.one(["new_name", "color", "description"])
        value = {"new_name": "RENAMED", "color": "#654321", "description": "d"}[field]
        return EditLabel(s, label.layer, label.name, "edit", **{field: value})  # type: ignore
    if kind == "remove label":
        label = pick.one([lb for lb in s.scheme if lb.name != "CUE"])
        return RemoveLabel(s, label.layer, label.name)  # type: ignore[attr-defined]
    if kind == "guideline":
        return SetGuideline(s, str(pick.one(["", "Read me.", "Mark quotes first."])))
    both = s.review.documents(a, b)
    doc = both[0] if both else doc  # the document both annotators worked on
    items, agreed = s.review.items(doc, a, b)
    if kind == "decide" and (items or agreed):
        item = pick.one([*items, *agreed])
        choice = pick.one([Choice.A, Choice.B, Choice.REJECT, Choice.BOTH, Choice.AGREE])
        return Decide(s, doc, a, b, item, choice, comment="c")  # type: ignore[arg-type]
    if kind == "agreements" and agreed:
        return AcceptAgreements(s, doc, a, b, agreed[: 1 + pick.index(len(agreed))])
    if kind == "gold status":
        return SetGoldStatus(s, doc, pick.one(list(Status)))  # type: ignore[arg-type]
    if kind == "stale":
        stale = s.review.stale(doc, a, b)
        return DropStale(s, stale) if stale else None
    if kind == "comment":
        decided = s.review.decisions(doc, a, b)
        if not decided:
            return None
        key = str(pick.one(sorted(decided)))
        return CommentDecision(s, doc, a, b, key, "why")
    if kind in ("accept", "reject"):
        found = s.proposals.suggestions([doc], use_model=False)
        if not found:
            return None
        chosen = found[: 1 + pick.index(min(len(found), 4))]
        if kind == "reject":
            return RejectProposals(s, chosen)
        return AcceptProposals(s, chosen, s.proposals.plan_acceptance(chosen))
    return None


Rows = dict[str, list[tuple[object, ...]]]


@settings(
    max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(data=st.data(), kinds=st.lists(st.sampled_from(KINDS), min_size=1, max_size=15))
def test_any_edits_undo_and_redo_exactly(
    fresh: Callable[[], Session], data: st.DataObject, kinds: list[str]
) -> None:
    s = fresh()
    pick = Pick(data.draw)
    done: list[tuple[Operation, Rows, Rows]] = []
    for kind in kinds:
        before = dump(s.path)
        try:
            op = _operation(s, kind, pick)
            if op is None:
                continue
            op.apply()
        except (Refused, AnnotatorError, KeyError):
            assert dump(s.path) == before, f"a refused {kind} wrote something"
            continue
        done.append((op, before, dump(s.path)))
    for op, before, _after in reversed(done):
        op.revert()
        assert dump(s.path) == before, f"undo of {op.text!r} is not exact"
    for op, _before, after in done:
        op.apply()
        assert dump(s.path) == after, f"redo of {op.text!r} is not exact"


def test_an_edit_refused_half_way_leaves_nothing_and_the_next_one_undoes(
    fresh: Callable[[], Session],
) -> None:
    """The journal's temporary tables are made inside the first edit's transaction: if that
    edit fails they go with it, and the next edit must still be recorded."""
    s = fresh()
    before = dump(s.path)
    with pytest.raises(AnnotatorError):
        EditLabel(s, Layer.ENTITY, "PERSON", "bad", color="red").apply()
    assert dump(s.path) == before
    ok = SetGuideline(s, "Guide")
    ok.apply()
    ok.revert()
    assert dump(s.path) == before


def test_undo_never_overwrites_what_another_program_changed_since(
    fresh: Callable[[], Session],
) -> None:
    """An edit's rows changed by another connection meanwhile (an import, another process):
    undo refuses and writes nothing; undo of an edit on other rows still works."""
    s = fresh()
    first, second = (d.id for d in s.documents()[:2])
    mine = EditDocument(s, first, "Mine", None, "")
    mine.apply()
    other = EditDocument(s, second, "Untouched by them", None, "")
    other.apply()
    theirs = s.worker()  # a second connection, as an import thread has
    theirs.edit_document(first, title="Theirs", date="2025-01-01", source="their.txt")
    theirs.close()
    s.check_external_change()
    changed = dump(s.path)
    with pytest.raises(JournalConflict, match="changed since"):
        mine.revert()
    assert dump(s.path) == changed
    assert s.document(first).title == "Theirs"
    other.revert()  # rows nobody else touched
    assert s.document(second).title != "Untouched by them"


def test_redo_never_brings_back_a_row_another_program_removed(
    fresh: Callable[[], Session],
) -> None:
    s = fresh()
    doc = s.documents()[0].id
    op = SetGuideline(s, "Guide")
    op.apply()
    op.revert()
    status = SetStatus(s, doc, Status.DONE)
    status.apply()
    status.revert()
    theirs = s.worker()
    theirs.remove_documents([doc])
    theirs.close()
    s.check_external_change()
    gone = dump(s.path)
    with pytest.raises(JournalConflict):
        status.apply()
    assert dump(s.path) == gone
