"""A window's non-modal view of its project (agreement, statistics): one of each kind per
window, refreshed once per burst of edits, closed before the window closes its project; the
read-only tables and the save-as question such views share."""

from __future__ import annotations

from pathlib import Path
from typing import Self

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHeaderView,
    QTableView,
    QWidget,
)

from annotator.session import Change, Session


class ProjectView(QDialog):
    """Deleted when closed; ``project_changed`` runs ``LATER_MS`` after the last of a burst
    of edits; closes when its parent window closes (the window then closes the session)."""

    LATER_MS = 200

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.session = session
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(self.LATER_MS)
        self._later.timeout.connect(self.project_changed)
        self.finished.connect(self._on_view_finished)
        session.subscribe(self._on_session_changed)
        self._subscribed = True
        if parent is not None:
            parent.installEventFilter(self)

    def project_changed(self) -> None:
        """The project changed (edits, here or in the window): show it as it is now."""

    def closing(self) -> None:
        """The view closes (before it stops hearing the session)."""

    def _on_session_changed(self, change: Change) -> None:
        self._later.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.parent() and event.type() == QEvent.Type.Close:
            self.close()
        return super().eventFilter(watched, event)

    def _on_view_finished(self, result: int) -> None:
        self._later.stop()
        self.closing()
        if self._subscribed:
            self._subscribed = False
            self.session.unsubscribe(self._on_session_changed)

    @classmethod
    def ask(cls, parent: QWidget | None, session: Session) -> Self:
        """Show the view for ``session`` (the one already open, if any) and return it."""
        for view in parent.findChildren(cls) if parent is not None else ():
            if view.session is session and view.isVisible():
                view.setWindowState(view.windowState() & ~Qt.WindowState.WindowMinimized)
                view.activateWindow()
                return view
            view.close()
        view = cls(session, parent)
        view.show()
        return view

    @classmethod
    def close_all(cls, parent: QWidget) -> None:
        """Close the views of ``parent``: call it before the session they read is closed."""
        for view in parent.findChildren(cls):
            view.close()


def ask_save_path(
    parent: QWidget, title: str, suggested: Path, kind: str, suffix: str
) -> Path | None:
    """A file to write, asked with the system's dialog (``kind``: "PNG pictures"...); the
    ``suffix`` added when the name has none. None when cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), f"{kind} (*{suffix})")
    if not path:
        return None
    p = Path(path)
    return p if p.suffix else p.with_suffix(suffix)


def table_view(name: str, model: QAbstractItemModel) -> QTableView:
    """A read-only table of figures: whole rows selected, one at a time, columns as wide as
    their contents and the first one taking the room left."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table
