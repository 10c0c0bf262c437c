"""The side editor for the selected span: its entity, its quote, or its claim attributes.

It only shows values and reports what the user chose (signals); the link controller turns
each choice into an undoable command.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.links import (
    CheckWorthiness,
    Claim,
    ClaimerKind,
    Entity,
    Quote,
    QuoteType,
    Stance,
    Verdict,
)
from annotator.core.matching import Candidate
from annotator.ui.common.models import ROOT, Index

NONE = ""  # item data of "no entity" / "not set" entries
CLAIMER_KINDS = [  # the first rows of the claimer list (text, kind), before the entities
    ("— not set —", ClaimerKind.UNSET.value),
    ("the article's author", ClaimerKind.AUTHOR.value),
    ("the speaker of its quote", ClaimerKind.QUOTE.value),
]
QUOTE_ROW = 2  # "the speaker of its quote": offered for a claim inside a quote
_COMBO_LETTERS = 24  # the width of an entity combo, in average letters


class EntityChoices(QAbstractListModel):
    """The entity list: a few rows first (no entity, proposals, the linked entity), then the
    registry's entities of the mention's type but for those, read only as rows are shown (a
    registry of 50,000 is never copied into the list)."""

    def __init__(self) -> None:
        super().__init__()
        self._head: list[tuple[str, str]] = []
        self._rest: Sequence[Entity] = ()
        self._skip: list[int] = []  # positions in ``_rest`` already among the first rows
        self._disabled: set[int] = set()  # first rows shown but not to be chosen

    def show(
        self,
        head: list[tuple[str, str]],
        rest: Sequence[Entity],
        skip: list[int],
        disabled: Sequence[int] = (),
    ) -> None:
        """``head`` (text, data) first, then ``rest`` but for its positions in ``skip``;
        ``disabled``: rows of ``head`` shown greyed (not to be chosen)."""
        self.beginResetModel()
        self._head, self._rest, self._skip = head, rest, sorted(set(skip))
        self._disabled = set(disabled)
        self.endResetModel()

    @property
    def head_count(self) -> int:
        """How many first rows there are (those before the registry's entities)."""
        return len(self._head)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.row() in self._disabled:
            flags &= ~Qt.ItemFlag.ItemIsEnabled
        return flags

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self._head) + len(self._rest) - len(self._skip)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        text, data = self.item(index.row())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return text
        if role == Qt.ItemDataRole.UserRole:
            return data
        return None

    def row_of_rest(self, at: int) -> int:
        """The row of ``rest[at]`` (-1: not listed there)."""
        if at < 0 or at in self._skip:
            return -1
        return len(self._head) + at - sum(1 for s in self._skip if s < at)

    def item(self, row: int) -> tuple[str, str]:
        if row < len(self._head):
            return self._head[row]
        at = row - len(self._head)
        for skipped in self._skip:
            if skipped <= at:
                at += 1
        entity = self._rest[at]
        return f"{entity.name}  ({entity.type})", entity.id


def _combo(name: str, items: list[tuple[str, str]]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for text, data in items:
        combo.addItem(text, data)
    return combo


def _long_combo(name: str, model: EntityChoices) -> QComboBox:
    """A combo over a list that may hold a whole registry: its width is set, not measured (Qt
    measures every row's text for its size hint, 100,000 reads at 50,000 entities), and its
    popup lays out rows of one height (it would measure each too)."""
    combo = _combo(name, [])
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(_COMBO_LETTERS)
    combo.setModel(model)
    view = combo.view()
    if isinstance(view, QListView):
        view.setUniformItemSizes(True)
    return combo


def _select(combo: QComboBox, data: str) -> None:
    combo.blockSignals(True)
    index = combo.findData(data)
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


def _set_text(edit: QLineEdit, text: str) -> None:
    edit.blockSignals(True)
    edit.setText(text)
    edit.blockSignals(False)


Order = Callable[[Entity], Any] | None


def _position(entities: Sequence[Entity], entity: Entity, order: Order) -> int:
    """Where ``entity`` stands in ``entities`` (sorted by ``order``, else scanned); -1: not."""
    if order is None:
        return next((i for i, e in enumerate(entities) if e.id == entity.id), -1)
    at = bisect_left(entities, order(entity), key=order)
    return at if at < len(entities) and entities[at].id == entity.id else -1


class AttributeEditor(QWidget):
    """Pages: nothing selected, entity mention, quote (segment or cue), claim."""

    entity_chosen = Signal(str)  # entity id, "" to unlink
    new_entity_requested = Signal()
    entity_edited = Signal(str, str, str, str)  # name, type, aliases (comma separated), wikidata
    speaker_chosen = Signal(str)  # entity id, "" for none
    speaker_text_edited = Signal(str)
    quote_type_chosen = Signal(str)
    quote_note_edited = Signal(str)
    claimer_chosen = Signal(str, str)  # kind, entity id
    claim_field_chosen = Signal(str, str)  # field name, value
    evidence_edited = Signal(str)
    leave_requested = Signal()  # Esc: back to the article

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attribute_editor")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages)
        self.pages.addWidget(QWidget())  # nothing to edit
        self._build_entity_page()
        self._build_quote_page()
        self._build_claim_page()
        self._connect_signals()
        for widget in self.findChildren(QWidget):
            if isinstance(widget, (QComboBox, QLineEdit, QPushButton)):
                widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Arrows on a closed list open it (so browsing never changes a value: Enter or a
        click chooses); Esc goes back to the article."""
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self.leave_requested.emit()
                return True
            if isinstance(obj, QComboBox) and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                obj.showPopup()
                return True
        return False

    # -- pages ---------------------------------------------------------------------------------

    def _build_entity_page(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 4, 0, 0)
        self.entity_choices = EntityChoices()
        self.entity_choices.show([("— no entity —", NONE)], (), [])
        self.entity_combo = _long_combo("entity_combo", self.entity_choices)
        self.entity_combo.setToolTip("Enter: link to the proposed entity · Alt+Up/Down: others")
        form.addRow("Entity", self.entity_combo)
        self.new_entity_button = QPushButton("New entity from this mention  (Shift+Enter)")
        self.new_entity_button.setObjectName("new_entity_button")
        form.addRow(self.new_entity_button)
        self.entity_name = QLineEdit()
        self.entity_name.setObjectName("entity_name")
        self.entity_type = QComboBox()
        self.entity_type.setObjectName("entity_type")
        self.entity_aliases = QLineEdit()
        self.entity_aliases.setObjectName("entity_aliases")
        self.entity_aliases.setPlaceholderText("other names, comma separated")
        self.entity_wikidata = QLineEdit()
        self.entity_wikidata.setObjectName("entity_wikidata")
        self.entity_wikidata.setPlaceholderText("Q… (optional)")
        self.entity_wikidata.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"^(Q[1-9][0-9]*)?$"))
        )
        form.addRow("Name", self.entity_name)
        form.addRow("Type", self.entity_type)
        form.addRow("Aliases", self.entity_aliases)
        form.addRow("Wikidata", self.entity_wikidata)
        self.pages.addWidget(page)

    def _build_quote_page(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 4, 0, 0)
        self.speaker_choices = EntityChoices()
        self.speaker_choices.show([("— no speaker —", NONE)], (), [])
        self.speaker_combo = _long_combo("speaker_combo", self.speaker_choices)
        self.speaker_combo.setToolTip("S in the article: pick the speaker, nearest mention first")
        self.speaker_text = QLineEdit()
        self.speaker_text.setObjectName("speaker_text")
        self.speaker_text.setPlaceholderText("or free text: “a senior official”")
        self.quote_type = _combo("quote_type", [(t.value, t.value) for t in QuoteType])
        self.quote_parts = QLabel()
        self.quote_parts.setObjectName("quote_parts")
        self.quote_parts.setTextFormat(Qt.TextFormat.PlainText)
        self.quote_parts.setWordWrap(True)
        self.quote_note = QLineEdit()
        self.quote_note.setObjectName("quote_note")
        self.quote_note.setPlaceholderText("note on the quote")
        form.addRow("Speaker", self.speaker_combo)
        form.addRow("", self.speaker_text)
        form.addRow("Type", self.quote_type)
        form.addRow("Parts", self.quote_parts)
        form.addRow("Note", self.quote_note)
        self.pages.addWidget(page)

    def _build_claim_page(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 4, 0, 0)
        # The kinds of claimer first, then the registry's entities (read as rows are shown).
        self.claimer_choices = EntityChoices()
        self.claimer_choices.show(CLAIMER_KINDS, (), [])
        self.claimer_combo = _long_combo("claimer_combo", self.claimer_choices)
        self.stance = _combo("stance", [(s.value, s.value) for s in Stance])
        self.check_worthiness = _combo(
            "check_worthiness", [(c.value.replace("_", " "), c.value) for c in CheckWorthiness]
        )
        self.verdict = _combo("verdict", [(v.value, v.value) for v in Verdict])
        self.evidence = QLineEdit()
        self.evidence.setObjectName("evidence")
        self.evidence.setPlaceholderText("evidence for the verdict (Enter saves)")
        form.addRow("Claimer", self.claimer_combo)
        form.addRow("Stance", self.stance)
        form.addRow("Check-worthy", self.check_worthiness)
        form.addRow("Verdict", self.verdict)
        form.addRow("Evidence", self.evidence)
        self.pages.addWidget(page)

    def _connect_signals(self) -> None:
        self.entity_combo.activated.connect(self._on_entity_combo_activated)
        self.new_entity_button.clicked.connect(self.new_entity_requested)
        for edit in (self.entity_name, self.entity_aliases, self.entity_wikidata):
            edit.editingFinished.connect(self._on_entity_field_editing_finished)
        self.entity_type.activated.connect(self._on_entity_field_editing_finished)
        self.speaker_combo.activated.connect(self._on_speaker_combo_activated)
        self.speaker_text.editingFinished.connect(self._on_speaker_text_editing_finished)
        self.quote_type.activated.connect(self._on_quote_type_activated)
        self.quote_note.editingFinished.connect(self._on_quote_note_editing_finished)
        self.claimer_combo.activated.connect(self._on_claimer_combo_activated)
        for combo in (self.stance, self.check_worthiness, self.verdict):
            combo.activated.connect(self._on_claim_combo_activated)
        self.evidence.editingFinished.connect(self._on_evidence_editing_finished)

    def focus_first(self) -> None:
        page = self.pages.currentWidget()
        first = {1: self.entity_combo, 2: self.speaker_combo, 3: self.claimer_combo}.get(
            self.pages.currentIndex()
        )
        if page is not None and first is not None:
            first.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- showing -------------------------------------------------------------------------------

    def show_nothing(self) -> None:
        self.pages.setCurrentIndex(0)

    def show_entity(
        self,
        linked: Entity | None,
        candidates: list[Candidate],
        others: Sequence[Entity],
        types: list[str],
        *,
        fresh: bool = False,
        order: Order = None,
    ) -> None:
        """The mention's entity (``linked``), the ``candidates`` proposed for it and the other
        entities of its type (``others``, sorted by ``order`` if given, which finds those
        listed first without a scan). ``fresh``: ``linked`` was made from the mention's name
        when it was labelled, so the first proposal, if any, is chosen (Enter links it)."""
        combo = self.entity_combo
        head = [("— no entity —", NONE)]
        listed: set[str] = set()
        for candidate in candidates:
            head.append(
                (
                    f"{candidate.entity.name}  ({candidate.entity.type}, proposed)",
                    candidate.entity.id,
                )
            )
            listed.add(candidate.entity.id)
        if linked is not None and linked.id not in listed:
            made = ", new: its name" if fresh else ""
            head.append((f"{linked.name}  ({linked.type}{made})", linked.id))
            listed.add(linked.id)
        shown = [c.entity for c in candidates] + ([linked] if linked is not None else [])
        skip = [i for e in shown if (i := _position(others, e, order)) >= 0]
        combo.blockSignals(True)
        self.entity_choices.show(head, others, skip)
        if linked is not None and not (fresh and candidates):
            combo.setCurrentIndex(next(i for i, (_, d) in enumerate(head) if d == linked.id))
        elif candidates:
            combo.setCurrentIndex(1)  # the proposal, accepted with Enter
        else:
            combo.setCurrentIndex(0)
        combo.blockSignals(False)
        self.entity_type.blockSignals(True)
        self.entity_type.clear()
        self.entity_type.addItems(types)
        self.entity_type.blockSignals(False)
        for widget in (
            self.entity_name,
            self.entity_type,
            self.entity_aliases,
            self.entity_wikidata,
        ):
            widget.setEnabled(linked is not None)
        _set_text(self.entity_name, linked.name if linked else "")
        _set_text(self.entity_aliases, ", ".join(linked.aliases) if linked else "")
        _set_text(self.entity_wikidata, linked.wikidata if linked else "")
        if linked is not None:
            self.entity_type.setCurrentText(linked.type)
        self.pages.setCurrentIndex(1)

    def proposed_entity_id(self) -> str:
        return str(self.entity_combo.currentData() or "")

    def cycle_entity(self, step: int) -> None:
        count = self.entity_combo.count()
        if count:
            self.entity_combo.setCurrentIndex((self.entity_combo.currentIndex() + step) % count)

    def show_quote(
        self,
        quote: Quote,
        near: list[Entity],
        parts: str,
        rest: Sequence[Entity] = (),
        order: Order = None,
        speaker: Entity | None = None,
    ) -> None:
        """The quote's fields; the speaker list: the entities mentioned ``near`` it first,
        then the rest of the registry (``rest``, sorted by ``order`` if given; ``speaker``:
        the quote's speaker entity, found there without a scan)."""
        combo = self.speaker_combo
        head = [("— no speaker —", NONE)]
        head += [(f"{entity.name}  ({entity.type})", entity.id) for entity in near]
        skip = [i for e in near if (i := _position(rest, e, order)) >= 0]
        combo.blockSignals(True)
        self.speaker_choices.show(head, rest, skip)
        wanted = quote.speaker_entity_id or NONE
        row = next((i for i, (_, d) in enumerate(head) if d == wanted), -1)
        if row < 0 and speaker is not None and speaker.id == wanted:
            row = self.speaker_choices.row_of_rest(_position(rest, speaker, order))
        combo.setCurrentIndex(max(row, 0))
        combo.blockSignals(False)
        _set_text(self.speaker_text, quote.speaker_text)
        _select(self.quote_type, quote.quote_type.value)
        self.quote_parts.setText(parts)
        _set_text(self.quote_note, quote.note)
        self.pages.setCurrentIndex(2)

    def show_claim(
        self,
        claim: Claim,
        entities: Sequence[Entity],
        in_quote: bool,
        order: Order = None,
        claimer: Entity | None = None,
    ) -> None:
        """The claim's fields; the claimer list: its kinds, then the registry (``entities``,
        sorted by ``order`` if given; ``claimer``: the claim's claimer entity, found there
        without a scan). The list is a model over ``entities``, never copied item by item."""
        combo = self.claimer_combo
        quote_on = in_quote or claim.claimer_kind is ClaimerKind.QUOTE
        combo.blockSignals(True)
        self.claimer_choices.show(CLAIMER_KINDS, entities, [], () if quote_on else (QUOTE_ROW,))
        if claim.claimer_kind is ClaimerKind.ENTITY:
            wanted = claim.claimer_entity_id or NONE
            if claimer is None or claimer.id != wanted:
                claimer = next((e for e in entities if e.id == wanted), None)
            at = -1 if claimer is None else _position(entities, claimer, order)
            row = self.claimer_choices.row_of_rest(at)
        else:
            row = next(i for i, (_, kind) in enumerate(CLAIMER_KINDS) if kind == claim.claimer_kind)
        combo.setCurrentIndex(max(row, 0))
        combo.blockSignals(False)
        _select(self.stance, claim.stance.value)
        _select(self.check_worthiness, claim.check_worthiness.value)
        _select(self.verdict, claim.verdict.value)
        _set_text(self.evidence, claim.evidence)
        self.pages.setCurrentIndex(3)

    # -- slots ---------------------------------------------------------------------------------

    def _on_entity_combo_activated(self, index: int) -> None:
        self.entity_chosen.emit(str(self.entity_combo.itemData(index) or ""))

    def _on_entity_field_editing_finished(self) -> None:
        if self.entity_name.isEnabled():
            self.entity_edited.emit(
                self.entity_name.text(),
                self.entity_type.currentText(),
                self.entity_aliases.text(),
                self.entity_wikidata.text(),
            )

    def _on_speaker_combo_activated(self, index: int) -> None:
        self.speaker_chosen.emit(str(self.speaker_combo.itemData(index) or ""))

    def _on_speaker_text_editing_finished(self) -> None:
        self.speaker_text_edited.emit(self.speaker_text.text())

    def _on_quote_type_activated(self, index: int) -> None:
        self.quote_type_chosen.emit(str(self.quote_type.itemData(index)))

    def _on_quote_note_editing_finished(self) -> None:
        self.quote_note_edited.emit(self.quote_note.text())

    def _on_claimer_combo_activated(self, index: int) -> None:
        data = str(self.claimer_combo.itemData(index) or "")
        if index >= self.claimer_choices.head_count:  # an entity of the registry: its id
            self.claimer_chosen.emit(ClaimerKind.ENTITY.value, data)
        else:
            self.claimer_chosen.emit(data, "")

    def _on_claim_combo_activated(self, _index: int) -> None:
        combo = self.sender()
        if isinstance(combo, QComboBox):
            self.claim_field_chosen.emit(combo.objectName(), str(combo.currentData()))

    def _on_evidence_editing_finished(self) -> None:
        self.evidence_edited.emit(self.evidence.text())
