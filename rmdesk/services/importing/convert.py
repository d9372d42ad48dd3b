"""Whole columns through a cell parser (see :mod:`.values`): once per distinct value, or in one pass.

Columns repeat values a lot (account numbers, codes, dates), so the generic path parses each distinct value once.
The big numeric and text columns of a normal export (400,000 positions) take a one-pass path instead: one regex
over the joined column proves every cell has the plain form, then the values are built without a parser call per
cell. Both paths give the same values (property-tested); any cell the one-pass path does not cover takes the
generic path, which names the bad cells.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from rmdesk.money import LI_PER_YUAN
from rmdesk.services.importing.values import (
    CONTROL_RE,
    MAX_AMOUNT_LI,
    MAX_PRICE_LI,
    CellError,
    parse_amount,
    parse_amount_nonneg,
    parse_amount_positive,
    parse_price,
    parse_quantity,
    parse_quantity_positive,
)


@dataclass
class Column:
    """A converted column: one value per row (None where blank) and the rows that failed."""

    values: np.ndarray  # object array
    blank: np.ndarray  # bool array
    errors: list[tuple[int, CellError]] = field(default_factory=list)  # (position, error)


_DIGITS_RE = re.compile(r"(?:[0-9]{1,12}\n)*")
_PLAIN = r"(?:[0-9]{1,12}|[0-9]{1,3}(?:,[0-9]{3}){1,3})(?:\.[0-9]{0,3})?"  # ≤ 12 integer digits, ≤ 3 decimals
_AMOUNT_RE = re.compile(rf"(?:{_PLAIN}\n)*")
_SIGNED_AMOUNT_RE = re.compile(rf"(?:-?{_PLAIN}\n)*")
_SIMPLE_AMOUNT_RE = re.compile(r"(?:[0-9]{1,12}(?:\.[0-9]{0,3})?\n)*")  # the usual export: no sign, no commas
_AFTER_NEWLINE_SPACE_RE = re.compile(r"\n\s")  # a literal first character: scanned like str.find


def convert(series: pd.Series, parse: Callable[[str], Any]) -> Column:
    """Apply ``parse`` to every non-blank cell of ``series`` (text cells), once per distinct value."""
    n = len(series)
    if n == 0:
        return Column(np.empty(0, dtype=object), np.zeros(0, dtype=bool))
    fast_path = _FAST.get(parse)
    max_len = getattr(parse, "max_len", None)
    if fast_path is None and max_len is not None:
        fast_path = lambda s: _plain_text(s, max_len)  # noqa: E731
    if fast_path is not None:
        fast = fast_path(series)
        if fast is not None:
            return fast
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    results = np.empty(len(uniques), dtype=object)
    failed: dict[int, CellError] = {}
    blank_u = np.zeros(len(uniques), dtype=bool)
    for i, raw in enumerate(uniques):
        text = "" if raw is None or (isinstance(raw, float) and math.isnan(raw)) else str(raw)
        if not text.strip():
            blank_u[i] = True
            results[i] = None
            continue
        try:
            results[i] = parse(text)
        except CellError as err:
            failed[i] = err
            results[i] = None
    values = results[codes]
    blank = blank_u[codes]
    errors: list[tuple[int, CellError]] = []
    if failed:
        bad = np.flatnonzero(np.isin(codes, np.fromiter(failed, dtype=np.int64)))
        errors = [(int(pos), failed[int(codes[pos])]) for pos in bad]
    return Column(values, blank, errors)


def _joined(cells: list[Any]) -> str | None:
    """The cells joined by newlines, or None when a cell is not text or holds a newline itself."""
    try:
        joined = "\n".join(cells)
    except TypeError:
        return None
    return joined if joined.count("\n") == len(cells) - 1 else None


def _plain_digits(series: pd.Series, *, positive: bool = False) -> Column | None:
    """Quantities that are all plain digits (the usual export) convert without a Python call per cell."""
    cells = series.tolist()
    joined = _joined(cells)
    if joined is None or not _DIGITS_RE.fullmatch(joined + "\n"):
        return None
    ints = np.array(cells, dtype=object).astype(np.int64)
    if positive and (ints <= 0).any():
        return None  # let the per-value path name the bad cells
    return Column(ints.astype(object), np.zeros(len(cells), dtype=bool))


def _plain_li(cell: str) -> int:
    """``-1,234.5`` → -1234500 (the cell is known to match _SIGNED_AMOUNT_RE)."""
    whole, _, frac = cell.partition(".")
    value = abs(int(whole.replace(",", ""))) * LI_PER_YUAN + int((frac + "000")[:3])
    return -value if cell.startswith("-") else value


def _simple_li(cell: str) -> int:
    """``1234.5`` → 1234500 (the cell is known to match _SIMPLE_AMOUNT_RE)."""
    whole, _, frac = cell.partition(".")
    return int(whole) * LI_PER_YUAN + int((frac + "000")[:3]) if frac else int(whole) * LI_PER_YUAN


def _plain_amounts(series: pd.Series, *, signed: bool = False, positive: bool = False, limit: int) -> Column | None:
    """Amounts/prices like ``123``, ``1,234.5`` or ``-12.345`` convert to li in one pass over the column."""
    cells = series.tolist()
    joined = _joined(cells)
    if joined is None:
        return None
    if _SIMPLE_AMOUNT_RE.fullmatch(joined + "\n"):
        li = np.array([_simple_li(c) for c in cells], dtype=np.int64)
    elif (_SIGNED_AMOUNT_RE if signed else _AMOUNT_RE).fullmatch(joined + "\n"):
        li = np.array([_plain_li(c) for c in cells], dtype=np.int64)
    else:
        return None
    if (positive and (li <= 0).any()) or (np.abs(li) >= limit).any():
        return None  # let the per-value path name the bad cells
    return Column(li.astype(object), np.zeros(len(cells), dtype=bool))


def _edge_space(joined: str) -> bool:
    """Does any cell of the joined column start or end with whitespace (or is one blank)?"""
    if not joined or joined[0].isspace() or joined[-1].isspace():
        return True
    # "x \ny" has a space before a newline: the reversed text then has one after it.
    return bool(_AFTER_NEWLINE_SPACE_RE.search(joined) or _AFTER_NEWLINE_SPACE_RE.search(joined[::-1]))


def _plain_text(series: pd.Series, max_len: int) -> Column | None:
    """Text cells that are all non-blank, trimmed, short enough and free of control characters: taken as they are."""
    cells = series.tolist()
    joined = _joined(cells)
    if joined is None or CONTROL_RE.search(joined) or _edge_space(joined):
        return None
    lengths = [len(c) for c in cells]
    if min(lengths) == 0 or max(lengths) > max_len:
        return None
    return Column(np.array(cells, dtype=object), np.zeros(len(cells), dtype=bool))


_FAST: dict[Callable[[str], Any], Callable[[pd.Series], Column | None]] = {
    parse_quantity: _plain_digits,
    parse_quantity_positive: lambda s: _plain_digits(s, positive=True),
    parse_amount: lambda s: _plain_amounts(s, signed=True, limit=MAX_AMOUNT_LI),
    parse_amount_nonneg: lambda s: _plain_amounts(s, limit=MAX_AMOUNT_LI),
    parse_price: lambda s: _plain_amounts(s, positive=True, limit=MAX_PRICE_LI),
    parse_amount_positive: lambda s: _plain_amounts(s, positive=True, limit=MAX_AMOUNT_LI),
}
