"""``annotator agreement``: how far two annotators (or every pair of them) agree, as text or
JSON (the figures and the text are ``app.agreement``'s)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from annotator.app.agreement import (
    annotator_named,
    compare_pair,
    every_pair,
    everyone_at_once,
    matrix_text,
    named,
    report_text,
    together_text,
    who,
)
from annotator.cli.common import open_project
from annotator.core.agreement.records import LAYERS, to_json
from annotator.core.errors import AnnotatorError


@click.command("agreement")
@click.argument("project", type=click.Path(exists=True, path_type=Path))
@click.argument("annotators", nargs=-1, metavar="[A B]")
@click.option("--all", "everyone", is_flag=True, help="Overlap F1 of every pair of annotators.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@click.option("--layer", type=click.Choice(LAYERS), help="Only this layer.")
@click.option(
    "--together",
    is_flag=True,
    help="Krippendorff's alpha over every annotator of each document at once, token-wise.",
)
@click.option(
    "--labels",
    metavar="L1,L2,...",
    help="With --together: one alpha over these labels, across layers (e.g. SOURCE,CUE,QUOTE).",
)
def agreement(  # noqa: PLR0913 (one option per way of comparing)
    project: Path,
    annotators: tuple[str, ...],
    everyone: bool,
    as_json: bool,
    layer: str | None,
    together: bool,
    labels: str | None,
) -> None:
    """How far annotators A and B agree on PROJECT (A is the reference).

    A and B are annotator names, ids (or their first 4+ characters), "name [3f2a]" for one
    of two people of the same name, or "gold" for the reviewed layer. Per layer and label:
    exact-match and overlap F1, Cohen's kappa and Krippendorff's alpha over tokens; speaker
    agreement on matched quotes; check-worthiness and verdict agreement on matched claims; a
    confusion matrix of labels; overlap F1 per document. Only documents both have started
    are compared. With --all instead of A B: the overlap F1 of every pair of annotators.
    With --together: Krippendorff's alpha over every annotator of each document at once
    (documents two or more worked on; each token coded by each of them), per layer, or over
    --labels across layers.
    """
    if sum((everyone, together, bool(annotators))) > 1:
        raise click.UsageError("give two annotators A B, or --all, or --together")
    if not (everyone or together) and len(annotators) != 2:
        raise click.UsageError("give two annotators A B (names or ids), or --all, or --together")
    if labels and not together:
        raise click.UsageError("--labels goes with --together")
    layers = (layer,) if layer else LAYERS
    session = open_project(project, read_only=True)
    try:
        if together:
            chosen = [n.strip() for n in labels.split(",") if n.strip()] if labels else None
            results = everyone_at_once(session, layers, chosen)
            if as_json:
                click.echo(json.dumps(to_json(results), indent=2, ensure_ascii=False))
            else:
                click.echo(together_text(results))
            return
        if everyone:
            matrix = every_pair(session, layers)
            click.echo(json.dumps(to_json(matrix), indent=2) if as_json else matrix_text(matrix))
            return
        a, b = (annotator_named(session, name) for name in annotators)
        shown_a, shown_b = named(session, a), named(session, b)
        if a.id == b.id:
            raise click.UsageError(f"A and B are the same annotator ({shown_a.name!r}, {a.id})")
        result, skipped = compare_pair(session, a, b, layers)
    except AnnotatorError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        session.close()
    if as_json:
        head = {"a": who(a), "b": who(b), "layers": list(layers), "not_compared": skipped}
        click.echo(json.dumps({**head, **to_json(result)}, indent=2, ensure_ascii=False))
    else:
        click.echo(report_text(shown_a, shown_b, result, skipped))
