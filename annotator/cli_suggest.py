"""``annotator suggest``: print the proposals the window would show, for scripting."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from annotator.core.errors import AnnotatorError
from annotator.core.model import DocumentMeta
from annotator.core.proposals import Proposal
from annotator.workspace import open_session


@click.command("suggest")
@click.argument("project", type=click.Path(exists=True, path_type=Path))
@click.option("--doc", "document", metavar="ID", help="Only this document (its id or title).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of lines.")
@click.option(
    "--no-model", is_flag=True, help="Leave spaCy out even if it and a pipeline are installed."
)
def suggest(project: Path, document: str | None, as_json: bool, no_model: bool) -> None:
    """Propose quotes (with cue and speaker) and known entities in PROJECT.

    Direct quotes come from quotation marks and speech verbs ("rule"); every name, alias or
    linked mention of a registry entity where it stands unlabelled ("registry"); with spaCy
    and an English pipeline installed, its PERSON/ORG/GPE/LOC entities ("model"). Proposals you
    rejected in the window are left out, and so are spans you already made. Offsets are code
    points. No annotation is written (a project folder without its project.sqlite is built from
    its sources first, as every command does).
    """
    try:
        session = open_session(project, read_only=True)
    except AnnotatorError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        metas = {m.id: m for m in session.documents()}
        ids = [_document(metas, document)] if document else list(metas)
        proposals = session.suggestions(ids, use_model=not no_model)
        entities = {e.id: e.name for e in session.entities()}
        texts = {d: session.document(d).text for d in {p.document_id for p in proposals}}
    except AnnotatorError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        session.close()
    if as_json:
        rows = [_json(p, metas[p.document_id], texts[p.document_id], entities) for p in proposals]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for p in proposals:
        click.echo(_line(p, metas[p.document_id], texts[p.document_id], entities))
    count = f"{len(proposals)} proposal{'s' if len(proposals) != 1 else ''}"
    click.echo(f"{count} in {len(ids)} document{'s' if len(ids) != 1 else ''}", err=True)


def _document(metas: dict[str, DocumentMeta], wanted: str) -> str:
    if wanted in metas:
        return wanted
    titled = [m.id for m in metas.values() if m.title == wanted]
    if len(titled) == 1:
        return titled[0]
    if titled:
        raise click.UsageError(f"{len(titled)} documents are titled {wanted!r}: give the id")
    raise click.UsageError(f"no document has the id or title {wanted!r} (see `annotator list`)")


def _json(p: Proposal, meta: DocumentMeta, text: str, entities: dict[str, str]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "document": p.document_id,
        "title": meta.title,
        "origin": p.origin,
        "layer": p.layer.value,
        "label": p.label,
        "start": p.start,
        "end": p.end,
        "text": p.text,
        "entity": p.entity_id,
        "entity_name": entities.get(p.entity_id or ""),
    }
    if p.segments:
        row["segments"] = [[s, e] for s, e in p.segments]
        row["cue"] = [*p.cue, text[p.cue[0] : p.cue[1]]] if p.cue else None
        row["speaker"] = p.speaker_entity_id
        row["speaker_name"] = entities.get(p.speaker_entity_id or "") or p.speaker_text or None
    return row


def _line(p: Proposal, meta: DocumentMeta, text: str, entities: dict[str, str]) -> str:
    where = f"{meta.title[:30]}\t{p.start}-{p.end}\t{p.origin}\t{p.label}"
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
