"""Exact money and fraction units shared by every layer.

The choice (documented in README "Money"): amounts and prices are stored as whole **厘** (li, 0.001 yuan)
in BIGINT columns; fractions (rates, haircuts, lines, shares) as whole **millionths** (ppm). Prices carry at
most 3 decimals and imported amounts at most 3, so both are exact integers; no binary float is ever stored.
Arithmetic on them is integer or :class:`~decimal.Decimal`; a figure is rounded once, half away from zero,
when it is reported (0.01 for amounts, 0.0001 for fractions).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from fractions import Fraction

LI_PER_YUAN = 1000
PPM = 1_000_000

CENT = Decimal("0.01")
BASIS = Decimal("0.0001")

# Enough digits that no intermediate value of a branch book is ever rounded by the context.
EXACT = Context(prec=60)


class UnitError(ValueError):
    """A value cannot be represented exactly in the storage unit."""


def to_li(amount: Decimal | int | str) -> int:
    """Yuan → whole li. Raises UnitError for more than 3 decimals or a float."""
    if isinstance(amount, float):
        raise UnitError("binary floats are not accepted as money")
    try:
        d = Decimal(amount)
    except InvalidOperation as exc:
        raise UnitError(f"not a number: {amount!r}") from exc
    scaled = d.scaleb(3, context=EXACT)
    if scaled != scaled.to_integral_value():
        raise UnitError(f"{amount} has more than 3 decimals")
    return int(scaled)


def from_li(li: int) -> Decimal:
    """Whole li → yuan as an exact Decimal."""
    return Decimal(li).scaleb(-3, context=EXACT)


def to_ppm(fraction: Decimal | int | str) -> int:
    """Fraction → whole millionths. Raises UnitError for more than 6 decimals or a float."""
    if isinstance(fraction, float):
        raise UnitError("binary floats are not accepted as fractions")
    try:
        d = Decimal(fraction)
    except InvalidOperation as exc:
        raise UnitError(f"not a number: {fraction!r}") from exc
    scaled = d.scaleb(6, context=EXACT)
    if scaled != scaled.to_integral_value():
        raise UnitError(f"{fraction} has more than 6 decimals")
    return int(scaled)


def from_ppm(ppm: int) -> Decimal:
    """Whole millionths → exact Decimal fraction."""
    return Decimal(ppm).scaleb(-6, context=EXACT)


def round_half_away(value: Decimal | Fraction | int, quantum: Decimal) -> Decimal:
    """Round once, half away from zero (ROUND_HALF_UP in Decimal's terms is away from zero)."""
    if isinstance(value, Fraction):
        value = fraction_to_decimal(value, quantum)
    return Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP, context=EXACT)


def fraction_to_decimal(value: Fraction, quantum: Decimal) -> Decimal:
    """Exact rational → Decimal rounded half away from zero to ``quantum``.

    Done in integers so a repeating decimal (1/3) is rounded correctly, never truncated first.
    """
    exp = -quantum.as_tuple().exponent  # type: ignore[operator]
    scale = 10**exp
    num = value.numerator * scale
    den = value.denominator
    q, r = divmod(abs(num), den)
    if 2 * r >= den:
        q += 1
    if num < 0:
        q = -q
    return Decimal(q).scaleb(-exp)


def amount(value: Decimal | Fraction | int) -> Decimal:
    """Report an amount: yuan rounded to the fen."""
    return round_half_away(value, CENT)


def fraction4(value: Decimal | Fraction | int) -> Decimal:
    """Report a fraction (ratio, drop, share): 4 decimals."""
    return round_half_away(value, BASIS)


def li_amount(li: int | Fraction) -> Decimal:
    """A value held in li (possibly an exact rational of li) reported as yuan to the fen."""
    return amount(Fraction(li) / LI_PER_YUAN)


def format_yuan(value: Decimal | None, *, symbol: bool = True) -> str:
    """¥1,234.56 (or "—" for None). Always exactly two decimals."""
    if value is None:
        return "—"
    v = round_half_away(value, CENT)
    text = f"{abs(v):,.2f}"
    sign = "-" if v < 0 else ""
    return f"{sign}¥{text}" if symbol else f"{sign}{text}"


def format_percent(value: Decimal | None, places: int = 2) -> str:
    """A fraction as a percentage: 1.5327 → 153.27% (or "—" for None)."""
    if value is None:
        return "—"
    pct = round_half_away(Decimal(value) * 100, Decimal(1).scaleb(-places))
    return f"{pct:.{places}f}%"
