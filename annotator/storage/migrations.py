"""Numbered schema migrations of the project file, recorded by sqlite-utils' Migrations."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from annotator.storage.columns import stripped

APPLICATION_ID = 0x414E4E31  # "ANN1" in the SQLite header: marks the file as an annotator project

migrations = Migrations("annotator")


def _stamp(db: Database, version: int) -> None:
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {version}")


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    for statement in _INITIAL:
        db.execute(statement)
    _stamp(db, 1)


_INITIAL = [
    """CREATE TABLE project (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    """CREATE TABLE annotators (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE labels (
        id INTEGER PRIMARY KEY,
        position INTEGER NOT NULL,
        layer TEXT NOT NULL CHECK (layer IN ('entity', 'quote', 'claim')),
        name TEXT NOT NULL,
        color TEXT NOT NULL,
        key TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        UNIQUE (layer, name)
    )""",
    """CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        text TEXT NOT NULL,
        title TEXT NOT NULL,
        date TEXT,
        source TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE document_status (
        document_id TEXT NOT NULL REFERENCES documents(id),
        annotator_id TEXT NOT NULL REFERENCES annotators(id),
        status TEXT NOT NULL CHECK (status IN ('in_progress', 'done')),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (document_id, annotator_id)
    )""",
    """CREATE TABLE spans (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id),
        annotator_id TEXT NOT NULL REFERENCES annotators(id),
        layer TEXT NOT NULL CHECK (layer IN ('entity', 'quote', 'claim')),
        label TEXT NOT NULL,
        start INTEGER NOT NULL CHECK (start >= 0),
        "end" INTEGER NOT NULL CHECK ("end" > start),
        text TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE INDEX spans_by_document ON spans (document_id, annotator_id, start)""",
]


@migrations(name="0002_entities_quotes_claims")
def m0002_entities_quotes_claims(db: Database) -> None:
    """Entities (a registry), quotes made of segment spans, claim attributes, the guideline."""
    for statement in _LINKS:
        db.execute(statement)
    labels = {row[0] for row in db.execute("SELECT name FROM labels WHERE layer = 'quote'")}
    keys = {row[0] for row in db.execute("SELECT key FROM labels")}
    if "CUE" not in labels:
        db.execute(
            "INSERT INTO labels (position, layer, name, color, key, description) VALUES "
            "((SELECT coalesce(max(position), 0) + 1 FROM labels), 'quote', 'CUE', '#000000', "
            "?, ?)",
            ["u" if "u" not in keys else "", CUE_DESCRIPTION],
        )
    _stamp(db, 2)


CUE_DESCRIPTION = "The words that introduce a quote: “said”, “told Russian media”, “according to”."

_LINKS = [
    """CREATE TABLE entities (
        id TEXT PRIMARY KEY,
        annotator_id TEXT NOT NULL REFERENCES annotators(id),
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        aliases TEXT NOT NULL DEFAULT '[]',
        wikidata TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL DEFAULT ''
    )""",
    """ALTER TABLE spans ADD COLUMN entity_id TEXT REFERENCES entities(id)""",
    """CREATE INDEX spans_by_entity ON spans (entity_id) WHERE entity_id IS NOT NULL""",
    """CREATE TABLE quotes (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id),
        annotator_id TEXT NOT NULL REFERENCES annotators(id),
        cue_span_id TEXT REFERENCES spans(id),
        speaker_entity_id TEXT REFERENCES entities(id),
        speaker_text TEXT NOT NULL DEFAULT '',
        quote_type TEXT NOT NULL DEFAULT 'direct'
            CHECK (quote_type IN ('direct', 'indirect', 'partial', 'mixed')),
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE INDEX quotes_by_document ON quotes (document_id, annotator_id)""",
    """CREATE TABLE quote_segments (
        quote_id TEXT NOT NULL REFERENCES quotes(id),
        span_id TEXT NOT NULL UNIQUE REFERENCES spans(id),
        position INTEGER NOT NULL,
        PRIMARY KEY (quote_id, span_id)
    )""",
    """CREATE TABLE claims (
        span_id TEXT PRIMARY KEY REFERENCES spans(id),
        claimer_kind TEXT NOT NULL DEFAULT ''
            CHECK (claimer_kind IN ('', 'entity', 'author', 'quote')),
        claimer_entity_id TEXT REFERENCES entities(id),
        stance TEXT NOT NULL DEFAULT 'asserts' CHECK (stance IN ('asserts', 'denies')),
        check_worthiness TEXT NOT NULL DEFAULT 'unsure'
            CHECK (check_worthiness IN ('check_worthy', 'not_check_worthy', 'unsure')),
        verdict TEXT NOT NULL DEFAULT 'unverified'
            CHECK (verdict IN ('unverified', 'true', 'misleading', 'false')),
        evidence TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL DEFAULT ''
    )""",
    """INSERT OR IGNORE INTO project (key, value) VALUES ('guideline', '')""",
]


@migrations(name="0003_decisions")
def m0003_decisions(db: Database) -> None:
    """The gold layer's review decisions. The gold annotator's row is added with the first
    decision (``storage.decisions``), so projects without a review list no "gold" annotator."""
    db.execute(_DECISIONS)
    _stamp(db, 3)


_DECISIONS = """CREATE TABLE decisions (
    key TEXT NOT NULL,
    document_id TEXT NOT NULL REFERENCES documents(id),
    annotator_a TEXT NOT NULL,
    annotator_b TEXT NOT NULL,
    choice TEXT NOT NULL CHECK (choice IN ('a', 'b', 'both', 'reject', 'agree')),
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    gold_span_ids TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (document_id, annotator_a, annotator_b, key)
)"""


@migrations(name="0004_edits_and_proposals")
def m0004_edits_and_proposals(db: Database) -> None:
    """Review decisions may be "edit" (a side corrected, then accepted); proposals a person
    accepted or rejected are remembered per document and annotator, with their origin, so a
    rejected one does not come back and an accepted span says where it came from."""
    columns = _COLUMNS_0003
    db.execute(
        _DECISIONS.replace("decisions (", "decisions_0004 (", 1).replace(
            "'agree')", "'agree', 'edit')"
        )
    )
    db.execute(f"INSERT INTO decisions_0004 ({columns}) SELECT {columns} FROM decisions")
    db.execute("DROP TABLE decisions")
    db.execute("ALTER TABLE decisions_0004 RENAME TO decisions")
    db.execute(_PROPOSAL_OUTCOMES)
    _stamp(db, 4)


_COLUMNS_0003 = (
    "key, document_id, annotator_a, annotator_b, choice, decided_by, decided_at, comment, "
    "gold_span_ids"
)

_PROPOSAL_OUTCOMES = """CREATE TABLE proposal_outcomes (
    document_id TEXT NOT NULL REFERENCES documents(id),
    annotator_id TEXT NOT NULL REFERENCES annotators(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    label TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('occurrence', 'rule', 'registry', 'model')),
    outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
    span_id TEXT,
    decided_at TEXT NOT NULL,
    PRIMARY KEY (document_id, annotator_id, start, "end", label)
)"""


@migrations(name="0005_document_metadata")
def m0005_document_metadata(db: Database) -> None:
    """One open store of document metadata beside title, date and source: a JSON object of
    text values (author, url, publisher, any key a corpus brings), so importers of corpus
    metadata need no new migration."""
    db.execute(
        "ALTER TABLE documents ADD COLUMN meta TEXT NOT NULL DEFAULT '{}' "
        "CHECK (json_valid(meta) AND json_type(meta) = 'object')"
    )
    _stamp(db, 5)


@migrations(name="0006_search_index")
def m0006_search_index(db: Database) -> None:
    """A full-text index (SQLite FTS5) of the documents' titles and texts and of the spans'
    notes, kept current by triggers in the transaction of every change. Only the empty index
    is made here: a project that already holds documents is indexed later, a chunk at a time
    (``storage.search``), so a large project's upgrade does not wait for it; a new or empty
    project's index is complete at once."""
    for statement in SEARCH_SCHEMA:
        db.execute(statement)
    for source in ("documents", "spans"):
        empty = db.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {source})").fetchone()[0]
        db.execute(
            "INSERT INTO _search_progress (source, upto) VALUES (?, ?)",
            [source, SEARCH_COMPLETE if empty else 0],
        )
    _stamp(db, 6)


SEARCH_SINCE = 6  # the first schema with the search index (and its triggers)
SEARCH_COMPLETE = 2**63 - 1  # _search_progress.upto of a source whose every row is indexed
SEARCH_TOKENIZER = "unicode61 remove_diacritics 2"


def _upto(source: str) -> str:
    return f"(SELECT upto FROM _search_progress WHERE source = '{source}')"


# The index holds a document row (a span's note) exactly when its rowid is at most its
# source's ``upto``: the triggers index or unindex only such rows, and the chunked build
# indexes the rows above ``upto`` and raises it in the same transaction. The tables' names
# begin with "_": derived data, which the undo journal does not record (it replays the rows
# of documents and spans, and these triggers follow them). Never reword these statements:
# project files hold their text, and opening one compares it exactly (``opening``).
SEARCH_SCHEMA = [
    """CREATE TABLE _search_progress (
        source TEXT PRIMARY KEY CHECK (source IN ('documents', 'spans')),
        upto INTEGER NOT NULL
    )""",
    "CREATE VIRTUAL TABLE _search_documents USING fts5(title, text, content='documents', "
    f"content_rowid='rowid', tokenize='{SEARCH_TOKENIZER}')",
    "CREATE VIRTUAL TABLE _search_notes USING fts5(note, content='spans', "
    f"content_rowid='rowid', tokenize='{SEARCH_TOKENIZER}')",
    f"""CREATE TRIGGER _search_documents_insert AFTER INSERT ON documents
    WHEN new.rowid <= {_upto("documents")} BEGIN
        INSERT INTO _search_documents (rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END""",
    f"""CREATE TRIGGER _search_documents_delete AFTER DELETE ON documents
    WHEN old.rowid <= {_upto("documents")} BEGIN
        INSERT INTO _search_documents (_search_documents, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    END""",
    f"""CREATE TRIGGER _search_documents_update AFTER UPDATE OF title, text ON documents BEGIN
        INSERT INTO _search_documents (_search_documents, rowid, title, text)
        SELECT 'delete', old.rowid, old.title, old.text WHERE old.rowid <= {_upto("documents")};
        INSERT INTO _search_documents (rowid, title, text)
        SELECT new.rowid, new.title, new.text WHERE new.rowid <= {_upto("documents")};
    END""",
    f"""CREATE TRIGGER _search_notes_insert AFTER INSERT ON spans
    WHEN new.note != '' AND new.rowid <= {_upto("spans")} BEGIN
        INSERT INTO _search_notes (rowid, note) VALUES (new.rowid, new.note);
    END""",
    f"""CREATE TRIGGER _search_notes_delete AFTER DELETE ON spans
    WHEN old.note != '' AND old.rowid <= {_upto("spans")} BEGIN
        INSERT INTO _search_notes (_search_notes, rowid, note) VALUES ('delete', old.rowid, old.note);
    END""",  # noqa: E501 (files hold this text as it is: see above)
    f"""CREATE TRIGGER _search_notes_update AFTER UPDATE OF note ON spans BEGIN
        INSERT INTO _search_notes (_search_notes, rowid, note)
        SELECT 'delete', old.rowid, old.note WHERE old.note != '' AND old.rowid <= {_upto("spans")};
        INSERT INTO _search_notes (rowid, note)
        SELECT new.rowid, new.note WHERE new.note != '' AND new.rowid <= {_upto("spans")};
    END""",
]


@migrations(name="0007_document_list_index")
def m0007_document_list_index(db: Database) -> None:
    """An index of the document list: position, then what its filter reads (title, date,
    source) and the id. The list's order, length and filter are read from it alone, never
    from the rows that hold the texts (which on a large project means every page of the
    file); a new or empty project gets it at once, a large one builds it once here."""
    db.execute(DOCUMENT_LIST_INDEX)
    _stamp(db, 7)


DOCUMENT_LIST_INDEX = "CREATE INDEX documents_list ON documents (position, title, date, source, id)"


@migrations(name="0008_mentions_by_entity_and_document")
def m0008_mentions_by_entity_and_document(db: Database) -> None:
    """The index of mentions by entity holds their document too, so the Entities tab's counts
    (mentions and documents of every entity) read the index alone: 15.7 s -> 0.6-0.9 s on a
    project of 100,000 documents, whose upgrade builds it once (about 7 s)."""
    db.execute("DROP INDEX IF EXISTS spans_by_entity")  # (a file may lack it: made anew)
    db.execute(MENTIONS_BY_ENTITY_INDEX)
    _stamp(db, 8)


MENTIONS_BY_ENTITY_INDEX = (
    "CREATE INDEX spans_by_entity ON spans (entity_id, document_id) WHERE entity_id IS NOT NULL"
)


@migrations(name="0009_assignments")
def m0009_assignments(db: Database) -> None:
    """Who annotates which documents (issue 15): the lead assigns documents to names
    (``assignments``, one row per document and name; a document of the overlap has two or
    more), and a name is bound to an annotator id when its holder first opens their package
    (``assignees``; unbound until then). Settings of the team (whether annotators see each
    other's tracks, the assignment's seed and shares) are keys of the ``project`` table."""
    for statement in ASSIGNMENT_TABLES:
        db.execute(statement)
    _stamp(db, 9)


ASSIGNMENT_TABLES = [
    """CREATE TABLE assignments (
        document_id TEXT NOT NULL REFERENCES documents(id),
        assignee TEXT NOT NULL,
        assigned_at TEXT NOT NULL,
        PRIMARY KEY (document_id, assignee)
    )""",
    "CREATE INDEX assignments_by_assignee ON assignments (assignee, document_id)",
    """CREATE TABLE assignees (
        name TEXT PRIMARY KEY,
        annotator_id TEXT UNIQUE,
        bound_at TEXT
    )""",
]


@migrations(name="0010_search_prefixes_and_stats_index")
def m0010_search_prefixes_and_stats_index(db: Database) -> None:
    """The search index keeps the prefixes of 2, 3 and 4 characters of every word, so that a
    prefix query (``ivan*``) reads one list instead of merging those of every word it begins
    (FTS5's ``prefix`` option, which only a new table takes): its tables are made anew, empty,
    and built again a chunk at a time while the project is open (``storage.search``), as
    after 0006, so the upgrade of a large project does not wait for it (its triggers, which
    name the tables, stay as they are). And an index of the spans by annotator and day, with
    their layer, label and entity, from which the statistics are counted without reading or
    sorting the rows of the spans."""
    for table in ("_search_documents", "_search_notes"):
        db.execute(f"DROP TABLE {table}")
    for statement in SEARCH_TABLES:
        db.execute(statement)
    db.execute(  # nothing indexed yet; a source without rows is complete as it is
        "UPDATE _search_progress SET upto = CASE source "
        "WHEN 'documents' THEN iif(EXISTS (SELECT 1 FROM documents), 0, :complete) "
        "ELSE iif(EXISTS (SELECT 1 FROM spans), 0, :complete) END",
        {"complete": SEARCH_COMPLETE},
    )
    db.execute(SPANS_BY_ANNOTATOR_INDEX)
    _stamp(db, 10)


SEARCH_PREFIXES = "2 3 4"  # the prefix lengths the index keeps (FTS5's ``prefix`` option)

# The search tables from schema 10 on (0006 made them without ``prefix``); opening a file
# compares their text exactly, as it does the triggers'.
SEARCH_TABLES = [
    "CREATE VIRTUAL TABLE _search_documents USING fts5(title, text, content='documents', "
    f"content_rowid='rowid', tokenize='{SEARCH_TOKENIZER}', prefix='{SEARCH_PREFIXES}')",
    "CREATE VIRTUAL TABLE _search_notes USING fts5(note, content='spans', "
    f"content_rowid='rowid', tokenize='{SEARCH_TOKENIZER}', prefix='{SEARCH_PREFIXES}')",
]

# Each figure of the statistics reads it alone, in its order (``storage.stats``): spans by
# annotator, day, layer and label; the mentions of one annotator's entities. ``created_at``
# is there too, so that SQLite 3.40 sees the index covers ``substr(created_at, 1, 10)``.
SPANS_BY_ANNOTATOR_INDEX = (
    "CREATE INDEX spans_by_annotator ON spans "
    "(annotator_id, substr(created_at, 1, 10), layer, label, created_at, entity_id)"
)


@migrations(name="0011_entity_references")
def m0011_entity_references(db: Database) -> None:
    """Quotes by speaker and claims by claimer, so that asking what points at an entity
    (whether a mention's new entity is only its name, whether an entity may go; every label
    asks) and merging two entities read an index instead of every quote and claim: 80-170 ms
    a question on a project of 100,000 documents (seconds from a cold cache), then well
    under a millisecond."""
    for statement in ENTITY_REFERENCE_INDEXES:
        db.execute(statement)
    _stamp(db, 11)


ENTITY_REFERENCE_INDEXES = [
    "CREATE INDEX quotes_by_speaker ON quotes (speaker_entity_id) "
    "WHERE speaker_entity_id IS NOT NULL",
    "CREATE INDEX claims_by_claimer ON claims (claimer_entity_id) "
    "WHERE claimer_entity_id IS NOT NULL",
]


@migrations(name="0012_spans_by_annotator_and_document")
def m0012_spans_by_annotator_and_document(db: Database) -> None:
    """An index of the spans by annotator and document with their layer, label and extent,
    from which the team's progress (``storage.progress``: each assignee's spans on their
    documents, counted per label, and those of the overlap compared) is read without
    reading the rows of the spans (which hold their text and note). Built once, when the
    file is upgraded: 15-20 s on a project of 100,000 documents (2.78 million spans)."""
    db.execute(SPANS_BY_ANNOTATOR_AND_DOCUMENT_INDEX)
    _stamp(db, 12)


SPANS_BY_ANNOTATOR_AND_DOCUMENT_INDEX = (
    "CREATE INDEX spans_by_annotator_and_document ON spans "
    '(annotator_id, document_id, layer, label, start, "end")'
)


@migrations(name="0013_quotes_without_speaker")
def m0013_quotes_without_speaker(db: Database) -> None:
    """An index of the quotes without a speaker (no entity, no speaker text), by document and
    annotator: the search filter "has a quote without speaker" and the document list's warning
    count read it instead of every quote of each document found (121.7 ms to 21.7 ms for a word
    query with that filter on a project of 100,000 documents). It holds only those quotes, so
    it is small and built in well under a second at 100k."""
    db.execute(QUOTES_WITHOUT_SPEAKER_INDEX)
    _stamp(db, 13)


# A quote without a speaker, as SQL on the quotes' columns (an alias may be put before each
# column name: ``quote_without_speaker("q.")``). A query's condition must read the same, word for
# word, for SQLite to use the partial index below.
def quote_without_speaker(alias: str = "") -> str:
    return f"{alias}speaker_entity_id IS NULL AND {stripped(alias + 'speaker_text')} = ''"


QUOTES_WITHOUT_SPEAKER_INDEX = (
    "CREATE INDEX quotes_without_speaker ON quotes (document_id, annotator_id) "
    f"WHERE {quote_without_speaker()}"
)


@migrations(name="0014_quotes_by_cue")
def m0014_quotes_by_cue(db: Database) -> None:
    """An index of the quotes by their cue span: which quote a span belongs to (as a segment
    or as its cue; asked by every label while a span is selected, by removing a span, by
    showing a quote's speaker) read two indexes instead of every quote (4 ms a question on a
    project of 10,000 documents, 24,405 quotes; 0.02 ms with it). Built in 18 ms at 10k."""
    db.execute(QUOTES_BY_CUE_INDEX)
    _stamp(db, 14)


QUOTES_BY_CUE_INDEX = (
    "CREATE INDEX quotes_by_cue ON quotes (cue_span_id) WHERE cue_span_id IS NOT NULL"
)


SCHEMA_VERSION = 14  # the number of migrations above; tests check they agree

# The last migration that changes rows (0010 empties the search tables). Every later one only
# adds indexes: it cannot change or lose a row, and it runs in a transaction of its own, which
# an error rolls back whole. So opening a file of this schema or later upgrades it without the
# safety copy ``X.sqlite.vN.bak`` first (``store``): at 100,000 documents (3 GB) that copy
# costs 12-30 s, far more than the indexes. A new migration that changes rows moves this to
# its number (tests/storage/older_schema.py lists what each later one adds, and the tests
# check that opening leaves every row as it was).
ROWS_LAST_CHANGED = 10
