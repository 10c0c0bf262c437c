"""`annotator agreement`: how far two annotators (or every pair of them) agree, as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from annotator.core.agreement import (
    LAYERS,
    UNMATCHED,
    Agreement,
    ClaimItem,
    Counts,
    DocumentPair,
    Pairwise,
    QuoteItem,
    SpanTuple,
    Work,
    compare,
    pairwise,
    to_json,
)
from annotator.core.errors import AnnotatorError
from annotator.core.links import Claim
from annotator.core.model import GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME, Annotator, Layer, Status
from annotator.session import Session
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
            matrix = pairwise(_everyone(session, layers))
            click.echo(json.dumps(to_json(matrix), indent=2) if as_json else _matrix_text(matrix))
            return
        a, b = (_annotator(session, name) for name in annotators)
        if a.id == b.id:
            raise click.UsageError(f"A and B are the same annotator ({a.name!r}, {a.id})")
        pairs, skipped = _pairs(session, a, b)
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


def _started(session: Session, annotator_id: str) -> dict[str, str]:
    """Id -> title of the documents the annotator has started (a status, or spans)."""
    return {
        m.id: m.title
        for m in session.documents(annotator_id)
        if m.status is not Status.NOT_STARTED or m.span_count
    }


def _pairs(
    session: Session, a: Annotator, b: Annotator
) -> tuple[list[DocumentPair], list[dict[str, str]]]:
    """The documents both started with their work, and those only one of them started."""
    of_a, of_b = _started(session, a.id), _started(session, b.id)
    names = {e.id: e.names for e in session.entities()}
    pairs = [
        DocumentPair(
            doc,
            title,
            session.document(doc).text,
            _work(session, doc, a.id, names),
            _work(session, doc, b.id, names),
        )
        for doc, title in of_a.items()
        if doc in of_b
    ]
    skipped = [
        {"id": doc, "title": title, "started_by": who.name}
        for who, mine, theirs in ((a, of_a, of_b), (b, of_b, of_a))
        for doc, title in mine.items()
        if doc not in theirs
    ]
    return pairs, skipped


def _work(session: Session, doc: str, annotator_id: str, names: dict[str, tuple[str, ...]]) -> Work:
    spans = session.spans(doc, annotator_id)
    by_id = {s.id: s for s in spans}
    quotes = tuple(
        QuoteItem(
            tuple((by_id[i].start, by_id[i].end) for i in q.segment_ids if i in by_id),
            q.speaker_entity_id,
            q.speaker_text,
            names.get(q.speaker_entity_id or "", ()),
        )
        for q in session.store.quotes(doc, annotator_id)
    )
    stored = session.store.claims(doc, annotator_id)
    claims = tuple(
        ClaimItem(s.start, s.end, claim.check_worthiness.value, claim.verdict.value)
        for s in spans
        if s.layer is Layer.CLAIM
        for claim in [stored.get(s.id) or Claim(s.id)]
    )
    return Work(
        spans=tuple((s.start, s.end, s.layer.value, s.label) for s in spans),
        mentions=tuple((s.start, s.end, s.entity_id) for s in spans if s.entity_id is not None),
        quotes=quotes,
        claims=claims,
    )


def _everyone(session: Session, layers: Sequence[str]) -> dict[str, dict[str, list[SpanTuple]]]:
    """Each annotator with spans (by name, or "name (id)" where names repeat): their spans of
    the layers asked, per document they started."""
    counts = session.store.span_counts_by_annotator()
    known = {a.id: a.name for a in session.store.annotators()}
    known.setdefault(GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME)
    ids = [i for i in known if counts.get(i)] + sorted(i for i in counts if i not in known)
    names = [known.get(i, i) for i in ids]
    work: dict[str, dict[str, list[SpanTuple]]] = {}
    for annotator_id, name in zip(ids, names, strict=True):
        key = name if names.count(name) == 1 else f"{name} ({annotator_id})"
        work[key] = {
            doc: [
                (s.start, s.end, s.layer.value, s.label)
                for s in session.spans(doc, annotator_id)
                if s.layer.value in layers
            ]
            for doc in _started(session, annotator_id)
        }
    return work


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
