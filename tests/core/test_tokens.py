"""core.tokens: tokens never hold white space, never cut a grapheme cluster except where a
span says so, and every span boundary is a token boundary; sentences never cut a span held
together. On emoji, flags, ZWJ sequences, combining marks, CRLF and RTL text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.graphemes import next_boundary
from annotator.core.tokens import covering, is_gap, sentences, span_tokens, tokenize
from tests.conftest import ARTICLES

TEXT = (
    "🇺🇦 Kyiv, 3.5 March.\r\n"
    "Sergei Lavrov’s team said: “We want peace 👨‍👩‍👧,” he told. "
    "Cafe\u0301 owners 🙂 disagree; مرحبا بكم. \u200fU.S. don't pro-Russian 1,000\u00a0km"
)


def pieces(text: str, tokens: list[tuple[int, int]]) -> list[str]:
    return [text[a:b] for a, b in tokens]


def grapheme_bounds(text: str) -> set[int]:
    out, pos = {0}, 0
    while pos < len(text):
        pos = next_boundary(text, pos)
        out.add(pos)
    return out


def test_words_keep_clusters_and_split_punctuation() -> None:
    assert pieces(TEXT, tokenize(TEXT)) == [
        "🇺🇦", "Kyiv", ",", "3.5", "March", ".",
        "Sergei", "Lavrov’s", "team", "said", ":", "“", "We", "want", "peace", "👨‍👩‍👧", ",", "”",
        "he", "told", ".",
        "Cafe\u0301", "owners", "🙂", "disagree", ";", "مرحبا", "بكم", ".",
        "U", ".", "S", ".", "don't", "pro-Russian", "1,000", "km",
    ]  # fmt: skip


def test_span_boundaries_cut_tokens() -> None:
    start = TEXT.index("Lavrov")
    tokens = span_tokens(TEXT, [(start, start + 6), (TEXT.index("Russian"), TEXT.index(" 1,0"))])
    assert "Lavrov" in pieces(TEXT, tokens) and "’s" in pieces(TEXT, tokens)
    assert "pro-" in pieces(TEXT, tokens) and "Russian" in pieces(TEXT, tokens)
    assert covering(tokens, start, start + 6) is not None
    # a span that ends in white space is not a whole number of tokens
    assert covering(tokens, start, start + 7) is None


def test_a_span_inside_a_cluster_cuts_it() -> None:
    text = "Cafe\u0301 🇺🇦🇫🇷"
    flag = text.index("🇺🇦")
    assert pieces(text, tokenize(text)) == ["Cafe\u0301", "🇺🇦", "🇫🇷"]
    tokens = tokenize(text, [3, 4, flag + 1])  # "Caf|e|\u0301", inside the first flag
    assert pieces(text, tokens) == ["Caf", "e", "\u0301", "\U0001f1fa", "\U0001f1e6", "🇫🇷"]


def test_sentences_break_at_line_ends_and_full_stops_but_not_inside_a_span() -> None:
    text = "He said: “No. Never.” Then he left.\nA new line"
    tokens = tokenize(text)
    plain = [" ".join(pieces(text, [tokens[i] for i in s])) for s in sentences(text, tokens)]
    assert plain == ["He said : “ No .", "Never . ”", "Then he left .", "A new line"]
    quote = (text.index("No"), text.index(".”") + 1)
    held = [
        " ".join(pieces(text, [tokens[i] for i in s])) for s in sentences(text, tokens, [quote])
    ]
    assert held == ["He said : “ No . Never . ”", "Then he left .", "A new line"]


def test_the_example_articles_tokenize_without_white_space_in_tokens() -> None:
    for article in ARTICLES.glob("*.txt"):
        text = article.read_text(encoding="utf-8")  # CRLF kept as the file has it
        tokens = tokenize(text)
        assert tokens, article
        for a, b in tokens:
            assert a < b and not any(ch.isspace() for ch in text[a:b]), (article, text[a:b])
        covered = {i for a, b in tokens for i in range(a, b)}
        assert all(is_gap(text[i]) for i in range(len(text)) if i not in covered)


ALPHABET = st.sampled_from(
    [*"ab Z9.,'’-:\n\r\t“”", "\u0301", "\u200d", "\u200f", "\ufe0f", "🙂", "👨", "👩",
     "\U0001f1fa", "\U0001f1e6", "\U0001f3fd", "م", "ر", "\u00a0", "\u2028"]
)  # fmt: skip


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = draw(st.text(ALPHABET, min_size=1, max_size=40))
    pairs = draw(
        st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))), max_size=6)
    )
    return text, [(min(a, b), max(a, b)) for a, b in pairs if a != b]


@given(text_and_spans())
def test_token_properties(case: tuple[str, list[tuple[int, int]]]) -> None:
    text, spans = case
    tokens = span_tokens(text, spans)
    cuts = {b for span in spans for b in span}
    graphemes = grapheme_bounds(text)
    last = 0
    for a, b in tokens:
        assert last <= a < b  # in order, not empty, not overlapping
        last = b
        assert not any(ch.isspace() for ch in text[a:b])  # one field of a CoNLL line
        assert not any(a < c < b for c in cuts)  # no span boundary inside a token
        for edge in (a, b):  # a token edge is a cluster edge, a span edge or next to a gap
            assert (
                edge in graphemes
                or edge in cuts
                or is_gap(text[edge - 1])
                or (edge < len(text) and text[edge].isspace())
            )
    covered = {i for a, b in tokens for i in range(a, b)}
    assert all(is_gap(text[i]) for i in range(len(text)) if i not in covered)
    for start, end in spans:
        whole = start in covered and end - 1 in covered  # begins and ends on a token's text
        where = covering(tokens, start, end)
        assert (where is not None) == whole
        if where is not None:
            assert tokens[where[0]][0] == start and tokens[where[1] - 1][1] == end
    parts = sentences(text, tokens, spans)
    assert [i for part in parts for i in part] == list(range(len(tokens)))
    for start, end in spans:
        where = covering(tokens, start, end)
        if where is not None:
            assert any(where[0] in p and where[1] - 1 in p for p in parts)  # never cut
