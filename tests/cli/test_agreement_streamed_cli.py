"""`annotator agreement A B` on a generated multi-document project, now counted one document at
a time, prints the figures the all-at-once comparison gives on the same documents."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from annotator.app.projects import open_session
from annotator.cli.agreement import agreement
from annotator.core.agreement.records import LAYERS, to_json
from annotator.core.links import Entity, Quote
from annotator.core.model import Annotator, Document, Layer, Span, Status
from tests.builders import put_documents, put_work
from tests.core.test_agreement_streamed import all_at_once, corpus

ANN = Annotator("a-1", "Ann")
BOB = Annotator("b-2", "Bob")


def build(path: Path, n: int) -> None:
    """``corpus(n)``'s documents and both annotators' spans, mentions and quotes, stored."""
    documents = corpus(7, n)
    session = open_session(path)
    try:
        put_documents(session, [Document(d.id, d.text, d.title) for d in documents])
        ids = {m[2] for d in documents for w in (d.a, d.b) for m in w.mentions}
        ids |= {q.speaker_entity for d in documents for w in (d.a, d.b) for q in w.quotes}
        put_work(session, ANN)  # the annotators first: their entities point at them
        put_work(session, BOB)
        for entity in sorted(e for e in ids if e):
            owner = BOB if entity.startswith("b") else ANN
            session.registry.add_entity(Entity(entity, owner.id, f"name {entity}", "PERSON"))
        for who, side in ((ANN, "a"), (BOB, "b")):
            spans, quotes = [], []
            for d in documents:
                work = getattr(d, side)
                entity_of = {m[:2]: m[2] for m in work.mentions}
                made = {}
                for i, (start, end, layer, label) in enumerate(work.spans):
                    span = Span(
                        f"{side}-{d.id}-{i}", d.id, who.id, Layer(layer), label, start, end,
                        d.text[start:end],
                        entity_id=entity_of.get((start, end)) if layer == "entity" else None,
                    )  # fmt: skip
                    spans.append(span)
                    made.setdefault((start, end, label), span.id)
                used: set[str] = set()  # a span is the segment of one quote
                for k, q in enumerate(work.quotes):
                    (start, end) = q.segments[0]
                    if made[start, end, "QUOTE"] in used:
                        continue
                    used.add(made[start, end, "QUOTE"])
                    quotes.append(
                        Quote(
                            f"q{side}-{d.id}-{k}",
                            d.id,
                            who.id,
                            (made[start, end, "QUOTE"],),
                            None,
                            q.speaker_entity,
                            q.speaker_text,
                        )  # fmt: skip
                    )
            statuses = {d.id: Status.IN_PROGRESS for d in documents}
            put_work(session, who, spans, statuses=statuses, quotes=quotes)
    finally:
        session.close()


def test_the_streamed_report_is_the_all_at_once_report(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    build(path, 120)
    result = CliRunner().invoke(agreement, [str(path), "Ann", "Bob", "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    session = open_session(path, read_only=True)
    try:
        pairs, _ = session.review.pairs(ANN, BOB)
    finally:
        session.close()
    assert len(pairs) == 120
    expected = json.loads(json.dumps(to_json(all_at_once(pairs, LAYERS))))
    assert expected["entities"]["pairs"] and expected["quotes"]["speakers_agree"]
    assert {k: printed[k] for k in expected} == expected
