"""Session operations on the label scheme and the guideline (mixed into Session)."""

from __future__ import annotations

from annotator.core.errors import SchemeError
from annotator.core.model import Annotator, Label, Layer
from annotator.core.scheme import Scheme, validate
from annotator.session.changes import Change, ChangeKind
from annotator.storage.labels import LabelEdit, RemovedLabel, StoredLabel
from annotator.storage.project import ProjectStore

__all__ = ["LabelEdit", "LabelOps", "RemovedLabel", "StoredLabel"]


class LabelOps:
    """Each write is one committed transaction that returns what its undo needs, refreshes the
    cached scheme and reports ``ChangeKind.SCHEME`` (labels may be renamed or gone anywhere)."""

    store: ProjectStore
    annotator: Annotator
    _scheme: Scheme

    def _emit(self, change: Change) -> Change:
        raise NotImplementedError

    # -- reading -------------------------------------------------------------------------------

    def guideline(self) -> str:
        return self.store.guideline()

    def label_rows(self) -> list[StoredLabel]:
        """The labels in file order, with their row ids (stable across renames and undo)."""
        return self.store.label_rows()

    def label_usage(self, *, mine: bool = False) -> dict[tuple[Layer, str], int]:
        """Spans per (layer, label name): every annotator's, or with ``mine`` the current one's."""
        return self.store.label_span_counts(self.annotator.id if mine else None)

    def new_label(
        self, layer: Layer, name: str, color: str, key: str = "", description: str = ""
    ) -> Label:
        """A label as the user typed it, tidied (outer spaces, key and colour case) and checked
        against the current scheme; not yet stored."""
        label = Label(layer, name.strip(), _colour(color), _key(key), description.strip())
        self._check(label)
        return label

    # -- writing -------------------------------------------------------------------------------

    def add_label(self, label: Label) -> StoredLabel:
        """Add a label after the others; returns it with its row id (undo: ``remove_label``)."""
        self._check(label)
        stored = self.store.insert_label(label)
        self._changed()
        return stored

    def remove_label(self, layer: Layer, name: str) -> RemovedLabel:
        """Delete a label with every span of it (every annotator's) and their claim and quote
        links; returns all of it for ``restore_label``."""
        removed = self.store.delete_label(layer, name)
        self._changed(tuple(s.id for s in removed.spans))
        return removed

    def restore_label(self, removed: RemovedLabel) -> None:
        """Put back a removed label, its spans and their links, every row with its id."""
        self.store.restore_label(removed)
        self._changed(tuple(s.id for s in removed.spans))

    def edit_label(
        self,
        layer: Layer,
        name: str,
        *,
        new_name: str | None = None,
        color: str | None = None,
        key: str | None = None,
        description: str | None = None,
    ) -> LabelEdit:
        """Change what is given of one label; a new name renames every span of the label (ids
        kept). Returns the edit, for ``revert_label_edit``."""
        before = self.store.stored_label(layer, name).label
        after = Label(
            layer,
            before.name if new_name is None else new_name.strip(),
            before.color if color is None else _colour(color),
            before.key if key is None else _key(key),
            before.description if description is None else description.strip(),
        )
        if after == before:
            return LabelEdit(before, after)
        self._check(after, replacing=before)
        edit = self.store.update_label(before, after)
        self._changed(edit.span_ids)
        return edit

    def rename_label(self, layer: Layer, name: str, new_name: str) -> LabelEdit:
        """Rename a label and every span of it; ``len(edit.span_ids)`` spans were renamed."""
        return self.edit_label(layer, name, new_name=new_name)

    def set_label_color(self, layer: Layer, name: str, color: str) -> LabelEdit:
        return self.edit_label(layer, name, color=color)

    def set_label_key(self, layer: Layer, name: str, key: str) -> LabelEdit:
        """Give the label another key ("" for none); reserved and used keys are refused."""
        return self.edit_label(layer, name, key=key)

    def set_label_description(self, layer: Layer, name: str, description: str) -> LabelEdit:
        return self.edit_label(layer, name, description=description)

    def revert_label_edit(self, edit: LabelEdit) -> None:
        """Undo of ``edit_label``: the label as it was, and exactly the spans it renamed."""
        if edit.after == edit.before:
            return
        self.store.revert_label_edit(edit)
        self._changed(edit.span_ids)

    def set_guideline(self, text: str) -> str:
        """Store the project's guideline text; returns the text it replaces."""
        before = self.store.guideline()
        if text != before:
            self.store.set_guideline(text)
            self._changed()
        return before

    # -- helpers -------------------------------------------------------------------------------

    def _check(self, label: Label, replacing: Label | None = None) -> None:
        """Raise SchemeError with a message fit for the user if ``label`` cannot join the scheme
        (taking the place of ``replacing``)."""
        others = [lb for lb in self.store.labels() if lb != replacing]
        if any(lb.layer is label.layer and lb.name == label.name for lb in others):
            raise SchemeError(
                f"there is already a label {label.name!r} in the {label.layer.value} layer"
            )
        validate([*others, label])

    def _changed(self, span_ids: tuple[str, ...] = ()) -> None:
        self._scheme = Scheme(self.store.labels())
        self._emit(Change(ChangeKind.SCHEME, None, span_ids))


def _key(key: str) -> str:
    return key.strip().lower()


def _colour(color: str) -> str:
    color = color.strip().upper()
    return color if color.startswith("#") else f"#{color}"
