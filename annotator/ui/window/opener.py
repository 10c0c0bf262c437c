"""Opening projects from the window: lock and error handling, and the recent projects list."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from annotator.app.projects import NETWORK_WRITE, open_session
from annotator.app.team import PROJECT_FILE, TeamFolder, is_team_folder, open_team
from annotator.core.errors import AnnotatorError, os_error_text
from annotator.identity import current_annotator
from annotator.session import Session
from annotator.storage.errors import OnNetworkDrive, ProjectLocked
from annotator.ui.common.dialogs import Confirm, Notice

RECENT_KEY = "recent_projects"
RECENT_MAX = 10


class ProjectOpener:
    def __init__(self) -> None:
        self._team: TeamFolder | None = None  # of the team folder opened last, until taken
        self._lead: Path | None = None  # the team folder a member opened last, until taken

    def take_team(self) -> TeamFolder | None:
        """The team folder the last project opened leads (its work files already brought in),
        for the window to refresh; None if it was not a team folder's lead project."""
        team, self._team = self._team, None
        return team

    def take_lead(self) -> Path | None:
        """The team folder whose lead's scheme the last project opened follows (a member's
        work file, opened for writing), for the window to follow while open; else None."""
        folder, self._lead = self._lead, None
        return folder

    def _open(self, path: Path, read_only: bool) -> Session:
        if self._team is not None:  # opened before, never taken: its copies go
            self._team.close()
            self._team = None
        self._lead = None
        if read_only or not is_team_folder(path):
            return open_session(path, read_only=read_only)
        network_ok = os.environ.get(NETWORK_WRITE) == "1"
        session, self._team = open_team(path, current_annotator(), network_ok=network_ok)
        if session.path != path / PROJECT_FILE:  # (a member: their work file)
            self._lead = path
        return session

    def open(self, parent: QWidget | None, path: Path, read_only: bool = False) -> Session | None:
        """Open ``path``; offer read-only if another window writes it; None if it cannot be."""
        try:
            return self._open(path, read_only)
        except OnNetworkDrive as exc:
            if not Confirm.ask(
                parent, "Project on a network drive", f"{exc}\n\nOpen it read-only?"
            ):
                return None
            return self.open(parent, path, read_only=True)
        except ProjectLocked as exc:
            if not Confirm.ask(
                parent,
                "Project in use",
                f"{exc}\n\nOpen it read-only (it refreshes as it changes)?",
            ):
                return None
            try:
                return open_session(path, read_only=True)
            except AnnotatorError as exc2:
                _show(parent, str(exc2))
                return None
        except AnnotatorError as exc:
            _show(parent, str(exc))
            return None
        except OSError as exc:
            _show(parent, f"{path}: {os_error_text(exc)}")
            return None

    def remember(self, path: Path) -> None:
        settings = QSettings()
        items = [str(path.resolve())] + [p for p in self._stored() if p != str(path.resolve())]
        settings.setValue(RECENT_KEY, items[:RECENT_MAX])

    def recent(self) -> list[Path]:
        return [Path(p) for p in self._stored()]

    @staticmethod
    def _stored() -> list[str]:
        value = QSettings().value(RECENT_KEY, [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value or []]


def _show(parent: QWidget | None, message: str) -> None:
    print(f"annotator: {message}", file=sys.stderr)
    Notice.show(parent, "Cannot open project", message, error=True)
