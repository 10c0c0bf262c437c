"""Agreement figures against values computed by hand (arithmetic in the comments)."""

from __future__ import annotations

import json
from collections import Counter
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.agreement.coefficients import AlphaTally, cohen_kappa, krippendorff_alpha
from annotator.core.agreement.comparison import compare, pairwise
from annotator.core.agreement.entities import align_entities, same_speaker
from annotator.core.agreement.group import group_alpha
from annotator.core.agreement.records import (
    UNMATCHED,
    ClaimItem,
    Counts,
    DocumentPair,
    QuoteItem,
    SpanTuple,
    Work,
    to_json,
)
from annotator.core.agreement.spans import confusion_pairs, exact_count, overlap_count
from annotator.core.agreement.tokens import OUTSIDE, token_labels, tokens

# Two short texts. Tokens of TEXT1 (10): Ursula von der Leyen met Sergei Lavrov in Kyiv .
TEXT1 = "Ursula von der Leyen met Sergei Lavrov in Kyiv."
# Tokens of TEXT2 (13): The Commission proposed a loan scheme , Ursula von der Leyen said .
TEXT2 = "The Commission proposed a loan scheme, Ursula von der Leyen said."


def at(text: str, piece: str, layer: str, label: str) -> SpanTuple:
    start = text.index(piece)
    return (start, start + len(piece), layer, label)


def rng(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return (start, start + len(piece))


def approx(value: Fraction | float) -> object:
    return pytest.approx(float(value))


# -- the statistics on textbook tables ----------------------------------------------------------


def test_cohen_kappa_of_the_textbook_two_by_two_table() -> None:
    # 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no (50 units): p_o = 35/50 = 0.7;
    # A says yes 25/50 = 0.5, B 30/50 = 0.6; p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5;
    # kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4
    pairs = [("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10 + [("no", "no")] * 15
    assert cohen_kappa(pairs) == pytest.approx(0.4)


def test_krippendorff_alpha_of_the_textbook_binary_example() -> None:
    # Krippendorff, "Computing Krippendorff's alpha-reliability" (2011), two observers, 10 units:
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    # Coincidences: 5 units 0/0 -> o_00 = 10; 1 unit 1/1 -> o_11 = 2; 4 units differ ->
    # o_01 = o_10 = 4. n_0 = 14, n_1 = 6, n = 20.
    # alpha = 1 - (n - 1) * (o_01 + o_10) / (2 * n_0 * n_1) = 1 - 19 * 8 / 168 = 16/168 = 0.095
    pairs = [(str(x), str(y)) for x, y in zip(a, b, strict=True)]
    assert krippendorff_alpha(pairs) == approx(Fraction(16, 168))
    assert round(krippendorff_alpha(pairs) or 0, 3) == 0.095


def test_a_three_category_alpha_by_hand() -> None:
    # units: (a,a) (a,b) (b,b) (c,c) (c,a): n = 10 values, disagreeing units 2 -> D = 4
    # n_a = 4, n_b = 3, n_c = 3: sum over c != k of n_c n_k = 100 - (16 + 9 + 9) = 66
    # alpha = 1 - 9 * 4 / 66 = 30/66 = 5/11
    pairs = [("a", "a"), ("a", "b"), ("b", "b"), ("c", "c"), ("c", "a")]
    assert krippendorff_alpha(pairs) == approx(Fraction(5, 11))
    # kappa: p_o = 3/5; A: a 2, b 1, c 2; B: a 2, b 2, c 1; p_e = (4 + 2 + 2) / 25 = 8/25
    # kappa = (15/25 - 8/25) / (17/25) = 7/17
    assert cohen_kappa(pairs) == approx(Fraction(7, 17))


def test_undefined_statistics_are_none() -> None:
    assert cohen_kappa([]) is None and krippendorff_alpha([]) is None
    same = [("O", "O")] * 4  # one category everywhere: p_e = 1, no expected disagreement
    assert cohen_kappa(same) is None and krippendorff_alpha(same) is None
    assert cohen_kappa([("x", "y"), ("y", "x")]) == pytest.approx(-1.0)


# -- tokens -------------------------------------------------------------------------------------


def test_tokens_are_word_runs_and_single_other_characters() -> None:
    def words(text: str) -> list[str]:
        return [text[s:e] for s, e in tokens(text)]

    assert len(tokens(TEXT1)) == 10 and len(tokens(TEXT2)) == 13
    assert words("Russia's   troops, (2024)!") == [
        "Russia",
        "'",
        "s",
        "troops",
        ",",
        "(",
        "2024",
        ")",
        "!",
    ]
    assert words("Cafe\u0301 owners") == ["Cafe\u0301", "owners"]  # a combining accent stays
    assert words("🇺🇦 Kyiv") == ["🇺🇦", "Kyiv"]  # a flag is one token
    assert words("peace 👨‍👩‍👧,”") == ["peace", "👨‍👩‍👧", ",", "”"]  # a ZWJ family too
    assert words("👍🏽ok") == ["👍🏽", "ok"]  # with its skin tone
    assert words("مرحبا. 東京") == ["مرحبا", ".", "東京"]
    assert words("a\r\nb\t") == ["a", "b"]
    assert tokens("") == [] and tokens(" \n ") == []


def test_a_token_takes_the_innermost_covering_span() -> None:
    text = "Bank of England staff"
    units = tokens(text)  # Bank of England staff
    spans = [at(text, "Bank of England", "entity", "ORG"), at(text, "England", "entity", "LOC")]
    assert token_labels(units, spans) == ["ORG", "ORG", "LOC", OUTSIDE]
    # a span covering part of a token covers that token
    assert token_labels(units, [(2, 4, "entity", "X")]) == ["X", OUTSIDE, OUTSIDE, OUTSIDE]
    assert token_labels(units, []) == [OUTSIDE] * 4


# -- span matching ------------------------------------------------------------------------------


def test_exact_and_overlap_matching_is_one_to_one() -> None:
    a = [(0, 10, "entity", "P"), (0, 10, "entity", "P"), (20, 30, "entity", "P")]
    b = [(0, 10, "entity", "P"), (5, 25, "entity", "P"), (20, 30, "entity", "L")]
    assert exact_count(a, b) == 1  # the duplicate of A finds no second (0, 10)
    # overlap, same label: (0,10)x(0,10) 10 chars, then (5,25) with the second (0,10) (5 chars)
    # before (20,30) (5 chars: tie, lower index first); (20,30) P finds nothing left
    assert overlap_count(a, b) == 2
    assert overlap_count([(0, 5, "entity", "P")], [(5, 9, "entity", "P")]) == 0  # touching only


def test_confusion_pairs_prefer_the_largest_overlap_then_the_same_label() -> None:
    a = [(0, 10, "entity", "PERSON"), (20, 24, "entity", "LOCATION"), (40, 45, "entity", "EVENT")]
    b = [
        (0, 10, "entity", "ORGANIZATION"),
        (2, 8, "entity", "PERSON"),
        (21, 24, "entity", "LOCATION"),
        (50, 55, "entity", "OTHER"),
    ]
    assert sorted(confusion_pairs(a, b)) == sorted(
        [
            ("PERSON", "ORGANIZATION"),  # 10 characters beat the same label over 6
            ("LOCATION", "LOCATION"),
            ("EVENT", UNMATCHED),
            (UNMATCHED, "PERSON"),
            (UNMATCHED, "OTHER"),
        ]
    )
    tie = confusion_pairs([(0, 4, "entity", "P")], [(0, 4, "entity", "L"), (0, 4, "entity", "P")])
    assert tie == [("P", "P"), (UNMATCHED, "L")]


# -- the whole comparison on two documents -------------------------------------------------------

A1 = Work(
    spans=(
        at(TEXT1, "Ursula von der Leyen", "entity", "PERSON"),
        at(TEXT1, "Sergei Lavrov", "entity", "PERSON"),
        at(TEXT1, "Kyiv", "entity", "LOCATION"),
    ),
    mentions=(
        (*rng(TEXT1, "Ursula von der Leyen"), "a-vdl"),
        (*rng(TEXT1, "Sergei Lavrov"), "a-lav"),
    ),
)
B1 = Work(
    spans=(
        at(TEXT1, "Ursula von der Leyen", "entity", "PERSON"),
        at(TEXT1, "Lavrov", "entity", "PERSON"),
        at(TEXT1, "Kyiv", "entity", "ORGANIZATION"),
    ),
    mentions=((*rng(TEXT1, "Ursula von der Leyen"), "b-ursula"), (*rng(TEXT1, "Lavrov"), "b-lav")),
)
A2 = Work(
    spans=(
        at(TEXT2, "Commission", "entity", "ORGANIZATION"),
        at(TEXT2, "Ursula von der Leyen", "entity", "PERSON"),
        at(TEXT2, "The Commission proposed a loan scheme", "quote", "QUOTE"),
        at(TEXT2, "said", "quote", "CUE"),
        at(TEXT2, "proposed a loan scheme", "claim", "CLAIM"),
    ),
    mentions=((*rng(TEXT2, "Ursula von der Leyen"), "a-vdl"),),
    quotes=(QuoteItem((rng(TEXT2, "The Commission proposed a loan scheme"),), "a-vdl"),),
    claims=(ClaimItem(*rng(TEXT2, "proposed a loan scheme"), "check_worthy", "true"),),
)
B2 = Work(
    spans=(
        at(TEXT2, "von der Leyen", "entity", "PERSON"),
        at(TEXT2, "Commission proposed a loan scheme", "quote", "QUOTE"),
        at(TEXT2, "said", "quote", "CUE"),
        at(TEXT2, "a loan scheme", "claim", "CLAIM"),
    ),
    mentions=((*rng(TEXT2, "von der Leyen"), "b-ursula"),),
    quotes=(QuoteItem((rng(TEXT2, "Commission proposed a loan scheme"),), "b-ursula"),),
    claims=(ClaimItem(*rng(TEXT2, "a loan scheme"), "check_worthy", "misleading"),),
)
DOC1 = DocumentPair("d1", "Kyiv", TEXT1, A1, B1)
DOC2 = DocumentPair("d2", "Loan", TEXT2, A2, B2)


def test_token_figures_of_one_document_by_hand() -> None:
    (entity,) = compare([DOC1], ["entity"]).layers
    # A: Ursula/P von/P der/P Leyen/P met/O Sergei/P Lavrov/P in/O Kyiv/LOCATION ./O
    # B: Ursula/P von/P der/P Leyen/P met/O Sergei/O Lavrov/P in/O Kyiv/ORGANIZATION ./O
    # p_o = 8/10; A: P 6, O 3, L 1; B: P 5, O 4, ORG 1; p_e = (6*5 + 3*4) / 100 = 0.42
    # kappa = (0.8 - 0.42) / 0.58 = 19/29
    assert entity.tokens == 10
    assert entity.kappa == approx(Fraction(19, 29))
    # alpha: n = 20, D = 2 * 2 = 4; n_P = 11, n_O = 7, n_L = 1, n_ORG = 1;
    # sum n_c n_k (c != k) = 400 - (121 + 49 + 1 + 1) = 228; alpha = 1 - 19 * 4 / 228 = 2/3
    assert entity.alpha == approx(Fraction(2, 3))
    labels = {s.label: s for s in entity.labels}
    # PERSON or not: (T,T) 5, (T,F) 1 [Sergei], (F,F) 4: p_o = 0.9; A T 6, B T 5:
    # p_e = 0.6*0.5 + 0.4*0.5 = 0.5, kappa = 0.4 / 0.5 = 0.8;
    # alpha: n_T = 11, n_F = 9: 400 - 121 - 81 = 198; 1 - 19 * 2 / 198 = 80/99
    assert labels["PERSON"].kappa == approx(0.8)
    assert labels["PERSON"].alpha == approx(Fraction(80, 99))
    # LOCATION or not: only A's Kyiv: p_o = 0.9 = p_e (0.9 * 1.0) -> kappa 0;
    # alpha: n_T = 1, n_F = 19: 400 - 1 - 361 = 38; 1 - 19 * 2 / 38 = 0
    assert labels["LOCATION"].kappa == approx(0.0)
    assert labels["LOCATION"].alpha == approx(0.0)


def test_the_comparison_of_two_documents_by_hand() -> None:
    result = compare([DOC1, DOC2])
    entity, quote, claim = result.layers
    # entity, exact: d1 A 3 B 3 matched 1 (Ursula von der Leyen); d2 A 2 B 1 matched 0
    assert entity.exact == Counts(5, 4, 1) and entity.exact.f1 == approx(Fraction(2, 9))
    assert entity.exact.precision == approx(0.25) and entity.exact.recall == approx(0.2)
    # overlap: d1 the two PERSONs (Kyiv has two labels), d2 the PERSON -> 3
    assert entity.overlap == Counts(5, 4, 3) and entity.overlap.f1 == approx(Fraction(2, 3))
    labels = {s.label: s for s in entity.labels}
    assert labels["PERSON"].exact == Counts(3, 3, 1) and labels["PERSON"].overlap.f1 == 1.0
    assert labels["ORGANIZATION"].overlap == Counts(1, 1, 0)  # in different documents
    assert labels["LOCATION"].overlap == Counts(1, 0, 0)
    assert labels["LOCATION"].overlap.precision is None and labels["LOCATION"].overlap.f1 == 0
    # entity tokens, both documents (23): d1 differs on Sergei and Kyiv, d2 on Commission
    # (ORG vs O) and Ursula (P vs O): p_o = 19/23.
    # A: P 10, O 11, L 1, ORG 1; B: P 8, O 14, ORG 1; p_e = (80 + 154 + 1) / 529 = 235/529
    # kappa = (437 - 235) / (529 - 235) = 202/294 = 101/147
    assert entity.tokens == 23 and entity.kappa == approx(Fraction(101, 147))
    # alpha: n = 46, D = 8; P 18, O 25, L 1, ORG 2: 2116 - (324 + 625 + 1 + 4) = 1162
    # alpha = 1 - 45 * 8 / 1162 = 802/1162
    assert entity.alpha == approx(Fraction(802, 1162))
    # quote: the CUE is exact, the QUOTE only overlaps
    assert quote.exact == Counts(2, 2, 1) and quote.overlap == Counts(2, 2, 2)
    # quote tokens: 10 O/O in d1; in d2 only "The" differs (QUOTE vs O): p_o = 22/23;
    # A: QUOTE 6, CUE 1, O 16; B: QUOTE 5, CUE 1, O 17; p_e = (30 + 1 + 272)/529 = 303/529
    # kappa = (506 - 303) / (529 - 303) = 203/226
    assert quote.kappa == approx(Fraction(203, 226))
    # alpha: n = 46, D = 2; QUOTE 11, CUE 2, O 33: 2116 - (121 + 4 + 1089) = 902;
    # 1 - 45 * 2 / 902 = 812/902
    assert quote.alpha == approx(Fraction(812, 902))
    assert claim.exact == Counts(1, 1, 0) and claim.overlap == Counts(1, 1, 1)
    # per document, all layers: d1 A 3 B 3, exact 1, overlap 2; d2 A 5 B 4, exact 1 (CUE),
    # overlap 4 (PERSON, QUOTE, CUE, CLAIM)
    d1, d2 = result.documents
    assert (d1.id, d1.exact.f1, d1.overlap.f1) == ("d1", approx(1 / 3), approx(2 / 3))
    assert (d2.id, d2.exact.f1, d2.overlap.f1) == ("d2", approx(2 / 9), approx(8 / 9))
    # confusion: d1 PERSON/PERSON twice, LOCATION/ORGANIZATION; d2 PERSON/PERSON, ORG/-
    assert entity.confusion.labels == ("LOCATION", "ORGANIZATION", "PERSON", UNMATCHED)
    assert entity.confusion.counts == {
        "LOCATION": {"ORGANIZATION": 1},
        "ORGANIZATION": {UNMATCHED: 1},
        "PERSON": {"PERSON": 3},
    }
    assert quote.confusion.counts == {"CUE": {"CUE": 1}, "QUOTE": {"QUOTE": 1}}
    # the quotes match; their speakers are different entities with different mentions
    # ("Ursula von der Leyen" / "von der Leyen") that overlap: the same speaker
    assert result.entities.pairs == (("a-lav", "b-lav"), ("a-vdl", "b-ursula"))
    assert result.quotes is not None
    assert result.quotes.quotes == Counts(1, 1, 1) and result.quotes.speaker_agreement == 1.0
    assert result.claims is not None and result.claims.claims == Counts(1, 1, 1)
    worthy, verdict = result.claims.attributes
    # one matched claim: same check-worthiness (kappa undefined: p_e = 1), different verdict
    # (p_o = 0, p_e = 0: kappa 0)
    assert (worthy.n, worthy.agree, worthy.percent, worthy.kappa) == (1, 1, 1.0, None)
    assert (verdict.agree, verdict.percent, verdict.kappa) == (0, 0.0, 0.0)


def test_layers_can_be_left_out() -> None:
    result = compare([DOC1, DOC2], ["quote"])
    assert [x.layer for x in result.layers] == ["quote"]
    assert result.claims is None and result.quotes is not None
    # per document figures count only the layer asked: d2's quotes, exact 1 of 2 + 2
    assert result.documents[1].exact == Counts(2, 2, 1)
    assert result.documents[0].overlap.f1 is None  # d1 has no quote spans at all


def test_claim_attribute_kappa_by_hand() -> None:
    text = "one. two. three. four."
    a_values = [
        ("check_worthy", "true"),
        ("check_worthy", "false"),
        ("not_check_worthy", "true"),
        ("unsure", "unverified"),
    ]
    b_values = [
        ("check_worthy", "true"),
        ("not_check_worthy", "false"),
        ("not_check_worthy", "misleading"),
        ("unsure", "unverified"),
    ]
    pieces = ["one", "two", "three", "four"]
    a = Work(
        claims=tuple(ClaimItem(*rng(text, p), *v) for p, v in zip(pieces, a_values, strict=True))
    )
    b = Work(
        claims=tuple(ClaimItem(*rng(text, p), *v) for p, v in zip(pieces, b_values, strict=True))
    )
    result = compare([DocumentPair("d", "t", text, a, b)], ["claim"])
    assert result.claims is not None
    worthy, verdict = result.claims.attributes
    # check-worthiness: p_o = 3/4; A: cw 2, not 1, unsure 1; B: cw 1, not 2, unsure 1;
    # p_e = (2 + 2 + 1) / 16 = 5/16; kappa = (12 - 5) / (16 - 5) = 7/11
    assert (worthy.agree, worthy.percent) == (3, 0.75)
    assert worthy.kappa == approx(Fraction(7, 11))
    # verdict: p_o = 3/4; A: true 2, false 1, unverified 1; B: true 1, false 1, misleading 1,
    # unverified 1; p_e = (2 + 1 + 1) / 16 = 4/16; kappa = (12 - 4) / (16 - 4) = 2/3
    assert verdict.kappa == approx(Fraction(2, 3))


# -- entities and speakers ----------------------------------------------------------------------


def test_entities_align_when_most_of_their_mentions_overlap() -> None:
    a = [
        ("d1", (0, 13, "lavrov")),  # "Sergei Lavrov"
        ("d1", (40, 46, "lavrov")),
        ("d2", (5, 11, "lavrov")),
        ("d2", (20, 30, "un")),
    ]
    b = [
        ("d1", (7, 13, "b-lav")),  # "Lavrov": a different mention, overlapping
        ("d2", (5, 11, "b-lav")),
        ("d1", (40, 46, "b-minister")),  # B split Lavrov: only 1 of A's 3 mentions
        ("d2", (20, 24, "b-un")),  # 1 of 1 mention of A's "un" overlaps ...
        ("d2", (60, 64, "b-un")),  # ... but only 1 of B's 2: not more than half
        ("d3", (20, 30, "b-elsewhere")),  # other document: no overlap
    ]
    # lavrov ~ b-lav: 2 of A's 3 mentions overlap, 2 of B's 2; lavrov ~ b-minister: 1 of 3
    assert align_entities(a, b) == {"lavrov": "b-lav"}
    assert align_entities(a, b + [("d2", (25, 28, "b-un"))]) == {"lavrov": "b-lav", "un": "b-un"}


def test_alignment_is_one_to_one() -> None:
    # B marked the same stretch twice for two entities: A's entity aligns with one of them
    a = [("d", (0, 5, "x"))]
    b = [("d", (0, 5, "y")), ("d", (0, 5, "z"))]
    assert align_entities(a, b) == {"x": "y"}


def test_same_speaker_rules() -> None:
    seg = ((0, 4),)
    aligned = {"a-1": "b-1"}
    assert same_speaker(QuoteItem(seg, "a-1"), QuoteItem(seg, "b-1"), aligned)
    assert same_speaker(QuoteItem(seg, "e"), QuoteItem(seg, "e"), {})  # the same entity id
    assert not same_speaker(QuoteItem(seg, "a-1"), QuoteItem(seg, "b-2"), aligned)
    assert same_speaker(
        QuoteItem(seg, speaker_text="a  Senior official"),
        QuoteItem(seg, speaker_text="A senior official"),
        {},
    )
    named = QuoteItem(seg, "b-9", speaker_names=("Sergey Lavrov", "Sergei Lavrov"))
    assert same_speaker(QuoteItem(seg, speaker_text="sergei lavrov"), named, {})
    assert same_speaker(named, QuoteItem(seg, speaker_text="Sergey Lavrov"), {})
    assert not same_speaker(QuoteItem(seg, speaker_text="Lavrov"), named, {})
    assert same_speaker(QuoteItem(seg), QuoteItem(seg), {})  # neither gave a speaker
    assert not same_speaker(QuoteItem(seg), named, {})


def test_speaker_agreement_counts_matched_quotes_only() -> None:
    text = "He said: yes. She said: no. They said: maybe."
    q = [rng(text, "yes"), rng(text, "no"), rng(text, "maybe")]
    a = Work(
        quotes=(QuoteItem((q[0],), "x"), QuoteItem((q[1],), "y"), QuoteItem((q[2],), "z")),
        mentions=((0, 2, "x"), (14, 17, "y")),
    )
    b = Work(
        quotes=(QuoteItem((q[0],), "bx"), QuoteItem((q[1],), "bx")),  # B missed "maybe"
        mentions=((0, 2, "bx"), (14, 17, "by")),
    )
    result = compare([DocumentPair("d", "t", text, a, b)], ["quote"])
    assert result.quotes is not None
    # 2 matched; "yes" x ~ bx agrees, "no" y vs bx (y ~ by) does not: 1 of 2
    assert result.quotes.quotes == Counts(3, 2, 2)
    assert (result.quotes.speakers_agree, result.quotes.speaker_agreement) == (1, 0.5)


def test_a_quote_of_several_segments_matches_through_any_of_them() -> None:
    text = "“We want,” he said, “peace.”"
    a = Work(quotes=(QuoteItem((rng(text, "We want"), rng(text, "peace")), speaker_text="he"),))
    b = Work(quotes=(QuoteItem((rng(text, "peace"),), speaker_text="He"),))
    result = compare([DocumentPair("d", "t", text, a, b)], ["quote"])
    assert result.quotes is not None and result.quotes.quotes == Counts(1, 1, 1)
    assert result.quotes.speaker_agreement == 1.0


# -- pairwise and JSON --------------------------------------------------------------------------


def test_pairwise_matrix_over_shared_documents() -> None:
    work = {
        "X": {"d1": [(0, 5, "entity", "P"), (10, 15, "entity", "P")]},
        "Y": {"d1": [(0, 5, "entity", "P")], "d2": [(0, 3, "entity", "L")]},
        "Z": {"d2": [(1, 3, "entity", "L")]},
    }
    matrix = pairwise(work)
    assert matrix.annotators == ("X", "Y", "Z")
    assert matrix.f1["X"]["Y"] == matrix.f1["Y"]["X"] == approx(Fraction(2, 3))  # 2*1 / (2+1)
    assert matrix.f1["Y"]["Z"] == 1.0  # on d2 only: Y's d1 is not Z's
    assert matrix.f1["X"]["Z"] is None and matrix.documents["X"]["Z"] == 0  # nothing shared
    assert matrix.f1["X"]["X"] is None and matrix.documents["Y"]["Y"] == 2


def test_to_json_is_plain_json() -> None:
    result = compare([DOC1, DOC2])
    data = to_json(result)
    assert json.loads(json.dumps(data)) == data
    assert data["layers"][0]["layer"] == "entity"
    assert data["layers"][0]["exact"] == {
        "a": 5,
        "b": 4,
        "matched": 1,
        "precision": 0.25,
        "recall": 0.2,
        "f1": pytest.approx(2 / 9),
    }
    assert data["entities"]["pairs"] == [["a-lav", "b-lav"], ["a-vdl", "b-ursula"]]
    assert data["layers"][0]["confusion"]["counts"]["ORGANIZATION"] == {UNMATCHED: 1}


# -- alpha over any number of coders (issue 13, 5) ------------------------------------------------


def test_alpha_of_krippendorffs_own_example_with_four_coders_and_missing_values() -> None:
    """Krippendorff (2011), *Computing Krippendorff's Alpha-Reliability*, the nominal example:
    4 coders, 12 units, some not coded by all; alpha = 0.743."""
    units = [
        "111", "2232", "3333", "3333", "2222", "1234", "4444", "1121", "2222", "555", "11", "3",
    ]  # fmt: skip
    tally = AlphaTally()
    for unit in units:
        tally.add(list(unit))
    assert tally.units == 11  # the unit coded once cannot be paired
    assert round(tally.alpha or 0, 3) == 0.743


@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("abc")), max_size=40))
def test_alpha_of_two_coders_is_the_textbook_formula(pairs: list[tuple[str, str]]) -> None:
    n = 2 * len(pairs)
    values = Counter(a for a, _ in pairs) + Counter(b for _, b in pairs)
    expected = n * n - sum(v * v for v in values.values())
    disagree = 2 * sum(a != b for a, b in pairs)
    textbook = 1 - (n - 1) * disagree / expected if pairs and expected else None
    got = krippendorff_alpha(pairs)
    assert (got is None and textbook is None) or abs((got or 0) - (textbook or 0)) < 1e-12


def test_group_alpha_codes_every_token_by_everyone_who_worked_on_the_document() -> None:
    texts = {"d1": "Lavrov said peace is far", "d2": "Only one person read this"}
    source, cue = (0, 6, "entity", "SOURCE"), (7, 11, "quote", "CUE")
    content = (12, 24, "quote", "QUOTE")
    work = {
        "ann": {"d1": [source, cue, content], "d2": [(0, 4, "entity", "SOURCE")]},
        "bob": {"d1": [source, cue, (12, 17, "quote", "QUOTE")]},
        "cy": {"d1": [source, cue, content]},
    }
    result = group_alpha(texts, work, {"SOURCE", "CUE", "QUOTE"})
    assert (result.documents, result.tokens, result.annotators) == (1, 5, ("ann", "bob", "cy"))
    # by hand: 5 tokens of 3 coders; only "is far" differ (bob: O, O)
    tally = AlphaTally()
    for unit in (["SOURCE"] * 3, ["CUE"] * 3, ["QUOTE"] * 3, ["QUOTE", "QUOTE", "O"]):
        tally.add(unit)
    tally.add(["QUOTE", "QUOTE", "O"])
    assert result.alpha == tally.alpha and result.alpha is not None and 0 < result.alpha < 1
    assert result.by_label["SOURCE"] == 1.0 and result.by_label["CUE"] == 1.0
    only_quotes = group_alpha(texts, work, {"QUOTE"})
    assert only_quotes.by_label == {"QUOTE": only_quotes.alpha}
