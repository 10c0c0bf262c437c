"""The Guide tab: the project guideline and what each label marks, read-only, as plain text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget

from annotator.core.model import Layer
from annotator.session import Session


class GuidelinePanel(QWidget):
    """The project guideline and what each label marks, read-only, as plain text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideline_panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QPlainTextEdit()
        self.text.setObjectName("guideline_text")
        self.text.setReadOnly(True)
        self.text.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.text)

    def refresh(self, session: Session) -> None:
        self.text.setPlainText(guideline_text(session))


def guideline_text(session: Session) -> str:
    """The guideline, then each label by layer with its key and description."""
    none = "(No guideline yet: the label scheme editor adds one.)"
    parts = [session.labels.guideline().strip() or none]
    for layer in Layer:
        labels = session.scheme.by_layer(layer)
        if not labels:
            continue
        parts.append(layer.heading)
        for label in labels:
            key = f" [{label.key}]" if label.key else ""
            description = " ".join(label.description.split()) or "(no description)"
            parts[-1] += f"\n  {label.name}{key}: {description}"
    return "\n\n".join(parts)
