"""The column lists of the tables that several storage modules read and write, in one place
(their order is the order of the row tuples everywhere)."""

from __future__ import annotations

SPAN_COLUMNS = (
    'id, document_id, annotator_id, layer, label, start, "end", text, note, created_at, '
    "updated_at, entity_id"
)
ENTITY_COLUMNS = "id, annotator_id, name, type, aliases, wikidata, created_at, updated_at"
QUOTE_COLUMNS = (
    "id, document_id, annotator_id, cue_span_id, speaker_entity_id, speaker_text, quote_type, "
    "note, created_at, updated_at"
)
CLAIM_COLUMNS = (
    "span_id, claimer_kind, claimer_entity_id, stance, check_worthiness, verdict, evidence, "
    "updated_at"
)
