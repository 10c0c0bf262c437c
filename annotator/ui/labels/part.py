"""The labels part: a label key or button labels the selection or relabels the selected span
(the rules are ``session.ops.spans``'); the label buttons, the Labels menu, the Spans tab, the
selected span's note, deleting a span, the scheme editor and the Guide tab."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QMenu, QTableView

from annotator.core.errors import AnnotatorError
from annotator.core.model import Label, Layer, Span
from annotator.session import Change, ChangeKind
from annotator.session.ops.base import Refused, short
from annotator.session.ops.spans import RemoveSpan, edit_note, label_selection, relabel
from annotator.ui.article.part import ArticlePart
from annotator.ui.common import plain
from annotator.ui.common.actions import label_action
from annotator.ui.common.context import WindowContext
from annotator.ui.common.models import ID_ROLE
from annotator.ui.common.repaint import after_this_frame
from annotator.ui.labels.guideline import GuidelinePanel
from annotator.ui.labels.panel import LabelPalette
from annotator.ui.labels.scheme_editor import SchemeEditorDialog
from annotator.ui.labels.spans import SpanListModel

SELECTED_CHARS = 80  # of the selected span's text under the tabs (two lines of the column)


class LabelsPart(QObject):
    def __init__(self, ctx: WindowContext, article: ArticlePart, menu: QMenu) -> None:
        super().__init__(ctx)
        self.ctx, self.article, self.menu = ctx, article, menu
        self.label_actions: dict[tuple[Layer, str], QAction] = {}
        self.palette = LabelPalette()
        self.span_model = SpanListModel()
        # A one-column table, not a QListView: with fixed row heights it does not walk every
        # row after each insert (QListView's relayout cost grows with the span count).
        self.span_list = QTableView()
        self.span_list.setObjectName("span_list")
        self.span_list.setModel(self.span_model)
        self.span_list.horizontalHeader().hide()
        self.span_list.horizontalHeader().setStretchLastSection(True)
        self.span_list.verticalHeader().hide()
        self.span_list.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.span_list.verticalHeader().setDefaultSectionSize(
            self.span_list.fontMetrics().height() + 6
        )
        self.span_list.setShowGrid(False)
        self.span_list.setWordWrap(False)
        self.span_list.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.span_list.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.selected_label = QLabel("No span selected")
        self.selected_label.setObjectName("selected_span")
        self.selected_label.setTextFormat(Qt.TextFormat.PlainText)
        self.selected_label.setWordWrap(True)
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("note_edit")
        self.note_edit.setPlaceholderText("Note on the selected span (Enter saves)")
        self.note_edit.setEnabled(False)
        self.guideline = GuidelinePanel()
        self._note_span_id = ""  # the span the note field is editing
        if ctx.actions is not None:
            ctx.actions.delete_span.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            article.view.addAction(ctx.actions.delete_span)
        self._connect_signals()

    def _connect_signals(self) -> None:
        ctx = self.ctx
        ctx.project_changed.connect(self._on_ctx_project_changed)
        ctx.document_leaving.connect(self.commit_note)
        ctx.changed.connect(self._on_ctx_changed)
        self.article.spans_shown.connect(self._on_article_spans_shown)
        self.article.span_changed.connect(self._on_article_span_changed)
        self.article.selection_changed.connect(self._on_article_selection_changed)
        self.span_list.clicked.connect(self._on_span_list_clicked)
        # editingFinished covers both Enter and leaving the field: the note is saved either way.
        self.note_edit.editingFinished.connect(self.commit_note)
        if ctx.actions is not None:
            a = ctx.actions
            a.delete_span.triggered.connect(self._on_delete_span_triggered)
            a.edit_note.triggered.connect(self._on_edit_note_triggered)
            a.edit_scheme.triggered.connect(self._on_edit_scheme_triggered)

    # -- the scheme ----------------------------------------------------------------------------

    def build_label_actions(self) -> None:
        """One action per label (its key works in the article), in the menu and the palette."""
        view = self.article.view
        for action in self.label_actions.values():
            view.removeAction(action)
            action.deleteLater()
        self.label_actions.clear()
        self.menu.clear()
        scheme = self.ctx.session.scheme
        for layer in Layer:
            labels = scheme.by_layer(layer)
            if labels:
                self.menu.addSection(layer.heading)
            for label in labels:
                action = label_action(self, label)
                action.triggered.connect(self._on_label_action_triggered)
                view.addAction(action)
                self.menu.addAction(action)
                self.label_actions[(layer, label.name)] = action
        self.menu.addSeparator()
        if self.ctx.actions is not None:
            self.menu.addAction(self.ctx.actions.edit_scheme)
        self.palette.set_scheme(scheme, self.label_actions)
        self.guideline.refresh(self.ctx.session)

    def set_palette_shown(self, on: bool) -> None:
        """Show or fold away the label buttons (review mode folds them: its list needs the
        height, and the label keys work without them)."""
        self.palette.setVisible(on)

    # -- labelling -----------------------------------------------------------------------------

    def apply_label(self, label: Label) -> None:
        """A label key or button: label the selection, or relabel the selected span."""
        ctx, view = self.ctx, self.article.view
        if ctx.document_id is None or ctx.refuse_if_read_only():
            return  # (read-only: said where the user looks, selection or not)
        start, end = view.selection_range()
        try:
            if start < end:
                selected = self.article.selected()
                quote = ctx.session.links.quote_of_span(selected.id) if selected else None
                op = label_selection(
                    ctx.session,
                    ctx.document_id,
                    start,
                    end,
                    label,
                    snapping=view.snapping,
                    selected_quote=quote,
                )
                if ctx.push(op):
                    view.clear_selection()
                    self.article.select(op.span.id)
                return
            span = self.article.selected()
            if span is None:
                ctx.say("Select some text (or a span) first, then press a label key")
                return
            change = relabel(ctx.session, span, label)
        except Refused as exc:
            ctx.say(str(exc))
            return
        if change is not None:
            ctx.push(change)

    def commit_note(self) -> None:
        """Save what was typed in the note field for its span, if it differs. Runs on Enter and
        leaving the field, and before anything moves the field to another span, document or
        project, or the window closes: a typed note is never dropped."""
        ctx = self.ctx
        if ctx.session.read_only or ctx.applying or not self._note_span_id:
            return  # (never while an undo or redo is being applied)
        span = self.article.view.span(self._note_span_id)
        op = edit_note(ctx.session, span, self.note_edit.text()) if span is not None else None
        if op is not None:
            ctx.push(op)

    def _show_selected(self, span_id: str) -> None:
        if span_id != self._note_span_id:
            self.commit_note()
        self._note_span_id = span_id
        span: Span | None = self.article.view.span(span_id) if span_id else None
        self.note_edit.blockSignals(True)
        self.note_edit.setText(span.note if span else "")
        self.note_edit.blockSignals(False)
        self.note_edit.setEnabled(span is not None and not self.ctx.session.read_only)
        if span is None:
            self.selected_label.setText("No span selected")
            self.selected_label.setToolTip("")
            self.span_list.clearSelection()
            return
        where = f"{span.label} [{span.start}, {span.end})"
        # two lines at most in the side column: the whole text is in the tooltip
        self.selected_label.setText(f"{where}: {short(span.text, SELECTED_CHARS)}")
        self.selected_label.setToolTip(plain.tooltip(f"{where}\n{span.text}"))
        row = self.span_model.row_of(span.id)
        if row >= 0:
            index = self.span_model.index(row)
            self.span_list.setCurrentIndex(index)
            self.span_list.scrollTo(index)

    # -- slots ---------------------------------------------------------------------------------

    def _on_ctx_project_changed(self) -> None:
        self._note_span_id = ""
        self.build_label_actions()

    def _on_ctx_changed(self, change: Change) -> None:
        if change.kind in (ChangeKind.SCHEME, ChangeKind.EXTERNAL):
            self.build_label_actions()
        elif change.kind is ChangeKind.SPANS and change.document_id == self.ctx.document_id:
            after_this_frame(self, (self.span_list, self.selected_label, self.note_edit))

    def _on_article_spans_shown(self, spans: list[Span]) -> None:
        self.span_model.reset(spans, self.ctx.session.scheme)

    def _on_article_span_changed(self, span_id: str, span: Span | None) -> None:
        if span is None:
            self.span_model.remove(span_id)
        else:
            self.span_model.upsert(span)

    def _on_article_selection_changed(self, span_id: str) -> None:
        self._show_selected(span_id)

    def _on_label_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            layer, name = action.data()
            label = self.ctx.session.scheme.get(Layer(layer), name)
            if label is not None:
                self.apply_label(label)

    def _on_span_list_clicked(self, index: QModelIndex) -> None:
        span_id = index.data(ID_ROLE)
        self.article.select(span_id, scroll=True)
        self.article.view.setFocus()

    def _on_delete_span_triggered(self) -> None:
        span = self.article.selected()
        if span is not None:
            self.ctx.push(RemoveSpan(self.ctx.session, span))

    def _on_edit_note_triggered(self) -> None:
        if self.note_edit.isEnabled():
            self.note_edit.setFocus()
            self.note_edit.selectAll()

    def _on_edit_scheme_triggered(self) -> None:
        ctx = self.ctx
        try:
            dialog = SchemeEditorDialog.ask(ctx.window, ctx.session, ctx.push)
        except AnnotatorError as exc:
            ctx.say(str(exc))
            return
        if ctx.actions is not None:
            dialog.addActions([ctx.actions.undo, ctx.actions.redo])
