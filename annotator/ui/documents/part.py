"""The documents part: the document list (kept current as edits are reported, with the review
column when review mode fills it, and the assignees when the project has an assignment), which
document is shown, and the Document menu: next and previous, mark done (with the checklist),
edit details, remove.

"Assigned to me" is a filter, on when a project opens in which you have documents assigned: an
annotator's next and previous then stay among their own documents, in project order (a sort
putting them first would walk on into other people's). Unchecking it lists every document."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QSettings, Qt

from annotator.core.checklist import summary as checklist_summary
from annotator.core.model import Status
from annotator.core.wording import counted
from annotator.session import Change, ChangeKind
from annotator.session.ops.documents import EditDocument, RemoveDocument, SetStatus
from annotator.ui.common.context import WindowContext
from annotator.ui.common.dialogs import Confirm, DocumentDetailsDialog
from annotator.ui.documents.pane import DocumentListPane

Counter = Callable[[Sequence[str]], dict[str, tuple[int, int]]]
# Documents came or went: the list's rows are read again (only changed rows reported).
_MOVES = (ChangeKind.DOCUMENTS, ChangeKind.EXTERNAL)
# Any document's figures may have changed: those in view are read again (when shown). Not
# ENTITIES: a list row counts mentions without an entity, quotes without a speaker and claims
# without a claimer, and no edit of the registry alone makes one (a merge points them at the
# kept entity, an entity still pointed at is never removed); a mention linked or unlinked
# reports its document's change, whose row alone is read again.
_FIGURES = (ChangeKind.SCHEME, ChangeKind.EXTERNAL)


class DocumentsPart(QObject):
    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.pane = DocumentListPane()
        self.model = self.pane.model
        self._brought_up = False  # an undo or redo was heard in this turn of the event loop
        self._was_shown: str | None = None  # the document shown when it was first heard
        self._moved = False  # it brought up another document
        self._mine: list[str] = []  # the assignee names that are me
        self._mine_on = False  # "Assigned to me": the list holds only my documents
        if ctx.actions is not None and ctx.article is not None:
            ctx.actions.mark_done.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            ctx.article.addAction(ctx.actions.mark_done)
        self._connect_signals()

    def _connect_signals(self) -> None:
        ctx = self.ctx
        ctx.project_changed.connect(self._on_ctx_project_changed)
        ctx.document_changed.connect(self._on_ctx_document_changed)
        ctx.track_changed.connect(self._on_ctx_track_changed)
        ctx.changed.connect(self._on_ctx_changed)
        self.pane.document_chosen.connect(self._on_pane_document_chosen)
        self.pane.mine_toggled.connect(self._on_pane_mine_toggled)
        if ctx.actions is not None:
            a = ctx.actions
            a.next_doc.triggered.connect(self._on_next_doc_triggered)
            a.prev_doc.triggered.connect(self._on_prev_doc_triggered)
            a.mark_done.triggered.connect(self._on_mark_done_triggered)
            a.edit_document.triggered.connect(self._on_edit_document_triggered)
            a.remove_document.triggered.connect(self._on_remove_document_triggered)

    # -- the list ------------------------------------------------------------------------------

    def ids(self) -> list[str]:
        """Every listed id (a query over the whole list: not for what runs often)."""
        return self.pane.ids()

    def reload(self) -> None:
        """Every row read again (keeping the current one)."""
        ctx = self.ctx
        session, viewed = ctx.session, ctx.viewed
        mine = list(self._mine) if self._mine_on else None
        self.pane.show_list(
            lambda words, only: session.document_list(viewed, words, only, mine), session.reader
        )
        if ctx.document_id is not None:
            self.pane.select(ctx.document_id)  # a reset forgets the current row

    def show_only(self, document_ids: Sequence[str], why: str) -> None:
        """The list holds only these documents (until Show all), the shown one kept."""
        self.pane.show_only(document_ids, why)

    def set_progress(self, document_id: str, decided: int, total: int) -> None:
        """One document's review progress in the review column."""
        self.model.set_document_progress(document_id, decided, total)

    def show_review_progress(self, progress: dict[str, tuple[int, int]] | None) -> None:
        self.pane.show_review_progress(progress)

    def count_review_progress(self, documents: Sequence[str], count: Counter, pair: str) -> None:
        self.pane.count_review_progress(documents, count, pair)

    def _step(self, step: int) -> None:
        document_id = self.pane.neighbour(step)
        if document_id is not None and document_id != self.ctx.document_id:
            self.ctx.show_document(document_id)

    # -- slots ---------------------------------------------------------------------------------

    def open_first(self) -> None:
        """Show the document last shown in this project, or the first one."""
        ctx = self.ctx
        last = QSettings().value(f"last_document/{ctx.session.path}", "")
        if isinstance(last, str) and last and ctx.session.document_exists(last):
            ctx.show_document(last)
        else:
            ctx.show_document(ctx.session.first_document_id())

    def _on_ctx_project_changed(self) -> None:
        self.pane.show_only(None)  # another project's documents: the whole list
        self._read_assignment(first=True)
        self.reload()

    def _read_assignment(self, *, first: bool = False) -> bool:
        """Read who is assigned and which names are me; with ``first`` (a project opened),
        "Assigned to me" is on if I have documents. True if the list must be read again."""
        team = self.ctx.session.assignments
        names = team.names()
        mine = sorted(n for n in team.my_names() if n in names)
        before = (self._mine_on, self._mine)
        self._mine = mine
        if first:
            self._mine_on = bool(mine)
        elif not mine:
            self._mine_on = False
        self.pane.show_assignment(bool(names), bool(mine), team.shown_names())
        self.pane.set_mine(self._mine_on)
        return before != (self._mine_on, self._mine) and (self._mine_on or before[0])

    def _on_pane_mine_toggled(self, on: bool) -> None:
        self._mine_on = on
        self.reload()

    def _on_ctx_document_changed(self, document_id: str | None) -> None:
        if document_id is not None:
            self.pane.select(document_id)

    def _on_ctx_track_changed(self) -> None:
        self.reload()

    def _on_ctx_changed(self, change: Change) -> None:
        ctx = self.ctx
        if change.kind in (ChangeKind.ASSIGNMENTS, ChangeKind.EXTERNAL):
            if self._read_assignment():
                self.reload()  # my names changed: another list
            elif change.kind is ChangeKind.ASSIGNMENTS:
                self.model.update_list()  # documents came into my list or left it
                self.model.refresh_all()  # the Assigned column
                return
        if change.kind in _MOVES:
            self.model.update_list()
        if change.kind in _FIGURES:
            self.model.refresh_all()
        if change.kind in _MOVES:
            exists = ctx.session.document_exists
            back = change.document_id
            added = change.kind is ChangeKind.DOCUMENTS and back != ctx.document_id
            if added and back is not None and exists(back):
                ctx.show_document(back)  # undo of a removal brings it back
                return
            if ctx.document_id is None or not exists(ctx.document_id):
                ctx.show_document(ctx.session.first_document_id())
            elif self.pane.current_id() != ctx.document_id:
                self.pane.select(ctx.document_id)  # rows before it came or went
            return
        if change.kind in _FIGURES:
            return
        document_id = change.document_id
        if document_id is None:
            return
        # Its row alone, read and reported at once: the table repaints that row in the frame
        # the edit paints (its other rows are not read again).
        self.model.refresh(document_id)
        if ctx.first_apply:
            return  # a new edit (accept all in other documents too) does not move the reader
        # An undo or redo brings up the document it changed: the first one of an edit of many,
        # or the one shown if the edit changed it too (the reader stays there).
        if not self._brought_up:
            self._brought_up, self._was_shown, self._moved = True, ctx.document_id, False
            ctx.run_later(self._on_turn_ended)
        if document_id == self._was_shown:
            self._moved = True  # settled: the shown document stays
            if ctx.document_id != document_id:
                ctx.show_document(document_id)  # back to it
        elif not self._moved:
            self._moved = True
            ctx.show_document(document_id)

    def _on_turn_ended(self) -> None:
        self._brought_up, self._was_shown, self._moved = False, None, False

    def _on_pane_document_chosen(self, document_id: str) -> None:
        if document_id != self.ctx.document_id:
            self.ctx.show_document(document_id)

    def _on_next_doc_triggered(self) -> None:
        self._step(1)

    def _on_prev_doc_triggered(self) -> None:
        self._step(-1)

    def _on_mark_done_triggered(self) -> None:
        ctx = self.ctx
        document_id = ctx.document_id
        if document_id is None:
            return
        done = ctx.session.status(document_id) is Status.DONE
        if not done:
            problems = ctx.session.links.checklist(document_id)
            if problems:
                lines = "\n".join(f"• {p.kind}: “{p.text[:60]}”" for p in problems[:12])
                more = f"\n… and {len(problems) - 12} more" if len(problems) > 12 else ""
                question = (
                    f"Still incomplete: {checklist_summary(problems)}.\n\n{lines}{more}\n\n"
                    "Mark the document done anyway?"
                )
                if not Confirm.ask(ctx.window, "Done checklist", question):
                    ctx.select_span(problems[0].span_id, scroll=True)
                    return
        status = Status.IN_PROGRESS if done else Status.DONE
        ctx.push(SetStatus(ctx.session, document_id, status))

    def _on_edit_document_triggered(self) -> None:
        ctx = self.ctx
        if ctx.document_id is None:
            return
        values = DocumentDetailsDialog.ask(ctx.window, ctx.session.document(ctx.document_id))
        if values is not None:
            title, date, source, meta = values
            ctx.push(EditDocument(ctx.session, ctx.document_id, title, date, source, meta))

    def _on_remove_document_triggered(self) -> None:
        ctx = self.ctx
        if ctx.document_id is None:
            return
        meta = ctx.session.document_meta(ctx.document_id)
        if meta is None:
            return
        total = ctx.session.span_count(ctx.document_id)
        question = (
            f"Remove “{meta.title}” from the project, with its {counted(total, 'span')} "
            f"({meta.span_count} of them yours, {total - meta.span_count} by other annotators)? "
            "Edit > Undo brings it all back."
        )
        if Confirm.ask(ctx.window, "Remove document", question):
            ctx.push(RemoveDocument(ctx.session, ctx.document_id, meta.title))
