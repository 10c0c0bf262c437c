"""How each layer is drawn: fills for entities, bars and underlines for quotes and claims."""

from __future__ import annotations

from PySide6.QtGui import QColor

from annotator.core.model import Layer

ENTITY_FILL_ALPHA = 110  # label colour behind entity text, light enough to read through
SELECTED_OUTLINE = QColor("#000000")
GHOST_ALPHA = 60

LAYER_STYLE_TEXT = {
    Layer.ENTITY: "fill behind the words",
    Layer.QUOTE: "a solid underline and a solid bar in the left margin",
    Layer.CLAIM: "a dotted underline and a dotted bar in the left margin",
}


def fill_color(hex_color: str, alpha: int = ENTITY_FILL_ALPHA) -> QColor:
    color = QColor(hex_color)
    color.setAlpha(alpha)
    return color


def text_on(hex_color: str) -> QColor:
    """Black or white, whichever reads better on ``hex_color``."""
    c = QColor(hex_color)
    luminance = 0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue()
    return QColor("#000000") if luminance > 140 else QColor("#FFFFFF")
