"""How each layer is drawn: fills for entities, bars and underlines for quotes and claims."""

from __future__ import annotations

from PySide6.QtGui import QColor

from annotator.core.model import Layer

ENTITY_FILL_ALPHA = 110  # label colour behind entity text, light enough to read through
SELECTED_OUTLINE = QColor("#000000")
DARK_TEXT, LIGHT_TEXT = QColor("#111111"), QColor("#ffffff")  # on a coloured fill

LAYER_STYLE_TEXT = {
    Layer.ENTITY: "fill behind the words",
    Layer.QUOTE: "a solid underline and a solid bar in the left margin",
    Layer.CLAIM: "a dotted underline and a dotted bar in the left margin",
}


def fill_color(hex_color: str, alpha: int = ENTITY_FILL_ALPHA) -> QColor:
    color = QColor(hex_color)
    color.setAlpha(alpha)
    return color


def _luminance(c: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def text_color(fill: QColor) -> QColor:
    """Dark or white text, whichever contrasts more with ``fill`` (WCAG contrast ratio)."""
    lum = _luminance(fill)
    dark = (lum + 0.05) / (_luminance(DARK_TEXT) + 0.05)
    light = 1.05 / (lum + 0.05)
    return DARK_TEXT if dark >= light else LIGHT_TEXT
