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

# What Python's str.strip() takes away (every character str.isspace() holds), for SQL's trim():
# a quote's speaker text of only such characters is no speaker (core.links.Quote.has_speaker),
# and SQL's trim() alone strips spaces only.
_SPACES = (9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 133, 160, 5760, *range(8192, 8203))
BLANK = f"char({', '.join(str(c) for c in (*_SPACES, 8232, 8233, 8239, 8287, 12288))})"


def stripped(column: str) -> str:
    """SQL for ``column`` stripped as Python's ``str.strip()`` strips it."""
    return f"trim({column}, {BLANK})"
