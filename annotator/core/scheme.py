"""The label scheme: labels by layer with colours and keys, and the keys no label may take."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any

from annotator.core.errors import SchemeError
from annotator.core.model import Label, Layer

# Keys bound to commands in the article view. No label may take one of them, now or later.
RESERVED_KEYS: Mapping[str, str] = {
    "d": "mark document done",
    "a": "accept proposal",
    "r": "reject proposal",
    "n": "next proposal",
    "s": "pick speaker",
}

_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_NAME = re.compile(r"^\S(.{0,62}\S)?$")

# Shipped inside the package (the repository's resources/, see pyproject.toml).
DEFAULT_SCHEME = ("annotator.resources", "default_scheme.json")


class Scheme:
    """An ordered, validated set of labels: unique names per layer, unique keys, no reserved key."""

    def __init__(self, labels: Iterable[Label], guideline: str = "") -> None:
        self._labels = list(labels)
        self.guideline = guideline
        validate(self._labels)

    def __iter__(self) -> Iterator[Label]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)

    def by_layer(self, layer: Layer) -> list[Label]:
        return [label for label in self._labels if label.layer is layer]

    def by_key(self, key: str) -> Label | None:
        key = key.lower()
        return next((label for label in self._labels if label.key == key), None)

    def get(self, layer: Layer, name: str) -> Label | None:
        return next((lb for lb in self._labels if lb.layer is layer and lb.name == name), None)

    def find(self, name: str) -> Label | None:
        return next((label for label in self._labels if label.name == name), None)


def validate(labels: list[Label]) -> None:
    """Raise SchemeError naming the first problem in ``labels``."""
    names: set[tuple[Layer, str]] = set()
    keys: dict[str, str] = {}
    for label in labels:
        if not _NAME.match(label.name):
            raise SchemeError(f"label name {label.name!r} must be 1-64 characters, no outer spaces")
        if (label.layer, label.name) in names:
            raise SchemeError(f"label {label.name!r} appears twice in layer {label.layer.value}")
        names.add((label.layer, label.name))
        if not _COLOR.match(label.color):
            raise SchemeError(f"label {label.name!r}: colour {label.color!r} is not #RRGGBB")
        if label.key:
            if len(label.key) != 1 or not label.key.isprintable() or label.key.isspace():
                raise SchemeError(f"label {label.name!r}: key {label.key!r} must be one character")
            if label.key != label.key.lower():
                raise SchemeError(f"label {label.name!r}: key {label.key!r} must be lower case")
            if label.key in RESERVED_KEYS:
                raise SchemeError(
                    f"label {label.name!r}: key {label.key!r} is reserved for "
                    f"'{RESERVED_KEYS[label.key]}'"
                )
            if label.key in keys:
                raise SchemeError(
                    f"labels {keys[label.key]!r} and {label.name!r} both use key {label.key!r}"
                )
            keys[label.key] = label.name


def label_from_dict(data: Mapping[str, Any]) -> Label:
    try:
        layer = Layer(data["layer"])
    except (KeyError, ValueError) as exc:
        raise SchemeError(f"unknown layer in label {data!r}") from exc
    return Label(
        layer=layer,
        name=str(data["name"]),
        color=str(data["color"]).upper(),
        key=str(data.get("key") or ""),
        description=str(data.get("description") or ""),
    )


def load_default_scheme(path: Path | None = None) -> Scheme:
    """The scheme every new project starts with (the one shipped, unless ``path`` is given)."""
    if path is None:
        package, name = DEFAULT_SCHEME
        data = json.loads((files(package) / name).read_text(encoding="utf-8"))
    else:
        data = json.loads(path.read_text(encoding="utf-8"))
    return Scheme(
        (label_from_dict(item) for item in data["labels"]), guideline=data.get("guideline", "")
    )
