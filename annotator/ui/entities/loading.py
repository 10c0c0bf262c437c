"""Reading the entity registry (its index of names, mention counts, linked texts) on a thread
of its own as a project opens, so that the first label never reads it on the window's thread
(seconds at 50,000 entities): ``session.registry_loading`` does the work; the registry takes
what was read when it is next asked for, or when the reading ends."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QThread

from annotator.session.registry import Loading
from annotator.ui.common import collector


class RegistryLoader(QThread):
    """Runs one ``Loading``. While any runs, Python's cyclic garbage collector is off: the
    reading makes millions of objects, and a full collection it set off would hold the
    interpreter (and so the window) for as long as it takes."""

    _live: ClassVar[set[RegistryLoader]] = set()  # begun and not yet ended

    def __init__(self, loading: Loading) -> None:
        super().__init__()
        self.loading = loading
        self.finished.connect(self._on_self_finished)

    def begin(self) -> None:
        collector.hold(self)
        RegistryLoader._live.add(self)
        self.start()

    def run(self) -> None:
        self.loading.run()

    def _on_self_finished(self) -> None:
        RegistryLoader._live.discard(self)
        self.deleteLater()
        collector.release(self)

    @classmethod
    def wait_all(cls) -> None:
        """Stop every reading and wait for it to end (the window closes, the application
        quits)."""
        for loader in list(cls._live):
            loader.loading.cancel()
            loader.wait()
