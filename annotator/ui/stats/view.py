"""The Statistics view: where the work stands (``app.stats``, the figures `annotator stats`
prints), a tab per section, counted in a thread and recounted after edits; the chart shown
saved as PNG, the figures as CSV."""

from __future__ import annotations

import time
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
from annotator.session import Session
from annotator.session.changes import Change, ChangeKind
from annotator.ui.common.dialogs import Notice
from annotator.ui.common.views import ProjectView, ask_save_path
from annotator.ui.stats.charts import Chart
from annotator.ui.stats.counting import Counting
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
    (the view opens at once and says "counting…"), again after edits (once per burst) when
    counting takes at most ``AUTO_RECOUNT_S``; else the view says the project changed since
    and Recount counts again (a big project is not counted anew after every edit)."""

    LATER_MS = 500
    AUTO_RECOUNT_S = 3.0

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("statistics_dialog")
        self.setWindowTitle("Statistics")
        self.setMinimumSize(720, 480)
        self.resize(1100, 700)
        self.stats: Statistics | None = None  # the figures shown
        self._counting: Counting | None = None
        self._again = False  # count again when the count running now ends
        self._changed = False  # the project changed while a count ran
        self._stale = False  # the figures shown are older than the project
        self._took = 0.0  # seconds the last count took
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

    def is_counting(self) -> bool:
        return self._counting is not None

    def recount(self) -> None:
        """Count the figures anew; a count running is interrupted (nobody wants its figures
        any more) and the new one starts when it has stopped."""
        self._stale = False
        if self._counting is not None:
            self._counting.cancel()
            self._again = True
            return
        self.state.setText(COUNTING)
        self._progress.forget(self._forget)  # (no count runs now: the cache is this thread's)
        if self._reassigned:
            self._progress.forget_assignment()
        self._forget, self._reassigned = set(), False
        self._counting = Counting(self.session, self.annotator(), cache=self._progress)
        self._counting.counted.connect(self._on_counting_counted)
        self._counting.failed.connect(self._on_counting_failed)
        self._counting.finished.connect(self._on_counting_finished)
        self._counting.start()

    def _on_session_changed(self, change: Change) -> None:
        if change.kind in EVERYONES:
            self._forget = None
        elif change.kind is ChangeKind.ASSIGNMENTS:
            self._reassigned = True
        elif self._forget is not None:
            self._forget.add(self.session.annotator.id)
        super()._on_session_changed(change)

    def project_changed(self) -> None:
        """After edits: count again if counting is quick, else say the figures are older."""
        self._fill_annotators()  # (work brought in: new annotators)
        if self._counting is not None:
            self._changed = True  # decided when it ends
        elif self._took <= self.AUTO_RECOUNT_S:
            self.recount()
        else:
            self._stale = True
            self._say_counted()

    def _say_counted(self) -> None:
        stats = self.stats
        whose = f"{stats.annotator}'s work" if stats and stats.annotator else "everyone's work"
        text = f"Counted at {self._counted_at} in {self._took:.1f} s: {whose}"
        if self._stale:
            text += " · the project changed since: Recount counts again"
        self.state.setText(text)

    # -- slots ---------------------------------------------------------------------------------

    def _on_counting_counted(self, stats: Statistics, took: float) -> None:
        if self._counting is None or self._counting.cancelled:
            return  # nobody wants these figures any more: a new count follows
        self.stats, self._took = stats, took
        self._counted_at = time.strftime("%H:%M:%S")
        for section in self.sections:
            section.show_stats(stats)
        self._say_counted()

    def _on_counting_failed(self, why: str) -> None:
        self.state.setText(f"Could not count: {why}")

    def _on_counting_finished(self) -> None:
        if self._counting is not None:
            self._counting.wait()
            self._counting.deleteLater()
        self._counting = None
        if self._again:
            self._again = self._changed = False
            self.recount()
        elif self._changed:
            self._changed = False
            self.project_changed()

    def _on_recount_button_clicked(self) -> None:
        self.recount()

    def _on_annotator_combo_changed(self, index: int) -> None:
        self.recount()

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
        if self.stats is None:
            Notice.show(self, "Save figures", "The figures are still being counted.")
            return
        path = FiguresPathDialog.ask(self, self.session.path.parent / "statistics.csv")
        if path is None:
            return
        try:
            write_csv(self.session, self.stats, path)
        except AnnotatorError as exc:
            Notice.show(self, "Save figures", str(exc), error=True)
            return
        except OSError as exc:
            Notice.show(self, "Save figures", os_error_text(exc), error=True)
            return
        self.state.setText(f"Saved {path.name}")

    def closing(self) -> None:
        if self._counting is not None:  # interrupted, it ends alone, its figures unheard
            self._counting.counted.disconnect(self._on_counting_counted)
            self._counting.failed.disconnect(self._on_counting_failed)
            self._counting.finished.disconnect(self._on_counting_finished)
            self._counting.keep_until_done()
            self._counting = None
