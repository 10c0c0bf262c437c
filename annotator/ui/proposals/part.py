"""Proposals in the window: a list, ghost spans in the article, accept / reject by key.

One mechanism for "annotate all occurrences" (Ctrl+Shift+A, Ctrl+Alt+A) and the suggestion
finders (Suggest menu: quotes with cue and speaker, known entities, the optional spaCy model).
Nothing is stored before a person decides: accepting is an ordinary undoable edit that records
the proposal's origin; rejecting is remembered for that document, so the proposal does not
come back (undo forgets the rejection).

Keys while the article has focus: Enter accepts the proposal under the cursor (else Enter keeps
its meaning of linking the selected mention), A accepts the current one, R rejects it, N goes to
the next, Shift+A accepts every proposal of the current one's kind (origin and label).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QModelIndex, QObject, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from annotator.core.errors import AnnotatorError
from annotator.core.model import Layer
from annotator.core.proposals import Proposal
from annotator.core.wording import counted
from annotator.session.changes import Change, ChangeKind
from annotator.session.finding import ReaderJob
from annotator.session.ops.proposals import AcceptProposals, RejectProposals
from annotator.ui.article.part import ArticlePart
from annotator.ui.common.actions import make_action
from annotator.ui.common.context import WindowContext
from annotator.ui.proposals.panel import ProposalListModel, ProposalPanel, kind_of, kind_text, short
from annotator.ui.proposals.search import ProposalSearch

MODEL_SETTING = "suggest/use_model"


@dataclass
class _Running:
    """A search over every document (``ProposalSearch``) and what it found so far."""

    search: ProposalSearch
    token: int  # the search's (its signals carry it)
    what: str  # the summary's words once it is shown
    nothing: str  # what the status bar says if it finds nothing
    source_span_id: str  # the span whose occurrences it looks for ("" for suggestions)
    found: list[Proposal] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    speakers: dict[str, str] | None = None  # entity id -> name, read by the search
    done: int = 0
    total: int = 0
    stopped: bool = False  # the user stopped it, or it failed: what it found is shown


def _action(parent: QObject, name: str, text: str, keys: list[str]) -> QAction:
    return make_action(parent, name, text, list(keys), widget_only=True)


class ProposalsPart(QObject):
    """Holds the open proposals and turns keys into accept / reject operations."""

    def __init__(self, ctx: WindowContext, article: ArticlePart) -> None:
        super().__init__(ctx)
        self.ctx, self.article = ctx, article
        self.model = ProposalListModel()
        self.panel = ProposalPanel(self.model)
        self.current = -1
        self.source_span_id = ""  # the span whose occurrences are proposed
        self.what = ""
        self._running: _Running | None = None
        self.find_here = _action(
            self, "occurrences_document", "Annotate all occurrences in this document",
            ["Ctrl+Shift+A"],
        )  # fmt: skip
        self.find_all = _action(
            self, "occurrences_project", "Annotate all occurrences in the project", ["Ctrl+Alt+A"]
        )
        self.accept = _action(self, "proposal_accept", "Accept proposal", ["A"])
        self.reject = _action(self, "proposal_reject", "Reject proposal", ["R"])
        self.next = _action(self, "proposal_next", "Next proposal", ["N"])
        self.accept_kind = _action(
            self, "proposal_accept_kind", "Accept all proposals of this kind", ["Shift+A"]
        )
        for action in (
            self.find_here,
            self.find_all,
            self.accept,
            self.reject,
            self.next,
            self.accept_kind,
        ):
            article.view.addAction(action)
        self.suggest_here = make_action(
            self, "suggest_document", "&Suggest in this document", ["Ctrl+Shift+S"]
        )
        self.suggest_all = make_action(
            self, "suggest_project", "Suggest in &all documents", ["Ctrl+Alt+S"]
        )
        self.use_model = make_action(self, "suggest_model", "Use the spaCy &model")
        self.use_model.setCheckable(True)
        self.use_model.setChecked(bool(QSettings().value(MODEL_SETTING, True, type=bool)))
        self.menu = QMenu("&Suggest", ctx.window)
        self.menu.setObjectName("suggest_menu")
        self.menu.addActions([self.suggest_here, self.suggest_all])
        self.menu.addSeparator()
        self.menu.addActions([self.find_here, self.find_all])
        self.menu.addSeparator()
        self.menu.addAction(self.use_model)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.find_here.triggered.connect(self._on_find_here_triggered)
        self.find_all.triggered.connect(self._on_find_all_triggered)
        self.suggest_here.triggered.connect(self._on_suggest_here_triggered)
        self.suggest_all.triggered.connect(self._on_suggest_all_triggered)
        self.use_model.toggled.connect(self._on_use_model_toggled)
        self.accept.triggered.connect(self._on_accept_triggered)
        self.reject.triggered.connect(self._on_reject_triggered)
        self.next.triggered.connect(self._on_next_triggered)
        self.accept_kind.triggered.connect(self._on_accept_kind_triggered)
        self.panel.accept_button.clicked.connect(self._on_accept_triggered)
        self.panel.reject_button.clicked.connect(self._on_reject_triggered)
        self.panel.accept_kind_button.clicked.connect(self._on_accept_kind_triggered)
        self.panel.accept_all_button.clicked.connect(self._on_accept_all_clicked)
        self.panel.list.clicked.connect(self._on_list_clicked)
        self.panel.stop_button.clicked.connect(self._on_stop_clicked)
        self.menu.aboutToShow.connect(self._on_menu_about_to_show)
        ctx = self.ctx
        ctx.project_changed.connect(self._on_ctx_project_changed)
        ctx.document_changed.connect(self._on_ctx_document_changed)
        ctx.track_changed.connect(self._on_ctx_track_changed)
        ctx.changed.connect(self._on_ctx_changed)
        self.article.spans_shown.connect(self._on_article_spans_shown)

    # -- the project -------------------------------------------------------------------------

    def _on_ctx_project_changed(self) -> None:
        """A project was opened in the window: the last one's proposals go."""
        self.stop()
        self.clear("")

    def _on_ctx_document_changed(self, _document_id: str | None) -> None:
        self.show()

    def _on_ctx_track_changed(self) -> None:
        searching = self.stop()
        self.clear("Showing another annotator's work: suggest again", searching)

    def _on_article_spans_shown(self, _spans: list[object]) -> None:
        self.show()

    def clear(self, why: str, searching: bool = False) -> None:
        had = bool(self.model.proposals) or searching
        self.model.reset([], {}, {})
        self.current, self.source_span_id, self.what = -1, "", ""
        self._refresh_summary()
        self.article.view.set_ghosts([])
        if had and why:
            self.ctx.say(why, 8000)

    def _on_ctx_changed(self, change: Change) -> None:
        """Proposals of a removed document go; a changed scheme may have renamed their
        labels, so they all go (suggest again)."""
        running = self._running
        if running is not None and change.kind is ChangeKind.SCHEME:
            self.stop()
            self.clear("The label scheme changed: the search was stopped, suggest again", True)
            return
        if running is not None and change.kind in (ChangeKind.DOCUMENTS, ChangeKind.EXTERNAL):
            there = {m.id for m in self.ctx.session.documents()}
            running.found = [p for p in running.found if p.document_id in there]
        if not self.model.proposals:
            return
        if change.kind is ChangeKind.SCHEME:
            self.clear("The label scheme changed: the proposals were cleared, suggest again")
        elif change.kind in (ChangeKind.DOCUMENTS, ChangeKind.EXTERNAL):
            there = {m.id for m in self.ctx.session.documents()}
            if self.model.remove_where(lambda p: p.document_id not in there):
                self.current = min(self.current, len(self.model.proposals) - 1)
                self._refresh_summary()
                self.show()

    # -- filling -------------------------------------------------------------------------------

    def propose(
        self,
        proposals: list[Proposal],
        what: str,
        titles: dict[str, str] | None = None,
        speakers: dict[str, str] | None = None,
    ) -> None:
        """Show ``proposals``; ``titles`` (document id -> title) of their documents and
        ``speakers`` (entity id -> name), if known (else read here)."""
        session = self.ctx.session
        several = len({p.document_id for p in proposals}) > 1  # else the title says nothing
        if several and titles is None:
            titles = {m.id: m.title for m in session.documents()}
        titles = titles if several and titles is not None else {}
        if speakers is None:
            speakers = {e.id: e.name for e in session.registry.entities()} if proposals else {}
        self.model.reset(proposals, titles, speakers)
        self.current = 0 if proposals else -1
        self.what = what
        self._refresh_summary()
        if proposals and self.ctx.tabs is not None:
            self.ctx.tabs.setCurrentWidget(self.panel)
        self.show()

    def _refresh_summary(self) -> None:
        proposals = self.model.proposals
        tabs = self.ctx.tabs
        if tabs is not None:
            title = f"Proposals {len(proposals)}" if proposals else "Proposals"
            tabs.setTabText(tabs.indexOf(self.panel), title)
        if not proposals:
            self.panel.summary.setText(f"No proposals left: {self.what}" if self.what else "")
            return
        kinds = Counter(kind_of(p) for p in proposals)
        parts = ", ".join(kind_text(k, n) for k, n in kinds.most_common())
        self.panel.summary.setText(f"{counted(len(proposals), 'proposal')}, {self.what}: {parts}")

    def show(self) -> None:
        """Ghosts for the open document's proposals (a quote's segments and cue); the current
        one drawn stronger and selected in the list."""
        doc = self.ctx.document_id
        rows = self.model.proposals
        if rows and not (0 <= self.current < len(rows) and rows[self.current].document_id == doc):
            # keys act on what is shown: the current proposal moves into this document
            self.current = next((i for i, p in enumerate(rows) if p.document_id == doc), -1)
        scheme = self.ctx.session.scheme
        ghosts: list[tuple[int, int, str]] = []
        current_ghost = -1
        for i, p in enumerate(self.model.proposals):
            if p.document_id != doc:
                continue
            label = scheme.get(p.layer, p.label)
            color = label.color if label else "#777777"
            if i == self.current:
                current_ghost = len(ghosts)
            ghosts += [(s, e, color) for s, e in (p.segments or ((p.start, p.end),))]
            if p.cue:
                ghosts.append((*p.cue, "#555555"))
        self.article.view.set_ghosts(ghosts, current_ghost)
        if 0 <= self.current < len(self.model.proposals):
            self.panel.list.setCurrentIndex(self.model.index(self.current))

    def _occurrences(self, everywhere: bool) -> None:
        ctx = self.ctx
        span = self.article.selected()
        if span is None:
            ctx.say("Select a span first: its other occurrences are proposed")
            return
        if span.layer is Layer.QUOTE:
            ctx.say("Quotes are not repeated: occurrences are for entities and claims")
            return
        where = "the project" if everywhere else "this document"
        what = f"other occurrences of “{short(span.text, 30)}” in {where}"
        if everywhere:
            job = ctx.session.proposals.occurrence_job(span)
            self._start(job, what, "No other occurrence to annotate", span.id)
            return
        # One list of proposals: this one replaces a search still running, which ends by
        # itself in the background (its signals, by their token, are no longer heard).
        self.stop(wait=False)
        rejected = ctx.session.proposals.rejected_keys(span.document_id)
        found = ctx.session.registry.occurrence_proposals(span, everywhere)
        self.source_span_id = span.id
        self.propose([p for p in found if p.key not in rejected], what)

    def _on_find_here_triggered(self) -> None:
        self._occurrences(False)

    def _on_find_all_triggered(self) -> None:
        self._occurrences(True)

    def _suggest(self, everywhere: bool) -> None:
        ctx = self.ctx
        if not everywhere and not ctx.document_id:
            return
        if ctx.is_other():
            ctx.say(
                f"Showing {ctx.viewed_name()}'s annotations: suggestions are for your "
                "own work (View > Show annotations of > your name)"
            )
            return
        session = ctx.session
        use_model = self.use_model.isChecked() and self.use_model.isEnabled()
        nothing = "Nothing to suggest: no quotes or known names unlabelled"
        if everywhere:
            job = session.proposals.suggestion_job(use_model)
            self._start(job, "suggested in all documents", nothing, "")
            return
        # One list of proposals: this one replaces a search still running, which ends by
        # itself in the background (its signals, by their token, are no longer heard).
        self.stop(wait=False)
        here = [ctx.document_id] if ctx.document_id else []
        found = [p for _, ps in session.proposals.each_suggestion(here, use_model) for p in ps]
        self.source_span_id = ""
        self.propose(found, "suggested here")
        if not found:
            ctx.say(nothing)

    # -- looking in every document, on a thread of its own --------------------------------------

    @property
    def running(self) -> bool:
        """Whether proposals are being looked for in every document now."""
        return self._running is not None

    def _start(self, job: ReaderJob, what: str, nothing: str, source_span_id: str) -> None:
        """Look for proposals in every document in a ``ProposalSearch``; the window goes on
        meanwhile (the Proposals tab shows how far it is, and Stop), and the proposals are
        shown when it ends. A search still running is stopped first (not waited for: it
        may be reading the registry, seconds on a large project)."""
        self.stop(wait=False)
        self.clear("")
        search = ProposalSearch(job)
        running = _Running(search, search.token, what, nothing, source_span_id)
        search.batch.connect(self._on_search_batch)
        search.names.connect(self._on_search_names)
        search.failed.connect(self._on_search_failed)
        search.ended.connect(self._on_search_ended)
        self._running = running
        self.panel.show_progress(True)
        self.panel.summary.setText(f"Looking in every document: {what}…")
        if self.ctx.tabs is not None:
            self.ctx.tabs.setCurrentWidget(self.panel)
        search.begin()

    def stop(self, wait: bool = True) -> bool:
        """Stop a search and forget it, nothing shown (the project or the window closes, or
        another list of proposals replaces it); returns whether one ran. It stops between
        two documents or two stages of preparing; ``wait`` waits for that here, else it ends
        by itself in the background (``ProposalSearch.abandon``)."""
        running = self._running
        if running is None:
            return False
        self._running = None
        running.search.abandon()
        if wait:
            running.search.wait()
        self.panel.show_progress(False)
        return True

    def _on_stop_clicked(self) -> None:
        """Stop: what was found so far is shown now; the search ends in the background."""
        running = self._running
        if running is not None:
            running.stopped = True
            self.stop(wait=False)
            self._show_found(running)

    def _running_with(self, token: int) -> _Running | None:
        """The search running now if it is the one of ``token`` (not one stopped and
        forgotten)."""
        running = self._running
        return running if running is not None and running.token == token else None

    def _on_search_batch(
        self, token: int, proposals: list[Proposal], titles: dict[str, str], done: int, total: int
    ) -> None:
        running = self._running_with(token)
        if running is None:
            return  # a search stopped and forgotten
        running.found += proposals
        running.titles.update(titles)
        running.done, running.total = done, total
        self.panel.progress.setRange(0, max(total, 1))
        self.panel.progress.setValue(done)

    def _on_search_names(self, token: int, names: dict[str, str]) -> None:
        running = self._running_with(token)
        if running is not None:
            running.speakers = names

    def _on_search_failed(self, token: int, message: str) -> None:
        running = self._running_with(token)
        if running is not None:
            self.ctx.say(f"Looking for proposals stopped: {message}", 10000)
            running.stopped = True

    def _on_search_ended(self, token: int) -> None:
        running = self._running_with(token)
        if running is None:
            return  # stopped and forgotten
        self._running = None
        self.panel.show_progress(False)
        self._show_found(running)

    def _show_found(self, running: _Running) -> None:
        what = running.what
        if running.stopped and not running.total:  # still reading the registry
            what += " (stopped before the first document)"
        elif running.stopped:
            what += f" (stopped after {running.done} of {counted(running.total, 'document')})"
        self.source_span_id = running.source_span_id
        self.propose(running.found, what, running.titles, running.speakers)
        if not running.found and not running.stopped:
            self.ctx.say(running.nothing)

    def _on_suggest_here_triggered(self) -> None:
        self._suggest(False)

    def _on_suggest_all_triggered(self) -> None:
        self._suggest(True)

    def _on_use_model_toggled(self, on: bool) -> None:
        QSettings().setValue(MODEL_SETTING, on)

    def _on_menu_about_to_show(self) -> None:
        why = self.ctx.session.proposals.model_missing()
        self.use_model.setEnabled(not why)
        self.use_model.setText("Use the spaCy &model" + (f" ({why})" if why else ""))

    # -- deciding ------------------------------------------------------------------------------

    def _with_source_entity(self, proposals: list[Proposal]) -> list[Proposal]:
        """Occurrences take the entity the source span has now (it may have been linked,
        relinked or merged since they were proposed)."""
        if not self.source_span_id:
            return proposals
        try:
            source = self.ctx.session.span(self.source_span_id).entity_id
        except KeyError:
            return proposals
        return [
            replace(p, entity_id=source or p.entity_id) if p.origin == "occurrence" else p
            for p in proposals
        ]

    def _drop(self, proposals: list[Proposal]) -> None:
        gone = {p.key for p in proposals}
        rows = [i for i, p in enumerate(self.model.proposals) if p.key in gone]
        if rows:
            first = min(rows)
            self.model.remove(rows)
            remaining = len(self.model.proposals)
            self.current = min(first, remaining - 1) if remaining else -1
        self._refresh_summary()
        self.show()

    def _restore(self, proposals: list[Proposal]) -> None:
        known = {m.id for m in self.ctx.session.documents()}
        self.model.insert([p for p in proposals if p.document_id in known])
        if proposals:
            keys = [p.key for p in self.model.proposals]
            self.current = keys.index(proposals[0].key) if proposals[0].key in keys else 0
        self._refresh_summary()
        self.show()

    def _decide(self, rows: list[int], accept: bool) -> None:
        chosen = [self.model.proposals[r] for r in rows if 0 <= r < len(self.model.proposals)]
        if not chosen:
            return
        ctx, session = self.ctx, self.ctx.session

        def drop() -> None:
            self._drop(chosen)

        def restore() -> None:
            self._restore(chosen)

        if not accept:
            ctx.push(RejectProposals(session, chosen), after_apply=drop, after_revert=restore)
            return
        chosen = self._with_source_entity(chosen)
        try:
            plan = session.proposals.plan_acceptance(chosen)
        except AnnotatorError as exc:
            ctx.say(str(exc), 8000)
            return
        left_out = (
            f"{counted(plan.skipped, 'proposal')} left out: labelled by hand since "
            "proposed, or the label is gone"
        )
        if not plan.spans:  # none applies any more: they leave the list, no empty undo step
            self._drop(chosen)
            ctx.say(left_out, 8000)
            return
        op = AcceptProposals(session, chosen, plan)
        pushed = ctx.push(op, after_apply=drop, after_revert=restore)
        if pushed and plan.skipped:
            ctx.say(left_out, 8000)

    def proposal_at_cursor(self) -> int:
        """The row of the open document's proposal under the text cursor, or -1: the current
        one if the cursor is in it, else the shortest (a name inside a proposed quote)."""
        start, end = self.article.view.selection_range()
        doc = self.ctx.document_id
        best, best_length = -1, 0
        for i, p in enumerate(self.model.proposals):
            if p.document_id != doc:
                continue
            if any(s <= start and end <= e for s, e in p.segments or ((p.start, p.end),)):
                if i == self.current:
                    return i
                if best < 0 or p.end - p.start < best_length:
                    best, best_length = i, p.end - p.start
        return best

    def accept_at_cursor(self) -> bool:
        """Enter: accept the proposal under the cursor, if no span is selected and there is
        one; False leaves Enter to its other meaning."""
        if self.article.view.selected_span_id:
            return False
        row = self.proposal_at_cursor()
        if row < 0:
            return False
        self.current = row
        self._decide([row], True)
        return True

    def _on_accept_triggered(self) -> None:
        self._decide([self.current], True)

    def _on_reject_triggered(self) -> None:
        row = self.proposal_at_cursor()
        self._decide([row if row >= 0 else self.current], False)

    def _on_accept_kind_triggered(self) -> None:
        if not 0 <= self.current < len(self.model.proposals):
            return
        kind = kind_of(self.model.proposals[self.current])
        rows = [i for i, p in enumerate(self.model.proposals) if kind_of(p) == kind]
        self._decide(rows, True)

    def _on_accept_all_clicked(self) -> None:
        self._decide(list(range(len(self.model.proposals))), True)

    def _on_next_triggered(self) -> None:
        if not self.model.proposals:
            return
        self.current = (self.current + 1) % len(self.model.proposals)
        self._go_to_current()

    def _on_list_clicked(self, index: QModelIndex) -> None:
        self.current = index.row()
        self._go_to_current()

    def _go_to_current(self) -> None:
        p = self.model.proposals[self.current]
        if p.document_id != self.ctx.document_id:
            self.ctx.show_document(p.document_id)
        self.show()
        view = self.article.view
        view.select_range(p.start, p.start)
        view.centerCursor()
        view.setFocus()
