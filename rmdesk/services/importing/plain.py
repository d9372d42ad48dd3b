"""Whole-column scanners for the plain cells of a normal export, in numpy (no Python call per cell).

A column is joined into one array of code points (cells separated by newlines); every test and every digit's place
value is then array arithmetic on exact int64. Each scanner returns, per cell, whether the cell has the plain form
and, for those cells, the value the cell parser gives (property-tested against the parsers). Cells that are not
plain (blank, signed with ``+``, full-width, too long, bad) are left to the per-value parser, which names them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from rmdesk.services.importing.values import CONTROL_RE, MAX_YEAR, MIN_YEAR

# Which code points str.strip() removes (all of them are ≤ U+3000) and which the text parser rejects (all < 0x80):
# tables built from the parsers' own predicates, so the scanners agree with them by construction.
# Both tables end with a False entry that stands for every code point above U+3000.
_SPACE = np.array([chr(i).isspace() for i in range(0x3001)] + [False], dtype=bool)
_CONTROL = np.array([CONTROL_RE.match(chr(i)) is not None for i in range(0x3001)] + [False], dtype=bool)
assert all(i < 32 or i == 127 for i in np.flatnonzero(_CONTROL)), "text() looks for control characters among these"
_POW10 = 10 ** np.arange(19, dtype=np.int64)  # 10**0 … 10**18
_DIGIT = np.array([int(chr(i)) if chr(i) in "0123456789" else 0 for i in range(256)], dtype=np.int64)
_MAX_DIGITS = 12  # whole digits of a plain number: more is beyond every limit, and int64 holds it with 3 decimals
_NL, _MINUS, _COMMA, _DOT, _ZERO, _NINE = 10, 45, 44, 46, 48, 57


def _lookup(table: np.ndarray, cp: np.ndarray) -> np.ndarray:
    """``table[c]`` for each code point (those above the table read its last entry)."""
    out: np.ndarray = table[cp] if cp.dtype == np.uint8 else table[np.minimum(cp, len(table) - 1)]
    return out


@dataclass(frozen=True)
class Flat:
    """A column's cells as one code-point array: cell i is ``cp[start[i] : start[i] + length[i]]``, then a newline.

    A cell holding a newline itself is represented as empty, which no scanner accepts.
    """

    cp: np.ndarray  # uint8 (ASCII column) or uint32
    start: np.ndarray  # int64
    length: np.ndarray  # int64


def flat(cells: np.ndarray) -> Flat | None:
    """Join ``cells`` (an object array of str) into a Flat; None when a cell is not text or cannot be encoded."""
    items = cells.tolist()
    n = len(items)
    if n == 0:
        return None
    try:
        cp = _code_points("\n".join(items) + "\n")
    except (TypeError, UnicodeEncodeError):  # not text, or a lone surrogate: leave the column to the parser
        return None
    ends = np.flatnonzero(cp == _NL)
    if len(ends) != n:  # a quoted cell with a line break: blank it out here, the parser sees it as it is
        cp = _code_points("\n".join("" if "\n" in c else c for c in items) + "\n")
        ends = np.flatnonzero(cp == _NL)
    start = np.empty(n, dtype=np.int64)
    start[0] = 0
    start[1:] = ends[:-1] + 1
    return Flat(cp, start, ends - start)


def _code_points(joined: str) -> np.ndarray:
    if joined.isascii():
        return np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
    return np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)


def numbers(cells: np.ndarray, *, scale: int, signed: bool) -> tuple[np.ndarray, np.ndarray] | None:
    """Cells ``123``, ``1,234`` or (``scale`` > 0) ``12.5``/``1,234.567``, with a leading ``-`` when ``signed``.

    Returns (value × 10**scale as int64, plain) per cell: at most 12 whole digits, at most ``scale`` decimals,
    thousands separators in groups of three or none at all. ``value`` is meaningless where ``plain`` is False.
    """
    f = flat(cells)
    if f is None:
        return None
    cp, start, length = f.cp, f.start, f.length
    n = len(start)
    end = start + length
    digit = cp - cp.dtype.type(_ZERO)  # unsigned: every other character wraps to more than 9
    # The few characters that are not digits (points, commas, signs, anything else), and the cell of each.
    odd = np.flatnonzero(digit > 9)
    odd = odd[cp[odd] != _NL]
    ch = cp[odd]
    owner = np.searchsorted(start, odd, side="right") - 1
    plain = length >= 1
    neg = np.zeros(n, dtype=bool)
    if signed:
        lead = (ch == _MINUS) & (odd == start[owner])
        neg[owner[lead]] = True
        odd, ch, owner = odd[~lead], ch[~lead], owner[~lead]
    dot = (ch == _DOT) if scale > 0 else np.zeros(len(ch), dtype=bool)
    comma = ch == _COMMA
    plain[owner[~(dot | comma)]] = False  # any other character
    plain &= np.bincount(owner[dot], minlength=n) <= 1
    dot_at = end.copy()  # the point's position, or the cell's end
    dot_at[owner[dot]] = odd[dot]
    whole = dot_at - start - neg  # characters of the whole part
    commas = np.bincount(owner[comma], minlength=n)
    grouped = commas > 0
    if grouped.any():  # a comma every three digits counted from the point, none before the first digit
        places = dot_at[owner[comma]] - odd[comma]
        plain[owner[comma][(places % 4 != 0) | (places <= 0) | (places >= whole[owner[comma]])]] = False
        plain &= ~grouped | ((commas == (whole - 1) // 4) & (whole % 4 != 0))
    digits = whole - commas
    decimals = np.where(dot_at < end, end - dot_at - 1, 0)
    plain &= (digits >= 1) & (digits <= _MAX_DIGITS) & (decimals <= scale)
    # Place value of each digit: dot_at - i - 1 before the point (less one per comma after it), i - dot_at after.
    exponent = np.repeat(dot_at + scale, length + 1) - np.arange(len(cp), dtype=np.int64)
    exponent -= exponent > scale
    if grouped.any():
        before = np.repeat(grouped, length + 1) & (exponent >= scale)
        exponent[before] -= (exponent[before] - scale) // 4
    terms = _POW10[np.clip(exponent, 0, 18)]
    terms *= _DIGIT[cp] if cp.dtype == np.uint8 else np.where(digit <= 9, digit, 0)
    value = np.add.reduceat(terms, start)  # every cell's slice holds at least its newline: never empty
    return np.where(neg, -value, value), plain


def text(cells: np.ndarray, max_len: int, *, upper: bool = False) -> np.ndarray | None:
    """Which cells a text parser returns unchanged: 1..max_len characters, no outer space, no control character.

    ``upper``: also unchanged by str.upper() — ASCII without a lower-case letter.
    """
    f = flat(cells)
    if f is None:
        return None
    cp, start, length = f.cp, f.start, f.length
    plain = (length >= 1) & (length <= max_len)
    plain &= ~_lookup(_SPACE, cp[start]) & ~_lookup(_SPACE, cp[start + np.maximum(length - 1, 0)])
    # every control character is below 32 or 127 (checked at import); the newlines between cells are not
    maybe = np.flatnonzero(((cp < 32) & (cp != _NL)) | (cp == 127))
    odd = maybe[_lookup(_CONTROL, cp[maybe])]
    if upper:
        odd = np.concatenate((odd, np.flatnonzero((cp > 127) | ((cp >= ord("a")) & (cp <= ord("z"))))))
    if len(odd):
        plain[np.searchsorted(start, odd, side="right") - 1] = False
    return plain


def _fixed(f: Flat, shape: str) -> tuple[np.ndarray, list[np.ndarray]]:
    """Cells of exactly ``shape``'s length, matching it: ``9`` any ASCII digit, ``?`` any character, else itself.

    Returns which cells match and, for each ``9`` (its digit) and ``?`` (its code point), one int64 per cell.
    """
    width = len(shape)
    plain: np.ndarray = f.length == width
    if plain.all():  # every cell this wide (a column of codes or days): the cells are the rows of a matrix
        matrix = f.cp.reshape(len(plain), width + 1)

        def char(k: int) -> np.ndarray:
            column: np.ndarray = matrix[:, k].astype(np.int64)
            return column

    else:
        at = np.where(plain, f.start, 0)
        last = len(f.cp) - 1

        def char(k: int) -> np.ndarray:
            column: np.ndarray = f.cp[np.minimum(at + k, last)].astype(np.int64)
            return column

    parts: list[np.ndarray] = []
    for k, want in enumerate(shape):
        ch = char(k)
        if want == "9":
            ch -= _ZERO
            plain &= (ch >= 0) & (ch <= 9)
        elif want != "?":
            plain &= ch == ord(want)
            continue
        parts.append(ch)
    return plain, parts


_SUFFIXES = [ord(a) * 65536 + ord(b) for a, b in ("SH", "SZ", "BJ")]


def codes(cells: np.ndarray) -> np.ndarray | None:
    """Which cells are already a normalised security code (``600519.SH``): parse_code returns them unchanged."""
    f = flat(cells)
    if f is None:
        return None
    plain, parts = _fixed(f, "999999.??")
    return plain & np.isin(parts[6] * 65536 + parts[7], _SUFFIXES)


def phones(cells: np.ndarray) -> np.ndarray | None:
    """Which cells are already a plain mobile number (1 and ten ASCII digits): parse_phone returns them unchanged."""
    f = flat(cells)
    return None if f is None else _fixed(f, "19999999999")[0]


def dates(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Cells ``YYYY-MM-DD`` of a real day within the parser's years → (date per cell, plain).

    Each distinct day is checked and built once, by ``date`` itself: the parser's own test of a real day.
    """
    f = flat(cells)
    if f is None:
        return None
    plain, d = _fixed(f, "9999-99-99")
    year = ((d[0] * 10 + d[1]) * 10 + d[2]) * 10 + d[3]
    packed = np.where(plain, year * 10000 + (d[4] * 10 + d[5]) * 100 + d[6] * 10 + d[7], 0)  # YYYYMMDD
    codes_, uniques = pd.factorize(packed)
    days = np.full(len(uniques), None, dtype=object)
    real = np.zeros(len(uniques), dtype=bool)
    for i, number in enumerate(uniques.tolist()):
        year, rest = divmod(number, 10000)
        if MIN_YEAR <= year <= MAX_YEAR:
            try:
                days[i] = date(year, rest // 100, rest % 100)
            except ValueError:
                continue
            real[i] = True
    return days[codes_], plain & real[codes_]
