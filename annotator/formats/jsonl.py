"""The native JSONL format: one line per (document, annotator); read, written and loaded.

One JSON object per line, UTF-8, ``\\n`` line ends (blank lines and ``\\r\\n`` are tolerated
on reading); ``resources/annotation.schema.json`` is the JSON Schema of one line. Every field
below is always written, and a line holding all of them is read strictly; an unknown field is
refused, not dropped. A line that leaves fields out is a *minimal* line (pre-annotations from
a script: ``text`` and ``spans`` of ``start``, ``end``, ``label``), completed on import from the
project (``native_minimal``; ``$defs/minimal`` in the schema).

- ``id``: the document's id in the project it came from (local to a project: loading matches
  documents by the hash of their text). ``text``: the whole document text. ``meta``:
  ``{"title", "date" (YYYY-MM-DD or null), "source", "sha256"}``; ``sha256`` is the hex
  SHA-256 of ``text`` as UTF-8 and must match it. Any other key of ``meta`` is the document's
  open metadata (``author``, ``url``, ``publisher``...: text values, at most 100 keys),
  kept in the project and written back as it came.
- ``annotator``: the annotator's display name; ``annotator_id``: their stable id (spans belong
  to the id; the name is for people). ``status``: ``not_started``, ``in_progress`` or ``done``.
- ``spans``: ``{"id", "start", "end", "text", "layer", "label", "entity", "attrs", "note"}``.
  ``start``/``end`` are Python ``str`` indices (Unicode code points, not UTF-16 units nor
  bytes), half-open, with ``text == line["text"][start:end]`` for every span (checked by the
  writer and the reader). ``layer`` is ``entity``, ``quote`` or ``claim``; ``label`` a label
  of that layer (the quote label ``CUE`` marks cue spans). ``entity``: the id of the entity an
  entity mention refers to, or null. ``attrs``: reserved, always ``{}`` (a non-empty one is
  refused rather than lost). ``note``: free text, ``""`` if none.
- ``quotes``: ``{"id", "segments", "cue", "speaker", "speaker_text", "type", "note"}``.
  ``segments``: the ids of the quote's content spans (quote layer, not CUE) in reading order,
  at least one, each in one quote only; ``cue``: a CUE span id or null; ``speaker``: an entity
  id or null; ``speaker_text``: free-text speaker ("a senior official"), ``""`` if none;
  ``type``: ``direct``, ``indirect``, ``partial`` or ``mixed``.
- ``claims``: the attributes of claim spans, ``{"span", "claimer", "stance",
  "check_worthiness", "verdict", "evidence"}``. ``span``: a claim-layer span id (one entry at
  most per span; a claim span without an entry has the defaults). ``claimer``: ``{"kind",
  "entity"}`` with kind ``entity`` (``entity`` names it), ``author`` (the article's author),
  ``quote`` (the speaker of the quote the claim lies in) or ``""`` (not chosen yet).
  ``stance``: ``asserts``/``denies``; ``check_worthiness``: ``check_worthy``,
  ``not_check_worthy`` or ``unsure``; ``verdict``: ``unverified``, ``true``, ``misleading``
  or ``false``; ``evidence``: free text.
- ``entities``: ``{"id", "name", "type", "aliases", "wikidata"}`` for every entity the line's
  spans, speakers and claimers refer to (the registry is project-wide, so an entity may appear
  on many lines); ``wikidata`` is a QID such as ``"Q7747"`` or null.

Reading (``read_lines``, ``read_checked``, ``validate_file``): line by line, so a file of any
size is streamed; the first problem names the file and the line. Ids are checked across lines
too: a span or quote id, or one document for one annotator, may appear on one line only.

Writing (``export_jsonl``, ``document_lines``, ``write_document_line``): every line is checked
with the reader's rules before it is written, so a database row whose text does not match its
offsets stops the export instead of reaching the file; ``export_jsonl`` writes a temporary file
and renames it over the target, so a failed export leaves the old file (or none).

Loading (``load_file``, ``load_into``): one transaction per file, so a file is loaded whole or
not at all. A line's document is the project's document with the same text hash, else it is
added (with a new id: document ids are local to a project). Its annotator is added if the
project does not know the id (a known annotator keeps their name). Spans, quotes and entities
keep their ids; an entity already in the project (same id) is used as it is there. If the
project already holds work of the line's annotator on that document, the line is skipped when
that work is identical (spans, quotes, claims and status: loading the same file again), and the
file is refused otherwise, naming the document and annotator: two versions of one annotator's
work are never merged, and an edit is never dropped silently. Labels the project lacks refuse
the file with the list of them, unless mapped onto existing labels or added to the scheme.

The code: ``native_spec`` (the reference checks, with messages), ``native_read`` (fast checks,
files), ``native_write`` and ``native_load``; this module gathers what callers use.
"""

from __future__ import annotations

from annotator.formats.native_load import (
    LoadReport,
    MissingLabels,
    load_file,
    load_into,
    load_lines,
    parse_label_map,
)
from annotator.formats.native_read import (
    Line,
    Progress,
    Validation,
    check_object,
    explain,
    line_of,
    read_checked,
    read_lines,
    record_of,
    scan,
    validate_file,
)
from annotator.formats.native_spec import (
    CLAIM_FIELDS,
    CLAIMER_FIELDS,
    ENTITY_FIELDS,
    FIELDS,
    LISTS,
    META_FIELDS,
    QUOTE_FIELDS,
    SPAN_FIELDS,
    BadLine,
    JsonlError,
    Record,
    decode_line,
    parse_record,
)
from annotator.formats.native_write import (
    ExportReport,
    document_lines,
    encodable,
    export_jsonl,
    export_objects,
    line_object,
    write_atomically,
    write_document_line,
)

_Bad = BadLine  # the name it had before the module was split

__all__ = [
    "CLAIMER_FIELDS",
    "CLAIM_FIELDS",
    "ENTITY_FIELDS",
    "FIELDS",
    "LISTS",
    "META_FIELDS",
    "QUOTE_FIELDS",
    "SPAN_FIELDS",
    "BadLine",
    "ExportReport",
    "JsonlError",
    "Line",
    "LoadReport",
    "MissingLabels",
    "Progress",
    "Record",
    "Validation",
    "check_object",
    "decode_line",
    "document_lines",
    "encodable",
    "explain",
    "export_jsonl",
    "export_objects",
    "line_object",
    "line_of",
    "load_file",
    "load_into",
    "load_lines",
    "parse_label_map",
    "parse_record",
    "read_checked",
    "read_lines",
    "record_of",
    "scan",
    "validate_file",
    "write_atomically",
    "write_document_line",
]
