"""Krippendorff's alpha token-wise over every annotator of each document at once (not pairwise)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from annotator.core.agreement.coefficients import AlphaTally
from annotator.core.agreement.records import (
    SpanTuple,
)
from annotator.core.agreement.tokens import token_labels, tokens


@dataclass(frozen=True)
class GroupAlpha:
    """Token-wise alpha over every annotator of each document at once."""

    alpha: float | None  # over the labels asked (each token: the innermost such span, else O)
    by_label: dict[str, float | None]  # per label: a token covered by one of its spans or not
    documents: int  # documents two or more annotators worked on (the others are not units)
    tokens: int  # tokens of those documents (the units)
    annotators: tuple[str, ...]  # everyone who coded at least one of them


def group_alpha(
    texts: Mapping[str, str],
    work: Mapping[str, Mapping[str, Sequence[SpanTuple]]],
    labels: Collection[str] | None = None,
) -> GroupAlpha:
    """Alpha over the tokens (``tokens``) of every document two or more annotators worked on
    (``work``: annotator -> document id -> spans; ``texts``: document id -> text), each token
    coded by each of them with the label of the innermost of their spans covering it (of
    ``labels`` only, across layers, if given), else ``OUTSIDE``; one unit per token, with as
    many values as annotators worked on its document."""
    overall = AlphaTally()
    named = (
        labels
        if labels is not None
        else {s[3] for w in work.values() for d in w.values() for s in d}
    )
    per_label = {label: AlphaTally() for label in sorted(named)}
    documents = tokens_seen = 0
    coders: set[str] = set()
    for doc, text in texts.items():
        who = [name for name in work if doc in work[name]]
        if len(who) < 2:
            continue
        units = tokens(text)
        coded = []
        for name in who:
            spans = [s for s in work[name][doc] if labels is None or s[3] in labels]
            coded.append(token_labels(units, spans))
        for values in zip(*coded, strict=True):
            overall.add(values)
        for label, tally in per_label.items():  # covered by a span of this label, or not
            alone = [
                token_labels(units, [s for s in work[name][doc] if s[3] == label]) for name in who
            ]
            for values in zip(*alone, strict=True):
                tally.add(values)
        documents += 1
        tokens_seen += len(units)
        coders.update(who)
    return GroupAlpha(
        overall.alpha,
        {label: tally.alpha for label, tally in per_label.items()},
        documents,
        tokens_seen,
        tuple(sorted(coders)),
    )
