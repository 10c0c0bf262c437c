"""spaCy's binary training format: a ``.spacy`` file (``DocBin``) that ``spacy train`` reads as
it is (``--paths.train FILE.spacy``). Export only; needs spaCy (the ``model`` extra).

One ``Doc`` per document and annotator, its text exactly the document's (``doc.text``):

- tokens are ``core.tokens``' (cut at every span boundary of the document), with the white
  space between them as spaCy keeps it (one space as the token's trailing space, anything
  else as a white-space token), so every span that is a whole number of tokens is
  ``doc.char_span(start, end)`` in strict mode, never None;
- ``doc.ents``: the entity layer's mentions that can be entities together (of overlapping
  ones the earlier, then the longer), ``kb_id_`` their entity's Wikidata id when it has one;
- ``doc.spans["entity"]``, ``doc.spans["quote"]``, ``doc.spans["claim"]``: every span of each
  layer, overlapping or not (a span categorizer's ``spans_key``);
- ``doc.user_data``: ``title``, ``annotator``, ``annotator_id``, ``sha256`` of the text.

Spans left out (overlapping entities in ``doc.ents``, spans that start or end with white
space anywhere) are counted in ``Omissions`` for the caller to report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.model import Layer
from annotator.core.tokens import Token
from annotator.formats.peers.common import read_records, write_bytes
from annotator.formats.peers.tokenized import NOT_WHOLE, Omissions, one_per_token, record_tokens

NOT_INSTALLED = (
    "--format spacy-docbin needs spaCy, which is not installed here: install it with "
    "pip install 'annotator[model]' (or pip install spacy)"
)


def words_and_spaces(text: str, tokens: list[Token]) -> tuple[list[str], list[bool]]:
    """spaCy's ``words`` and ``spaces`` for ``tokens``: ``"".join`` of each word and a space
    where ``spaces`` says so is ``text`` exactly. White space between tokens other than one
    space (line breaks, tabs, two spaces, an invisible mark) becomes a token of its own, as
    spaCy's tokenizer makes it."""
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for start, end in [*tokens, (len(text), len(text))]:
        gap = text[pos:start]
        if gap and words and gap[0] == " ":
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)
        if start < end:
            words.append(text[start:end])
            spaces.append(False)
        pos = end
    return words, spaces


def write_docbin(records: Iterable[Mapping[str, Any]], target: Path) -> Omissions:
    """Write the records' Docs to ``target`` (a ``.spacy`` file), atomically; returns what
    could not be written. AnnotatorError if spaCy is not installed."""
    try:
        from spacy.tokens import Doc, DocBin
        from spacy.vocab import Vocab
    except ImportError:
        raise AnnotatorError(NOT_INSTALLED) from None
    omissions = Omissions()
    vocab = Vocab()
    docs = DocBin(store_user_data=True)
    for record in read_records(records):
        text = record.document.text
        tokens = record_tokens(record)
        words, spaces = words_and_spaces(text, tokens)
        doc = Doc(vocab, words=words, spaces=spaces)
        qid = {e.id: e.wikidata for e in record.entities if e.wikidata}
        mentions = [s for s in record.spans if s.layer is Layer.ENTITY]
        ents = []
        for span, _, _ in one_per_token(mentions, tokens, record, omissions, "doc.ents"):
            kb = qid.get(span.entity_id or "", "")
            ent = doc.char_span(span.start, span.end, label=span.label, kb_id=kb)
            if ent is not None:  # whole tokens (one_per_token checked it)
                ents.append(ent)
        doc.ents = ents
        for layer in Layer:
            group = []
            for span in sorted(record.spans, key=lambda s: (s.start, -s.end, s.label, s.id)):
                if span.layer is not layer:
                    continue
                piece = doc.char_span(span.start, span.end, label=span.label)
                if piece is None:
                    omissions.add(f'doc.spans["{layer.value}"]', NOT_WHOLE, span, record)
                else:
                    group.append(piece)
            doc.spans[layer.value] = group
        doc.user_data.update(
            {
                "title": record.document.title,
                "annotator": record.annotator.name,
                "annotator_id": record.annotator.id,
                "sha256": record.document.sha256,
            }
        )
        docs.add(doc)
    write_bytes(Path(target), docs.to_bytes())
    return omissions
