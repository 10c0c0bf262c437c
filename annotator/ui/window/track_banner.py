"""The banner over the article when what it shows cannot be edited: another annotator's work
(the example's, on first launch) or a read-only project. It says so where the user looks,
offers to switch to their own track, and flashes when a key or button tries to edit anyway
(the status bar alone was easy to miss)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from annotator.core.wording import counted
from annotator.ui.common.banner import Banner
from annotator.ui.common.context import WindowContext


class TrackBanner(QObject):
    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.banner = Banner(name="track_banner")
        self.mine = self.banner.add_button("Annotate yourself", "track_banner_mine")
        self.mine.setToolTip("Show your own annotations, which you can edit")
        self.reviewing = False  # review mode: its decisions are edits it allows
        self._connect_signals()

    def _connect_signals(self) -> None:
        ctx = self.ctx
        ctx.project_changed.connect(self.refresh)
        ctx.track_changed.connect(self.refresh)
        ctx.edit_refused.connect(self._on_ctx_edit_refused)
        self.mine.clicked.connect(self._on_mine_clicked)

    def set_reviewing(self, on: bool) -> None:
        self.reviewing = on
        self.refresh()

    def refresh(self) -> None:
        """Shown while what the article shows cannot be edited (not in review mode, whose
        decisions go into the gold layer whoever's work is shown)."""
        text = self._text()
        if text is None or self.reviewing:
            self.banner.hide()
        else:
            self._show(text)

    def _show(self, text: str) -> None:
        self.mine.setVisible(self.ctx.is_other() and not self.ctx.session.read_only)
        self.mine.setText(self._mine_text())
        self.banner.show_message(text, level="info")

    def _text(self) -> str | None:
        ctx = self.ctx
        session = ctx.session
        if session.read_only:
            return "This project is open read-only: you can read and export it, not change it."
        if ctx.is_other():
            return f"These are {ctx.viewed_name()}'s annotations (someone else's work): read-only."
        return None

    def _mine_text(self) -> str:
        session = self.ctx.session
        me = session.annotator.id  # (someone with no span: a look-up says so, no count)
        mine = session.span_counts().get(me, 0) if session.has_spans(me) else 0
        if not mine:
            return "Annotate yourself"
        return f"Show my annotations ({counted(mine, 'span')})"

    # -- slots ---------------------------------------------------------------------------------

    def _on_mine_clicked(self) -> None:
        ctx = self.ctx
        ctx.set_track(ctx.session.annotator.id)
        if ctx.article is not None:
            ctx.article.setFocus()  # the label keys work at once

    def _on_ctx_edit_refused(self, _why: str) -> None:
        text = self._text()
        if text is None:
            return  # refused for another reason (an import writing): the status bar says it
        self._show(text)  # again if it was dismissed, or in review mode
        self.banner.flash()
