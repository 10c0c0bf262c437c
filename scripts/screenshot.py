"""Render the main window on a copy of the example project to a PNG (for the README and tests).

    xvfb-run -a .venv/bin/python scripts/screenshot.py docs/screenshot.png   # a real X window
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot.py out.png

The example's shipped annotations (projects/example/annotations.jsonl) are what it shows, with
one quote selected so the attribute editor is in the picture; the real project is not touched.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]



def main(out: Path) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.ui.app import make_application
    from annotator.ui.main_window import MainWindow
    from annotator.workspace import open_session

    work = Path(tempfile.mkdtemp(prefix="annotator-shot-"))
    os.environ.setdefault("ANNOTATOR_CONFIG_DIR", str(work / "config"))
    os.environ.setdefault("ANNOTATOR_NAME", "ana")
    shutil.copytree(REPO / "projects" / "example" / "articles", work / "example" / "articles")
    from PySide6.QtCore import QSettings

    # the picture shows the default layout, not whatever this user's QSettings hold
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "qt"))
    app: QApplication = make_application()
    for extra in ("annotations.jsonl",):
        shutil.copy(REPO / "projects" / "example" / extra, work / "example" / extra)
    session = open_session(work / "example")
    window = MainWindow(session)
    window.resize(1360, 860)
    window.show()
    doc = next(d.id for d in session.documents() if d.title.startswith("Vladimir Putin"))
    window.show_document(doc)
    quote = next(s for s in window.view.spans() if s.label == "QUOTE" and "need" in s.text)
    window.view.select_span(quote.id, scroll=True)
    window.select_span(quote.id)

    def shoot() -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        ok = window.grab().save(str(out))
        print(f"platform={app.platformName()} saved={ok} {out}")
        window.close()
        app.exit(0 if ok else 1)

    QTimer.singleShot(400, shoot)
    code = app.exec()
    shutil.rmtree(work, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else REPO / "docs" / "screenshot.png")))
