"""Whole columns through a cell parser (see :mod:`.values`): plain cells at once, the other cells one by one.

The big numeric and text columns of a normal export (400,000 positions) are nearly all plain: ``4300``,
``1234.5``, ``6088000001``. :mod:`.plain` recognises those cells and computes their values with array arithmetic;
every other cell (blank, grouped oddly, signed with ``+``, bad) goes through the parser once per distinct value,
which names the bad cells. Columns that repeat values (accounts, codes, quantities, days) are first reduced to
their distinct cells. Both paths give the same values (property-tested).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from rmdesk.services.importing import plain
from rmdesk.services.importing.distinct import factorize
from rmdesk.services.importing.values import (
    MAX_AMOUNT_LI,
    MAX_PRICE_LI,
    MAX_QUANTITY,
    CellError,
    parse_amount,
    parse_amount_nonneg,
    parse_amount_positive,
    parse_code,
    parse_date,
    parse_id_no,
    parse_phone,
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
    _factorized: tuple[np.ndarray, np.ndarray] | None = field(default=None, init=False, repr=False)

    def factorized(self) -> tuple[np.ndarray, np.ndarray]:
        """(code of each row, distinct values in order of first appearance); a blank or bad cell has code -1.

        Computed once: the reference checks and the duplicate check of a column share it.
        """
        if self._factorized is None:
            self._factorized = factorize(self.values, na_sentinel=True)
        return self._factorized


def convert(series: pd.Series, parse: Callable[[str], Any]) -> Column:
    """Apply ``parse`` to every non-blank cell of ``series`` (text cells): plain cells at once, others per value.

    Columns that repeat values (accounts, codes, quantities, days) are converted once per distinct cell; the
    amounts, nearly all distinct, cell by cell.
    """
    cells = series.to_numpy(dtype=object)
    n = len(cells)
    if n == 0:
        return Column(np.empty(0, dtype=object), np.zeros(0, dtype=bool))
    scan = _scanner(parse)
    if scan is None:
        return _per_value(cells, parse)
    if parse in _MOSTLY_DISTINCT:
        return _scanned(cells, parse, scan)[0]
    codes, uniques = factorize(cells, na_sentinel=False)
    once, all_plain = _scanned(uniques, parse, scan)
    col = Column(once.values[codes], once.blank[codes], _spread(codes, once.errors))
    if all_plain and getattr(scan, "keeps_cells", False):
        # every distinct cell is its own value: these codes are the values' own (the checks reuse them)
        col._factorized = (codes, once.values)
    return col


def _scanned(cells: np.ndarray, parse: Callable[[str], Any], scan: Scanner) -> tuple[Column, bool]:
    """The scanner's values for plain cells, the parser's for the others; and whether every cell was plain."""
    found = scan(cells)
    if found is None:
        return _per_value(cells, parse), False
    values, ok = found
    if ok.all():
        return Column(values, np.zeros(len(cells), dtype=bool)), True
    rest = np.flatnonzero(~ok)
    other = _per_value(cells[rest], parse)
    values[rest] = other.values
    blank = np.zeros(len(cells), dtype=bool)
    blank[rest] = other.blank
    return Column(values, blank, [(int(rest[pos]), err) for pos, err in other.errors]), False


def _spread(codes: np.ndarray, errors: list[tuple[int, CellError]]) -> list[tuple[int, CellError]]:
    """Errors of distinct cells → an error at every row holding that cell, in row order."""
    if not errors:
        return []
    failed = dict(errors)
    bad = np.flatnonzero(np.isin(codes, np.fromiter(failed, dtype=np.int64)))
    return [(int(pos), failed[int(codes[pos])]) for pos in bad]


def _per_value(cells: np.ndarray, parse: Callable[[str], Any]) -> Column:
    """The parser once per distinct cell (columns repeat values a lot: accounts, codes, dates)."""
    codes, uniques = factorize(cells, na_sentinel=False)
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
    return Column(results[codes], blank_u[codes], _spread(codes, list(failed.items())))


Scanner = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray] | None]


def _numbers(*, scale: int, signed: bool = False, positive: bool = False, limit: int) -> Scanner:
    """Plain numbers → (object array of exact ints, plain-and-in-range mask); out-of-range cells go to the parser."""

    def scan(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        found = plain.numbers(cells, scale=scale, signed=signed)
        if found is None:
            return None
        value, ok = found
        ok &= np.abs(value) < limit
        if positive:
            ok &= value > 0
        return np.where(ok, value, 0).astype(object), ok

    return scan


def _unchanged(test: Callable[[np.ndarray], np.ndarray | None]) -> Scanner:
    """Cells the parser returns as they are (text, normalised codes)."""

    def scan(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        ok = test(cells)
        return None if ok is None else (cells.copy(), ok)

    scan.keeps_cells = True  # type: ignore[attr-defined]  # a plain cell is its own value
    return scan


_SCANNERS: dict[Callable[[str], Any], Scanner] = {
    parse_quantity: _numbers(scale=0, limit=MAX_QUANTITY),
    parse_quantity_positive: _numbers(scale=0, positive=True, limit=MAX_QUANTITY),
    parse_amount: _numbers(scale=3, signed=True, limit=MAX_AMOUNT_LI),
    parse_amount_nonneg: _numbers(scale=3, limit=MAX_AMOUNT_LI),
    parse_price: _numbers(scale=3, positive=True, limit=MAX_PRICE_LI),
    parse_amount_positive: _numbers(scale=3, positive=True, limit=MAX_AMOUNT_LI),
    parse_code: _unchanged(plain.codes),
    parse_phone: _unchanged(plain.phones),
    parse_id_no: _unchanged(lambda cells: plain.text(cells, 32, upper=True)),
    parse_date: plain.dates,
}


_MOSTLY_DISTINCT = frozenset({parse_amount, parse_amount_nonneg, parse_price, parse_amount_positive})


def _scanner(parse: Callable[[str], Any]) -> Scanner | None:
    scan = _SCANNERS.get(parse)
    max_len = getattr(parse, "max_len", None)
    if scan is None and max_len is not None:
        scan = _unchanged(lambda cells: plain.text(cells, max_len))
    return scan
