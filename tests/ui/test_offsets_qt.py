"""What the user selects in the Qt widget is exactly ``text[start:end]`` of the stored text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from annotator.core.articles import parse_article
from annotator.ui.article.view import ArticleView
from tests.conftest import ARTICLES
from tests.core.test_offsets import TRICKY


def _qt_selected(view: ArticleView, u_start: int, u_end: int) -> str:
    cursor = QTextCursor(view.document())
    cursor.setPosition(u_start)
    cursor.setPosition(u_end, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText().replace("\u2029", "\n")


def _check(view: ArticleView, text: str, start: int, end: int) -> None:
    view.select_range(start, end)
    assert view.selection_range() == (start, end)
    u_start, u_end = view.offsets.span_to_utf16(start, end)
    assert _qt_selected(view, u_start, u_end) == text[start:end]


def test_every_example_article_every_word(qapp: QApplication) -> None:
    view = ArticleView()
    from annotator.core.scheme import load_default_scheme

    for path in sorted(ARTICLES.glob("*.txt")):
        text = parse_article(path.read_bytes()).text
        view.show_document(text, [], load_default_scheme())
        assert view.toPlainText() == text
        words = [i for i in range(1, len(text)) if text[i - 1].isspace() != text[i].isspace()]
        for a, b in zip([0, *words], [*words, len(text)], strict=True):
            _check(view, text, a, b)


@given(st.lists(st.sampled_from(TRICKY), min_size=1, max_size=30).map("".join), st.data())
def test_random_selections(qapp: QApplication, pieces: str, data: st.DataObject) -> None:
    from annotator.core.scheme import load_default_scheme

    text = pieces.replace("\r\n", "\n").replace("\r", "\n")
    view = ArticleView()
    view.show_document(text, [], load_default_scheme())
    assert view.toPlainText() == text
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    _check(view, text, start, end)
