"""The document list as one annotator stands on it, read a page at a time: its length and order
come from one index-only query, each row's figures (status, spans, warnings) only when asked."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from annotator.core.model import DocumentMeta
from annotator.storage.documents import Documents

PAGE = 50  # rows read together (about two screens: each row's figures cost a pass over its spans)
PAGES_KEPT = 64  # rows of about this many pages are kept (the least recently shown go first)


@dataclass(frozen=True)
class Splice:
    """How a list became another: from ``start``, ``removed`` rows gave way to ``inserted``."""

    start: int
    removed: int
    inserted: int


@dataclass(frozen=True)
class Order:
    """The order of a document list (which documents, in which rows) read on one connection,
    for a list on another (``DocumentList.adopt``): the filter's query runs on a reader's
    thread, and the window only takes its result."""

    annotator_id: str
    words: tuple[str, ...]
    only: tuple[str, ...] | None
    assignees: tuple[str, ...] | None
    positions: array[int]
    keys: array[int]
    rows: dict[int, DocumentMeta] = field(default_factory=dict)  # its first rows, read too


def read_order(
    documents: Documents,
    annotator_id: str,
    words: Sequence[str] = (),
    only: Sequence[str] | None = None,
    assignees: Sequence[str] | None = None,
    first: int = 0,
) -> Order:
    """The order of the list of ``annotator_id`` for ``words`` (and ``only``, ``assignees``):
    one query; and the figures of its ``first`` rows (those a list shows first), one more."""
    listed = None if only is None else tuple(only)
    names = None if assignees is None else tuple(assignees)
    positions, keys = documents.order(annotator_id, tuple(words), listed, names)
    rows = documents.list_rows(annotator_id, keys[:first]) if first else {}
    return Order(annotator_id, tuple(words), listed, names, positions, keys, rows)


class DocumentList:
    """The documents matching ``words`` (all of them, casefolded, in the title, date, source or
    status), of ``only`` if given (a search's results), assigned to one of ``assignees`` if
    given, in project order, with
    ``annotator_id``'s figures. Rows are read a page at a time and kept in a bounded cache;
    nothing here holds every document's metadata."""

    def __init__(
        self,
        documents: Documents,
        annotator_id: str,
        words: Sequence[str] = (),
        only: Sequence[str] | None = None,
        assignees: Sequence[str] | None = None,
        order: Order | None = None,
    ) -> None:
        order = order or read_order(documents, annotator_id, words, only, assignees)
        self._documents = documents
        self.annotator_id = order.annotator_id
        self.words = order.words
        self.only = order.only  # these documents alone (ids)
        self.assignees = order.assignees  # the documents assigned to these names alone
        self._positions, self._keys = order.positions, order.keys
        self._rows: OrderedDict[int, DocumentMeta] = OrderedDict()  # row key -> row, LRU

    def __len__(self) -> int:
        return len(self._keys)

    def again(self, words: Sequence[str] | None = None) -> DocumentList:
        """The list read again (with other ``words`` if given), keeping the rows read so far
        (they stay right: ``forget`` those an edit changed)."""
        fresh = DocumentList(
            self._documents,
            self.annotator_id,
            self.words if words is None else words,
            self.only,
            self.assignees,
        )
        fresh._rows = self._rows
        return fresh

    def fits(self, order: Order) -> bool:
        """Whether ``order`` is one of this list's (same annotator, ``only``, ``assignees``)."""
        return (order.annotator_id, order.only, order.assignees) == (
            self.annotator_id,
            self.only,
            self.assignees,
        )

    def adopt(self, order: Order) -> DocumentList:
        """This list in ``order`` (read elsewhere: no query here), keeping the rows read so
        far, as ``again`` does."""
        fresh = DocumentList(self._documents, self.annotator_id, order=order)
        fresh._rows = self._rows
        fresh._rows.update(order.rows)
        return fresh

    def splice_from(self, old: DocumentList) -> Splice:
        """Which rows differ from ``old``: the common start and end kept, the rest replaced."""
        a, b = old._keys, self._keys
        start = _common(a, b, lambda x, n: x[:n], min(len(a), len(b)))
        room = min(len(a), len(b)) - start
        end = _common(a, b, lambda x, n: x[len(x) - n :], room)
        return Splice(start, len(a) - start - end, len(b) - start - end)

    # -- rows ----------------------------------------------------------------------------------

    def meta(self, row: int) -> DocumentMeta | None:
        """The row's document with its figures (its page read if it was not); None if the
        document is gone since the list was read."""
        key = self._keys[row]
        found = self._rows.get(key)
        if found is None:
            self._read(row // PAGE)
            found = self._rows.get(key)
        else:
            self._rows.move_to_end(key)
        return found

    def cached(self, row: int) -> DocumentMeta | None:
        """The row if it was read already (never reads)."""
        return self._rows.get(self._keys[row])

    def _read(self, page: int) -> None:
        keys = self._keys[page * PAGE : (page + 1) * PAGE]
        found = self._documents.list_rows(self.annotator_id, keys)
        for key in keys:
            if key in found:
                self._rows[key] = found[key]
        while len(self._rows) > PAGE * PAGES_KEPT:
            self._rows.popitem(last=False)

    def id_at(self, row: int) -> str | None:
        """The id of the document at ``row`` (one look-up, no figures read)."""
        found = self._rows.get(self._keys[row])
        return found.id if found is not None else self._documents.id_of_key(self._keys[row])

    def ids(self) -> list[str]:
        """Every id in list order (a query over the whole list: not for what runs often)."""
        return self._documents.ids_of_keys(self._keys)

    def row_of(self, document_id: str) -> int:
        """The row of a document (a look-up and a binary search); -1 if it is not listed."""
        place = self._documents.place(document_id)
        if place is None:
            return -1
        position, key = place
        row = bisect_left(self._positions, position)
        while row < len(self._keys) and self._positions[row] == position:
            if self._keys[row] == key:
                return row
            row += 1
        return -1

    def forget(self, document_id: str | None = None) -> None:
        """Rows to read again: one document's (re-read now if it was kept), or every row."""
        if document_id is None:
            self._rows.clear()
            return
        place = self._documents.place(document_id)
        keys = [k for k, m in self._rows.items() if m.id == document_id]
        for key in keys:
            del self._rows[key]
        if place is not None and keys:
            self._rows.update(self._documents.list_rows(self.annotator_id, [place[1]]))

    def forget_rows(self, start: int, stop: int) -> None:
        """The rows ``start`` to ``stop`` (excluded) to read again when next shown: rows that
        came or went (SQLite may give a new document the row key of one removed, whose row
        is still kept)."""
        for key in self._keys[start:stop]:
            self._rows.pop(key, None)


def _common(
    a: array[int], b: array[int], part: Callable[[array[int], int], array[int]], most: int
) -> int:
    """The largest n <= ``most`` with ``part(a, n) == part(b, n)`` (a binary search; each
    comparison of two slices runs in C)."""
    lo, hi = 0, most
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if part(a, mid) == part(b, mid):
            lo = mid
        else:
            hi = mid - 1
    return lo
