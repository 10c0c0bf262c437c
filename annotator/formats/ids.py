"""Ids made from what they name, so that importing the same file again makes the same rows.

A file that carries no ids of ours (a doccano or Label Studio export, a minimal native line
written by a script) gets ids derived from its content: a span is its annotator, its document's
text hash, its offsets and its label. Importing the file a second time then finds the same work
(skipped), not a different version. An annotator named only by a name (a doccano user, ``--as
NAME``, a minimal line's ``annotator``) that the project does not know gets an id derived from
the name, so the same name in two projects is the same annotator when their work meets.
"""

from __future__ import annotations

import uuid

_NAMESPACE = uuid.UUID("6f1b3d2e-5c4a-4e8b-9a7d-2f0c1e3b5a69")


def stable_id(*parts: object) -> str:
    """The same 32-hex-digit id for the same parts, every time."""
    return uuid.uuid5(_NAMESPACE, "\x1f".join(str(p) for p in parts)).hex


def named_annotator_id(name: str) -> str:
    """The id of an annotator known only by ``name`` (case and surrounding spaces ignored)."""
    return stable_id("annotator", " ".join(name.split()).casefold())
