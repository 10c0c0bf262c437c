"""The main window: document list, article, label panel; edits become undoable commands."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.links import CUE_LABEL
from annotator.core.model import Label, Layer, Span
from annotator.core.snapping import snap
from annotator.session import Change, ChangeKind, Session
from annotator.ui import commands, window_state
from annotator.ui.actions import build_menu_bar, create_actions, label_action
from annotator.ui.agreement_dialog import AgreementDialog
from annotator.ui.article_view import ArticleView
from annotator.ui.dialogs import (
    Notice,
    TextDialog,
)
from annotator.ui.document_list import DocumentListPane
from annotator.ui.document_menu import DocumentMenu
from annotator.ui.find_bar import FindBar
from annotator.ui.label_panel import LabelPanel
from annotator.ui.link_controller import LinkController
from annotator.ui.models import ID_ROLE, SpanListModel
from annotator.ui.project_menu import ProjectMenu
from annotator.ui.project_opener import ProjectOpener
from annotator.ui.proposals import ProposalController, ProposalListModel, ProposalPanel
from annotator.ui.repaint import after_this_frame
from annotator.ui.review_panel import ReviewController
from annotator.ui.scheme_editor import GuidelinePanel, SchemeEditorDialog
from annotator.ui.shortcuts import shortcuts_text
from annotator.ui.track_menu import TrackMenu
from annotator.ui.transfer import TransferController
from annotator.ui.undo_status import UndoStatus
from annotator.workspace import project_file, project_name

POLL_MS = 1000  # how often the window looks for changes written by another process


class MainWindow(QMainWindow):
    def __init__(self, session: Session, opener: ProjectOpener | None = None) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.session = session
        self.opener = opener or ProjectOpener()
        self.current_id: str | None = None
        self._closed = False
        self._shown_once = False
        self._note_span_id = ""  # the span the note field is editing
        self._in_change = False
        self._first_apply = False
        self._entities_dirty = True
        self.undo_stack = QUndoStack(self)
        self.actions = create_actions(self, self.undo_stack)
        self.label_actions: dict[tuple[Layer, str], QAction] = {}
        self.span_model = SpanListModel()
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._build_widgets()
        self._build_menus()
        self._connect_signals()
        self._poll.start()
        window_state.restore(self)
        self._attach(session)

    # -- construction --------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.documents = DocumentListPane()
        # short names the tests and the rest of the window use
        self.doc_model = self.documents.model
        self.doc_filter = self.documents.filtered
        self.filter_edit = self.documents.filter_edit
        self.doc_table = self.documents.table
        left = self.documents

        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 6, 0, 6)
        self.doc_title = QLabel("")
        self.doc_title.setObjectName("document_title")
        self.doc_title.setTextFormat(Qt.TextFormat.PlainText)
        self.doc_title.setWordWrap(True)
        self.doc_title.setStyleSheet("font-weight: 600; font-size: 15px; padding: 2px 4px;")
        centre_layout.addWidget(self.doc_title)
        self.view = ArticleView()
        self.find_bar = FindBar(self.view)
        centre_layout.addWidget(self.find_bar)
        centre_layout.addWidget(self.view, 1)

        self.label_panel = LabelPanel(self.span_model)
        self.links = LinkController(self, self.label_panel.attributes)
        self.proposal_model = ProposalListModel()
        self.proposal_panel = ProposalPanel(self.proposal_model)
        self.label_panel.tabs.addTab(self.proposal_panel, "Proposals")
        self.proposals = ProposalController(self, self.proposal_panel, self.proposal_model)
        self.review = ReviewController(self)
        self.transfer = TransferController(self)
        self.guideline = GuidelinePanel()
        self.label_panel.tabs.addTab(self.guideline, "Guide")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main_splitter")
        for widget in (left, centre, self.label_panel):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(1, 1)
        left.setMinimumWidth(200)  # side panes stay legible however the splitter is dragged
        self.label_panel.setMinimumWidth(220)
        self.splitter.setSizes(list(window_state.DEFAULT_SPLIT))
        self.setCentralWidget(self.splitter)
        # Panes and the status bar paint their own background, so a change inside one (a new
        # span row, a status message) does not repaint the window and splitter behind it.
        for pane in (left, centre, self.label_panel, self.statusBar()):
            pane.setAutoFillBackground(True)

        self.annotator_label = QLabel()
        self.annotator_label.setObjectName("status_annotator")
        self.annotator_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.annotator_label)

        a = self.actions
        for action in (a.delete_span, a.mark_done):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.view.addAction(action)

    def _build_menus(self) -> None:
        menus = build_menu_bar(self.menuBar(), self.actions)
        self.recent_menu, self.label_menu = menus.recent, menus.labels
        self.tracks = TrackMenu(self, menus.tracks)
        self.proposals.install_menu()

    def _build_label_actions(self) -> None:
        for action in self.label_actions.values():
            self.view.removeAction(action)
            action.deleteLater()
        self.label_actions.clear()
        self.label_menu.clear()
        for layer in Layer:
            labels = self.session.scheme.by_layer(layer)
            if labels:
                self.label_menu.addSection(layer.heading)
            for label in labels:
                action = label_action(self, label)
                action.triggered.connect(self._on_label_action_triggered)
                self.view.addAction(action)
                self.label_menu.addAction(action)
                self.label_actions[(layer, label.name)] = action
        self.label_menu.addSeparator()
        self.label_menu.addAction(self.actions.edit_scheme)
        self.label_panel.set_scheme(self.session.scheme, self.label_actions)
        self.guideline.refresh(self.session)

    def _connect_signals(self) -> None:
        a = self.actions
        self.project_menu = ProjectMenu(self, self.recent_menu)
        a.quit.triggered.connect(self.close)
        a.find.triggered.connect(self.find_bar.open_bar)
        a.delete_span.triggered.connect(self._on_delete_span_triggered)
        a.edit_note.triggered.connect(self._on_edit_note_triggered)
        a.zoom_in.triggered.connect(self._on_zoom_in_triggered)
        a.zoom_out.triggered.connect(self._on_zoom_out_triggered)
        a.snap.toggled.connect(self._on_snap_toggled)
        a.next_doc.triggered.connect(self._on_next_doc_triggered)
        a.prev_doc.triggered.connect(self._on_prev_doc_triggered)
        self.document_menu = DocumentMenu(self)
        a.shortcuts.triggered.connect(self._on_shortcuts_triggered)
        self._poll.timeout.connect(self._on_poll_timeout)
        self.actions.edit_scheme.triggered.connect(self._on_edit_scheme_triggered)
        self.actions.agreement.triggered.connect(self._on_agreement_triggered)
        self.documents.document_chosen.connect(self._on_documents_document_chosen)
        self.undo_status = UndoStatus(
            self, self.undo_stack, self.statusBar(), self.actions.undo, self.actions.redo
        )
        self.view.span_selected.connect(self._on_view_span_selected)
        self.view.spans_hovered.connect(self.links.hover)
        entities = self.label_panel.entities
        entities.next_mention_requested.connect(self.links.next_mention)
        entities.merge_requested.connect(self.links.merge)
        entities.model.rename_requested.connect(self.links.rename)
        self.label_panel.tabs.currentChanged.connect(self._on_side_tabs_current_changed)
        self.view.resize_requested.connect(self._on_view_resize_requested)
        self.label_panel.span_list.clicked.connect(self._on_span_list_clicked)
        # editingFinished covers both Enter and leaving the field: the note is saved either way.
        self.label_panel.note_edit.editingFinished.connect(self._on_note_edit_editing_finished)

    # -- project -------------------------------------------------------------------------------

    def _attach(self, session: Session) -> None:
        self.session = session
        self.tracks.choose_on_open(session)
        session.subscribe(self._on_session_changed)
        self.undo_stack.clear()
        self.proposals.attach(session)
        self._build_label_actions()
        self.doc_model.reset(session.documents(self.tracks.annotator_id()))
        self._entities_dirty = True
        if self.label_panel.tabs.currentWidget() is self.label_panel.entities:
            self._refresh_entities()
        self.opener.remember(session.path)
        self.update_title()
        ids = self.doc_model.ids()
        last = QSettings().value(f"last_document/{session.path}", "")
        self.show_document(last if last in ids else (ids[0] if ids else None))
        state = "read-only: edits are disabled" if session.read_only else "every edit is saved"
        if self.tracks.is_other():
            state = (
                f"showing {self.tracks.viewed_name()}'s annotations read-only; "
                "View > Show annotations of > your name, to annotate"
            )
        self.statusBar().showMessage(f"Opened {session.path} ({state})", 15000)

    def open_project(self, path: Path) -> bool:
        """Switch the window to another project; the current one stays if that fails."""
        if project_file(path).resolve() == self.session.path.resolve():
            self.statusBar().showMessage(f"{path} is the project already open here", 6000)
            return True
        self.commit_note()
        session = self.opener.open(self, path)
        if session is None:
            return False
        SchemeEditorDialog.close_all(self)  # it edits the project being closed
        AgreementDialog.close_all(self)
        old = self.session
        old.unsubscribe(self._on_session_changed)
        old.close()
        self._attach(session)
        return True

    def update_title(self) -> None:
        s = self.session
        ro = " [read-only]" if s.read_only else ""
        other = (
            f" — showing {self.tracks.viewed_name()}'s, read-only" if self.tracks.is_other() else ""
        )
        self.setWindowTitle(f"{project_name(s.path)}{ro} — {s.annotator.name}{other} — annotator")
        self.annotator_label.setText(f"Annotator: {s.annotator.name}{ro}{other}")

    # -- showing documents ---------------------------------------------------------------------

    def show_document(self, document_id: str | None) -> None:
        self.commit_note()
        self.links.cancel_pick()
        self.current_id = document_id
        if document_id is None:
            self.view.clear_document()
            self.span_model.reset([], self.session.scheme)
            self.doc_title.setText("No document: File > Import articles… adds some")
            self._show_selected_span("")
            return
        doc = self.session.document(document_id)
        spans = self.session.spans(document_id, self.tracks.annotator_id())
        self.view.show_document(doc.text, spans, self.session.scheme)
        self.span_model.reset(spans, self.session.scheme)
        self.doc_title.setText(f"{doc.title}   ·   {doc.date or 'no date'}")
        self.documents.select(document_id)
        self._show_selected_span("")
        self.proposals.show()
        self.review.refresh()
        QSettings().setValue(f"last_document/{self.session.path}", document_id)

    def _step_document(self, step: int) -> None:
        document_id = self.documents.neighbour(step)
        if document_id is not None:
            self.show_document(document_id)

    def _show_selected_span(self, span_id: str) -> None:
        if span_id != self._note_span_id:
            self.commit_note()
        self._note_span_id = span_id
        self.view.select_span(span_id)
        span = self.view.span(span_id) if span_id else None
        panel = self.label_panel
        panel.note_edit.blockSignals(True)
        panel.note_edit.setText(span.note if span else "")
        panel.note_edit.blockSignals(False)
        panel.note_edit.setEnabled(span is not None and not self.session.read_only)
        self.links.refresh()
        if span is None:
            panel.selected_label.setText("No span selected")
            panel.span_list.clearSelection()
            return
        panel.selected_label.setText(f"{span.label} [{span.start}, {span.end}): {span.text}")
        row = self.span_model.row_of(span.id)
        if row >= 0:
            panel.span_list.setCurrentIndex(self.span_model.index(row))

    # -- edits ---------------------------------------------------------------------------------

    def push(self, command: commands._SessionCommand) -> bool:
        """Run one edit now (committed on return), then keep it on the undo stack."""
        if self.session.read_only:
            self.statusBar().showMessage("This project is open read-only: nothing was changed")
            return False
        if self.transfer.busy:
            self.statusBar().showMessage(f"{self.transfer.busy}: edits are paused until it ends")
            return False
        if self.tracks.is_other() and not command.writes_gold:
            self.statusBar().showMessage(
                f"Showing {self.tracks.viewed_name()}'s annotations, read-only: "
                "View > Show annotations of > your name, to annotate"
            )
            return False
        self._first_apply = True  # a new edit elsewhere (accept all) does not move the reader
        try:
            command.apply_first()
        except (AnnotatorError, KeyError) as exc:
            Notice.show(self, "Edit not made", str(exc), error=True)
            return False
        finally:
            self._first_apply = False
        self.undo_stack.push(command)
        return True

    def _reload_spans(self) -> None:
        """This document's spans read again, keeping the reader's place and selection."""
        if self.current_id is None:
            return
        top, selected = self.view.top_line(), self.view.selected_span_id
        doc = self.session.document(self.current_id)
        spans = self.session.spans(self.current_id, self.tracks.annotator_id())
        self.view.show_document(doc.text, spans, self.session.scheme)
        self.span_model.reset(spans, self.session.scheme)
        self.view.scroll_to_line(*top)
        self._show_selected_span(selected if self.view.span(selected) else "")
        self.proposals.show()

    def apply_label(self, label: Label) -> None:
        """A label key or button: label the selection, or relabel the selected span."""
        if self.current_id is None:
            return
        start, end = self.view.selection_range()
        if start < end:
            start, end = self.snapped(start, end)
            if start >= end:
                self.statusBar().showMessage(
                    "Only spaces or punctuation selected: nothing labelled"
                )
                return
            span = self.session.new_span(self.current_id, start, end, label)
            if self.push(self.links.span_command(span, label)):
                self.view.clear_selection()
                self.select_span(span.id)
            return
        selected = self.view.span(self.view.selected_span_id)
        if selected is None:
            self.statusBar().showMessage(
                "Select some text (or a span) first, then press a label key"
            )
            return
        if (selected.layer, selected.label) == (label.layer, label.name):
            return
        if selected.layer is not label.layer or CUE_LABEL in (selected.label, label.name):
            # entity links, quotes and claim attributes belong to one layer
            self.statusBar().showMessage(
                f"A {selected.label} span cannot become {label.name}: delete it and label again"
            )
            return
        after = selected.with_changes(layer=label.layer, label=label.name)
        self.push(
            commands.UpdateSpan(
                self.session, selected, after, f"Relabel {selected.label} as {label.name}"
            )
        )

    def snapped(self, start: int, end: int) -> tuple[int, int]:
        """The selection as labelled: snapped to words unless snapping is off."""
        return snap(self.view.text, start, end) if self.actions.snap.isChecked() else (start, end)

    def select_span(self, span_id: str) -> None:
        self._show_selected_span(span_id)

    # -- session events ------------------------------------------------------------------------

    def _on_session_changed(self, change: Change) -> None:
        self._in_change = True
        try:
            self._apply_change(change)
        finally:
            self._in_change = False

    def _apply_change(self, change: Change) -> None:
        if change.kind is ChangeKind.EXTERNAL:
            self._reload_all("Reloaded: the project file was changed by another program")
            return
        if change.kind is ChangeKind.SCHEME:
            self._reload_all("Label scheme changed")
            return
        if change.kind is ChangeKind.DOCUMENTS:
            self.doc_model.reset(self.session.documents(self.tracks.annotator_id()))
            ids = self.doc_model.ids()
            if self.current_id in ids:
                self.documents.select(self.current_id)  # a reset forgets the current row
            if change.document_id in ids and change.document_id != self.current_id:
                self.show_document(change.document_id)  # undo of a removal brings it back
            elif self.current_id not in ids:
                self.show_document(ids[0] if ids else None)
            return
        doc_id = change.document_id
        if doc_id is not None and doc_id != self.current_id and not self._first_apply:
            self.show_document(doc_id)  # an undo or redo in another document brings it up
        elif change.kind is ChangeKind.SPANS and doc_id in (None, self.current_id):
            panel = self.label_panel
            side = (panel.span_list, panel.selected_label, panel.note_edit, self.doc_table)
            after_this_frame(self, (*side, self.statusBar()))
            for span_id in change.span_ids:
                self._refresh_span(span_id)
        elif change.kind is ChangeKind.DECISIONS:
            self._reload_spans()
            self.review.refresh()
        self._entities_dirty = True
        if self.label_panel.tabs.currentWidget() is self.label_panel.entities:
            QTimer.singleShot(0, self, self._refresh_entities)
        if change.kind is ChangeKind.ENTITIES:
            # a merge or unmerge relinks mentions in any document: reload this one's spans,
            # and every document's warnings
            self._reload_spans()
            self.doc_model.reset(self.session.documents(self.tracks.annotator_id()))
            if self.current_id is not None:
                self.documents.select(self.current_id)
        if change.kind in (ChangeKind.LINKS, ChangeKind.ENTITIES):
            self.links.refresh()
        meta = self.session.document_meta(doc_id, self.tracks.annotator_id()) if doc_id else None
        if meta is not None:
            self.doc_model.update_row(meta)
            if change.kind is ChangeKind.DOCUMENT_META and doc_id == self.current_id:
                self.doc_title.setText(f"{meta.title}   ·   {meta.date or 'no date'}")
        self.review.on_change(change)

    def _refresh_span(self, span_id: str) -> None:
        try:
            span: Span | None = self.session.span(span_id)
        except KeyError:
            span = None
        if span is None or span.annotator_id != self.tracks.annotator_id():
            self.view.remove_span(span_id)
            self.span_model.remove(span_id)
            if self.view.selected_span_id == "":
                self._show_selected_span("")
            return
        self.view.upsert_span(span)
        self.span_model.upsert(span)
        if self.view.selected_span_id == span_id:
            self._show_selected_span(span_id)

    def _reload_all(self, message: str) -> None:
        """Reload after another program changed the file, keeping the reader's place."""
        top = self.view.top_line()
        selected = self.view.selected_span_id
        self._build_label_actions()
        self.doc_model.reset(self.session.documents(self.tracks.annotator_id()))
        ids = self.doc_model.ids()
        same = self.current_id in ids
        self.show_document(self.current_id if same else (ids[0] if ids else None))
        if same:
            self.view.scroll_to_line(*top)
            self._show_selected_span(selected if self.view.span(selected) else "")
        self.review.on_reload()
        self.statusBar().showMessage(message, 8000)

    # -- slots ---------------------------------------------------------------------------------

    def _refresh_entities(self) -> None:
        """The registry list, refreshed only while it is shown (it counts every mention)."""
        if self._entities_dirty and not self._closed:
            self._entities_dirty = False
            self.label_panel.entities.reset(self.session.entities(), self.session.mention_counts())

    def _on_side_tabs_current_changed(self, _index: int) -> None:
        self._refresh_entities()

    def _on_agreement_triggered(self) -> None:
        dialog = AgreementDialog.ask(self, self.session)
        dialog.document_requested.connect(self.show_document, Qt.ConnectionType.UniqueConnection)

    def _on_edit_scheme_triggered(self) -> None:
        dialog = SchemeEditorDialog.ask(self, self.session, self.push)
        dialog.addActions([self.actions.undo, self.actions.redo])

    def _on_label_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            layer, name = action.data()
            label = self.session.scheme.get(Layer(layer), name)
            if label is not None:
                self.apply_label(label)

    def _on_poll_timeout(self) -> None:
        self.session.check_external_change()

    def _on_documents_document_chosen(self, document_id: str) -> None:
        if document_id != self.current_id:
            self.show_document(document_id)

    def _on_view_span_selected(self, span_id: str) -> None:
        if self.links.pick_by_click(span_id):
            return
        self._show_selected_span(span_id)

    def _on_view_resize_requested(self, span_id: str, start: int, end: int) -> None:
        span = self.view.span(span_id)
        if span is None:
            return
        after = self.session.resized(span, start, end)
        self.push(commands.UpdateSpan(self.session, span, after, f"Resize {span.label}"))

    def _on_span_list_clicked(self, index: QModelIndex) -> None:
        span_id = index.data(ID_ROLE)
        self.view.select_span(span_id, scroll=True)
        self._show_selected_span(span_id)
        self.view.setFocus()

    def _on_note_edit_editing_finished(self) -> None:
        self.commit_note()

    def commit_note(self) -> None:
        """Save what was typed in the note field for its span, if it differs. Runs on Enter and
        leaving the field, and before anything moves the field to another span, document or
        project, or the window closes: a typed note is never dropped."""
        if self._closed or self.session.read_only or self._in_change:
            return  # (never while the undo stack is replaying an edit)
        span = self.view.span(self._note_span_id) if self._note_span_id else None
        note = self.label_panel.note_edit.text().strip()
        if span is None or note == span.note:
            return
        self.push(
            commands.UpdateSpan(self.session, span, span.with_changes(note=note), "Edit note")
        )

    def _on_delete_span_triggered(self) -> None:
        span = self.view.span(self.view.selected_span_id)
        if span is not None:
            self.push(commands.RemoveSpan(self.session, span))

    def _on_edit_note_triggered(self) -> None:
        if self.label_panel.note_edit.isEnabled():
            self.label_panel.note_edit.setFocus()
            self.label_panel.note_edit.selectAll()

    def _on_zoom_in_triggered(self) -> None:
        QSettings().setValue("view/font_px", self.view.zoom(+1))

    def _on_zoom_out_triggered(self) -> None:
        QSettings().setValue("view/font_px", self.view.zoom(-1))

    def _on_snap_toggled(self, on: bool) -> None:
        self.view.snapping = on
        QSettings().setValue("view/snap", on)

    def _on_next_doc_triggered(self) -> None:
        self._step_document(1)

    def _on_prev_doc_triggered(self) -> None:
        self._step_document(-1)

    def _on_shortcuts_triggered(self) -> None:
        TextDialog.ask(self, "Keyboard shortcuts", shortcuts_text(self.session.scheme))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            window_state.fit_article(self)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if self._closed:
            super().closeEvent(event)
            return
        focused = QApplication.focusWidget()
        if focused is not None:
            focused.clearFocus()  # a field being typed in saves now, while the project is open
        self.commit_note()
        self.transfer.stop()  # a running import is cancelled: its transaction rolls back
        self._closed = True
        self.label_panel.attributes.blockSignals(True)
        window_state.save(self)
        self._poll.stop()
        self.session.unsubscribe(self._on_session_changed)
        self.session.close()
        super().closeEvent(event)
