"""The search panel's widgets: the query box, the filters, what the search found and how far
the index is built, the results, and the buttons that act on all of them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Status
from annotator.ui.search.delegate import SnippetDelegate
from annotator.ui.search.model import SearchResultsModel

ANY = ""  # a combo box's "any" entry


class SearchPanel(QWidget):
    def __init__(self, model: SearchResultsModel) -> None:
        super().__init__()
        self.setObjectName("search_panel")
        self.query = QLineEdit()
        self.query.setObjectName("search_query")
        self.query.setPlaceholderText(
            'Search all documents: words, "a phrase", prefix*, NEAR(a b, 5), OR, NOT'
        )
        self.query.setClearButtonEnabled(True)
        self.label = _combo("search_label")
        self.annotator = _combo("search_annotator")
        self.status = _combo("search_status")
        for status in Status:
            self.status.addItem(status.display, status.value)
        self.entity = QLineEdit()
        self.entity.setObjectName("search_entity")
        self.entity.setPlaceholderText("entity name")
        self.date_from = QLineEdit()
        self.date_from.setObjectName("search_from")
        self.date_from.setPlaceholderText("from YYYY-MM-DD")
        self.date_to = QLineEdit()
        self.date_to.setObjectName("search_to")
        self.date_to.setPlaceholderText("to YYYY-MM-DD")
        self.no_speaker = QCheckBox("Quote without speaker")
        self.no_speaker.setObjectName("search_quote_without_speaker")
        self.said = QLabel("")
        self.said.setObjectName("search_said")
        self.said.setTextFormat(Qt.TextFormat.PlainText)
        self.said.setWordWrap(True)
        self.results = QListView()
        self.results.setObjectName("search_results")
        self.results.setModel(model)
        self.results.setItemDelegate(SnippetDelegate(self.results))
        self.results.setUniformItemSizes(True)
        self.results.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.mark_done = QPushButton("Mark all done")
        self.mark_done.setObjectName("search_mark_done")
        self.mark_done.setToolTip("Mark every document listed done (one edit: one undo)")

        filters = QGridLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        row = [
            (QLabel("Label"), self.label),
            (QLabel("Entity"), self.entity),
            (QLabel("Annotator"), self.annotator),
            (QLabel("Status"), self.status),
        ]
        for column, (name, widget) in enumerate(row):
            filters.addWidget(name, 0, 2 * column)
            filters.addWidget(widget, 0, 2 * column + 1)
        filters.addWidget(QLabel("Dates"), 1, 0)
        filters.addWidget(self.date_from, 1, 1)
        filters.addWidget(self.date_to, 1, 3)
        filters.addWidget(self.no_speaker, 1, 5, 1, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.said, 1)
        buttons.addWidget(self.mark_done)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.query)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.results, 1)

    def fill_choices(self, labels: list[str], annotators: list[tuple[str, str]]) -> None:
        """The label and annotator choices of the open project (name, id), keeping a choice
        that is still there."""
        for combo, items in (
            (self.label, [(n, n) for n in labels]),
            (self.annotator, annotators),
        ):
            kept = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("any", ANY)
            for text, data in items:
                combo.addItem(text, data)
            at = combo.findData(kept)
            combo.setCurrentIndex(max(at, 0))
            combo.blockSignals(False)


def _combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.addItem("any", ANY)
    return combo
