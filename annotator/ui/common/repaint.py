"""Paint priorities: let the widget the user is looking at reach the screen before the others."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget


def after_this_frame(owner: QObject, widgets: Sequence[QWidget]) -> None:
    """Hold back the painting of ``widgets`` until the next turn of the event loop.

    Their models change at once (they show the truth); only their repaint waits, so a frame
    painted now (the new highlight in the article) is not delayed by side panels.
    """
    if not widgets or not widgets[0].updatesEnabled():
        return  # already held back for this frame
    for widget in widgets:
        widget.setUpdatesEnabled(False)

    def resume() -> None:
        for widget in widgets:
            widget.setUpdatesEnabled(True)

    QTimer.singleShot(0, owner, resume)
