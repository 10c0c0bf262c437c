"""Scoring the quote finder against PolNeAR's hand-made attributions (Source, Cue, Content).

Used by ``bench_suggest.py``; the corpus is read elsewhere (through our brat import) and handed
here as ``GoldDoc`` records: the text and each attribution's fragments, code point offsets.

Definitions (printed beside the figures):

- A **direct gold quote** is one attribution whose Content holds text in quotation marks
  (“…”, "…" or ''…'', a mark opened in the Content and not closed there running to the Content's
  end, as a quote over several paragraphs does); its segments are those stretches, trimmed of
  the marks, spaces and punctuation around them. A Content in quotation marks and a partial
  quote inside an indirect Content ("said the plan was “a disaster”") both give one.
- An **indirect gold quote** is one attribution whose Content lies mostly (at least half of its
  characters) outside quotation marks and whose Cue is a speech verb (``SPEECH``: said, told,
  according to, wrote, added, asked, …; beliefs, polls and plans such as "think", "wants",
  "shows" are not speech). Precision counts an indirect proposal right when it matches any
  attributed Content outside quotation marks (speech cue or not); recall is over the speech ones.
- **Matching**, per article and kind (direct: the finder's quotes of type direct, partial or
  mixed; indirect: of type indirect; transcript: a turn, "TAPPER: …" or "Q: …", judged for
  precision only, right when it lies in any attributed Content, in quotation marks or not):
  a proposal is right when at least half of its characters lie in gold quotes of its kind
  (for precision, indirect: any Content outside quotation marks), and is judged against the
  gold quote sharing most characters with it; a gold quote is found when proposals cover at
  least half of its characters. So a quote the finder joins across its
  attribution ("“A,” he said, “B.”") or splits where the gold joins is neither lost nor
  counted twice. "exact": every segment of the right proposal is a segment of its gold quote.
- **Speaker right** (on right proposals whose gold quote has a Source): the proposed speaker
  is named where the Source is (its mention overlaps the Source span), or the proposed
  speaker's head word (last word of its name) is a word of the Source. A pronoun Source
  ("he", "she", "they", "who") has no antecedent in PolNeAR (no coreference), so a proxy
  stands for it: for a relative pronoun, the capitalised name standing just before it
  ("Trump, who said"); for another, an earlier Source of the article that is a name; the
  proposed speaker is right when its head word is a word of that one. Naming the pronoun
  itself is not right (a person wants to know who "he" is). A description ("the candidate",
  "the official") is right by its own words or by the proxy. Three proxies, all printed:
  - **strict** (the first rule, kept for comparison): the nearest earlier Source that is a
    name, whatever it is ("she" can be "Mr. Trump", "he" can be "the FBI");
  - **fair**: for a relative pronoun, the noun phrase before it (its last six words, past
    a comma or a dash: "Sen. Marco Rubio of Florida, who", "Donald Trump - who"); for
    another, the nearest earlier Source that is a name *and that the pronoun can stand
    for*: "he"/"she" only a person (a named Source, not an organisation, not a plural such
    as "Clinton officials") whose gender the text does not contradict (a title Mr or
    Mrs/Ms/Miss before that name anywhere in the article); "they"/"we" not a person with
    such a title; "it" only an organisation. The gold says nothing more of the referent,
    so a pronoun whose referent was never a named Source ("Bob agreed to talk. …, he said")
    still counts against the finder under both;
  - **fair or mention** (added in session 19, because the fair proxy counts right answers
    wrong): right by the fair proxy, or, for a personal pronoun, by the Source of the
    article (a name the fair rules let the pronoun stand for, wherever the article has it
    speak) whose last word the text writes nearest before the pronoun, outside every
    attributed Content, at most 1500 characters back ("Trump went on the offensive. “…,” he
    said": the nearest Source was "Fact-checkers", Trump speaks elsewhere in the article).
    Neither proxy is the truth. Checked by hand on the training split (session 19, 20
    drawn at random each): of the answers only this proxy counts right, 14 of 20 were right
    (6 wrong: it follows the text as the finder does, so it may share the finder's
    mistakes); of the pronoun answers all three count wrong, 6 of 20 were right. The truth
    lies between "fair" and "fair or mention", nearer the second.
  - **fair or mention, or the inner speaker** (added in session 23; the three figures above
    are unchanged and still printed): right by the "fair or mention" proxy, or the proposal
    names the inner speaker of a nested attribution that PolNeAR gives only as the outer
    one: "“I ask you …,” Sanders said, according to CNN" has Source "CNN", Cue "according
    to", and a Content that holds "“I ask you …,” Sanders said". Counted when the gold Cue
    is a reporting one (according to, reported, reports, quoted), the proposal's cue is a
    speech verb and both it and its speaker, named right next to it ("Sanders said", "said
    Sanders"), lie inside the gold Content, outside the quotation marks and the Source. Why:
    PolNeAR's annotators put the inner attribution inside the Content (the corpus README:
    the Source said or thought what the Content holds), so by the corpus's own spans the
    quoted words are the inner speaker's, reported by the outer Source; the finder names who
    spoke the words, which is what a quote's speaker is in this program, and reporting
    another outlet's account ("according to an AP account", "CNN reported") is general news
    usage, not a speech of the outlet. Checked by hand on the training split (session 23):
    of the 22 answers only this rule counts right, 20 were right (one "Craig Patrick asked"
    was not; one, "Americans say … according to a poll", is arguable).
- **Source kinds**: pronoun (a personal or relative pronoun), organisation (a capitalised Source
  with an organisation or outlet word, or an acronym: "The New York Post", "CNN", "the Clinton
  campaign"), named (another capitalised Source: a person), other (descriptions: "officials",
  "a spokesman", "polls"). Judged on the Source's first clause, before a comma (since session
  19: "Steve Huhn, a former HP vice president of global sales," is named; it was counted an
  organisation by the words of its apposition, 366 direct quotes so moved; the "all" figures
  are unchanged but for a handful of Sources that start with a pronoun).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.links import Quote, QuoteType
from annotator.core.model import Layer, Span
from annotator.core.proposals import Proposal
from annotator.core.suggest.marks import trim_content

Frags = tuple[tuple[int, int], ...]


def _spaced(words: str) -> frozenset[str]:
    return frozenset(words.split())


SPEECH = _spaced(
    """say says said saying tell tells told telling according wrote write writes writing add adds
    added adding ask asks asked asking note notes noted noting report reports reported
    reporting announce announces announced announcing explain explains explained argue argues
    argued arguing claim claims claimed claiming insist insists insisted warn warns warned
    suggest suggests suggested declare declares declared state states stated tweet tweets
    tweeted tweeting post posted reply replied respond responded answer answered deny denies
    denied acknowledge acknowledged admit admits admitted confirm confirmed promise promised
    vow vowed urge urged accuse accused accusing call calls called calling predict predicted
    contend contends contended maintain maintained recall recalled testify testified stress
    stressed complain complained describe described describing repeat repeated quoted quoting
    continued conceded concede joked remarked comment commented explaining mention mentioned
    mentioning pointed"""
)
REPORTING = _spaced("according reported reports reporting quoted quoting")  # outer cues
PRONOUNS = _spaced(
    """he she they i we you it his her him them their who which that this these those one"""
)
RELATIVE = _spaced("who which that")
ORG_WORDS = _spaced(
    """campaign committee party department agency administration court office commission council
    institute university college company corporation inc group foundation center centre
    association union network news times post journal tribune herald globe press magazine
    daily wire reuters cnn msnbc nbc abc cbs fox npr pbs bbc breitbart politico politifact
    gallup poll polls survey study report house senate congress white government bureau board
    fund pac superpac super church school club organization organisation coalition caucus
    democrats republicans gop fbi cia staff team"""
)
_WORD = re.compile(r"[^\W_][\w’'.-]*")
_OPEN = {"“": "”", '"': '"', "''": "''"}
_MARK = re.compile("''|[\"“”]")


@dataclass(frozen=True)
class Attribution:
    source: Frags
    cue: Frags
    content: Frags


@dataclass
class GoldDoc:
    name: str
    text: str
    attributions: list[Attribution]


def _words(text: str) -> list[str]:
    return [
        w.lower().rstrip(".").removesuffix("’s").removesuffix("'s") for w in _WORD.findall(text)
    ]


def quoted_stretches(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stretches of ``text[start:end]`` in quotation marks (see the module docstring)."""
    found: list[tuple[int, int]] = []
    opened: int | None = None
    closer = ""
    for match in _MARK.finditer(text, start, end):
        i, ch = match.start(), match.group()
        if opened is None:
            if ch in _OPEN and (ch == "“" or i == start or not text[i - 1].isalnum()):
                opened, closer = match.end(), _OPEN[ch]
            elif ch == "”" and not found and text.find("“", start, i) < 0:
                found.append((start, i))  # the Content starts inside the quote
        elif ch == closer or (closer == "”" and ch == '"'):
            found.append((opened, i))
            opened = None
    if opened is not None:
        found.append((opened, end))
    out = []
    for s, e in found:
        s, e = trim_content(text, s, e)
        if _WORD.search(text, s, e):
            out.append((s, e))
    return out


@dataclass
class Gold:
    doc: GoldDoc
    attribution: Attribution
    segments: Frags
    speech: bool = True

    @property
    def size(self) -> int:
        return sum(e - s for s, e in self.segments)


def source_kind(text: str) -> str:
    """pronoun, organisation, named or other (see the module docstring), by the Source's first
    clause: "Steve Huhn, a former HP vice president," is named, not an organisation."""
    if not text.strip():
        return "none"
    text = text.split(",")[0] if text.split(",")[0].strip() else text
    words = _words(text)
    if words and all(w in PRONOUNS for w in words):
        return "pronoun"
    tokens = _WORD.findall(text)
    caps = [t for t in tokens if t[0].isupper()]
    if any(w in ORG_WORDS for w in words) or any(len(t) > 1 and t.isupper() for t in tokens):
        return "organisation" if caps or any(w in ORG_WORDS for w in words[:1]) else "other"
    return "named" if caps and tokens[0][0].isupper() and words[0] not in ("the", "a") else "other"


def gold_quotes(doc: GoldDoc) -> tuple[list[Gold], list[Gold], list[Gold]]:
    """(direct, indirect with a speech cue, every Content mostly outside quotation marks)."""
    text = doc.text
    direct, indirect, unquoted = [], [], []
    for a in doc.attributions:
        stretches = [q for s, e in a.content for q in quoted_stretches(text, s, e)]
        if stretches:
            direct.append(Gold(doc, a, tuple(stretches)))
        trimmed = tuple(trim_content(text, s, e) for s, e in a.content)
        size = sum(e - s for s, e in trimmed)
        if size and sum(e - s for s, e in stretches) * 2 < size:
            cue = _words(" ".join(text[s:e] for s, e in a.cue))
            speech = any(w in SPEECH for w in cue)
            g = Gold(doc, a, trimmed, speech)
            unquoted.append(g)
            if speech:
                indirect.append(g)
    return direct, indirect, unquoted


def _overlap(a: Iterable[tuple[int, int]], b: Iterable[tuple[int, int]]) -> int:
    b = list(b)
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _size(segments: Iterable[tuple[int, int]]) -> int:
    return sum(e - s for s, e in segments)


def covering(gold: Sequence[Gold], p: Proposal) -> Gold | None:
    """The gold quote sharing the most characters with ``p``, when at least half of ``p``'s
    characters lie in gold quotes of the list."""
    best: tuple[int, Gold] | None = None
    inside: list[tuple[int, int]] = []
    for g in gold:
        if p.end <= g.segments[0][0] or p.start >= g.segments[-1][1]:
            continue
        shared = _overlap(g.segments, p.segments)
        if shared:
            inside += [
                (max(s1, s2), min(e1, e2))
                for s1, e1 in g.segments
                for s2, e2 in p.segments
                if min(e1, e2) > max(s1, s2)
            ]
            if best is None or shared > best[0]:
                best = (shared, g)
    covered = _size(_merged(inside))
    return best[1] if best is not None and covered * 2 >= _size(p.segments) else None


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def found(g: Gold, proposals: Sequence[Proposal]) -> bool:
    """Whether proposals cover at least half of the gold quote's characters."""
    inside = [
        (max(s1, s2), min(e1, e2))
        for p in proposals
        if not (p.end <= g.segments[0][0] or p.start >= g.segments[-1][1])
        for s1, e1 in g.segments
        for s2, e2 in p.segments
        if min(e1, e2) > max(s1, s2)
    ]
    return _size(_merged(inside)) * 2 >= g.size


_MALE = _spaced("he him his himself")
_FEMALE = _spaced("she her hers herself")
_PLURAL = _spaced("they them their we us our")
_TITLED = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+(?:[A-Z][\w’'.-]*\s+)*([A-Z][\w’'-]*)")


def _titled_genders(text: str) -> dict[str, str]:
    """Surname -> "m" or "f" where the article writes Mr, or Mrs/Ms/Miss, before it (a name
    given both is left out)."""
    seen: dict[str, set[str]] = {}
    for match in _TITLED.finditer(text):
        surname = match.group(2).removesuffix("’s").removesuffix("'s").lower()
        seen.setdefault(surname, set()).add("m" if match.group(1) == "Mr" else "f")
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def _one_person(src: str, text: str) -> bool:
    """Whether a named Source is one person: its first clause ("Hampton University student
    Deja Stewart", "Ben Zipperer, a labor economist at …") ends with a capitalised word that
    is not an organisation's or an acronym, or with a lowercase word that is no plural
    ("Clinton officials" and "Supporters", a word the article also writes in lowercase, are
    several)."""
    tokens = _WORD.findall(src.split(",")[0])
    if not tokens:
        return False
    last = tokens[-1].removesuffix("’s").removesuffix("'s")
    low = last.lower().rstrip(".")
    if low in ORG_WORDS or (len(last) > 1 and last.isupper() and "." not in last):
        return False
    common = len(tokens) == 1 and re.search(rf"\b{re.escape(low)}\b", text) is not None
    if last[0].isupper() and not common:
        return True
    return not (low.endswith("s") and not low.endswith("ss"))


def _said_gender(src: str, genders: dict[str, str]) -> str | None:
    """A named Source's gender as the article tells it: a title in the Source ("Mr. Trump"),
    else one the article gives its surname when the Source is the surname alone (a first
    name may tell another person of the family: "Bill Clinton" beside "Mrs. Clinton")."""
    title = _TITLED.search(src)
    if title is not None:
        return "m" if title.group(1) == "Mr" else "f"
    caps = [t for t in _WORD.findall(src.split(",")[0]) if t[0].isupper()]
    if len(caps) != 1:
        return None
    return genders.get(caps[0].removesuffix("’s").removesuffix("'s").lower())


def _can_stand_for(pronoun: str, src: str, text: str, genders: dict[str, str]) -> bool:
    """Whether a personal pronoun can refer to the named Source ``src`` (the fair proxy)."""
    words = _words(src)
    if not words or words[0] in PRONOUNS:
        return False
    if pronoun in _MALE or pronoun in _FEMALE:
        said = _said_gender(src, genders)
        return _one_person(src, text) and said in (None, "m" if pronoun in _MALE else "f")
    if pronoun in _PLURAL:
        return not (_one_person(src, text) and _said_gender(src, genders) is not None)
    if pronoun == "it":
        return not _one_person(src, text)
    return True


def _antecedent(doc: GoldDoc, source: Frags, fair: bool = False) -> str:
    """The proxy antecedent's text of a pronoun Source, strict or fair (see the module
    docstring)."""
    text = doc.text
    start = source[0][0]
    pronoun = _words(text[source[0][0] : source[0][1]])[0]
    if pronoun in RELATIVE:
        before = text[max(0, start - 60) : start].rstrip(" ,")
        if fair:  # the noun phrase before it: its last six words ("Sen. Marco Rubio of
            # Florida, who", "Donald Trump - who"; "the Associated Press report, which")
            return " ".join(re.split(r"[.;:!?\n]", before.rstrip(" ,-–—"))[-1].split()[-6:])
        names = re.findall(r"((?:[A-Z][\w’'.-]*\s+)*[A-Z][\w’'.-]*)$", before)
        return names[0] if names else ""
    genders = _titled_genders(text) if fair else {}
    best: tuple[int, str] | None = None
    for a in doc.attributions:
        if not a.source or a.source[0][1] > start:
            continue
        src = " ".join(text[s:e] for s, e in a.source)
        if source_kind(src) not in ("named", "organisation"):
            continue
        if fair and not _can_stand_for(pronoun, src, text, genders):
            continue
        if best is None or a.source[0][0] > best[0]:
            best = (a.source[0][0], src)
    return best[1] if best else ""


def _mentioned(doc: GoldDoc, source: Frags) -> str:
    """The mention proxy's antecedent of a personal pronoun Source: of the article's named
    Sources (anywhere in it) that the pronoun can stand for (the fair rules), the one whose
    last word the text writes nearest before the pronoun, outside every attributed Content
    and at most ``MENTION_REACH`` characters back ("Trump went on the offensive. “…,” he
    said": Trump, though the nearest Source is another)."""
    text = doc.text
    start = source[0][0]
    pronoun = _words(text[source[0][0] : source[0][1]])[0]
    if pronoun in RELATIVE:
        return ""
    genders = _titled_genders(text)
    heads: dict[str, str] = {}
    for a in doc.attributions:
        if not a.source:
            continue
        src = " ".join(text[s:e] for s, e in a.source)
        if source_kind(src) not in ("named", "organisation"):
            continue
        if not _can_stand_for(pronoun, src, text, genders):
            continue
        caps = [t for t in _WORD.findall(src.split(",")[0]) if t[0].isupper()]
        if caps:
            heads.setdefault(caps[-1].removesuffix("’s").removesuffix("'s"), src)
    if not heads:
        return ""
    contents = [seg for a in doc.attributions for seg in a.content]
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, heads)) + r")\b")
    best = ""
    for match in pattern.finditer(text, max(0, start - MENTION_REACH), start):
        if not any(s <= match.start() < e for s, e in contents):
            best = heads[match.group(1)]
    return best


MENTION_REACH = 1500


def speaker_right(
    g: Gold,
    p: Proposal,
    name_of: Callable[[Proposal], str],
    fair: bool = False,
    mention: bool = False,
) -> bool:
    """Whether ``p`` names the gold quote's Source, by the strict or the fair proxy, or (with
    ``mention``) by the fair proxy or the mention proxy."""
    text = g.doc.text
    source = g.attribution.source
    src = " ".join(text[s:e] for s, e in source)
    kind = source_kind(src)
    name = name_of(p)
    if kind not in ("pronoun", "other") and p.speaker_mention is not None:
        ms, me = p.speaker_mention
        if any(ms < e and s < me for s, e in source):
            return True
    head = _words(name)[-1:] if name else []
    if not head or head[0] in PRONOUNS:
        return False
    if head[0] in _words(src):
        return True
    # an anaphoric Source ("he", "the candidate"): the proxy antecedent
    if kind not in ("pronoun", "other"):
        return False
    if head[0] in _words(_antecedent(g.doc, source, fair or mention)):
        return True
    return mention and kind == "pronoun" and head[0] in _words(_mentioned(g.doc, source))


def inner_speaker(g: Gold, p: Proposal) -> bool:
    """Whether ``p`` names the inner speaker of a nested attribution that PolNeAR gives as one
    (the outer): its cue and the mention of its speaker lie inside the gold Content, outside
    the quotation marks, and the cue is a speech verb ("“I ask you …,” Sanders said,
    according to CNN": Source CNN, Content "“I ask you …,” Sanders said")."""
    if p.cue is None or p.speaker_mention is None:
        return False
    text = g.doc.text
    outer = _words(" ".join(text[s:e] for s, e in g.attribution.cue))
    if not any(w in REPORTING for w in outer):
        return False
    (cs, ce), (ms, me) = p.cue, p.speaker_mention
    before = me <= cs and not text[me:cs].strip()
    after = ce <= ms and not text[ce:ms].strip(" ,")
    if not (before or after):
        return False  # the speaker stands right before or after its verb: "Walker said"
    content = g.attribution.content
    spans = (p.cue, p.speaker_mention)
    if not all(any(s <= a and b <= e for s, e in content) for a, b in spans):
        return False
    if any(a < e and s < b for a, b in spans for s, e in g.segments):
        return False
    if any(a < e and s < b for a, b in spans for s, e in g.attribution.source):
        return False
    return any(w in SPEECH for w in _words(text[cs:ce]))


@dataclass
class Tally:
    proposed: int = 0
    right: int = 0  # matched proposals
    gold: int = 0
    found: int = 0  # matched gold
    exact: int = 0
    speaker: dict[str, list[int]] = field(default_factory=dict)  # kind -> [right, judged]
    fair: dict[str, list[int]] = field(default_factory=dict)  # the same by the fair proxy
    mention: dict[str, list[int]] = field(default_factory=dict)  # by fair or mention proxy
    nested: dict[str, list[int]] = field(default_factory=dict)  # that or the inner speaker

    def add_speaker(
        self, kind: str, right: bool, fair: bool, mention: bool, nested: bool = False
    ) -> None:
        for k in (kind, "all"):
            tables = (
                (self.speaker, right),
                (self.fair, fair),
                (self.mention, mention),
                (self.nested, mention or nested),
            )
            for table, value in tables:
                cell = table.setdefault(k, [0, 0])
                cell[0] += value
                cell[1] += 1


_TURN = re.compile(r"(?:^|\n)[ \t]*[A-Z][A-Z.'’ -]*:[ \t]*$")


def _is_turn(text: str, p: Proposal) -> bool:
    """A transcript's turn ("TAPPER: …", "Q: …"): a label in capitals and a colon before it."""
    return p.cue is None and _TURN.search(text, max(0, p.start - 40), p.start) is not None


def _is_indirect(p: Proposal) -> bool:
    return p.quote_type is QuoteType.INDIRECT


def score(
    docs: Iterable[tuple[GoldDoc, list[Proposal]]], name_of: Callable[[Proposal], str]
) -> dict[str, Tally]:
    tallies = {"direct": Tally(), "indirect": Tally(), "transcript": Tally()}
    for doc, proposals in docs:
        direct, indirect, unquoted = gold_quotes(doc)
        quotes = [p for p in proposals if p.is_quote]
        turns = [p for p in quotes if _is_turn(doc.text, p)]
        marked = [p for p in quotes if not _is_indirect(p) and p not in turns]
        for kind, gold, judge, props in (
            ("direct", direct, direct, marked),
            ("indirect", indirect, unquoted, [p for p in quotes if _is_indirect(p)]),
            ("transcript", [], direct + unquoted, turns),
        ):
            t = tallies[kind]
            t.proposed += len(props)
            t.gold += len(gold)
            t.found += sum(found(g, props) for g in gold)
            for p in props:
                g = covering(judge, p)
                if g is None:
                    continue
                t.right += 1
                t.exact += all(seg in g.segments for seg in p.segments)
                if g.attribution.source:
                    src = " ".join(doc.text[s:e] for s, e in g.attribution.source)
                    t.add_speaker(
                        source_kind(src),
                        speaker_right(g, p, name_of),
                        speaker_right(g, p, name_of, fair=True),
                        speaker_right(g, p, name_of, fair=True, mention=True),
                        inner_speaker(g, p),
                    )
    return tallies


def _ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.2f}" if whole else "0/0"


def report(tallies: dict[str, Tally]) -> list[str]:
    lines = []
    for kind, t in tallies.items():
        if kind == "transcript":
            lines.append(
                f"  {kind} turns: {t.proposed} proposed; precision {_ratio(t.right, t.proposed)}"
            )
        else:
            lines.append(
                f"  {kind}: {t.proposed} proposed, {t.gold} in the gold; "
                f"precision {_ratio(t.right, t.proposed)}, "
                f"recall {_ratio(t.found, t.gold)}"
                + (f", exact segments {_ratio(t.exact, t.right)}" if kind == "direct" else "")
            )
        for rule, table in (
            ("strict", t.speaker),
            ("fair", t.fair),
            ("fair or mention", t.mention),
            ("fair or mention, or the inner speaker", t.nested),
        ):
            cells = [
                f"{k} {_ratio(*table[k])}"
                for k in ("all", "named", "pronoun", "organisation", "other")
                if k in table
            ]
            lines.append(f"    speaker right on matched ({rule} proxy): {'; '.join(cells)}")
        named = [t.speaker.get(k, [0, 0]) for k in ("named", "organisation")]
        if kind != "transcript" and any(n[1] for n in named):
            right, judged = sum(n[0] for n in named), sum(n[1] for n in named)
            lines.append(
                f"    speaker right where the Source is a name (no proxy): {_ratio(right, judged)}"
            )
    return lines


# ---- reading the corpus through our brat import ---------------------------------------------


def read_corpus(corpus: Path, workdir: Path) -> tuple[list[GoldDoc], str]:
    """PolNeAR as our brat import reads it (``annotator import PROJECT FOLDER --format brat``,
    into a new project under ``workdir``), each article with one annotator's attributions (the
    first by name of those who annotated it), read back through the session. A quote's Source
    is the mention of its speaker entity, or the SOURCE span of its speaker text, nearest its
    cue (the import links no span to the quote itself). Returns the documents and a line saying
    what the import reported."""
    from annotator.app.projects import open_session
    from annotator.app.transfer import BratSettings, import_brat

    session = open_session(workdir)
    try:
        settings = BratSettings(metadata=corpus / "metadata.tsv")
        report = import_brat(session, [corpus], settings)
        said = (
            f"imported {report.documents_added} documents, {report.quotes} quotes "
            f"({len(settings.not_mapped)} kinds of lines not mapped, e.g. Discuss, Discard)"
        )
        annotators = sorted(session.annotators(), key=lambda a: a.name)
        docs = []
        for meta in session.documents():
            text = session.document(meta.id).text
            for annotator in annotators:
                quotes = session.links.quotes(meta.id, annotator.id)
                if quotes:
                    spans = {s.id: s for s in session.spans(meta.id, annotator.id)}
                    docs.append(GoldDoc(meta.source, text, [_gold(q, spans) for q in quotes]))
                    break
        return docs, said
    finally:
        session.close()


def _gold(quote: Quote, spans: dict[str, Span]) -> Attribution:
    content = tuple(sorted((spans[i].start, spans[i].end) for i in quote.segment_ids))
    cue_span = spans.get(quote.cue_span_id or "")
    cue = ((cue_span.start, cue_span.end),) if cue_span is not None else ()
    at = cue[0][0] if cue else content[0][0]
    said = " ".join(quote.speaker_text.split())
    candidates = [
        s
        for s in spans.values()
        if s.layer is Layer.ENTITY
        and (
            (quote.speaker_entity_id is not None and s.entity_id == quote.speaker_entity_id)
            or (said and " ".join(s.text.split()) == said)
        )
    ]
    source: Frags = ()
    if candidates:
        near = min(candidates, key=lambda s: abs(s.start - at))
        source = ((near.start, near.end),)
    return Attribution(source, cue, content)
