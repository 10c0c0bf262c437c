"""Edits of the label scheme and the guideline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.model import Label, Layer
from annotator.core.records import LabelEdit, RemovedLabel
from annotator.session.ops.base import Operation

if TYPE_CHECKING:
    from annotator.session.session import Session


class AddLabel(Operation):
    def __init__(self, session: Session, label: Label) -> None:
        super().__init__(session, f"Add label {label.name}")
        self.label = label

    def run(self) -> None:
        self.session.labels.add_label(self.label)


class EditLabel(Operation):
    """Rename, recolour, change the key or the description of one label. A rename renames
    every span of the label (ids kept)."""

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
        self.edit: LabelEdit | None = None  # what it did: the label after, the spans renamed

    def run(self) -> None:
        self.edit = self.session.labels.edit_label(
            self.layer,
            self.name,
            new_name=self.new_name,
            color=self.color,
            key=self.key,
            description=self.description,
        )


class RemoveLabel(Operation):
    """Delete a label with every span of it (with their claim attributes and places in
    quotes)."""

    def __init__(self, session: Session, layer: Layer, name: str) -> None:
        super().__init__(session, f"Delete label {name}")
        self.layer, self.name = layer, name
        self.removed: RemovedLabel | None = None  # the label and the spans that went with it

    def run(self) -> None:
        self.removed = self.session.labels.remove_label(self.layer, self.name)


class SetGuideline(Operation):
    """The project guideline text. Saves made one after another while typing merge into one
    edit, which undo takes back to the text before the first of them."""

    def __init__(self, session: Session, text: str) -> None:
        super().__init__(session, "Edit guideline")
        self.guideline = text

    def run(self) -> None:
        self.session.labels.set_guideline(self.guideline)

    def merge(self, later: Operation) -> bool:
        if not isinstance(later, SetGuideline) or later.session is not self.session:
            return False
        self._absorb(later)
        self.guideline = later.guideline
        return True
