"""The label scheme and the guideline as the session sees them: reading, checking a label
the user typed, and each change of the scheme."""

from __future__ import annotations

from annotator.core.errors import SchemeError
from annotator.core.model import Label, Layer
from annotator.core.records import LabelEdit, RemovedLabel, StoredLabel
from annotator.core.scheme import validate
from annotator.session.base import SessionCore
from annotator.session.changes import Change, ChangeKind
from annotator.storage.store import ProjectStore


class Labels:
    """Each write is one transaction and reports ``ChangeKind.SCHEME`` (labels may be renamed
    or gone anywhere; the session reads its scheme again)."""

    def __init__(self, session: SessionCore, store: ProjectStore) -> None:
        self._session = session
        self._store = store

    # -- reading -------------------------------------------------------------------------------

    def guideline(self) -> str:
        return self._store.labels.guideline()

    def label_rows(self) -> list[StoredLabel]:
        """The labels in file order, with their row ids (stable across renames and undo)."""
        return self._store.labels.rows()

    def label_usage(self, *, mine: bool = False) -> dict[tuple[Layer, str], int]:
        """Spans per (layer, label name): every annotator's, or with ``mine`` the current one's."""
        return self._store.spans.label_counts(self._session.annotator.id if mine else None)

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
        """Add a label after the others; returns it with its row id."""
        self._check(label)
        stored = self._store.labels.insert(label)
        self._changed()
        return stored

    def remove_label(self, layer: Layer, name: str) -> RemovedLabel:
        """Delete a label with every span of it (every annotator's) and their claim and quote
        links; returns what was deleted."""
        removed = self._store.labels.delete(layer, name)
        self._changed(tuple(s.id for s in removed.spans))
        return removed

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
        kept). Returns the edit (the spans it renamed)."""
        before = self._store.labels.get(layer, name).label
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
        edit = self._store.labels.update(before, after)
        self._changed(edit.span_ids)
        return edit

    def set_guideline(self, text: str) -> str:
        """Store the project's guideline text; returns the text it replaces."""
        before = self._store.labels.guideline()
        if text != before:
            self._store.labels.set_guideline(text)
            self._changed()
        return before

    # -- helpers -------------------------------------------------------------------------------

    def _check(self, label: Label, replacing: Label | None = None) -> None:
        """Raise SchemeError with a message fit for the user if ``label`` cannot join the scheme
        (taking the place of ``replacing``)."""
        others = [lb for lb in self._store.labels.all() if lb != replacing]
        if any(lb.layer is label.layer and lb.name == label.name for lb in others):
            raise SchemeError(
                f"there is already a label {label.name!r} in the {label.layer.value} layer"
            )
        validate([*others, label])

    def _changed(self, span_ids: tuple[str, ...] = ()) -> None:
        self._session.report(Change(ChangeKind.SCHEME, None, span_ids))


def _key(key: str) -> str:
    return key.strip().lower()


def _colour(color: str) -> str:
    color = color.strip().upper()
    return color if color.startswith("#") else f"#{color}"
