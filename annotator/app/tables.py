"""A figure as a table (the Statistics view's sections, `annotator stats`, CSV), and the
table as aligned text."""

from __future__ import annotations

from dataclasses import dataclass

Cell = str | int


@dataclass(frozen=True)
class Table:
    """One figure as rows: ``key`` names it (the window's section, the JSON's key)."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    notes: tuple[str, ...] = ()


def aligned(t: Table) -> list[str]:
    """Columns padded to their widest cell; numbers (and their headings, and percentages) to
    the right."""
    cells = [t.columns, *t.rows]
    widths = [max(len(str(row[i])) for row in cells) for i in range(len(t.columns))]
    right = [
        any(isinstance(row[i], int) or str(row[i]).endswith("%") for row in t.rows)
        for i in range(len(t.columns))
    ]
    return [
        "  "
        + "  ".join(
            f"{c:>{w}}" if r else f"{c:<{w}}" for c, w, r in zip(row, widths, right, strict=True)
        ).rstrip()
        for row in cells
    ]
