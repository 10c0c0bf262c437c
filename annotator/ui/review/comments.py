"""The Review tab's comment field: what is typed there belongs to the item it was typed on.
A decided item's comment is saved as an undoable edit (``CommentDecision``) when the field
is left or shows another item; an undecided item's is kept here until its decision takes it
(``take``), so moving about the list loses nothing typed."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from annotator.core.decisions import Decision
from annotator.session.ops.review import CommentDecision
from annotator.ui.common.context import WindowContext

Where = tuple[str, str, str, str]  # (document, A, B, item key)


class DecisionComments:
    """The comment ``field`` of the Review tab, for the item it shows (``show``)."""

    def __init__(self, ctx: WindowContext, field: QLineEdit) -> None:
        self._ctx = ctx
        self._field = field
        self._pending: dict[Where, str] = {}  # typed, not saved yet, by item
        # where the field's text belongs: the item, whether decided, the text saved there
        self._at: tuple[Where, bool, str] | None = None

    def show(self, where: Where | None, decision: Decision | None) -> None:
        """Show the comment of the item ``where`` (None: no item) and its ``decision``, read
        after ``save`` kept what was typed for the item shown before."""
        saved = decision.comment if decision else ""
        text = self._pending.get(where, saved) if where else ""
        self._at = (where, decision is not None, saved) if where else None
        self._field.blockSignals(True)
        self._field.setText(text)
        self._field.blockSignals(False)
        self._field.setEnabled(where is not None)

    def save(self) -> None:
        """Keep what was typed in the field for the item it was typed on, before the field
        shows another item: a decided item's comment is saved (an undoable edit), an
        undecided one's kept for its decision."""
        if self._at is None:
            return
        where, decided, saved = self._at
        text = self._field.text().strip()
        if text == saved:
            self._pending.pop(where, None)
            return
        if decided and not self._ctx.applying:  # not while an undo is being applied
            self._at = (where, decided, text)  # saved once, whatever comes next
            self._pending.pop(where, None)
            self._ctx.push(CommentDecision(self._ctx.session, *where, text))
        else:
            self._pending[where] = text

    def take(self, where: Where) -> None:
        """The item ``where`` was decided with the field's text: nothing is pending for it."""
        self._pending.pop(where, None)
