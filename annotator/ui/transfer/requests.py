"""What the transfer dialogs ask and the jobs do: export, import, bring work in."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotator.app.work import WorkReport


@dataclass
class ExportRequest:
    path: Path
    annotator_ids: list[str]
    only_done: bool = False
    format: str = "native"


@dataclass
class ImportRequest:
    path: Path
    format: str = "native"
    add_labels: bool = False
    label_map: dict[str, str] = field(default_factory=dict)
    not_mapped: list[str] = field(default_factory=list)  # brat: set by the job, to be shown


@dataclass
class AddWorkRequest:
    """Another annotator's project file or native JSONL, and how to bring it in."""

    path: Path
    add_documents: bool = False
    add_labels: bool = False
    label_map: dict[str, str] = field(default_factory=dict)
    report: WorkReport | None = None  # set by the job when it is done
