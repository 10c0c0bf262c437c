"""``annotator assign`` and ``reassign``: who annotates which documents of a project (the
decisions are ``app.assign``'s, the same the window's Project > Assign... makes)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from annotator.app.assign import (
    prepare_assignment,
    prepare_reassignment,
    shortfall,
    summary_json,
    summary_lines,
)
from annotator.cli.common import open_project, writable
from annotator.core.assignment import split_names
from annotator.core.wording import counted


@click.command("assign")
@click.argument("project", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--to",
    "names",
    required=True,
    multiple=True,
    metavar="NAMES",
    help="The annotators' names, separated by commas (alice,bob,carol).",
)
@click.option(
    "--overlap",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="The share of documents given to several annotators (to measure agreement).",
)
@click.option(
    "--per-doc",
    type=click.IntRange(min=2),
    default=2,
    show_default=True,
    help="How many annotators each overlap document goes to.",
)
@click.option("--seed", type=int, help="Make the same assignment again (default: a new seed).")
@click.option(
    "--replace",
    is_flag=True,
    help="Assign every document anew (default: only those nobody has yet).",
)
@click.option("--dry-run", is_flag=True, help="Say what would be assigned; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def assign_command(
    project: Path,
    names: tuple[str, ...],
    overlap: float,
    per_doc: int,
    seed: int | None,
    replace: bool,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Decide who annotates which documents of PROJECT.

    Documents nobody has yet (all of them the first time, the new ones after an import) are
    shared out among the names given, so that everyone ends within one document of the
    others, counting the documents they had. An --overlap share of them goes to --per-doc
    annotators each, spread so that every pair of annotators shares documents. The same
    --seed with the same documents and names gives the same assignment; the seed used is
    printed and kept in the project. A name is bound to its holder's identity when they
    first open their package, and shown so.
    """
    session = open_project(project, read_only=dry_run)
    try:
        if not dry_run:
            writable(session, "nothing was assigned")
        typed = [name for text in names for name in split_names(text)]
        made = prepare_assignment(
            session, typed, overlap=overlap, per_doc=per_doc, seed=seed, replace=replace
        )
        if not made.empty and not dry_run:
            made.operation.apply()
        verb = "would assign" if dry_run else "assigned"
        if made.empty:
            headline = "every document is assigned already (--replace assigns them all anew)"
        else:
            count = counted(len(made.plan.assignments), "document")
            shared = len(made.plan.overlap_documents)
            headline = (
                f"{verb} {count} to {counted(len(made.names), 'annotator')}"
                f" ({shared} of them to {per_doc} annotators each); seed {made.seed}"
            )
            if made.replaced:
                headline += f", replacing {counted(made.replaced, 'earlier assignment')}"
        note = shortfall(made)
        if as_json:
            out = summary_json(session, made.after)
            out |= {
                "written": not (dry_run or made.empty),
                "seed": made.seed,
                "new": len(made.plan.assignments),
                "overlap_new": len(made.plan.overlap_documents),
                "replaced": made.replaced,
                "note": note,
            }
            click.echo(json.dumps(out, ensure_ascii=False, indent=2))
            return
        click.echo(headline)
        for line in summary_lines(session, made.after):
            click.echo(line)
        if note:
            click.echo(f"note: {note}", err=True)
    finally:
        session.close()


@click.command("reassign")
@click.argument("project", type=click.Path(exists=True, path_type=Path))
@click.option("--from", "source", required=True, metavar="NAME", help="Whose documents move.")
@click.option("--to", "target", required=True, metavar="NAME", help="Who takes them.")
@click.option(
    "--document",
    "documents",
    multiple=True,
    metavar="ID",
    help="Move this document only (repeatable; default: every document of --from).",
)
@click.option(
    "--include-done",
    is_flag=True,
    help="Move documents --from marked done too (default: they stay theirs).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def reassign_command(
    project: Path,
    source: str,
    target: str,
    documents: tuple[str, ...],
    include_done: bool,
    as_json: bool,
) -> None:
    """Give documents of one annotator of PROJECT to another: one document (--document), or
    everything of an annotator who left.

    A document --from has marked done in this project stays theirs (their finished work
    counts for agreement and review) unless --include-done. A document --to has already
    just loses --from.
    """
    session = open_project(project)
    try:
        writable(session, "nothing was reassigned")
        move = prepare_reassignment(
            session,
            source,
            target,
            documents=list(documents) or None,
            include_done=include_done,
        )
        if move.decided.remove:
            move.operation.apply()
        moved = len(move.decided.remove)
        kept = [
            f"kept with {move.source}: {d} ({why}; --include-done moves it)"
            for d, why in move.decided.kept
        ]
        merged = [
            f"{move.target} had {d} already: {move.source} left it" for d in move.decided.merged
        ]
        if as_json:
            out = summary_json(session, move.after)
            out |= {
                "moved": moved,
                "from": move.source,
                "to": move.target,
                "kept": [{"document": d, "why": why} for d, why in move.decided.kept],
                "had_already": move.decided.merged,
            }
            click.echo(json.dumps(out, ensure_ascii=False, indent=2))
            return
        click.echo(f"reassigned {counted(moved, 'document')} from {move.source} to {move.target}")
        for line in [*kept, *merged, *summary_lines(session, move.after)]:
            click.echo(line)
    finally:
        session.close()
