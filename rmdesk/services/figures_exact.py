"""Exact integer helpers of the figures engine: int64 where it provably fits, Python ints where it does not.

A product of li and ppm (unit: 1e-9 yuan) can pass 2**63, so it is kept as a *wide* pair ``(a, b)`` meaning
``a·10**6 + b`` with ``0 ≤ b < 10**6``: ``a`` is in li, both parts stay well inside int64, and sums,
comparisons and rounding work on the pair exactly. Every helper accepts int64 arrays and object arrays of
Python ints alike, so the per-account formulas are written once for both.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from rmdesk.money import PPM
from rmdesk.services.figures_book import IntArray

U = PPM  # one li in li·ppm
ROW_LIMIT = 2**62  # a single row value (li), or any checked column's total of absolute values, stays below this
_FAST_SUM_LIMIT = (2**63 - 1) // U  # per-account Σ|v| below this: Σ v·f (0 ≤ f ≤ U) fits int64 directly
_FITS = 9 * 10**12  # |a| below this: a·U + b fits int64
_DIGITS_LIMIT = 9 * 10**17  # a denominator below this: long division by digits stays inside int64

Arr = Any  # an int64 or object ndarray
Wide = tuple[Arr, Arr]


class EngineRangeError(OverflowError):
    """An input so large that no branch book can hold it (a single value beyond 2**62 li)."""


def mul_rows(x: IntArray, y: IntArray, what: str) -> IntArray:
    """Row-wise int64 product, refused (never wrapped) when it could leave int64."""
    coarse = len(x) and int(np.max(np.abs(x))) * int(np.max(np.abs(y))) >= ROW_LIMIT
    if coarse and float(np.max(np.abs(x.astype(np.float64) * y))) >= ROW_LIMIT:  # the maxima bound is coarse
        raise EngineRangeError(f"{what} beyond the engine's range")
    return x * y


def add_at(values: IntArray, index: IntArray, n: int) -> IntArray:
    """Per-account sums, unchecked: the caller guarantees no account's partial sums leave int64."""
    out = np.zeros(n, dtype=np.int64)
    np.add.at(out, index, values)
    return out


def seg_sum(values: IntArray, index: IntArray, n: int, what: str) -> IntArray:
    """Per-account sums of a row column; the column's absolute total bounds every partial sum."""
    if len(values) and float(np.abs(values).sum(dtype=np.float64)) >= ROW_LIMIT:
        raise EngineRangeError(f"{what} beyond the engine's range")
    return add_at(values, index, n)


def norm(a: Arr, b: Arr) -> Wide:
    carry = b // U
    return a + carry, b - carry * U


def wmul(v: Arr, f: Any) -> Wide:
    """Exact v·f as a wide pair (v in li, f in ppm, 0 ≤ f ≤ 10**7)."""
    hi = v // U
    return norm(hi * f, (v - hi * U) * f)


def seg_sum_ppm(v: IntArray, f: IntArray, index: IntArray, n: int, abs_totals: IntArray, what: str) -> Wide:
    """Per-account Σ v·f (v li, 0 ≤ f ≤ 10**6 ppm) as wide pairs; ``abs_totals`` bounds each account's Σ|v|.

    When every bound is below 2**63 / 10**6 the products and their sums are plain int64; otherwise each
    product is split into wide parts first.
    """
    if not len(abs_totals) or int(np.max(abs_totals)) < _FAST_SUM_LIMIT:
        return norm(np.zeros(n, dtype=np.int64), add_at(v * f, index, n))
    a, b = wmul(v, f)
    return seg_sum(a, index, n, what), seg_sum(b, index, n, what)


def wli(v: Arr) -> Wide:
    """An amount in li as a wide li·ppm value."""
    return v, v * 0


def wadd(*terms: Wide) -> Wide:
    return norm(sum(t[0] for t in terms), sum(t[1] for t in terms))


def wsub(x: Wide, y: Wide) -> Wide:
    return norm(x[0] - y[0], x[1] - y[1])


def wlt(x: Wide, y: Wide) -> Any:
    return (x[0] < y[0]) | ((x[0] == y[0]) & (x[1] < y[1]))


def wpos(x: Wide) -> Any:
    return (x[0] > 0) | ((x[0] == 0) & (x[1] > 0))


def wmin(x: Wide, y: Wide) -> Wide:
    take_x = wlt(x, y)
    return np.where(take_x, x[0], y[0]), np.where(take_x, x[1], y[1])


def wrows(x: Wide, rows: IntArray) -> Wide:
    return x[0][rows], x[1][rows]


def as_int(x: Wide) -> Arr:
    """The wide value as one integer: int64 when every row fits, else Python ints."""
    if len(x[0]) and int(np.max(np.abs(x[0]))) >= _FITS:
        return x[0].astype(object) * U + x[1].astype(object)
    return x[0] * U + x[1]


def rdiv(num: Arr, den: Any) -> Arr:
    """num / den (den > 0) rounded to an integer, half away from zero; exact for int64 and Python ints."""
    q = num // den
    twice_r = 2 * (num - q * den)
    up = (twice_r > den) | ((twice_r == den) & (num >= 0))
    return q + up.astype(q.dtype)


def wcents(x: Wide) -> Arr:
    """A wide li·ppm value in whole fen (10**7 li·ppm), rounded half away from zero."""
    q = x[0] // 10
    rem2 = 2 * ((x[0] - q * 10) * U + x[1])
    up = (rem2 > 10 * U) | ((rem2 == 10 * U) & (x[0] >= 0))
    return q + up.astype(q.dtype)


def basis_points(num: Wide, den: Wide) -> Arr:
    """10**4 · num / den rounded half up, for 0 ≤ num ≤ den and den > 0 (a fraction 0–1 to 4 decimals).

    Long division four digits at a time keeps int64 enough for denominators below 9e17 li·ppm (¥900 m);
    larger ones are divided as Python ints.
    """
    n, d = as_int(num), as_int(den)
    if object in (n.dtype, d.dtype) or (len(d) and int(np.max(d)) >= _DIGITS_LIMIT):
        return rdiv(n.astype(object) * 10_000, d.astype(object))
    q, r = np.zeros_like(n), n
    for _ in range(4):
        r = r * 10
        digit = r // d
        r = r - digit * d
        q = q * 10 + digit
    return q + (2 * r >= d).astype(np.int64)


def optional(values: Arr, defined: Any, scale: int = 1) -> list[int | None]:
    """Values (times ``scale``, in Python ints: no int64 overflow) where defined, None elsewhere."""
    if scale == 1:
        return [x if d else None for x, d in zip(values.tolist(), defined.tolist(), strict=True)]
    return [x * scale if d else None for x, d in zip(values.tolist(), defined.tolist(), strict=True)]
