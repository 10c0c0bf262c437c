"""Draws a search result: the title and date on one line, the snippet below with its hits in
bold, each piece drawn as plain text (never as markup)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from annotator.core.search import Found, SearchHit
from annotator.ui.search.model import HIT_ROLE

_WHERE = {Found.NOTE: "  (in a note)", Found.TITLE: "  (in the title)"}
PAD = 4


class SnippetDelegate(QStyledItemDelegate):
    def sizeHint(  # noqa: N802 (Qt API)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        height = QFontMetrics(option.font).lineSpacing()
        return QSize(200, 2 * height + 2 * PAD)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        hit = index.data(HIT_ROLE)
        if not isinstance(hit, SearchHit):
            super().paint(painter, option, index)
            return
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem,
                option,
                painter,
                option.widget,
            )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        color = palette.highlightedText() if selected else palette.text()
        rect: QRect = option.rect.adjusted(PAD, PAD, -PAD, -PAD)
        base: QFont = option.font
        bold = QFont(base)
        bold.setBold(True)
        line = QFontMetrics(base).lineSpacing()
        painter.save()
        painter.setPen(color.color())
        head = f"{hit.title} — {hit.date or 'no date'}{_WHERE.get(hit.found, '')}"
        painter.setFont(bold)
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(bold).elidedText(head, Qt.TextElideMode.ElideRight, rect.width()),
        )
        x, y = rect.left(), rect.top() + line
        for text, is_hit in hit.snippet.parts:
            font = bold if is_hit else base
            metrics = QFontMetrics(font)
            piece = text if is_hit else _one_line(text, at_start=x == rect.left())
            room = rect.right() - x
            if room <= 0:
                break
            shown = metrics.elidedText(piece, Qt.TextElideMode.ElideRight, room)
            painter.setFont(font)
            painter.drawText(
                QRect(x, y, room, line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                shown,
            )
            x += metrics.horizontalAdvance(shown)
            if shown != piece:
                break
        painter.restore()


def _one_line(text: str, *, at_start: bool) -> str:
    """A piece of snippet on one line: its runs of spaces and line breaks one space each."""
    words = " ".join(text.split())
    before = " " if text[:1].isspace() and not at_start else ""
    after = " " if text[-1:].isspace() and words else ""
    return f"{before}{words}{after}"
