"""The search panel's widgets: the query box, the filters, what the search found and how far
the index is built, the results, and the buttons that act on all of them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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
        self.show_in_list = QPushButton("Show in document list")
        self.show_in_list.setObjectName("search_show_in_list")
        self.show_in_list.setToolTip(
            "List only the documents found in the document list (Show all there brings back "
            "the others)"
        )

        # Two rows of controls above the results (a laptop's screen keeps the article in
        # view): the words, what was found and the action; then every filter on one line.
        top = QHBoxLayout()
        top.addWidget(self.query, 3)
        top.addWidget(self.said, 2)
        top.addWidget(self.show_in_list)
        top.addWidget(self.mark_done)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        for date in (self.date_from, self.date_to):
            date.setMaximumWidth(date.fontMetrics().horizontalAdvance("from YYYY-MM-DD_____"))
        self.entity.setMaximumWidth(self.entity.fontMetrics().horizontalAdvance("x" * 28))
        for name, widget in (
            ("Label", self.label),
            ("Entity", self.entity),
            ("Annotator", self.annotator),
            ("Status", self.status),
            ("Dates", self.date_from),
        ):
            filters.addWidget(QLabel(name))
            filters.addWidget(widget, 1)
        filters.addWidget(QLabel("–"))
        filters.addWidget(self.date_to, 1)
        filters.addWidget(self.no_speaker)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(filters)
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
