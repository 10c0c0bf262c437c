"""Indirect speech: "X said (that) …", "…, X said.", "according to X, …", "…, X said, …"."""

from __future__ import annotations

from annotator.core.links import QuoteType
from annotator.core.proposals import Proposal
from annotator.core.suggest.quotes import find_quotes


def indirect(text: str) -> list[Proposal]:
    return [p for p in find_quotes("d", text) if p.quote_type is QuoteType.INDIRECT]


def described(text: str) -> list[tuple[list[str], str | None, str]]:
    """Each indirect quote as (segments, cue, speaker)."""
    return [
        (
            [text[s:e] for s, e in p.segments],
            text[p.cue[0] : p.cue[1]] if p.cue else None,
            p.speaker_text,
        )
        for p in indirect(text)
    ]


def test_x_said_that_content() -> None:
    text = "Senator Ted Cruz said on Monday that the deal would hurt American workers."
    assert described(text) == [(["the deal would hurt American workers"], "said", "Ted Cruz")]
    text = (
        "Hillary Clinton told reporters the campaign was far from over, adding that she was ready."
    )
    assert described(text) == [
        (["the campaign was far from over"], "told reporters", "Hillary Clinton"),
        (["she was ready"], "adding", "Hillary Clinton"),
    ]


def test_content_then_its_attribution() -> None:
    text = "The plan will cost billions of dollars, Bernie Sanders said on Tuesday."
    assert described(text) == [
        (["The plan will cost billions of dollars"], "said", "Bernie Sanders")
    ]
    text = "Turnout was the highest in a decade, said the state's election office."
    assert described(text) == [
        (["Turnout was the highest in a decade"], "said", "the state's election office")
    ]


def test_according_to_before_and_after() -> None:
    text = "According to the Associated Press, the vote was delayed by two weeks."
    assert described(text) == [
        (["the vote was delayed by two weeks"], "According to", "Associated Press")
    ]
    text = "The vote was delayed by two weeks, according to Reuters."
    assert described(text) == [(["The vote was delayed by two weeks"], "according to", "Reuters")]


def test_an_attribution_between_commas_makes_two_segments() -> None:
    text = "The only problem, Ms. Bigbee said, is that her pay is one-third less than before."
    assert described(text) == [
        (["The only problem", "is that her pay is one-third less than before"], "said", "Bigbee")
    ]


def test_what_is_not_indirect_speech() -> None:
    assert indirect("Donald Trump said in a statement on Monday.") == []
    assert indirect("Marco Rubio said happily on MSNBC as the returns came in.") == []
    # an inverted attribution after a quote names its speaker, it reports nothing
    text = "“We will win,” said Eric Woolson, who managed the campaign of Mike Huckabee."
    assert indirect(text) == []
    # a headline in title case
    assert indirect("Rush Limbaugh Explains The Democrats Opposition To A Debate.") == []
    # a content mostly in quotation marks is a direct quote, not an indirect one too
    text = "Jeb Bush said “the party has to change its ways before it is too late.”"
    assert indirect(text) == [] and len(find_quotes("d", text)) == 1


def test_a_partial_quote_inside_indirect_speech_is_both() -> None:
    text = "Ted Cruz said he would make the desert “glow in the dark” if elected president."
    kinds = sorted(p.quote_type.value for p in find_quotes("d", text) if p.quote_type)
    assert kinds == ["indirect", "partial"]


def test_the_subject_of_the_sentence_speaks_through_a_gerund() -> None:
    text = (
        "Moscow has excused its aggression – which is a land grab – by falsely claiming "
        "Ukraine is run by extremists."
    )
    assert described(text) == [(["Ukraine is run by extremists"], "claiming", "Moscow")]
