"""A member's window on a team folder follows the lead's scheme while it is open: when the
lead's ``project.sqlite`` changes, its scheme is read by a private copy on a thread of its own
(``app.team.read_lead``) and written into the member's work file here, on the window's
thread, by what each open does (``app.team.adopt_lead``); the views rebuild their label
menus, keys and colours from the change it reports, and the status bar says what the lead
changed. When the lead lets members see each other's work, or stops, ``others_visible`` says so
(the window then starts or stops bringing in the others' work files: ``ui.team.watch``).

A change is heard as the lead's window hears work files (``ui.team.hearing``): a
``QFileSystemWatcher`` on the file and its folder (a sync engine replaces a file by renaming
one into place), and a poll of the file's size, time and inode. The file is read again only
when those changed since the bytes last read; a file caught mid-sync (or one that could not
be read) keeps its old mark, so the next look reads it again. While an import writes
(``ctx.paused``) nothing is followed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from annotator.app.team import PROJECT_FILE, LeadScheme, adopt_lead, read_lead
from annotator.core.errors import AnnotatorError
from annotator.core.rows import RowTarget
from annotator.session.team import Behind, FileMark, mark_of
from annotator.ui.common.context import WindowContext
from annotator.ui.team.hearing import Hearing
from annotator.ui.team.reading import TeamReading


class LeadWatch(QObject):
    """Follows the scheme of the lead of the team folder ``take`` gives (from the opener,
    after each project opened; None: the project is no member's work file).
    ``others_visible`` carries the lead's new decision each time it changes."""

    others_visible = Signal(bool)

    def __init__(self, ctx: WindowContext, take: Callable[[], Path | None]) -> None:
        super().__init__(ctx)
        self._ctx = ctx
        self._take = take
        self.lead: Path | None = None  # the lead's project.sqlite
        self._mark: FileMark | None = None  # of the bytes last followed
        self._reading: TeamReading | None = None
        self._again = False  # a change heard while it reads: look again when it ends
        self._hearing = Hearing(self)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._ctx.project_changed.connect(self._on_ctx_project_changed)
        self._hearing.heard.connect(self._on_hearing_heard)

    def look(self) -> None:
        """Follow the lead's scheme if their file changed since it was last followed: read on
        a thread of its own, written here when read. Asked while it reads: looked at again
        when the reading ends."""
        lead = self.lead
        if lead is None or self._ctx.paused:
            return
        if self._reading is not None:
            self._again = True
            return
        self._hearing.watch([lead.parent, lead])  # (a file replaced by a rename is a new file)
        if mark_of(lead) == self._mark:
            return
        reading = TeamReading([lead], _read_lead)
        reading.read.connect(self._on_reading_read)
        reading.ended.connect(self._on_reading_ended)
        self._reading = reading
        reading.begin()

    def busy(self) -> bool:
        """Whether the lead's file is being read now."""
        return self._reading is not None

    def close(self) -> None:
        self._hearing.stop()
        if self._reading is not None:
            self._reading.abandon()  # (it ends by itself; its token is heard no more)
            self._reading = None
        self._again = False
        self.lead = self._mark = None

    # -- slots ---------------------------------------------------------------------------------

    def _on_ctx_project_changed(self) -> None:
        self.close()
        folder = self._take()
        if folder is None:
            return
        self.lead = folder / PROJECT_FILE
        self._mark = mark_of(self.lead)  # (the open has just followed these bytes)
        self._hearing.watch([folder, self.lead])
        self._hearing.start()

    def _on_hearing_heard(self, _only: set[Path] | None) -> None:
        self.look()

    def _on_reading_read(self, token: int, _path: Path, read: object) -> None:
        if self._reading is None or token != self._reading.token or self._ctx.paused:
            return  # (paused: the mark is kept as it was, so it is read again at the next look)
        assert isinstance(read, LeadScheme | AnnotatorError)
        team = self._ctx.session.assignments
        was_visible = team.others_visible()
        said = adopt_lead(self._ctx.session, read)
        if isinstance(read, LeadScheme):
            self._mark = read.mark
        elif not isinstance(read, Behind) and self.lead is not None:
            # (a file that cannot be read, not one caught mid-sync: read again when it next
            # changes, not at every poll, each time copying it and saying so again)
            self._mark = mark_of(self.lead)
        if said:
            self._ctx.say(said[0].upper() + said[1:], 10000)
        if team.others_visible() != was_visible:
            self.others_visible.emit(not was_visible)

    def _on_reading_ended(self, token: int) -> None:
        if self._reading is None or token != self._reading.token:
            return
        self._reading = None
        if self._again:
            self._again = False
            self.look()


def _read_lead(path: Path, _here: RowTarget | None) -> LeadScheme | AnnotatorError:
    return read_lead(path.parent)
