"""The window's menu actions (defined in ``ui.window.actions``, shared through the context),
and actions made one way everywhere: an objectName tests can find, keys limited to the article
where they are single letters; a label's action with its colour and key."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap

from annotator.core.model import Label
from annotator.ui.common import plain

StdKey = QKeySequence.StandardKey


def swatch(color: str, size: int = 14) -> QIcon:
    """A small square of a label's colour."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


def make_action(
    parent: QObject,
    name: str,
    text: str,
    keys: list[QKeySequence | StdKey | str] | None = None,
    tip: str = "",
    widget_only: bool = False,
) -> QAction:
    """An action with an objectName (tests find it); ``widget_only`` limits its keys to the
    widget it is added to (the article view's single-letter keys)."""
    action = QAction(text, parent)
    if widget_only:
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.setObjectName(name)
    if keys:
        sequences: list[QKeySequence] = []
        for key in keys:
            if isinstance(key, StdKey):
                sequences.extend(QKeySequence.keyBindings(key))
            else:
                sequences.append(QKeySequence(key))
        action.setShortcuts(sequences)
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    return action


def label_action(parent: QObject, label: Label) -> QAction:
    """A label's action: its key works while the article has focus; its data names it."""
    action = QAction(swatch(label.color), plain.menu_text(label.name), parent)
    action.setObjectName(f"label_{label.layer.value}_{label.name}")
    if label.key:
        action.setShortcut(QKeySequence(label.key.upper()))
        action.setText(plain.menu_text(f"{label.name}  [{label.key}]"))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.setToolTip(plain.tooltip(label.description or label.name))
    action.setData([label.layer.value, label.name])
    return action


@dataclass
class Actions:
    new: QAction
    open: QAction
    open_folder: QAction
    import_articles: QAction
    import_folder: QAction
    export: QAction
    import_annotations: QAction
    import_brat_folder: QAction
    add_work: QAction
    share_copy: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    find: QAction
    delete_span: QAction
    edit_note: QAction
    zoom_in: QAction
    zoom_out: QAction
    snap: QAction
    next_doc: QAction
    prev_doc: QAction
    mark_done: QAction
    edit_document: QAction
    remove_document: QAction
    set_annotator: QAction
    statistics: QAction
    assign: QAction
    reassign: QAction
    others_visible: QAction
    shortcuts: QAction
    edit_scheme: QAction
    agreement: QAction
    search: QAction
