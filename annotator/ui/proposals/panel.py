"""The proposal list and its panel: what the Proposals tab shows (see ``ui.proposals``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractListModel, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.proposals import Proposal
from annotator.core.wording import counted
from annotator.ui.common import plain
from annotator.ui.common.models import ROOT, Index

ORIGIN_NAMES = {
    "occurrence": "other occurrence",
    "rule": "quote finder",
    "registry": "known entity",
    "model": "spaCy model",
}


def kind_of(p: Proposal) -> tuple[str, str]:
    return (p.origin, p.label)


def kind_text(kind: tuple[str, str], n: int) -> str:
    origin, label = kind
    return f"{n} {label} ({ORIGIN_NAMES.get(origin, origin)})"


def short(text: str, n: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


class ProposalListModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self.proposals: list[Proposal] = []
        self.titles: dict[str, str] = {}
        self.speakers: dict[str, str] = {}  # entity id -> name, for quote proposals

    def reset(
        self, proposals: list[Proposal], titles: dict[str, str], speakers: dict[str, str]
    ) -> None:
        self.beginResetModel()
        self.proposals = list(proposals)
        self.titles, self.speakers = titles, speakers
        self.endResetModel()

    def remove(self, rows: list[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            self.beginRemoveRows(ROOT, row, row)
            del self.proposals[row]
            self.endRemoveRows()

    def insert(self, proposals: list[Proposal]) -> None:
        """Put proposals back (undo), in document and reading order, skipping ones present."""
        present = {p.key for p in self.proposals}
        fresh = [p for p in dict.fromkeys(proposals) if p.key not in present]
        if not fresh:
            return
        self.beginResetModel()  # one reset: cheap even for thousands put back
        self.proposals = sorted([*self.proposals, *fresh], key=lambda p: (p.document_id, p.start))
        self.endResetModel()

    def remove_where(self, gone: Callable[[Proposal], bool]) -> int:
        """Drop the proposals ``gone`` says no longer apply; returns how many went."""
        kept = [p for p in self.proposals if not gone(p)]
        removed = len(self.proposals) - len(kept)
        if removed:
            self.beginResetModel()
            self.proposals = kept
            self.endResetModel()
        return removed

    def speaker(self, p: Proposal) -> str:
        return self.speakers.get(p.speaker_entity_id or "") or p.speaker_text

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self.proposals)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p = self.proposals[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            title = self.titles.get(p.document_id, "")
            where = f" · {title[:32]}" if title else ""
            if p.segments:
                who = self.speaker(p) or "speaker?"
                return f"{p.label}  {who}: “{short(p.text, 40)}”{where}"
            return f"{p.label}  {short(p.text)}  [{p.start}]{where}"
        if role == Qt.ItemDataRole.ToolTipRole:
            origin = ORIGIN_NAMES.get(p.origin, p.origin)
            lines = [f"{p.label}, proposed by the {origin}", short(p.text, 300)]
            if p.segments:
                lines.append(f"speaker: {self.speaker(p) or 'none found'}")
                lines.append(
                    f"{counted(len(p.segments), 'segment')}; cue: {'yes' if p.cue else 'none'}"
                )
            return plain.tooltip("\n".join(lines))
        return None


class ProposalPanel(QWidget):
    def __init__(self, model: ProposalListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("proposal_panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.summary = QLabel(
            "No proposals. Suggest > Suggest in this document (Ctrl+Shift+S) finds quotes and "
            "known entities; select a span and press Ctrl+Shift+A for its other occurrences."
        )
        self.summary.setObjectName("proposal_summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        searching = QHBoxLayout()  # shown while proposals are looked for in every document
        self.progress = QProgressBar()
        self.progress.setObjectName("proposal_progress")
        self.progress.setFormat("%v of %m documents")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setObjectName("proposal_stop")
        self.stop_button.setToolTip("Stop looking; the proposals found so far are shown")
        searching.addWidget(self.progress, 1)
        searching.addWidget(self.stop_button)
        layout.addLayout(searching)
        self.show_progress(False)
        self.list = QListView()
        self.list.setObjectName("proposal_list")
        self.list.setModel(model)
        self.list.setUniformItemSizes(True)
        # laid out a batch at a time between events: tens of thousands of proposals shown
        # at once do not hold the window
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setBatchSize(2000)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        layout.addWidget(self.list, 1)
        buttons = QGridLayout()
        self.accept_button = QPushButton("Accept (Enter, A)")
        self.reject_button = QPushButton("Reject (R)")
        self.accept_kind_button = QPushButton("Accept this kind (Shift+A)")
        self.accept_all_button = QPushButton("Accept all")
        for n, button in enumerate(
            (
                self.accept_button,
                self.reject_button,
                self.accept_kind_button,
                self.accept_all_button,
            )
        ):
            buttons.addWidget(button, n // 2, n % 2)
        layout.addLayout(buttons)

    def show_progress(self, on: bool) -> None:
        self.progress.setVisible(on)
        self.stop_button.setVisible(on)
        if on:
            self.progress.setRange(0, 0)  # busy until the number of documents is known
