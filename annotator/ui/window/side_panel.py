"""The right-hand column: label buttons, the side tabs, the selected span and its attributes.

It must fit a laptop screen (1366x768 with a panel, or 1024x700) without squeezing any widget
below the size it needs, so:

- the tabs ask only for the height of the page shown (a tall page that is not shown, such as
  the Review tab's, does not make the column, and so the window, taller), and take whatever
  height is left;
- the whole column scrolls when the window is shorter than what it holds, instead of
  crushing its buttons or pushing the window past the bottom of the screen;
- its narrowest width is what its widest widget needs, so it never scrolls sideways.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

Policy = QSizePolicy.Policy
FRAME = 2  # px of the tab widget's frame on each side


class SideTabs(QTabWidget):
    """Tabs sized by the page shown: the others are laid out as if they had no size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._policies: dict[int, QSizePolicy] = {}  # id(page) -> the page's own policy
        self.currentChanged.connect(self._on_current_changed)

    def addTab(self, page: QWidget, label: str) -> int:  # type: ignore[override]  # noqa: N802
        self._policies[id(page)] = page.sizePolicy()
        index = super().addTab(page, label)
        self._on_current_changed(self.currentIndex())
        return index

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """No taller than needed: the tabs stretch to whatever the column has left."""
        return QSize(super().sizeHint().width(), self.minimumSizeHint().height())

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        """Sized by the page shown alone (a tab widget asks every page for its height for a
        width, shown or not, and from their preferred sizes, not the least they need)."""
        return False

    def _on_current_changed(self, current: int) -> None:
        for index in range(self.count()):
            page = self.widget(index)
            own = self._policies.get(id(page))
            if own is None:
                continue
            page.setSizePolicy(
                own if index == current else QSizePolicy(Policy.Ignored, Policy.Ignored)
            )
        self.updateGeometry()


class SidePanel(QScrollArea):
    """The column, scrolling vertically when the window is too short for it."""

    def __init__(self, widgets: list[tuple[QWidget, int]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("side_panel")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.content = QWidget()
        self.content.setObjectName("side_content")
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(6, 6, 6, 6)
        for widget, stretch in widgets:
            layout.addWidget(widget, stretch)
            if isinstance(widget, SideTabs):  # another page: another narrowest width
                widget.currentChanged.connect(self._on_tabs_current_changed)
        self.setWidget(self.content)

    def _on_tabs_current_changed(self) -> None:
        self.updateGeometry()

    def comfortable_width(self) -> int:
        """The width at which every tab's title shows (no scroll arrows on the tab bar)."""
        tabs = next((w for w in self.content.findChildren(SideTabs)), None)
        bar = tabs.tabBar().sizeHint().width() + 2 * FRAME if tabs is not None else 0
        left, _, right, _ = self.content.layout().getContentsMargins()
        return max(bar + left + right, self.minimumSizeHint().width())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """As narrow as the widest widget allows, with room for the vertical scroll bar."""
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        width = self.content.minimumSizeHint().width() + bar + 2 * self.frameWidth()
        return QSize(width, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        hint = self.content.sizeHint()
        return QSize(max(hint.width(), self.minimumSizeHint().width()), hint.height())
