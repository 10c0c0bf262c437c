#!/usr/bin/env python
"""Generated news projects of 1k, 10k or 100k documents for the scale benchmarks, cached.

    .venv/bin/python benchmarks/scale_projects.py 1000 10000 100000

    from scale_projects import project   # with benchmarks/ on sys.path
    path = project(10_000)   # benchmarks/out/scale/10000/s<schema>-<hash>-g<gen>/project.sqlite

Each document is a news article of 3-8 KB (English words of ``corpus.py``, accented names, a few
characters outside the BMP) with a realistic title, date (2022-2025), source and metadata (url,
author), and about 30 spans: entity mentions (the name or an alias of an entity of a registry of
4,200 entities, about 15% unlinked), quotes (a segment, a cue, a speaker mention linked to the
quote's speaker) and claims (a sentence, with claimer, stance, worthiness, verdict).
Annotator "ana" worked on every document (60% done, 28% in progress, 12% not started and
empty); "ben" annotated about 10% of the documents too (his spans mostly agree with ana's, some
relabelled, dropped or added), so agreement and review have pairs. Entity mentions follow a
Zipf law over the registry, so some entities have thousands of mentions and most a few.

Everything comes from fixed seeds: document ``i`` is the same in every size (the 1k project is
the first 1,000 documents of the 100k one). Each size is written twice, beside each other:

- ``documents.jsonl``: the native JSONL lines (what ``annotator export`` writes, one line per
  document and annotator; the first line carries the whole registry). It does not depend on
  the schema: ``bench_scale_import.py`` imports it through ``annotator import``.
- ``s<schema>-<hash>-g<gen>/project.sqlite``: the project, written through the storage layer's bulk
  write (``Session.rows.write``, the path ``annotator import`` takes, minus the JSON reading),
  because an import stamps every row with the moment of the import, whereas these rows carry
  times spread over the months the documents were annotated in (a statistics view "per day"
  needs them). The folder name holds the schema version of the code (``SCHEMA_VERSION``) and
  this generator's version: a new migration upgrades a copy of the older project through the
  migrations, as a user's file is (kept only if its schema then equals a new project's; older
  schemas' folders are kept, for other branches), then builds what the migrations left of the
  search index to build in the background (printing both times); a change here builds a new
  project, once.

The project is cached: reuse it read-only, or copy it (with ``copy_of``) before editing it.
A lock file makes a second process wait for a build in progress instead of starting its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import hashlib
import json
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from bisect import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "benchmarks" / "out" / "scale"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from corpus import ASTRAL, NAMES, WORDS, uid  # noqa: E402

from annotator.app.search import build_index  # noqa: E402
from annotator.core.model import Annotator, metadata_json  # noqa: E402
from annotator.core.rows import BulkBatch  # noqa: E402
from annotator.core.scheme import load_default_scheme  # noqa: E402
from annotator.session import Session  # noqa: E402
from annotator.storage.migrations import SCHEMA_VERSION, migrations  # noqa: E402

GENERATOR = 1  # bump when the generated data changes: every size is built again
SEED = 14
REGISTRY_SIZE = 4200
ANA = Annotator("0000000000000000000000000000a4a0", "ana")
BEN = Annotator("0000000000000000000000000000be40", "ben")
PROJECT_FILE = "project.sqlite"
JSONL_FILE = "documents.jsonl"
_BATCH_SPANS = 20_000


def _words(text: str, sep: str | None = None) -> list[str]:  # ruff keeps the lists readable
    return text.split(sep)


_FIRST = _words(
    "Sergei Anthony Olena Dmitry Maria Emmanuel Olaf Recep Annalena Ursula Jens Kaja Petr "
    "Łukasz Zuzana Volodymyr Yulia Oleksandr Mark Rishi Keir Giorgia Pedro Viktor Andrzej "
    "Jakub Katarzyna Ahmed Fatma Jan Ingrid Mateusz Chloé Hélène Søren Björn Ana Marta Denys "
    "Iryna Mykola Gabriel Lucía Tomás Nikos Elif Hakan Ruslan Anastasia Pavel Agnieszka"
)
_LAST = _words(
    "Lavrov Blinken Zelenskyy Macron Scholz Erdoğan Müller Nováková Kuleba Shmyhal Stoltenberg "
    "Kallas Fiala Tusk Baerbock Leyen Sunak Starmer Meloni Sánchez Orbán Duda Rutte Costa "
    "Borrell Yermak Podolyak Peskov Zakharova Shoigu Gerasimov Medvedev Kadyrov Lukashenko "
    "Tikhanovskaya Navalny Budanov Syrskyi Umerov Klitschko Sybiha Kovalenko Bondarenko "
    "Tkachenko Kowalski Nowak Wiśniewska Dvořák Horváth Novak Petrov Ivanova Schmidt Fischer "
    "Weber Dubois Lefèvre Moreau García Rossi Bianchi Jansen Andersen Nielsen Öztürk Yılmaz "
    "Demir Hansen Larsen Berg Koch Wagner Becker Hoffmann Smirnov Popescu Georgiou Kask Ozols"
)
_PLACE_HEADS = _words(
    "Nov Bel Kras Zapo Myko Polt Cher Vin Zhy Luh Sum Kher Ter Riv Lut Uzh Ivan Bro Pav Slav "
    "Dnip Kram Pokr Tor Sev Mari Volno Izy Kup Vovch Avdi Hulia Orikh Vuhle Selyd Kurak"
)
_PLACE_TAILS = _words("ograd ovsk ivka ove ansk ino opil yne hiv sk ets orizhzhia any iv evo opol")
_ORG_KINDS = _words(
    "Ministry of Defence|Foreign Ministry|City Council|Energy Group|Central Bank|Railways|"
    "University|Police|Football Club|Steel Works|Television|Chamber of Commerce|Port Authority|"
    "Border Guard|Red Cross|Party|Airlines|Grain Company|Times|Herald",
    "|",
)
_EVENT_KINDS = ("{} summit", "{} talks", "Battle of {}", "{} offensive", "{} forum", "{} accord")
_OTHER_KINDS = ("Operation {}", "{} pipeline", "{} Declaration", "{} programme", "{} drone")
_OUTLETS = (
    ("Reuters", "reuters.com"),
    ("Associated Press", "apnews.com"),
    ("BBC News", "bbc.co.uk"),
    ("Kyiv Independent", "kyivindependent.com"),
    ("Le Monde", "lemonde.fr"),
    ("Der Spiegel", "spiegel.de"),
    ("The Guardian", "theguardian.com"),
    ("Ukrainska Pravda", "pravda.com.ua"),
    ("Meduza", "meduza.io"),
    ("Gazeta Wyborcza", "wyborcza.pl"),
    ("Deutsche Welle", "dw.com"),
    ("Politico Europe", "politico.eu"),
)
_CUES = ("said", "told reporters", "said in a statement", "warned", "added", "told Reuters")
_VERBS = (
    "warns of", "rejects", "calls for", "backs", "denies", "announces", "criticises", "meets",
    "signs", "questions",
)  # fmt: skip
_TOPICS = (
    "ceasefire talks", "new sanctions", "grain deal", "border security", "aid package",
    "energy prices", "peace plan", "troop build-up", "prisoner exchange", "election date",
)  # fmt: skip
_VERDICTS = ("unverified", "unverified", "true", "misleading", "false")
_FIRST_DAY = dt.date(2022, 2, 24)
_DAYS = 1300


# -- the registry -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    wikidata: str | None

    def json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "wikidata": self.wikidata,
        }


def _places(rnd: random.Random) -> list[str]:
    stems = [f"{h}{t}" for h in _PLACE_HEADS for t in _PLACE_TAILS]
    made = {f"{p}{stem}" for p in ("", "Nova ", "Stara ", "Velyka ", "Mala ") for stem in stems}
    real = [n for n in NAMES if n not in _LAST]
    return real + sorted(made - set(real), key=lambda _: rnd.random())


def registry(seed: int = SEED) -> list[Entity]:
    """4,200 entities: people (first and last name; aliases: the last name, an initial),
    organisations (an acronym), places, events and others; about a third with a Wikidata id.
    Their order is their popularity rank (mentions follow a Zipf law over it)."""
    rnd = random.Random(seed)
    places = _places(rnd)
    people = [f"{f} {s}" for f in _FIRST for s in _LAST]
    rnd.shuffle(people)
    counts = {"PERSON": 1900, "ORGANIZATION": 850, "LOCATION": 1000, "EVENT": 250, "OTHER": 200}
    out: list[Entity] = []

    def qid() -> str | None:
        return f"Q{rnd.randint(1000, 9_999_999)}" if rnd.random() < 0.35 else None

    for name in people[: counts["PERSON"]]:
        first, last = name.split(" ", 1)
        aliases = (last, f"{first[0]}. {last}") if rnd.random() < 0.6 else (last,)
        out.append(Entity(uid(rnd), name, "PERSON", aliases, qid()))
    orgs = [f"{p} {k}" for p in places[:200] for k in _ORG_KINDS]
    rnd.shuffle(orgs)
    for name in orgs[: counts["ORGANIZATION"]]:
        acronym = "".join(w[0] for w in name.split() if w[0].isupper())
        out.append(Entity(uid(rnd), name, "ORGANIZATION", (acronym,), qid()))
    for name in places[: counts["LOCATION"]]:
        aliases = (f"the {name} region",) if rnd.random() < 0.2 else ()
        out.append(Entity(uid(rnd), name, "LOCATION", aliases, qid()))
    for kind, patterns in (("EVENT", _EVENT_KINDS), ("OTHER", _OTHER_KINDS)):
        names = sorted({p.format(x) for p in patterns for x in places[:300]})
        rnd.shuffle(names)
        for name in names[: counts[kind]]:
            out.append(Entity(uid(rnd), name, kind, (), qid()))
    rnd.shuffle(out)
    assert len(out) == REGISTRY_SIZE and len({e.name for e in out}) == REGISTRY_SIZE
    return out


# -- one document -----------------------------------------------------------------------------


@dataclass
class Work:
    """One annotator's work on one document, as native JSONL objects."""

    annotator: Annotator
    status: str
    spans: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    at: str = ""  # when it was annotated (ISO time)
    entities: list[Entity] = field(default_factory=list)  # those its spans and links name


@dataclass
class Article:
    id: str
    text: str
    meta: dict[str, Any]
    works: list[Work]


class _Writer:
    """A document's text built piece by piece, with the spans placed on it."""

    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd
        self.parts: list[str] = []
        self.at = 0
        self.spans: list[dict[str, Any]] = []

    def add(self, piece: str) -> tuple[int, int]:
        self.parts.append(piece)
        start = self.at
        self.at += len(piece)
        return start, self.at

    def span(self, piece: str, layer: str, label: str, entity: str | None = None) -> str:
        start, end = self.add(piece)
        sid = uid(self.rnd)
        self.spans.append(
            {"id": sid, "start": start, "end": end, "text": piece, "layer": layer,
             "label": label, "entity": entity, "attrs": {}, "note": ""}
        )  # fmt: skip
        return sid

    def words(self, n: int) -> str:
        rnd = self.rnd
        out = []
        for _ in range(n):
            r = rnd.random()
            out.append(rnd.choice(ASTRAL) if r > 0.997 else rnd.choice(WORDS))
        return " ".join(out)


class Generator:
    """Documents ``0, 1, 2...`` of the corpus, each from its own seed."""

    def __init__(self, seed: int = SEED) -> None:
        self.seed = seed
        self.registry = registry(seed)
        weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(self.registry))]
        self.cum = list(accumulate(weights))
        self.people = [e for e in self.registry if e.type == "PERSON"]
        self.people_cum = list(accumulate(1.0 / (r + 1) for r in range(len(self.people))))

    def _pick(self, rnd: random.Random, people: bool = False) -> Entity:
        cum, pool = (self.people_cum, self.people) if people else (self.cum, self.registry)
        return pool[min(bisect(cum, rnd.random() * cum[-1]), len(pool) - 1)]

    def _mention(self, w: _Writer, e: Entity) -> tuple[str, str]:
        rnd = w.rnd
        shown = rnd.choice(e.aliases) if e.aliases and rnd.random() < 0.3 else e.name
        linked = rnd.random() >= 0.15
        return w.span(shown, "entity", e.type, e.id if linked else None), e.id if linked else ""

    def article(self, n: int) -> Article:
        rnd = random.Random(self.seed * 1_000_003 + n)
        w = _Writer(rnd)
        size = rnd.randint(3000, 8000)
        sentences = size // 110
        n_quotes, n_claims = rnd.randint(1, 4), rnd.randint(1, 3)
        n_mentions = max(rnd.randint(27, 39) - 3 * n_quotes - n_claims, 4)
        roles = ["quote"] * n_quotes + ["claim"] * n_claims
        roles += [""] * max(sentences - len(roles), 0)
        rnd.shuffle(roles)
        mentions = [0] * len(roles)
        for _ in range(n_mentions):
            mentions[rnd.randrange(len(roles))] += 1
        used: dict[str, Entity] = {}
        quotes: list[dict[str, Any]] = []
        claims: list[dict[str, Any]] = []
        lead = self._pick(rnd, people=True)
        for i, role in enumerate(roles):
            if i and rnd.random() < 0.25:
                w.add("\n\n")
            elif i:
                w.add(" ")
            if role == "quote":
                speaker = self._pick(rnd, people=True) if rnd.random() < 0.8 else lead
                w.add("“")
                segment = w.span(w.words(rnd.randint(8, 24)).capitalize(), "quote", "QUOTE")
                w.add(",” ")
                cue = w.span(rnd.choice(_CUES), "quote", "CUE")
                w.add(" ")
                _, linked = self._mention(w, speaker)
                if linked:
                    used[speaker.id] = speaker
                w.add(".")
                quotes.append(
                    {"id": uid(rnd), "segments": [segment], "cue": cue,
                     "speaker": linked or None, "speaker_text": "" if linked else speaker.name,
                     "type": rnd.choice(("direct", "direct", "direct", "partial")), "note": ""}
                )  # fmt: skip
                continue
            if role == "claim":
                piece = w.words(rnd.randint(10, 22)).capitalize()
                sid = w.span(piece, "claim", "CLAIM")
                w.add(".")
                who = self._pick(rnd)
                kind = rnd.choice(("author", "entity", "quote", ""))
                if kind == "entity":
                    used[who.id] = who
                claims.append(
                    {"span": sid,
                     "claimer": {"kind": kind, "entity": who.id if kind == "entity" else None},
                     "stance": rnd.choice(("asserts", "asserts", "denies")),
                     "check_worthiness": rnd.choice(("check_worthy", "not_check_worthy", "unsure")),
                     "verdict": rnd.choice(_VERDICTS),
                     "evidence": ""}
                )  # fmt: skip
                continue
            count = rnd.randint(6, 20)
            places = sorted(rnd.sample(range(count), min(mentions[i], count)))
            w.add(w.words(1).capitalize())
            for k in range(1, count):
                w.add(" ")
                if k in places:
                    e = lead if rnd.random() < 0.1 else self._pick(rnd)
                    _, linked = self._mention(w, e)
                    if linked:
                        used[e.id] = e
                else:
                    w.add(w.words(1))
            w.add(".")
        text = "".join(w.parts)
        outlet, domain = rnd.choice(_OUTLETS)
        day = _FIRST_DAY + dt.timedelta(days=rnd.randrange(_DAYS))
        title = f"{lead.name.split(' ')[-1]} {rnd.choice(_VERBS)} {rnd.choice(_TOPICS)}"
        if rnd.random() < 0.5:
            title += f" in {self._pick(rnd).name}"
        slug = title.lower().replace(" ", "-")
        author = rnd.choice(self.people).name
        meta = {
            "title": title,
            "date": day.isoformat(),
            "source": outlet,
            "sha256": hashlib.sha256(text.encode()).hexdigest(),
            "url": f"https://www.{domain}/{day.isoformat()}/{slug}-{n}",
            "author": author,
        }
        works = [self._ana(rnd, w.spans, quotes, claims, day)]
        if works[0].status != "not_started" and rnd.random() < 0.1:
            works.append(self._ben(rnd, works[0], day))
        for work in works:
            entities = {s["entity"] for s in work.spans} | {q["speaker"] for q in work.quotes}
            entities |= {c["claimer"]["entity"] for c in work.claims}
            work.entities = [used[e] for e in sorted(entities - {None})]
        return Article(uid(rnd), text, meta, works)

    def _when(self, rnd: random.Random, day: dt.date) -> str:
        moment = dt.datetime.combine(day, dt.time(8), dt.UTC)
        moment += dt.timedelta(days=rnd.randint(0, 60), seconds=rnd.randrange(10 * 3600))
        return moment.isoformat(timespec="milliseconds")

    def _ana(
        self, rnd: random.Random, spans: list, quotes: list, claims: list, day: dt.date
    ) -> Work:
        r = rnd.random()
        status = "done" if r < 0.6 else "in_progress" if r < 0.88 else "not_started"
        if status == "not_started":
            return Work(ANA, status, at=self._when(rnd, day))
        return Work(ANA, status, spans, quotes, claims, self._when(rnd, day))

    def _ben(self, rnd: random.Random, ana: Work, day: dt.date) -> Work:
        """Ben's reading of a document ana worked on: most spans agree, a few are relabelled,
        dropped or missing; quotes kept whole or dropped whole; fresh ids."""
        ids: dict[str, str] = {}
        in_quotes = {s for q in ana.quotes for s in [*q["segments"], q["cue"]]}
        spans = []
        for s in ana.spans:
            if s["id"] not in in_quotes and rnd.random() < 0.08:
                continue  # missed
            copy = {**s, "id": uid(rnd)}
            if s["layer"] == "entity" and rnd.random() < 0.07:
                labels = ("PERSON", "ORGANIZATION", "LOCATION", "EVENT", "OTHER")
                copy["label"] = rnd.choice(labels)
            ids[s["id"]] = copy["id"]
            spans.append(copy)
        quotes = []
        for q in ana.quotes:
            quote = {**q, "id": uid(rnd), "segments": [ids[s] for s in q["segments"]]}
            quote["cue"] = ids[q["cue"]]
            quotes.append(quote)
        claims = [{**c, "span": ids[c["span"]]} for c in ana.claims if c["span"] in ids]
        status = "done" if rnd.random() < 0.7 else "in_progress"
        return Work(BEN, status, spans, quotes, claims, self._when(rnd, day))


# -- writing ----------------------------------------------------------------------------------


def _line(article: Article, work: Work, entities: list[Entity]) -> str:
    obj = {
        "id": article.id,
        "text": article.text,
        "meta": article.meta,
        "annotator": work.annotator.name,
        "annotator_id": work.annotator.id,
        "status": work.status,
        "spans": work.spans,
        "quotes": work.quotes,
        "claims": work.claims,
        "entities": [e.json() for e in entities],
    }
    return json.dumps(obj, ensure_ascii=False) + "\n"


def _rows(gen: Generator, n: int, jsonl: Any, counts: dict[str, int]) -> Iterator[BulkBatch]:
    """Batches of rows of documents ``0..n-1`` (the registry in the first), writing each
    document's JSONL lines to ``jsonl`` as they go."""
    created = "2022-02-01T09:00:00.000+00:00"
    batch = BulkBatch(annotators=[(a.id, a.name, created) for a in (ANA, BEN)])
    batch.entities = [
        (e.id, ANA.id, e.name, e.type, json.dumps(list(e.aliases)), e.wikidata or "", created, "")
        for e in gen.registry
    ]
    for i in range(n):
        a = gen.article(i)
        meta = {k: v for k, v in a.meta.items() if k not in ("title", "date", "source", "sha256")}
        batch.documents.append(
            (a.id, a.meta["sha256"], a.text, a.meta["title"], a.meta["date"],
             a.meta["source"], created, metadata_json(meta))
        )  # fmt: skip
        for k, work in enumerate(a.works):
            entities = gen.registry if i == 0 and k == 0 else work.entities
            jsonl.write(_line(a, work, entities))
            who, at = work.annotator.id, work.at
            batch.spans += [
                (s["id"], a.id, who, s["layer"], s["label"], s["start"], s["end"], s["text"],
                 s["note"], at, "", s["entity"])
                for s in work.spans
            ]  # fmt: skip
            for q in work.quotes:
                batch.quotes.append(
                    (q["id"], a.id, who, q["cue"], q["speaker"], q["speaker_text"], q["type"],
                     q["note"], at, "")
                )  # fmt: skip
                batch.segments += [(q["id"], s, p) for p, s in enumerate(q["segments"])]
            batch.claims += [
                (c["span"], c["claimer"]["kind"], c["claimer"]["entity"], c["stance"],
                 c["check_worthiness"], c["verdict"], c["evidence"], at)
                for c in work.claims
            ]  # fmt: skip
            if work.status != "not_started":
                batch.statuses.append((a.id, who, work.status, at))
            counts["lines"] += 1
            counts["spans"] += len(work.spans)
        if len(batch.spans) >= _BATCH_SPANS:
            yield batch
            batch = BulkBatch()
    yield batch


def _folder(n: int) -> Path:
    return OUT / str(n)


def schema_key() -> str:
    """``s<version>-<hash>``: the schema version of the code and a hash of the schema an empty
    project gets (so a migration edited without a new number still builds a new project)."""
    with tempfile.TemporaryDirectory(prefix="scale-schema-") as tmp:
        session = Session.open(Path(tmp) / PROJECT_FILE, ANA, scheme=load_default_scheme())
        session.close()
        return f"s{SCHEMA_VERSION}-{_schema_of(Path(tmp) / PROJECT_FILE)}"


def _schema_of(path: Path) -> str:
    """A short hash of the schema of the project file at ``path``."""
    conn = sqlite3.connect(path)
    try:
        sql = [r[0] or "" for r in conn.execute("SELECT sql FROM sqlite_master ORDER BY name")]
    finally:
        conn.close()
    return hashlib.sha256("\n".join(sql).encode()).hexdigest()[:8]


def _built(n: int) -> Path:
    return _folder(n) / f"{schema_key()}-g{GENERATOR}"


def jsonl(n: int) -> Path:
    """The native JSONL file of the ``n``-document corpus (built with the project if absent)."""
    path = _folder(n) / JSONL_FILE
    stamp = _folder(n) / "jsonl.json"
    if not (path.exists() and stamp.exists() and json.loads(stamp.read_text())["gen"] == GENERATOR):
        project(n, rebuild=True)
    return path


def project(n: int, *, rebuild: bool = False) -> Path:
    """The project file of ``n`` generated documents, built the first time (and whenever the
    schema or the generator changes); reuse it read-only or copy it (``copy_of``)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    folder = _folder(n)
    folder.mkdir(parents=True, exist_ok=True)
    target = _built(n) / PROJECT_FILE
    with (folder / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a second caller waits for the first build
        if target.exists() and not rebuild:
            return target
        _build(n, target)
    return target


def _older(folder: Path) -> Path | None:
    """The newest project of this generator built by an older schema version whose every
    migration this code has (another branch's newer migration, numbered below ours, is not
    one of ours: its file cannot be upgraded by ours), if any."""
    found: list[tuple[int, Path]] = []
    for old in folder.glob(f"s*-g{GENERATOR}"):
        version = old.name.split("-", 1)[0][1:]
        ours = {m.name for m in migrations._migrations}
        if (
            version.isdigit()
            and int(version) < SCHEMA_VERSION
            and (old / PROJECT_FILE).exists()
            and _applied(old / PROJECT_FILE) <= ours
        ):
            found.append((int(version), old))
    return max(found)[1] if found else None


def _applied(path: Path) -> set[str]:
    """The names of the migrations applied to the project at ``path`` (read-only)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {str(r[0]) for r in conn.execute("SELECT name FROM _sqlite_migrations")}
    finally:
        conn.close()


def _upgrade(n: int, target: Path) -> bool:
    """Build ``target`` from an older schema's project of the same generator by opening a copy
    (the migrations run, as for a user's file): minutes saved at 100k. False, and nothing
    kept, when there is none or the upgraded schema differs from a new project's."""
    folder = target.parent.parent
    old = _older(folder)
    if old is None:
        return False
    staging = folder / "upgrading"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    shutil.copyfile(old / PROJECT_FILE, staging / PROJECT_FILE)
    start = time.perf_counter()
    session = Session.open(staging / PROJECT_FILE, ANA)
    opened = time.perf_counter() - start
    try:
        start = time.perf_counter()
        build_index(session)  # what a migration left to build while the project is open
        built = time.perf_counter() - start
    finally:
        session.close()
    print(
        f"{n:,} documents: {old.name} upgraded to schema {SCHEMA_VERSION} in {opened:.1f} s "
        f"(the migrations, after a backup copy if one changes rows, as a user's open); the "
        f"search index then built in {built:.1f} s",
        flush=True,
    )
    if _schema_of(staging / PROJECT_FILE) != schema_key().split("-", 1)[1]:
        print(f"upgrading {old.name} gave another schema: building {n:,} anew", flush=True)
        shutil.rmtree(staging)
        return False
    staging.replace(target.parent)
    return True


def _build(n: int, target: Path) -> None:
    folder = target.parent.parent
    if _upgrade(n, target):
        return
    for old in folder.glob("s*-g*"):
        if not old.name.endswith(f"-g{GENERATOR}"):
            shutil.rmtree(old)  # another generator's data: never reused
    staging = folder / "building"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    counts = {"lines": 0, "spans": 0}
    gen = Generator()
    session = Session.open(staging / PROJECT_FILE, ANA, scheme=load_default_scheme())
    try:
        with (staging / JSONL_FILE).open("w", encoding="utf-8") as out:
            session.rows.write(_rows(gen, n, out, counts))
    finally:
        session.close()
    (staging / JSONL_FILE).replace(folder / JSONL_FILE)
    (folder / "jsonl.json").write_text(json.dumps({"gen": GENERATOR, **counts}))
    staging.replace(target.parent)


def copy_of(n: int, dest: Path) -> Path:
    """A private copy of the ``n``-document project at ``dest`` (a file path), to edit."""
    shutil.copyfile(project(n), dest)
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", type=int, nargs="+", help="numbers of documents")
    parser.add_argument("--rebuild", action="store_true", help="build again even if cached")
    args = parser.parse_args()
    for n in args.sizes:
        start = time.perf_counter()
        path = project(n, rebuild=args.rebuild)
        took = time.perf_counter() - start
        size = path.stat().st_size / 1e6
        print(f"{n:>7,} documents: {path} ({size:,.0f} MB), {took:.1f} s", flush=True)


if __name__ == "__main__":
    main()
