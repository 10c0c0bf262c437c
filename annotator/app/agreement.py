"""How far two annotators (or every pair of them) agree: what is compared, the figures
(``core.agreement``), and the report as text, the same for ``annotator agreement`` and the
agreement dialog."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from typing import Any

from annotator.core.agreement.comparison import compare, pairwise
from annotator.core.agreement.group import GroupAlpha, group_alpha
from annotator.core.agreement.records import UNMATCHED, Agreement, Counts, Pairwise
from annotator.core.errors import AnnotatorError
from annotator.core.model import Annotator
from annotator.core.wording import counted
from annotator.session import Session


def annotator_named(session: Session, name: str) -> Annotator:
    """An annotator as the user names one (``Session.find_annotator``: an id or its start, a
    name, "name [3f2a]"); "gold" is the reviewed layer even before it has a row. A name two
    people share is refused with the ways to give each."""
    return session.find_annotator(name)


def named(session: Session, annotator: Annotator) -> Annotator:
    """``annotator`` under the name the user is shown (told apart from a namesake)."""
    return Annotator(annotator.id, session.annotator_name(annotator.id))


def compare_pair(
    session: Session, a: Annotator, b: Annotator, layers: Sequence[str]
) -> tuple[Agreement, list[dict[str, str]]]:
    """The figures of A (the reference) and B on the documents both started, and the
    documents only one of them started (not compared). The documents are read and counted
    one at a time: memory does not grow with the corpus."""
    pairs, skipped = session.review.each_pair(a, b)
    return compare(pairs, tuple(layers)), skipped


def every_pair(session: Session, layers: Sequence[str]) -> Pairwise:
    """The overlap F1 of every pair of annotators with spans."""
    return pairwise(session.review.spans_by_annotator(layers))


def everyone_at_once(
    session: Session, layers: Sequence[str], labels: Collection[str] | None = None
) -> dict[str, GroupAlpha]:
    """Token-wise alpha over every annotator of each document at once (``core.agreement.
    group.group_alpha``): per layer, or, with ``labels``, once over those labels across layers.
    The coders of a document are the people who started it, spans or not (marking a
    document done without a span says there is nothing to mark); the gold layer is no
    coder."""
    work = session.review.spans_by_annotator(layers, started=True, gold=False)
    if labels:
        known = {label.name for label in session.scheme}
        known |= {s[3] for docs in work.values() for spans in docs.values() for s in spans}
        unknown = [label for label in labels if label not in known]
        if unknown:
            raise AnnotatorError(
                f"no label {', '.join(map(repr, unknown))} in the project "
                f"(labels: {', '.join(sorted(known))})"
            )
    coded = Counter(doc for spans in work.values() for doc in spans)
    texts = {doc: session.document(doc).text for doc, n in coded.items() if n >= 2}
    if labels:
        return {", ".join(labels): group_alpha(texts, work, set(labels))}
    return {
        layer: group_alpha(
            texts,
            {
                name: {doc: [s for s in spans if s[2] == layer] for doc, spans in docs.items()}
                for name, docs in work.items()
            },
        )
        for layer in layers
    }


def together_text(results: dict[str, GroupAlpha]) -> str:
    any_result = next(iter(results.values()))
    head = [
        "Krippendorff's alpha (nominal), token-wise, every annotator of a document at once",
        f"({counted(any_result.documents, 'document')} worked on by two or more annotators, "
        f"{counted(any_result.tokens, 'token')}; annotators: "
        f"{', '.join(any_result.annotators) or 'none'})",
    ]
    width = max(len(name) for name in results)
    rows = []
    for name, result in results.items():
        labels = ", ".join(f"{label} {_f(value)}" for label, value in result.by_label.items())
        rows.append(f"  {name:<{width}}  {_f(result.alpha)}" + (f"   {labels}" if labels else ""))
    return "\n".join(head + rows)


def who(annotator: Annotator) -> dict[str, str]:
    return {"id": annotator.id, "name": annotator.name}


# -- text -------------------------------------------------------------------------------------


def _f(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _share(agree: int, n: int, percent: float | None) -> str:
    return f"{agree} of {n}" + (f" ({100 * percent:.1f}%)" if percent is not None else "")


def _row(name: str, exact: Counts, overlap: Counts, tokens: int, *stats: float | None) -> str:
    figures = f"{exact.a:>5} {exact.b:>5} {_f(exact.f1):>9} {_f(overlap.f1):>11}"
    return f"{name:<22}{figures} {_f(stats[0]):>7} {_f(stats[1]):>7} {tokens:>7}"


def detail_lines(result: Agreement) -> list[str]:
    """The lines on quotes (same speaker), claims (same attributes) and entities (aligned by
    their mentions): the report's, and the agreement dialog's."""
    lines = []
    if result.quotes is not None:
        q = result.quotes
        lines.append(
            f"quotes: A {q.quotes.a}, B {q.quotes.b}, matched {q.quotes.matched}; same speaker "
            + _share(q.speakers_agree, q.quotes.matched, q.speaker_agreement)
        )
    if result.claims is not None:
        c = result.claims
        parts = [
            f"{x.attribute.replace('_', '-')} {_share(x.agree, x.n, x.percent)}, "
            f"kappa {_f(x.kappa)}"
            for x in c.attributes
        ]
        lines.append(
            f"claims: A {c.claims.a}, B {c.claims.b}, matched {c.claims.matched}; "
            + "; ".join(parts)
        )
    e = result.entities
    lines.append(
        f"entities aligned by their mentions: {len(e.pairs)} (A has {e.a_entities}, "
        f"B has {e.b_entities})"
    )
    return lines


def report_text(a: Annotator, b: Annotator, result: Agreement, skipped: list[Any]) -> str:
    """The report of A and B (named as the user is shown them: ``named``)."""
    lines = [
        f"Agreement of {a.name!r} ({a.id}; A, the reference) and {b.name!r} ({b.id}; B) "
        f"on {len(result.documents)} document{'s' * (len(result.documents) != 1)} both started"
    ]
    lines += [f"  not compared: {s['title']!r}, started only by {s['started_by']}" for s in skipped]
    lines += ["", f"{'layer / label':<22}{'A':>5} {'B':>5} {'exact F1':>9} {'overlap F1':>11}"]
    lines[-1] += f" {'kappa':>7} {'alpha':>7} {'tokens':>7}"
    for layer in result.layers:
        lines.append(
            _row(layer.layer, layer.exact, layer.overlap, layer.tokens, layer.kappa, layer.alpha)
        )
        for s in layer.labels:
            lines.append(_row("  " + s.label, s.exact, s.overlap, s.tokens, s.kappa, s.alpha))
    lines.append("")
    lines += detail_lines(result)
    for layer in result.layers:
        if layer.confusion.labels:
            lines += [
                "",
                f"confusion, {layer.layer} (rows: A's label, columns: B's; "
                f"{UNMATCHED} = no overlapping span):",
            ]
            lines += _grid(
                list(layer.confusion.counts),
                list(layer.confusion.labels),
                lambda r, c, m=layer.confusion.counts: str(m[r].get(c, 0)),
            )
    lines += ["", "per document: overlap F1, exact F1, spans of A, spans of B, title"]
    for d in sorted(result.documents, key=lambda d: (d.overlap.f1 is not None, d.overlap.f1 or 0)):
        lines.append(
            f"  {_f(d.overlap.f1):>6} {_f(d.exact.f1):>6} {d.overlap.a:>5} {d.overlap.b:>5}  "
            f"{d.title}"
        )
    return "\n".join(lines)


def _grid(rows: list[str], cols: list[str], cell: Any) -> list[str]:
    width = max(len(x) for x in [*rows, *cols, "0.000"]) + 2
    out = [" " * width + "".join(f"{c:>{width}}" for c in cols)]
    out += [f"{r:<{width}}" + "".join(f"{cell(r, c):>{width}}" for c in cols) for r in rows]
    return out


def matrix_text(matrix: Pairwise) -> str:
    names = list(matrix.annotators)
    if len(names) < 2:
        return f"fewer than two annotators have spans ({', '.join(names) or 'none'}): no pairs"
    lines = ["overlap F1 of every pair of annotators, on the documents both started:"]
    lines += _grid(names, names, lambda r, c: _f(matrix.f1[r][c]))
    return "\n".join(lines)
