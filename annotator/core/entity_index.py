"""An index of the registry's names and aliases, normalised once, so that proposing entities for
a name (``matching.candidates``) and finding the entity bearing a name (``matching.named_entity``)
look at the few names that can match instead of every name of the registry.

``matching.similarity`` is above zero for two names only when their normalised forms are equal,
end with the same word (the surname rule), or have a ``SequenceMatcher`` ratio of at least 0.85.
The index answers each of these exactly, as a superset: equal forms and last words by dict
lookup; for the ratio, the bigrams (letter pairs) two names share. A ratio of 0.85 or more means
the strings are at most ``d = 0.15 * (la + lb)`` insertions or deletions apart (the matched
characters are a common subsequence), and each insertion or deletion breaks at most two bigrams,
so they share at least ``max(la, lb) - 1 - 2 * d`` bigrams (counted with repeats). Names too
short for that bound to say anything are looked up by their length. ``candidates`` then scores
only the names found, with the same ``similarity``, so the proposals are those of a full scan.

The forms of one length sit in numbered slots, and each bigram holds the set of slots whose
forms have it as the bits of one integer. Counting the bigrams a name shares with every form
of a length is then a few operations on those integers (a binary counter kept one bit-plane
per integer), not a walk over lists of forms: names drawn from a few thousand first names and
surnames share most of their bigrams with thousands of others (0.2-0.7 ms a query at 50,000
entities, where counting the forms one by one took 20-100 ms).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain
from typing import TypeVar

from annotator.core.links import Entity
from annotator.core.matching import Candidate, form_similarity, normalize, ranked, words

K = TypeVar("K")
_RATIO = 0.85  # matching.similarity's threshold for a plain spelling variant
_SLACK = 1e-9  # float rounding never narrows the search


def _bigrams(form: str) -> list[str]:
    """The form's letter pairs, repeats numbered ("nana" -> na#1, an#1, na#2): the size of the
    intersection of two such sets is the count of bigrams the forms share."""
    seen: Counter[str] = Counter()
    grams = []
    for i in range(len(form) - 1):
        pair = form[i : i + 2]
        seen[pair] += 1
        grams.append(f"{pair}#{seen[pair]}")
    return grams


def _edits(la: int, lb: int) -> int:
    """The most insertions and deletions between two forms of these lengths whose ratio can
    reach ``_RATIO``."""
    return int((1 - _RATIO) * (la + lb) + _SLACK)


def _lengths(la: int) -> range:
    """The lengths of forms whose ratio with a form of length ``la`` can reach ``_RATIO``
    (``2 * min / (la + lb) >= _RATIO``), generously rounded."""
    low = int(la * _RATIO / (2 - _RATIO))
    high = int(la * (2 - _RATIO) / _RATIO) + 1
    return range(max(low, 1), high + 1)


class _Slots:
    """The forms of one length in numbered slots, and for each bigram the slots of the forms
    having it, as the bits of an integer."""

    def __init__(self) -> None:
        self.forms: list[str | None] = []
        self.free: list[int] = []
        self.slot: dict[str, int] = {}
        self.masks: dict[str, int] = {}

    def add(self, form: str, grams: Iterable[str]) -> None:
        at = self.free.pop() if self.free else len(self.forms)
        if at == len(self.forms):
            self.forms.append(form)
        else:
            self.forms[at] = form
        self.slot[form] = at
        bit = 1 << at
        masks = self.masks
        for gram in grams:
            masks[gram] = masks.get(gram, 0) | bit

    def remove(self, form: str, grams: Iterable[str]) -> None:
        at = self.slot.pop(form)
        self.forms[at] = None
        self.free.append(at)
        keep = ~(1 << at)
        masks = self.masks
        for gram in grams:
            left = masks[gram] & keep
            if left:
                masks[gram] = left
            else:
                del masks[gram]

    def sharing(self, grams: Sequence[str], needed: int) -> list[str]:
        """The forms having at least ``needed`` of ``grams``."""
        planes: list[int] = []  # bit i of planes[j]: bit j of how many grams slot i has
        for gram in grams:
            carry = self.masks.get(gram, 0)
            for j, plane in enumerate(planes):
                if not carry:
                    break
                planes[j], carry = plane ^ carry, plane & carry
            if carry:
                planes.append(carry)
        if needed >= 1 << len(planes):
            return []
        more, same = 0, (1 << len(self.forms)) - 1  # counts above ``needed``, equal so far
        for j in range(len(planes) - 1, -1, -1):
            if needed >> j & 1:
                same &= planes[j]
            else:
                more |= same & planes[j]
                same &= ~planes[j]
        found, bits, forms = [], more | same, self.forms
        while bits:
            low = bits & -bits
            form = forms[low.bit_length() - 1]
            if form is not None:
                found.append(form)
            bits ^= low
        return found


class EntityIndex:
    """Entities by id, and their names by normalised form, last word, bigram and length.
    ``put`` and ``drop`` keep it current one entity at a time."""

    def __init__(self, entities: Iterable[Entity] = ()) -> None:
        self._entities: dict[str, Entity] = {}
        self._forms: dict[str, tuple[str, ...]] = {}  # entity id -> its names normalised
        self._owners: dict[str, Counter[str]] = {}  # form -> entity id -> names of that form
        self._by_last: dict[str, set[str]] = {}  # last word (no title) -> forms
        self._by_gram: dict[int, _Slots] = {}  # length -> the forms of that length by bigram
        self._by_length: dict[int, set[str]] = {}  # length -> forms
        for entity in entities:
            self.put(entity)

    def __len__(self) -> int:
        return len(self._entities)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._entities

    def get(self, entity_id: str) -> Entity | None:
        return self._entities.get(entity_id)

    def entities(self) -> list[Entity]:
        """Every entity, in no particular order."""
        return list(self._entities.values())

    # -- keeping it current --------------------------------------------------------------------

    def put(self, entity: Entity) -> None:
        """Add the entity, or replace the one of its id."""
        self.drop(entity.id)
        self._entities[entity.id] = entity
        forms = self._forms[entity.id] = tuple(normalize(n) for n in entity.names)
        for form in set(forms) - {""}:
            owners = self._owners.get(form)
            if owners is None:
                owners = self._owners[form] = Counter()
                self._add_form(form)
            owners[entity.id] += 1

    def drop(self, entity_id: str) -> None:
        """Remove the entity of this id (nothing if there is none)."""
        if self._entities.pop(entity_id, None) is None:
            return
        for form in set(self._forms.pop(entity_id)) - {""}:
            owners = self._owners[form]
            del owners[entity_id]
            if not owners:
                del self._owners[form]
                self._remove_form(form)

    def _add_form(self, form: str) -> None:
        last = words(form)
        if last:
            self._by_last.setdefault(last[-1], set()).add(form)
        slots = self._by_gram.get(len(form))
        if slots is None:
            slots = self._by_gram[len(form)] = _Slots()
        slots.add(form, _bigrams(form))
        self._by_length.setdefault(len(form), set()).add(form)

    def _remove_form(self, form: str) -> None:
        last = words(form)
        if last:
            _discard(self._by_last, last[-1], form)
        slots = self._by_gram[len(form)]
        slots.remove(form, _bigrams(form))
        if not slots.slot:
            del self._by_gram[len(form)]
        _discard(self._by_length, len(form), form)

    # -- asking --------------------------------------------------------------------------------

    def bearing(self, text: str) -> list[Entity]:
        """The entities with ``text`` (normalised) as their name or an alias."""
        owners = self._owners.get(normalize(text))
        return [self._entities[i] for i in owners] if owners else []

    def near(self, text: str) -> list[Entity]:
        """The entities with a name or alias ``matching.similarity`` may find similar to
        ``text`` (a superset: every entity it scores above zero is among them)."""
        forms = self._forms_near(normalize(text))
        ids = dict.fromkeys(chain.from_iterable(self._owners[f] for f in forms))
        return [self._entities[i] for i in ids]

    def candidates(
        self, text: str, type_: str | None = None, minimum: float = 0.6
    ) -> list[Candidate]:
        """``matching.candidates`` over every entity of the index, scoring only the names
        that can match."""
        wanted = normalize(text)
        if minimum <= 0:  # every entity qualifies
            scores = {f: form_similarity(wanted, f) for f in self._owners}
        else:
            scores = {f: form_similarity(wanted, f) for f in self._forms_near(wanted)}
        ids = dict.fromkeys(chain.from_iterable(self._owners[f] for f in scores))
        scored = ((self._entities[i], [scores.get(f, 0.0) for f in self._forms[i]]) for i in ids)
        return ranked(scored, type_, minimum)

    def containing(self, needle: str) -> set[str]:
        """Ids of the entities with ``needle`` (normalised) inside a normalised name or alias."""
        wanted = normalize(needle)
        found: set[str] = set()
        for form, owners in self._owners.items():
            if wanted in form:
                found.update(owners)
        return found

    def _forms_near(self, wanted: str) -> set[str]:
        """The forms ``matching.form_similarity`` may score above zero against ``wanted``."""
        if not wanted:
            return set()
        forms = {wanted} if wanted in self._owners else set()
        last = words(wanted)
        if last:
            forms |= self._by_last.get(last[-1], set())
        la = len(wanted)
        grams = _bigrams(wanted)
        close: set[str] = set()
        for lb in _lengths(la):
            needed = max(la, lb) - 1 - 2 * _edits(la, lb)
            if needed <= 0:  # too short for the bigram bound: every form of that length
                close |= self._by_length.get(lb, set())
                continue
            slots = self._by_gram.get(lb)
            if slots is not None:
                close.update(slots.sharing(grams, needed))
        letters = Counter(wanted)
        forms.update(f for f in close - forms if _letters_allow(letters, la, f))
        return forms


def _letters_allow(letters: Counter[str], la: int, form: str) -> bool:
    """``SequenceMatcher.quick_ratio``'s bound: the letters two forms share, wherever they
    stand, allow a ratio of ``_RATIO``."""
    common = 0
    for letter, n in letters.items():
        common += min(n, form.count(letter))
    return 2 * common >= _RATIO * (la + len(form)) - _SLACK


def _discard(index: dict[K, set[str]], key: K, form: str) -> None:
    forms = index.get(key)
    if forms is not None:
        forms.discard(form)
        if not forms:
            del index[key]
