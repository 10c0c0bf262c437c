"""Edit then accept: one side of a disagreement as a gold candidate, corrected before it is kept.

``4`` (Review tab) takes A's side of the current disagreement (B's if A has none; ``4`` again
switches side) into the candidate. While editing, in the article: a label key of the item's
layer relabels it (with text selected, the selection becomes the candidate with that label),
Shift+Left / Shift+Right move its end and Ctrl+Shift+Left / Ctrl+Shift+Right its start (by a
word, a character with snapping off), Enter accepts it as a decision with choice ``edit``, Esc
cancels. The panel in the Review tab does the same with a label list and buttons. The
candidate is not stored until it is accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from annotator.core.graphemes import step as grapheme_step
from annotator.core.model import Layer
from annotator.core.scheme import Scheme
from annotator.core.snapping import snap, trim, word_step
from annotator.core.wording import counted
from annotator.session.adjudication import Candidate
from annotator.ui.article.view import ArticleView
from annotator.ui.common import plain

_ARROWS = (Qt.Key.Key_Left, Qt.Key.Key_Right)
_ACCEPT = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class EditorPanel(QGroupBox):
    """The candidate in the Review tab: its label, boundary buttons, its text, accept / cancel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Edit then accept", parent)
        self.setObjectName("review_editor")
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setVerticalSpacing(3)
        self.source = QLabel()
        self.source.setTextFormat(Qt.TextFormat.PlainText)
        self.label_combo = QComboBox()
        self.label_combo.setObjectName("review_edit_label")
        self.other_side = QPushButton("Other side")
        self.other_side.setObjectName("review_edit_other_side")
        self.other_side.setToolTip("Start again from the other annotator's side (4)")
        grid.addWidget(self.source, 0, 0)
        grid.addWidget(self.label_combo, 0, 1)
        grid.addWidget(self.other_side, 0, 2)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for name, text, tip in (
            ("start-", "◀ start", "Move the start a word left (Ctrl+Shift+Left)"),
            ("start+", "start ▶", "Move the start a word right (Ctrl+Shift+Right)"),
            ("end-", "◀ end", "Move the end a word left (Shift+Left)"),
            ("end+", "end ▶", "Move the end a word right (Shift+Right)"),
        ):
            button = QPushButton(text)
            button.setObjectName(f"review_edit_{name}")
            button.setToolTip(tip)
            button.setMinimumWidth(44)
            self.buttons[name] = button
            row.addWidget(button)
        grid.addLayout(row, 1, 0, 1, 3)
        self.text = QLabel()
        self.text.setObjectName("review_edit_text")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(False)
        grid.addWidget(self.text, 2, 0, 1, 3)
        self.accept = QPushButton("Accept (Enter)")
        self.accept.setObjectName("review_edit_accept")
        self.cancel = QPushButton("Cancel (Esc)")
        self.cancel.setObjectName("review_edit_cancel")
        self.use_selection = QPushButton("Selection")
        self.use_selection.setToolTip("The text selected in the article becomes the candidate")
        grid.addWidget(self.accept, 3, 0)
        grid.addWidget(self.use_selection, 3, 1)
        grid.addWidget(self.cancel, 3, 2)
        grid.setColumnStretch(1, 1)
        self.hide()


class CandidateEditor(QObject):
    """Holds the candidate while editing; keys in the article and the panel's controls move it.

    ``changed`` is emitted after each change (the overlay redraws it), ``accepted`` when the
    reviewer accepts, ``finished`` when editing ends either way."""

    changed = Signal()
    accepted = Signal()
    finished = Signal()

    def __init__(self, view: ArticleView, panel: EditorPanel, scheme: Callable[[], Scheme]):
        super().__init__(view)
        self.view, self.panel, self._scheme = view, panel, scheme
        self.candidate: Candidate | None = None
        self.layer = Layer.ENTITY
        self.side = "a"
        self.along = 0
        view.installEventFilter(self)
        self._connect_signals()

    def _connect_signals(self) -> None:
        p = self.panel
        p.label_combo.activated.connect(self._on_label_combo_activated)
        p.accept.clicked.connect(self.accept)
        p.cancel.clicked.connect(self.cancel)
        p.use_selection.clicked.connect(self._on_use_selection_clicked)
        for name, button in p.buttons.items():
            edge, step = name[:-1], 1 if name.endswith("+") else -1
            button.clicked.connect(lambda _=False, e=edge, s=step: self.move(e, s))

    @property
    def editing(self) -> bool:
        return self.candidate is not None

    def start(self, candidate: Candidate, layer: Layer, side: str, along: int = 0) -> None:
        """Edit ``candidate`` (from ``side``); ``along``: how many more segments of its quote
        are accepted with it, unchanged."""
        self.candidate, self.layer, self.side, self.along = candidate, layer, side, along
        combo = self.panel.label_combo
        combo.clear()
        for label in self._scheme().by_layer(layer):
            combo.addItem(f"{label.name}  [{label.key}]" if label.key else label.name, label.name)
        self._changed()

    def cancel(self) -> None:
        if self.candidate is None:
            return
        self.candidate = None
        self.finished.emit()
        self.view.setFocus()

    def accept(self) -> None:
        if self.candidate is not None:
            self.accepted.emit()

    def relabel(self, name: str) -> None:
        if self.candidate is None or self._scheme().get(self.layer, name) is None:
            return
        self.candidate = replace(self.candidate, label=name)
        self._changed()

    def move(self, edge: str, direction: int) -> None:
        """Move the candidate's start or end one word (unsnapped: one user-perceived
        character, a grapheme cluster)."""
        c = self.candidate
        if c is None:
            return
        text = self.view.text
        start, end = c.start, c.end
        if edge == "start":
            start = self._step(text, start, direction)
        else:
            end = self._step(text, end, direction)
        if self.view.snapping:
            start, end = trim(text, start, end)
        if 0 <= start < end <= len(text):
            self.candidate = replace(c, start=start, end=end)
            self._changed()

    def take_selection(self, label: str | None = None) -> bool:
        """The article's selected text (snapped) becomes the candidate; False if none."""
        start, end = self.view.selection_range()
        if self.candidate is None or start >= end:
            return False
        if self.view.snapping:
            start, end = snap(self.view.text, start, end)
        if start >= end:
            return False
        self.candidate = replace(self.candidate, start=start, end=end)
        self.view.clear_selection()
        if label is not None:
            self.relabel(label)
        else:
            self._changed()
        return True

    def _step(self, text: str, pos: int, direction: int) -> int:
        if self.view.snapping:
            return word_step(text, pos, direction)
        return grapheme_step(text, pos, direction)  # a flag or emoji is never split

    def _changed(self) -> None:
        c = self.candidate
        if c is None:
            return
        combo = self.panel.label_combo
        combo.setCurrentIndex(max(combo.findData(c.label), 0))
        more = f" + {self.along} more" if self.along else ""
        self.panel.source.setText(f"from {self.side.upper()}{more}:")
        self.panel.source.setToolTip(
            plain.tooltip(
                f"the quote's {counted(self.along, 'other segment')} "
                f"{'is' if self.along == 1 else 'are'} accepted with it"
            )
            if self.along
            else ""
        )
        flat = " ".join(self.view.text[c.start : c.end].split())
        if len(flat) > 44:
            flat = f"{flat[:21]}…{flat[-21:]}"
        self.panel.text.setText(f"“{flat}”  [{c.start}, {c.end})")
        self.panel.text.setToolTip(plain.tooltip(self.view.text[c.start : c.end]))
        self.changed.emit()

    def _on_label_combo_activated(self, index: int) -> None:
        self.relabel(str(self.panel.label_combo.itemData(index)))
        self.view.setFocus()

    def _on_use_selection_clicked(self) -> None:
        self.take_selection()
        self.view.setFocus()

    # -- keys in the article while editing -----------------------------------------------------

    def _label_for(self, event: QKeyEvent) -> str | None:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            return None
        text = event.text()
        label = self._scheme().by_key(text) if len(text) == 1 else None
        return label.name if label is not None and label.layer is self.layer else None

    def _handles(self, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        return (
            key in _ACCEPT
            or key == Qt.Key.Key_Escape
            or (key in _ARROWS and shift)
            or self._label_for(event) is not None
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if self.candidate is None or not isinstance(event, QKeyEvent):
            return False
        if event.type() == QEvent.Type.ShortcutOverride and self._handles(event):
            event.accept()  # the key comes to us as a key press, not as a window shortcut
            return True
        if event.type() != QEvent.Type.KeyPress or not self._handles(event):
            return False
        key, mods = event.key(), event.modifiers()
        if key in _ACCEPT:
            self.accept()
        elif key == Qt.Key.Key_Escape:
            self.cancel()
        elif key in _ARROWS:
            edge = "start" if mods & Qt.KeyboardModifier.ControlModifier else "end"
            self.move(edge, 1 if key == Qt.Key.Key_Right else -1)
        else:
            label = self._label_for(event)
            if label is not None and not self.take_selection(label):
                self.relabel(label)
        return True
