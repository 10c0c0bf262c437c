"""Who an attribution's Source names: a person or an organisation (an entity of our scheme),
or nobody in particular ("he", "officials", "a spokesman for the campaign", "Republicans").

Rules on the Source's words, no dictionary of names (so they say nothing about a name's
spelling, only its shape):

1. The core of the Source is what comes before a comma, a bracket, a dash or a relative clause
   ("Dan Backer, the conservative attorney" -> "Dan Backer"), a final possessive off.
2. It names nobody when it starts with a pronoun or quantifier ("he", "She and her husband",
   "Most of Hollywood"), joins several ("Edwards and others"), or ends in a word that is not
   capitalised ("a U.S. District Court judge", "top defense officials", "14 percent").
3. The name is the run of capitalised words at its end (with of/de/van... inside): "former FBI
   agent Timothy Gill" -> "Timothy Gill"; a leading "The" is dropped. One word that names a
   group ("Republicans", "Millennials", "Americans") names nobody.
4. After a title ("Sen. Ted Cruz", "Spokeswoman Haley Morris", "Committee Chairman Jon Tester")
   the name is what follows the title, a PERSON. Otherwise a name holding an organisation word
   (Times, Post, News, Committee, Party, Campaign, University...) or letters in capitals
   (CNN, FBI) is an ORGANIZATION; anything else a PERSON. A title's "of" complement is no
   part of the name ("Secretary of State John Kerry" -> "John Kerry"; an agent noun before
   "of" is a title: "Supervisor of Elections Susan Bucher"); a title and its complement
   alone ("Governor of New York") name nobody.
5. A name never starts with a lower-case function word ("of", "the"), and day and month
   names alone ("a statement released Tuesday") name nobody.
"""

from __future__ import annotations

import re

PERSON, ORGANIZATION = "PERSON", "ORGANIZATION"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NOBODY = _words(
    """i me my we us our you your he him his she her it its they them their this that these
    those one someone somebody anyone everyone everybody nobody who which many some others
    most few both all each several either neither no none another other any such
    there here"""
)
_GROUPS = _words(
    """republicans democrats conservatives liberals progressives libertarians millennials
    unions voters officials critics experts analysts observers supporters opponents
    americans evangelicals independents moderates leaders sources aides advisers advisors
    reporters journalists economists scientists lawmakers legislators senators delegates
    residents citizens police polls reports documents records"""
)
_CONNECTORS = _words("of de del della da van von der den al bin la le du the for and &")
_TITLES = _words(
    """mr mrs ms miss dr sen senator rep representative gov governor president vice
    secretary spokesman spokeswoman spokesperson chairman chairwoman chair reporter judge
    justice gen col lt sgt adm admiral mayor director ceo chief minister ambassador candidate
    professor prof rev reverend pastor rabbi pope king queen prince sir lord speaker leader
    commissioner attorney lawyer aide adviser advisor analyst strategist pollster host
    anchor correspondent columnist editor founder manager treasurer economist sheriff
    commander officer agent rep. sen. gov. gen. col. lt. dr. mr. mrs. ms. prof. rev."""
)
_ORG_WORDS = _words(
    """times post news journal press committee party campaign department agency association
    institute university college council congress senate house inc corp company network
    administration court foundation group center centre poll commission bureau office
    ministry government magazine tribune herald gazette review daily channel radio
    television tv examiner observer register monitor insider politico reuters politifact
    breitbart pentagon league union club organization organisation coalition fund bank
    board service services authority caucus society federation alliance project watch
    institution report division"""
)
_CALENDAR = _words(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december"""
)
# an agent noun ("Supervisor", "Inspector", "Commissioner") before "of" is a title too
_AGENT = re.compile(r"(?:or|er|ist|ary|ant|man|woman)$")
_CUT = re.compile(r",|\(|\[|—|–| - |;| who | whose | which | that | whom ")
_POSSESSIVE = re.compile(r"(’s|'s|’|')$")


def _bare(word: str) -> str:
    return word.casefold().strip(".,:;’'\"“”")


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isdigit() and any(c.isupper() for c in word))


def source_entity(source: str) -> tuple[str, str] | None:
    """``(label, name)`` of the entity a Source names, or None when it names nobody in
    particular (the Source then stays a span and the quote's speaker text)."""
    core = _CUT.split(" ".join(source.split()), maxsplit=1)[0].strip(" .:")
    core = _POSSESSIVE.sub("", core).strip()
    words = core.split()
    if not words or _bare(words[0]) in _NOBODY:
        return None
    if any(_bare(w) == "and" for w in words) or not _capitalised(words[-1]):
        return None
    run: list[str] = []
    for word in reversed(words):
        if _capitalised(word) or (_bare(word) in _CONNECTORS and run):
            run.insert(0, word)
        else:
            break
    while run and _bare(run[0]) in _CONNECTORS:
        run = run[1:]
    if not run:
        return None
    if len(run) == 1 and _group(run[0]):
        return None
    titles = [i for i in range(len(run)) if _title(run, i)]
    acronym = any(len(w) >= 2 and w.isalpha() and w.isupper() for w in run)
    organisation = acronym or any(_bare(w) in _ORG_WORDS for w in run)
    if titles and titles[-1] + 1 < len(run):
        name = _after_title(run[titles[-1] + 1 :])
        if name is None:
            return None  # only a title and its complement: "Governor of New York"
        if not any(_bare(w) in _ORG_WORDS for w in name):
            return _named(PERSON, name)
    if titles and titles[-1] + 1 == len(run):
        return None  # only a title: "the Senator", "Spokeswoman"
    if _bare(run[0]) == "the":
        run = run[1:]
    if " of " in f" {' '.join(run).casefold()} " and not organisation:
        head = run[: [_bare(w) for w in run].index("of")]
        if len(head) >= 2:  # "George Zornick of The Nation": the person, not the outlet
            return _named(PERSON, head)
    return _named(ORGANIZATION if organisation else PERSON, run)


def _title(run: list[str], i: int) -> bool:
    """``run[i]`` is a title: a word of ``_TITLES``, or an agent noun followed by "of" and a
    complement that leaves a name ("Supervisor of Elections Susan Bucher")."""
    bare = _bare(run[i])
    if bare in _TITLES or bare + "." in _TITLES:
        return True
    rest = run[i + 1 :]
    return bool(_AGENT.search(bare)) and bool(rest) and _bare(rest[0]) == "of" and len(rest) >= 4


def _after_title(rest: list[str]) -> list[str] | None:
    """The name that follows a title: past the title's "of" complement, of which the last two
    words are the name ("of State John Kerry" -> "John Kerry", "of Homeland Security Jeh
    Johnson" -> "Jeh Johnson"), and before an "of" place ("Gov. Jeb Bush of Florida" -> "Jeb
    Bush"); None when the complement is all there is ("of New York")."""
    if _bare(rest[0]) != "of":
        bare = [_bare(w) for w in rest]
        cut = bare.index("of") if "of" in bare else len(rest)
        return rest[:cut] if cut >= 2 else rest  # "Gov. Phil Bryant of Mississippi"
    complement = rest[1:]
    return complement[-2:] if len(complement) >= 3 else None


def _named(label: str, words: list[str]) -> tuple[str, str] | None:
    """``(label, name)``; a name never starts with a lower-case function word, and days and
    months ("Tuesday", "of March") name nobody."""
    while words and words[0].islower() and _bare(words[0]) in _CONNECTORS:
        words = words[1:]
    if not words or all(_bare(w) in _CALENDAR for w in words):
        return None
    return label, " ".join(words)


def _group(word: str) -> bool:
    """A word that names a group, not someone: a plural such as Republicans or Americans."""
    bare = _bare(word)
    return bare in _GROUPS or (len(bare) >= 8 and bare.endswith("ans"))
