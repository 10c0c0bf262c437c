"""A grid whose number of columns follows the width it is given: as many columns as fit, each as
wide as its widest item, so a narrow panel gets one column and a wide one several, and no item
is ever narrower than it asks to be (its text is never cut)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class ColumnFlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing

    # -- the QLayout interface -----------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt API)
        self._items.append(item)
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt API)
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt API)
        if not 0 <= index < len(self._items):
            return None
        item = self._items.pop(index)
        self.invalidate()
        return item

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt API)
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt API)
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt API)
        """The widest item, one row: the height for a width is ``heightForWidth``'s."""
        left, top, right, bottom = self.getContentsMargins()
        cell = self._cell()
        return QSize(cell.width() + left + right, cell.height() + top + bottom)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return self.minimumSize()

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt API)
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    # -- arranging -----------------------------------------------------------------------------

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _cell(self) -> QSize:
        """The widest and the tallest item's size hint (one column is this wide)."""
        visible = self._visible()
        width = max((i.sizeHint().width() for i in visible), default=0)
        height = max((i.sizeHint().height() for i in visible), default=0)
        return QSize(width, height)

    def column_widths(self, width: int) -> list[int]:
        """The most columns whose widest items fit side by side in ``width`` (the inner width),
        each as wide as its widest item, the width left over shared out equally."""
        hints = [i.sizeHint().width() for i in self._visible()]
        for columns in range(len(hints), 1, -1):
            widths = [max(hints[c::columns]) for c in range(columns)]
            used = sum(widths) + (columns - 1) * self._spacing
            if used <= width:
                extra, rest = divmod(width - used, columns)
                return [w + extra + (1 if c < rest else 0) for c, w in enumerate(widths)]
        return [max(width, max(hints, default=0))]

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        left, top, right, bottom = self.getContentsMargins()
        inner = rect.adjusted(left, top, -right, -bottom)
        visible = self._visible()
        row_height = self._cell().height()
        widths = self.column_widths(inner.width())
        columns = len(widths)
        rows = (len(visible) + columns - 1) // columns
        if move:
            for n, item in enumerate(visible):
                row, column = divmod(n, columns)
                x = inner.x() + sum(widths[:column]) + column * self._spacing
                y = inner.y() + row * (row_height + self._spacing)
                item.setGeometry(QRect(x, y, widths[column], row_height))
        height = rows * row_height + max(rows - 1, 0) * self._spacing
        return height + top + bottom
