"""Agreement between two annotators (or more): span F1, token kappa and alpha, speakers, claims.

Everything here works on plain values (offsets are code point indices, half-open), so the CLI
and the window compute the same figures. Annotator A is the reference: precision is the share
of B's spans that A has too, recall the share of A's that B found (F1 is symmetric).

* ``records``: what is compared (one annotator's ``Work`` per ``DocumentPair``) and the results.
* ``spans``: span-level measures: exact and overlap matching, counts, precision, recall, F1.
* ``tokens``: token-level units: the tokens of a text and the label each token takes.
* ``coefficients``: Cohen's kappa and Krippendorff's alpha over category pairs.
* ``group``: Krippendorff's alpha token-wise over every annotator of each document at once.
* ``entities``: entities aligned by their mentions, and quotes' speakers.
* ``comparison``: the whole comparison of A and B, one document at a time, and every pair.
"""
