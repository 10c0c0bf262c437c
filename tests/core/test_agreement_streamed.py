"""Agreement counted one document at a time gives the very figures the all-at-once comparison
gave (kept here as it was: every token pair and every mention in lists), on generated
multi-document corpora."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.agreement.coefficients import AlphaTally
from annotator.core.agreement.comparison import AgreementTally, compare
from annotator.core.agreement.entities import align_entities, same_speaker
from annotator.core.agreement.records import (
    LAYERS,
    UNMATCHED,
    Agreement,
    AttributeAgreement,
    ClaimAgreement,
    ClaimItem,
    Confusion,
    Counts,
    DocumentPair,
    DocumentScore,
    EntityAlignment,
    LabelScores,
    LayerScores,
    QuoteAgreement,
    QuoteItem,
    Work,
    to_json,
)
from annotator.core.agreement.spans import confusion_pairs, label_counts, overlap_pairs, span_counts
from annotator.core.agreement.tokens import token_labels, tokens

_NONE = Counts(0, 0, 0)
WORDS = ["Lavrov", "said", "the", "loan", "Kyiv", "Commission", ",", "“", "”", "scheme", "of"]
LABELS = {"entity": ["PERSON", "ORG", "LOC"], "quote": ["QUOTE", "CUE"], "claim": ["CLAIM"]}
ENTITIES = ["e1", "e2", "e3", "e4", "e5"]


# -- the comparison as it was before it was streamed: lists of every token pair and mention ----


def kappa_of_list(pairs: Sequence[tuple[str, str]]) -> float | None:
    n = len(pairs)
    if not n:
        return None
    observed = sum(a == b for a, b in pairs) / n
    of_a = Counter(a for a, _ in pairs)
    of_b = Counter(b for _, b in pairs)
    expected = sum(of_a[c] * of_b[c] for c in of_a) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def alpha_of_list(pairs: Sequence[tuple[str, str]]) -> float | None:
    tally = AlphaTally()
    for a, b in pairs:
        tally.add((a, b))  # one unit at a time
    return tally.alpha


def all_at_once(documents: Sequence[DocumentPair], layers: Sequence[str] = LAYERS) -> Agreement:
    layers = [layer for layer in LAYERS if layer in layers]
    docs = []
    for d in documents:
        a = [s for s in d.a.spans if s[2] in layers]
        b = [s for s in d.b.spans if s[2] in layers]
        docs.append(DocumentScore(d.id, d.title, *span_counts(a, b)))
    units = [tokens(d.text) for d in documents]
    entities = align_entities(
        ((d.id, m) for d in documents for m in d.a.mentions),
        ((d.id, m) for d in documents for m in d.b.mentions),
    )
    alignment = EntityAlignment(
        len({m[2] for d in documents for m in d.a.mentions}),
        len({m[2] for d in documents for m in d.b.mentions}),
        tuple(sorted(entities.items())),
    )
    return Agreement(
        documents=tuple(docs),
        layers=tuple(layer_scores(layer, documents, units) for layer in layers),
        quotes=quotes_of(documents, entities) if "quote" in layers else None,
        claims=claims_of(documents) if "claim" in layers else None,
        entities=alignment,
    )


def layer_scores(
    layer: str, documents: Sequence[DocumentPair], units: Sequence[list[tuple[int, int]]]
) -> LayerScores:
    token_pairs: list[tuple[str, str]] = []
    confusion: Counter[tuple[str, str]] = Counter()
    by_label: dict[str, tuple[Counts, Counts]] = {}
    for d, doc_units in zip(documents, units, strict=True):
        a = [s for s in d.a.spans if s[2] == layer]
        b = [s for s in d.b.spans if s[2] == layer]
        token_pairs += zip(token_labels(doc_units, a), token_labels(doc_units, b), strict=True)
        confusion.update(confusion_pairs(a, b))
        for (_, label), (exact, overlap) in label_counts(a, b).items():
            before = by_label.get(label, (_NONE, _NONE))
            by_label[label] = (before[0] + exact, before[1] + overlap)
    scores = []
    for label, (exact, overlap) in sorted(by_label.items()):
        binary = [(str(x == label), str(y == label)) for x, y in token_pairs]
        kappa, alpha = kappa_of_list(binary), alpha_of_list(binary)
        scores.append(LabelScores(label, exact, overlap, len(binary), kappa, alpha))

    def last(label: str) -> tuple[bool, str]:
        return (label == UNMATCHED, label)

    rows = sorted({a for a, _ in confusion}, key=last)
    cols = sorted({b for _, b in confusion}, key=last)
    return LayerScores(
        layer,
        sum((s.exact for s in scores), _NONE),
        sum((s.overlap for s in scores), _NONE),
        len(token_pairs),
        kappa_of_list(token_pairs),
        alpha_of_list(token_pairs),
        tuple(scores),
        Confusion(
            tuple(sorted(set(rows) | set(cols), key=last)),
            {r: {c: confusion[r, c] for c in cols if confusion[r, c]} for r in rows},
        ),
    )


def quotes_of(documents: Sequence[DocumentPair], aligned: Mapping[str, str]) -> QuoteAgreement:
    counts, agree = _NONE, 0
    for d in documents:
        qa, qb = d.a.quotes, d.b.quotes
        pairs = overlap_pairs(
            qa,
            qb,
            lambda x, y: sum(
                max(0, min(s[1], t[1]) - max(s[0], t[0])) for s in x.segments for t in y.segments
            ),
        )
        counts += Counts(len(qa), len(qb), len(pairs))
        agree += sum(same_speaker(qa[i], qb[j], aligned) for i, j in pairs)
    return QuoteAgreement(counts, agree, agree / counts.matched if counts.matched else None)


def claims_of(documents: Sequence[DocumentPair]) -> ClaimAgreement:
    counts = _NONE
    matched: list[tuple[ClaimItem, ClaimItem]] = []
    for d in documents:
        ca, cb = d.a.claims, d.b.claims
        pairs = overlap_pairs(
            ca, cb, lambda x, y: max(0, min(x.end, y.end) - max(x.start, y.start))
        )
        counts += Counts(len(ca), len(cb), len(pairs))
        matched += [(ca[i], cb[j]) for i, j in pairs]
    attributes = []
    for name in ("check_worthiness", "verdict"):
        values = [(str(getattr(x, name)), str(getattr(y, name))) for x, y in matched]
        agree = sum(x == y for x, y in values)
        share = agree / len(values) if values else None
        attributes.append(
            AttributeAgreement(name, len(values), agree, share, kappa_of_list(values))
        )
    return ClaimAgreement(counts, tuple(attributes))


# -- generated corpora ---------------------------------------------------------------------------


def work(rnd: random.Random, noise: random.Random, text: str, who: str) -> Work:
    """One annotator's spans, mentions, quotes and claims on ``text``. Both annotators draw
    from the same ``rnd`` sequence, so their work is alike, and ``noise`` (each their own)
    leaves out, moves or relabels some of it; entities are each annotator's own (ids
    starting with ``who``), one per word but for a few, so A's and B's align."""
    spans, mentions, quotes, claims = [], [], [], []

    def entity(start: int, end: int) -> str:
        word = text[start:end]
        return who + (str(WORDS.index(word)) if word in WORDS and noise.random() < 0.9 else "x")

    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    for _ in range(rnd.randint(0, 12)):
        start, end = rnd.choice(words)
        layer = rnd.choice(LAYERS)
        label = rnd.choice(LABELS[layer])
        speaker = rnd.choice([None, "entity", "entity", "other"])
        worthy, verdict = rnd.choice(["", "worthy", "not"]), rnd.choice(["", "true"])
        if noise.random() < 0.2:
            continue
        if noise.random() < 0.15:
            start = noise.randrange(0, len(text) - 1)
            end = noise.randint(start + 1, min(len(text), start + 25))
        if noise.random() < 0.1:
            label = noise.choice(LABELS[layer])
        spans.append((start, end, layer, label))
        if layer == "entity" and noise.random() < 0.9:
            mentions.append((start, end, entity(start, end)))
        if layer == "quote" and label == "QUOTE":
            named = {None: None, "entity": entity(start, end), "other": noise.choice(ENTITIES)}
            quotes.append(
                QuoteItem(
                    ((start, end),),
                    named[speaker],
                    "" if named[speaker] else noise.choice(["", "Lavrov", "the minister"]),
                    ("Lavrov", "Sergei Lavrov") if named[speaker] == f"{who}0" else (),
                )
            )
        if layer == "claim":
            if noise.random() < 0.3:
                worthy = noise.choice(["", "worthy", "not"])
            claims.append(ClaimItem(start, end, worthy, verdict))
    return Work(tuple(spans), tuple(mentions), tuple(quotes), tuple(claims))


def corpus(seed: int, n: int) -> list[DocumentPair]:
    rnd = random.Random(seed)
    documents = []
    for i in range(n):
        text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(3, 30)))
        same = rnd.random()
        a = work(random.Random(same), random.Random(rnd.random()), text, "a")
        b = work(random.Random(same), random.Random(rnd.random()), text, "b")
        documents.append(DocumentPair(f"d{i}", f"title {i}", text, a, b))
    return documents


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 10**6),
    st.integers(0, 25),
    st.sampled_from([LAYERS, ("quote",), ("entity", "claim")]),
)
def test_counted_one_document_at_a_time_equals_all_at_once(
    seed: int, n: int, layers: tuple[str, ...]
) -> None:
    documents = corpus(seed, n)
    streamed = compare(iter(documents), layers)  # a generator: each document seen once
    assert to_json(streamed) == to_json(all_at_once(documents, layers))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_large_corpus_agrees_figure_for_figure(seed: int) -> None:
    """Hundreds of documents: the alignment of entities, needed before speakers are known,
    is found over all of them, and the speakers counted before it follow it."""
    documents = corpus(seed, 400)
    expected = all_at_once(documents)
    assert expected.entities.pairs, "the corpus aligns some entities"
    assert expected.quotes is not None and expected.quotes.speakers_agree
    tally = AgreementTally()
    for d in documents:
        tally.add(d)
    assert to_json(tally.result()) == to_json(expected)
