"""The search part: the panel in a dock opened by Ctrl+Shift+F, searching as the user types
(after a pause), opening a result at its hit, marking all results done in one edit, and
building the index of an upgraded project on idle turns of the event loop, a short
transaction at a time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow

from annotator.app.search import IDLE_STEP, built_note
from annotator.core.errors import AnnotatorError
from annotator.core.model import Status
from annotator.core.search import SearchResults
from annotator.session import Change, ChangeKind
from annotator.session.ops.documents import SetStatuses
from annotator.ui.article.part import ArticlePart
from annotator.ui.common.context import WindowContext
from annotator.ui.search.model import SearchResultsModel
from annotator.ui.search.panel import SearchPanel

SEARCH_DELAY_MS = 250  # typing pauses this long before the search runs
LIMIT = 100  # documents listed


DOCK_SHARE = 33  # per cent of the window's height the panel takes when it opens
DOCK_MIN_HEIGHT = 200  # px: the controls and three results


class DocumentListShown(Protocol):
    """The document list, which can list only some documents (the results)."""

    def show_only(self, document_ids: Sequence[str], why: str) -> None: ...


_NEW_ROWS = (ChangeKind.DOCUMENTS, ChangeKind.EXTERNAL)  # changes that may add rows


class SearchPart(QObject):
    def __init__(
        self,
        ctx: WindowContext,
        article: ArticlePart,
        window: QMainWindow,
        documents: DocumentListShown,
    ) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.article = article
        self.documents = documents
        self.model = SearchResultsModel()
        self.panel = SearchPanel(self.model)
        self.dock = QDockWidget("Search all documents", window)
        self.dock.setObjectName("search_dock")
        self.dock.setWidget(self.panel)
        self.dock.hide()
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.results: SearchResults | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._builder = QTimer(self)
        self._builder.setInterval(0)  # each idle turn of the event loop
        self.panel.results.installEventFilter(self)
        window.installEventFilter(self)  # its close stops the timers: the session closes
        self._connect_signals()
        self._on_ctx_project_changed()

    def _connect_signals(self) -> None:
        p = self.panel
        if self.ctx.actions is not None:
            self.ctx.actions.search.triggered.connect(self._on_search_triggered)
        self.ctx.project_changed.connect(self._on_ctx_project_changed)
        self.ctx.changed.connect(self._on_ctx_changed)
        p.query.textChanged.connect(self._on_filter_changed)
        p.query.returnPressed.connect(self._on_query_return_pressed)
        for edit in (p.entity, p.date_from, p.date_to):
            edit.textChanged.connect(self._on_filter_changed)
        for combo in (p.label, p.annotator, p.status):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        p.no_speaker.toggled.connect(self._on_filter_changed)
        p.results.activated.connect(self._on_results_activated)
        p.results.doubleClicked.connect(self._on_results_activated)
        p.mark_done.clicked.connect(self._on_mark_done_clicked)
        p.show_in_list.clicked.connect(self._on_show_in_list_clicked)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._builder.timeout.connect(self._on_builder_timeout)

    # -- searching -----------------------------------------------------------------------------

    def open_panel(self) -> None:
        if not self.dock.isVisible():  # a third of the window: the article stays readable
            window = self.dock.parentWidget()
            assert isinstance(window, QMainWindow)
            self.dock.show()
            height = max(DOCK_MIN_HEIGHT, window.height() * DOCK_SHARE // 100)
            window.resizeDocks([self.dock], [height], Qt.Orientation.Vertical)
        self.dock.raise_()
        self.panel.query.setFocus()
        self.panel.query.selectAll()
        self.run()

    def run(self) -> None:
        """Search now with what the panel says."""
        self._timer.stop()
        p = self.panel
        try:
            search = self.ctx.session.search
            filters = search.filters(
                label=p.label.currentData() or None,
                entity=p.entity.text().strip() or None,
                annotator=p.annotator.currentData() or None,
                status=p.status.currentData() or None,
                date_from=p.date_from.text().strip() or None,
                date_to=p.date_to.text().strip() or None,
                quote_without_speaker=p.no_speaker.isChecked(),
            )
            results = search.find(p.query.text(), filters, LIMIT, locate=False)
        except AnnotatorError as exc:
            self.results = None
            self.model.set_hits([])
            p.said.setText(str(exc))
            return
        self.results = results
        self.model.set_hits(results.hits)
        if self.model.rowCount():
            p.results.setCurrentIndex(self.model.index(0, 0))
        self._say()

    def _say(self) -> None:
        results = self.results
        if results is None:
            return
        words = [results.found]
        if results.more:
            words.append(f"the first {len(results.hits)} listed")
        built = self.ctx.session.search.built()
        if built < 1.0:
            words.append(built_note(built))
        if results.note:
            words.append(results.note)
        self.panel.said.setText("; ".join(words))

    def open_hit(self, row: int) -> None:
        """Show the document of result ``row`` with its first hit selected."""
        hit = self.model.hit(row)
        if self.results is not None:  # where in the text (found for this one only)
            hit = self.ctx.session.search.locate(self.results.match, hit)
        if self.ctx.document_id != hit.document_id:
            self.ctx.show_document(hit.document_id)
        view = self.article.view
        if hit.start is not None and hit.end is not None:
            view.select_range(hit.start, hit.end)
            view.ensureCursorVisible()
        view.setFocus()

    # -- the index -----------------------------------------------------------------------------

    def _building(self) -> bool:
        search_ = self.ctx.session.search
        return search_.built() < 1.0 and search_.can_build()

    def _on_builder_timeout(self) -> None:
        if self.ctx.paused:  # an import writes: the index waits for it
            return
        try:
            done = self.ctx.session.search.build_step(IDLE_STEP)
        except AnnotatorError as exc:
            self._builder.stop()
            self.ctx.say(f"The search index could not be built further: {exc}")
            return
        if done:
            self._builder.stop()
        if self.dock.isVisible() and self.results is not None:
            self._say()

    # -- slots ---------------------------------------------------------------------------------

    def _on_search_triggered(self) -> None:
        self.open_panel()

    def _on_ctx_project_changed(self) -> None:
        session = self.ctx.session
        labels = list(dict.fromkeys(label.name for label in session.scheme))
        names = session.annotator_names()
        self.panel.fill_choices(labels, [(name, i) for i, name in names.items()])
        self.results = None
        self.model.set_hits([])
        self.panel.said.setText("")
        self._builder.stop()
        if self._building():
            self._builder.start()
        if self.dock.isVisible():
            self.run()

    def _on_ctx_changed(self, change: Change) -> None:
        # An import into a new project leaves its rows to the build; no other edit can (a
        # label, the hot path, asks nothing of the index here).
        if change.kind in _NEW_ROWS and not self._builder.isActive() and self._building():
            self._builder.start()
        if self.dock.isVisible() and self.results is not None:
            self._timer.start()  # what was found may have changed

    def _on_filter_changed(self, *_args: object) -> None:
        self._timer.start()  # (again: typing goes on)

    def _on_timer_timeout(self) -> None:
        if self.dock.isVisible():
            self.run()

    def _on_query_return_pressed(self) -> None:
        if self._timer.isActive() or self.results is None:
            self.run()
        if self.model.rowCount():
            index = self.panel.results.currentIndex()
            self.open_hit(index.row() if index.isValid() else 0)

    def _on_results_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_hit(index.row())

    def _on_mark_done_clicked(self) -> None:
        ids = [h.document_id for h in self.model.hits()]
        if ids:
            self.ctx.push(SetStatuses(self.ctx.session, ids, Status.DONE))

    def _on_show_in_list_clicked(self) -> None:
        ids = [h.document_id for h in self.model.hits()]
        if ids:
            query = self.panel.query.text().strip()
            why = f"found by “{query}”" if query else "found"
            if self.results is not None and self.results.more:  # the listed ones only
                why += f" (the first of {self.results.found})"
            self.documents.show_only(ids, why)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (
            obj is self.ctx.window
            and isinstance(event, QEvent)
            and event.type() == QEvent.Type.Close
        ):
            self._timer.stop()
            self._builder.stop()
        # Enter on a result opens it (QListView's "activated" needs a platform's own key).
        if (
            obj is self.panel.results
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            index = self.panel.results.currentIndex()
            if index.isValid():
                self.open_hit(index.row())
                return True
        return super().eventFilter(obj, event)
