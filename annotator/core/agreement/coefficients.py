"""Cohen's kappa and Krippendorff's alpha (nominal) over the categories two or more coders gave.

They are written out here rather than taken from the ``krippendorff`` package: that package
pulls in NumPy (about 20 MB) for a formula of a few lines. Either is None where it is undefined
(no units, or both annotators used a single category everywhere).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two coders, one (A's category, B's category) pair per unit:
    ``(p_o - p_e) / (1 - p_e)`` with ``p_e`` from each coder's own category shares."""
    return counted_kappa(Counter(pairs))


def counted_kappa(pairs: Mapping[tuple[str, str], int]) -> float | None:
    """``cohen_kappa`` of the units counted per (A's category, B's category) pair (the same
    figure: every sum is of whole numbers)."""
    n = sum(pairs.values())
    if not n:
        return None
    observed = sum(k for (a, b), k in pairs.items() if a == b) / n
    of_a: Counter[str] = Counter()
    of_b: Counter[str] = Counter()
    for (a, b), k in pairs.items():
        of_a[a] += k
        of_b[b] += k
    expected = sum(of_a[c] * of_b[c] for c in of_a) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


class AlphaTally:
    """Krippendorff's alpha, nominal, for any number of coders, some of whom may not have coded
    a unit: units are added one at a time (the values of the coders who coded it).

    A unit coded by ``m >= 2`` coders, ``n_c`` of them with value c, adds
    ``n_c * (n_k - [c == k]) / (m - 1)`` to the coincidence of (c, k); units coded once cannot
    be paired and are left out. With ``n`` the pairable values, ``n_c`` their counts and ``D``
    the off-diagonal coincidences, ``alpha = 1 - (n - 1) * D / sum(n_c * n_k for c != k)``
    (Krippendorff, *Computing Krippendorff's Alpha-Reliability*, 2011). With two coders on
    every unit this is the usual two-coder alpha.
    """

    def __init__(self) -> None:
        self.values: Counter[str] = Counter()
        self.disagreement = 0.0
        self.units = 0

    def add(self, values: Sequence[str], times: int = 1) -> None:
        """One unit coded ``values`` (or ``times`` such units: with two coders each unit adds
        a whole number to the disagreement, so adding them at once gives the same sum)."""
        m = len(values)
        if m < 2:
            return
        counts = Counter(values)
        for value, n in counts.items():
            self.values[value] += n * times
        self.disagreement += times * ((m * m - sum(c * c for c in counts.values())) / (m - 1))
        self.units += times

    @property
    def alpha(self) -> float | None:
        n = sum(self.values.values())
        expected = n * n - sum(v * v for v in self.values.values())
        if not self.units or not expected:
            return None  # no units, or a single category everywhere
        return 1 - (n - 1) * self.disagreement / expected


def krippendorff_alpha(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Krippendorff's alpha, nominal, for two coders who both coded every unit (``AlphaTally``
    with one unit per pair)."""
    return counted_alpha(Counter(pairs))


def counted_alpha(pairs: Mapping[tuple[str, str], int]) -> float | None:
    """``krippendorff_alpha`` of the units counted per (A's value, B's value) pair."""
    tally = AlphaTally()
    for values, times in pairs.items():
        tally.add(values, times)
    return tally.alpha
