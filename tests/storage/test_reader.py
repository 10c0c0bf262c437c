"""A reader thread's own read-only store (``storage.reader``): it reads the project on its
thread, follows what the writer committed, cannot write; a project held in memory is copied."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.core.model import Document
from annotator.core.scheme import load_default_scheme
from annotator.storage.errors import ReadOnlyProject
from annotator.storage.opening import snapshot
from annotator.storage.reader import reader_opener
from annotator.storage.store import ProjectStore


def in_a_thread(opener: Callable[[], ProjectStore]) -> list[str]:
    """The document ids the reader sees, read on a thread of its own; its write is refused."""
    seen: list[str] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            store = opener()
            try:
                seen.extend(row[0] for row in store.documents.rows())
                with pytest.raises(ReadOnlyProject), store.file.writing():
                    pass
            finally:
                store.close()
        except BaseException as exc:  # noqa: BLE001 (raised again in the test's thread)
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return seen


def put(store: ProjectStore, *ids: str) -> None:
    store.documents.add([Document(i, f"text {i}", i) for i in ids])


def test_the_reader_follows_the_writer_on_its_own_thread(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    store = ProjectStore.open(path, scheme=load_default_scheme())
    try:
        put(store, "a", "b")
        opener = reader_opener(store)
        assert in_a_thread(opener) == ["a", "b"]
        put(store, "c")
        assert in_a_thread(opener) == ["a", "b", "c"]  # each reader sees what was committed
    finally:
        store.close()


def test_a_project_held_in_memory_is_copied_for_the_reader(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    store = ProjectStore.open(path, scheme=load_default_scheme())
    put(store, "a")
    store.close()
    memory = ProjectStore(path, snapshot(path).db, read_only=True, lock=None)
    try:
        assert in_a_thread(reader_opener(memory)) == ["a"]
    finally:
        memory.close()
