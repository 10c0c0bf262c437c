"""File > Export, Import annotations, Add annotator's work and Share a copy: each runs in a
worker thread with a progress bar.

The window stays responsive. An export and a shared copy read through their own read-only
connection. An import, and bringing another annotator's work in, write through a second
connection of this process (the writer lock stays with the window), in one transaction; edits
in the window are paused until it ends, and the window reloads from the file when it does.
Cancel stops any of them with nothing written.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog

from annotator.app.transfer import BratSettings, export_project, import_annotations
from annotator.app.work import add_work, share, summary
from annotator.core.errors import AnnotatorError, error_text
from annotator.core.wording import counted
from annotator.formats.native_load import MissingLabels
from annotator.identity import current_annotator
from annotator.session import Session
from annotator.ui.common import collector
from annotator.ui.common.context import WindowContext
from annotator.ui.common.dialogs import Notice
from annotator.ui.transfer.dialogs import (
    AddDocumentsQuestion,
    AddWorkFileDialog,
    BratFolderDialog,
    ExportDialog,
    ImportFileDialog,
    LabelMappingDialog,
    ShareCopyDialog,
)
from annotator.ui.transfer.requests import AddWorkRequest, ExportRequest, ImportRequest

ADDING_WORK = "Adding annotator's work"


class Cancelled(Exception):
    """The user pressed Cancel: the export's temporary file or the import's transaction goes."""


class _Worker(QObject):
    progress = Signal(int, int)
    done = Signal(str)
    failed = Signal(str, object)  # message, the exception (MissingLabels is handled)

    def __init__(self, job: Callable[[Callable[[int, int], None]], str]) -> None:
        super().__init__()
        self._job = job
        self.cancelled = False

    @Slot()
    def run(self) -> None:
        def progress(done: int, total: int) -> None:
            if self.cancelled:
                raise Cancelled()
            self.progress.emit(done, total)

        try:
            self.done.emit(self._job(progress))
        except Cancelled:
            self.failed.emit("Cancelled: nothing was written.", None)
        except (AnnotatorError, OSError) as exc:
            self.failed.emit(error_text(exc), exc)
        except Exception as exc:  # noqa: BLE001 (never leave the window waiting for a worker)
            self.failed.emit(f"Nothing was written: {type(exc).__name__}: {exc}", exc)


def export_job(project: Path, request: ExportRequest) -> Callable[..., str]:
    """Export through a read-only session of its own (``app.transfer``, as the CLI does)."""

    def job(progress: Callable[[int, int], None]) -> str:
        session = Session.open(project, current_annotator(), read_only=True)
        try:
            chosen = [a for a in session.annotators() if a.id in request.annotator_ids]
            chosen.sort(key=lambda a: request.annotator_ids.index(a.id))
            report = export_project(
                session,
                request.path,
                chosen,
                fmt=request.format,
                only_done=request.only_done,
                progress=progress,
            )
        finally:
            session.close()
        kind = "" if request.format == "native" else f" as {request.format}"
        return (
            f"Exported {counted(report.lines, 'line')}{kind}: "
            f"{counted(report.documents, 'document')}, {counted(report.spans, 'span')}, "
            f"{counted(report.quotes, 'quote')}, {counted(report.claims, 'claim')} "
            f"to {request.path}"
        ) + "".join(f"; {line}" for line in report.left_out)  # what the format cannot hold

    return job


def import_job(main: Session, request: ImportRequest) -> Callable[..., str]:
    """Import on a second connection of this process (``app.transfer``, as the CLI does)."""

    def job(progress: Callable[[int, int], None]) -> str:
        session = main.worker()
        brat = BratSettings()
        try:
            report = import_annotations(
                session,
                request.path,
                request.format,
                add_labels=request.add_labels,
                label_map=request.label_map,
                progress=progress,
                brat=brat,
            )
        finally:
            session.close()
        request.not_mapped = list(brat.not_mapped)
        skipped = f", {len(report.skipped)} skipped" if report.skipped else ""
        return (
            f"Imported {request.path.name}: {counted(report.lines, 'line')}, "
            f"{counted(report.spans, 'span')}, {counted(report.quotes, 'quote')}, "
            f"{counted(report.claims, 'claim')}{skipped}"
        )

    return job


def add_work_job(main: Session, request: AddWorkRequest) -> Callable[..., str]:
    def job(progress: Callable[[int, int], None]) -> str:
        session = main.worker()
        try:
            request.report = add_work(
                session,
                request.path,
                add_documents=request.add_documents,
                add_labels=request.add_labels,
                label_map=request.label_map,
                progress=progress,
            )
        finally:
            session.close()
        message = f"Brought in {request.path.name}: {summary(request.report)}"
        names = request.report.annotators  # as the tracks menu names them
        if names:
            message += f". See it with View > Show annotations of > {' / '.join(names)}"
        return message

    return job


def share_job(project: Path, target: Path) -> Callable[..., str]:
    def job(progress: Callable[[int, int], None]) -> str:
        session = Session.open(project, current_annotator(), read_only=True)
        try:
            share(session, target, progress)
        finally:
            session.close()
        return f"Shared a copy of the project: {target} (every edit up to now is in it)"

    return job


class TransferPart(QObject):
    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._dialog: QProgressDialog | None = None
        self._pending: ImportRequest | AddWorkRequest | None = None
        self._what = ""  # what runs or ran last: the title of its messages
        if ctx.actions is not None:
            a = ctx.actions
            a.export.triggered.connect(self._on_export_triggered)
            a.import_annotations.triggered.connect(self._on_import_triggered)
            a.import_brat_folder.triggered.connect(self._on_import_brat_folder_triggered)
            a.add_work.triggered.connect(self._on_add_work_triggered)
            a.share_copy.triggered.connect(self._on_share_copy_triggered)

    @property
    def busy(self) -> str:
        """What runs now and pauses edits (an import), "" if nothing."""
        return self.ctx.paused

    # -- export --------------------------------------------------------------------------------

    def _on_export_triggered(self) -> None:
        session = self.ctx.session
        request = ExportDialog.ask(self.ctx.window, session.annotators(), session.annotator.id)
        if request is not None:
            self.start("Exporting", export_job(session.path, request), pause_edits=False)

    # -- import --------------------------------------------------------------------------------

    def _on_import_triggered(self) -> None:
        if self.ctx.session.read_only:
            self.ctx.say("This project is open read-only")
            return
        request = ImportFileDialog.ask(self.ctx.window)
        if request is not None:
            self.start_import(request)

    def _on_import_brat_folder_triggered(self) -> None:
        if self.ctx.session.read_only:
            self.ctx.say("This project is open read-only")
            return
        request = BratFolderDialog.ask(self.ctx.window)
        if request is not None:
            self.start_import(request)

    def start_import(self, request: ImportRequest) -> None:
        if self.start("Importing", import_job(self.ctx.session, request), pause_edits=True):
            self._pending = request

    # -- another annotator's work, a copy to share ----------------------------------------------

    def _on_add_work_triggered(self) -> None:
        if self.ctx.session.read_only:
            self.ctx.say("This project is open read-only")
            return
        request = AddWorkFileDialog.ask(self.ctx.window)
        if request is not None:
            self.start_add_work(request)

    def start_add_work(self, request: AddWorkRequest) -> None:
        if self.start(ADDING_WORK, add_work_job(self.ctx.session, request), pause_edits=True):
            self._pending = request

    def _on_share_copy_triggered(self) -> None:
        path = self.ctx.session.path
        suggested = path.with_name(f"{path.stem}-copy{path.suffix}")
        target = ShareCopyDialog.ask(self.ctx.window, suggested)
        if target is not None:
            self.start("Sharing a copy", share_job(path, target), pause_edits=False)

    def _after_add_work(self, request: AddWorkRequest) -> None:
        """Offer to add the documents the project lacks; show what was left out or kept."""
        report = request.report
        if report is None:
            return
        load = report.load
        missing = load.not_found and not request.add_documents
        if missing and AddDocumentsQuestion.ask(self.ctx.window, load.not_found):
            self.start_add_work(dataclasses.replace(request, add_documents=True, report=None))
            return  # what else there is to say comes with the second run
        details = [*report.notes, *load.own, *load.entity_conflicts]
        if details:
            Notice.show(
                self.ctx.window,
                "Add annotator's work",
                self.ctx.status.currentMessage(),
                "\n".join(details),
            )

    # -- running -------------------------------------------------------------------------------

    def start(self, what: str, job: Callable[..., str], pause_edits: bool) -> bool:
        """Run ``job`` in the worker; False (and a word in the status bar) if one runs."""
        if self.running():
            self.ctx.say(f"{self._what} is still running")
            return False
        self.ctx.paused = what if pause_edits else ""
        self._what = what
        dialog = QProgressDialog(f"{what}…", "Cancel", 0, 0, self.ctx.window)
        dialog.setObjectName("transfer_progress")
        dialog.setWindowTitle(what)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        self._dialog = dialog
        thread = QThread(self)
        worker = _Worker(job)
        worker.moveToThread(thread)
        # The worker now belongs to the thread: it must be deleted there, as the thread ends,
        # never by the garbage collector in the main thread (a crash once the thread is gone).
        thread.finished.connect(worker.deleteLater)
        thread.started.connect(worker.run)
        worker.progress.connect(self._on_worker_progress)
        worker.done.connect(self._on_worker_done)
        worker.failed.connect(self._on_worker_failed)
        dialog.canceled.connect(self._on_dialog_canceled)
        self._thread, self._worker = thread, worker
        # No cyclic garbage collection while the worker runs: a collection triggered by the
        # worker's allocations would run in its thread and may finalise Qt objects of the main
        # thread (a segfault in 1 of 3 full test runs, in json decoding of an import). Cycles
        # made meanwhile are collected here, in the main thread, when the worker ends.
        gc.collect()
        collector.hold(thread)
        thread.start()
        return True

    def _collect_again(self) -> None:
        if self._thread is not None:
            collector.release(self._thread, collect=True)

    def running(self) -> bool:
        return self._thread is not None

    def stop(self) -> None:
        """Cancel what runs and wait for it (the window is closing)."""
        if self._worker is not None and self._thread is not None:
            self._worker.cancelled = True
            self._thread.quit()
            self._thread.wait()
        self._collect_again()

    def _on_worker_progress(self, done: int, total: int) -> None:
        if self._dialog is not None:
            self._dialog.setMaximum(max(total, 1))
            self._dialog.setValue(min(done, max(total, 1)))

    def _on_dialog_canceled(self) -> None:
        if self._worker is not None:
            self._worker.cancelled = True

    def _finish(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread.deleteLater()
        self._collect_again()
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
        self._thread = self._worker = self._dialog = None
        was_import = bool(self.ctx.paused)
        self.ctx.paused = ""
        if was_import:
            self.ctx.session.check_external_change()  # the window reloads what was written

    def _on_worker_done(self, message: str) -> None:
        request = self._pending
        self._finish()
        self._pending = None
        self.ctx.say(message, 30000)
        if isinstance(request, AddWorkRequest):
            self._after_add_work(request)
        elif isinstance(request, ImportRequest) and request.not_mapped:
            Notice.show(  # brat: what did not map onto the scheme is said, never dropped
                self.ctx.window,
                "Import annotations",
                f"{message}. Some of the file did not map onto this project's scheme:",
                "\n".join(request.not_mapped),
            )

    def _on_worker_failed(self, message: str, error: object) -> None:
        request = self._pending
        self._finish()
        self._pending = None
        if isinstance(error, MissingLabels) and request is not None:
            answer = LabelMappingDialog.ask(self.ctx.window, error.labels, self.ctx.session.scheme)
            if answer is not None:
                add, mapping = answer
                again = dataclasses.replace(
                    request, add_labels=add, label_map={**request.label_map, **mapping}
                )
                if isinstance(again, AddWorkRequest):
                    self.start_add_work(again)
                else:
                    self.start_import(again)
            return
        Notice.show(self.ctx.window, self._what, message, error=error is not None)
