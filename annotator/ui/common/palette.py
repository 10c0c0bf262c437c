"""How each layer is drawn: fills for entities, bars and underlines for quotes and claims."""

from __future__ import annotations

from PySide6.QtGui import QColor

from annotator.core.model import Layer

ENTITY_FILL_ALPHA = 110  # label colour behind entity text, light enough to read through
SELECTED_OUTLINE = QColor("#000000")

LAYER_STYLE_TEXT = {
    Layer.ENTITY: "fill behind the words",
    Layer.QUOTE: "a solid underline and a solid bar in the left margin",
    Layer.CLAIM: "a dotted underline and a dotted bar in the left margin",
}


def fill_color(hex_color: str, alpha: int = ENTITY_FILL_ALPHA) -> QColor:
    color = QColor(hex_color)
    color.setAlpha(alpha)
    return color
