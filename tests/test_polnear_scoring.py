"""The PolNeAR benchmark's speaker scoring (benchmarks/polnear_quotes.py): the strict and the fair
proxy for the referent of a pronoun Source, on small articles written here (no corpus needed)."""

from __future__ import annotations

import sys
from pathlib import Path

from annotator.core.links import QuoteType
from annotator.core.model import Layer
from annotator.core.proposals import Proposal

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import polnear_quotes as pq  # noqa: E402


def _span(text: str, word: str, after: int = 0) -> tuple[int, int]:
    start = text.index(word, after)
    return (start, start + len(word))


def _judge(text: str, sources: list[str], pronoun: str, quote: str, name: str) -> tuple[bool, bool]:
    """(strict, fair) verdicts on a proposal naming ``name`` for the quote whose Source is the
    last ``pronoun``; the earlier attributions have ``sources`` as their Sources."""
    attributions = [pq.Attribution((_span(text, s),), (), ((0, 1),)) for s in sources]
    at = text.rindex(" " + pronoun + " ") + 1
    content = _span(text, quote)
    gold_attribution = pq.Attribution(((at, at + len(pronoun)),), (), (content,))
    doc = pq.GoldDoc("d", text, [*attributions, gold_attribution])
    gold = pq.Gold(doc, gold_attribution, (content,))
    p = Proposal(
        "d", *content, quote, Layer.QUOTE, "QUOTE", origin="rule", segments=(content,),
        speaker_text=name, quote_type=QuoteType.DIRECT,
    )  # fmt: skip
    verdicts = (pq.speaker_right(gold, p, lambda q: q.speaker_text, fair) for fair in (0, 1))
    return (next(verdicts), next(verdicts))


def test_a_she_cannot_stand_for_a_man_the_article_calls_mr() -> None:
    text = (
        "Mrs. Clinton said the plan works. Mr. Trump said it fails.\n\n"
        "“We will not overpromise,” she said."
    )
    sources = ["Mrs. Clinton", "Mr. Trump"]
    # strict: the nearest named Source, Mr. Trump; fair: the nearest a "she" can be
    assert _judge(text, sources, "she", "We will not overpromise", "Clinton") == (False, True)
    assert _judge(text, sources, "she", "We will not overpromise", "Trump") == (True, False)


def test_a_he_cannot_stand_for_an_organisation_or_a_plural() -> None:
    text = (
        "Bernie Sanders said the race was close. Clinton officials said it was over. "
        "The Associated Press reported the count.\n\n“We will win,” he said."
    )
    sources = ["Bernie Sanders", "Clinton officials", "The Associated Press"]
    assert _judge(text, sources, "he", "We will win", "Bernie Sanders") == (False, True)
    assert _judge(text, sources, "he", "We will win", "Associated Press") == (True, False)


def test_a_relative_pronoun_stands_for_the_noun_phrase_before_it() -> None:
    text = "GOP front-runner Donald Trump - who said “we will bomb them” - spoke on Sunday."
    assert _judge(text, [], "who", "we will bomb them", "Donald Trump") == (False, True)
    assert _judge(text, [], "who", "we will bomb them", "Sunday") == (False, False)


def test_naming_the_pronoun_itself_is_never_right() -> None:
    text = "Mr. Trump said it fails.\n\n“It is a disaster,” he said."
    assert _judge(text, ["Mr. Trump"], "he", "It is a disaster", "he") == (False, False)


def test_the_mention_proxy_takes_a_speaker_of_the_article_named_nearest_before() -> None:
    text = (
        "Fact-checkers said the claim was new. On Sunday, Ms. Ruiz went on the attack.\n\n"
        "“She made it up,” she said.\n\nLater Ms. Ruiz said it again. Mr. Okafor said it too."
    )
    later = text.index("Later")
    sources = [
        _span(text, "Fact-checkers"),
        _span(text, "Ms. Ruiz", later),  # she speaks, but only after the pronoun
        _span(text, "Mr. Okafor"),  # a speaker the pronoun cannot stand for
    ]
    attributions = [pq.Attribution((s,), (), ((0, 1),)) for s in sources]
    at = text.index(" she said") + 1
    content = _span(text, "She made it up")
    gold_attribution = pq.Attribution(((at, at + 3),), (), (content,))
    doc = pq.GoldDoc("d", text, [*attributions, gold_attribution])
    gold = pq.Gold(doc, gold_attribution, (content,))

    def verdicts(name: str) -> tuple[bool, bool, bool]:
        p = Proposal(
            "d", *content, "She made it up", Layer.QUOTE, "QUOTE", origin="rule",
            segments=(content,), speaker_text=name, quote_type=QuoteType.DIRECT,
        )  # fmt: skip
        return (
            pq.speaker_right(gold, p, lambda q: q.speaker_text),
            pq.speaker_right(gold, p, lambda q: q.speaker_text, fair=True),
            pq.speaker_right(gold, p, lambda q: q.speaker_text, fair=True, mention=True),
        )

    # the nearest earlier named Source is "Fact-checkers": the strict and fair proxies take it
    assert verdicts("Ruiz") == (False, False, True)
    assert verdicts("Fact-checkers") == (True, True, True)
    assert verdicts("Okafor") == (False, False, False)  # a man the article calls Mr


def test_a_source_is_of_the_kind_of_its_first_clause() -> None:
    assert pq.source_kind("Iris Vale, a former HP vice president of the Harbour Times,") == "named"
    assert pq.source_kind("The Harbour Daily News") == "organisation"
    assert pq.source_kind("she") == "pronoun"
    assert pq.source_kind("a spokesman for the council") == "other"


def test_the_inner_speaker_of_a_nested_attribution_the_gold_gives_as_the_outer() -> None:
    # PolNeAR (Breitbart, 2016-07-25): Source "CNN", Cue "according to", Content holding
    # "“I ask you …,” Sanders said"
    text = (
        "Sanders sent a text to his supporters.\n\n“I ask you as a personal courtesy to me not "
        "to engage in any kind of protest on the floor,” Sanders said, according to CNN."
    )
    said = text.index("Sanders said")
    quote = (text.index("I ask"), text.index(" on the floor") + len(" on the floor"))
    content = (quote[0] - 1, said + len("Sanders said"))

    def judge(cue: str, speaker: str, outer_cue: str = "according to") -> bool:
        gold_attribution = pq.Attribution(
            (_span(text, "CNN"),), (_span(text, outer_cue),), (content,)
        )
        doc = pq.GoldDoc("d", text, [gold_attribution])
        gold = pq.Gold(doc, gold_attribution, (quote,))
        p = Proposal(
            "d", *quote, text[slice(*quote)], Layer.QUOTE, "QUOTE", origin="rule",
            segments=(quote,), cue=_span(text, cue, said), speaker_text=speaker,
            speaker_mention=_span(text, speaker, said - 1), quote_type=QuoteType.DIRECT,
        )  # fmt: skip
        return pq.inner_speaker(gold, p)

    assert judge("said", "Sanders")
    assert not judge("said", "Sanders", outer_cue="sent")  # not a reporting outer cue
    assert not judge("said", "CNN")  # the outer Source itself, outside the Content
