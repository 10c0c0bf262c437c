"""Render the main window on a copy of the example project to a PNG (for the README and tests).

    xvfb-run -a .venv/bin/python scripts/screenshot.py docs/screenshot.png   # a real X window
    xvfb-run -a .venv/bin/python scripts/screenshot.py --review docs/review.png
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot.py out.png

The example's shipped annotations (projects/example/annotations.jsonl) are what it shows, with
one quote selected so the attribute editor is in the picture; the real project is not touched.
``--review`` shows review mode instead: the Review tab with A = example and B = blanca, the
speaker disagreement current, a few agreements accepted so the progress column has figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SIZE = (1360, 860)  # the default window size


def _annotate(window: Any, session: Any) -> None:
    doc = next(d.id for d in session.documents() if d.title.startswith("Vladimir Putin"))
    window.ctx.show_document(doc)
    quote = next(s for s in window.article.view.spans() if s.label == "QUOTE" and "need" in s.text)
    window.ctx.select_span(quote.id, scroll=True)


def _review(window: Any, session: Any) -> None:
    from annotator.core.review import Kind
    from annotator.session.ops.review import AcceptAgreements

    doc = next(d.id for d in session.documents() if d.title.startswith("Vladimir Putin"))
    window.ctx.show_document(doc)
    review = window.review
    window.tabs.setCurrentWidget(review.panel)
    panel = review.panel
    for combo, name in ((panel.a_combo, "example"), (panel.b_combo, "blanca")):
        combo.setCurrentIndex(combo.findText(name))
    ids = review.pair_ids()
    assert ids is not None, "the example ships annotators 'example' and 'blanca'"
    window.ctx.push(AcceptAgreements(session, doc, *ids, review.agreed[:40]))
    row = next(i for i, d in enumerate(review.model.items) if d.kind is Kind.SPEAKER)
    review._go(row)


def main(out: Path, review: bool = False) -> int:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.app.projects import open_session
    from annotator.ui.window.app import make_application
    from annotator.ui.window.main_window import MainWindow

    work = Path(tempfile.mkdtemp(prefix="annotator-shot-"))
    os.environ.setdefault("ANNOTATOR_CONFIG_DIR", str(work / "config"))
    os.environ.setdefault("ANNOTATOR_NAME", "ana")
    shutil.copytree(REPO / "projects" / "example" / "articles", work / "example" / "articles")

    # the picture shows the default layout, not whatever this user's QSettings hold
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "qt"))
    app: QApplication = make_application()
    for extra in ("annotations.jsonl",):
        shutil.copy(REPO / "projects" / "example" / extra, work / "example" / extra)
    session = open_session(work / "example")
    window = MainWindow(session)
    window.resize(*SIZE)
    window.show()
    app.processEvents()  # laid out at its size first: the lists scroll to what is selected
    (_review if review else _annotate)(window, session)

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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=None, help="the PNG to write")
    parser.add_argument("--review", action="store_true", help="review mode (example vs blanca)")
    args = parser.parse_args()
    default = REPO / "docs" / ("review.png" if args.review else "screenshot.png")
    sys.exit(main(args.out or default, args.review))
