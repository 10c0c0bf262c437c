"""The main window: it assembles the parts (documents, article, labels, entities, proposals,
review, transfer) around one context, lays out their widgets and menus, and switches projects.
It holds no state of its own beyond the layout: parts share state through the context."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.app.projects import project_file, project_name
from annotator.app.team import TeamFolder
from annotator.session import Session
from annotator.ui.agreement.dialog import AgreementDialog
from annotator.ui.article.part import ArticlePart
from annotator.ui.assign.part import AssignPart
from annotator.ui.common.context import WindowContext
from annotator.ui.common.undo import UndoStatus
from annotator.ui.documents.part import DocumentsPart
from annotator.ui.entities.part import EntitiesPart
from annotator.ui.labels.part import LabelsPart
from annotator.ui.labels.scheme_editor import SchemeEditorDialog
from annotator.ui.proposals.part import ProposalsPart
from annotator.ui.review.part import ReviewPart
from annotator.ui.search.part import SearchPart
from annotator.ui.stats.view import StatisticsDialog
from annotator.ui.team.lead import LeadWatch
from annotator.ui.team.watch import TeamWatch
from annotator.ui.transfer.part import TransferPart
from annotator.ui.window import state
from annotator.ui.window.actions import build_menu_bar, create_actions
from annotator.ui.window.imports import ArticleSources
from annotator.ui.window.opener import ProjectOpener
from annotator.ui.window.project_menu import ProjectMenu
from annotator.ui.window.shortcuts import ShortcutsDialog
from annotator.ui.window.side_panel import SidePanel, SideTabs
from annotator.ui.window.track_banner import TrackBanner
from annotator.ui.window.track_picker import TrackPicker
from annotator.ui.window.tracks import TrackMenu

POLL_MS = 1000  # how often the window looks for changes written by another process


class MainWindow(QMainWindow):
    def __init__(self, session: Session, opener: ProjectOpener | None = None) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.opener = opener or ProjectOpener()
        self._closed = False
        self._shown_once = False
        self.undo_stack = QUndoStack(self)
        self.actions = create_actions(self, self.undo_stack)
        menus = build_menu_bar(self.menuBar(), self.actions)
        ctx = self.ctx = WindowContext(session, self, self.statusBar(), self.undo_stack)
        ctx.actions = self.actions
        self.tabs = SideTabs()
        self.tabs.setObjectName("side_tabs")
        ctx.tabs = self.tabs

        self.article = ArticlePart(ctx)
        self.documents = DocumentsPart(ctx)
        self.labels = LabelsPart(ctx, self.article, menus.labels)
        self.entities = EntitiesPart(ctx, self.article)
        self.proposals = ProposalsPart(ctx, self.article)
        self.review = ReviewPart(ctx, self.article, self.documents)
        self.transfer = TransferPart(ctx)
        self.assign = AssignPart(ctx)
        self.search = SearchPart(ctx, self.article, self, self.documents)
        self.tracks = TrackMenu(ctx, menus.tracks)
        self.track_banner = TrackBanner(ctx)
        self.track_picker = TrackPicker(ctx, menus.tracks)
        self.project_menu = ProjectMenu(
            ctx, menus.recent, self.opener, self.open_project, self.update_title
        )
        self.team = TeamWatch(ctx, self.opener.take_team)
        self.lead = LeadWatch(ctx, self.opener.take_lead)
        self.imports = ArticleSources(
            ctx, self.project_menu.import_paths, self.transfer.start_import
        )
        self._lay_out()
        self._place_suggest_menu()
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._connect_signals()
        self._poll.start()
        self._split_saved = state.restore(self, self.splitter, self.article.view, self.actions.snap)
        self._attach(session)

    # -- construction --------------------------------------------------------------------------

    def _lay_out(self) -> None:
        self.tabs.addTab(self.labels.span_list, "Spans")
        self.tabs.addTab(self.entities.registry, "Entities")
        self.tabs.addTab(self.proposals.panel, "Proposals")
        self.tabs.addTab(self.review.panel, "Review")
        self.tabs.addTab(self.labels.guideline, "Guide")
        side = self.side = SidePanel(
            [
                (self.labels.palette, 0),
                (self.tabs, 1),
                (self.labels.selected_label, 0),
                (self.labels.note_edit, 0),
                (self.entities.editor, 0),
            ]
        )
        left = self.documents.pane
        middle = QWidget()  # the article, under what says it cannot be edited (if so)
        middle.setObjectName("article_column")
        over = QVBoxLayout(middle)
        over.setContentsMargins(0, 0, 0, 0)
        over.setSpacing(0)
        over.addWidget(self.track_banner.banner)
        over.addWidget(self.article.widget, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main_splitter")
        for widget in (left, middle, side):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(1, 1)
        left.setMinimumWidth(state.MIN_DOCUMENTS)  # legible however the splitter is dragged
        self.article.widget.setMinimumWidth(state.MIN_ARTICLE_WIDTH)
        self.splitter.setSizes(list(state.DEFAULT_SPLIT))
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.ctx.banner)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        # Panes and the status bar paint their own background, so a change inside one (a new
        # span row, a status message) does not repaint the window and splitter behind it.
        for pane in (left, self.article.widget, side.content, self.statusBar()):
            pane.setAutoFillBackground(True)
        self.annotator_label = QLabel()
        self.annotator_label.setObjectName("status_annotator")
        self.annotator_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.team.label)
        self.statusBar().addPermanentWidget(self.track_picker.button)
        self.statusBar().addPermanentWidget(self.annotator_label)

    def _place_suggest_menu(self) -> None:
        """The Suggest menu goes before Review."""
        bar = self.menuBar()
        review = next((a for a in bar.actions() if a.text() == "&Review"), None)
        if review is None:
            bar.addMenu(self.proposals.menu)
        else:
            bar.insertMenu(review, self.proposals.menu)

    def _connect_signals(self) -> None:
        a = self.actions
        a.quit.triggered.connect(self.close)
        a.shortcuts.triggered.connect(self._on_shortcuts_triggered)
        a.agreement.triggered.connect(self._on_agreement_triggered)
        a.statistics.triggered.connect(self._on_statistics_triggered)
        self._poll.timeout.connect(self._on_poll_timeout)
        self.undo_status = UndoStatus(self, self.undo_stack, self.statusBar(), a.undo, a.redo)
        self.entities.enter_first = self.proposals.accept_at_cursor
        self.review.active_changed.connect(self._on_review_active_changed)
        self.ctx.track_changed.connect(self.update_title)
        self.lead.others_visible.connect(self._on_lead_others_visible)

    # -- projects ------------------------------------------------------------------------------

    def _attach(self, session: Session) -> None:
        self.ctx.attach(session)
        self.documents.open_first()
        self.opener.remember(session.path)
        self.update_title()
        read = "read-only" if session.read_only or self.ctx.is_other() else "every edit is saved"
        self.statusBar().showMessage(f"Opened {session.path} ({read})", 15000)

    @property
    def session(self) -> Session:
        return self.ctx.session

    def open_project(self, path: Path) -> bool:
        """Switch the window to another project; the current one stays if that fails."""
        if project_file(path).resolve() == self.session.path.resolve():
            self.statusBar().showMessage(f"{path} is the project already open here", 6000)
            return True
        self.ctx.document_leaving.emit()  # a typed note goes to the project it was typed in
        session = self.opener.open(self, path)
        if session is None:
            return False
        SchemeEditorDialog.close_all(self)  # it edits the project being closed
        AgreementDialog.close_all(self)
        StatisticsDialog.close_all(self)
        old = self.session
        self._attach(session)
        old.close()
        return True

    def update_title(self) -> None:
        s, ctx = self.session, self.ctx
        ro = " [read-only]" if s.read_only else ""
        other = f" — showing {ctx.viewed_name()}'s, read-only" if ctx.is_other() else ""
        me = s.annotator_name(s.annotator.id)  # told apart from a namesake
        self.setWindowTitle(f"{project_name(s.path)}{ro} — {me}{other} — annotator")
        # (whose work is shown: the track picker beside it)
        self.annotator_label.setText(f"Annotator: {me}{ro}")

    # -- slots ---------------------------------------------------------------------------------

    def _on_poll_timeout(self) -> None:
        if self.ctx.write_away.busy:  # (its commit is this window's edit, told when it ends)
            return
        self.session.check_external_change()
        self.session.check_file()

    def _on_lead_others_visible(self, visible: bool) -> None:
        # A member sees the others' work as the lead now decided: their work files are
        # brought in from now on (all of them now, on a thread), or no longer.
        lead = self.lead.lead
        if not visible or lead is None:
            self.team.follow(None)
            return
        self.team.follow(TeamFolder(self.session, lead.parent))
        self.team.refresh()

    def _on_review_active_changed(self, on: bool) -> None:
        self.labels.set_palette_shown(not on)
        self.track_banner.set_reviewing(on)

    def _on_agreement_triggered(self) -> None:
        dialog = AgreementDialog.ask(self, self.session)
        dialog.document_requested.connect(
            self._on_agreement_document_requested, Qt.ConnectionType.UniqueConnection
        )

    def _on_agreement_document_requested(self, document_id: str) -> None:
        self.ctx.show_document(document_id)

    def _on_statistics_triggered(self) -> None:
        StatisticsDialog.ask(self, self.session)

    def _on_shortcuts_triggered(self) -> None:
        ShortcutsDialog.ask(self)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            state.fit_article(self, self.splitter, self.side, restored=self._split_saved)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if self._closed:
            super().closeEvent(event)
            return
        if self.ctx.write_away.busy:  # a heavy edit is being saved: the window waits for it
            event.ignore()
            self.ctx.say("An edit is being saved: close the window when it is done")
            return
        focused = QApplication.focusWidget()
        if focused is not None:
            focused.clearFocus()  # a field being typed in saves now, while the project is open
        self.ctx.document_leaving.emit()
        self.transfer.stop()  # a running import is cancelled: its transaction rolls back
        self.proposals.stop()  # a search in every document stops between two documents
        self.entities.stop_loading()  # the registry read on a thread as the project opened
        self._closed = True
        self.entities.editor.blockSignals(True)
        state.save(self, self.splitter)
        self._poll.stop()
        self.team.close()
        self.lead.close()
        self.ctx.detach()
        self.session.close()
        super().closeEvent(event)
