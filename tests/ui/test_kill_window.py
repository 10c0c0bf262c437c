"""SIGKILL durability through the window: every span shown after a key press is in the file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.ui.conftest import stored_spans

CHILD = textwrap.dedent(
    """
    import re, sys
    from pathlib import Path
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from annotator.ui.window.app import make_application
    from annotator.ui.window.main_window import MainWindow
    from annotator.app.projects import open_session
    app = make_application()
    window = MainWindow(open_session(Path(sys.argv[1])))
    window.show()
    window.activateWindow()
    QTest.qWaitForWindowActive(window, 2000)
    view = window.article.view
    for match in re.finditer(r"[A-Z][a-z]{3,}", view.text):
        view.select_range(match.start(), match.end())
        view.setFocus()
        QTest.keyClick(view, Qt.Key.Key_P)
        app.processEvents()
        if view.selected_span_id:  # on screen: outlined in the article
            print(view.selected_span_id, flush=True)
    app.exec()  # keep running until killed
    """
)


def test_sigkill_loses_no_span_that_was_on_screen(example_copy: Path, tmp_path: Path) -> None:
    from annotator.app.projects import open_session

    open_session(example_copy).close()  # build project.sqlite first
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(example_copy)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    shown = []
    assert child.stdout is not None
    while len(shown) < 25:
        line = child.stdout.readline()
        if not line:
            break
        shown.append(line.strip())
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert len(shown) == 25
    stored = {s.id for s in stored_spans(example_copy)}
    assert set(shown) <= stored
