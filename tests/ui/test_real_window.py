"""The app in a real X window under Xvfb (not offscreen): it starts, paints, and is not blank."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

REPO = Path(__file__).resolve().parents[2]


def test_screenshot_in_real_window(qapp: QApplication, tmp_path: Path) -> None:
    if shutil.which("xvfb-run") is None:
        if os.environ.get("CI"):
            pytest.fail("xvfb-run is missing on CI: .ci/run should install xvfb")
        pytest.skip("xvfb-run is not installed")
    out = tmp_path / "window.png"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["QT_QPA_PLATFORM"] = "xcb"
    env["ANNOTATOR_CONFIG_DIR"] = str(tmp_path / "config")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    result = subprocess.run(
        [
            "xvfb-run",
            "-a",
            "-s",
            "-screen 0 1400x900x24",
            sys.executable,
            str(REPO / "scripts" / "screenshot.py"),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=90,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "platform=xcb saved=True" in result.stdout
    image = QImage(str(out))
    assert image.width() >= 1200 and image.height() >= 700
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 23) for y in range(0, image.height(), 17)
    }
    assert len(colours) > 20  # text, fills, bars: not a blank or black frame
