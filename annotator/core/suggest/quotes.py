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

This module joins the pieces of a quote and makes the proposals; the cue is found in
``quote_cues``, the speaker chosen in ``who_spoke`` (with the clause tests of ``leads``), and
titles of works and scare quotes are told apart in ``non_quotes``.

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
from annotator.core.suggest.names import Intervals, KnownNames, SpanLike
from annotator.core.suggest.non_quotes import at_most_two_words, title_of_work
from annotator.core.suggest.sentences import WORD as _WORD
from annotator.core.suggest.speakers import Speaker, Speakers
from annotator.core.suggest.transcripts import Turn, turns
from annotator.core.suggest.who_spoke import WhoSpoke

QUOTE_LABEL = "QUOTE"
SPEAKER_LABELS = ("PERSON", "ORGANIZATION")
PERSON_LABELS = ("PERSON",)
MAX_GAP = 200  # an attribution between two pieces of one quote is at most this long

_MAYBE_TURN = re.compile(r"(?m)^[ \t]*[A-Z][A-Z.'’ \t-]*:")  # a transcript's label, perhaps


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


class _Finder(WhoSpoke):
    """Quotes of one text: pieces joined, each attributed and proposed (cues and speakers,
    sentences and referents: the base classes)."""

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
        few = at_most_two_words(self.text, item.segments)
        if few and cue is None and not self._verb_in_sentence(item.parts[0], item.parts[-1]):
            return None  # a scare quote: “forward-leaning” with no speech verb near
        if title_of_work(self.text, item.parts, item.segments):
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
