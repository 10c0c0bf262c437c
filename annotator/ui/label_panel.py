"""The right panel: the label scheme by layer (colour, key), the document's spans, the note."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Label, Layer
from annotator.core.scheme import Scheme
from annotator.ui.attribute_editor import AttributeEditor
from annotator.ui.entity_panel import EntityPanel
from annotator.ui.models import SpanListModel
from annotator.ui.palette import LAYER_STYLE_TEXT


class LabelPanel(QWidget):
    """Label buttons share the window's label actions, so a click and a key do the same."""

    def __init__(self, span_model: SpanListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("label_panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self._groups = QWidget()
        self._groups_layout = QVBoxLayout(self._groups)
        self._groups_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._groups)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("side_tabs")
        layout.addWidget(self.tabs, 1)
        # A one-column table, not a QListView: with fixed row heights it does not walk every
        # row after each insert (QListView's relayout cost grows with the span count).
        self.span_list = QTableView()
        self.span_list.setObjectName("span_list")
        self.span_list.setModel(span_model)
        self.span_list.horizontalHeader().hide()
        self.span_list.horizontalHeader().setStretchLastSection(True)
        self.span_list.verticalHeader().hide()
        self.span_list.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.span_list.verticalHeader().setDefaultSectionSize(
            self.span_list.fontMetrics().height() + 6
        )
        self.span_list.setShowGrid(False)
        self.span_list.setWordWrap(False)
        self.span_list.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.span_list.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.tabs.addTab(self.span_list, "Spans")
        self.entities = EntityPanel()
        self.tabs.addTab(self.entities, "Entities")
        self.selected_label = QLabel("No span selected")
        self.selected_label.setObjectName("selected_span")
        self.selected_label.setTextFormat(Qt.TextFormat.PlainText)
        self.selected_label.setWordWrap(True)
        layout.addWidget(self.selected_label)
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("note_edit")
        self.note_edit.setPlaceholderText("Note on the selected span (Enter saves)")
        self.note_edit.setEnabled(False)
        layout.addWidget(self.note_edit)
        self.attributes = AttributeEditor()
        layout.addWidget(self.attributes)

    def set_palette_shown(self, on: bool) -> None:
        """Show or fold away the label buttons (review mode folds them: its list needs the
        height, and the label keys work without them)."""
        self._groups.setVisible(on)

    def set_scheme(self, scheme: Scheme, actions: dict[tuple[Layer, str], QAction]) -> None:
        while self._groups_layout.count():
            item = self._groups_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for layer in Layer:
            labels = scheme.by_layer(layer)
            if not labels:
                continue
            box = QGroupBox(layer.heading)
            box.setObjectName(f"group_{layer.value}")
            box.setToolTip(f"{layer.heading}: drawn as {LAYER_STYLE_TEXT[layer]}")
            grid = QGridLayout(box)
            grid.setContentsMargins(6, 4, 6, 4)
            grid.setHorizontalSpacing(4)
            grid.setVerticalSpacing(2)
            for i, label in enumerate(labels):
                grid.addWidget(self._button(label, actions[(layer, label.name)]), i, 0)
            self._groups_layout.addWidget(box)

    def _button(self, label: Label, action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setObjectName(f"label_button_{label.layer.value}_{label.name}")
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.setAutoRaise(True)
        return button
