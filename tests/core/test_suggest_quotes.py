"""The quote finder: quotation marks, paragraphs, interruptions, cues, speakers, offsets."""

from __future__ import annotations

import json
from typing import Any

import pytest

from annotator.core.articles import parse_article
from annotator.core.links import Entity, QuoteType
from annotator.core.model import Layer, Span
from annotator.core.proposals import Proposal
from annotator.core.suggest.marks import paragraphs, quotations
from annotator.core.suggest.names import KnownNames
from annotator.core.suggest.quotes import find_quotes
from tests.conftest import ARTICLES, EXAMPLE

LAVROV = Entity("e-lavrov", "a", "Sergey Lavrov", "PERSON", ("Sergei Lavrov", "Lavrov"))
STARMER = Entity("e-starmer", "a", "Keir Starmer", "PERSON", ("Starmer",))


def quotes(text: str, **kwargs: Any) -> list[Proposal]:
    """The quotes in quotation marks (indirect speech: test_suggest_indirect.py)."""
    return find_quotes("d", text, indirect=False, **kwargs)


def segments(text: str, p: Proposal) -> list[str]:
    return [text[s:e] for s, e in p.segments]


def mention(start: int, end: int, entity_id: str | None, label: str = "PERSON") -> Span:
    return Span("s", "d", "a", Layer.ENTITY, label, start, end, "", entity_id=entity_id)


# ---- quotation marks ----------------------------------------------------------------------


def test_cue_after_the_quote_and_the_name_before_the_verb() -> None:
    text = "“We will not give up,” Starmer said."
    [p] = quotes(text, entities=[STARMER])
    assert p.segments == ((1, 20),) and segments(text, p) == ["We will not give up"]
    assert (p.start, p.end, p.text) == (1, 20, "We will not give up")
    assert p.cue == (31, 35) and text[31:35] == "said"
    assert p.speaker_entity_id == "e-starmer" and p.speaker_text == ""
    assert p.speaker_mention == (23, 30) and text[23:30] == "Starmer"
    assert (p.layer, p.label, p.origin, p.quote_type) == (
        Layer.QUOTE,
        "QUOTE",
        "rule",
        QuoteType.DIRECT,
    )


def test_interrupted_by_the_attribution_is_one_quote_of_two_segments() -> None:
    text = "Keir Starmer spoke in London. “We will not,” he said, “accept it.”"
    [p] = quotes(text)
    assert p.segments == ((31, 42), (55, 64))
    assert segments(text, p) == ["We will not", "accept it"]
    assert (p.start, p.end) == (31, 64)
    assert p.cue == (48, 52)
    # "he": the nearest preceding person, here a free-text guess (no registry)
    assert (p.speaker_entity_id, p.speaker_text, p.speaker_mention) == (
        None,
        "Keir Starmer",
        (0, 12),
    )
    [p] = quotes(text, entities=[STARMER])
    assert (p.speaker_entity_id, p.speaker_text, p.speaker_mention) == ("e-starmer", "", (0, 12))


def test_an_attribution_then_a_new_sentence_with_its_own_makes_two_quotes() -> None:
    text = (
        "“We will not accept foreign troops,” Lavrov told reporters. "
        "Later Sergei Lavrov added: “Peace needs guarantees.” Smith, however, disagreed. "
        "“No,” she said. Then she left. “We will never come back.”"
    )
    found = quotes(text, entities=[LAVROV])
    assert [segments(text, p) for p in found] == [
        ["We will not accept foreign troops"],
        ["Peace needs guarantees"],
        ["No"],
        ["We will never come back"],  # not joined to "No": a sentence stands between
    ]
    assert [text[p.cue[0] : p.cue[1]] for p in found if p.cue] == [
        "told reporters",
        "added",
        "said",
    ]
    assert [p.speaker_entity_id for p in found[:2]] == ["e-lavrov", "e-lavrov"]
    assert found[1].speaker_mention == (66, 79) and text[66:79] == "Sergei Lavrov"


def test_two_sentences_around_one_attribution_are_one_quote() -> None:
    text = "“It is over,” she told Reuters. “We lost.”"
    [p] = quotes(text)
    assert segments(text, p) == ["It is over", "We lost"]
    assert p.cue == (18, 30) and text[18:30] == "told Reuters"


def test_the_cue_is_the_speech_verb_nearest_the_quote() -> None:
    text = "Asked about the talks, Lavrov said: “Nothing has changed.”"
    [p] = quotes(text, entities=[LAVROV])
    assert p.cue == (30, 34) and text[30:34] == "said"  # not "Asked"
    assert (p.speaker_entity_id, p.speaker_mention) == ("e-lavrov", (23, 29))


def test_a_quote_over_three_paragraphs_by_the_newspaper_convention() -> None:
    text = "Lavrov said: “First part.\n\n“Second part.\n\n“Third part.”"
    [p] = quotes(text, entities=[LAVROV])
    assert p.segments == ((14, 24), (28, 39), (43, 53))
    assert segments(text, p) == ["First part", "Second part", "Third part"]
    assert p.cue == (7, 11) and p.speaker_entity_id == "e-lavrov"


def test_an_unclosed_quote_ends_with_its_paragraph_when_the_next_one_is_not_quoted() -> None:
    text = "He said: “This never ends.\n\nThe next paragraph is the author’s."
    [p] = quotes(text)
    assert p.segments == ((10, 25),)


def test_nested_quotes_stay_inside_the_outer_one() -> None:
    text = "“And who demands a ‘continuation of the banquet’? Europe,” Lavrov said."
    [p] = quotes(text)
    assert segments(text, p) == ["And who demands a ‘continuation of the banquet’? Europe"]
    assert p.segments == ((1, 56),)


def test_apostrophes_are_not_closing_marks() -> None:
    text = "Russia’ neighbour, we’ve seen, is “not for sale”, Jan Novák told reporters."
    [p] = quotes(text)
    assert p.segments == ((35, 47),)
    assert p.cue == (60, 74) and text[60:74] == "told reporters"
    assert (p.speaker_text, p.speaker_mention) == ("Jan Novák", (50, 59))
    assert p.quote_type is QuoteType.PARTIAL


@pytest.mark.parametrize(
    ("text", "quoted", "cue", "speaker"),
    [
        ("Le président Emmanuel Macron a déclaré : « Nous ne céderons pas ».",
         (43, 63), "a déclaré", "Emmanuel Macron"),
        ("„Wir schaffen das“, sagte Angela Merkel.", (1, 17), "sagte", "Angela Merkel"),
        ("„Wir schaffen das”, sagte Angela Merkel.", (1, 17), "sagte", "Angela Merkel"),
        ("»Das ist falsch«, sagte Jens Berg.", (1, 15), "sagte", "Jens Berg"),
        ('Smith said "we will win" and left.', (12, 23), "said", "Smith"),
        ("首相は「戦争は終わった」と述べた。", (4, 11), None, ""),
    ],
)  # fmt: skip
def test_marks_of_other_languages(
    text: str, quoted: tuple[int, int], cue: str | None, speaker: str
) -> None:
    [p] = quotes(text)
    assert p.segments == (quoted,)
    assert (text[p.cue[0] : p.cue[1]] if p.cue else None) == cue
    assert p.speaker_text == speaker


def test_two_ascii_apostrophes_are_one_quotation_mark() -> None:
    # as some newspapers' archives write quotes: ''…'' (a lone ' stays an apostrophe)
    text = (
        "''We've started all those conversations,'' Mr. Manafort said. "
        "It's Trump's ''plan to win it all.''"
    )
    first, second = quotes(text)
    assert segments(text, first) == ["We've started all those conversations"]
    assert text[first.cue[0] : first.cue[1]] == "said" and first.speaker_text == "Manafort"  # type: ignore[index]
    assert segments(text, second) == ["plan to win it all"]


def test_scare_quotes_of_one_or_two_words_only_near_a_speech_verb() -> None:
    assert quotes("The so-called “peace plan” failed. The most “forward-leaning” states.") == []
    text = "The plan was “dead”, Smith said."
    [p] = quotes(text)
    assert (p.segments, p.cue, p.quote_type) == (((14, 18),), (27, 31), QuoteType.PARTIAL)
    three = "The most “forward-leaning European” states."
    assert [p.segments for p in quotes(three)] == [((10, 34),)]


def test_indefinite_and_according_to_attributions() -> None:
    text = "“It is over,” a senior official said."
    [p] = quotes(text, entities=[STARMER])
    assert (p.speaker_entity_id, p.speaker_text, p.speaker_mention) == (
        None,
        "a senior official",
        None,
    )
    text = "The plan is “dead on arrival”, according to Viktor Orbán."
    [p] = quotes(text)
    assert text[p.cue[0] : p.cue[1]] == "according to"  # type: ignore[index]
    assert (p.speaker_text, p.speaker_mention) == ("Viktor Orbán", (44, 56))


def test_existing_mentions_name_the_speaker_and_names_inside_quotes_never_speak() -> None:
    text = "Starmer met Lavrov. He said: “Lavrov is wrong.”"
    #       0       8   12     19 20 23   28 30
    lavrov, lavrov_in_quote = mention(12, 18, "e-lavrov"), mention(30, 36, "e-lavrov")
    [p] = quotes(text, mentions=[lavrov, lavrov_in_quote, mention(0, 7, None)])
    # "He": the subject of the sentence before, an unlinked mention -> free text
    assert (p.speaker_entity_id, p.speaker_text, p.speaker_mention) == (None, "Starmer", (0, 7))
    [p] = quotes(text, mentions=[lavrov, lavrov_in_quote, mention(0, 7, None)],
                 entities=[STARMER])  # fmt: skip
    assert p.speaker_entity_id == "e-starmer"  # the unlinked mention's text is a known name
    # "Starmer" alone is no person the text makes sure of; Lavrov, in the quote, never speaks
    [p] = quotes(text, mentions=[lavrov_in_quote], entities=KnownNames([LAVROV]))
    assert (p.speaker_entity_id, p.speaker_mention) == ("e-lavrov", (12, 18))


# ---- offsets: emoji, CRLF, tabs, right-to-left text ---------------------------------------


def test_emoji_count_one_code_point_each() -> None:
    text = "🇺🇦 Lavrov said: “No way 👍🏽 ever.”"
    [p] = quotes(text, entities=[LAVROV])
    assert p.segments == ((17, 31),) and p.text == "No way 👍🏽 ever"
    assert (p.cue, p.speaker_mention, p.speaker_entity_id) == ((10, 14), (3, 9), "e-lavrov")


def test_the_crlf_article_as_written_and_as_stored() -> None:
    raw = (ARTICLES / "crlf-and-tabs.txt").read_bytes().decode("utf-8")
    assert "\r\n" in raw and "\t" in raw
    assert len(paragraphs(raw)) == 4
    first, second = quotes(raw)
    assert first.segments == ((131, 154), (216, 255))
    assert segments(raw, first) == [
        "This is Europe's moment",
        "We must spend more, better and together",
    ]
    assert raw[first.cue[0] : first.cue[1]] == "told reporters"  # type: ignore[index]
    assert (first.speaker_text, first.speaker_mention) == ("Ursula von der Leyen", (178, 198))
    assert (second.segments, second.speaker_text) == (((318, 331),), "Viktor Orbán")
    assert second.quote_type is QuoteType.PARTIAL
    # stored: LF only and the date token ("date 2026-03-02 ", 16) gone; one \r fewer per line
    # break: 4 before the third paragraph, 6 before the fourth
    stored = parse_article(raw.encode()).text
    lf_first, lf_second = quotes(stored)
    assert lf_first.segments == ((131 - 20, 154 - 20), (216 - 20, 255 - 20))
    assert segments(stored, lf_first) == segments(raw, first)
    assert lf_second.segments == ((318 - 22, 331 - 22),)


def test_the_emoji_article() -> None:
    text = (ARTICLES / "emoji-and-flags.txt").read_text(encoding="utf-8")
    kovalenko, banner = quotes(text)
    assert kovalenko.segments == ((126, 159), (218, 254))
    assert segments(text, kovalenko) == [
        "We are not tired 💪 — we are angry",
        "Every blanket is a message to Moscow",
    ]
    assert text[kovalenko.cue[0] : kovalenko.cue[1]] == "said"  # type: ignore[index]
    assert (kovalenko.speaker_text, kovalenko.speaker_mention) == ("Olena Kovalenko", (167, 182))
    assert banner.segments == ((390, 401),) and banner.text == "𝐍𝐞𝐯𝐞𝐫 𝐚𝐠𝐚𝐢𝐧"
    assert (banner.speaker_text, banner.speaker_mention) == ("a banner", None)


def test_the_guillemets_and_right_to_left_article() -> None:
    text = (ARTICLES / "guillemets-and-rtl.txt").read_text(encoding="utf-8")
    found = {text[s:e]: p for p in quotes(text) for s, e in p.segments}
    assert list(found) == [
        "Nous ne laisserons pas tomber l'Ukraine",
        "אנחנו עוקבים מקרוב אחר המצב",
        "We are following the situation closely",
        "نحن ندعم الحل السلمي",
        "we support a peaceful solution",
        "Wir stehen an der Seite der Ukraine",
    ]
    assert found["אנחנו עוקבים מקרוב אחר המצב"].segments == ((199, 226),)
    assert found["نحن ندعم الحل السلمي"].segments == ((329, 349),)
    speakers = [p.speaker_text for p in found.values()]
    assert speakers == ["Emmanuel Macron", "Oren Marmorstein", "Oren Marmorstein",
                        "Badr Abdelatty", "Badr Abdelatty", "Friedrich Merz"]  # fmt: skip


# ---- the example article against its careful hand annotation -----------------------------


def _example() -> dict[str, Any]:
    for line in (EXAMPLE / "annotations.jsonl").read_text(encoding="utf-8").splitlines():
        record: dict[str, Any] = json.loads(line)
        if record["annotator"] == "example":
            return record
    raise AssertionError("no 'example' annotator in annotations.jsonl")


def _hand_quotes(record: dict[str, Any]) -> list[tuple[str, tuple[tuple[int, int], ...], str]]:
    spans = {s["id"]: s for s in record["spans"]}
    return [
        (
            q["type"],
            tuple((spans[i]["start"], spans[i]["end"]) for i in q["segments"]),
            q["speaker"],
        )
        for q in record["quotes"]
    ]


def test_every_quote_of_starmer_and_lavrov_in_the_example_with_the_right_speaker() -> None:
    record = _example()
    text = record["text"]
    assert (
        text == parse_article((ARTICLES / "2025-03-03-lavrov-peacekeepers.txt").read_bytes()).text
    )
    entities = [
        Entity(e["id"], "a", e["name"], e["type"], tuple(e["aliases"])) for e in record["entities"]
    ]
    hand = [(t, segs, who) for t, segs, who in _hand_quotes(record) if t != "indirect"]
    direct = [h for h in hand if h[0] == "direct"]
    assert [who for _, _, who in direct] == ["e-starmer", "e-lavrov", "e-lavrov", "e-lavrov"]
    mentions = [
        Span(s["id"], "d", "a", Layer(s["layer"]), s["label"], s["start"], s["end"], s["text"],
             entity_id=s["entity"])
        for s in record["spans"] if s["layer"] == "entity"
    ]  # fmt: skip
    for kwargs in ({"entities": entities}, {"mentions": mentions}):
        found = {p.segments: p for p in quotes(text, **kwargs)}
        for kind, segs, who in hand:  # every quote in marks: exact segments, same speaker
            assert segs in found, (kind, [text[s:e] for s, e in segs])
            assert found[segs].speaker_entity_id == who
        assert len(found) == len(hand)  # and nothing else
    found = {p.segments: p for p in quotes(text, entities=entities)}
    cues = [text[p.cue[0] : p.cue[1]] if p.cue else None for p in found.values()]
    assert cues == ["called for", None, "said", "promised", "told Russian media", "accused",
                    "continued", "called", "said"]  # fmt: skip
    banquet = found[((1993, 2172), (2176, 2252))]
    assert banquet.quote_type is QuoteType.DIRECT and banquet.cue == (1981, 1990)


def test_the_indirect_quote_of_the_example_with_its_cue_and_speaker() -> None:
    record = _example()
    text = record["text"]
    [(_, segs, _)] = [h for h in _hand_quotes(record) if h[0] == "indirect"]
    found = {p.segments: p for p in find_quotes("d", text) if p.quote_type is QuoteType.INDIRECT}
    trump = found[segs]  # "claiming theUkrainian President was losing the war and had …"
    assert text[trump.cue[0] : trump.cue[1]] == "claiming"  # type: ignore[index]
    assert trump.speaker_text == "Trump"


def test_pairing_marks_is_linear_in_the_number_of_marks() -> None:
    text = "“a ‘b’ c” " * 20_000
    assert len(quotations(text)) == 20_000


def test_a_person_mention_of_only_spaces_names_no_speaker() -> None:
    """Snapping off, a space labelled PERSON: the finder must not stumble on a name with no
    word in it (found by the random sequences of edits in tests/session/test_ops.py)."""
    text = "Putin spoke. Then  “We will win,” he said."
    blank = Span("s", "d", "a", Layer.ENTITY, "PERSON", 17, 18, " ", entity_id=None)
    [p] = quotes(text, mentions=[blank])
    assert segments(text, p) == ["We will win"] and p.speaker_text == ""


def test_titles_of_works_and_shows_are_no_quotes() -> None:
    text = "Sanders said on ABC’s “This Week” that he would take a look at such legislation."
    assert quotes(text) == []
    text = 'Newspapers read his new book, "Crippled America: How to Make America Great Again."'
    assert quotes(text) == []
    text = "“Of course he is fair game,” Carly Fiorina told “Fox and Friends,” on Monday."
    assert [segments(text, p) for p in quotes(text)] == [["Of course he is fair game"]]
    # a headline quoting someone in title case is a quote
    text = "Milbank: Republicans “Waving The Flag Of Surrender” To Trump."
    assert [segments(text, p) for p in quotes(text)] == [["Waving The Flag Of Surrender"]]
