"""Label scheme edits in the project file: renames follow every span, deletions undo exactly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.app.projects import open_session
from annotator.core.errors import SchemeError
from annotator.core.links import ClaimerKind, QuoteType, Verdict
from annotator.core.model import Annotator, Label, Layer, Span, new_id
from annotator.core.scheme import RESERVED_KEYS
from annotator.session import Change, ChangeKind, Session
from annotator.session.ops.scheme import EditLabel, RemoveLabel
from annotator.storage.errors import ReadOnlyProject
from tests.builders import put_work
from tests.readback import dump

OTHER = Annotator(id="b" * 32, name="Bob")


@pytest.fixture
def session(example_copy: Path) -> Iterator[Session]:
    s = open_session(example_copy)
    yield s
    s.close()


def _doc(session: Session) -> tuple[str, str]:
    doc = session.documents()[0].id
    return doc, session.document(doc).text


def _span(session: Session, piece: str, label: str, nth: int = 0) -> Span:
    doc, text = _doc(session)
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    found = session.scheme.find(label)
    assert found is not None
    span = session.new_span(doc, start, start + len(piece), found)
    session.add_span(span)
    return span


def _others_span(session: Session, piece: str, label: Label) -> Span:
    """A span of another annotator (written as another desktop's file would hold it)."""
    doc, text = _doc(session)
    start = text.index(piece)
    end = start + len(piece)
    span = Span(new_id(), doc, OTHER.id, label.layer, label.name, start, end, piece)
    put_work(session, OTHER, [span])
    return span


def _label(session: Session, name: str) -> Label:
    found = session.scheme.find(name)
    assert found is not None
    return found


def _dump(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, with its rowid, as stored (read through another connection)."""
    return dump(session.path)


def _changes(session: Session) -> list[Change]:
    seen: list[Change] = []
    session.subscribe(seen.append)
    return seen


def test_rename_keeps_span_ids_and_renames_every_annotators_spans(session: Session) -> None:
    mine = [_span(session, "Keir Starmer", "PERSON"), _span(session, "Sergei Lavrov", "PERSON")]
    place = _span(session, "Kyiv", "LOCATION")
    person = session.scheme.find("PERSON")
    assert person is not None
    theirs = _others_span(session, "Starmer", person)
    entity = session.registry.new_entity("Keir Starmer", "PERSON")
    session.registry.add_entity(entity)
    before = _dump(session)
    seen = _changes(session)

    op = EditLabel(session, Layer.ENTITY, "PERSON", "Rename", new_name=" PER ")
    op.apply()
    edit = op.edit
    assert edit is not None
    assert edit.after.name == "PER" and edit.before == person
    assert set(edit.span_ids) == {s.id for s in [*mine, theirs]}  # three spans renamed
    assert edit.entity_ids == (entity.id,)
    doc = place.document_id
    stored = {s.id: s for s in session.spans(doc)} | {s.id: s for s in session.spans(doc, OTHER.id)}
    for span in [*mine, theirs]:
        assert stored[span.id] == Span(**{**span.__dict__, "label": "PER"})  # same id, same rest
    assert stored[place.id] == place
    assert session.registry.entity(entity.id).type == "PER"
    assert session.scheme.get(Layer.ENTITY, "PER") is not None
    assert session.scheme.get(Layer.ENTITY, "PERSON") is None
    assert [c.kind for c in seen] == [ChangeKind.SCHEME]
    assert set(seen[0].span_ids) == set(edit.span_ids)
    assert session.labels.label_usage()[(Layer.ENTITY, "PER")] == 3
    assert session.labels.label_usage(mine=True)[(Layer.ENTITY, "PER")] == 2

    op.revert()
    assert _dump(session) == before
    assert session.scheme.get(Layer.ENTITY, "PERSON") == person


def test_colour_key_and_description(session: Session) -> None:
    edit = session.labels.edit_label(Layer.ENTITY, "PERSON", color="#abcdef")
    assert _label(session, "PERSON").color == "#ABCDEF"
    assert edit.span_ids == ()
    session.labels.edit_label(Layer.ENTITY, "PERSON", key="Z")
    assert session.scheme.by_key("z") == session.scheme.find("PERSON")
    session.labels.edit_label(Layer.ENTITY, "PERSON", key="")
    assert _label(session, "PERSON").key == ""
    session.labels.edit_label(Layer.ENTITY, "PERSON", description="  A named person.  ")
    assert _label(session, "PERSON").description == "A named person."
    assert session.labels.set_guideline("Read this first.") != "Read this first."
    assert session.labels.set_guideline("Then this.") == "Read this first."
    assert session.labels.guideline() == "Then this."


@pytest.mark.parametrize("key", sorted(RESERVED_KEYS))
def test_reserved_key_refused_with_its_command(session: Session, key: str) -> None:
    before = _dump(session)
    with pytest.raises(SchemeError, match=f"key '{key}' is reserved for '{RESERVED_KEYS[key]}'"):
        session.labels.edit_label(Layer.ENTITY, "PERSON", key=key.upper())
    with pytest.raises(SchemeError, match="reserved"):
        session.labels.add_label(Label(Layer.CLAIM, "RUMOUR", "#123456", key))
    assert _dump(session) == before


def test_duplicates_and_bad_values_refused_with_a_message(session: Session) -> None:
    before = _dump(session)
    with pytest.raises(SchemeError, match="'PERSON' and 'ORGANIZATION' both use key 'p'"):
        session.labels.edit_label(Layer.ENTITY, "ORGANIZATION", key="p")
    with pytest.raises(SchemeError, match="already a label 'LOCATION' in the entity layer"):
        session.labels.edit_label(Layer.ENTITY, "PERSON", new_name="LOCATION")
    with pytest.raises(SchemeError, match="already a label 'CLAIM' in the claim layer"):
        session.labels.new_label(Layer.CLAIM, "CLAIM", "#000000")
    with pytest.raises(SchemeError, match="not #RRGGBB"):
        session.labels.edit_label(Layer.ENTITY, "PERSON", color="red")
    with pytest.raises(SchemeError, match="1-64 characters"):
        session.labels.edit_label(Layer.ENTITY, "PERSON", new_name="   ")
    with pytest.raises(SchemeError, match="CUE marks the words"):
        session.labels.edit_label(Layer.QUOTE, "CUE", new_name="INTRO")
    with pytest.raises(SchemeError, match="CUE marks the words"):
        session.labels.remove_label(Layer.QUOTE, "CUE")
    with pytest.raises(SchemeError, match="no label 'NOPE'"):
        session.labels.remove_label(Layer.ENTITY, "NOPE")
    assert _dump(session) == before
    # the same name in another layer is allowed
    label = session.labels.new_label(Layer.QUOTE, "PERSON", "#123456", "", "x")
    session.labels.add_label(label)
    assert session.scheme.get(Layer.QUOTE, "PERSON") == label


def test_add_remove_and_restore_keep_row_id_and_place(session: Session) -> None:
    label = session.labels.new_label(Layer.ENTITY, "WEAPON", "#882255", "W", "A weapon system.")
    assert label.key == "w"
    stored = session.labels.add_label(label)
    rows = session.labels.label_rows()
    assert rows[-1] == stored and stored.label == label
    assert [lb.name for lb in session.scheme.by_layer(Layer.ENTITY)][-1] == "WEAPON"
    before = _dump(session)
    removal = RemoveLabel(session, Layer.ENTITY, "WEAPON")
    removal.apply()
    assert removal.removed is not None and removal.removed.spans == ()
    assert session.scheme.get(Layer.ENTITY, "WEAPON") is None
    removal.revert()
    assert session.labels.label_rows() == rows
    assert _dump(session) == before


def test_delete_label_in_use_and_restore_gives_back_identical_rows(session: Session) -> None:
    """Spans of a deleted label go with their claims and places in quotes; undo puts every
    row back as it was, ids and times included."""
    session.labels.add_label(session.labels.new_label(Layer.QUOTE, "PARTIAL", "#44AA99", "t"))
    session.labels.add_label(session.labels.new_label(Layer.CLAIM, "RUMOUR", "#117733", "m"))
    first = _span(session, "We need to increase spending", "PARTIAL")
    second = _span(session, "we’ve got to co-ordinate more", "QUOTE")
    third = _span(session, "increase capability", "PARTIAL")
    cue = _span(session, "said", "CUE")
    alone = _span(session, "Keir Starmer", "PARTIAL")  # a quote of its own, which goes too
    quote = session.links.new_quote(first).with_changes(
        segment_ids=(first.id, second.id, third.id), cue_span_id=cue.id, quote_type=QuoteType.MIXED
    )
    session.links.add_quote(quote)
    session.links.add_quote(session.links.new_quote(alone))
    rumour = _span(session, "Europe has rallied around Kyiv", "RUMOUR")
    session.links.set_claim(
        session.links.claim(rumour.id).with_changes(
            claimer_kind=ClaimerKind.AUTHOR, verdict=Verdict.FALSE
        )
    )
    claim = _span(session, "Lavrov", "CLAIM")
    session.links.set_claim(
        session.links.claim(claim.id).with_changes(claimer_kind=ClaimerKind.AUTHOR)
    )
    before = _dump(session)
    seen = _changes(session)

    first_removal = RemoveLabel(session, Layer.QUOTE, "PARTIAL")
    first_removal.apply()
    removed = first_removal.removed
    assert removed is not None
    assert {s.id for s in removed.spans} == {first.id, third.id, alone.id}
    left = session.links.quote_of_span(second.id)
    assert left is not None and left.segment_ids == (second.id,) and left.cue_span_id == cue.id
    assert (
        session.links.quote_of_span(alone.id) is None
        and len(session.links.quotes(first.document_id)) == 1
    )
    assert session.labels.label_usage().get((Layer.QUOTE, "PARTIAL"), 0) == 0
    second_removal = RemoveLabel(session, Layer.CLAIM, "RUMOUR")
    second_removal.apply()
    assert session.links.claim_or_none(rumour.id) is None
    assert session.links.claim_or_none(claim.id) is not None  # another label's claim stays
    assert [c.kind for c in seen] == [ChangeKind.SCHEME, ChangeKind.SCHEME]

    second_removal.revert()
    first_removal.revert()
    assert _dump(session) == before
    assert session.links.quote_of_span(third.id) == session.links.quote(quote.id)


def test_read_only_project_refuses_scheme_edits(session: Session, example_copy: Path) -> None:
    reader = open_session(example_copy, read_only=True)
    try:
        with pytest.raises(ReadOnlyProject, match="read-only"):
            reader.labels.edit_label(Layer.ENTITY, "PERSON", new_name="PER")
        with pytest.raises(ReadOnlyProject, match="read-only"):
            reader.labels.set_guideline("x")
    finally:
        reader.close()


_EDITS = st.one_of(
    st.tuples(st.just("new_name"), st.sampled_from(["PER", "HUMAN", "PERSON", "ORGANIZATION"])),
    st.tuples(st.just("color"), st.sampled_from(["#000000", "#abcdef", "red"])),
    st.tuples(st.just("key"), st.sampled_from(["", "p", "o", "z", "d", "1"])),
    st.tuples(st.just("description"), st.text(max_size=20)),
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(_EDITS, min_size=1, max_size=4))
def test_any_edits_then_their_undos_leave_the_file_as_it_was(
    session: Session, edits: list[tuple[str, str]]
) -> None:
    if not session.spans(_doc(session)[0]):
        _span(session, "Keir Starmer", "PERSON")
        _span(session, "Kyiv", "LOCATION")
    before = _dump(session)
    done = []
    name = "PERSON"
    for field, value in edits:
        op = EditLabel(session, Layer.ENTITY, name, "edit", **{field: value})
        try:
            op.apply()
        except SchemeError:
            continue
        done.append(op)
        assert op.edit is not None
        name = op.edit.after.name
    for op in reversed(done):
        op.revert()
    assert _dump(session) == before
