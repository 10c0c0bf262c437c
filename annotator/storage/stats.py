"""The statistics of a project, counted in SQL (grouped in the database, never row by row in
Python): documents by status, spans by label and by day, quotes by speaker, claims by
verdict, entities by mentions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from annotator.core.links import Verdict
from annotator.core.stats import (
    DayCount,
    EntityCount,
    Figures,
    LabelCount,
    SpeakerCount,
    StatusCount,
    VerdictCount,
)
from annotator.storage.columns import stripped
from annotator.storage.database import ProjectDb, Repository


class Stats(Repository):
    """Read only. Each figure is one grouped query; ``annotator_id`` limits them to one
    annotator's work (documents by status, spans, quotes, claims, mentions)."""

    def __init__(self, pdb: ProjectDb) -> None:
        super().__init__(pdb)

    def figures(self, annotator_id: str | None = None, top: int = 20) -> Figures:
        """Every figure, read in one transaction (one consistent view of the file)."""
        with self._snapshot():
            labels = self.labels(annotator_id)
            quotes, no_speaker = self.quote_totals(annotator_id)
            speakers_total, speakers = self.speakers(annotator_id, top)
            linked, entities = self.entities(annotator_id, top)
            return Figures(
                annotator_id=annotator_id,
                top=top,
                documents=self.documents(),
                statuses=self.statuses(labels, annotator_id),
                labels=labels,
                quotes=quotes,
                no_speaker=no_speaker,
                speakers_total=speakers_total,
                speakers=speakers,
                verdicts=self.verdicts(labels, annotator_id),
                entities_registry=self.registry_size(),
                entities_linked=linked,
                entities=entities,
                days=self.days(annotator_id),
            )

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """One read transaction around the queries, so that they see one state of the file
        (inside the caller's transaction if one is open)."""
        if self._db.conn.in_transaction:
            yield
            return
        self._db.execute("BEGIN")
        try:
            yield
        finally:
            self._db.execute("COMMIT")

    # -- each figure ---------------------------------------------------------------------------

    def documents(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def registry_size(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM entities").fetchone()[0])

    def labels(self, annotator_id: str | None = None) -> tuple[LabelCount, ...]:
        """Spans per annotator, layer and label: counted per day first, in the order of the
        index of spans by annotator and day (no sort of the spans), then those few rows
        summed."""
        where, params = _only(annotator_id)
        rows = self._db.execute(
            f"""SELECT annotator_id, layer, label, sum(n) FROM (
                    SELECT annotator_id, layer, label, count(*) AS n FROM spans {where}
                    GROUP BY annotator_id, {_DAY}, layer, label
                )
                GROUP BY annotator_id, layer, label ORDER BY annotator_id, layer, label""",
            params,
        )
        return tuple(LabelCount(r[0], r[1], r[2], int(r[3])) for r in rows)

    def statuses(
        self, labels: tuple[LabelCount, ...], annotator_id: str | None = None
    ) -> tuple[StatusCount, ...]:
        """Documents by status of each annotator with a status or a span (``labels``: whose
        spans), in the order the annotators arrived."""
        where, params = _only(annotator_id)
        rows = self._db.execute(
            "SELECT annotator_id, sum(status = 'in_progress'), sum(status = 'done') "
            f"FROM document_status {where} GROUP BY annotator_id",
            params,
        )
        marked = {r[0]: (int(r[1]), int(r[2])) for r in rows}
        working = set(marked) | {c.annotator_id for c in labels}
        order = [
            r[0] for r in self._db.execute("SELECT id FROM annotators ORDER BY created_at, id")
        ]
        order += sorted(working - set(order))  # (an annotator row missing: still counted)
        total = self.documents()
        counts = []
        for who in (a for a in order if a in working):
            in_progress, done = marked.get(who, (0, 0))
            counts.append(StatusCount(who, in_progress, done, total - in_progress - done))
        return tuple(counts)

    def quote_totals(self, annotator_id: str | None = None) -> tuple[int, int]:
        """(quotes, quotes without a speaker: no entity and no speaker text)."""
        where, params = _only(annotator_id)
        row = self._db.execute(
            "SELECT count(*), coalesce(sum(speaker_entity_id IS NULL "
            f"AND {stripped('speaker_text')} = ''), 0) FROM quotes {where}",
            params,
        ).fetchone()
        return int(row[0]), int(row[1])

    def speakers(
        self, annotator_id: str | None = None, top: int = 20
    ) -> tuple[int, tuple[SpeakerCount, ...]]:
        """(how many speakers there are, the ``top`` who speak most): a speaker is named by
        its registry entity's name, or else by the speaker's words (spaces around aside)."""
        where, params = _only(annotator_id, "AND", "q.")
        rows = self._db.execute(
            f"""
            WITH said AS (
                SELECT coalesce(e.name, {stripped("q.speaker_text")}) AS who,
                       max(q.speaker_entity_id IS NOT NULL) AS linked, count(*) AS n
                FROM quotes q LEFT JOIN entities e ON e.id = q.speaker_entity_id
                WHERE (q.speaker_entity_id IS NOT NULL OR {stripped("q.speaker_text")} <> '')
                    {where}
                GROUP BY who
            )
            SELECT who, linked, n, count(*) OVER () FROM said
            ORDER BY n DESC, who COLLATE NOCASE, who
            LIMIT ?
            """,
            [*params, top],
        ).fetchall()
        total = int(rows[0][3]) if rows else 0
        return total, tuple(SpeakerCount(str(r[0]), bool(r[1]), int(r[2])) for r in rows)

    def verdicts(
        self, labels: tuple[LabelCount, ...], annotator_id: str | None = None
    ) -> tuple[VerdictCount, ...]:
        """Claims by verdict, every verdict listed: a claim span without a claim row has the
        default verdict (unverified). ``labels``: the spans counted, claims among them.
        Claim rows belong to claim spans (a span's claim row goes with it): every annotator's
        are counted alone, one annotator's through their spans."""
        if annotator_id is None:
            sql, params = "SELECT verdict, count(*) FROM claims GROUP BY verdict", []
        else:
            sql = (  # their claim spans from the index by annotator, then each one's claim
                "SELECT c.verdict, count(*) FROM spans s CROSS JOIN claims c ON c.span_id = s.id "
                "WHERE s.annotator_id = ? AND s.layer = 'claim' GROUP BY c.verdict"
            )
            params = [annotator_id]
        rows = self._db.execute(sql, params)
        counts = {str(r[0]): int(r[1]) for r in rows}
        claims = sum(c.spans for c in labels if c.layer == "claim")
        default = Verdict.UNVERIFIED
        counts[default.value] = claims - sum(n for v, n in counts.items() if v != default.value)
        return tuple(VerdictCount(v, counts.get(v.value, 0)) for v in Verdict)

    def entities(
        self, annotator_id: str | None = None, top: int = 20
    ) -> tuple[int, tuple[EntityCount, ...]]:
        """(how many registry entities have a linked mention, the ``top`` names most
        mentioned, with the documents their mentions are in). Entities of one name and
        type count as one (each annotator may have made their own)."""
        where, params = _only(annotator_id, "AND", "s.")
        rows = self._db.execute(
            f"""
            WITH linked AS (
                SELECT s.entity_id AS id, count(*) AS n FROM spans s
                WHERE s.entity_id IS NOT NULL {where} GROUP BY s.entity_id
            )
            SELECT coalesce(e.name, linked.id) AS name, coalesce(e.type, '') AS type,
                   count(*), sum(linked.n) AS n, count(*) OVER (), sum(count(*)) OVER ()
            FROM linked LEFT JOIN entities e ON e.id = linked.id
            GROUP BY 1, 2
            ORDER BY n DESC, name COLLATE NOCASE, name, type
            LIMIT ?
            """,
            [*params, top],
        ).fetchall()
        if not rows:
            return 0, ()
        pairs = ", ".join("(?, ?)" for _ in rows)
        names = [x for r in rows for x in (r[0], r[1])]
        if annotator_id is None:  # every mention of these entities, by the index by entity
            sql = (
                "SELECT e.name, e.type, count(DISTINCT s.document_id) "
                "FROM entities e CROSS JOIN spans s ON s.entity_id = e.id "
                f"WHERE (e.name, e.type) IN (VALUES {pairs}) GROUP BY e.name, e.type"
            )
        else:  # the annotator's spans by the index by annotator, not everyone's mentions
            sql = (
                "SELECT e.name, e.type, count(DISTINCT s.document_id) "
                "FROM spans s CROSS JOIN entities e ON e.id = s.entity_id "
                f"WHERE s.annotator_id = ? AND s.entity_id IN (SELECT id FROM entities "
                f"WHERE (name, type) IN (VALUES {pairs})) GROUP BY e.name, e.type"
            )
            names = [*params, *names]
        spread = {(r[0], r[1]): int(r[2]) for r in self._db.execute(sql, names)}
        counts = tuple(
            EntityCount(str(r[0]), str(r[1]), int(r[2]), int(r[3]), spread.get((r[0], r[1]), 0))
            for r in rows
        )
        return int(rows[0][5]), counts

    def days(self, annotator_id: str | None = None) -> tuple[DayCount, ...]:
        """Spans made per day (UTC, from ``created_at``) and annotator, oldest day first:
        counted in the order of the index of spans by annotator and day, the few rows then
        sorted by day."""
        where, params = _only(annotator_id)
        rows = self._db.execute(
            f"""SELECT day, annotator_id, n FROM (
                    SELECT annotator_id, {_DAY} AS day, count(*) AS n FROM spans {where}
                    GROUP BY annotator_id, {_DAY}
                )
                ORDER BY day, annotator_id""",
            params,
        )
        return tuple(DayCount(r[0], r[1], int(r[2])) for r in rows)


# A span's day, exactly as the index of spans by annotator and day has it (migration 0010):
# SQLite uses an index on an expression only for that very expression.
_DAY = "substr(created_at, 1, 10)"


def _only(annotator_id: str | None, word: str = "WHERE", prefix: str = "") -> tuple[str, list[Any]]:
    """A condition limiting rows to one annotator's (nothing for every annotator's)."""
    if annotator_id is None:
        return "", []
    return f"{word} {prefix}annotator_id = ?", [annotator_id]
