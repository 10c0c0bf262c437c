"""The Statistics view: where the work stands (``app.stats``, the figures `annotator stats`
prints), a tab per section, counted in a thread and recounted after edits, the team's
progress in a thread of its own (shown as soon as it is counted); the chart shown saved as
PNG, the figures as CSV."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.app.progress import ProgressCache
from annotator.app.stats import Statistics, write_csv
from annotator.core.errors import AnnotatorError, os_error_text
from annotator.core.model import Annotator
from annotator.core.progress import Progress
from annotator.session import Session
from annotator.session.changes import Change, ChangeKind
from annotator.ui.common.dialogs import Notice
from annotator.ui.common.reading import LatestReading
from annotator.ui.common.views import ProjectView, ask_save_path
from annotator.ui.stats.charts import Chart
from annotator.ui.stats.counting import Counting, ProgressCounting
from annotator.ui.stats.sections import SECTIONS, Section
from annotator.ui.stats.team import ProgressSection

COUNTING = "counting…"
EVERYONE = "Everyone"
# Edits that may change every annotator's work: the team's progress is read anew for
# everyone; an edit of the assignment has it read anew (and the work of the names whose
# documents changed); any other edit is the session's annotator's own.
EVERYONES = (
    ChangeKind.DOCUMENTS,
    ChangeKind.DOCUMENT_META,  # (a title)
    ChangeKind.SCHEME,
    ChangeKind.EXTERNAL,
    ChangeKind.FILE,
)


class ChartPathDialog:
    @classmethod
    def ask(cls, parent: QWidget, suggested: Path) -> Path | None:
        return ask_save_path(parent, "Save chart", suggested, "PNG pictures", ".png")


class FiguresPathDialog:
    @classmethod
    def ask(cls, parent: QWidget, suggested: Path) -> Path | None:
        return ask_save_path(parent, "Save figures", suggested, "CSV files", ".csv")


class StatisticsDialog(ProjectView):
    """Non-modal. The figures are counted in a thread on a read-only connection of their own
    (the view opens at once and says "counting…"), the team's progress in another (its tab
    shows it as soon as it is counted, without waiting for the rest); each again after edits
    (once per burst) when it takes at most ``AUTO_RECOUNT_S``; else the view says the
    project changed since and Recount counts again (a big project is not counted anew after
    every edit)."""

    LATER_MS = 500
    AUTO_RECOUNT_S = 3.0

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("statistics_dialog")
        self.setWindowTitle("Statistics")
        self.setMinimumSize(720, 480)
        self.resize(1100, 700)
        self.stats: Statistics | None = None  # the figures shown (the progress apart)
        self.progress: Progress | None = None  # the team's progress shown
        self._counts = LatestReading(self._counting, self)
        self._team = LatestReading(self._progress_counting, self)
        self._stale = False  # the figures shown are older than the project
        self._counted_at = ""
        self._progress = ProgressCache()  # each assignee's work and each pair's, kept
        self._forget: set[str] | None = set()  # whose work to read anew (None: everyone's)
        self._reassigned = False  # the assignment changed: read it anew
        self._build()
        self._connect_signals()
        self._fill_annotators()
        self.recount()

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.annotator_combo = QComboBox()
        self.annotator_combo.setObjectName("statistics_annotator")
        self.annotator_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        label = QLabel("&Whose work:")
        label.setBuddy(self.annotator_combo)
        self.state = QLabel()
        self.state.setObjectName("statistics_state")
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.png_button = QPushButton("Save &chart as PNG…")
        self.png_button.setObjectName("statistics_save_png")
        self.csv_button = QPushButton("Save &figures as CSV…")
        self.csv_button.setObjectName("statistics_save_csv")
        self.recount_button = QPushButton("&Recount")
        self.recount_button.setObjectName("statistics_recount")
        for button in (self.recount_button, self.png_button, self.csv_button):
            button.setAutoDefault(False)  # Enter does not save a file or count again
        for widget in (label, self.annotator_combo):
            row.addWidget(widget)
        row.addSpacing(16)
        row.addWidget(self.state, 1)
        row.addWidget(self.recount_button)
        row.addWidget(self.png_button)
        row.addWidget(self.csv_button)
        layout.addLayout(row)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("statistics_tabs")
        self.sections: list[Section] = []
        for kind in (*SECTIONS, ProgressSection):
            self.add_section(kind())
        layout.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def add_section(self, section: Section) -> None:
        """One more tab (a later part's section), shown with the figures from now on."""
        self.sections.append(section)
        self.tabs.addTab(section, section.title)
        section.show_stats(self.stats)

    def _connect_signals(self) -> None:
        self.annotator_combo.currentIndexChanged.connect(self._on_annotator_combo_changed)
        self._counts.done.connect(self._on_counts_counted)
        self._counts.failed.connect(self._on_counts_failed)
        self._counts.ended.connect(self._on_counts_ended)
        self._team.done.connect(self._on_team_counted)
        self._team.failed.connect(self._on_counts_failed)
        self._team.ended.connect(self._on_team_ended)
        self.png_button.clicked.connect(self._on_png_button_clicked)
        self.recount_button.clicked.connect(self._on_recount_button_clicked)
        self.csv_button.clicked.connect(self._on_csv_button_clicked)

    def _fill_annotators(self) -> None:
        """Everyone, then each annotator the project records (gold last, once reviewing has
        begun), keeping the choice. No span is counted here: at 100,000 documents that is a
        second of the window's time."""
        keep = self.annotator()
        names = self.session.annotator_names()
        every = self.session.annotators()
        people = [a for a in every if not a.is_gold] + [a for a in every if a.is_gold]
        self.annotator_combo.blockSignals(True)
        self.annotator_combo.clear()
        self.annotator_combo.addItem(EVERYONE, None)
        for who in people:
            shown = "gold (reviewed)" if who.is_gold else names.get(who.id, who.name)
            self.annotator_combo.addItem(shown, who)
        ids = [a.id for a in people]
        self.annotator_combo.setCurrentIndex(
            ids.index(keep.id) + 1 if keep and keep.id in ids else 0
        )
        self.annotator_combo.blockSignals(False)

    # -- state ---------------------------------------------------------------------------------

    def annotator(self) -> Annotator | None:
        """Whose work is counted (None: everyone's)."""
        value = self.annotator_combo.currentData()
        return value if isinstance(value, Annotator) else None

    def choose(self, annotator_id: str | None) -> None:
        """Count one annotator's work (None: everyone's), as picking them would."""
        for i in range(self.annotator_combo.count()):
            who = self.annotator_combo.itemData(i)
            if (who.id if isinstance(who, Annotator) else None) == annotator_id:
                self.annotator_combo.setCurrentIndex(i)
                return
        raise KeyError(annotator_id)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def current_chart(self) -> Chart:
        widget = self.tabs.currentWidget()
        assert isinstance(widget, Section)
        return widget.chart

    def progress_section(self) -> ProgressSection:
        section = self.section(ProgressSection.key)
        assert isinstance(section, ProgressSection)
        return section

    def is_counting(self) -> bool:
        """Whether the figures or the team's progress are being counted."""
        return self._counts.running() or self._team.running()

    def recount(self) -> None:
        """Count the figures and the team's progress anew; a count running is interrupted
        (nobody wants its figures any more) and the new one starts when it has stopped."""
        self._stale = False
        self._count(self._counts)
        self._team.start()

    def _count(self, counts: LatestReading) -> None:
        if counts is self._counts:
            self.state.setText(COUNTING)
        counts.start()

    def _counting(self) -> Counting:
        return Counting(self.session, self.annotator())

    def _progress_counting(self) -> ProgressCounting:
        """(Made when no progress count runs: the cache is this thread's now.)"""
        self._progress.forget(self._forget)
        if self._reassigned:
            self._progress.forget_assignment()
        self._forget, self._reassigned = set(), False
        return ProgressCounting(self.session, self._progress)

    def _on_session_changed(self, change: Change) -> None:
        if change.kind in EVERYONES:
            self._forget = None
        elif change.kind is ChangeKind.ASSIGNMENTS:
            self._reassigned = True
        elif self._forget is not None:
            self._forget.add(self.session.annotator.id)
        super()._on_session_changed(change)

    def project_changed(self) -> None:
        """After edits: count again what counts quickly, else say the figures are older."""
        self._fill_annotators()  # (work brought in: new annotators)
        for counts in (self._counts, self._team):
            self._changed(counts)

    def _changed(self, counts: LatestReading) -> None:
        if counts.running():
            counts.changed = True  # decided when it ends
        elif counts.took <= self.AUTO_RECOUNT_S:
            self._count(counts)
        else:
            self._stale = True
            self._say_counted()

    def _say_counted(self) -> None:
        stats = self.stats
        if stats is None:
            return  # (still "counting…")
        whose = f"{stats.annotator}'s work" if stats.annotator else "everyone's work"
        text = f"Counted at {self._counted_at} in {self._counts.took:.1f} s: {whose}"
        if self._stale:
            text += " · the project changed since: Recount counts again"
        self.state.setText(text)

    # -- slots ---------------------------------------------------------------------------------

    def _on_counts_counted(self, stats: Statistics, took: float) -> None:
        self.stats = stats
        self._counted_at = time.strftime("%H:%M:%S")
        for section in self.sections:
            section.show_stats(stats)
        self._say_counted()

    def _on_team_counted(self, progress: Progress, took: float) -> None:
        self.progress = progress
        self.progress_section().show_progress(progress)

    def _on_counts_failed(self, why: str) -> None:
        self.state.setText(f"Could not count: {why}")

    def _on_counts_ended(self) -> None:
        if self._counts.changed:
            self._counts.changed = False
            self._changed(self._counts)

    def _on_team_ended(self) -> None:
        if self._team.changed:
            self._team.changed = False
            self._changed(self._team)

    def _on_recount_button_clicked(self) -> None:
        self.recount()

    def _on_annotator_combo_changed(self, index: int) -> None:
        self._count(self._counts)  # (the team's progress is everyone's)

    def _on_png_button_clicked(self) -> None:
        widget = self.tabs.currentWidget()
        assert isinstance(widget, Section)
        suggested = self.session.path.parent / f"statistics-{widget.key}.png"
        path = ChartPathDialog.ask(self, suggested)
        if path is None:
            return
        try:
            self.session.refuse_output(path)
        except AnnotatorError as exc:
            Notice.show(self, "Save chart", str(exc), error=True)
            return
        if widget.chart.render_png(path):
            self.state.setText(f"Saved {path.name}")
        else:
            Notice.show(self, "Save chart", f"Could not write {path}.", error=True)

    def _on_csv_button_clicked(self) -> None:
        if self.stats is None or self.progress is None:
            Notice.show(self, "Save figures", "The figures are still being counted.")
            return
        path = FiguresPathDialog.ask(self, self.session.path.parent / "statistics.csv")
        if path is None:
            return
        try:
            write_csv(self.session, replace(self.stats, progress=self.progress), path)
        except AnnotatorError as exc:
            Notice.show(self, "Save figures", str(exc), error=True)
            return
        except OSError as exc:
            Notice.show(self, "Save figures", os_error_text(exc), error=True)
            return
        self.state.setText(f"Saved {path.name}")

    def closing(self) -> None:
        self._counts.close()  # interrupted, each ends alone, its figures unheard
        self._team.close()
