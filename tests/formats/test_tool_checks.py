"""Files other tools must accept as they are (issue 12, 5): brat's checks pass on the nested
and overlapping spans we export (its annotation.conf says they may overlap), and doccano's
encoding guess cannot misread our files (they are ASCII)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from annotator.app.projects import open_session
from annotator.app.transfer import export_project, resolve_annotators
from annotator.formats.peers.doccano import import_doccano
from annotator.session import Session
from tests.conftest import EXAMPLE


@pytest.fixture
def example(example_copy: Path) -> Iterator[Session]:
    shutil.copy(EXAMPLE / "annotations.jsonl", example_copy / "annotations.jsonl")
    session = open_session(example_copy, read_only=True)
    yield session
    session.close()


def export(session: Session, target: Path, fmt: str) -> Path:
    export_project(session, target, resolve_annotators(session, ["example"]), fmt=fmt)
    return target


# -- brat: what its verify_annotations checks, as brat's own configuration code reads it -------


def brat_conf(text: str) -> tuple[set[str], list[tuple[str, dict[str, list[str]]]]]:
    """Entity types and relation definitions of an annotation.conf, parsed as brat's
    ``projectconfig.__parse_configs`` does (sections, ``TYPE\\tArg:A|B, ...``)."""
    sections: dict[str, list[str]] = {}
    current = "general"
    for line in text.split("\n"):
        header = re.match(r"^\s*\[(.*)\]\s*$", line)
        if header:
            current = header.group(1)
            continue
        if line.strip() and not line.startswith("#"):
            sections.setdefault(current, []).append(line)
    relations = []
    for line in sections.get("relations", []):
        kind, _, args = line.partition("\t")
        parsed = {}
        for arg in args.split(","):
            key, _, values = arg.strip().partition(":")
            parsed[key] = values.split("|")
        relations.append((kind.strip(), parsed))
    return {t.strip() for t in sections.get("entities", [])}, relations


def overlap_types(
    conf: tuple[set[str], list[tuple[str, dict[str, list[str]]]]], inner: str, outer: str
) -> set[str]:
    """brat's ``ProjectConfiguration.overlap_types``: the <OVL-TYPE> values of the <OVERLAP>
    relations whose Arg1 takes ``inner`` and Arg2 ``outer`` (``<ENTITY>`` takes any entity
    type, ``<ANY>`` anything)."""
    entities, relations = conf

    def takes(values: list[str], kind: str) -> bool:
        return any(v in (kind, "<ANY>") or (v == "<ENTITY>" and kind in entities) for v in values)

    found: set[str] = set()
    for kind, args in relations:
        if kind == "<OVERLAP>" and takes(args["Arg1"], inner) and takes(args["Arg2"], outer):
            for value in args.get("<OVL-TYPE>", []):
                found |= set(value.split("|"))
    return found


def brat_overlap_errors(folder: Path) -> list[str]:
    """What brat's ``verify_entity_overlap`` reports for every .ann file of the folder."""
    conf = brat_conf((folder / "annotation.conf").read_text("utf-8"))
    errors = []
    for ann in sorted(folder.glob("*.ann")):
        spans = []
        for line in ann.read_text("utf-8").splitlines():
            if line.startswith("T"):
                tid, body, _ = line.split("\t")
                kind, offsets = body.split(" ", 1)
                pieces = [tuple(map(int, p.split())) for p in offsets.split(";")]
                spans.append((tid, kind, pieces))
        for a_id, a_type, a in spans:
            for b_id, b_type, b in spans:
                if a_id == b_id or not (b[0][0] < a[-1][1] and b[-1][1] > a[0][0]):
                    continue
                if set(a) == set(b):
                    ok = {"equal", "<ANY>"} & (
                        overlap_types(conf, a_type, b_type) | overlap_types(conf, b_type, a_type)
                    )
                elif b[0][0] <= a[0][0] and a[-1][1] <= b[-1][1]:  # b contains a
                    ok = {"contain", "<ANY>"} & overlap_types(conf, a_type, b_type) or (
                        "<ANY>" in overlap_types(conf, b_type, a_type)
                    )
                elif a[0][0] <= b[0][0] and b[-1][1] <= a[-1][1]:  # a contains b
                    ok = {"contain", "<ANY>"} & overlap_types(conf, b_type, a_type) or (
                        "<ANY>" in overlap_types(conf, a_type, b_type)
                    )
                else:
                    ok = {"cross", "<ANY>"} & (
                        overlap_types(conf, a_type, b_type) | overlap_types(conf, b_type, a_type)
                    )
                if not ok:
                    errors.append(f"{ann.name}: {a_id} {a_type} overlaps {b_id} {b_type}")
    return errors


def test_brat_accepts_the_overlapping_spans_we_export(example: Session, tmp_path: Path) -> None:
    folder = tmp_path / "brat"
    export_project(example, folder, resolve_annotators(example, [], everyone=True), fmt="brat")
    conf = (folder / "annotation.conf").read_text("utf-8")
    assert (
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>" in conf.split("[relations]")[1]
    )
    assert brat_overlap_errors(folder) == []
    # Without that line brat would report every nested span of the example (the issue).
    (folder / "annotation.conf").write_text(
        "\n".join(line for line in conf.split("\n") if not line.startswith("<OVERLAP>")), "utf-8"
    )
    assert len(brat_overlap_errors(folder)) > 10


@pytest.mark.parametrize("fmt", ["doccano", "doccano-relations"])
def test_doccano_files_are_ascii_and_read_back_alike(
    example: Session, tmp_path: Path, fmt: str
) -> None:
    """doccano guesses a file's encoding (chardet); ASCII with \\u escapes cannot be misread."""
    file = export(example, tmp_path / "d.jsonl", fmt)
    data = file.read_bytes()
    assert data.isascii() and b"\\u2019" in data  # the example's apostrophes, escaped
    native_file = export(example, tmp_path / "n.jsonl", "native")
    (native,) = (json.loads(line) for line in native_file.read_text("utf-8").splitlines())
    (line,) = (json.loads(line) for line in data.decode("ascii").splitlines())
    assert line["text"] == native["text"] and "\u2019" in line["text"]
    (back,) = import_doccano(file)

    def spans(record: dict[str, Any]) -> set[tuple[int, int, str, str]]:
        return {(s["start"], s["end"], s["label"], s["text"]) for s in record["spans"]}

    assert spans(back) == spans(native)
