"""File > Export and File > Import annotations: run in a worker thread with a progress bar.

The window stays responsive. An export reads through its own read-only connection. An import
writes through a second connection of this process (the writer lock stays with the window),
in one transaction; edits in the window are paused until it ends, and the window reloads
from the file when it does. Cancel stops either with nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog

from annotator.core.errors import AnnotatorError
from annotator.ui.transfer_dialogs import ExportDialog, ImportFileDialog, LabelMappingDialog

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class Cancelled(Exception):
    """The user pressed Cancel: the export's temporary file or the import's transaction goes."""


@dataclass
class ExportRequest:
    path: Path
    annotator_ids: list[str]
    only_done: bool = False
    format: str = "native"


@dataclass
class ImportRequest:
    path: Path
    format: str = "native"
    add_labels: bool = False
    label_map: dict[str, str] = field(default_factory=dict)


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
            self.failed.emit(str(exc), exc)


def export_job(project: Path, request: ExportRequest) -> Callable[..., str]:
    def job(progress: Callable[[int, int], None]) -> str:
        from annotator.formats.native_write import export_jsonl, export_objects
        from annotator.storage.project import ProjectStore

        store = ProjectStore.open(project, read_only=True, scheme=None)
        try:
            if request.format == "native":
                report = export_jsonl(
                    store,
                    request.path,
                    request.annotator_ids,
                    only_done=request.only_done,
                    progress=progress,
                )
                return (
                    f"Exported {report.lines} line(s): {report.documents} document(s), "
                    f"{report.spans} spans, {report.quotes} quotes, {report.claims} claims "
                    f"to {request.path}"
                )
            from annotator.formats.peers import EXPORTERS

            objects = list(
                export_objects(
                    store, request.annotator_ids, only_done=request.only_done, progress=progress
                )
            )
            EXPORTERS[request.format].write(objects, request.path)
            return f"Exported {len(objects)} line(s) as {request.format} to {request.path}"
        finally:
            store.close()

    return job


def import_job(window: MainWindow, request: ImportRequest) -> Callable[..., str]:
    main = window.session

    def job(progress: Callable[[int, int], None]) -> str:
        from annotator.formats.native_load import load_file, load_into
        from annotator.session import Session

        store = main.store.worker_connection()
        session = Session(store, main.annotator)
        try:
            options: dict[str, Any] = {
                "add_labels": request.add_labels,
                "label_map": request.label_map,
            }
            if request.format == "native":
                report = load_file(session, request.path, progress=progress, **options)
            else:
                from annotator.formats.peers import IMPORTERS

                layers = {label.name: label.layer for label in main.scheme}
                records = IMPORTERS[request.format](
                    request.path, annotator=main.annotator, layers=layers
                )
                report = load_into(session, records, **options)
            skipped = f", {len(report.skipped)} skipped" if report.skipped else ""
            return (
                f"Imported {request.path.name}: {report.lines} line(s), {report.spans} spans, "
                f"{report.quotes} quotes, {report.claims} claims{skipped}"
            )
        finally:
            session.close()

    return job


class TransferController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.busy = ""  # what runs now; edits are paused while an import runs
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._dialog: QProgressDialog | None = None
        self._pending_import: ImportRequest | None = None
        window.actions.export.triggered.connect(self._on_export_triggered)
        window.actions.import_annotations.triggered.connect(self._on_import_triggered)

    # -- export --------------------------------------------------------------------------------

    def _on_export_triggered(self) -> None:
        session = self.window.session
        request = ExportDialog.ask(self.window, session.store.annotators(), session.annotator.id)
        if request is not None:
            self.start("Exporting", export_job(session.path, request), pause_edits=False)

    # -- import --------------------------------------------------------------------------------

    def _on_import_triggered(self) -> None:
        if self.window.session.read_only:
            self.window.statusBar().showMessage("This project is open read-only")
            return
        request = ImportFileDialog.ask(self.window)
        if request is not None:
            self.start_import(request)

    def start_import(self, request: ImportRequest) -> None:
        self._pending_import = request
        self.start("Importing", import_job(self.window, request), pause_edits=True)

    # -- running -------------------------------------------------------------------------------

    def start(self, what: str, job: Callable[..., str], pause_edits: bool) -> None:
        if self.busy:
            self.window.statusBar().showMessage(f"{self.busy} is still running")
            return
        self.busy = what if pause_edits else ""
        self._exporting = not pause_edits
        dialog = QProgressDialog(f"{what}…", "Cancel", 0, 0, self.window)
        dialog.setObjectName("transfer_progress")
        dialog.setWindowTitle(what)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        self._dialog = dialog
        thread = QThread(self)
        worker = _Worker(job)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self._on_worker_progress)
        worker.done.connect(self._on_worker_done)
        worker.failed.connect(self._on_worker_failed)
        dialog.canceled.connect(self._on_dialog_canceled)
        self._thread, self._worker = thread, worker
        thread.start()

    def running(self) -> bool:
        return self._thread is not None

    def stop(self) -> None:
        """Cancel what runs and wait for it (the window is closing)."""
        if self._worker is not None and self._thread is not None:
            self._worker.cancelled = True
            self._thread.quit()
            self._thread.wait()

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
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
        self._thread = self._worker = self._dialog = None
        was_import = bool(self.busy)
        self.busy = ""
        if was_import:
            self.window.session.check_external_change()  # the window reloads what was written

    def _on_worker_done(self, message: str) -> None:
        self._finish()
        self._pending_import = None
        self.window.statusBar().showMessage(message, 15000)

    def _on_worker_failed(self, message: str, error: object) -> None:
        from annotator.formats.native_load import MissingLabels

        request = self._pending_import
        self._finish()
        self._pending_import = None
        if isinstance(error, MissingLabels) and request is not None:
            answer = LabelMappingDialog.ask(self.window, error.labels, self.window.session.scheme)
            if answer is not None:
                add, mapping = answer
                self.start_import(
                    ImportRequest(
                        request.path, request.format, add, {**request.label_map, **mapping}
                    )
                )
            return
        from annotator.ui.dialogs import Notice

        Notice.show(self.window, "Export / import", message, error=error is not None)
