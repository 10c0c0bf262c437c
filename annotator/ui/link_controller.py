"""Entities, quotes and claims in the window: the attribute editor, linking keys, speaker picking.

Every choice becomes one undoable command pushed through the window.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent

from annotator.core.links import (
    CUE_LABEL,
    CheckWorthiness,
    Claim,
    ClaimerKind,
    Entity,
    Quote,
    QuoteType,
    Stance,
    Verdict,
)
from annotator.core.matching import candidates
from annotator.core.model import Label, Layer, Span
from annotator.ui import commands
from annotator.ui.actions import make_action
from annotator.ui.attribute_editor import AttributeEditor
from annotator.ui.commands_links import (
    LinkMention,
    MergeEntities,
    SetClaim,
    UpdateEntity,
    UpdateQuote,
)

if TYPE_CHECKING:
    from annotator.session import Session
    from annotator.ui.main_window import MainWindow


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


def _same(a: Quote | Claim, b: Quote | Claim) -> bool:
    """Equal but for when they were last changed."""
    return replace(a, updated_at="") == replace(b, updated_at="")


def _action(parent: QObject, name: str, text: str, keys: list[str]) -> QAction:
    return make_action(parent, name, text, list(keys), widget_only=True)


class LinkController(QObject):
    def __init__(self, window: MainWindow, editor: AttributeEditor) -> None:
        super().__init__(window)
        self.window = window
        self.editor = editor
        self._picking: tuple[Quote, list[Entity], int] | None = None
        view = window.view
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
        self._connect_signals()

    @property
    def session(self) -> Session:
        return self.window.session

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

    # -- what is selected ----------------------------------------------------------------------

    def selected(self) -> Span | None:
        view = self.window.view
        return view.span(view.selected_span_id) if view.selected_span_id else None

    def selected_quote(self) -> Quote | None:
        span = self.selected()
        return self.session.quote_of_span(span.id) if span is not None else None

    def refresh(self) -> None:
        """Show the selected span's attributes (after a selection or any change)."""
        span = self.selected()
        view = self.window.view
        self.editor.setEnabled(not self.window.tracks.is_other() and not self.session.read_only)
        if self._picking is None:
            view.set_hints([])
        if span is None:
            self.editor.show_nothing()
            return
        if span.layer is Layer.ENTITY:
            self._show_entity(span)
        elif span.layer is Layer.QUOTE:
            quote = self.session.quote_of_span(span.id)
            if quote is None:
                self.editor.show_nothing()
                return
            self._show_quote(quote)
        else:
            self._show_claim(span)

    def hover(self, span_ids: list[str]) -> None:
        """Pointing at a quote outlines its speaker's mentions and its cue (the selection's
        hints come back when the pointer leaves it)."""
        if self._picking is not None:
            return
        quotes = (self.session.quote_of_span(i) for i in span_ids if self._is_quote(i))
        quote = next((q for q in quotes if q is not None), None)
        if quote is None:
            self.refresh_hints()
            return
        self.window.view.set_hints(self._quote_hints(quote))

    def _is_quote(self, span_id: str) -> bool:
        span = self.window.view.span(span_id)
        return span is not None and span.layer is Layer.QUOTE

    def _quote_hints(self, quote: Quote) -> list[str]:
        spans = self.window.view.spans()
        ids = {s.id for s in spans}
        speaker = quote.speaker_entity_id
        mentions = [s.id for s in spans if speaker and s.entity_id == speaker]
        return mentions + [i for i in quote.span_ids if i in ids]

    def refresh_hints(self) -> None:
        quote = self.selected_quote()
        self.window.view.set_hints(self._quote_hints(quote) if quote else [])

    def _show_entity(self, span: Span) -> None:
        session = self.session
        linked = session.entity(span.entity_id) if span.entity_id else None
        entities = session.entities()  # one read for the proposals and the list
        proposed = [] if linked else candidates(span.text, entities, span.label)
        others = [e for e in entities if e.type == span.label]
        types = [lb.name for lb in session.scheme.by_layer(Layer.ENTITY)]
        self.editor.show_entity(linked, proposed, others, types)

    def _show_quote(self, quote: Quote) -> None:
        session = self.session
        near = session.speaker_candidates(quote)
        rest = [e for e in session.entities() if e not in near]
        spans = {s.id: s for s in self.window.view.spans()}
        cue = spans.get(quote.cue_span_id or "")
        n = len(quote.segment_ids)
        parts = (
            f"{n} segment{'s' if n != 1 else ''} · cue: "
            + (f"“{cue.text}”" if cue else "none (select the cue words, press U)")
            + " · Shift+Q adds the selected text as a segment"
        )
        self.editor.show_quote(quote, near + rest, parts)
        if self._picking is None:
            self.window.view.set_hints(self._quote_hints(quote))

    def _show_claim(self, span: Span) -> None:
        inside = any(
            s.layer is Layer.QUOTE
            and s.label != CUE_LABEL
            and s.start <= span.start
            and span.end <= s.end
            and self.session.quote_of_span(s.id) is not None
            for s in self.window.view.spans()
        )
        self.editor.show_claim(self.session.claim(span.id), self.session.entities(), inside)

    # -- labelling with quotes -----------------------------------------------------------------

    def span_command(self, span: Span, label: Label) -> commands.AddSpan:
        """The command that adds ``span``: a QUOTE starts a quote; a CUE with a quote selected
        becomes that quote's cue."""
        if label.layer is Layer.QUOTE and label.name != CUE_LABEL:
            return commands.AddSpan(self.session, span, quote_after=self.session.new_quote(span))
        quote = self.selected_quote()
        if label.layer is Layer.QUOTE and quote is not None:
            return commands.AddSpan(
                self.session,
                span,
                quote.with_changes(cue_span_id=span.id),
                quote,
                text=f"Add cue “{span.text}”",
            )
        return commands.AddSpan(self.session, span)

    def _on_add_segment_triggered(self) -> None:
        quote = self.selected_quote()
        view = self.window.view
        start, end = view.selection_range()
        if quote is None or start >= end:
            self.window.statusBar().showMessage(
                "Select a quote, then select more text and press Shift+Q to add it as a segment"
            )
            return
        label = next(
            (lb for lb in self.session.scheme.by_layer(Layer.QUOTE) if lb.name != CUE_LABEL), None
        )
        if label is None:
            return
        start, end = self.window.snapped(start, end)
        if start >= end:
            return
        span = self.session.new_span(quote.document_id, start, end, label)
        after = quote.with_changes(segment_ids=(*quote.segment_ids, span.id))
        command = commands.AddSpan(
            self.session, span, after, quote, text=f"Add segment “{span.text}”"
        )
        if self.window.push(command):
            view.clear_selection()
            self.window.select_span(span.id)

    # -- entities ------------------------------------------------------------------------------

    def next_mention(self, entity_id: str) -> None:
        """Go to the entity's next mention after the selected one, in any document."""
        mentions = self.session.mentions(entity_id, self.window.tracks.annotator_id())
        if not mentions:
            self.window.statusBar().showMessage("This entity has no mention yet")
            return
        current = (self.window.current_id, self.window.view.selected_span_id)
        index = mentions.index(current) + 1 if current in mentions else 0
        document_id, span_id = mentions[index % len(mentions)]
        if document_id != self.window.current_id:
            self.window.show_document(document_id)
        self.window.view.select_span(span_id, scroll=True)
        self.window.select_span(span_id)
        self.window.statusBar().showMessage(
            f"Mention {index % len(mentions) + 1} of {len(mentions)}"
        )

    def _on_editor_leave_requested(self) -> None:
        self.window.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_edit_attributes_triggered(self) -> None:
        """F4: into the editor's first field (Tab moves on, Esc or F4 there goes back)."""
        self.editor.focus_first()

    def _on_next_mention_triggered(self) -> None:
        span = self.selected()
        entity_id = span.entity_id if span is not None else None
        entity_id = entity_id or self.window.label_panel.entities.current_id()
        if entity_id:
            self.next_mention(entity_id)

    def merge(self, keep_id: str, gone_id: str) -> None:
        keep, gone = self.session.entity(keep_id), self.session.entity(gone_id)
        self.window.push(MergeEntities(self.session, keep, gone))

    def rename(self, entity_id: str, name: str) -> None:
        before = self.session.entity(entity_id)
        if name != before.name:
            after = before.with_changes(name=name)
            self.window.push(UpdateEntity(self.session, before, after, f"Rename entity {name}"))

    def _link(self, entity_id: str) -> None:
        span = self.selected()
        if span is None or span.layer is not Layer.ENTITY or span.entity_id == (entity_id or None):
            return
        entity = self.session.entity(entity_id) if entity_id else None
        self.window.push(LinkMention(self.session, span, entity))

    def _on_link_entity_triggered(self) -> None:
        if self.window.proposals.accept_at_cursor():  # Enter on a proposal accepts it
            return
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
        if span is None or span.layer is not Layer.ENTITY:
            return
        entity = self.session.new_entity(span.text, span.label)
        self.window.push(LinkMention(self.session, span, entity, new_entity=True))

    def _on_next_candidate_triggered(self) -> None:
        self.editor.cycle_entity(1)

    def _on_prev_candidate_triggered(self) -> None:
        self.editor.cycle_entity(-1)

    def _on_editor_entity_edited(self, name: str, type_: str, aliases: str, wikidata: str) -> None:
        span = self.selected()
        if span is None or span.entity_id is None:
            return
        before = self.session.entity(span.entity_id)
        names = tuple(dict.fromkeys(a.strip() for a in aliases.split(",") if a.strip()))
        after = before.with_changes(
            name=" ".join(name.split()) or before.name,
            type=type_ or before.type,
            aliases=names,
            wikidata=wikidata.strip(),
        )
        if (after.name, after.type, after.aliases, after.wikidata) != (
            before.name,
            before.type,
            before.aliases,
            before.wikidata,
        ):
            self.window.push(UpdateEntity(self.session, before, after, f"Edit entity {after.name}"))

    # -- quotes --------------------------------------------------------------------------------

    def _update_quote(self, text: str, **changes: object) -> None:
        quote = self.selected_quote()
        if quote is None:
            return
        after = quote.with_changes(**changes)
        if not _same(after, quote):
            self.window.push(UpdateQuote(self.session, quote, after, text))

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
            self.window.statusBar().showMessage("Select a quote first, then press S")
            return
        candidates = self.session.speaker_candidates(quote)
        if not candidates:
            self.window.statusBar().showMessage(
                "No entity is mentioned in this document yet: link a mention first"
            )
            return
        start = next((i for i, e in enumerate(candidates) if e.id == quote.speaker_entity_id), 0)
        self._picking = (quote, candidates, start)
        self._show_pick()

    def _show_pick(self) -> None:
        assert self._picking is not None
        quote, candidates, index = self._picking
        entity = candidates[index]
        mentions = [s.id for s in self.window.view.spans() if s.entity_id == entity.id]
        nearest = min(
            (s for s in self.window.view.spans() if s.id in mentions),
            key=lambda s: abs(
                s.start
                - min(
                    (x.start for x in self.window.view.spans() if x.id in quote.segment_ids),
                    default=0,
                )
            ),
            default=None,
        )
        self.window.view.set_hints(mentions, nearest.id if nearest else "")
        self.window.statusBar().showMessage(
            f"Speaker: {entity.name} ({index + 1}/{len(candidates)}) — Tab/arrows: next, "
            "Enter: accept, Esc: cancel, or click a mention"
        )

    def _finish_pick(self, entity_id: str | None) -> None:
        assert self._picking is not None
        quote = self._picking[0]
        self._picking = None
        self.window.view.set_hints([])
        if entity_id is not None:
            current = self.session.quote_of_span(quote.segment_ids[0]) or quote
            after = current.with_changes(speaker_entity_id=entity_id)
            self.window.push(UpdateQuote(self.session, current, after, "Pick speaker"))
        self.window.statusBar().clearMessage()
        self.refresh()

    def cancel_pick(self) -> None:
        if self._picking is not None:
            self._picking = None
            self.window.view.set_hints([])
            self.window.statusBar().clearMessage()

    def picking(self) -> bool:
        return self._picking is not None

    def pick_by_click(self, span_id: str) -> bool:
        """While picking, a click on a linked mention chooses its entity."""
        if self._picking is None:
            return False
        span = self.window.view.span(span_id)
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

    # -- claims --------------------------------------------------------------------------------

    def _set_claim(self, text: str, **changes: object) -> None:
        span = self.selected()
        if span is None or span.layer is not Layer.CLAIM:
            return
        before = self.session.claim_or_none(span.id)
        current = before or self.session.claim(span.id)
        after = current.with_changes(**changes)
        if before is None or not _same(after, before):
            self.window.push(SetClaim(self.session, before, after, text))

    def _on_editor_claimer_chosen(self, kind: str, entity_id: str) -> None:
        self._set_claim(
            "Set claimer", claimer_kind=ClaimerKind(kind), claimer_entity_id=entity_id or None
        )

    def _on_editor_claim_field_chosen(self, field: str, value: str) -> None:
        kinds = {"stance": Stance, "check_worthiness": CheckWorthiness, "verdict": Verdict}
        self._set_claim(f"Set {field.replace('_', ' ')}", **{field: kinds[field](value)})

    def _on_editor_evidence_edited(self, text: str) -> None:
        self._set_claim("Edit evidence", evidence=text.strip())
