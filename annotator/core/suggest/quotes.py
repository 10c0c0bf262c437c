"""The quote finder: direct quotes with their cue and speaker, proposed for one document.

    find_quotes(document_id, text, mentions=(), entities=(), *, label="QUOTE",
                speaker_labels=("PERSON", "ORGANIZATION"), person_labels=("PERSON",))
        -> list[Proposal]

``mentions`` are the document's existing spans (``core.model.Span`` or anything with
``start end label layer entity_id``; only entity-layer ones are read), ``entities`` the registry
(``core.links.Entity`` objects, or a ``KnownNames`` built once for the project). Each proposal
has ``layer`` QUOTE, ``origin`` "rule", ``segments`` (the quoted words without the quotation
marks and without the punctuation around them, one per paragraph or per interrupted piece),
``cue`` (the speech verb phrase), the speaker (``speaker_entity_id`` when it is a registry
entity, else ``speaker_text``; ``speaker_mention`` where it is named) and ``quote_type``
(direct, or partial when embedded in the author's sentence).

What it finds:
- text inside “ ” " " « » „ “ 「 」 ‹ › … (see ``marks``), nested quotes kept inside;
- a quote over several paragraphs (opening mark at each paragraph start, closing mark only at
  the end of the last): one proposal, one segment per paragraph;
- a quote interrupted by its attribution ("“We will not,” he said, “accept it.”"): one
  proposal, two segments;
- not quotes of one or two words (scare quotes) unless a speech verb is in the same sentence.

The cue is the last speech verb of the sentence before the quote ("Lavrov said: “…”", "He told
Russian media that … “…”"), else one within eight words after it ("“…,” Starmer said"). The
speaker is the name nearest the verb on its side ("Starmer said", "said Olena Kovalenko"); for a
pronoun, a definite description ("the UK PM") or no attribution, the nearest preceding named
person outside quotes; an indefinite one ("a senior official said") is free text.

Not handled: quotes without marks (indirect speech), ASCII ' as a quotation mark, speakers
named only after a long relative clause, attributions in another paragraph than the quote
(except a paragraph ending with ":"), and coreference beyond "nearest preceding person".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from annotator.core.links import Entity, QuoteType
from annotator.core.model import Layer
from annotator.core.proposals import Proposal
from annotator.core.snapping import is_word_char
from annotator.core.suggest.cues import Cue, cues
from annotator.core.suggest.marks import Part, paragraphs, quotations, trim_content
from annotator.core.suggest.names import Intervals, KnownNames, SpanLike, words
from annotator.core.suggest.speakers import Speaker, Speakers

QUOTE_LABEL = "QUOTE"
SPEAKER_LABELS = ("PERSON", "ORGANIZATION")
PERSON_LABELS = ("PERSON",)
MAX_GAP = 200  # an attribution between two pieces of one quote is at most this long
AFTER_WORDS = 8  # a cue after a quote stands within this many words of the closing mark
BEFORE_CHARS = 600  # how far back the sentence before a quote is searched for its cue

_WORD = re.compile(r"[^\W_]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’»)\]]*(?=\s)")
_CLAUSE_BREAK = re.compile(r"[,;:–—(]")
_LEADING = re.compile(r"[\s,;:–—-]*")
_ABBREVIATIONS = words(
    """mr mrs ms dr st jr sr prof gen col lt sgt rep sen gov no vs etc jan feb mar apr jun jul
    aug sep sept oct nov dec u.s u.k e.g i.e"""
)


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
) -> list[Proposal]:
    """The direct quotes of ``text`` as proposals, in reading order (see the module docs)."""
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
    return proposals


def _word_count(text: str, start: int, end: int) -> int:
    """Words in ``text[start:end]``; Chinese and Japanese, written without spaces, count a
    word per two characters."""
    count = 0
    for match in _WORD.finditer(text, start, end):
        cjk = len(_CJK.findall(match.group()))
        count += (cjk + 1) // 2 if cjk else 1
    return count


class _Finder:
    def __init__(
        self,
        text: str,
        paras: list[tuple[int, int]],
        parts: list[Part],
        quoted: Intervals,
        speakers: Speakers,
    ) -> None:
        self.text = text
        self.paras = paras
        self.quoted = quoted
        self.speakers = speakers
        self._opens = [p.open for p in parts]
        self._ends = sorted(p.close + 1 if p.close is not None else p.end for p in parts)

    # ---- sentences -----------------------------------------------------------------------

    def _sentence_ends(self, start: int, end: int) -> list[int]:
        """Where sentences end in ``[start, end)``: after . ! ? … and closing marks, not after
        an abbreviation or an initial, and not inside a quotation."""
        text = self.text
        found = []
        for match in _SENTENCE_END.finditer(text, start, end):
            if text[match.start()] == ".":
                i = match.start()
                j = i
                while j > 0 and (is_word_char(text[j - 1]) or text[j - 1] == "."):
                    j -= 1
                word = text[j:i]
                if word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
                    continue
            if not self.quoted.contains(match.end()):
                found.append(match.end())
        return found

    def _sentence_start(self, pos: int, floor: int) -> int:
        ends = self._sentence_ends(floor, pos)
        return ends[-1] if ends else floor

    def _sentence_end(self, pos: int, limit: int) -> int:
        ends = self._sentence_ends(pos, limit)
        return ends[0] if ends else limit

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
            if cue.inverted_only and pre.strip(" \t,"):
                continue
            if len(_WORD.findall(pre)) > AFTER_WORDS or self._sentence_ends(start, cue.start):
                return None
            first_word = _WORD.search(text, start, cue.end)
            if ends_sentence and first_word is not None and not first_word.group()[0].islower():
                return None
            return cue
        return None

    def _after_limit(self, last: Part) -> int:
        assert last.close is not None
        para_end = self.paras[last.paragraph][1]
        k = bisect_right(self._opens, last.close)
        next_open = self._opens[k] if k < len(self._opens) else para_end
        return min(para_end, next_open, last.close + 1 + MAX_GAP)

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
        return (found[-1], start) if found else None

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
        if self.text[cue.start : cue.verb_end].lower().startswith("according"):
            after = sp.names_in(cue.end, quote_open)
            if after:
                return sp.of(after[0])
        breaks = list(_CLAUSE_BREAK.finditer(self.text, window_start, cue.start))
        clause = breaks[-1].end() if breaks else window_start
        names = sp.names_in(clause, cue.start)
        if names:
            return sp.of(names[-1])
        unnamed = sp.unnamed(self._skip_leading(clause), cue.start)
        if unnamed is not None:
            return unnamed
        hit = sp.preceding_person(cue.start)
        return sp.of(hit) if hit is not None else None

    def _after_speaker(self, start: int, cue: Cue, quote_open: int, limit: int) -> Speaker | None:
        sp = self.speakers
        text = self.text
        if not _WORD.search(text, start, cue.start):  # inverted: "…,” said Olena Kovalenko"
            breaks = [m.start() for m in re.finditer(r"[,.;:]", text[cue.end : limit])]
            end = min(cue.end + breaks[0] if breaks else limit, self._sentence_end(cue.end, limit))
            names = sp.names_in(cue.end, end)
            if names:
                return sp.of(names[0])
            unnamed = sp.unnamed(cue.end, end)
        else:  # "…,” Starmer said", "…,” he said"
            names = sp.names_in(start, cue.start)
            if names:
                return sp.of(names[-1])
            unnamed = sp.unnamed(self._skip_leading(start), cue.start)
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
        hit = self.speakers.preceding_person(first.open)
        return None, self.speakers.of(hit) if hit is not None else None

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

    def propose(self, document_id: str, item: _Item, label: str) -> Proposal | None:
        cue, speaker = self._attribution(item)
        words = sum(_word_count(self.text, s, e) for s, e in item.segments)
        if words <= 2 and cue is None and not self._verb_in_sentence(item):
            return None  # a scare quote: “forward-leaning” with no speech verb near
        start, end = item.segments[0][0], item.segments[-1][1]
        return Proposal(
            document_id,
            start,
            end,
            self.text[start:end],
            Layer.QUOTE,
            label,
            origin="rule",
            segments=item.segments,
            cue=cue.span if cue is not None else None,
            speaker_entity_id=speaker.entity_id if speaker else None,
            speaker_text=speaker.text if speaker else "",
            speaker_mention=speaker.mention if speaker else None,
            quote_type=self._quote_type(item),
        )
