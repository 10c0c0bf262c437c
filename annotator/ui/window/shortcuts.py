"""The keyboard reference (F1): a table of the keys as they are typed ("p", "Shift+Enter",
"Ctrl+Z"), built from the window's own actions when it opens, so it lists every shortcut and
cannot drift from them; then the keys and gestures widgets handle themselves (no action)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Layer
from annotator.core.scheme import RESERVED_KEYS

# Keys and gestures that widgets handle themselves, not through an action: (keys, what, where)
OTHER_KEYS = [
    ("Select text, then a label key", "label the selection (snapped to whole words)", ""),
    ("a label key, a span selected", "relabel it", ""),
    ("Click a span", "select it; click again at the same place for the span beneath", ""),
    ("Right-click", "choose any of the spans stacked under the pointer", ""),
    ("Shift+Right, Shift+Left", "move the selected span's end by a word (or character)", ""),
    ("Ctrl+Shift+Left, Ctrl+Shift+Right", "move the selected span's start", ""),
    ("Drag a selected span's edge", "move that boundary", ""),
    ("Esc, or an arrow without Shift", "leave the span (Shift+arrows then select text)", ""),
    ("Enter, Shift+Enter", "next, previous match", "find bar"),
    ("Enter, double-click", "open the result, its first hit selected", "search panel"),
    ("Enter, the cursor in a proposal", "accept the proposal under the cursor", ""),
    ("Tab, arrows, then Enter", "choose the speaker (after s), or click a mention", ""),
    ("Esc", "back to the article", "attribute editor"),
    ("Click a review mark", "make that disagreement current (again: the next one)", "Review tab"),
    ("a label key", "relabel the candidate (text selected: take the selection)", "review edit"),
    ("Shift+Left, Shift+Right", "move the candidate's end", "review edit"),
    ("Ctrl+Shift+Left, Ctrl+Shift+Right", "move the candidate's start", "review edit"),
    ("Enter, Esc", "accept the candidate (choice 'edit'), cancel", "review edit"),
]
RENAMED = {"Return": "Enter", "Del": "Delete", "PgDown": "Page Down", "PgUp": "Page Up"}
FIRST_SPECIAL_KEY = Qt.Key.Key_Help  # from here on: keys of multimedia and office keyboards


@dataclass(frozen=True)
class Row:
    keys: str
    what: str
    where: str


def typed(sequence: QKeySequence) -> str:
    """A key as the user types it: a letter alone in lower case ("p", not "P"), Enter for
    Return; "" for a key of a multimedia keyboard (Undo, Help, Zoom In...)."""
    if sequence.isEmpty() or sequence[0].key().value >= FIRST_SPECIAL_KEY.value:
        return ""
    text = sequence.toString(QKeySequence.SequenceFormat.NativeText)
    if len(text) == 1:
        return text.lower()
    *mods, key = text.split("+") if not text.endswith("++") else [*text[:-2].split("+"), "+"]
    return "+".join([*mods, RENAMED.get(key, key)])


def keys_of(action: QAction) -> str:
    keys = dict.fromkeys(k for k in (typed(s) for s in action.shortcuts()) if k)
    return ", ".join(keys)


def describe(action: QAction) -> str:
    """What an action does, in its menu's words (without "&", "…" or the label key)."""
    data = action.data()
    if isinstance(data, list) and len(data) == 2:  # a label's action: [layer, name]
        layer, name = data
        return f"label {name} ({Layer(layer).heading})"
    text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.rstrip("…").strip()


def menus_of(action: QAction) -> str:
    """The menus an action is in ("Edit", "View > Show annotations of"), "" if none."""
    paths = []
    for owner in action.associatedObjects():
        if not isinstance(owner, QMenu):
            continue
        path = [owner.title()]
        parent = owner.parent()
        while isinstance(parent, QMenu):
            path.insert(0, parent.title())
            parent = parent.parent()
        paths.append(" > ".join(p.replace("&", "") for p in path if p))
    return ", ".join(p for p in paths if p)


def _menu_order(window: QObject) -> Callable[[QAction], int]:
    """Actions in the order of the menu bar (File, Edit... top to bottom), then the others."""
    order: dict[int, int] = {}

    def walk(menu: QMenu) -> None:
        for action in menu.actions():
            order.setdefault(id(action), len(order))
            if action.menu() is not None:
                walk(action.menu())

    bar = window.menuBar() if isinstance(window, QMainWindow) else None
    for top in bar.actions() if bar is not None else []:
        if top.menu() is not None:
            walk(top.menu())
    return lambda action: order.get(id(action), len(order))


def in_article(action: QAction) -> bool:
    """Whether the action's keys work only where it is added (the article), not anywhere."""
    return action.shortcutContext() in (
        Qt.ShortcutContext.WidgetShortcut,
        Qt.ShortcutContext.WidgetWithChildrenShortcut,
    )


def sections(window: QObject) -> list[tuple[str, list[Row]]]:
    """Every action of ``window`` that has keys, by where its keys work: labels, the rest of
    the article's keys, anywhere in the window; then the keys widgets handle themselves."""
    labels: list[Row] = []
    article: list[Row] = []
    anywhere: list[Row] = []
    seen: set[int] = set()
    for action in sorted(window.findChildren(QAction), key=_menu_order(window)):
        keys = keys_of(action)
        if not keys or id(action) in seen:
            continue
        seen.add(id(action))
        row = Row(keys, describe(action), menus_of(action))
        if isinstance(action.data(), list):
            labels.append(row)
        elif in_article(action):
            article.append(row)
        else:
            anywhere.append(row)
    return [
        ("Labels: keys work while the article has focus", labels),
        ("In the article (click it first)", article),
        ("Anywhere in the window", anywhere),
        ("Other keys and the mouse", [Row(*other) for other in OTHER_KEYS]),
    ]


class ShortcutsDialog(QDialog):
    """The keys, in a table with a filter; not modal, so it can stay open beside the work."""

    COLUMNS = ("Keys", "What it does", "Menu or place")

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle("Keyboard shortcuts")
        layout = QVBoxLayout(self)
        self.filter = QLineEdit()
        self.filter.setObjectName("shortcuts_filter")
        self.filter.setPlaceholderText("Find a key or a command…")
        self.filter.setClearButtonEnabled(True)
        layout.addWidget(self.filter)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("shortcuts_table")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        layout.addWidget(self.table, 1)
        reserved = ", ".join(sorted(RESERVED_KEYS))
        note = QLabel(f"No label may use the keys {reserved}: they are commands' keys.")
        note.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self._sections: list[int] = []  # rows that head a section
        self.fill(sections(window))
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.resize(760, 600)

    def fill(self, found: list[tuple[str, list[Row]]]) -> None:
        table = self.table
        table.setRowCount(0)
        self._sections = []
        bold = QFont(table.font())
        bold.setBold(True)
        for title, rows in found:
            if not rows:
                continue
            at = table.rowCount()
            table.insertRow(at)
            head = QTableWidgetItem(title)
            head.setFont(bold)
            head.setBackground(table.palette().color(QPalette.ColorRole.Midlight))
            table.setItem(at, 0, head)
            table.setSpan(at, 0, 1, len(self.COLUMNS))
            self._sections.append(at)
            for row in rows:
                at = table.rowCount()
                table.insertRow(at)
                for column, text in enumerate((row.keys, row.what, row.where)):
                    item = QTableWidgetItem(text)
                    if column == 0:
                        item.setFont(bold)
                    table.setItem(at, column, item)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        table.resizeRowsToContents()

    def rows(self) -> list[Row]:
        """The table's rows (not the section titles), as shown."""
        table = self.table
        return [
            Row(*(table.item(r, c).text() for c in range(len(self.COLUMNS))))
            for r in range(table.rowCount())
            if r not in self._sections
        ]

    def _on_filter_text_changed(self, text: str) -> None:
        words = text.casefold().split()
        table = self.table
        heading = -1
        shown_in_section = False
        for r in range(table.rowCount()):
            if r in self._sections:
                if heading >= 0:
                    table.setRowHidden(heading, not shown_in_section)
                heading, shown_in_section = r, False
                continue
            cells = " ".join(table.item(r, c).text() for c in range(len(self.COLUMNS)))
            match = all(w in cells.casefold() for w in words)
            table.setRowHidden(r, not match)
            shown_in_section |= match
        if heading >= 0:
            table.setRowHidden(heading, not shown_in_section)

    @classmethod
    def ask(cls, window: QWidget) -> ShortcutsDialog:
        """Show the table (built afresh from the window's actions) and return it."""
        for old in window.findChildren(ShortcutsDialog):
            old.close()
            old.deleteLater()
        dialog = cls(window)
        dialog.show()
        return dialog
