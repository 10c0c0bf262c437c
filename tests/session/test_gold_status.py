"""The gold layer's status (issue 12, 2): once the reviewer has decided every item of a pair
on a document, gold is marked done there in the same edit, so `export --annotator gold
--done-only` writes the reviewed document; undo takes it back; the reviewer may set it back
to in progress (or done) by hand, and deciding an item again then leaves it as they set it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.app.projects import build_from_sources, open_session
from annotator.cli import cli
from annotator.core.decisions import Choice
from annotator.core.model import GOLD_ANNOTATOR_ID, Status
from annotator.session import Session
from annotator.session.ops.review import AcceptAgreements, Decide, SetGoldStatus
from tests.conftest import ARTICLES, EXAMPLE
from tests.readback import dump, rows

ARTICLE = "2025-03-03-lavrov-peacekeepers.txt"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The example's article with both annotators' work ("example" and "blanca")."""
    folder = tmp_path / "example"
    (folder / "articles").mkdir(parents=True)
    shutil.copy(ARTICLES / ARTICLE, folder / "articles" / ARTICLE)
    shutil.copy(EXAMPLE / "annotations.jsonl", folder / "annotations.jsonl")
    build_from_sources(folder)
    return folder


@pytest.fixture
def session(folder: Path) -> Iterator[Session]:
    opened = open_session(folder)  # the reviewer: "tester", with no work of their own
    yield opened
    opened.close()


def _pair(s: Session) -> tuple[str, str, str]:
    ids = {a.name: a.id for a in s.annotators()}
    return s.documents()[0].id, ids["example"], ids["blanca"]


def _gold_status(folder: Path) -> list[tuple[object, ...]]:
    return rows(folder, "SELECT status FROM document_status WHERE annotator_id = 'gold'")


def _export_gold_done(folder: Path, out: Path) -> list[dict[str, object]]:
    result = CliRunner().invoke(
        cli,
        ["export", str(folder), "--annotator", "gold", "--done-only", "-o", str(out)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]


def test_gold_is_done_when_the_last_item_is_decided_and_undo_takes_it_back(
    session: Session, folder: Path, tmp_path: Path
) -> None:
    doc, a, b = _pair(session)
    items, agreed = session.review.items(doc, a, b)
    assert items and agreed and _gold_status(folder) == []
    AcceptAgreements(session, doc, a, b, agreed).apply()
    for item in items[:-1]:
        Decide(session, doc, a, b, item, Choice.A if item.a else Choice.B).apply()
    assert _gold_status(folder) == [("in_progress",)]
    assert _export_gold_done(folder, tmp_path / "none.jsonl") == []
    before = dump(folder)
    last = Decide(session, doc, a, b, items[-1], Choice.REJECT)
    last.apply()
    assert _gold_status(folder) == [("done",)]
    [line] = _export_gold_done(folder, tmp_path / "gold.jsonl")
    assert (line["annotator_id"], line["status"]) == (GOLD_ANNOTATOR_ID, "done")
    assert line["spans"]
    last.revert()
    assert dump(folder) == before
    last.apply()
    assert _gold_status(folder) == [("done",)]


def test_the_reviewer_sets_it_by_hand_and_a_later_decision_leaves_it_so(
    session: Session, folder: Path
) -> None:
    doc, a, b = _pair(session)
    items, agreed = session.review.items(doc, a, b)
    AcceptAgreements(session, doc, a, b, agreed).apply()
    for item in items:
        Decide(session, doc, a, b, item, Choice.REJECT).apply()
    assert session.review.gold_status(doc) is Status.DONE
    back = SetGoldStatus(session, doc, Status.IN_PROGRESS)
    back.apply()
    assert _gold_status(folder) == [("in_progress",)]
    Decide(session, doc, a, b, items[0], Choice.A).apply()  # decided again: not the last one
    assert _gold_status(folder) == [("in_progress",)]
    mark = SetGoldStatus(session, doc, Status.DONE)
    mark.apply()
    assert _gold_status(folder) == [("done",)]
    mark.revert()
    assert _gold_status(folder) == [("in_progress",)]


def test_marking_gold_done_before_any_decision_makes_its_annotator_row(
    session: Session, folder: Path
) -> None:
    doc, _, _ = _pair(session)
    before = dump(folder)
    op = SetGoldStatus(session, doc, Status.DONE)
    op.apply()
    assert rows(folder, "SELECT name FROM annotators WHERE id = 'gold'") == [("gold",)]
    assert _gold_status(folder) == [("done",)]
    op.revert()
    assert dump(folder) == before
