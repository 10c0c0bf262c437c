"""The label scheme: defaults, unique keys, reserved keys."""

from __future__ import annotations

import pytest

from annotator.core.errors import SchemeError
from annotator.core.model import Label, Layer
from annotator.core.scheme import RESERVED_KEYS, Scheme, load_default_scheme


def test_default_scheme() -> None:
    scheme = load_default_scheme()
    assert [lb.name for lb in scheme.by_layer(Layer.ENTITY)] == [
        "PERSON",
        "ORGANIZATION",
        "LOCATION",
        "EVENT",
        "OTHER",
    ]
    assert [lb.name for lb in scheme.by_layer(Layer.QUOTE)] == ["QUOTE", "CUE"]
    assert [lb.name for lb in scheme.by_layer(Layer.CLAIM)] == ["CLAIM"]
    keys = [lb.key for lb in scheme]
    assert len(set(keys)) == len(keys)
    assert not set(keys) & set(RESERVED_KEYS)


def test_duplicate_key_refused() -> None:
    with pytest.raises(SchemeError, match="both use key 'p'"):
        Scheme([Label(Layer.ENTITY, "A", "#000000", "p"), Label(Layer.QUOTE, "B", "#000000", "p")])


@pytest.mark.parametrize("key", sorted(RESERVED_KEYS))
def test_reserved_keys_refused(key: str) -> None:
    with pytest.raises(SchemeError, match="reserved"):
        Scheme([Label(Layer.ENTITY, "A", "#000000", key)])


def test_bad_colour_refused() -> None:
    with pytest.raises(SchemeError, match="colour"):
        Scheme([Label(Layer.ENTITY, "A", "red", "a1"[1])])
