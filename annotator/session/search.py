"""Searching the corpus as the session sees it: the user's words read as FTS5 (or as plain
words when they are not a query FTS5 reads), names of labels, entities and annotators made
filters, and the index built further a short transaction at a time."""

from __future__ import annotations

import re
from dataclasses import replace

from annotator.core.annotators import resolve
from annotator.core.errors import AnnotatorError
from annotator.core.model import Status
from annotator.core.search import (
    COUNTED,
    Found,
    SearchFilters,
    SearchHit,
    SearchResults,
    Snippet,
    clean_query,
    first_hit,
    plain_words,
    split_marked,
)
from annotator.session.base import SessionCore
from annotator.storage.search import parses
from annotator.storage.store import ProjectStore

RANKED = 2_000  # documents found before the filters, at most, for the best to come first

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_STATUSES = {s.value: s for s in Status} | {s.display: s for s in Status}


class Search:
    """The project's full-text search (``storage.search``) for one annotator."""

    def __init__(self, session: SessionCore, store: ProjectStore) -> None:
        self._session = session
        self._store = store

    # -- the index -----------------------------------------------------------------------------

    def built(self) -> float:
        """How much of the project the index covers (1.0: all of it)."""
        index = self._store.search
        return 1.0 if index.complete() else index.built()

    def can_build(self) -> bool:
        return self._store.search.can_build()

    def build_step(self, budget: float = 0.015) -> bool:
        """Index more of the project for about ``budget`` seconds (one transaction); True
        when the index is complete."""
        return self._store.search.build_step(budget)

    # -- filters -------------------------------------------------------------------------------

    def filters(
        self,
        *,
        label: str | None = None,
        entity: str | None = None,
        annotator: str | None = None,
        status: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        quote_without_speaker: bool = False,
    ) -> SearchFilters:
        """Filters from the names a user gives; AnnotatorError saying which name is unknown.
        The status is the named annotator's, else the current one's."""
        who = resolve(self._session.annotators(), annotator).id if annotator else None
        return SearchFilters(
            label=self._label(label) if label else None,
            entity_ids=self._entities(entity) if entity else None,
            annotator_id=who,
            status=_status(status) if status else None,
            status_of=who or self._session.annotator.id,
            date_from=_date(date_from, "from") if date_from else None,
            date_to=_date(date_to, "to") if date_to else None,
            quote_without_speaker=quote_without_speaker,
        )

    def _label(self, name: str) -> str:
        names = {label.name for label in self._session.scheme}
        if name in names:
            return name
        folded = [n for n in names if n.casefold() == name.casefold()]
        if len(folded) == 1:
            return folded[0]
        raise AnnotatorError(
            f"no label {name!r} in this project (its labels: {', '.join(sorted(names))})"
        )

    def _entities(self, name: str) -> tuple[str, ...]:
        """The entities ``name`` means: an id, or a name or alias (case aside)."""
        found = tuple(self._store.entities.named(name))
        if not found:
            raise AnnotatorError(f"no entity named {name!r} in the registry")
        return found

    # -- searching -----------------------------------------------------------------------------

    def find(
        self,
        query: str,
        filters: SearchFilters | None = None,
        limit: int = 50,
        *,
        locate: bool = True,
    ) -> SearchResults:
        """Documents matching ``query`` (FTS5: words, "a phrase", prefix*, NEAR(a b, 5),
        AND/OR/NOT; accents ignored) in their title, text or a span's note, and ``filters``;
        best first (in list order when COUNTED or more are found). Words FTS5 cannot read as
        a query are searched as plain words, and ``note`` says so. An empty query lists the
        documents that pass the filters. Each hit in a text has its offsets if ``locate``
        (else ``locate()`` finds them for the one hit opened)."""
        filters = filters or SearchFilters()
        index = self._store.search
        built = 1.0 if index.complete() else index.built()
        words = clean_query(query)
        if not words:
            rows = index.filtered(filters, limit + 1)
            kept = [
                SearchHit(r.document_id, r.title, r.date, Snippet(), Found.FILTER) for r in rows
            ]
            return SearchResults(kept[:limit], len(kept), len(kept) > limit, built)
        note = ""
        in_texts = not parses(words, ("title", "text"))
        in_notes = not parses(words, ("note",))
        match = words
        if not in_texts and not in_notes:
            note = f"read as plain words ({parses(words, ('title', 'text'))})"
            match = plain_words(words)
            in_texts = in_notes = not parses(match, ("title", "text"))
        hits: dict[str, SearchHit] = {}
        total = 0
        found: list[int] = []
        if in_texts:
            found = index.matching(match, filters, COUNTED, ranked=False)
            total = len(found)
            if total < COUNTED and self._few(match, filters):  # the best of them first
                found = index.matching(match, filters, COUNTED, ranked=True)
            for row in index.texts(match, found[: limit + 1]):
                hit = SearchHit(
                    row.document_id, row.title, row.date, split_marked(row.snippet), Found.TEXT
                )
                hits[row.document_id] = self.locate(match, hit) if locate else hit
        if in_notes:
            # Documents found in their text or in a note, each once (at most COUNTED).
            both = set(found) | set(index.note_documents(match, filters, COUNTED))
            total = min(len(both), COUNTED)
            for note_row in index.notes(match, filters, limit + 1):
                if note_row.document_id in hits:
                    continue
                hits[note_row.document_id] = SearchHit(
                    note_row.document_id,
                    note_row.title,
                    note_row.date,
                    split_marked(note_row.snippet),
                    Found.NOTE,
                    note_row.start,
                    note_row.end,
                )
        listed = list(hits.values())
        return SearchResults(listed[:limit], total, total > limit, built, note, match)

    def _few(self, match: str, filters: SearchFilters) -> bool:
        """Whether ranking what ``match`` finds is cheap: a score for each document it finds
        before the filters (known without filters: fewer than COUNTED were found)."""
        if not filters.any:
            return True
        return self._store.search.count_texts(match, SearchFilters(), RANKED + 1) <= RANKED

    def locate(self, match: str, hit: SearchHit) -> SearchHit:
        """``hit`` with the offsets of its first hit in the document's text (``match``: the
        query as the results were found by, ``SearchResults.match``); a hit in the title only
        is said to be there."""
        if hit.found is not Found.TEXT or hit.start is not None:
            return hit
        marked = self._store.search.highlighted(match, hit.document_id)
        where = first_hit(marked) if marked is not None else None
        if where is None:
            return replace(hit, found=Found.TITLE)
        return replace(hit, start=where[0], end=where[1])


def _status(word: str) -> Status:
    status = _STATUSES.get(word.strip().lower().replace("-", " "))
    status = status or _STATUSES.get(word.strip().lower())
    if status is None:
        raise AnnotatorError(f"no status {word!r} (one of: {', '.join(s.value for s in Status)})")
    return status


def _date(word: str, which: str) -> str:
    if not _DATE.fullmatch(word.strip()):
        raise AnnotatorError(f"--{which} {word!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    return word.strip()
