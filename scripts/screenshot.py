"""Render the main window on a copy of the example project to a PNG (for the README and tests).

    xvfb-run -a .venv/bin/python scripts/screenshot.py docs/screenshot.png   # a real X window
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot.py out.png

A few spans are made through the session (an entity inside a quote inside a claim, as in news)
so the picture shows every layer's style; the real example project is not touched.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

DEMO = [  # (label, text, occurrence)
    ("CLAIM", "Europe has rallied around Kyiv", 0),
    ("PERSON", "Sergei Lavrov", 0),
    ("ORGANIZATION", "European leaders", 0),
    ("LOCATION", "Ukraine", 1),
    ("PERSON", "Donald Trump", 0),
    ("LOCATION", "Kyiv", 0),
    ("PERSON", "Putin", 2),
    ("CLAIM", "We need to increase spending, we’ve got to increase capability", 0),
    ("QUOTE", "We need to increase spending, we’ve got to increase capability and we’ve", 0),
    ("LOCATION", "Ukraine", 3),
    ("PERSON", "Starmer", 2),
    ("QUOTE", "British boots on the ground", 0),
    ("PERSON", "Keir Starmer", 1),
]


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
    session = open_session(work / "example")
    doc = session.documents()[0]
    text = session.document(doc.id).text
    for label_name, piece, nth in DEMO:
        start = -1
        for _ in range(nth + 1):
            start = text.index(piece, start + 1)
        label = session.scheme.find(label_name)
        assert label is not None
        session.add_span(session.new_span(doc.id, start, start + len(piece), label))
    window = MainWindow(session)
    window.resize(1360, 820)
    window.show()
    window.view.verticalScrollBar().setValue(4)
    lavrov = next(s for s in window.view.spans() if s.text == "Sergei Lavrov")
    window.view.select_span(lavrov.id)
    window._show_selected_span(lavrov.id)

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
