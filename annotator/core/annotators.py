"""Annotators as people name them: one name each, told apart from a namesake by the start of
the id ("blanca [3f2a]"), and the words a person types to mean one (a name, that disambiguated
name, an id or a unique start of one).

Two people may well share a display name (both "blanca", or "Blanca" and "blanca"): the
project keeps them apart by id, and so must everything that names them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME, Annotator

SHORT_ID = 4  # the fewest characters of an id shown, or accepted as its start
GOLD = Annotator(GOLD_ANNOTATOR_ID, GOLD_ANNOTATOR_NAME)


class AmbiguousAnnotator(AnnotatorError):
    """A name several annotators share: the message lists them, each as it may be given."""


def short_id(annotator_id: str, ids: Iterable[str]) -> str:
    """The shortest start of ``annotator_id`` (``SHORT_ID`` characters at least) that no other
    id of ``ids`` starts with."""
    others = [i for i in ids if i != annotator_id]
    size = SHORT_ID
    while size < len(annotator_id) and any(o.startswith(annotator_id[:size]) for o in others):
        size += 1
    return annotator_id[:size]


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def display_names(annotators: Sequence[Annotator]) -> dict[str, str]:
    """Id -> how to name each annotator to a person: the name alone, or, where another one's
    name is the same (case and spacing aside), the name and the start of the id:
    ``blanca [3f2a]`` (as much of the id as tells it from its namesakes' ids, 4 characters
    at least). The gold layer is "gold", and a person called so is always shown with the
    start of their id, since "gold" means the layer."""
    groups: dict[str, list[str]] = {}
    for a in annotators:
        groups.setdefault(_key(a.name), []).append(a.id)
    # "gold" is the gold layer's: a person named so is always shown with their id's start
    gold = groups.setdefault(_key(GOLD_ANNOTATOR_NAME), [])
    if GOLD_ANNOTATOR_ID not in gold:
        gold.append(GOLD_ANNOTATOR_ID)
    names = {}
    for a in annotators:
        same = groups[_key(a.name)]
        names[a.id] = a.name if len(same) == 1 else f"{a.name} [{short_id(a.id, same)}]"
    names[GOLD_ANNOTATOR_ID] = GOLD_ANNOTATOR_NAME
    return names


def namesakes(annotators: Iterable[Annotator], name: str, annotator_id: str) -> list[Annotator]:
    """The other annotators (not ``annotator_id``, not gold) called ``name``, case aside."""
    return [
        a
        for a in annotators
        if a.id not in (annotator_id, GOLD_ANNOTATOR_ID) and _key(a.name) == _key(name)
    ]


def listing(annotators: Sequence[Annotator]) -> str:
    """The annotators as a person may give them: ``'blanca [3f2a]' (id 3f2a…)``, ..."""
    names = display_names(annotators)
    people = [a for a in annotators if a.id != GOLD_ANNOTATOR_ID]
    return ", ".join(f"{names[a.id]!r} (id {a.id})" for a in people) or "none"


def resolve(annotators: Sequence[Annotator], word: str) -> Annotator:
    """The annotator ``word`` means, tried in this order: an id; a name as ``display_names``
    shows it (``blanca [3f2a]``); a name (case and spacing aside) only one annotator has; the
    start of one id only (``SHORT_ID`` characters or more). "gold" is the gold layer, even
    in a project without a review yet. AmbiguousAnnotator if several share the name (listing
    them, each as it may be given), AnnotatorError if none is meant."""
    word = word.strip()
    by_id = [a for a in annotators if a.id == word]
    if by_id:
        return by_id[0]
    if _key(word) == GOLD_ANNOTATOR_NAME:
        return next((a for a in annotators if a.id == GOLD_ANNOTATOR_ID), GOLD)
    shown = display_names(annotators)
    exact = [a for a in annotators if shown[a.id] == word]
    if len(exact) == 1:
        return exact[0]
    named = [a for a in annotators if a.id != GOLD_ANNOTATOR_ID and _key(a.name) == _key(word)]
    if len(named) == 1:
        return named[0]
    if named:
        choices = ", ".join(f"{shown[a.id]!r} (id {a.id})" for a in named)
        raise AmbiguousAnnotator(
            f"{len(named)} annotators are called {word!r}: give one of {choices}, "
            f"or the start of an id ({SHORT_ID} characters or more)"
        )
    started = [a for a in annotators if len(word) >= SHORT_ID and a.id.startswith(word)]
    if len(started) == 1:
        return started[0]
    if started:
        choices = ", ".join(f"{shown[a.id]!r} (id {a.id})" for a in started)
        raise AmbiguousAnnotator(f"several ids start with {word!r}: {choices}; give more of it")
    raise AnnotatorError(
        f"the project has no annotator {word!r} (annotators: {listing(annotators)})"
    )
