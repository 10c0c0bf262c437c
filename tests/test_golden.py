"""What the command line prints and writes, held against golden files recorded before the code
was restructured (tests/golden/): every command on good and bad input, every export format of
the example project. Random ids, times and temporary paths are replaced by placeholders in the
order they first appear; everything else must match to the character.

After an intended change of output, rewrite the files with ``ANNOTATOR_GOLDEN=write pytest
tests/test_golden.py`` and read the diff before committing it.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.__main__ import main
from tests.conftest import ARTICLES, EXAMPLE

GOLDEN = Path(__file__).parent / "golden"
REPO = Path(__file__).resolve().parents[1]
WRITE = os.environ.get("ANNOTATOR_GOLDEN") == "write"

_HEX = re.compile(r"\b[0-9a-f]{32}\b")
_TIME = re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(\+00:00|Z)?")
_CLOCK = re.compile(r"\b\d\d:\d\d:\d\d\b")


def normalise(text: str, tmp: Path) -> str:
    """Placeholders for what differs between runs by design: the temporary folder, the
    checkout's folder, random ids (numbered in order of appearance), timestamps."""
    text = text.replace(str(tmp), "<TMP>").replace(str(REPO), "<REPO>")
    ids: dict[str, str] = {}
    text = _HEX.sub(lambda m: ids.setdefault(m.group(0), f"<ID{len(ids) + 1}>"), text)
    text = _TIME.sub("<TIME>", text)
    return _CLOCK.sub("<CLOCK>", text)


@dataclass
class Run:
    args: list[str]
    code: int
    stdout: str
    stderr: str


def annotator(tmp: Path, *args: str | Path) -> Run:
    """``annotator ARGS`` through the entry point, in-process, its streams captured."""
    words = [str(a) for a in args]
    with CliRunner().isolation() as (out, err, _):
        try:
            main(words)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
    return Run(words, code, stdout, stderr)


def record(tmp: Path, runs: list[Run], files: list[Path]) -> str:
    out: list[str] = []
    for run in runs:
        out.append(f"$ annotator {' '.join(run.args)}")
        out.append(f"[exit {run.code}]")
        if run.stdout:
            out.append("[stdout]")
            out.append(run.stdout.rstrip("\n"))
        if run.stderr:
            out.append("[stderr]")
            out.append(run.stderr.rstrip("\n"))
        out.append("")
    for path in files:
        if path.is_dir():
            for inner in sorted(path.rglob("*"), key=_file_order):
                if inner.is_file():
                    out.append(f"=== {inner.relative_to(tmp)}")
                    out.append(inner.read_text(encoding="utf-8"))
        else:
            out.append(f"=== {path.relative_to(tmp)}")
            out.append(path.read_text(encoding="utf-8"))
    return normalise("\n".join(out), tmp)


def _file_order(path: Path) -> str:
    """Files in name order, random ids left out (the example's annotator ids are fixed:
    0000...e001, and stay)."""
    return _HEX.sub(lambda m: m.group(0) if m.group(0).startswith("0000") else "#", str(path))


def check(name: str, text: str) -> None:
    path = GOLDEN / f"{name}.txt"
    if WRITE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path}: record it with ANNOTATOR_GOLDEN=write"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name}: output differs from {path}"


def example(tmp: Path, name: str = "example") -> Path:
    """A copy of the example project folder: its articles and both annotators' work."""
    folder = tmp / name
    (folder / "articles").mkdir(parents=True)
    for article in ARTICLES.glob("*.txt"):
        shutil.copy(article, folder / "articles" / article.name)
    shutil.copy(EXAMPLE / "annotations.jsonl", folder / "annotations.jsonl")
    return folder


FORMATS = {
    "native": "out.jsonl",
    "doccano": "out.jsonl",
    "doccano-relations": "out.jsonl",
    "label-studio": "out.json",
    "brat": "brat",
    "spacy": "out.jsonl",
}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_of_every_format(tmp_path: Path, fmt: str) -> None:
    project = example(tmp_path)
    out = tmp_path / FORMATS[fmt]
    runs = [annotator(tmp_path, "export", project, "--all", "--format", fmt, "-o", out)]
    check(f"export-{fmt}", record(tmp_path, runs, [out]))


Scenario = Callable[[Path], tuple[list[Run], list[Path]]]


def _help(tmp: Path) -> tuple[list[Run], list[Path]]:
    commands = ["import", "export", "validate", "list", "add-work", "share", "agreement"]
    runs = [annotator(tmp, "--help")]
    runs += [annotator(tmp, command, "--help") for command in [*commands, "suggest"]]
    return runs, []


def _list(tmp: Path) -> tuple[list[Run], list[Path]]:
    project = example(tmp)
    empty = tmp / "empty"
    empty.mkdir()
    return [
        annotator(tmp, "list", project),
        annotator(tmp, "list", tmp / "missing.sqlite"),
        annotator(tmp, "list", tmp / "empty" / "not-there"),
    ], []


def _export_choices(tmp: Path) -> tuple[list[Run], list[Path]]:
    project = example(tmp)
    files = [tmp / "example.jsonl", tmp / "blanca.jsonl", tmp / "done.jsonl"]
    runs = [
        annotator(tmp, "export", project, "--annotator", "example", "-o", files[0]),
        annotator(tmp, "export", project, "--annotator", "BLANCA", "-o", files[1]),
        annotator(tmp, "export", project, "--all", "--done-only", "-o", files[2]),
        annotator(tmp, "export", project, "-o", tmp / "mine.jsonl"),
        annotator(tmp, "export", project, "--annotator", "nobody", "-o", tmp / "x.jsonl"),
        annotator(tmp, "export", project, "--all", "--annotator", "example", "-o", tmp / "y"),
        annotator(tmp, "export", project, "--all", "-o", project / "project.sqlite"),
        annotator(tmp, "export", project, "--all", "-o", tmp / "no" / "such" / "folder.jsonl"),
        annotator(tmp, "export", project, "--all", "--format", "nonsense", "-o", tmp / "z"),
    ]
    return runs, files


def _validate(tmp: Path) -> tuple[list[Run], list[Path]]:
    bad = tmp / "bad.jsonl"
    lines = (EXAMPLE / "annotations.jsonl").read_text(encoding="utf-8").splitlines()
    bad.write_text(
        lines[0] + "\n" + lines[1].replace('"start": ', '"start": -', 1) + "\n{not json\n",
        encoding="utf-8",
    )
    return [
        annotator(tmp, "validate", EXAMPLE / "annotations.jsonl"),
        annotator(tmp, "validate", bad),
        annotator(tmp, "validate", bad, "--max-errors", "1"),
        annotator(tmp, "validate", tmp / "missing.jsonl"),
    ], []


def _import_articles(tmp: Path) -> tuple[list[Run], list[Path]]:
    project = tmp / "news.sqlite"
    bad = tmp / "cp1252.txt"
    bad.write_bytes("Smart “quotes” from Windows.".encode("cp1252"))
    return [
        annotator(tmp, "import", project, ARTICLES),
        annotator(tmp, "import", project, ARTICLES),
        annotator(tmp, "import", project, bad),
        annotator(tmp, "list", project),
    ], []


def _import_annotations(tmp: Path) -> tuple[list[Run], list[Path]]:
    source = example(tmp)
    runs = []
    for fmt, name in (("doccano", "d.jsonl"), ("label-studio", "ls.json"), ("native", "n.jsonl")):
        runs.append(annotator(tmp, "export", source, "--all", "--format", fmt, "-o", tmp / name))
    for fmt, name in (("doccano", "d.jsonl"), ("label-studio", "ls.json"), ("native", "n.jsonl")):
        project = tmp / f"into-{fmt}.sqlite"
        runs.append(annotator(tmp, "import", project, tmp / name))
        runs.append(annotator(tmp, "import", project, tmp / name))
        runs.append(annotator(tmp, "list", project))
    relabelled = tmp / "relabelled.jsonl"
    relabelled.write_text(
        (tmp / "n.jsonl").read_text(encoding="utf-8").replace('"PERSON"', '"HUMAN"'),
        encoding="utf-8",
    )
    runs.append(annotator(tmp, "import", tmp / "missing-label.sqlite", relabelled))
    runs.append(
        annotator(tmp, "import", tmp / "mapped.sqlite", relabelled, "--map", "HUMAN=PERSON")
    )
    runs.append(annotator(tmp, "import", tmp / "added.sqlite", relabelled, "--add-labels"))
    runs.append(annotator(tmp, "import", tmp / "badmap.sqlite", relabelled, "--map", "HUMAN"))
    runs.append(
        annotator(tmp, "import", tmp / "fmt.sqlite", tmp / "n.jsonl", "--format", "doccano")
    )
    return runs, []


def _add_work_and_share(tmp: Path) -> tuple[list[Run], list[Path]]:
    source = example(tmp)
    target = tmp / "mine.sqlite"
    runs = [
        annotator(tmp, "import", target, ARTICLES),
        annotator(tmp, "add-work", target, source),
        annotator(tmp, "add-work", target, source),
        annotator(tmp, "export", source, "--all", "-o", tmp / "all.jsonl"),
        annotator(tmp, "add-work", tmp / "other.sqlite", tmp / "all.jsonl"),
        annotator(tmp, "add-work", target, target),
        annotator(tmp, "add-work", target, tmp / "all.jsonl", "--add-documents"),
        annotator(tmp, "share", source, "-o", tmp / "copy.sqlite"),
        annotator(tmp, "list", tmp / "copy.sqlite"),
        annotator(tmp, "share", source, "-o", source / "project.sqlite"),
    ]
    return runs, []


def _agreement(tmp: Path) -> tuple[list[Run], list[Path]]:
    project = example(tmp)
    return [
        annotator(tmp, "agreement", project, "example", "blanca"),
        annotator(tmp, "agreement", project, "example", "blanca", "--json"),
        annotator(tmp, "agreement", project, "example", "blanca", "--layer", "quote"),
        annotator(tmp, "agreement", project, "--all"),
        annotator(tmp, "agreement", project, "--all", "--json"),
        annotator(tmp, "agreement", project, "example", "example"),
        annotator(tmp, "agreement", project, "example", "nobody"),
        annotator(tmp, "agreement", project, "example"),
        annotator(tmp, "agreement", project, "example", "gold"),
    ], []


def _suggest(tmp: Path) -> tuple[list[Run], list[Path]]:
    project = example(tmp)
    return [
        annotator(tmp, "suggest", project, "--no-model"),
        annotator(tmp, "suggest", project, "--no-model", "--json"),
        annotator(tmp, "suggest", project, "--no-model", "--doc", "no such document"),
    ], []


SCENARIOS: dict[str, Scenario] = {
    "help": _help,
    "list": _list,
    "export-choices": _export_choices,
    "validate": _validate,
    "import-articles": _import_articles,
    "import-annotations": _import_annotations,
    "add-work-and-share": _add_work_and_share,
    "agreement": _agreement,
    "suggest": _suggest,
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_command_outputs(tmp_path: Path, name: str) -> None:
    runs, files = SCENARIOS[name](tmp_path)
    check(f"cli-{name}", record(tmp_path, runs, files))
