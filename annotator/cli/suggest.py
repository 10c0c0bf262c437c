"""``annotator suggest``: print the proposals the window would show, for scripting."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from annotator.app.suggest import NoSuchDocument, proposal_row, suggest_each
from annotator.cli.common import open_project
from annotator.core.errors import AnnotatorError
from annotator.core.proposals import Proposal

_ENCODER = json.JSONEncoder(indent=2, ensure_ascii=False)  # what json.dumps(..., indent=2) uses


@click.command("suggest")
@click.argument("project", type=click.Path(exists=True, path_type=Path))
@click.option("--doc", "document", metavar="ID", help="Only this document (its id or title).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of lines.")
@click.option(
    "--no-model", is_flag=True, help="Leave spaCy out even if it and a pipeline are installed."
)
def suggest_command(project: Path, document: str | None, as_json: bool, no_model: bool) -> None:
    """Propose quotes (with cue and speaker) and known entities in PROJECT.

    Direct quotes come from quotation marks and speech verbs ("rule"); every name, alias or
    linked mention of a registry entity where it stands unlabelled ("registry"); with spaCy
    and an English pipeline installed, its PERSON/ORG/GPE/LOC entities ("model"). Proposals you
    rejected in the window are left out, and so are spans you already made. Offsets are code
    points. No annotation is written (a project folder without its project.sqlite is built from
    its sources first, as every command does). The proposals are printed document by document
    as they are found, so a corpus of any size goes through in little memory.
    """
    session = open_project(project, read_only=True)
    try:
        found, entities = suggest_each(session, document, use_model=not no_model)
        n = searched = 0
        for step in found:  # one write per document
            searched += 1
            out = []
            for p in step.proposals:
                if as_json:
                    row = proposal_row(p, step.title, step.text, entities)
                    out.append(_json_item(row, first=n == 0))
                else:
                    out.append(_line(p, step.title, step.text, entities) + "\n")
                n += 1
            if out:
                click.echo("".join(out), nl=False)
    except NoSuchDocument as exc:
        raise click.UsageError(str(exc)) from None
    except AnnotatorError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        session.close()
    if as_json:  # as json.dumps(rows, indent=2) writes the whole array
        click.echo("[]" if not n else "\n]")
        return
    count = f"{n} proposal{'s' if n != 1 else ''}"
    click.echo(f"{count} in {searched} document{'s' if searched != 1 else ''}", err=True)


def _json_item(row: dict[str, Any], *, first: bool) -> str:
    """One element of the JSON array, written as ``json.dumps`` of the whole array with
    ``indent=2`` writes it (a JSON text has no raw newline inside a string: each line of
    the element is indented two more)."""
    item = _ENCODER.encode(row).replace("\n", "\n  ")
    return ("[\n  " if first else ",\n  ") + item


def _line(p: Proposal, title: str, text: str, entities: dict[str, str]) -> str:
    where = f"{title[:30]}\t{p.start}-{p.end}\t{p.origin}\t{p.label}"
    quoted = p.text if len(p.text) <= 80 else p.text[:77] + "..."
    line = f"{where}\t{quoted!r}"
    if p.entity_id:
        line += f"\tentity={entities.get(p.entity_id, p.entity_id)}"
    if p.segments:
        speaker = entities.get(p.speaker_entity_id or "") or p.speaker_text or "?"
        line += f"\tspeaker={speaker}"
        if p.cue:
            line += f"\tcue={text[p.cue[0] : p.cue[1]]!r}"
    return line
