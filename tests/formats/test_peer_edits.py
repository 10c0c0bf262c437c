"""Peers' files as the tools give them back (issue 12, 2-3): a relation deleted in Label Studio
or doccano stays deleted (the tool's version wins over "meta"), and one Label Studio task
saved on its own is read."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from annotator.app.projects import open_session
from annotator.app.transfer import (
    annotation_format,
    export_project,
    import_annotations,
    resolve_annotators,
)
from annotator.core.model import Annotator
from annotator.core.scheme import load_default_scheme
from annotator.formats.peers import PeerFormatError, detect_file
from annotator.session import Session
from tests.conftest import EXAMPLE

ANN = Annotator("a-0001", "Ann")


@pytest.fixture
def example(example_copy: Path) -> Iterator[Session]:
    shutil.copy(EXAMPLE / "annotations.jsonl", example_copy / "annotations.jsonl")
    session = open_session(example_copy, read_only=True)
    yield session
    session.close()


def export(session: Session, target: Path, fmt: str) -> Path:
    export_project(session, target, resolve_annotators(session, ["example"]), fmt=fmt)
    return target


def speakers_and_cues(file: Path, tmp_path: Path, name: str) -> dict[tuple[int, int], Any]:
    """Imported into a new project: each quote (by its first segment's offsets) with its
    speaker's name and its cue's offsets."""
    session = Session.open(tmp_path / f"{name}.sqlite", ANN, scheme=load_default_scheme())
    try:
        report = import_annotations(session, file, annotation_format(file) or "native")
        (document,) = session.documents()
        (who,) = report.whose
        spans = {s.id: s for s in session.spans(document.id, who)}
        names = {e.id: e.name for e in session.registry.entities()}
        found = {}
        for quote in session.links.quotes(document.id, who):
            first = spans[quote.segment_ids[0]]
            cue = spans[quote.cue_span_id] if quote.cue_span_id else None
            found[first.start, first.end] = (
                names.get(quote.speaker_entity_id or ""),
                (cue.start, cue.end) if cue else None,
            )
        return found
    finally:
        session.close()


def _drop_label_studio(kind: str) -> Callable[[Path], tuple[int, int]]:
    def drop(path: Path) -> tuple[int, int]:
        (task,) = json.loads(path.read_text("utf-8"))
        result = task["annotations"][0]["result"]
        gone = next(r for r in result if r["type"] == "relation" and r["labels"] == [kind])
        result.remove(gone)
        path.write_text(json.dumps([task], ensure_ascii=False), "utf-8")
        region = next(r for r in result if r.get("id") == gone["from_id"])
        return region["value"]["start"], region["value"]["end"]

    return drop


def _drop_doccano(kind: str) -> Callable[[Path], tuple[int, int]]:
    def drop(path: Path) -> tuple[int, int]:
        line = json.loads(path.read_text("utf-8"))
        gone = next(r for r in line["relations"] if r["type"] == kind)
        line["relations"].remove(gone)
        path.write_text(json.dumps(line) + "\n", "utf-8")
        source = next(e for e in line["entities"] if e["id"] == gone["from_id"])
        units = line["text"].encode("utf-16-le")  # doccano counts UTF-16 units

        def cp(unit: int) -> int:
            return len(units[: 2 * unit].decode("utf-16-le"))

        return cp(source["start_offset"]), cp(source["end_offset"])

    return drop


EDITS = {
    "label-studio": ("ls.json", _drop_label_studio),
    "doccano-relations": ("d.jsonl", _drop_doccano),
}


@pytest.mark.parametrize("fmt", list(EDITS))
@pytest.mark.parametrize("kind", ["speaker", "cue"])
def test_a_relation_deleted_in_the_tool_stays_deleted(
    example: Session, tmp_path: Path, fmt: str, kind: str
) -> None:
    name, dropper = EDITS[fmt]
    file = export(example, tmp_path / name, fmt)
    before = speakers_and_cues(file, tmp_path, "before")
    assert sum(1 for speaker, _ in before.values() if speaker) >= 2  # the test has something
    quote = dropper(kind)(file)
    after = speakers_and_cues(file, tmp_path, "after")
    speaker, cue = before[quote]
    assert (speaker if kind == "speaker" else cue) is not None
    expected = (None, cue) if kind == "speaker" else (speaker, None)
    assert after == {**before, quote: expected}  # that one gone, nothing else changed


def test_plain_doccano_keeps_speakers_and_cues_from_meta(example: Session, tmp_path: Path) -> None:
    """The sequence-labelling variant cannot show relations: "meta" still brings them back."""
    plain = speakers_and_cues(export(example, tmp_path / "p.jsonl", "doccano"), tmp_path, "p")
    native = speakers_and_cues(export(example, tmp_path / "n.jsonl", "native"), tmp_path, "n")
    assert plain == native and any(speaker for speaker, _ in plain.values())


def test_one_label_studio_task_saved_as_an_object(example: Session, tmp_path: Path) -> None:
    (task,) = json.loads(export(example, tmp_path / "ls.json", "label-studio").read_text("utf-8"))
    one = tmp_path / "task.json"
    one.write_text(json.dumps(task, indent=2, ensure_ascii=False), "utf-8")
    assert detect_file(one) == "label-studio" and annotation_format(one) == "label-studio"
    session = Session.open(tmp_path / "p.sqlite", ANN, scheme=load_default_scheme())
    try:
        report = import_annotations(session, one, "label-studio")
        assert report.lines == 1 and report.spans == len(task["annotations"][0]["result"]) - sum(
            1 for r in task["annotations"][0]["result"] if r["type"] == "relation"
        )
        assert report.whose == {"0000000000000000000000000000e001": "example"}
    finally:
        session.close()
    # The same task on one line (JSON Lines) is read too; a broken object names its line.
    lines = tmp_path / "tasks.jsonl"
    lines.write_text(json.dumps(task) + "\n", "utf-8")
    assert detect_file(lines) == "label-studio"
    broken = tmp_path / "broken.json"
    text = json.dumps(task, indent=2).replace('"was_cancelled": false', '"was_cancelled": nope')
    broken.write_text(text, "utf-8")
    number = text[: text.index("nope")].count("\n") + 1
    session = Session.open(tmp_path / "q.sqlite", ANN, scheme=load_default_scheme())
    try:
        with pytest.raises(PeerFormatError, match=rf"broken.json, line {number}: malformed JSON"):
            import_annotations(session, broken, "label-studio")
    finally:
        session.close()
