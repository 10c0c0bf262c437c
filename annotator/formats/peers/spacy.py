"""spaCy / Prodigy: JSON Lines with character offsets (Python code points), export only.

One object per document and annotator::

    {"text": "...", "spans": [{"start": 10, "end": 22, "label": "PERSON"}, ...],
     "ents": [{"start": 10, "end": 22, "label": "PERSON", "kb_id": "Q7747"}, ...],
     "meta": {...}}

``spans`` is Prodigy's task format (every span of every layer); ``ents`` the entity mentions
that can be ``doc.ents`` at once (no overlaps: the longest of overlapping mentions is kept
there, all stay in ``spans``), ``kb_id`` their entity's Wikidata QID when it has one. Both
take ``doc.char_span(start, end, label=...)``, which slices ``doc.text[start:end]``; a span
that does not fall on token boundaries gives ``None`` in its default strict mode. "meta":
see ``peers.common.payload`` (offsets there are code points too).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from annotator.core.model import Layer
from annotator.formats.peers.common import Units, payload, read_records, sorted_spans


def export_spacy(records: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """One JSON line (without its line end) per record."""
    for record in read_records(records):
        spans = sorted_spans(record)
        qid = {e.id: e.wikidata for e in record.entities if e.wikidata}
        ents: list[dict[str, Any]] = []
        taken = -1  # end of the last entity kept
        mentions = [s for s in spans if s.layer is Layer.ENTITY]
        for s in mentions:  # sorted by start, longest first
            if s.start >= taken:
                ent: dict[str, Any] = {"start": s.start, "end": s.end, "label": s.label}
                if s.entity_id in qid:
                    ent["kb_id"] = qid[s.entity_id]
                ents.append(ent)
                taken = s.end
        line = {
            "text": record.document.text,
            "spans": [{"start": s.start, "end": s.end, "label": s.label} for s in spans],
            "ents": ents,
            "meta": payload(record, Units(record.document.text, utf16=False)),
        }
        yield json.dumps(line, ensure_ascii=False)
