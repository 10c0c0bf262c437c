"""The quote finder: quotes with their cue and speaker, proposed for one document.

    find_quotes(document_id, text, mentions=(), entities=(), *, label="QUOTE",
                speaker_labels=("PERSON", "ORGANIZATION"), person_labels=("PERSON",),
                indirect=True)
        -> list[Proposal]

``mentions`` are the document's existing spans (``core.model.Span`` or anything with
``start end label layer entity_id``; only entity-layer ones are read), ``entities`` the registry
(``core.links.Entity`` objects, or a ``KnownNames`` built once for the project). Each proposal
has ``layer`` QUOTE, ``origin`` "rule", ``segments`` (the quoted words without the quotation
marks and without the punctuation around them, one per paragraph or per interrupted piece),
``cue`` (the speech verb phrase), the speaker (``speaker_entity_id`` when it is a registry
entity, else ``speaker_text``; ``speaker_mention`` where it is named) and ``quote_type``
(direct; partial when embedded in the author's sentence; indirect for reported speech).

What it finds:
- text inside “ ” " " « » „ “ 「 」 ‹ › '' '' … (see ``marks``), nested quotes kept inside;
- a quote over several paragraphs (opening mark at each paragraph start, closing mark only at
  the end of the last): one proposal, one segment per paragraph;
- a quote interrupted by its attribution ("“We will not,” he said, “accept it.”"): one
  proposal, two segments;
- interview transcripts ("TAPPER: …", "Q: …"/"A: …"; ``transcripts``);
- with ``indirect``, reported speech without marks ("X said that …", "according to X, …";
  ``indirect``), unless mostly inside a quote already proposed;
- not quotes of one or two words (scare quotes) unless a speech verb is in the same sentence,
  nor titles of works and shows (ABC’s “This Week”).

The cue is the last speech verb of the sentence before the quote ("Lavrov said: “…”", "He told
Russian media that … “…”"), else one within eight words after it ("“…,” Starmer said"; thirty
after a name and its apposition), else one ending the sentence before. The speaker is the name
nearest the verb on its side ("Starmer said", "said Olena Kovalenko"), an organisation or
outlet ("CNN reported"), a description without a title ("the official said") or an
indefinite one ("a senior official said") as free text; "…, saying" and a verb right after
an apposition are the sentence subject's. A pronoun, a description with a title ("the
senator") and who spoke last are resolved in ``referents`` (sentences and clauses:
``sentences``). A quote with no attribution is the name signing it in the next paragraph
after a dash ("- Hillary Clinton."), else the subject of its own sentence ("Pike fired back:
“…”"), else the person starting the sentence before it, else whoever spoke last, else the
subject starting the paragraph before's last sentence. Of nested attributions ("Vale said
Reed told the board …"), the outer one.

Not handled: ASCII ' alone as a quotation mark, attributions in another paragraph than the
quote (except a paragraph ending with ":"), and coreference beyond these rules.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from annotator.core.links import Entity, QuoteType
from annotator.core.model import Layer
from annotator.core.proposals import Proposal
from annotator.core.snapping import is_word_char
from annotator.core.suggest.cues import Cue, cues
from annotator.core.suggest.indirect import Indirect, find_indirect
from annotator.core.suggest.marks import Part, paragraphs, quotations, trim_content
from annotator.core.suggest.names import (
    TITLES,
    Intervals,
    KnownNames,
    NameHit,
    SpanLike,
    words,
)
from annotator.core.suggest.referents import ADVERB_GAP, SAID, SUBJECT_PRONOUNS, Referents
from annotator.core.suggest.sentences import NEXT_WORD
from annotator.core.suggest.sentences import WORD as _WORD
from annotator.core.suggest.speakers import PRONOUN_GENDER, Speaker, Speakers
from annotator.core.suggest.transcripts import Turn, turns

QUOTE_LABEL = "QUOTE"
SPEAKER_LABELS = ("PERSON", "ORGANIZATION")
PERSON_LABELS = ("PERSON",)
MAX_GAP = 200  # an attribution between two pieces of one quote is at most this long
AFTER_WORDS = 8  # a cue after a quote stands within this many words of the closing mark
APPOSITION_WORDS = 30  # … or of this many after a name and its apposition ("X, the …, said")
AFTER_CHARS = 300  # and within this many characters
BEFORE_CHARS = 600  # how far back the sentence before a quote is searched for its cue

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CLAUSE_BREAK = re.compile(r"[,;:–—(]")
_LEADING = re.compile(r"[\s,;:–—-]*")


_SINGLE_BEFORE_VERB = re.compile(r"(?:^|(?<=[\s,;:(—–-]))([A-Z][\w’'-]+)\s+$")
_APPOSITION = re.compile(r"[\s,'’\"”]*(?:the\s+)?[A-Z](?:[^,.!?]|(?<=\s[A-Z])\.)*,")
_MAYBE_TURN = re.compile(r"(?m)^[ \t]*[A-Z][A-Z.'’ \t-]*:")  # a transcript's label, perhaps


# what "reads" or "read" a quote: a writing ("…,” the statement read", "…,” one sign read")
_WRITING = re.compile(
    r"[\s,]*(?:the|a|an|one|another|his|her|its|their)[ \t]+(?:[\w’'-]+[ \t]+){0,2}"
    r"(?:statement|letter|sign|banner|post|email|message|tweet|note|memo|ad|headline|caption|"
    r"release|text|placard|poster|plaque|inscription|card|shirt|t-shirt)[ \t]+"
)
_GERUND_LEAD = words("by after before while when without in also then again")


_DASH = re.compile(r"[ \t]*[-–—―][ \t]*(?=[A-Z])")
_OUTER_VERBS = words("said says told tells wrote writes argued argues claimed claims insisted")
_WORD_BEFORE_CUE = re.compile(r"(?:[A-Z][\w’'.-]*|he|she|they|we|I)\s+$")
_NOT_BEFORE_PARTICIPLE = words("of about for from at against without the a an his her their")
_CONJUNCTION_LEAD = words("but and yet so then also later again still only")
_INVERTED_BEFORE = words("said says explained added wrote continued noted")


def _conjunction_lead(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a conjunction and perhaps adverbs, nothing else: the
    verb after it is the sentence subject's ("She defended the group, but admitted “…”")."""
    found = _WORD.findall(text, start, end)
    return (
        bool(found)
        and found[0] in ("but", "and", "yet")
        and all(w.islower() and (w in _CONJUNCTION_LEAD or w.endswith("ly")) for w in found)
    )


def _gerund_lead(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds only what may stand before an -ing cue whose subject
    is the sentence's: nothing, a preposition, an adverb ("by falsely claiming")."""
    return all(
        w.islower() and (w in _GERUND_LEAD or w.endswith("ly"))
        for w in _WORD.findall(text, start, end)
    )


_WORK_CONTEXT = words(
    """on in of to told book books film films movie movies show shows program programme series
    song album novel memoir column columns article essay op-ed podcast documentary episode
    segment titled entitled headlined magazine newspaper play musical star starred hosts host
    anchor anchors author wrote reads read"""
)
_SENTENCE_INSIDE = re.compile(r"[.!?]\s")
_TITLE_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_SMALL_WORDS = words("a an the and or of in on at to for with by from as vs via nor but is")


def _title_of_work(text: str, item: _Item) -> bool:
    """A title in quotation marks: its words in title case, no sentence in it, and a
    possessive or a word naming a work or a show just before it (ABC’s “This Week”, the book
    “Crippled America: How to Make America Great Again”, told “Fox and Friends”). A headline
    quoting someone in title case has none of these before it."""
    if len(item.parts) > 1:
        return False
    start, end = item.segments[0]
    found = _TITLE_WORD.findall(text, start, end)
    if not found or len(found) > 12 or _SENTENCE_INSIDE.search(text, start, end):
        return False
    if not all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in found):
        return False
    if not found[0][0].isupper():
        return False
    before = text[max(0, item.parts[0].open - 40) : item.parts[0].open].rstrip(" ,\u00a0")
    last = _TITLE_WORD.findall(before)[-1:]
    if not last:
        return False
    word = last[0]
    return word.endswith(("’s", "'s")) or word.lower() in _WORK_CONTEXT


def _participle(text: str, cue: Cue) -> bool:
    """Whether the cue's verb is an -ing form ("saying", "adding", "telling")."""
    return text[cue.start : cue.verb_end].lower().endswith("ing")


@dataclass(frozen=True)
class _Item:
    """One quote in the making: its pieces and, when joined, the attribution between them."""

    parts: tuple[Part, ...]
    segments: tuple[tuple[int, int], ...]
    gap_cue: Cue | None = None
    gap_after: Part | None = None  # the piece the gap's attribution follows


def find_quotes(
    document_id: str,
    text: str,
    mentions: Iterable[SpanLike] = (),
    entities: Iterable[Entity] | KnownNames = (),
    *,
    label: str = QUOTE_LABEL,
    speaker_labels: Collection[str] = SPEAKER_LABELS,
    person_labels: Collection[str] = PERSON_LABELS,
    indirect: bool = True,
) -> list[Proposal]:
    """The quotes of ``text`` as proposals, in reading order (see the module docs)."""
    known = entities if isinstance(entities, KnownNames) else KnownNames(entities)
    paras = paragraphs(text)
    found = quotations(text, paras)
    parts = [p for q in found for p in q.parts]
    quoted = Intervals((p.open, p.end + 1 if p.close is not None else p.end) for p in parts)
    speakers = Speakers(text, mentions, known, quoted, speaker_labels, person_labels)
    finder = _Finder(text, paras, parts, quoted, speakers)
    items = []
    for quotation in found:
        pieces = [(p, trim_content(text, p.open + 1, p.end)) for p in quotation.parts]
        pieces = [(p, seg) for p, seg in pieces if _WORD.search(text, seg[0], seg[1])]
        if pieces:
            items.append(_Item(tuple(p for p, _ in pieces), tuple(s for _, s in pieces)))
    proposals = []
    for item in finder.join(items):
        proposal = finder.propose(document_id, item, label)
        if proposal is not None:
            proposals.append(proposal)
    if _MAYBE_TURN.search(text):
        covered = _Covered([seg for p in proposals for seg in p.segments])
        surnames = {h.text.split()[-1].upper() for h in speakers.persons_before(len(text), 0)}
        for turn in turns(text, paras, surnames):
            if covered.shared([turn.segment]) == 0:
                proposals.append(finder.turn_proposal(document_id, turn, label))
        proposals.sort(key=lambda p: (p.start, p.end))
    if indirect:
        direct = _Covered([seg for p in proposals for seg in p.segments])
        for found_ in find_indirect(finder):
            size = sum(e - s for s, e in found_.segments)
            if direct.shared(found_.segments) * 2 > size:
                continue  # mostly a direct quote already proposed
            proposals.append(finder.indirect_proposal(document_id, found_, label))
        proposals.sort(key=lambda p: (p.start, p.end))
    return proposals


class _Covered:
    """Sorted, non-overlapping ``[start, end)`` pieces, asked how much of some segments they
    cover (by bisection: a megabyte of quotes stays fast)."""

    def __init__(self, pieces: list[tuple[int, int]]) -> None:
        self._pieces = sorted(pieces)
        self._starts = [s for s, _ in self._pieces]

    def shared(self, segments: Iterable[tuple[int, int]]) -> int:
        total = 0
        for start, end in segments:
            k = max(bisect_right(self._starts, start) - 1, 0)
            while k < len(self._pieces) and self._pieces[k][0] < end:
                s, e = self._pieces[k]
                total += max(0, min(e, end) - max(s, start))
                k += 1
        return total


def _at_most_two_words(text: str, segments: Iterable[tuple[int, int]]) -> bool:
    """Whether the segments hold two words or fewer (looking no further than the third)."""
    count = 0
    for start, end in segments:
        for match in _WORD.finditer(text, start, end):
            cjk = len(_CJK.findall(match.group()))
            count += (cjk + 1) // 2 if cjk else 1
            if count > 2:
                return False
    return True


class _Finder(Referents):
    """Quotes of one text: pieces joined, cues found, speakers attributed (sentences and
    referents: the base classes)."""

    def __init__(
        self,
        text: str,
        paras: list[tuple[int, int]],
        parts: list[Part],
        quoted: Intervals,
        speakers: Speakers,
    ) -> None:
        super().__init__(text, paras, quoted, speakers)
        self._parts = parts
        self._opens = [p.open for p in parts]
        self._ends = sorted(p.close + 1 if p.close is not None else p.end for p in parts)

    # ---- joining the pieces of an interrupted quote --------------------------------------

    def join(self, items: list[_Item]) -> list[_Item]:
        out: list[_Item] = []
        for item in items:
            if out:
                cue = self._interruption(out[-1], item)
                if cue is not None:
                    prev = out[-1]
                    out[-1] = _Item(
                        prev.parts + item.parts,
                        prev.segments + item.segments,
                        prev.gap_cue or cue,
                        prev.gap_after or prev.parts[-1],
                    )
                    continue
            out.append(item)
        return out

    def _interruption(self, a: _Item, b: _Item) -> Cue | None:
        """The cue of an attribution standing between ``a`` and ``b`` ("“A,” he said, “B.”")."""
        last, first = a.parts[-1], b.parts[0]
        if last.close is None or first.paragraph != last.paragraph:
            return None
        gap = self.text[last.close + 1 : first.open].rstrip()
        if len(gap) > MAX_GAP or not gap or gap[-1] not in ",.:;—–-":
            return None
        cue = self._after_cue(last, first.open)
        if cue is None:
            return None
        # the gap is that one attribution: no other speech verb, no new sentence after it
        # ("…,” Lavrov told reporters. Later he added: “…" are two quotes)
        ends = self._sentence_ends(cue.end, first.open)
        if any(not c.inverted_only for c in cues(self.text, cue.end, first.open)) or (
            ends and _WORD.search(self.text, ends[0], first.open)
        ):
            return None
        return cue

    # ---- cues ----------------------------------------------------------------------------

    def _after_cue(self, last: Part, limit: int) -> Cue | None:
        """A speech verb just after the closing mark: "…,” Starmer said", "…,” said Kovalenko"."""
        assert last.close is not None
        text = self.text
        start = last.close + 1
        i = last.close - 1
        while i > last.open and text[i].isspace():
            i -= 1
        ends_sentence = text[i] in ".…"
        for cue in cues(text, start, limit):
            pre = text[start : cue.start]
            if cue.inverted_only and pre.strip(" \t,") and not _WRITING.fullmatch(pre):
                continue  # "…,” read a banner", "…,” the statement read"; not "…,” he read"
            # "…,” David Axelrod, the chief strategist of the 2008 campaign, said": a name
            # with its apposition may stand longer between the quote and its verb
            # "…” if she lost by more than that, said David Wasserman": a clause of the
            # author's may stand between the quote and an inverted verb
            far = _APPOSITION.match(pre) or self._said_name(pre, cue)
            allowed = APPOSITION_WORDS if far else AFTER_WORDS
            if len(_WORD.findall(pre)) > allowed or self._sentence_ends(start, cue.start):
                return None
            first_word = _WORD.search(text, start, cue.end)
            if ends_sentence and first_word is not None and not first_word.group()[0].islower():
                return None
            return cue
        return None

    def _said_name(self, pre: str, cue: Cue) -> bool:
        """Whether ``pre``, the text before the cue, ends with a comma and a capitalised
        word follows the verb ("…, said David Wasserman")."""
        if not pre.rstrip().endswith(","):
            return False
        verb = self.text[cue.start : cue.verb_end].lower()
        after = NEXT_WORD.match(self.text, cue.end)
        return verb in SAID and after is not None and after.group(1).isupper()

    def _after_limit(self, last: Part) -> int:
        assert last.close is not None
        para_end = self.paras[last.paragraph][1]
        k = bisect_right(self._opens, last.close)
        next_open = self._opens[k] if k < len(self._opens) else para_end
        return min(para_end, next_open, last.close + 1 + AFTER_CHARS)

    def _before_cue(self, first: Part) -> tuple[Cue, int] | None:
        """The last speech verb of the sentence before the opening mark, and where that
        sentence starts ("Lavrov said: “…", "He told Russian media that … “…")."""
        text = self.text
        para_start = self.paras[first.paragraph][0]
        k = bisect_right(self._ends, first.open) - 1
        floor = max(para_start, first.open - BEFORE_CHARS, self._ends[k] if k >= 0 else 0)
        start = self._sentence_start(first.open, floor)
        end = first.open
        if not _WORD.search(text, start, end) and first.paragraph > 0:
            prev_start, prev_end = self.paras[first.paragraph - 1]
            if text[prev_start:prev_end].rstrip().endswith(":"):  # "He said:" then a paragraph
                start = self._sentence_start(prev_end, max(prev_start, prev_end - BEFORE_CHARS))
                end = prev_end
        found = [
            c
            for c in cues(text, start, end)
            if not c.inverted_only and not self.quoted.overlaps(c.start, c.end)
        ]
        if len(found) > 1 and self._reported_inside(found[0], found[-1]):
            return found[0], start
        return (found[-1], start) if found else None

    def _reported_inside(self, outer: Cue, inner: Cue) -> bool:
        """Whether ``inner`` reports speech inside what ``outer`` reports ("Ross said Obama had
        told the leaders that …"): ``outer`` a verb of saying with a name or a pronoun just
        before it, ``inner`` after it in its clause, with a name between them."""
        text = self.text
        if text[outer.start : outer.verb_end].lower() not in _OUTER_VERBS:
            return False
        lead = _WORD_BEFORE_CUE.search(text, max(0, outer.start - 40), outer.start)
        if lead is None or _CLAUSE_BREAK.search(text, outer.end, inner.start):
            return False
        return bool(self.speakers.names_in(outer.end, inner.start))

    def _previous_subject(self, first: Part) -> Speaker | None:
        """A quote standing alone after a sentence of its paragraph ("Clinton touted her
        record. “We need …”"): the person that sentence starts with."""
        text = self.text
        para_start = self.paras[first.paragraph][0]
        start = self._sentence_start(first.open, max(para_start, first.open - BEFORE_CHARS))
        if start <= para_start or _WORD.search(text, start, first.open):
            return None
        prev = self._sentence_start(start - 1, max(para_start, start - BEFORE_CHARS))
        names = self.speakers.names_in(prev, start)
        lead = _WORD.search(text, prev, start)
        if names and lead is not None and names[0].start == lead.start():
            return self.speakers.of(names[0])
        return None

    def _own_subject(self, first: Part) -> Speaker | None:
        """A quote inside a sentence with no speech verb ("Kasich resisted: “…”", "Sanders sent
        out a fundraising call, asking supporters to “donate”"): the subject of that sentence
        (past an opening phrase, the description starting it: "The news service pointed to
        …", else its first name or pronoun); None when the quote opens its sentence, when
        another quote stands before it in the sentence (it goes on with that one: a
        translation in brackets) or when the sentence names no one."""
        text = self.text
        para_start = self.paras[first.paragraph][0]
        start = self._sentence_start(first.open, max(para_start, first.open - BEFORE_CHARS))
        k = bisect_right(self._ends, first.open) - 1
        if k >= 0 and self._ends[k] > start:
            return None
        start = self._past_opening(start, first.open)
        lead = _WORD.search(text, start, first.open)
        if lead is None:
            return None
        described = self.speakers.subject_description(lead.start(), first.open)
        if described is not None:
            return described
        if not self.speakers.names_in(start, first.open) and (
            self._pronoun(start, first.open, True) is None
        ):
            return None
        return self._subject(start, first.open)

    def _dash_signature(self, last: Part) -> Speaker | None:
        """A quote ending its paragraph, signed in the next one by a dash and a name ("“…”" /
        "- Hillary Clinton." / "—President Obama, tweeting after the speech."): that name."""
        k = last.paragraph + 1
        if last.close is None or k >= len(self.paras):
            return None
        if _WORD.search(self.text, last.close + 1, self.paras[last.paragraph][1]):
            return None
        start, end = self.paras[k]
        dash = _DASH.match(self.text, start, end)
        if dash is None:
            return None
        names = self.speakers.names_in(dash.end(), min(end, dash.end() + 80))
        if not names or _WORD.search(self.text, dash.end(), names[0].start):
            return None
        return self.speakers.of(names[0])

    def _paragraph_before_subject(self, first: Part) -> Speaker | None:
        """A quote opening a paragraph, with no attribution and no one speaking before it: the
        subject starting the last sentence of the paragraph before ("He then blasted Sanders,
        who …" / "“I heard …”" is his), a name, a pronoun or a description."""
        para_start = self.paras[first.paragraph][0]
        if first.paragraph == 0 or _WORD.search(self.text, para_start, first.open):
            return None
        prev_start, prev_end = self.paras[first.paragraph - 1]
        start = self._sentence_start(prev_end, max(prev_start, prev_end - BEFORE_CHARS))
        start = self._past_opening(start, prev_end)
        lead = _WORD.search(self.text, start, prev_end)
        if lead is None or self.quoted.overlaps(lead.start(), prev_end):
            return None
        word = lead.group().lower()
        if word in SUBJECT_PRONOUNS:
            return self._resolve((word, lead.start()), lead.start())
        names = self.speakers.names_in(lead.start(), prev_end)
        if names and names[0].start == lead.start():
            return self.speakers.of(names[0])
        return self.speakers.subject_description(lead.start(), prev_end)

    def _cue_ending_sentence(self, first: Part) -> tuple[Cue, int] | None:
        """A speech verb ending the sentence just before the quote, in its paragraph ("…, the
        editorial board writes. “…”"), and where that sentence starts."""
        text = self.text
        para_start = self.paras[first.paragraph][0]
        start = self._sentence_start(first.open, max(para_start, first.open - BEFORE_CHARS))
        if start <= para_start or _WORD.search(text, start, first.open):
            return None
        prev = self._sentence_start(start - 1, max(para_start, start - BEFORE_CHARS))
        found = [
            c
            for c in cues(text, prev, start)
            if not c.inverted_only and not self.quoted.overlaps(c.start, c.end)
        ]
        if not found or _WORD.search(text, found[-1].end, start):
            return None
        return found[-1], prev

    def _verb_in_sentence(self, item: _Item) -> bool:
        """Whether a speech verb stands in the sentence around a short quote (outside quotes)."""
        first, last = item.parts[0], item.parts[-1]
        para_start, para_end = self.paras[first.paragraph]
        start = self._sentence_start(first.open, max(para_start, first.open - BEFORE_CHARS))
        tail = last.close + 1 if last.close is not None else last.end
        end = self._sentence_end(tail, min(self.paras[last.paragraph][1], tail + BEFORE_CHARS))
        return any(
            not c.inverted_only and not self.quoted.overlaps(c.start, c.end)
            for c in cues(self.text, start, end)
        )

    # ---- speakers ------------------------------------------------------------------------

    def _skip_leading(self, pos: int) -> int:
        """Past the spaces and punctuation that start an attribution (", a senior official")."""
        match = _LEADING.match(self.text, pos)
        return match.end() if match else pos

    def _before_speaker(self, cue: Cue, window_start: int, quote_open: int) -> Speaker | None:
        sp = self.speakers
        text = self.text
        if text[cue.start : cue.verb_end].lower().startswith("according"):
            after = sp.names_in(cue.end, quote_open)
            if after:
                return sp.of(after[0])
        previous = self._previous
        if (
            previous is not None
            and 0 <= window_start - previous[0] <= 2
            and _participle(text, cue)
            and _gerund_lead(text, window_start, cue.start)
        ):  # "He called it “…,” accusing it of “…”": the speaker of the quote before, which
            return previous[1]  # stands for the sentence's subject
        breaks = list(_CLAUSE_BREAK.finditer(text, window_start, cue.start))
        clause = breaks[-1].end() if breaks else window_start
        inverted = self._inverted_before(cue, clause, quote_open)
        if inverted is not None:
            return inverted
        if clause > window_start and not _WORD.search(text, clause, cue.start):
            # "…, a spokesman, Oren Marmorstein, wrote": the name alone between the commas
            before = breaks[-2].end() if len(breaks) > 1 else window_start
            names = sp.names_in(before, breaks[-1].start())
            alone = [
                h
                for h in names
                if not _WORD.search(text, before, h.start)
                and not _WORD.search(text, h.end, breaks[-1].start())
            ]
            if alone:
                return sp.of(alone[0])
        if (
            clause > window_start
            and (
                (_participle(text, cue) and _gerund_lead(text, clause, cue.start))
                or not _WORD.search(text, clause, cue.start)
                or _conjunction_lead(text, clause, cue.start)
            )
        ) or self._subjects_participle(cue, window_start):
            # "Cruz took a shot at Trump, saying …", "…, by falsely claiming", "Robert McDuff,
            # a lawyer for the groups that sued North Carolina, said", "Clinton answered on
            # Facebook writing …": the sentence's subject
            return self._subject(window_start, cue.start)
        names = sp.names_in(clause, cue.start)
        pronoun = self._pronoun(clause, cue.start)
        if pronoun is not None and (not names or not self._may_be(names[-1], pronoun)):
            # "Tester credits the Democrats' candidates -- but he said": the pronoun next to
            # the verb speaks, and the name before it cannot be who it stands for
            return self._resolve(pronoun, cue.start)
        lead = self._pronoun(clause, cue.start, first=True)
        if (
            lead is not None
            and lead[0] != "it"
            and (not names or not ADVERB_GAP.fullmatch(text, names[-1].end, cue.start))
        ):  # "He praised those who left but said", "He adopted a fake Southern accent and
            return self._resolve(lead, cue.start)  # joked": the clause's subject speaks
        if names:
            return sp.of(names[-1])
        titled = self._titled(self._skip_leading(clause), cue.start, cue.start)
        if titled is not None:  # "The senator said: “…”"
            return titled
        unnamed = sp.unnamed(self._skip_leading(clause), cue.start) or sp.described(
            self._skip_leading(clause), cue.start
        )
        if unnamed is not None:
            return unnamed
        single = _SINGLE_BEFORE_VERB.search(text, clause, cue.start)
        if (
            single is not None
            and single.group(1).lower() not in SUBJECT_PRONOUNS | TITLES
            and not _WORD.search(text, clause, single.start(1))
        ):
            # "King says …": one capitalised word just before the verb is who speaks, even a
            # word the text also writes in lowercase
            return Speaker(None, single.group(1), single.span(1))
        hit = sp.preceding_person(cue.start)
        return sp.of(hit) if hit is not None else None

    def _may_be(self, hit: NameHit, pronoun: tuple[str, int]) -> bool:
        """Whether a name standing before a pronoun may be who the pronoun stands for: any
        name before "they", "we", "I" or "it", one of the pronoun's gender (as the text tells
        it) and not a place or a people before "he" and "she", or a name after the pronoun."""
        gender = PRONOUN_GENDER.get(pronoun[0])
        if gender is None or hit.start > pronoun[1]:
            return True
        sp = self.speakers
        return hit.label in sp.person_labels and sp.fits_gender(hit, gender)

    def _subjects_participle(self, cue: Cue, window_start: int) -> bool:
        """Whether the cue is an -ing form after a verb of the sentence ("Clinton answered the
        question on Facebook writing …", "Trump replied by calling him …"), not the object of a
        noun or a preposition that names another speaker ("accused him of saying")."""
        if not _participle(self.text, cue):
            return False
        before = _WORD.findall(self.text, window_start, cue.start)
        return len(before) > 1 and before[-1].lower() not in _NOT_BEFORE_PARTICIPLE

    def _inverted_before(self, cue: Cue, clause: int, quote_open: int) -> Speaker | None:
        """The name right after an inverted verb opening its clause before the quote
        ("Because of the schedule, explained Rosenberg, “…”"): who speaks."""
        text = self.text
        if text[cue.start : cue.verb_end].lower() not in _INVERTED_BEFORE:
            return None
        if _WORD.search(text, clause, cue.start):
            return None
        names = self.speakers.names_in(cue.end, quote_open)
        if not names or _WORD.search(text, cue.end, names[0].start):
            return None
        if text.startswith(("’s", "'s"), names[0].end):
            return None  # "…, said Trump's remarks “…”": what was said begins there
        return self.speakers.of(names[0])

    def _after_speaker(self, start: int, cue: Cue, quote_open: int, limit: int) -> Speaker | None:
        sp = self.speakers
        text = self.text
        if _participle(text, cue) and not _WORD.search(text, start, cue.start):
            # "Trump hailed the vote as “fantastic,” telling reporters …": the sentence's subject
            para_start = self.paras[self._paragraph_of(quote_open)][0]
            window = self._sentence_start(quote_open, max(para_start, quote_open - BEFORE_CHARS))
            if _WORD.search(text, window, quote_open):
                return self._subject(window, quote_open)
        if not _WORD.search(text, start, cue.start):  # inverted: "…,” said Olena Kovalenko"
            end = min(self._clause_end(cue.end, limit), self._sentence_end(cue.end, limit))
            names = sp.names_in(cue.end, end)
            unnamed = sp.unnamed(cue.end, end) or sp.described(cue.end, end)
            # "read a banner held by students outside the University": the banner
            if names and (unnamed is None or not _WORD.search(text, cue.end, names[0].start)):
                return sp.of(names[0])
            pronoun = self._pronoun(cue.end, end, first=True)
            if pronoun is not None and unnamed is None:
                return self._resolve(pronoun, quote_open)
            titled = self._titled(cue.end, end, quote_open)  # "…,” said the senator"
            if titled is not None and unnamed is None:
                return titled
        else:  # "…,” Starmer said", "…,” he said"
            if self._said_name(text[start : cue.start], cue):  # "…, said David Wasserman"
                following = sp.names_in(cue.end, self._clause_end(cue.end, limit))
                if following and not _WORD.search(text, cue.end, following[0].start):
                    return sp.of(following[0])
            names = sp.names_in(start, cue.start)
            lead = _WORD.search(text, start, cue.start)
            first_named = names and lead is not None and names[0].start == lead.start()
            if first_named and _APPOSITION.match(text, start, cue.start):
                return sp.of(names[0])  # "…,” David Axelrod, the chief strategist …, said"
            if names:
                return sp.of(names[-1])
            pronoun = self._pronoun(start, cue.start)
            if pronoun is not None:
                return self._resolve(pronoun, quote_open)
            titled = self._titled(self._skip_leading(start), cue.start, quote_open)
            if titled is not None:  # "…,” the senator said"
                return titled
            unnamed = sp.unnamed(self._skip_leading(start), cue.start) or sp.described(
                self._skip_leading(start), cue.start
            )
        if unnamed is not None:
            return unnamed
        hit = sp.preceding_person(quote_open)
        return sp.of(hit) if hit is not None else None

    # ---- one proposal --------------------------------------------------------------------

    def _attribution(self, item: _Item) -> tuple[Cue | None, Speaker | None]:
        first, last = item.parts[0], item.parts[-1]
        if item.gap_cue is not None and item.gap_after is not None:
            assert item.gap_after.close is not None
            k = item.parts.index(item.gap_after)
            limit = item.parts[k + 1].open
            start = item.gap_after.close + 1
            return item.gap_cue, self._after_speaker(start, item.gap_cue, first.open, limit)
        before = self._before_cue(first)
        if before is not None:
            cue, window_start = before
            return cue, self._before_speaker(cue, window_start, first.open)
        if last.close is not None:
            limit = self._after_limit(last)
            after = self._after_cue(last, limit)
            if after is not None:
                return after, self._after_speaker(last.close + 1, after, first.open, limit)
        ending = self._cue_ending_sentence(first)
        if ending is not None:
            cue, window_start = ending
            return cue, self._before_speaker(cue, window_start, cue.end)
        later = self._later_in_sentence(first, last)
        if later is not None:
            return later
        subject = (
            self._dash_signature(last) or self._own_subject(first) or self._previous_subject(first)
        )
        if subject is not None:
            return None, subject
        last_speaker = self._last_speaker(first.open, first.paragraph)
        if last_speaker is not None:
            return None, last_speaker
        subject = self._paragraph_before_subject(first)
        if subject is not None:
            return None, subject
        hit = self.speakers.preceding_person(first.open)
        return None, self.speakers.of(hit) if hit is not None else None

    def _later_in_sentence(self, first: Part, last: Part) -> tuple[Cue, Speaker | None] | None:
        """A quote with no cue of its own, followed in its sentence by another quote with a
        speech verb after it ("The program was a “good thing” that yielded “good
        information,” he remarked"): that verb and its speaker."""
        if last.close is None:
            return None
        end = self._sentence_end(last.close + 1, self.paras[last.paragraph][1])
        k = bisect_right(self._opens, last.close)
        later = None
        while k < len(self._parts) and self._parts[k].open < end:
            later = self._parts[k]
            k += 1
        if later is None or later.close is None or later.paragraph != last.paragraph:
            return None
        limit = self._after_limit(later)
        cue = self._after_cue(later, limit)
        if cue is None:
            return None
        return cue, self._after_speaker(later.close + 1, cue, first.open, limit)

    def _quote_type(self, item: _Item) -> QuoteType:
        """Partial when the quote continues the author's sentence ("called for a “coalition
        of the willing”") and does not end one."""
        text = self.text
        first, last = item.parts[0], item.parts[-1]
        i = first.open - 1
        while i >= self.paras[first.paragraph][0] and text[i].isspace():
            i -= 1
        embedded = i >= 0 and is_word_char(text[i])
        j = last.end - 1
        while j > last.open and (text[j].isspace() or text[j] in '"”’»“'):
            j -= 1
        ends_sentence = text[j] in ".!?…"
        return QuoteType.PARTIAL if embedded and not ends_sentence else QuoteType.DIRECT

    # what the indirect speech finder borrows (``indirect.Attributor``)

    def sentence_ends(self, start: int, end: int) -> list[int]:
        return self._sentence_ends(start, end)

    def before_speaker(self, cue: Cue, window_start: int, pos: int) -> Speaker | None:
        return self._before_speaker(cue, window_start, pos)

    def after_speaker(self, start: int, cue: Cue, pos: int, limit: int) -> Speaker | None:
        return self._after_speaker(start, cue, pos, limit)

    def turn_proposal(self, document_id: str, turn: Turn, label: str) -> Proposal:
        """A transcript's turn: the person whose surname the label is ("TAPPER" -> Jake
        Tapper, named most fully), else the label as written; "A" is the first person named
        before the transcript, "Q" is left without a speaker."""
        name = turn.name(self.text)
        sp = self.speakers
        persons = sp.persons_before(turn.label[0], 0)
        speaker: Speaker | None
        if name == "Q":
            speaker = None
        elif name == "A":
            speaker = sp.of(persons[-1]) if persons else None
        else:
            same = [h for h in persons if h.text.split()[-1].upper() == name.split()[-1]]
            if same:
                speaker = sp.of(max(same, key=lambda h: (len(h.text.split()), -h.start)))
            else:
                speaker = Speaker(None, name.title(), turn.label)
        return self._proposal(document_id, label, (turn.segment,), None, speaker, QuoteType.DIRECT)

    def indirect_proposal(self, document_id: str, found: Indirect, label: str) -> Proposal:
        return self._proposal(
            document_id, label, found.segments, found.cue.span, found.speaker, QuoteType.INDIRECT
        )

    def propose(self, document_id: str, item: _Item, label: str) -> Proposal | None:
        cue, speaker = self._attribution(item)
        if speaker is not None:
            self._previous = (item.parts[-1].end, speaker)
        few = _at_most_two_words(self.text, item.segments)
        if few and cue is None and not self._verb_in_sentence(item):
            return None  # a scare quote: “forward-leaning” with no speech verb near
        if _title_of_work(self.text, item):
            return None  # ABC's “This Week”, the book “Crippled America”
        cue_span = cue.span if cue is not None else None
        return self._proposal(
            document_id, label, item.segments, cue_span, speaker, self._quote_type(item)
        )

    def _proposal(
        self,
        document_id: str,
        label: str,
        segments: Sequence[tuple[int, int]],
        cue: tuple[int, int] | None,
        speaker: Speaker | None,
        quote_type: QuoteType,
    ) -> Proposal:
        """A quote proposal of the rules: its segments, cue and speaker (or none)."""
        start, end = segments[0][0], segments[-1][1]
        return Proposal(
            document_id,
            start,
            end,
            self.text[start:end],
            Layer.QUOTE,
            label,
            origin="rule",
            segments=tuple(segments),
            cue=cue,
            speaker_entity_id=speaker.entity_id if speaker else None,
            speaker_text=speaker.text if speaker else "",
            speaker_mention=speaker.mention if speaker else None,
            quote_type=quote_type,
        )
