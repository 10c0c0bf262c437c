"""A doccano archive whose member is damaged (a bad CRC): refused naming the archive and the
member, never a traceback (found by a cold read: it was reported as a bug, exit 70)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli


def test_a_damaged_member_is_named_and_nothing_is_imported(tmp_path: Path) -> None:
    line = {"text": "Lavrov said no.", "label": [[0, 6, "PERSON"]]}
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as out:
        out.writestr("blanca.jsonl", json.dumps(line) + "\n")
    data = bytearray(archive.read_bytes())
    at = data.index(b"Lavrov")
    data[at] ^= 0x20  # "lavrov": the stored bytes no longer match their CRC
    archive.write_bytes(bytes(data))
    project = tmp_path / "p.sqlite"
    result = CliRunner().invoke(cli, ["import", str(project), str(archive)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "bug" not in result.output
    assert f"{archive}, blanca.jsonl" in result.output and "damaged" in result.output
