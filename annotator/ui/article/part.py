"""The article part: the current document's title and text with the shown annotator's spans,
kept current as edits are reported; find, zoom, snapping; the span selection.

It is the one reader of the shown spans: other parts hear what it shows (``spans_shown``,
``span_changed``) and which span is selected (``selection_changed``) instead of reading them
again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from annotator.core.errors import AnnotatorError
from annotator.core.model import Span
from annotator.session import Change, ChangeKind
from annotator.session.ops.spans import resize
from annotator.ui.article.find_bar import FindBar
from annotator.ui.article.view import ArticleView
from annotator.ui.common.context import WindowContext
from annotator.ui.common.repaint import after_this_frame

_RELOADS = {
    ChangeKind.EXTERNAL: "Reloaded: the project file was changed by another program",
    ChangeKind.SCHEME: "Label scheme changed",
}


class ArticlePart(QObject):
    """Shows ``ctx.document_id`` as ``ctx.viewed`` annotated it; the view is ``ctx.article``."""

    spans_shown = Signal(list)  # every span shown, after a document is shown or read again
    span_changed = Signal(str, object)  # a span id and the span now shown (None: gone)
    selection_changed = Signal(str)  # the selected span id ("" for none)

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.widget = QWidget()
        layout = QVBoxLayout(self.widget)
        layout.setContentsMargins(0, 6, 0, 6)
        self.title = QLabel("")
        self.title.setObjectName("document_title")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: 600; font-size: 15px; padding: 2px 4px;")
        layout.addWidget(self.title)
        self.view = ArticleView()
        self.find_bar = FindBar(self.view)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.view, 1)
        ctx.article = self.view
        # a click while another part picks (a speaker) is that part's; True means taken
        self.intercept_click: Callable[[str], bool] | None = None
        self._connect_signals()

    def _connect_signals(self) -> None:
        ctx = self.ctx
        ctx.document_changed.connect(self._on_ctx_document_changed)
        ctx.track_changed.connect(self._on_ctx_track_changed)
        ctx.changed.connect(self._on_ctx_changed)
        ctx.span_requested.connect(self._on_ctx_span_requested)
        self.view.span_selected.connect(self._on_view_span_selected)
        self.view.resize_requested.connect(self._on_view_resize_requested)
        if ctx.actions is not None:
            a = ctx.actions
            a.find.triggered.connect(self.find_bar.open_bar)
            a.zoom_in.triggered.connect(self._on_zoom_in_triggered)
            a.zoom_out.triggered.connect(self._on_zoom_out_triggered)
            a.snap.toggled.connect(self._on_snap_toggled)

    # -- what is shown -------------------------------------------------------------------------

    def selected(self) -> Span | None:
        """The selected span, as shown."""
        view = self.view
        return view.span(view.selected_span_id) if view.selected_span_id else None

    def select(self, span_id: str, *, scroll: bool = False) -> None:
        """Select a shown span ("" for none)."""
        self.view.select_span(span_id, scroll=scroll)
        self.selection_changed.emit(self.view.selected_span_id)

    def show(self, document_id: str | None) -> None:
        session = self.ctx.session
        if document_id is None:
            self.view.clear_document()
            self.title.setText("No document: File > Import articles… adds some")
            self.spans_shown.emit([])
            self.select("")
            return
        doc = session.document(document_id)
        spans = session.spans(document_id, self.ctx.viewed)
        self.view.show_document(doc.text, spans, session.scheme)
        self.title.setText(f"{doc.title}   ·   {doc.date or 'no date'}")
        self.spans_shown.emit(spans)
        self.select("")
        QSettings().setValue(f"last_document/{session.path}", document_id)

    def reload(self) -> None:
        """This document's spans read again, keeping the reader's place and selection."""
        document_id = self.ctx.document_id
        if document_id is None:
            return
        top, selected = self.view.top_line(), self.view.selected_span_id
        session = self.ctx.session
        doc = session.document(document_id)
        spans = session.spans(document_id, self.ctx.viewed)
        self.view.show_document(doc.text, spans, session.scheme)
        self.spans_shown.emit(spans)
        self.view.scroll_to_line(*top)
        self.select(selected if self.view.span(selected) else "")

    def _refresh_span(self, span_id: str) -> None:
        try:
            span: Span | None = self.ctx.session.span(span_id)
        except KeyError:
            span = None
        if span is None or span.annotator_id != self.ctx.viewed:
            was_selected = self.view.selected_span_id == span_id
            self.view.remove_span(span_id)
            self.span_changed.emit(span_id, None)
            if was_selected:
                self.selection_changed.emit("")
            return
        self.view.upsert_span(span)
        self.span_changed.emit(span_id, span)
        if self.view.selected_span_id == span_id:
            self.selection_changed.emit(span_id)

    # -- slots ---------------------------------------------------------------------------------

    def _on_ctx_document_changed(self, document_id: str | None) -> None:
        self.show(document_id)

    def _on_ctx_track_changed(self) -> None:
        self.show(self.ctx.document_id)

    def _on_ctx_changed(self, change: Change) -> None:
        ctx = self.ctx
        if change.kind in _RELOADS:
            gone = (
                ctx.document_id is not None and ctx.session.document_meta(ctx.document_id) is None
            )
            if ctx.document_id is not None and not gone:  # (if gone, the list shows another)
                top, selected = self.view.top_line(), self.view.selected_span_id
                self.show(ctx.document_id)
                self.view.scroll_to_line(*top)
                self.select(selected if self.view.span(selected) else "")
            ctx.say(_RELOADS[change.kind], 8000)
            return
        if change.document_id != ctx.document_id and change.document_id is not None:
            return
        if change.kind is ChangeKind.SPANS:
            after_this_frame(self, [ctx.status])
            for span_id in change.span_ids:
                self._refresh_span(span_id)
        elif change.kind in (ChangeKind.DECISIONS, ChangeKind.ENTITIES):
            self.reload()
        elif change.kind is ChangeKind.DOCUMENT_META and ctx.document_id is not None:
            doc = ctx.session.document(ctx.document_id)
            self.title.setText(f"{doc.title}   ·   {doc.date or 'no date'}")

    def _on_ctx_span_requested(self, span_id: str, scroll: bool) -> None:
        self.select(span_id, scroll=scroll)

    def _on_view_span_selected(self, span_id: str) -> None:
        if self.intercept_click is not None and self.intercept_click(span_id):
            return
        self.select(span_id)

    def _on_view_resize_requested(self, span_id: str, start: int, end: int) -> None:
        span = self.view.span(span_id)
        if span is None:
            return
        try:
            op = resize(self.ctx.session, span, start, end)
        except AnnotatorError as exc:
            self.ctx.say(str(exc), 6000)
            return
        self.ctx.push(op)

    def _on_zoom_in_triggered(self) -> None:
        QSettings().setValue("view/font_px", self.view.zoom(+1))

    def _on_zoom_out_triggered(self) -> None:
        QSettings().setValue("view/font_px", self.view.zoom(-1))

    def _on_snap_toggled(self, on: bool) -> None:
        self.view.snapping = on
        QSettings().setValue("view/snap", on)
