"""`annotator agreement` on a project built here with the session API: the figures of
tests/core/test_agreement.py (computed by hand there) come out of a real project file."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator.app.projects import open_session
from annotator.cli.agreement import agreement
from annotator.core.agreement.coefficients import AlphaTally
from annotator.core.agreement.group import group_alpha
from annotator.core.agreement.tokens import token_labels, tokens
from annotator.core.articles import ParsedArticle
from annotator.core.links import CheckWorthiness, Claim, Entity, Quote, Verdict
from annotator.core.model import (
    GOLD_ANNOTATOR_ID,
    GOLD_ANNOTATOR_NAME,
    Annotator,
    Layer,
    Span,
    Status,
    new_id,
)
from annotator.session import Session
from tests.builders import put_work
from tests.core.test_agreement import TEXT1, TEXT2

ANN = Annotator("a-1", "Ann")
BOB = Annotator("b-2", "Bob")
CLEO = Annotator("c-3", "Cleo")
TEXT3 = "Lviv. Volunteers handed out blankets."


def run(*args: object) -> Result:
    return CliRunner().invoke(agreement, [str(a) for a in args])


def add(session: Session, doc: str, who: Annotator, piece: str, label: str, **kw: str) -> Span:
    text = session.document(doc).text
    start = text.index(piece)
    layer = {"QUOTE": Layer.QUOTE, "CUE": Layer.QUOTE, "CLAIM": Layer.CLAIM}
    span = Span(
        new_id(),
        doc,
        who.id,
        layer.get(label, Layer.ENTITY),
        label,
        start,
        start + len(piece),
        piece,
        entity_id=kw.get("entity"),
    )
    session.add_span(span)
    return span


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """d1 and d2 annotated by Ann and Bob as DOC1 and DOC2 of the core test; d3 started by Ann
    only; Cleo has two spans in d1."""
    path = tmp_path / "p.sqlite"
    session = open_session(path)
    try:
        articles = [
            (f"t{i}.txt", ParsedArticle(t, f"T{i}", None))
            for i, t in enumerate((TEXT1, TEXT2, TEXT3), 1)
        ]
        d1, d2, d3 = (doc.id for _, doc in session.import_articles(articles).imported)
        for who in (ANN, BOB, CLEO):
            put_work(session, who)
        for entity in (
            Entity("a-vdl", ANN.id, "Ursula von der Leyen", "PERSON"),
            Entity("a-lav", ANN.id, "Sergey Lavrov", "PERSON", ("Sergei Lavrov",)),
            Entity("b-ursula", BOB.id, "Ursula", "PERSON"),
            Entity("b-lav", BOB.id, "Lavrov", "PERSON"),
        ):
            session.registry.add_entity(entity)
        add(session, d1, ANN, "Ursula von der Leyen", "PERSON", entity="a-vdl")
        add(session, d1, ANN, "Sergei Lavrov", "PERSON", entity="a-lav")
        add(session, d1, ANN, "Kyiv", "LOCATION")
        add(session, d2, ANN, "Commission", "ORGANIZATION")
        add(session, d2, ANN, "Ursula von der Leyen", "PERSON", entity="a-vdl")
        seg = add(session, d2, ANN, "The Commission proposed a loan scheme", "QUOTE")
        cue = add(session, d2, ANN, "said", "CUE")
        session.links.add_quote(Quote("qa", d2, ANN.id, (seg.id,), cue.id, "a-vdl"))
        claim = add(session, d2, ANN, "proposed a loan scheme", "CLAIM")
        session.links.set_claim(
            Claim(claim.id, check_worthiness=CheckWorthiness.CHECK_WORTHY, verdict=Verdict.TRUE)
        )
        add(session, d3, ANN, "Lviv", "LOCATION")

        add(session, d1, BOB, "Ursula von der Leyen", "PERSON", entity="b-ursula")
        add(session, d1, BOB, "Lavrov", "PERSON", entity="b-lav")
        add(session, d1, BOB, "Kyiv", "ORGANIZATION")
        add(session, d2, BOB, "von der Leyen", "PERSON", entity="b-ursula")
        seg = add(session, d2, BOB, "Commission proposed a loan scheme", "QUOTE")
        cue = add(session, d2, BOB, "said", "CUE")
        session.links.add_quote(Quote("qb", d2, BOB.id, (seg.id,), cue.id, "b-ursula"))
        claim = add(session, d2, BOB, "a loan scheme", "CLAIM")
        session.links.set_claim(
            Claim(
                claim.id, check_worthiness=CheckWorthiness.CHECK_WORTHY, verdict=Verdict.MISLEADING
            )
        )

        add(session, d1, CLEO, "Sergei Lavrov", "PERSON")
        add(session, d1, CLEO, "Kyiv", "LOCATION")
    finally:
        session.close()
    return path


def test_json_of_two_annotators(project: Path) -> None:
    result = run(project, "Ann", "b-2", "--json")  # by name and by id
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["a"] == {"id": "a-1", "name": "Ann"} and data["b"] == {"id": "b-2", "name": "Bob"}
    assert [d["title"] for d in data["not_compared"]] == ["T3"]
    assert data["not_compared"][0]["started_by"] == "Ann"
    entity, quote, claim = data["layers"]
    assert entity["layer"] == "entity"
    assert entity["exact"] == {
        "a": 5,
        "b": 4,
        "matched": 1,
        "precision": 0.25,
        "recall": 0.2,
        "f1": pytest.approx(2 / 9),
    }
    assert entity["overlap"]["f1"] == pytest.approx(2 / 3)
    assert entity["tokens"] == 23
    assert entity["kappa"] == pytest.approx(float(Fraction(101, 147)))
    assert entity["alpha"] == pytest.approx(float(Fraction(802, 1162)))
    person = next(x for x in entity["labels"] if x["label"] == "PERSON")
    assert person["exact"]["matched"] == 1 and person["overlap"]["f1"] == 1.0
    assert entity["confusion"]["counts"] == {
        "LOCATION": {"ORGANIZATION": 1},
        "ORGANIZATION": {"—": 1},
        "PERSON": {"PERSON": 3},
    }
    assert quote["kappa"] == pytest.approx(float(Fraction(203, 226)))
    assert claim["overlap"]["matched"] == 1 and claim["exact"]["matched"] == 0
    # Bob's speaker is his own entity, aligned with Ann's through different mentions
    assert data["entities"]["pairs"] == [["a-lav", "b-lav"], ["a-vdl", "b-ursula"]]
    assert data["quotes"]["speakers_agree"] == 1 and data["quotes"]["speaker_agreement"] == 1.0
    worthy, verdict = data["claims"]["attributes"]
    assert (worthy["attribute"], worthy["agree"], worthy["kappa"]) == ("check_worthiness", 1, None)
    assert (verdict["attribute"], verdict["agree"], verdict["percent"]) == ("verdict", 0, 0.0)
    d1, d2 = data["documents"]
    assert (d1["title"], d1["overlap"]["f1"]) == ("T1", pytest.approx(2 / 3))
    assert (d2["title"], d2["overlap"]["f1"]) == ("T2", pytest.approx(8 / 9))


def test_one_layer(project: Path) -> None:
    data = json.loads(run(project, "Ann", "Bob", "--json", "--layer", "entity").stdout)
    assert data["layers"][0]["layer"] == "entity" and len(data["layers"]) == 1
    assert data["quotes"] is None and data["claims"] is None
    assert data["documents"][1]["overlap"] == {
        "a": 2,
        "b": 1,
        "matched": 1,
        "precision": 1.0,
        "recall": 0.5,
        "f1": pytest.approx(2 / 3),
    }


def test_table(project: Path) -> None:
    result = run(project, "Ann", "Bob")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Agreement of 'Ann' (a-1; A, the reference) and 'Bob' (b-2; B) on 2 documents" in out
    assert "not compared: 'T3', started only by Ann" in out
    table = out.split("\n\n")[1].splitlines()
    rows = {line.split()[0]: line.split()[1:] for line in table[1:]}
    # A, B, exact F1, overlap F1, kappa, alpha, tokens (entity: 101/147 and 802/1162)
    assert rows["entity"] == ["5", "4", "0.222", "0.667", "0.687", "0.690", "23"]
    # PERSON or not over 23 tokens: T/T 8, F/F 13, differ 2 (Sergei, Ursula in d2);
    # A T 10, B T 8: p_e = (80 + 13 * 15) / 529 = 275/529, kappa = (483 - 275) / 254 = 0.819;
    # alpha: n_T 18, n_F 28: 2116 - 324 - 784 = 1008, 1 - 45 * 4 / 1008 = 0.821
    assert rows["PERSON"] == ["3", "3", "0.333", "1.000", "0.819", "0.821", "23"]
    assert list(rows) == ["entity", "LOCATION", "ORGANIZATION", "PERSON", "quote", "CUE"] + [
        "QUOTE",
        "claim",
        "CLAIM",
    ]
    assert "quotes: A 1, B 1, matched 1; same speaker 1 of 1 (100.0%)" in out
    assert (
        "claims: A 1, B 1, matched 1; check-worthiness 1 of 1 (100.0%), kappa —; "
        "verdict 0 of 1 (0.0%), kappa 0.000" in out
    )
    assert "entities aligned by their mentions: 2 (A has 2, B has 2)" in out
    # per document, the least agreement first
    per_doc = out.split("per document")[1].splitlines()[1:]
    assert [line.split()[-1] for line in per_doc] == ["T1", "T2"]
    assert per_doc[0].split()[:4] == ["0.667", "0.333", "3", "3"]


def test_every_pair(project: Path) -> None:
    data = json.loads(run(project, "--all", "--json").stdout)
    # the current annotator (tester) has no spans and is left out
    assert data["annotators"] == ["Ann", "Bob", "Cleo"]
    # Ann-Bob on d1 and d2: 8 and 7 spans, 2 + 4 overlap -> 12/15; Ann-Cleo on d1: 3 and 2,
    # both of Cleo's match -> 4/5; Bob-Cleo on d1: only Lavrov matches -> 2/5
    assert data["f1"]["Ann"]["Bob"] == pytest.approx(0.8)
    assert data["f1"]["Cleo"]["Ann"] == pytest.approx(0.8)
    assert data["f1"]["Bob"]["Cleo"] == pytest.approx(0.4)
    assert data["f1"]["Ann"]["Ann"] is None
    assert data["documents"]["Ann"] == {"Ann": 3, "Bob": 2, "Cleo": 1}
    table = run(project, "--all").stdout.splitlines()
    assert table[1].split() == ["Ann", "Bob", "Cleo"]
    assert table[2].split() == ["Ann", "—", "0.800", "0.800"]


def test_errors_name_the_known_annotators(project: Path) -> None:
    unknown = run(project, "Ann", "Zoe")
    assert unknown.exit_code == 1
    assert "no annotator 'Zoe'" in unknown.stderr and "'Bob' (id b-2)" in unknown.stderr
    assert run(project, "Ann").exit_code == 2
    assert run(project, "--all", "Ann", "Bob").exit_code == 2
    same = run(project, "Ann", "a-1")
    assert same.exit_code == 2 and "same annotator" in same.stderr


def test_gold_before_any_review(project: Path) -> None:
    data = json.loads(run(project, "Ann", "gold", "--json").stdout)
    assert data["b"] == {"id": "gold", "name": "gold"}
    assert data["documents"] == [] and len(data["not_compared"]) == 3


def test_together_codes_each_document_by_everyone_who_worked_on_it(project: Path) -> None:
    result = run(project, "--together", "--json", "--layer", "entity")
    assert result.exit_code == 0, result.output
    entity = json.loads(result.stdout)["entity"]
    # d1 by Ann, Bob and Cleo; d2 by Ann and Bob; d3 by Ann alone is no unit
    assert entity["documents"] == 2 and entity["annotators"] == ["Ann", "Bob", "Cleo"]
    assert entity["tokens"] == len(tokens(TEXT1)) + len(tokens(TEXT2))
    session = open_session(project, read_only=True)
    try:
        work = session.review.spans_by_annotator(["entity"])
        tally = AlphaTally()
        for doc in session.documents()[:2]:
            units = tokens(session.document(doc.id).text)
            coded = [token_labels(units, w[doc.id]) for w in work.values() if doc.id in w]
            for values in zip(*coded, strict=True):
                tally.add(values)
    finally:
        session.close()
    assert entity["alpha"] == tally.alpha and entity["alpha"] is not None
    text = run(project, "--together", "--labels", "PERSON,QUOTE")
    assert text.exit_code == 0, text.output
    assert "2 documents worked on by two or more annotators" in text.output
    assert "annotators: Ann, Bob, Cleo" in text.output
    assert "PERSON, QUOTE  " in text.output


@pytest.mark.parametrize(
    "args",
    [("--together", "Ann", "Bob"), ("--together", "--all"), ("Ann", "Bob", "--labels", "PERSON")],
)
def test_together_is_a_way_of_its_own(project: Path, args: tuple[str, ...]) -> None:
    result = run(project, *args)
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_together_refuses_a_label_nobody_uses(project: Path) -> None:
    result = run(project, "--together", "--labels", "PERSON,NOPE")
    assert result.exit_code == 1 and "no label 'NOPE' in the project" in result.output


def test_together_counts_who_started_a_document_and_never_gold(tmp_path: Path) -> None:
    """Found by a cold read: someone who marked a document done with no span was left out
    (alpha 1.000 over the two who agreed), and the gold layer counted as a coder."""
    path = tmp_path / "p.sqlite"
    session = open_session(path)
    try:
        (doc,) = (
            d.id
            for _, d in session.import_articles(
                [("a.txt", ParsedArticle("Alice met Bob in Paris.", "T", None))]
            ).imported
        )
        for who in (ANN, BOB):
            put_work(session, who)
            add(session, doc, who, "Alice", "PERSON")
        put_work(session, CLEO, statuses={doc: Status.DONE})  # nothing to mark, she says
        gold = Annotator(GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME)
        put_work(session, gold)
        add(session, doc, gold, "Paris", "LOCATION")
    finally:
        session.close()
    result = run(path, "--together", "--json", "--layer", "entity")
    assert result.exit_code == 0, result.output
    entity = json.loads(result.stdout)["entity"]
    assert entity["annotators"] == ["Ann", "Bob", "Cleo"]
    assert entity["alpha"] is not None and entity["alpha"] < 1


def test_a_label_inside_another_does_not_count_against_the_outer_one() -> None:
    texts = {"d": "the spokesman of Google said"}
    source = (0, 23, "entity", "SOURCE")
    work = {"a": {"d": [source, (17, 23, "entity", "ORGANIZATION")]}, "b": {"d": [source]}}
    result = group_alpha(texts, work)
    assert result.by_label["SOURCE"] == 1.0  # both covered the same tokens with SOURCE
    assert result.by_label["ORGANIZATION"] is not None and result.by_label["ORGANIZATION"] < 1
