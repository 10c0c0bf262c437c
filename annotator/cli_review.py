"""`annotator agreement`: how far two annotators (or every pair of them) agree, as text or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from annotator.core.agreement import (
    LAYERS,
    UNMATCHED,
    Agreement,
    Counts,
    Pairwise,
    compare,
    pairwise,
    to_json,
)
from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME, Annotator
from annotator.session import Session
from annotator.session.review_input import document_pairs, spans_by_annotator
from annotator.workspace import open_session, resolve_annotators


@click.command("agreement")
@click.argument("project", type=click.Path(exists=True, path_type=Path))
@click.argument("annotators", nargs=-1, metavar="[A B]")
@click.option("--all", "everyone", is_flag=True, help="Overlap F1 of every pair of annotators.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@click.option("--layer", type=click.Choice(LAYERS), help="Only this layer.")
def agreement(
    project: Path, annotators: tuple[str, ...], everyone: bool, as_json: bool, layer: str | None
) -> None:
    """How far annotators A and B agree on PROJECT (A is the reference).

    A and B are annotator names or ids, or "gold" for the reviewed layer. Per layer and label:
    exact-match and overlap F1, Cohen's kappa and Krippendorff's alpha over tokens; speaker
    agreement on matched quotes; check-worthiness and verdict agreement on matched claims; a
    confusion matrix of labels; overlap F1 per document. Only documents both have started
    are compared. With --all instead of A B: the overlap F1 of every pair of annotators.
    """
    if everyone and annotators:
        raise click.UsageError("give two annotators A B, or --all, not both")
    if not everyone and len(annotators) != 2:
        raise click.UsageError("give two annotators A B (names or ids), or --all")
    layers = (layer,) if layer else LAYERS
    try:
        session = open_session(project, read_only=True)
    except AnnotatorError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        if everyone:
            matrix = pairwise(spans_by_annotator(session, layers))
            click.echo(json.dumps(to_json(matrix), indent=2) if as_json else _matrix_text(matrix))
            return
        a, b = (_annotator(session, name) for name in annotators)
        if a.id == b.id:
            raise click.UsageError(f"A and B are the same annotator ({a.name!r}, {a.id})")
        pairs, skipped = document_pairs(session, a, b)
        result = compare(pairs, layers)
    except AnnotatorError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        session.close()
    if as_json:
        head = {"a": _who(a), "b": _who(b), "layers": list(layers), "not_compared": skipped}
        click.echo(json.dumps({**head, **to_json(result)}, indent=2, ensure_ascii=False))
    else:
        click.echo(_report_text(a, b, result, skipped))


# -- gathering --------------------------------------------------------------------------------


def _annotator(session: Session, name: str) -> Annotator:
    """An annotator by id or name; "gold" is the reviewed layer even before it has a row."""
    try:
        return resolve_annotators(session, [name])[0]
    except AnnotatorError:
        if name.casefold() == GOLD_ANNOTATOR_NAME:
            return Annotator(GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME)
        raise


def _who(annotator: Annotator) -> dict[str, str]:
    return {"id": annotator.id, "name": annotator.name}


# -- text -------------------------------------------------------------------------------------


def _f(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _share(agree: int, n: int, percent: float | None) -> str:
    return f"{agree} of {n}" + (f" ({100 * percent:.1f}%)" if percent is not None else "")


def _row(name: str, exact: Counts, overlap: Counts, tokens: int, *stats: float | None) -> str:
    figures = f"{exact.a:>5} {exact.b:>5} {_f(exact.f1):>9} {_f(overlap.f1):>11}"
    return f"{name:<22}{figures} {_f(stats[0]):>7} {_f(stats[1]):>7} {tokens:>7}"


def _report_text(a: Annotator, b: Annotator, result: Agreement, skipped: list[Any]) -> str:
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


def _matrix_text(matrix: Pairwise) -> str:
    names = list(matrix.annotators)
    if len(names) < 2:
        return f"fewer than two annotators have spans ({', '.join(names) or 'none'}): no pairs"
    lines = ["overlap F1 of every pair of annotators, on the documents both started:"]
    lines += _grid(names, names, lambda r, c: _f(matrix.f1[r][c]))
    return "\n".join(lines)
