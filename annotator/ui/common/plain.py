"""Document, label and note text shown as the characters they are, never as markup."""

from __future__ import annotations

import html


def tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally (Qt guesses rich text from a leading tag)."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def menu_text(text: str) -> str:
    """Text for a menu entry or action: a literal "&" (AT&T, S&P) is not a mnemonic."""
    return text.replace("&", "&&")
