"""Hostile JSON in every input format (issue 11, 7-9), generated here from the example's own
exports: a lone surrogate in each kind of string, nesting thousands of levels deep, a document
over the size limit, a line far over the line limit. Each is refused by ``import`` (with and
without ``--format``, so format detection meets it too) and by ``validate``, naming the file
and the line or task, with no traceback and no file changed."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from annotator.core.model import MAX_DOCUMENT_CHARS
from annotator.formats.json_input import MAX_LINE_BYTES
from tests.conftest import EXAMPLE
from tests.hostile.world import World, refused

Path_ = tuple[str | int, ...]
LONE = "\ud800"  # json.dumps writes it as the escape \ud800


def _native() -> dict[str, Any]:
    return json.loads((EXAMPLE / "annotations.jsonl").read_text("utf-8").splitlines()[0])


def _string_paths(value: object, path: Path_ = ()) -> Iterator[Path_]:
    """A path to each kind of string in ``value`` (the first item of each list only), and to
    each key, as ``(..., "<key>", name)``."""
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield (*path, "<key>", key)
            yield from _string_paths(item, (*path, key))
    elif isinstance(value, list) and value:
        yield from _string_paths(value[0], (*path, 0))


def _inject(value: Any, path: Path_) -> Any:
    """``value`` with a lone surrogate put in the middle of the string at ``path``."""
    copied = copy.deepcopy(value)
    parent, last = copied, path[-1]
    if len(path) >= 2 and path[-2] == "<key>":
        for step in path[:-2]:
            parent = parent[step]
        parent[f"{last[:1]}{LONE}{last[1:]}"] = parent.pop(last)
        return copied
    for step in path[:-1]:
        parent = parent[step]
    text = parent[last]
    parent[last] = f"{text[: len(text) // 2]}{LONE}{text[len(text) // 2 :]}"
    return copied


def _exported(world: World, fmt: str) -> Path:
    out = world.outside / f"example.{fmt}"
    outcome = world.cli("export", world.project, "-o", out, "--all", "--format", fmt)
    assert outcome.code == 0, outcome.output
    return out


NATIVE_PATHS = sorted(set(_string_paths(_native())), key=str)


@pytest.mark.parametrize("path", NATIVE_PATHS, ids=[".".join(map(str, p)) for p in NATIVE_PATHS])
def test_a_lone_surrogate_anywhere_in_a_native_line(world: World, path: Path_) -> None:
    bad = world.outside / "bad.jsonl"
    bad.write_text(json.dumps(_inject(_native(), path)) + "\n", encoding="utf-8")
    before = world.state()
    for args in (("import", world.project, bad), ("validate", bad)):
        outcome = world.cli(*args)
        refused(outcome, bad)
        assert "line 1" in outcome.output, outcome.output
        assert "surrogate" in outcome.output or "key" in outcome.output, outcome.output
    assert world.state() == before


@pytest.mark.parametrize("fmt", ["doccano", "label-studio"])
def test_a_lone_surrogate_anywhere_in_a_peer_file(world: World, fmt: str) -> None:
    source = _exported(world, fmt)
    content = source.read_text("utf-8")
    listed = content.lstrip().startswith("[")
    records = json.loads(content) if listed else [json.loads(x) for x in content.splitlines()]
    paths = sorted(set(_string_paths(records[0])), key=str)
    assert len(paths) > 10
    bad = world.outside / f"bad.{fmt}"
    before = world.state()
    for path in paths:
        mutated = [_inject(records[0], path), *records[1:]]
        if listed:
            bad.write_text(json.dumps(mutated), encoding="utf-8")
        else:
            bad.write_text("\n".join(json.dumps(r) for r in mutated) + "\n", encoding="utf-8")
        for extra in ((), ("--format", fmt)):
            outcome = world.cli("import", world.project, bad, *extra)
            refused(outcome, bad)
            assert ("task 1" if listed else "line 1") in outcome.output, (path, outcome.output)
        before[str(bad.relative_to(world.root))] = world.state()[str(bad.relative_to(world.root))]
    assert world.state() == before


def _deep(levels: int, kind: str) -> str:
    if kind == "list":
        return "[" * levels + "]" * levels
    return '{"a": ' * levels + "1" + "}" * levels


@pytest.mark.parametrize("levels", [1_100, 100_000])
@pytest.mark.parametrize("kind", ["list", "object"])
@pytest.mark.parametrize("fmt", ["native", "doccano", "label-studio", None])
def test_nesting_without_end(world: World, levels: int, kind: str, fmt: str | None) -> None:
    deep = _deep(levels, kind)
    bad = world.outside / "deep.json"
    if fmt == "label-studio":
        bad.write_text(f'[{{"data": {{"text": "x", "more": {deep}}}}}]', encoding="utf-8")
    elif fmt == "doccano":
        bad.write_text(f'{{"text": "x", "label": [], "meta": {deep}}}\n', encoding="utf-8")
    else:
        bad.write_text(deep + "\n", encoding="utf-8")
    before = world.state()
    outcome = world.cli("import", world.project, bad, *(("--format", fmt) if fmt else ()))
    refused(outcome, bad)
    if fmt == "native":
        outcome = world.cli("validate", bad)
        refused(outcome, bad)
        assert "nested" in outcome.output, outcome.output
    assert world.state() == before


def test_a_document_over_the_size_limit_in_every_format(world: World) -> None:
    line = _native()
    line["text"] = "a" * (MAX_DOCUMENT_CHARS + 1)
    line["spans"], line["quotes"], line["claims"], line["entities"] = [], [], [], []
    import hashlib

    line["meta"]["sha256"] = hashlib.sha256(line["text"].encode()).hexdigest()
    cases = {
        "native.jsonl": json.dumps(line) + "\n",
        "doccano.jsonl": json.dumps({"text": line["text"], "label": []}) + "\n",
        "ls.json": json.dumps([{"data": {"text": line["text"]}, "annotations": [{"result": []}]}]),
    }
    before = world.state()
    for name, content in cases.items():
        bad = world.outside / name
        bad.write_text(content, encoding="utf-8")
        before[f"outside/{name}"] = world.state()[f"outside/{name}"]
        outcome = world.cli("import", world.project, bad)
        refused(outcome, bad)
        assert f"at most {MAX_DOCUMENT_CHARS:,} characters" in outcome.output, outcome.output
    assert world.state() == before


@pytest.mark.parametrize("fmt", ["native", "doccano", "label-studio"])
def test_one_line_far_over_the_limit_is_refused_unparsed_in_bounded_memory(
    world: World, fmt: str
) -> None:
    """A line of MAX_LINE_BYTES + 8 MiB, read by a real process limited to 1.5 GB of address
    space: refused before parsing (orjson on such a line under a 4 GB limit crashed)."""
    bad = world.outside / "huge.json"
    filler = MAX_LINE_BYTES + (8 << 20)
    with bad.open("w", encoding="utf-8") as handle:
        handle.write('[{"data": {"text": "' if fmt == "label-studio" else '{"text": "')
        chunk = "a" * (1 << 20)
        for _ in range(filler >> 20):
            handle.write(chunk)
        handle.write('"}}]' if fmt == "label-studio" else '", "label": []}\n')
    before = world.state()
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))"
    outcome = world.process("import", world.project, bad, "--format", fmt, limits=limit)
    refused(outcome, bad)
    assert "MiB of JSON in one piece" in outcome.output, outcome.output
    assert world.state() == before
    bad.unlink()
