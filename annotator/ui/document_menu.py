"""Document menu work: mark done (with the checklist), edit details, remove; the annotator name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from annotator.core.checklist import summary as checklist_summary
from annotator.core.errors import AnnotatorError
from annotator.core.model import Status
from annotator.identity import set_annotator_name
from annotator.ui import commands
from annotator.ui.dialogs import AnnotatorNameDialog, Confirm, DocumentDetailsDialog, Notice

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class DocumentMenu(QObject):
    """Connects the Document actions (and Settings > Annotator name) of a window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        a = window.actions
        a.mark_done.triggered.connect(self._on_mark_done_triggered)
        a.edit_document.triggered.connect(self._on_edit_document_triggered)
        a.remove_document.triggered.connect(self._on_remove_document_triggered)
        a.set_annotator.triggered.connect(self._on_set_annotator_triggered)

    def _on_mark_done_triggered(self) -> None:
        if self.window.current_id is None:
            return
        done = self.window.session.status(self.window.current_id) is Status.DONE
        if not done:
            problems = self.window.session.checklist(self.window.current_id)
            if problems:
                lines = "\n".join(f"• {p.kind}: “{p.text[:60]}”" for p in problems[:12])
                more = f"\n… and {len(problems) - 12} more" if len(problems) > 12 else ""
                question = (
                    f"Still incomplete: {checklist_summary(problems)}.\n\n{lines}{more}\n\n"
                    "Mark the document done anyway?"
                )
                if not Confirm.ask(self.window, "Done checklist", question):
                    first = problems[0].span_id
                    self.window.view.select_span(first, scroll=True)
                    self.window.select_span(first)
                    return
        status = Status.IN_PROGRESS if done else Status.DONE
        self.window.push(commands.SetStatus(self.window.session, self.window.current_id, status))

    def _on_edit_document_triggered(self) -> None:
        if self.window.current_id is None:
            return
        values = DocumentDetailsDialog.ask(
            self.window, self.window.session.document(self.window.current_id)
        )
        if values is not None:
            title, date, source = values
            self.window.push(
                commands.EditDocument(
                    self.window.session, self.window.current_id, title, date, source
                )
            )

    def _on_remove_document_triggered(self) -> None:
        if self.window.current_id is None:
            return
        meta = self.window.session.document_meta(self.window.current_id)
        if meta is None:
            return
        total = self.window.session.span_count(self.window.current_id)
        question = (
            f"Remove “{meta.title}” from the project, with its {total} span(s) "
            f"({meta.span_count} of them yours, {total - meta.span_count} by other annotators)? "
            "Edit > Undo brings it all back."
        )
        if Confirm.ask(self.window, "Remove document", question):
            self.window.push(
                commands.RemoveDocument(self.window.session, self.window.current_id, meta.title)
            )

    def _on_set_annotator_triggered(self) -> None:
        name = AnnotatorNameDialog.ask(self.window, self.window.session.annotator.name)
        if name is None:
            return
        try:
            annotator = set_annotator_name(name)
        except AnnotatorError as exc:
            Notice.show(self.window, "Annotator name", str(exc), error=True)
            return
        self.window.session.rename_annotator(annotator)
        self.window.update_title()
