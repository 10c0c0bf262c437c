"""News-like words, names and ids that the benchmarks generate their corpora from (fixed seeds).

The vocabulary mixes plain English with accented names and a few characters outside the BMP
(two UTF-16 units each in Qt), so every benchmark meets the offsets a real article brings.
"""

from __future__ import annotations

import hashlib
import random
import uuid


def _split(words: str) -> list[str]:  # a function, so ruff keeps the lists readable
    return words.split()


WORDS = _split(
    "the a of to and in that said would minister government officials talks on for with was "
    "were has had been it its by at from as an be this not but they their which who after "
    "before during peace forces border ceasefire agreement statement according report week "
    "monday tuesday friday spokesman ministry foreign defence security council troops city "
    "region president parliament election vote support against between new former last first "
    "people country military aid sanctions meeting summit negotiations deal claims denied "
    "announced warned called also told reporters press conference early late year month "
    "percent million billion economy oil gas prices markets analysts expect could may will"
)
NAMES = _split(
    "Lavrov Blinken Zelenskyy Macron Scholz Erdoğan Müller Łukasz Nováková Kyiv Moscow "
    "Washington Brussels Ankara Geneva NATO Kremlin Pentagon Reuters Gazprom Donbas Crimea "
    "Istanbul Warsaw Berlin Paris London Beijing Tehran Ramstein Minsk Odesa Kharkiv Bakhmut"
)
ASTRAL = ["😀", "🇺🇦", "🇷🇺", "👍", "🔥", "𝔸"]  # outside the BMP: two UTF-16 units each
ENTITY_LABELS = ["PERSON", "ORGANIZATION", "LOCATION", "EVENT", "OTHER"]
STAMP = "2026-01-01T00:00:00.000+00:00"


def uid(rnd: random.Random) -> str:
    """A 32-hex id drawn from ``rnd`` (reproducible, unlike uuid4)."""
    return uuid.UUID(int=rnd.getrandbits(128)).hex


def word_text(rnd: random.Random, size: int) -> tuple[str, list[tuple[int, int]]]:
    """About ``size`` code points of words (12% names, a few emoji) with commas and paragraph
    breaks, and the (start, end) of every word."""
    parts: list[str] = []
    words: list[tuple[int, int]] = []
    at = 0
    while at < size:
        r = rnd.random()
        word = rnd.choice(NAMES) if r < 0.12 else rnd.choice(WORDS)
        if r > 0.995:
            word = rnd.choice(ASTRAL)
        words.append((at, at + len(word)))
        sep = ".\n\n" if rnd.random() < 0.02 else (", " if rnd.random() < 0.05 else " ")
        parts.append(word + sep)
        at += len(word) + len(sep)
    return "".join(parts), words


def news_document(rnd: random.Random, n: int, size: int = 5000) -> tuple[tuple, str, list]:
    """Document number ``n`` of a generated corpus: its ``documents`` row (id, sha256, text,
    title, date, source, created, metadata), its text and its words' (start, end)."""
    text, words = word_text(rnd, size)
    sha = hashlib.sha256(text.encode()).hexdigest()
    row = (uid(rnd), sha, text, f"Article {n}", "2026-01-02", f"gen/{n}", STAMP, "{}")
    return row, text, words


def span_kind(rnd: random.Random, i: int) -> tuple[str, str]:
    """Layer and label of a generated document's ``i``-th span: two quotes (segment, cue), two
    claims, then entity mentions."""
    label = rnd.choice(ENTITY_LABELS)
    if i < 4:
        return "quote", "CUE" if i % 2 else "QUOTE"
    if i < 6:
        return "claim", "CLAIM"
    return "entity", label
