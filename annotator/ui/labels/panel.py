"""The label buttons by layer (colour, key): they share the label actions, so a click and a
key do the same. Each layer's buttons fill as many equal columns as the width allows (one in a
narrow column), so a button is never narrower than its text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QGroupBox, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from annotator.core.model import Label, Layer
from annotator.core.scheme import Scheme
from annotator.ui.common.flow import ColumnFlowLayout
from annotator.ui.common.palette import LAYER_STYLE_TEXT


class LabelPalette(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("label_palette")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def set_scheme(self, scheme: Scheme, actions: dict[tuple[Layer, str], QAction]) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for layer in Layer:
            labels = scheme.by_layer(layer)
            if not labels:
                continue
            box = QGroupBox(layer.heading)
            box.setObjectName(f"group_{layer.value}")
            box.setFlat(True)  # a rule under the title, no frame: the column is short of height
            box.setToolTip(f"{layer.heading}: drawn as {LAYER_STYLE_TEXT[layer]}")
            flow = ColumnFlowLayout(box, spacing=2)
            flow.setContentsMargins(6, 2, 6, 4)
            for label in labels:
                flow.addWidget(self._button(label, actions[(layer, label.name)]))
            self._layout.addWidget(box)

    def _button(self, label: Label, action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setObjectName(f"label_button_{label.layer.value}_{label.name}")
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.setAutoRaise(True)
        return button
