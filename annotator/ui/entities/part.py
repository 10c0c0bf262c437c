"""The entities part: entities, quotes and claims of the selected span in the attribute
editor, linking keys, speaker picking, the registry list (Entities tab).

Every choice becomes one operation (``session.ops.links``, whose rules say when a choice
changes nothing) pushed through the context.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent

from annotator.core.links import (
    CUE_LABEL,
    CheckWorthiness,
    ClaimerKind,
    Entity,
    Quote,
    QuoteType,
    Stance,
    Verdict,
)
from annotator.core.model import Layer, Span
from annotator.session import Change, ChangeKind, Session
from annotator.session.ops import links as ops
from annotator.session.ops.base import Refused
from annotator.session.ops.spans import add_segment
from annotator.session.registry import order_key
from annotator.ui.article.part import ArticlePart
from annotator.ui.common.actions import make_action
from annotator.ui.common.context import WindowContext
from annotator.ui.entities.editor import AttributeEditor
from annotator.ui.entities.loading import RegistryLoader
from annotator.ui.entities.registry import EntityPanel

_PICK_KEYS = frozenset(
    {
        Qt.Key.Key_Tab,
        Qt.Key.Key_Backtab,
        Qt.Key.Key_Right,
        Qt.Key.Key_Left,
        Qt.Key.Key_Down,
        Qt.Key.Key_Up,
        Qt.Key.Key_Return,
        Qt.Key.Key_Enter,
        Qt.Key.Key_Escape,
    }
)
_SHIFT = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


def _action(parent: QObject, name: str, text: str, keys: list[str]) -> QAction:
    return make_action(parent, name, text, list(keys), widget_only=True)


class EntitiesPart(QObject):
    def __init__(self, ctx: WindowContext, article: ArticlePart) -> None:
        super().__init__(ctx)
        self.ctx, self.article = ctx, article
        self.editor = AttributeEditor()
        self.registry = EntityPanel()
        self._registry_dirty = True
        self._registry_seen: int | None = None  # the registry's generation the list shows
        self._picking: tuple[Quote, list[Entity], int] | None = None
        self._loader: RegistryLoader | None = None  # the registry being read on a thread
        # Enter is first offered here (a proposal under the cursor is accepted); True: taken
        self.enter_first: Callable[[], bool] | None = None
        view = article.view
        self.link_entity = _action(
            self, "link_entity", "Link mention to proposed entity", ["Return", "Enter"]
        )
        self.new_entity = _action(
            self, "new_entity", "New entity from mention", ["Shift+Return", "Shift+Enter"]
        )
        self.next_candidate = _action(self, "next_candidate", "Next proposed entity", ["Alt+Down"])
        self.prev_candidate = _action(
            self, "prev_candidate", "Previous proposed entity", ["Alt+Up"]
        )
        self.add_segment = _action(
            self, "add_segment", "Add selection as a segment of the quote", ["Shift+Q"]
        )
        self.pick_speaker = _action(self, "pick_speaker", "Pick the quote's speaker", ["S"])
        self.next_mention_action = _action(
            self, "next_mention", "Next mention of the selected entity", ["F3"]
        )
        self.edit_attributes = _action(
            self, "edit_attributes", "Edit the selected span's entity, quote or claim", ["F4"]
        )
        self.actions = [
            self.link_entity,
            self.new_entity,
            self.next_candidate,
            self.prev_candidate,
            self.add_segment,
            self.pick_speaker,
            self.next_mention_action,
            self.edit_attributes,
        ]
        for action in self.actions:
            view.addAction(action)
        view.installEventFilter(self)
        article.intercept_click = self.pick_by_click
        self._connect_signals()

    @property
    def session(self) -> Session:
        return self.ctx.session

    def _connect_signals(self) -> None:
        e = self.editor
        e.entity_chosen.connect(self._on_editor_entity_chosen)
        e.new_entity_requested.connect(self._on_editor_new_entity_requested)
        e.entity_edited.connect(self._on_editor_entity_edited)
        e.speaker_chosen.connect(self._on_editor_speaker_chosen)
        e.speaker_text_edited.connect(self._on_editor_speaker_text_edited)
        e.quote_type_chosen.connect(self._on_editor_quote_type_chosen)
        e.quote_note_edited.connect(self._on_editor_quote_note_edited)
        e.claimer_chosen.connect(self._on_editor_claimer_chosen)
        e.claim_field_chosen.connect(self._on_editor_claim_field_chosen)
        e.evidence_edited.connect(self._on_editor_evidence_edited)
        e.leave_requested.connect(self._on_editor_leave_requested)
        self.link_entity.triggered.connect(self._on_link_entity_triggered)
        self.new_entity.triggered.connect(self._on_editor_new_entity_requested)
        self.next_candidate.triggered.connect(self._on_next_candidate_triggered)
        self.prev_candidate.triggered.connect(self._on_prev_candidate_triggered)
        self.add_segment.triggered.connect(self._on_add_segment_triggered)
        self.pick_speaker.triggered.connect(self._on_pick_speaker_triggered)
        self.next_mention_action.triggered.connect(self._on_next_mention_triggered)
        self.edit_attributes.triggered.connect(self._on_edit_attributes_triggered)
        r = self.registry
        r.next_mention_requested.connect(self.next_mention)
        r.merge_requested.connect(self._on_registry_merge_requested)
        r.model.rename_requested.connect(self._on_registry_rename_requested)
        ctx = self.ctx
        ctx.project_changed.connect(self._on_ctx_project_changed)
        ctx.document_leaving.connect(self.cancel_pick)
        ctx.track_changed.connect(self.refresh)
        ctx.changed.connect(self._on_ctx_changed)
        self.article.selection_changed.connect(self._on_article_selection_changed)
        self.article.view.spans_hovered.connect(self.hover)
        if ctx.tabs is not None:
            ctx.tabs.currentChanged.connect(self._on_tabs_current_changed)

    # -- what is selected ----------------------------------------------------------------------

    def selected(self) -> Span | None:
        return self.article.selected()

    def selected_quote(self) -> Quote | None:
        span = self.selected()
        return self.session.links.quote_of_span(span.id) if span is not None else None

    def refresh(self) -> None:
        """Show the selected span's attributes (after a selection or any change)."""
        span = self.selected()
        view = self.article.view
        self.editor.setEnabled(not self.ctx.is_other() and not self.session.read_only)
        if self._picking is None:
            view.set_hints([])
        if span is None:
            self.editor.show_nothing()
            return
        if span.layer is Layer.ENTITY:
            self._show_entity(span)
        elif span.layer is Layer.QUOTE:
            quote = self.session.links.quote_of_span(span.id)
            if quote is None:
                self.editor.show_nothing()
                return
            self._show_quote(quote)
        else:
            self._show_claim(span)

    def refresh_registry(self) -> None:
        """The registry list, refreshed only while it is shown: filled once, then only the
        rows of the entities each change touched."""
        tabs = self.ctx.tabs
        shown = tabs is None or tabs.currentWidget() is self.registry
        if not (self._registry_dirty and shown) or self._loader is not None:
            return  # (while the registry is read, the list waits for it: filled when read)
        self._registry_dirty = False
        registry = self.session.registry
        seen, self._registry_seen = self._registry_seen, registry.generation
        changed = registry.changed_since(seen) if seen is not None else None
        if changed is None:
            self.registry.reset(registry.entities(), registry.mention_counts())
        elif changed:
            counts = registry.counts_of(changed)
            rows = {i: registry.find(i) for i in sorted(changed)}
            self.registry.update_rows(
                {i: (e, *counts[i]) if e is not None else None for i, e in rows.items()}
            )

    def hover(self, span_ids: list[str]) -> None:
        """Pointing at a quote outlines its speaker's mentions and its cue (the selection's
        hints come back when the pointer leaves it)."""
        if self._picking is not None:
            return
        links = self.session.links
        quotes = (links.quote_of_span(i) for i in span_ids if self._is_quote(i))
        quote = next((q for q in quotes if q is not None), None)
        if quote is None:
            self.refresh_hints()
            return
        self.article.view.set_hints(self._quote_hints(quote))

    def _is_quote(self, span_id: str) -> bool:
        span = self.article.view.span(span_id)
        return span is not None and span.layer is Layer.QUOTE

    def _quote_hints(self, quote: Quote) -> list[str]:
        spans = self.article.view.spans()
        ids = {s.id for s in spans}
        speaker = quote.speaker_entity_id
        mentions = [s.id for s in spans if speaker and s.entity_id == speaker]
        return mentions + [i for i in quote.span_ids if i in ids]

    def refresh_hints(self) -> None:
        quote = self.selected_quote()
        self.article.view.set_hints(self._quote_hints(quote) if quote else [])

    def _show_entity(self, span: Span) -> None:
        """The mention's entity; closer registry entities are proposed while it has none, or
        only the one made from its name when it was labelled (Enter then links the first)."""
        registry = self.session.registry
        linked = registry.entity(span.entity_id) if span.entity_id else None
        fresh = linked is not None and registry.made_for(linked, span)
        leaving_out = linked.id if linked is not None else None
        proposed = (
            registry.candidates(span.text, span.label, leaving_out=leaving_out)
            if linked is None or fresh
            else []
        )
        others = registry.of_type(span.label)
        types = [lb.name for lb in self.session.scheme.by_layer(Layer.ENTITY)]
        self.editor.show_entity(linked, proposed, others, types, fresh=fresh, order=order_key)

    def _show_quote(self, quote: Quote) -> None:
        session = self.session
        near = session.links.speaker_candidates(quote)
        registry = session.registry
        speaker = registry.find(quote.speaker_entity_id) if quote.speaker_entity_id else None
        spans = {s.id: s for s in self.article.view.spans()}
        cue = spans.get(quote.cue_span_id or "")
        n = len(quote.segment_ids)
        parts = (
            f"{n} segment{'s' if n != 1 else ''} · cue: "
            + (f"“{cue.text}”" if cue else "none (select the cue words, press U)")
            + " · Shift+Q adds the selected text as a segment"
        )
        self.editor.show_quote(quote, near, parts, registry.entities(), order_key, speaker)
        if self._picking is None:
            self.article.view.set_hints(self._quote_hints(quote))

    def _show_claim(self, span: Span) -> None:
        links = self.session.links
        inside = any(
            s.layer is Layer.QUOTE
            and s.label != CUE_LABEL
            and s.start <= span.start
            and span.end <= s.end
            and links.quote_of_span(s.id) is not None
            for s in self.article.view.spans()
        )
        claim = links.claim(span.id)
        registry = self.session.registry
        claimer = registry.find(claim.claimer_entity_id) if claim.claimer_entity_id else None
        self.editor.show_claim(claim, registry.entities(), inside, order_key, claimer)

    # -- quotes --------------------------------------------------------------------------------

    def _on_add_segment_triggered(self) -> None:
        quote = self.selected_quote()
        view = self.article.view
        start, end = view.selection_range()
        if quote is None or start >= end:
            self.ctx.say(
                "Select a quote, then select more text and press Shift+Q to add it as a segment"
            )
            return
        try:
            op = add_segment(self.session, quote, start, end, snapping=view.snapping)
        except Refused as exc:
            self.ctx.say(str(exc))
            return
        if self.ctx.push(op):
            view.clear_selection()
            self.article.select(op.span.id)

    def _update_quote(self, text: str, **changes: object) -> None:
        quote = self.selected_quote()
        op = ops.update_quote(self.session, quote, text, **changes) if quote else None
        if op is not None:
            self.ctx.push(op)

    def _on_editor_speaker_chosen(self, entity_id: str) -> None:
        self._update_quote("Set speaker", speaker_entity_id=entity_id or None)

    def _on_editor_speaker_text_edited(self, text: str) -> None:
        self._update_quote("Set speaker text", speaker_text=" ".join(text.split()))

    def _on_editor_quote_type_chosen(self, value: str) -> None:
        self._update_quote("Set quote type", quote_type=QuoteType(value))

    def _on_editor_quote_note_edited(self, text: str) -> None:
        self._update_quote("Edit quote note", note=text.strip())

    def _on_pick_speaker_triggered(self) -> None:
        quote = self.selected_quote()
        if quote is None:
            self.ctx.say("Select a quote first, then press S")
            return
        candidates = self.session.links.speaker_candidates(quote)
        if not candidates:
            self.ctx.say("No entity is mentioned in this document yet: link a mention first")
            return
        start = next((i for i, e in enumerate(candidates) if e.id == quote.speaker_entity_id), 0)
        self._picking = (quote, candidates, start)
        self._show_pick()

    def _show_pick(self) -> None:
        assert self._picking is not None
        quote, candidates, index = self._picking
        entity = candidates[index]
        spans = self.article.view.spans()
        mentions = [s.id for s in spans if s.entity_id == entity.id]
        first = min((x.start for x in spans if x.id in quote.segment_ids), default=0)
        nearest = min(
            (s for s in spans if s.id in mentions),
            key=lambda s: abs(s.start - first),
            default=None,
        )
        self.article.view.set_hints(mentions, nearest.id if nearest else "")
        self.ctx.say(
            f"Speaker: {entity.name} ({index + 1}/{len(candidates)}) — Tab/arrows: next, "
            "Enter: accept, Esc: cancel, or click a mention"
        )

    def _finish_pick(self, entity_id: str | None) -> None:
        assert self._picking is not None
        quote = self._picking[0]
        self._picking = None
        self.article.view.set_hints([])
        if entity_id is not None:
            current = self.session.links.quote_of_span(quote.segment_ids[0]) or quote
            after = current.with_changes(speaker_entity_id=entity_id)
            self.ctx.push(ops.UpdateQuote(self.session, after, "Pick speaker"))
        self.ctx.status.clearMessage()
        self.refresh()

    def cancel_pick(self) -> None:
        if self._picking is not None:
            self._picking = None
            self.article.view.set_hints([])
            self.ctx.status.clearMessage()

    def pick_by_click(self, span_id: str) -> bool:
        """While picking, a click on a linked mention chooses its entity."""
        if self._picking is None:
            return False
        span = self.article.view.span(span_id)
        if span is not None and span.entity_id:
            self._finish_pick(span.entity_id)
        return True

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if self._picking is None or not isinstance(event, QKeyEvent):
            return False
        if event.key() not in _PICK_KEYS or event.modifiers() & ~_SHIFT:
            return False  # Ctrl+Z and the rest work as usual while picking
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # while picking, these keys belong to the picker
            return True
        if event.type() != QEvent.Type.KeyPress:
            return False
        quote, candidates, index = self._picking
        key = event.key()
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Right, Qt.Key.Key_Down):
            self._picking = (quote, candidates, (index + 1) % len(candidates))
            self._show_pick()
        elif key in (Qt.Key.Key_Backtab, Qt.Key.Key_Left, Qt.Key.Key_Up):
            self._picking = (quote, candidates, (index - 1) % len(candidates))
            self._show_pick()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._finish_pick(candidates[index].id)
        elif key == Qt.Key.Key_Escape:
            self._finish_pick(None)
        return True

    # -- entities ------------------------------------------------------------------------------

    def next_mention(self, entity_id: str) -> None:
        """Go to the entity's next mention after the selected one, in any document."""
        ctx = self.ctx
        mentions = self.session.registry.mentions(entity_id, ctx.viewed)
        if not mentions:
            ctx.say("This entity has no mention yet")
            return
        current = (ctx.document_id, self.article.view.selected_span_id)
        index = mentions.index(current) + 1 if current in mentions else 0
        document_id, span_id = mentions[index % len(mentions)]
        if document_id != ctx.document_id:
            ctx.show_document(document_id)
        self.article.select(span_id, scroll=True)
        ctx.say(f"Mention {index % len(mentions) + 1} of {len(mentions)}")

    def _on_editor_leave_requested(self) -> None:
        self.article.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_edit_attributes_triggered(self) -> None:
        """F4: into the editor's first field (Tab moves on, Esc or F4 there goes back)."""
        self.editor.focus_first()

    def _on_next_mention_triggered(self) -> None:
        span = self.selected()
        entity_id = span.entity_id if span is not None else None
        entity_id = entity_id or self.registry.current_id()
        if entity_id:
            self.next_mention(entity_id)

    def _on_registry_merge_requested(self, keep_id: str, gone_id: str) -> None:
        self.ctx.push(ops.merge_entities(self.session, keep_id, gone_id))

    def _on_registry_rename_requested(self, entity_id: str, name: str) -> None:
        op = ops.rename_entity(self.session, entity_id, name)
        if op is not None:
            self.ctx.push(op)

    def _link(self, entity_id: str) -> None:
        span = self.selected()
        op = ops.link_mention(self.session, span, entity_id) if span is not None else None
        if op is not None:
            self.ctx.push(op)

    def _on_link_entity_triggered(self) -> None:
        if self.enter_first is not None and self.enter_first():
            return  # Enter on a proposal accepts it
        span = self.selected()
        if span is None or span.layer is not Layer.ENTITY:
            return
        proposed = self.editor.proposed_entity_id()
        if proposed:
            self._link(proposed)
        elif span.entity_id is None:
            self._on_editor_new_entity_requested()

    def _on_editor_entity_chosen(self, entity_id: str) -> None:
        self._link(entity_id)

    def _on_editor_new_entity_requested(self) -> None:
        span = self.selected()
        try:
            op = ops.new_entity_from(self.session, span) if span is not None else None
        except Refused as exc:
            self.ctx.say(str(exc))
            return
        if op is not None:
            self.ctx.push(op)

    def _on_next_candidate_triggered(self) -> None:
        self.editor.cycle_entity(1)

    def _on_prev_candidate_triggered(self) -> None:
        self.editor.cycle_entity(-1)

    def _on_editor_entity_edited(self, name: str, type_: str, aliases: str, wikidata: str) -> None:
        span = self.selected()
        if span is None or span.entity_id is None:
            return
        op = ops.edit_entity(
            self.session, span.entity_id, name=name, type_=type_, aliases=aliases, wikidata=wikidata
        )
        if op is not None:
            self.ctx.push(op)

    # -- claims --------------------------------------------------------------------------------

    def _set_claim(self, text: str, **changes: object) -> None:
        span = self.selected()
        op = ops.set_claim(self.session, span, text, **changes) if span is not None else None
        if op is not None:
            self.ctx.push(op)

    def _on_editor_claimer_chosen(self, kind: str, entity_id: str) -> None:
        self._set_claim(
            "Set claimer", claimer_kind=ClaimerKind(kind), claimer_entity_id=entity_id or None
        )

    def _on_editor_claim_field_chosen(self, field: str, value: str) -> None:
        kinds = {"stance": Stance, "check_worthiness": CheckWorthiness, "verdict": Verdict}
        self._set_claim(f"Set {field.replace('_', ' ')}", **{field: kinds[field](value)})

    def _on_editor_evidence_edited(self, text: str) -> None:
        self._set_claim("Edit evidence", evidence=text.strip())

    # -- the project ---------------------------------------------------------------------------

    def _on_ctx_project_changed(self) -> None:
        self.stop_loading(wait=False)  # another project's: it ends by itself
        self._registry_dirty = True
        self._registry_seen = None
        if not self.session.registry.loaded():
            loader = self._loader = RegistryLoader(self.session.registry_loading())
            loader.finished.connect(self._on_loader_finished)
            loader.begin()
        self.refresh_registry()

    def stop_loading(self, wait: bool = True) -> None:
        """Stop reading the registry (the window or the project closes); ``wait``: until its
        thread has ended."""
        loader, self._loader = self._loader, None
        if loader is None:
            return
        loader.finished.disconnect(self._on_loader_finished)
        loader.loading.cancel()
        if wait:
            loader.wait()

    def _on_loader_finished(self) -> None:
        if self._loader is None:  # (only the current loader is connected)
            return
        self._loader = None
        self.session.registry.take_loaded()
        self.refresh_registry()

    def _on_ctx_changed(self, change: Change) -> None:
        self._registry_dirty = True
        if self.ctx.tabs is not None and self.ctx.tabs.currentWidget() is self.registry:
            self.ctx.run_later(self.refresh_registry)
        if change.kind in (ChangeKind.LINKS, ChangeKind.ENTITIES):
            self.refresh()

    def _on_article_selection_changed(self, _span_id: str) -> None:
        self.refresh()

    def _on_tabs_current_changed(self, _index: int) -> None:
        self.refresh_registry()
