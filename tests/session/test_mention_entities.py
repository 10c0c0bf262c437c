"""A mention a person makes is linked at once (issue 12, 1): to the registry entity that bears
its name, or to a new entity made in the same edit; one undo takes both, redo puts back the
same ids. An entity that was only that mention's name goes when the mention is unlinked,
linked elsewhere or removed. Accepted suggestions follow the same rule; imports do not."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.app.projects import build_from_sources, open_session
from annotator.core.model import Layer
from annotator.core.proposals import Proposal
from annotator.session import Change, ChangeKind, Session
from annotator.session.ops import links as link_ops
from annotator.session.ops.proposals import AcceptProposals
from annotator.session.ops.spans import AddSpan, RemoveSpan, label_selection
from tests.conftest import ARTICLES, EXAMPLE
from tests.readback import dump, rows

ARTICLE = "2025-03-03-lavrov-peacekeepers.txt"


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    """The example's article, nobody's work yet (an empty registry)."""
    folder = tmp_path / "project"
    (folder / "articles").mkdir(parents=True)
    shutil.copy(ARTICLES / ARTICLE, folder / "articles" / ARTICLE)
    opened = open_session(folder)
    yield opened
    opened.close()


def _doc(s: Session) -> str:
    return s.documents()[0].id


def _label(s: Session, piece: str, name: str = "PERSON", nth: int = 0) -> AddSpan:
    """Label the ``nth`` occurrence of ``piece`` as a person does (the label key), applied."""
    text = s.document(_doc(s)).text
    at = -1
    for _ in range(nth + 1):
        at = text.index(piece, at + 1)
    label = s.scheme.find(name)
    assert label is not None
    op = label_selection(s, _doc(s), at, at + len(piece), label)
    op.apply()
    return op


def _entities(s: Session) -> list[tuple[object, ...]]:
    return rows(s.path, "SELECT id, name, type, annotator_id FROM entities ORDER BY name, id")


def _entity_of(s: Session, span_id: str) -> object:
    return rows(s.path, "SELECT entity_id FROM spans WHERE id = ?", (span_id,))[0][0]


def test_labelling_a_person_links_a_new_entity_and_one_undo_takes_both(session: Session) -> None:
    before = dump(session.path)
    op = _label(session, "Keir Starmer")
    after = dump(session.path)
    [(entity_id, name, type_, who)] = _entities(session)
    assert (name, type_, who) == ("Keir Starmer", "PERSON", session.annotator.id)
    assert _entity_of(session, op.span.id) == entity_id
    op.revert()
    assert dump(session.path) == before  # the span and its entity, both gone
    op.apply()
    assert dump(session.path) == after  # the same ids, the same rows


def test_the_new_entity_is_told_as_its_mentions_change_only(session: Session) -> None:
    """No ENTITIES change (every view would read every document again, and the article
    would lose the caret): the mention's SPANS change says it all."""
    heard: list[Change] = []
    session.subscribe(heard.append)
    op = _label(session, "Keir Starmer")
    RemoveSpan(session, session.span(op.span.id)).apply()
    assert [c.kind for c in heard] == [ChangeKind.SPANS, ChangeKind.SPANS]
    assert _entities(session) == []


def test_a_name_the_registry_has_is_linked_not_made_again(session: Session) -> None:
    first = _label(session, "Keir Starmer")
    second = _label(session, "Keir Starmer", nth=1)
    [(entity_id, *_)] = _entities(session)
    assert _entity_of(session, first.span.id) == _entity_of(session, second.span.id) == entity_id
    assert second.entity is None  # nothing new was made


def test_an_alias_links_and_a_mention_of_another_type_gets_its_own(session: Session) -> None:
    lavrov = _label(session, "Sergey Lavrov")
    assert lavrov.span.entity_id is not None
    link_ops.edit_entity(
        session, lavrov.span.entity_id, name="", type_="", aliases="Sergei Lavrov", wikidata=""
    ).apply()  # type: ignore[union-attr]
    body = _label(session, "Sergei Lavrov")
    assert _entity_of(session, body.span.id) == lavrov.span.entity_id
    place = _label(session, "Sergei Lavrov", "LOCATION")  # whatever the reason
    assert _entity_of(session, place.span.id) not in (None, lavrov.span.entity_id)
    assert [(n, t) for _, n, t, _ in _entities(session)] == [
        ("Sergei Lavrov", "LOCATION"),
        ("Sergey Lavrov", "PERSON"),
    ]


def test_of_two_entities_with_the_name_the_most_mentioned_then_the_smaller_id(
    session: Session,
) -> None:
    _label(session, "Putin")  # a new entity "Putin"
    second = _label(session, "Putin", nth=1)  # linked to it
    link_ops.new_entity_from(session, second.span).apply()  # type: ignore[union-attr]
    ids = sorted(str(e[0]) for e in _entities(session))
    assert len(ids) == 2  # one mention each: the smaller id wins the tie
    third = _label(session, "Putin", nth=2)
    assert _entity_of(session, third.span.id) == ids[0]
    relink = link_ops.link_mention(session, session.span(third.span.id), ids[1])
    assert relink is not None
    relink.apply()  # now ids[1] has two mentions, ids[0] one: the most mentioned wins
    fourth = _label(session, "Putin", nth=3)
    assert _entity_of(session, fourth.span.id) == ids[1]


def test_only_spaces_or_another_layer_make_no_entity(session: Session) -> None:
    text = session.document(_doc(session)).text
    at = text.index(" ")
    person = session.scheme.find("PERSON")
    assert person is not None
    spaces = label_selection(session, _doc(session), at, at + 1, person, snapping=False)
    spaces.apply()
    _label(session, "idea to deploy peacekeeping troops", "QUOTE")
    assert spaces.span.entity_id is None and _entities(session) == []


def test_relinking_or_unlinking_drops_the_entity_that_was_only_its_name(
    session: Session,
) -> None:
    caption = _label(session, "Sergey Lavrov")
    body = _label(session, "Sergei Lavrov")  # a new entity: a close name is not the same
    made = body.span.entity_id
    assert made is not None and made != caption.span.entity_id
    before = dump(session.path)
    relink = link_ops.link_mention(session, session.span(body.span.id), caption.span.entity_id)
    assert relink is not None
    relink.apply()
    assert [n for _, n, _, _ in _entities(session)] == ["Sergey Lavrov"]
    relink.revert()
    assert dump(session.path) == before
    # an entity someone gave an alias is more than a name: unlinking keeps it
    link_ops.edit_entity(session, made, name="", type_="", aliases="Lavrov", wikidata="").apply()  # type: ignore[union-attr]
    unlink = link_ops.link_mention(session, session.span(body.span.id), "")
    assert unlink is not None
    unlink.apply()
    assert made in {e[0] for e in _entities(session)}


def test_removing_the_mention_removes_its_own_entity_not_a_shared_one(session: Session) -> None:
    first = _label(session, "Keir Starmer")
    second = _label(session, "Keir Starmer", nth=1)
    RemoveSpan(session, session.span(second.span.id)).apply()
    assert len(_entities(session)) == 1  # the first still mentions it
    before = dump(session.path)
    removing = RemoveSpan(session, session.span(first.span.id))
    removing.apply()
    assert _entities(session) == []
    removing.revert()
    assert dump(session.path) == before


def test_accepted_mentions_are_linked_sharing_one_new_entity(session: Session) -> None:
    doc, text = _doc(session), session.document(_doc(session)).text
    found = [i for i in range(len(text)) if text.startswith("Zelenskyy", i)]
    proposals = [
        Proposal(doc, i, i + 9, "Zelenskyy", Layer.ENTITY, "PERSON", origin="model") for i in found
    ]
    assert len(proposals) >= 2
    before = dump(session.path)
    accepting = AcceptProposals(session, proposals, session.proposals.plan_acceptance(proposals))
    accepting.apply()
    after = dump(session.path)
    [(entity_id, name, _, _)] = _entities(session)
    assert name == "Zelenskyy"
    linked = rows(session.path, "SELECT DISTINCT entity_id FROM spans")
    assert linked == [(entity_id,)]
    accepting.revert()
    assert dump(session.path) == before
    accepting.apply()
    assert dump(session.path) == after


def test_imported_work_keeps_what_its_file_says(tmp_path: Path) -> None:
    """Mentions a file leaves without an entity stay so when it is brought in, and no entity
    is made for them."""
    lines = [json.loads(x) for x in (EXAMPLE / "annotations.jsonl").read_text().splitlines()]
    bare = []
    for line in lines:
        for span in line["spans"]:
            if span["layer"] == "entity" and span["label"] == "PERSON":
                span["entity"] = None
                bare.append(span["id"])
    folder = tmp_path / "example"
    (folder / "articles").mkdir(parents=True)
    shutil.copy(ARTICLES / ARTICLE, folder / "articles" / ARTICLE)
    with (folder / "annotations.jsonl").open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    build_from_sources(folder)
    assert bare
    linked = rows(folder, "SELECT id FROM spans WHERE entity_id IS NOT NULL")
    assert not set(bare) & {r[0] for r in linked}
    in_file = {e["id"] for line in lines for e in line["entities"]}
    assert {r[0] for r in rows(folder, "SELECT id FROM entities")} == in_file
