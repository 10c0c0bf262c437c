"""Interview transcripts: "TAPPER: …" and "Q: …" / "A: …" paragraphs are direct quotes."""

from __future__ import annotations

from annotator.core.suggest.quotes import find_quotes


def turns(text: str) -> list[tuple[str, str]]:
    return [(p.text, p.speaker_text) for p in find_quotes("d", text) if p.cue is None]


def test_a_label_in_capitals_is_the_person_named_with_that_surname() -> None:
    text = (
        "Jake Tapper interviewed Donald Trump on Sunday.\n\n"
        "TAPPER: Do you disavow the endorsement?\n\n"
        "TRUMP: Well, just so you understand, I know nothing about it.\n\n"
        "UPDATE: The interview was cut short."
    )
    assert turns(text) == [
        ("Do you disavow the endorsement", "Jake Tapper"),
        ("Well, just so you understand, I know nothing about it", "Donald Trump"),
    ]  # a kicker ("UPDATE:") is no one's turn


def test_a_label_of_no_one_named_counts_when_it_speaks_twice() -> None:
    text = "WALLACE: Are you running?\n\nRUBIO: Not now.\n\nWALLACE: Never?\n\nBREAKING: A poll."
    assert turns(text) == [("Are you running", "Wallace"), ("Never", "Wallace")]


def test_questions_and_answers() -> None:
    text = (
        "Vice President Joe Biden spoke to us in his office.\n\n"
        "Q: Will you run again?\n\n"
        "A: I have not decided yet, and I will tell you when I do."
    )
    assert turns(text) == [
        ("Will you run again", ""),  # who asks is not said
        ("I have not decided yet, and I will tell you when I do", "Joe Biden"),
    ]
    assert turns("Q: Is a lone Q a transcript?") == []
