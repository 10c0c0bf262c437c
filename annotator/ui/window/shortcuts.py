"""The keyboard reference, built from the live scheme so it never drifts from the keys."""

from __future__ import annotations

from annotator.core.model import Layer
from annotator.core.scheme import RESERVED_KEYS, Scheme

COMMAND_KEYS = [
    ("Select text, then a label key", "label the selection (snapped to whole words)"),
    ("Click a span", "select it; click again at the same place for the span beneath"),
    ("Right-click", "choose any of the spans stacked under the pointer"),
    ("Label key with a span selected", "relabel it"),
    ("Delete / Backspace", "remove the selected span"),
    ("Shift+Right / Shift+Left", "move the selected span's end by a word (a character unsnapped)"),
    ("Ctrl+Shift+Left / Ctrl+Shift+Right", "move the selected span's start"),
    ("Drag a selected span's edge", "move that boundary"),
    ("F2", "edit the note of the selected span (Enter saves)"),
    ("Esc, or an arrow key without Shift", "leave the span (then Shift+arrows select text)"),
    ("Ctrl+Z / Ctrl+Shift+Z", "undo / redo (any document)"),
    ("Ctrl+F", "find in the article (Enter next, Shift+Enter previous)"),
    ("Alt+Right / Alt+Left, Ctrl+PgDown / Ctrl+PgUp", "next / previous document"),
    ("Enter (entity mention selected)", "link it to the proposed entity (or a new one if none)"),
    ("Shift+Enter", "make a new entity from the selected mention"),
    ("Alt+Down / Alt+Up", "next / previous proposed entity"),
    ("F4", "into the attribute editor (entity, quote or claim of the selected span)"),
    ("F3", "next mention of the selected (or listed) entity, in any document"),
    ("Q / Shift+Q", "start a quote / add the selection as a segment of the selected quote"),
    ("U (a quote selected)", "the selected text becomes the quote's cue"),
    ("S (a quote selected)", "pick its speaker: Tab/arrows cycle, Enter accepts, or click"),
    ("Ctrl+Shift+A / Ctrl+Alt+A", "propose the span's other occurrences: document / project"),
    ("Ctrl+Shift+S / Ctrl+Alt+S", "suggest quotes and known entities: document / all"),
    ("Enter (cursor in a proposal)", "accept the proposal under the cursor"),
    ("A / R / N / Shift+A", "accept / reject for good / next proposal / accept its kind"),
    ("D", "mark the document done (the checklist asks first if something is missing)"),
    ("Ctrl+L", "edit the label scheme and the guideline"),
    ("J / K (Review tab)", "next / previous shown disagreement (the filters apply)"),
    ("1 / 2 / 3 / 0 (Review tab)", "accept A / B / both / reject, into the gold layer"),
    ("4 (Review tab)", "edit then accept: A's side as a gold candidate (4 again: B's)"),
    ("Click a review mark (Review tab)", "make that disagreement current (again: the next one)"),
    ("  label key (editing)", "relabel the candidate (with text selected: take the selection)"),
    ("  Shift+Left / Shift+Right (editing)", "move the candidate's end"),
    ("  Ctrl+Shift+Left / Ctrl+Shift+Right (editing)", "move the candidate's start"),
    ("  Enter / Esc (editing)", "accept the candidate (choice 'edit') / cancel"),
    ("Ctrl+Shift+Enter (Review tab)", "accept every agreement"),
    ("Ctrl+Shift+G", "agreement between annotators"),
    ("Ctrl+T", "edit the document's title, date and source"),
    ("Ctrl++ / Ctrl+-", "zoom the article"),
    ("Ctrl+Shift+W", "snapping to words on / off"),
    ("Ctrl+I", "import .txt articles"),
    ("Ctrl+N / Ctrl+O", "new / open project"),
]


def shortcuts_text(scheme: Scheme) -> str:
    lines = ["Labels (keys work while the article has focus)"]
    for layer in Layer:
        for label in scheme.by_layer(layer):
            lines.append(f"  {label.key or '-':<6} {label.name} ({layer.value})")
    lines += ["", "Commands"]
    lines += [f"  {keys:<48} {what}" for keys, what in COMMAND_KEYS]
    lines += ["", "Reserved for commands (no label may use them)"]
    lines += [f"  {key:<6} {what}" for key, what in RESERVED_KEYS.items()]
    return "\n".join(lines)
