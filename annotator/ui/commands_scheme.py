"""Undo commands for label scheme edits: add, change, delete a label; the guideline text."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from annotator.core.model import Label, Layer
from annotator.session import Session
from annotator.session.labels import LabelEdit, RemovedLabel
from annotator.ui.commands import _SessionCommand

GUIDELINE_MERGE_ID = 0x6775  # consecutive guideline saves merge into one undo step


class AddLabel(_SessionCommand):
    """A new label; undo removes it, redo puts it back with the same row id and position."""

    def __init__(self, session: Session, label: Label) -> None:
        super().__init__(session, f"Add label {label.name}")
        self.label = label
        self._removed: RemovedLabel | None = None

    def apply(self) -> None:
        if self._removed is None:
            self.session.add_label(self.label)
        else:
            self.session.restore_label(self._removed)

    def revert(self) -> None:
        self._removed = self.session.remove_label(self.label.layer, self.label.name)


class EditLabel(_SessionCommand):
    """Rename, recolour, change the key or the description of one label. A rename renames every
    span of the label (ids kept); undo renames exactly those spans back."""

    def __init__(
        self,
        session: Session,
        layer: Layer,
        name: str,
        text: str,
        *,
        new_name: str | None = None,
        color: str | None = None,
        key: str | None = None,
        description: str | None = None,
    ) -> None:
        super().__init__(session, text)
        self.layer, self.name = layer, name
        self.new_name, self.color, self.key = new_name, color, key
        self.description = description
        self.edit: LabelEdit | None = None

    def apply(self) -> None:
        self.edit = self.session.edit_label(
            self.layer,
            self.name,
            new_name=self.new_name,
            color=self.color,
            key=self.key,
            description=self.description,
        )

    def revert(self) -> None:
        assert self.edit is not None
        self.session.revert_label_edit(self.edit)


class RemoveLabel(_SessionCommand):
    """Delete a label with every span of it; undo restores the label, the spans with their ids
    and their claim attributes and places in quotes."""

    def __init__(self, session: Session, layer: Layer, name: str) -> None:
        super().__init__(session, f"Delete label {name}")
        self.layer, self.name = layer, name
        self.removed: RemovedLabel | None = None

    def apply(self) -> None:
        self.removed = self.session.remove_label(self.layer, self.name)

    def revert(self) -> None:
        assert self.removed is not None
        self.session.restore_label(self.removed)


class SetGuideline(_SessionCommand):
    """The project guideline text. Saves made one after another while typing merge into one
    undo step, which goes back to the text before the first of them."""

    def __init__(self, session: Session, text: str) -> None:
        super().__init__(session, "Edit guideline")
        self.guideline = text
        self._before: str | None = None  # the text before the first save

    def apply(self) -> None:
        before = self.session.set_guideline(self.guideline)
        if self._before is None:
            self._before = before

    def revert(self) -> None:
        assert self._before is not None
        self.session.set_guideline(self._before)

    def id(self) -> int:
        return GUIDELINE_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt API)
        if not isinstance(other, SetGuideline) or other.session is not self.session:
            return False
        self.guideline = other.guideline
        return True
