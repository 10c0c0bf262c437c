"""A project on a network file system (issue 11, 13), where SQLite's locks cannot be trusted:
it is found from the mount table and not opened for writing unless the user says so
(``ANNOTATOR_NETWORK_WRITE=1``); reading goes on. No NFS can be mounted here, so the mount
table is read for real (the test folder's own type) and, for the refusal, the one function
that reads it answers "nfs4" as it would on such a mount."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.storage import posix, store
from tests.hostile.world import World, open_in_window, refused

MOUNTINFO = """\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 22 0:35 / /home/ana/team rw,relatime shared:20 - nfs4 server:/export/team rw,vers=4.2
41 40 0:36 / /home/ana/team/local\\040copy rw shared:21 - ext4 /dev/sdb1 rw
50 22 0:40 / /mnt/box rw,nosuid shared:30 - fuse.sshfs ana@box:/data rw
"""


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/home/ana/notes/p.sqlite", "ext4"),
        ("/home/ana/team/p.sqlite", "nfs4"),
        ("/home/ana/team", "nfs4"),
        ("/home/ana/teamwork/p.sqlite", "ext4"),  # a prefix of a name is not its folder
        ("/home/ana/team/local copy/p.sqlite", "ext4"),  # the deepest mount wins
        ("/mnt/box/p.sqlite", "fuse.sshfs"),
    ],
)
def test_the_mount_table_says_which_file_system_holds_a_path(path: str, kind: str) -> None:
    assert posix.mount_type(MOUNTINFO, path) == kind


def test_the_real_mount_table_is_read(tmp_path: Path) -> None:
    kind = posix.filesystem_type(tmp_path / "p.sqlite")
    assert kind and kind not in posix.NETWORK_FILESYSTEMS


@pytest.fixture
def on_nfs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "filesystem_type", lambda path: "nfs4")


def test_writing_on_a_network_drive_is_refused_unless_asked(
    world: World, on_nfs: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = world.outside / "a.txt"
    article.write_text("A headline\n\nSome text.\n", encoding="utf-8")
    before = world.state()
    outcome = world.cli("import", world.project, article)
    refused(outcome, world.project)
    assert (
        "network drive (nfs4)" in outcome.output and "ANNOTATOR_NETWORK_WRITE=1" in outcome.output
    )
    assert world.state() == before
    assert world.cli("list", world.project).code == 0  # reading goes on
    monkeypatch.setenv("ANNOTATOR_NETWORK_WRITE", "1")
    assert world.cli("import", world.project, article).code == 0


def test_the_window_offers_to_open_it_read_only(
    world: World, on_nfs: None, qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.ui.common import dialogs
    from annotator.ui.window.opener import ProjectOpener

    asked: list[str] = []
    monkeypatch.setattr(
        dialogs.Confirm, "ask", classmethod(lambda cls, parent, t, q: asked.append(q) or True)
    )
    session = ProjectOpener().open(None, world.project)
    assert session is not None and session.read_only
    session.close()
    assert "network drive (nfs4)" in asked[0]
    before = world.state()
    declined = open_in_window(monkeypatch, world.project)  # "no": nothing opens, nothing changes
    assert declined.code == 2 and not declined.traceback
    assert world.state() == before
