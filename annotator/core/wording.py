"""How counts are said to people, the same in the window, on the command line and in the
words of an edit (the Edit menu's Undo)."""

from __future__ import annotations


def counted(count: int, word: str, plural: str = "") -> str:
    """``3 spans``, ``1 span``; ``plural`` where adding an "s" is wrong (entity/entities)."""
    return f"{count} {word if count == 1 else plural or word + 's'}"
