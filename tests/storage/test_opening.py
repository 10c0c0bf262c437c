"""Opening project files: new files, reopening, refusals that leave the file untouched, locks."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from annotator.core.model import Annotator, Document, Layer, Status
from annotator.core.scheme import load_default_scheme
from annotator.session import Session
from annotator.storage.errors import (
    NotAProject,
    ProjectError,
    ProjectLocked,
    ReadOnlyProject,
    TooNew,
)
from annotator.storage.labels import Labels
from annotator.storage.migrations import APPLICATION_ID, SCHEMA_VERSION, migrations
from annotator.storage.store import ProjectStore

DEFAULT_LABELS = [
    (Layer.ENTITY, "PERSON"),
    (Layer.ENTITY, "ORGANIZATION"),
    (Layer.ENTITY, "LOCATION"),
    (Layer.ENTITY, "EVENT"),
    (Layer.ENTITY, "OTHER"),
    (Layer.QUOTE, "QUOTE"),
    (Layer.QUOTE, "CUE"),
    (Layer.CLAIM, "CLAIM"),
]
ALICE = Annotator(id="a" * 32, name="Alice")


def _open(path: Path, **kwargs: object) -> ProjectStore:
    return ProjectStore.open(path, scheme=load_default_scheme(), **kwargs)  # type: ignore[arg-type]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _side_files(path: Path) -> list[Path]:
    return [p for p in path.parent.iterdir() if p != path]


def _make_sqlite(path: Path, *, app_id: int, user_version: int, wal: bool) -> None:
    """An SQLite file as some other program (or a newer annotator) would leave it, closed."""
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO things (name) VALUES ('precious')")
    conn.execute(f"PRAGMA application_id = {app_id}")
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.commit()
    conn.close()
    assert _side_files(path) == []  # a clean close leaves no -wal/-shm behind


# -- a new file --------------------------------------------------------------------------------


def test_new_file_has_default_scheme_wal_and_current_version(project_path: Path) -> None:
    store = _open(project_path)
    try:
        labels = store.labels.all()
        assert [(lb.layer, lb.name) for lb in labels] == DEFAULT_LABELS
        assert len({lb.key for lb in labels}) == len(DEFAULT_LABELS)
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert store.read_only is False
    finally:
        store.close()
    # The journal mode is persistent: another connection sees WAL in the file itself.
    conn = sqlite3.connect(project_path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_reopening_keeps_data(project_path: Path) -> None:
    store = _open(project_path)
    store.annotators.ensure(ALICE)
    [doc] = store.documents.add([Document(id="d1", text="Hello world.", title="Hello")])
    store.documents.set_status("d1", ALICE.id, Status.DONE)
    store.close()

    store = _open(project_path)
    try:
        assert store.documents.get("d1") == doc
        assert store.annotators.all() == [ALICE]
        assert store.documents.status("d1", ALICE.id) is Status.DONE
        assert [(lb.layer, lb.name) for lb in store.labels.all()] == DEFAULT_LABELS  # not re-seeded
    finally:
        store.close()


def test_schema_version_is_the_number_of_the_last_migration(project_path: Path) -> None:
    """Migrations are numbered 1, 2, 3... in the order they run; the last one's number is the
    schema version."""
    numbers = [int(m.name[:4]) for m in migrations._migrations]
    assert numbers == list(range(1, SCHEMA_VERSION + 1))
    store = _open(project_path)
    try:
        assert [m.name for m in migrations.applied(store.db)] == [
            m.name for m in migrations._migrations
        ]
    finally:
        store.close()


def test_a_creation_interrupted_before_seeding_leaves_a_file_that_opens_complete(
    project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Creating a project is all or nothing: a failure while seeding labels leaves no
    half-made project (one with tables but no labels) behind."""

    def fail(self: Labels, labels: object) -> None:
        raise RuntimeError("power cut while seeding")

    with monkeypatch.context() as patch:
        patch.setattr(Labels, "replace_all", fail)
        with pytest.raises(RuntimeError):
            _open(project_path)
    store = _open(project_path)
    try:
        assert [(lb.layer, lb.name) for lb in store.labels.all()] == DEFAULT_LABELS
    finally:
        store.close()


# -- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize("wal", [False, True], ids=["rollback-journal", "wal"])
def test_too_new_is_refused_untouched(tmp_path: Path, wal: bool) -> None:
    path = tmp_path / "future.sqlite"
    _make_sqlite(path, app_id=APPLICATION_ID, user_version=SCHEMA_VERSION + 1, wal=wal)
    before = _digest(path)
    for read_only in (False, True):
        with pytest.raises(TooNew) as info:
            _open(path, read_only=read_only)
        assert str(path) in str(info.value)
        assert f"schema {SCHEMA_VERSION + 1}" in str(info.value)
    assert _digest(path) == before
    assert _side_files(path) == []  # no -wal, -shm, nor lock file


def test_text_file_is_not_a_project_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("These are my notes, not a database.\n", encoding="utf-8")
    before = _digest(path)
    with pytest.raises(NotAProject) as info:
        _open(path)
    assert str(path) in str(info.value)
    assert _digest(path) == before
    assert _side_files(path) == []


@pytest.mark.parametrize("wal", [False, True], ids=["rollback-journal", "wal"])
def test_other_applications_database_is_refused_untouched(tmp_path: Path, wal: bool) -> None:
    path = tmp_path / "places.sqlite"
    _make_sqlite(path, app_id=0, user_version=0, wal=wal)
    before = _digest(path)
    for read_only in (False, True):
        with pytest.raises(NotAProject) as info:
            _open(path, read_only=read_only)
        assert "not an annotator project" in str(info.value)
    assert _digest(path) == before
    assert _side_files(path) == []
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT name FROM things").fetchall() == [("precious",)]
    finally:
        conn.close()


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProjectError):
        _open(tmp_path)


# -- read-only ---------------------------------------------------------------------------------


def test_file_without_write_permission_opens_read_only(project_path: Path) -> None:
    store = _open(project_path)
    store.annotators.ensure(ALICE)
    store.documents.add([Document(id="d1", text="Hello world.", title="Hello")])
    store.close()
    project_path.chmod(0o444)
    before = _digest(project_path)
    try:
        store = _open(project_path)
        try:
            assert store.read_only is True
            assert store.documents.get("d1").text == "Hello world."
            with pytest.raises(ReadOnlyProject):
                store.documents.set_status("d1", ALICE.id, Status.DONE)
            with pytest.raises(ReadOnlyProject):
                store.documents.add([Document(id="d2", text="Another.", title="Another")])
            session = Session(store, ALICE)
            label = session.scheme.find("PERSON")
            assert label is not None
            span = session.new_span("d1", 0, 5, label)
            with pytest.raises(ReadOnlyProject):
                session.add_span(span)
            assert session.spans("d1") == []
        finally:
            store.close()
    finally:
        project_path.chmod(0o644)
    assert _digest(project_path) == before


def test_read_only_cannot_create(project_path: Path) -> None:
    with pytest.raises(ProjectError):
        _open(project_path, read_only=True)
    assert not project_path.exists()


# -- the writer lock ---------------------------------------------------------------------------


def test_second_writer_is_refused_naming_the_holder(project_path: Path) -> None:
    first = _open(project_path, who="Alice")
    try:
        with pytest.raises(ProjectLocked) as info:
            _open(project_path, who="Bob")
        message = str(info.value)
        assert "Alice" in message
        assert f"process {os.getpid()}" in message
        assert str(project_path) in message

        reader = _open(project_path, who="Bob", read_only=True)
        try:
            assert reader.read_only is True
            assert len(reader.labels.all()) == len(DEFAULT_LABELS)
        finally:
            reader.close()
    finally:
        first.close()

    again = _open(project_path, who="Bob")
    try:
        assert again.read_only is False
    finally:
        again.close()
