"""The open project seen by one annotator: what is read, each edit as one transaction, and who
hears what changed (after the commit, never before).

The store is the session's own: nothing outside the session package reaches it. The session is
composed of parts that each keep one kind of work (``registry``, ``links``, ``labels``,
``review``, ``proposals``, ``rows``, ``assignments``); the documents and spans everything else
hangs on are the session's own methods.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from annotator.core.annotators import display_names, namesakes, resolve
from annotator.core.articles import ParsedArticle
from annotator.core.errors import AnnotatorError, SpanError
from annotator.core.links import Quote
from annotator.core.model import (
    GOLD_ANNOTATOR_ID,
    GOLD_ANNOTATOR_NAME,
    Annotator,
    Document,
    DocumentMeta,
    Label,
    Span,
    Status,
    metadata_refusal,
    new_id,
    now_iso,
)
from annotator.core.records import RowChange
from annotator.core.scheme import Scheme
from annotator.core.stats import Figures
from annotator.session.assignments import Assignments
from annotator.session.changes import Change, ChangeKind, ImportReport
from annotator.session.doclist import PAGE, DocumentList, Order, read_order
from annotator.session.labels import Labels
from annotator.session.links import Links
from annotator.session.progress import TeamProgress
from annotator.session.proposals import Proposals
from annotator.session.registry import Loading, Memory, Registry
from annotator.session.review import Review
from annotator.session.rows import ProjectRows
from annotator.session.search import Search
from annotator.session.team import TeamPart
from annotator.storage.errors import DatabaseFault, damaged
from annotator.storage.files import refuse_output
from annotator.storage.reader import reader_opener
from annotator.storage.store import ProjectStore

Listener = Callable[[Change], None]
T = TypeVar("T")
# Runs a job, given a worker session (another connection of the same project, ``worker``),
# somewhere else than here, and returns what it returned once it is done, or raises what it
# raised: the window runs it on a thread and goes on drawing meanwhile (``ui.common.away``).
Away = Callable[[Callable[["Session"], T]], T]
DOCUMENTS_KEPT = 32  # documents (with their texts) kept read: the most recently opened
# What may change how many spans each annotator has (``span_counts`` is counted again after).
_RECOUNT = frozenset(
    {
        ChangeKind.SPANS,
        ChangeKind.DOCUMENTS,
        ChangeKind.SCHEME,
        ChangeKind.DECISIONS,
        ChangeKind.EXTERNAL,
        ChangeKind.FILE,
    }
)


class Session:
    """One open project seen by one annotator. Each edit is one committed transaction; an
    operation (``session.ops``) makes several of them one, recorded for undo."""

    def __init__(self, store: ProjectStore, annotator: Annotator) -> None:
        self._store = store
        self.annotator = annotator
        self._listeners: list[Listener] = []
        self._pending: list[Change] | None = None  # an operation's changes, until its commit
        self._away = False  # an edit is being written through a worker session (``away``)
        self._scheme = Scheme(store.labels.all())
        self._doc_cache: OrderedDict[str, Document] = OrderedDict()  # bounded: DOCUMENTS_KEPT
        self._span_counts: dict[str, int] | None = None  # counted when first asked
        self._started: dict[str, int] | None = None  # (``started_counts``) read when first asked
        if not store.read_only:  # recorded with the first edit: opening writes nothing
            store.file.before_first_write = lambda: store.annotators.ensure(annotator)
        self._seen_version = store.data_version()
        self.registry = Registry(self, store)
        self.links = Links(self, store)
        self.labels = Labels(self, store)
        self.review = Review(self, store)
        self.proposals = Proposals(self, store, self.registry)
        self.rows = ProjectRows(store, self.report)
        self.search = Search(self, store)
        self.assignments = Assignments(self, store)
        self.team = TeamPart(self, store)
        self.team_progress = TeamProgress(store)

    @classmethod
    def open(
        cls,
        path: Path,
        annotator: Annotator,
        *,
        read_only: bool = False,
        scheme: Scheme | None = None,
        wal: bool = True,
        network_ok: bool = False,
    ) -> Session:
        """Open the project file at ``path`` (created if absent, seeded with ``scheme``);
        ``wal=False`` keeps an existing file's journal mode, ``network_ok`` writes on a
        network drive (``ProjectStore.open``)."""
        store = ProjectStore.open(
            path,
            who=annotator.name,
            read_only=read_only,
            scheme=scheme,
            wal=wal,
            network_ok=network_ok,
        )
        try:
            return cls(store, annotator)
        except DatabaseFault as exc:
            store.close()
            raise damaged(path, f"SQLite cannot read it ({exc})") from None
        except BaseException:
            store.close()
            raise

    def worker(self, immediate: bool = False) -> Session:
        """A session on a second connection of this process, for a worker thread (a long
        import): the writer lock stays where it is; close it when the work is done.
        ``immediate``: its writes wait for another program's (``ProjectDb.immediate``)."""
        return Session(self._store.worker_connection(immediate), self.annotator)

    def registry_loading(self) -> Loading:
        """Called on this session's thread: the registry's memory to read on another thread
        (``Loading.run`` there, on a read-only connection of its own), taken by the registry
        when it is next asked for (``registry.Loading``)."""
        open_reader = self.reader()

        def read(loading: Loading) -> Memory:
            reader = open_reader()
            try:
                loading.on_cancel(reader.interrupt)
                return reader.registry.read_memory(lambda: loading.cancelled)
            finally:
                loading.on_cancel(None)
                reader.close()

        return self.registry.load(read)

    def reader(self) -> Callable[[], Session]:
        """Called on this session's thread: a function that opens, on a worker thread that
        only reads (the statistics), a read-only session of the same project on a connection
        of its own (``storage.reader``). Close that session on its thread when done."""
        opener = reader_opener(self._store)
        return lambda: Session(opener(), self.annotator)

    # -- plumbing ------------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self._store.path

    @property
    def read_only(self) -> bool:
        return self._store.read_only

    @property
    def scheme(self) -> Scheme:
        return self._scheme

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    def report(self, change: Change) -> Change:
        """Tell the listeners what an edit changed (the session's parts call this after each
        write): at once, or, inside an operation, when the operation has committed."""
        if self._pending is not None:
            self._pending.append(change)
        else:
            self._publish([change])
        return change

    def _publish(self, changes: Sequence[Change], rows: Sequence[RowChange] | None = None) -> None:
        """Tell the listeners; ``rows``: the undo record of the edit that made ``changes``."""
        self.registry.heard(changes, rows)
        self._started = None  # (any edit may start a document)
        for change in changes:
            if change.kind in _RECOUNT:
                self._span_counts = None
            if change.kind is ChangeKind.SCHEME:
                self._scheme = Scheme(self._store.labels.all())
            elif change.kind in (ChangeKind.DOCUMENTS, ChangeKind.DOCUMENT_META):
                if change.document_id is None:
                    self._doc_cache.clear()
                else:
                    self._doc_cache.pop(change.document_id, None)
        for change in changes:
            for listener in list(self._listeners):
                listener(change)

    def record(self, edit: Callable[[], T]) -> tuple[T, list[RowChange], list[Change]]:
        """Run ``edit`` (session writes) as one transaction whose row changes are recorded:
        returns its result, the row changes that undo it, and what it changed (told to the
        listeners once it has committed). If it raises, nothing of it stays or is told."""
        if self._pending is not None or self._away:
            raise AnnotatorError("an edit is already being made")
        self._pending = []
        try:
            with self._store.file.writing(), self._store.journal.recording() as recorded:
                result = edit()
            changes = self._pending
        finally:
            self._pending = None
        self._publish(changes, recorded.changes)
        self.check_file()
        return result, recorded.changes, changes

    def replay(self, rows: Sequence[RowChange], changes: Sequence[Change]) -> list[RowChange]:
        """Put back rows as ``rows`` say (undo or redo of an edit) in one transaction, then
        tell the listeners ``changes``; returns the row changes that undo the replay."""
        if self._pending is not None or self._away:  # (its record would be the edit's)
            raise AnnotatorError("an edit is being made; undo or redo after it")
        with self._store.file.writing():
            inverse = self._store.journal.replay(rows)
        self._publish(changes, inverse)
        self.check_file()
        return inverse

    def record_away(
        self, edit: Callable[[Session], T], away: Away[Any]
    ) -> tuple[T, list[RowChange], list[Change]]:
        """``record`` of an edit too long for the caller's thread (a merge of entities with
        40,000 mentions): ``away`` has a worker session record it (``edit`` is given the
        session to write through), committed there; then the listeners here are told. No
        other edit, undo or redo is made here meanwhile (AnnotatorError)."""
        return self._away_then_told(lambda worker: worker.record(lambda: edit(worker)), away)

    def replay_away(
        self, rows: Sequence[RowChange], changes: Sequence[Change], away: Away[Any]
    ) -> list[RowChange]:
        """``replay`` through a worker session (see ``record_away``)."""

        def job(worker: Session) -> tuple[list[RowChange], list[RowChange], list[Change]]:
            inverse = worker.replay(rows, changes)
            return inverse, inverse, list(changes)

        return self._away_then_told(job, away)[0]

    def _away_then_told(
        self, job: Callable[[Session], tuple[T, list[RowChange], list[Change]]], away: Away[Any]
    ) -> tuple[T, list[RowChange], list[Change]]:
        if self._pending is not None or self._away:
            raise AnnotatorError("an edit is already being made")
        self._away = True
        try:
            result: tuple[T, list[RowChange], list[Change]] = away(job)
        finally:
            self._away = False
            # the worker's commit is this session's own edit, no other program's
            self._seen_version = self._store.data_version()
        self._publish(result[2], result[1])
        self.check_file()
        return result

    @property
    def writing_away(self) -> bool:
        """An edit is being written through a worker session (``record_away``)."""
        return self._away

    def check_file(self) -> str:
        """Look after the project file after each edit and when the window polls: if its
        ``-wal`` was deleted or replaced, every edit is saved into the file and a new one is
        started (``ProjectStore.check_wal``); the listeners hear it as a FILE change. Returns
        what the user is told ("" if nothing happened)."""
        note = self._store.check_wal()
        if note:
            self._seen_version = self._store.data_version()  # a new connection counts anew
            self._publish([Change(ChangeKind.FILE, note=note)])
        return note

    def close(self, fold: bool = True) -> None:
        """``fold``: fold the WAL into the file (``ProjectStore.close``)."""
        self._listeners.clear()
        self._store.close(fold)

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file."""
        return self._store.data_version()

    def interrupt(self) -> None:
        """From another thread: stop what this session's connection is reading (a reader's
        count nobody waits for any more); the reading raises."""
        self._store.interrupt()

    def check_external_change(self) -> bool:
        """Poll the file: if another process committed, drop caches and tell the listeners."""
        version = self._store.data_version()
        if version == self._seen_version:
            return False
        self._seen_version = version
        self._doc_cache.clear()
        self._span_counts = self._started = None
        self._scheme = Scheme(self._store.labels.all())
        self._publish([Change(ChangeKind.EXTERNAL)])
        return True

    def rename_annotator(self, annotator: Annotator) -> None:
        """The current annotator under a new name (same id): recorded in the project at once."""
        if annotator.id != self.annotator.id:
            raise AnnotatorError("renaming cannot change who the annotator is")
        self.annotator = annotator
        self._store.annotators.ensure(annotator)

    def backup_to(self, target: Path, progress: Callable[[int, int], None] | None = None) -> None:
        """A consistent copy of the project, recent edits included (``ProjectStore.backup_to``)."""
        self._store.backup_to(target, progress)

    def refuse_output(self, target: Path, *, copy: bool = False) -> None:
        """ProjectError if writing ``target`` could harm this project or another (it is one of
        their files or side files, a special file, or an SQLite database an export would
        replace; see ``storage.files``)."""
        refuse_output(target, self.path, copy=copy)

    # -- reading -------------------------------------------------------------------------------

    def annotators(self) -> list[Annotator]:
        """The annotators whose work the project holds, in the order they arrived."""
        return self._store.annotators.all()

    def visible_annotators(self) -> list[Annotator]:
        """The annotators whose work this user is shown (track menu, review, agreement):
        everyone, but in a team whose lead decided that annotators do not see each other's
        tracks (``team.others_visible`` not '1': the default) a user who is not the lead
        sees their own work only. The lead, or anyone when no lead is recorded (a project
        without an assignment), sees everyone."""
        team = self.assignments
        if team.others_visible() or team.is_lead():
            return self.annotators()
        return [a for a in self.annotators() if a.id == self.annotator.id]

    def annotator_names(self) -> dict[str, str]:
        """Id -> how to name each annotator to the user: the name, told apart from a namesake
        by the start of the id (``core.annotators.display_names``: "blanca [3f2a]")."""
        people = {a.id: a for a in self.annotators()}
        people[self.annotator.id] = self.annotator  # (recorded with your first edit)
        return display_names(list(people.values()))

    def annotator_name(self, annotator_id: str) -> str:
        """How to name an annotator id to the user (``annotator_names``; "?" for one the
        project does not know)."""
        if annotator_id == GOLD_ANNOTATOR_ID:
            return GOLD_ANNOTATOR_NAME
        return self.annotator_names().get(annotator_id, "?")

    def find_annotator(self, word: str) -> Annotator:
        """The annotator a user means by ``word``: an id, a name, "name [3f2a]", the start of
        an id; "gold" (``core.annotators.resolve``; AnnotatorError naming the choices when a
        name is ambiguous, or listing the annotators when nobody is meant)."""
        return resolve(self.annotators(), word)

    def namesakes(self, name: str) -> list[Annotator]:
        """Other annotators of the project called ``name`` (case aside): renaming yourself
        so leaves you told apart from them only by your id."""
        return namesakes(self.annotators(), name, self.annotator.id)

    def rename_warning(self, name: str) -> str:
        """What to tell you before you rename yourself ``name`` when others of the project
        are called so ("" when nobody is): your work stays yours, under your id, but you will
        be named with the start of it."""
        same = self.namesakes(name)
        if not same:
            return ""
        people = {a.id: a for a in self.annotators()}
        people[self.annotator.id] = Annotator(self.annotator.id, " ".join(name.split()))
        shown = display_names(list(people.values()))
        others = ", ".join(f"{shown[a.id]!r} (id {a.id})" for a in same)
        return (
            f"This project already has an annotator called {name!r}: {others}. Your work "
            "stays apart from theirs (it is kept under your id), but everywhere a name is "
            f"shown you will be {shown[self.annotator.id]!r}. Keep this name?"
        )

    def documents(self, annotator_id: str | None = None) -> list[DocumentMeta]:
        """The document list as one annotator (default: the current one) stands on it."""
        return self._store.documents.meta(annotator_id or self.annotator.id)

    def document_meta(
        self, document_id: str, annotator_id: str | None = None
    ) -> DocumentMeta | None:
        rows = self._store.documents.meta(annotator_id or self.annotator.id, document_id)
        return rows[0] if rows else None

    def document_list(
        self,
        annotator_id: str | None = None,
        words: Sequence[str] = (),
        only: Sequence[str] | None = None,
        assignees: Sequence[str] | None = None,
    ) -> DocumentList:
        """The document list as one annotator (default: the current one) stands on it, only
        the documents matching every one of ``words`` (casefolded), of ``only`` (ids) if
        given, and assigned to one of ``assignees`` (names) if given, read page by page."""
        return DocumentList(
            self._store.documents, annotator_id or self.annotator.id, words, only, assignees
        )

    def document_order(
        self,
        annotator_id: str,
        words: Sequence[str] = (),
        only: Sequence[str] | None = None,
        assignees: Sequence[str] | None = None,
    ) -> Order:
        """The order of ``document_list(annotator_id, words, only, assignees)`` and the
        figures of its first page of rows (two queries), for a list of another session of the
        project (``DocumentList.adopt``): a list reset to it shows its first rows without a
        query."""
        return read_order(self._store.documents, annotator_id, words, only, assignees, PAGE)

    def document_exists(self, document_id: str) -> bool:
        return self._store.documents.exists(document_id)

    def first_document_id(self) -> str | None:
        """The first document of the list (None in an empty project)."""
        return self._store.documents.first_id()

    def document(self, document_id: str) -> Document:
        doc = self._doc_cache.get(document_id)
        if doc is None:
            doc = self._store.documents.get(document_id)
            self._doc_cache[document_id] = doc
            if len(self._doc_cache) > DOCUMENTS_KEPT:
                self._doc_cache.popitem(last=False)
        else:
            self._doc_cache.move_to_end(document_id)
        return doc

    def document_count(self) -> int:
        return self._store.documents.count()

    def spans(self, document_id: str, annotator_id: str | None = None) -> list[Span]:
        return self._store.spans.of(document_id, annotator_id or self.annotator.id)

    def span(self, span_id: str) -> Span:
        return self._store.spans.get(span_id)

    def span_count(self, document_id: str) -> int:
        """Spans of every annotator in the document."""
        return self._store.spans.count(document_id)

    def span_counts(self) -> dict[str, int]:
        """Spans per annotator id, across the project (counted once, then again only after
        an edit that may change them: a scan of every span on a large project)."""
        if self._span_counts is None:
            self._span_counts = self._store.spans.counts_by_annotator()
        return dict(self._span_counts)

    def statistics(self, annotator_id: str | None = None, top: int = 20) -> Figures:
        """Where the work stands, counted in the file (``storage.stats``): every annotator's,
        or one annotator's; the ``top`` speakers and entities."""
        return self._store.stats.figures(annotator_id, top)

    def status(self, document_id: str, annotator_id: str | None = None) -> Status:
        return self._store.documents.status(document_id, annotator_id or self.annotator.id)

    def default_track(self) -> str:
        """Whose annotations a window shows on opening: yours if you have annotated here, else
        those of the annotator with spans who started the most documents (the example shows
        its work on first run). A few look-ups, never a count of every span."""
        me = self.annotator.id
        if self.has_spans(me):
            return me
        started = self.started_counts()
        others = [a.id for a in self.visible_annotators() if a.id != me]
        others.sort(key=lambda a: -started.get(a, 0))  # (stable: then in order of arrival)
        return next((a for a in others if self.has_spans(a)), me)

    def has_spans(self, annotator_id: str) -> bool:
        """Whether the annotator has a span in the project: one look-up (someone the project
        never recorded has none: a span needs its annotator's row)."""
        if self._span_counts is not None:
            return bool(self._span_counts.get(annotator_id))
        if annotator_id not in {a.id for a in self.annotators()}:
            return False
        return self._store.spans.any_by(annotator_id)

    def started_counts(self) -> dict[str, int]:
        """Documents each annotator id has a status on (in progress or done): how much work
        each has here, read from an index of the statuses (cheap beside ``span_counts``), once
        until the next edit."""
        if self._started is None:
            self._started = self._store.documents.started_counts()
        return dict(self._started)

    # -- spans ---------------------------------------------------------------------------------

    def new_span(self, document_id: str, start: int, end: int, label: Label) -> Span:
        """A span of the current annotator over ``text[start:end]`` (not yet stored)."""
        text = self.document(document_id).text
        _check_range(text, start, end)
        return Span(
            id=new_id(),
            document_id=document_id,
            annotator_id=self.annotator.id,
            layer=label.layer,
            label=label.name,
            start=start,
            end=end,
            text=text[start:end],
            created_at=now_iso(),
        )

    def resized(self, span: Span, start: int, end: int) -> Span:
        """``span`` with new boundaries (same id, label and note); not yet stored."""
        text = self.document(span.document_id).text
        _check_range(text, start, end)
        return span.with_changes(start=start, end=end, text=text[start:end])

    def check_span(self, span: Span) -> None:
        """SpanError unless ``span`` fits its document's text."""
        text = self.document(span.document_id).text
        _check_range(text, span.start, span.end)
        if text[span.start : span.end] != span.text:
            raise SpanError(f"span text {span.text!r} does not match the document")

    def add_span(self, span: Span, *, quote: Quote | None = None) -> Status:
        """Store a new ``span``; returns the document's status before. The first span in a
        not-started document moves it to "in progress" in the same transaction. ``quote`` is
        stored with the span: a new quote of this segment, or a quote it joins (segment, cue).
        """
        self.check_span(span)
        store = self._store
        before = store.documents.status(span.document_id, span.annotator_id)
        after = Status.IN_PROGRESS if before is Status.NOT_STARTED else None
        store.spans.insert(span, status_after=after, quote=quote)
        linked = quote.span_ids if quote is not None else ()
        self.report(
            Change(ChangeKind.SPANS, span.document_id, tuple(dict.fromkeys((span.id, *linked))))
        )
        return before

    def remove_span(self, span: Span) -> None:
        """Delete ``span`` with its claim and its place in a quote."""
        detached = self._store.spans.delete(span)
        linked = tuple(i for q in detached.quotes for i in q.span_ids)
        self.report(
            Change(ChangeKind.SPANS, span.document_id, tuple(dict.fromkeys((span.id, *linked))))
        )

    def update_span(self, span: Span) -> Span:
        """Replace the stored span with the same id (relabel, move, note); returns the old one."""
        old = self._store.spans.get(span.id)
        if (span.document_id, span.annotator_id) != (old.document_id, old.annotator_id):
            raise SpanError("a span cannot move to another document or annotator")
        self.check_span(span)
        self._store.spans.update(span)
        self.report(Change(ChangeKind.SPANS, span.document_id, (span.id,)))
        return old

    # -- documents -----------------------------------------------------------------------------

    def set_status(self, document_id: str, status: Status) -> Status:
        """Your status on the document; returns the one it had."""
        before = self.status(document_id)
        self._store.documents.set_status(document_id, self.annotator.id, status)
        self.report(Change(ChangeKind.STATUS, document_id))
        return before

    def edit_document(
        self,
        document_id: str,
        *,
        title: str,
        date: str | None,
        source: str,
        meta: Mapping[str, str] | None = None,
    ) -> Document:
        """Change title, date, source and the open metadata (``meta``: all of it, or None to
        keep it), never the text; returns the document as it was."""
        before = self.document(document_id)
        title = " ".join(title.split())
        if not title:
            raise AnnotatorError("a document needs a title")
        meta = before.meta if meta is None else meta
        why = metadata_refusal(dict(meta) if isinstance(meta, Mapping) else meta)
        if why:
            raise AnnotatorError(why)
        self._store.documents.update_meta(
            document_id, title=title, date=date, source=source, meta=meta
        )
        self.report(Change(ChangeKind.DOCUMENT_META, document_id))
        return before

    def remove_documents(self, document_ids: Sequence[str]) -> None:
        """Remove documents with every annotator's work on them, in one transaction."""
        self._store.documents.remove(document_ids)
        single = document_ids[0] if len(document_ids) == 1 else None
        self.report(Change(ChangeKind.DOCUMENTS, single))

    def import_articles(
        self, articles: Sequence[tuple[str, ParsedArticle]], report: ImportReport | None = None
    ) -> ImportReport:
        """Add parsed articles in one transaction; texts already present (same hash) are
        skipped."""
        report = report or ImportReport()
        known = {
            sha: f"already in the project as {title!r}"
            for sha, title in self._store.documents.titles_by_sha().items()
        }
        new: list[tuple[str, Document]] = []
        for name, article in articles:
            doc = Document(
                id=new_id(),
                text=article.text,
                title=article.title,
                date=article.date,
                source=article.source or name,
                meta=article.meta,
            )
            if doc.sha256 in known:
                report.skipped.append((name, f"the same text is {known[doc.sha256]}"))
                continue
            known[doc.sha256] = f"in {name}, earlier in this import"
            new.append((name, doc))
        if new:
            stored = self._store.documents.add(doc for _, doc in new)
            report.imported.extend((name, doc) for (name, _), doc in zip(new, stored, strict=True))
            self.report(Change(ChangeKind.DOCUMENTS))
        return report


def _check_range(text: str, start: int, end: int) -> None:
    if not 0 <= start < end <= len(text):
        raise SpanError(f"span {start}..{end} does not fit a text of {len(text)} characters")
