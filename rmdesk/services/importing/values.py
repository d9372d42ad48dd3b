"""Cell parsers for the import (SPEC §7): text in, exact integers (li, ppm), dates, flags and codes out.

Every cell is read as text and converted with integer/Decimal arithmetic — never through a binary float. A parser
raises :class:`CellError` with a message code; :mod:`.convert` applies a parser to a whole column.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from decimal import Context, Decimal, InvalidOperation
from typing import Any

from rmdesk.money import PPM
from rmdesk.services import identity

MAX_AMOUNT_LI = 10**15  # 1 万亿 yuan: far above any account, far below BIGINT
MAX_PRICE_LI = 10**10  # 1 千万 yuan a share
MAX_QUANTITY = 10**12
MIN_YEAR, MAX_YEAR = 1900, 2199
MAX_NUMBER_TEXT = 64  # characters; longer is not a number anyone exports
_EXACT = Context(prec=200)  # more digits than a 64-character cell can hold: nothing is ever rounded


class CellError(ValueError):
    """A cell that cannot be read; ``code`` is a message code of :mod:`.messages`."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


_NUMBER_RE = re.compile(r"^([+-]?)(\d+(?:\.\d*)?|\.\d+)$")
_GROUPED_RE = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+)(\.\d*)?$")
_CODE_RE = re.compile(r"^(\d{6})\.(SH|SZ|BJ)$", re.IGNORECASE)
_DATE_RES = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})(?: 00:00(?::00)?)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """Full-width digits, signs and punctuation (as typed with a Chinese IME) → ASCII; outer spaces dropped."""
    return unicodedata.normalize("NFKC", text).strip()


def _decimal(text: str) -> Decimal:
    """A plain decimal number: optional sign, digits, optional point; thousands separators in groups of 3."""
    t = clean(text).replace("¥", "").replace(" ", "")
    if len(t) > MAX_NUMBER_TEXT:
        raise CellError("value.number")
    m = _NUMBER_RE.match(t)
    if not m:
        g = _GROUPED_RE.match(t)
        if not g:
            raise CellError("value.number")
        t = g.group(1) + g.group(2).replace(",", "") + (g.group(3) or "")
    digits = t.lstrip("+-").split(".")[0].lstrip("0")
    if len(digits) > 16:
        raise CellError("value.too_large")
    try:
        return Decimal(t)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
        raise CellError("value.number") from None


def _scaled(value: Decimal, places: int) -> int:
    scaled = value.scaleb(places, context=_EXACT)
    if scaled != scaled.to_integral_value():
        raise CellError("value.decimals", places=places)
    return int(scaled)


def parse_amount(text: str) -> int:
    """Yuan → li, sign allowed, thousands separators allowed, at most 3 decimals (never rounded)."""
    li = _scaled(_decimal(text), 3)
    if abs(li) >= MAX_AMOUNT_LI:
        raise CellError("value.too_large")
    return li


def parse_amount_nonneg(text: str) -> int:
    li = parse_amount(text)
    if li < 0:
        raise CellError("value.negative")
    return li


def parse_amount_positive(text: str) -> int:
    li = parse_amount(text)
    if li <= 0:
        raise CellError("value.not_positive")
    return li


def parse_price(text: str) -> int:
    """A price (close, trade price) → li; must be > 0, at most 3 decimals."""
    li = parse_amount(text)
    if li <= 0:
        raise CellError("value.not_positive")
    if li >= MAX_PRICE_LI:
        raise CellError("value.too_large")
    return li


def parse_quantity(text: str) -> int:
    """Shares: a whole number ≥ 0 ("1,000" and "100.00" are fine, "100.5" is not)."""
    d = _decimal(text)
    if d != d.to_integral_value():
        raise CellError("value.whole")
    q = int(d)
    if q < 0:
        raise CellError("value.negative")
    if q >= MAX_QUANTITY:
        raise CellError("value.too_large")
    return q


def parse_quantity_positive(text: str) -> int:
    q = parse_quantity(text)
    if q == 0:
        raise CellError("value.not_positive")
    return q


def _fraction(text: str, *, bare_percent_from: Decimal | None) -> Decimal:
    t = clean(text).replace(" ", "")
    if t.endswith("%"):
        return _decimal(t[:-1]).scaleb(-2, context=_EXACT)
    d = _decimal(t)
    if bare_percent_from is not None and d >= bare_percent_from:
        return d.scaleb(-2, context=_EXACT)
    return d


def parse_rate(text: str) -> int:
    """Annual rate → ppm: ``0.0835``, ``8.35%`` or ``8.35`` (a bare number ≥ 1 is a percentage)."""
    d = _fraction(text, bare_percent_from=Decimal(1))
    if d < 0 or d >= 1:
        raise CellError("value.rate_range")
    return _scaled(d, 6)


def parse_line(text: str) -> int:
    """A line → ppm: ``1.40``, ``140%`` or ``140`` (a bare number ≥ 10 is a percentage); between 100% and 1000%."""
    d = _fraction(text, bare_percent_from=Decimal(10))
    if d <= 1 or d >= 10:
        raise CellError("value.line_range")
    return _scaled(d, 6)


def parse_haircut(text: str) -> int:
    """A haircut (折算率) → ppm: ``0.65`` or ``65%``; between 0 and 1."""
    d = _fraction(text, bare_percent_from=None)
    if d < 0 or d > 1:
        raise CellError("value.haircut_range")
    return _scaled(d, 6)


def parse_date(text: str) -> date:
    """``YYYY-MM-DD``, ``YYYY/MM/DD`` or ``YYYYMMDD`` (Excel date cells arrive as ``YYYY-MM-DD``)."""
    t = clean(text)
    for pattern in _DATE_RES:
        m = pattern.match(t)
        if m:
            year, month, day = (int(g) for g in m.groups())
            if not MIN_YEAR <= year <= MAX_YEAR:
                raise CellError("value.date_range")
            try:
                return date(year, month, day)
            except ValueError:
                raise CellError("value.date") from None
    raise CellError("value.date")


_TRUE = {"y", "yes", "是", "1", "true", "t"}
_FALSE = {"n", "no", "否", "0", "false", "f"}


def parse_bool(text: str) -> bool:
    t = clean(text).lower()
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    raise CellError("value.bool")


def parse_code(text: str) -> str:
    """``600519.SH`` / ``000001.sz`` → ``000001.SZ``."""
    m = _CODE_RE.match(clean(text))
    if not m:
        raise CellError("value.code")
    return f"{m.group(1)}.{m.group(2).upper()}"


def choice(mapping: dict[str, str], shown: str) -> Callable[[str], str]:
    """A parser accepting the keys of ``mapping`` (case-insensitive) and returning the stored value."""
    lowered = {k.lower(): v for k, v in mapping.items()}

    def parse(text: str) -> str:
        value = lowered.get(clean(text).lower())
        if value is None:
            raise CellError("value.choice", choices=shown)
        return value

    return parse


KINDS = {
    "stock": "stock",
    "股票": "stock",
    "etf": "etf",
    "fund": "fund",
    "基金": "fund",
    "bond": "bond",
    "债券": "bond",
    "gov_bond": "gov_bond",
    "国债": "gov_bond",
    "money_fund": "money_fund",
    "货币基金": "money_fund",
}
CONTRACT_TYPES = {"financing": "financing", "融资": "financing", "short": "short", "融券": "short"}
ID_TYPES = {
    "身份证": "身份证",
    "id_card": "身份证",
    "护照": "护照",
    "passport": "护照",
    "港澳通行证": "港澳通行证",
    "hk_macau_permit": "港澳通行证",
    "其他": "其他",
    "other": "其他",
}
INVESTOR_TYPES = {
    "普通投资者": "普通投资者",
    "普通": "普通投资者",
    "ordinary": "普通投资者",
    "专业投资者": "专业投资者",
    "专业": "专业投资者",
    "professional": "专业投资者",
}
TIERS = {"普通": "普通", "normal": "普通", "高净值": "高净值", "high_net_worth": "高净值", "vip": "VIP"}

parse_kind = choice(KINDS, "stock/etf/fund/bond/gov_bond/money_fund, 股票/ETF/基金/债券/国债/货币基金")
parse_contract_type = choice(CONTRACT_TYPES, "financing/short, 融资/融券")
parse_id_type = choice(ID_TYPES, "身份证/护照/港澳通行证/其他")
parse_investor_type = choice(INVESTOR_TYPES, "普通投资者/专业投资者")
parse_tier = choice(TIERS, "普通/高净值/VIP")

_RISK_NAMES = {"保守型": 1, "相对保守型": 2, "稳健型": 3, "相对积极型": 4, "积极型": 5}


def parse_risk_level(text: str) -> int:
    """C1..C5, 1..5 or the level's name (保守型 … 积极型) → 1..5."""
    t = clean(text).upper()
    if t in _RISK_NAMES:
        return _RISK_NAMES[t]
    if t.startswith("C"):
        t = t[1:]
    if len(t) == 1 and t in "12345":
        return int(t)
    raise CellError("value.risk_level")


def text_parser(max_len: int) -> Callable[[str], str]:
    """Free text: outer spaces dropped, no control characters, at most ``max_len`` characters."""

    def parse(text: str) -> str:
        t = text.strip()
        if CONTROL_RE.search(t):
            raise CellError("value.control")
        if len(t) > max_len:
            raise CellError("value.too_long", max=max_len)
        return t

    parse.max_len = max_len  # type: ignore[attr-defined]  # lets convert() take whole clean columns at once
    return parse


text32 = text_parser(32)


def parse_id_no(text: str) -> str:
    """An ID number: text of at most 32 characters, upper case (身份证 numbers end in X, never x)."""
    return text32(text).upper()


def parse_phone(text: str) -> str:
    """A mobile number: spaces and hyphens ignored, a +86 prefix dropped; 11 digits starting with 1."""
    t = clean(text).replace(" ", "").replace("-", "")
    if t.startswith("+86"):
        t = t[3:]
    if not identity.is_mobile(t) or not t.isascii():
        raise CellError("value.phone")
    return t


def excel_text(value: Any) -> str:
    """An openpyxl cell value as the text a CSV export would hold (exact: floats by their shortest repr)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        # repr is the shortest text that reads back as this double: what Excel shows, not its binary expansion
        return format(Decimal(repr(value)), "f")
    return str(value)


def ppm(value: Decimal) -> int:
    """A policy fraction (Decimal) in ppm, for comparisons with imported fractions."""
    return int(value * PPM)
