"""The five files of the core system's export and their columns (SPEC §7), in English and Chinese.

File names: ``securities``, ``clients``, ``accounts``, ``positions``, ``contracts`` or ``证券``, ``客户``,
``信用账户``, ``持仓``, ``合约``, case-insensitive, with ``.csv`` or ``.xlsx``, optionally followed by a date
(``positions_20261120.csv``, ``持仓-20261120.xlsx``). Headers: the English name, the Chinese name, or both
(``code(证券代码)``); case, spaces and full-width brackets do not matter. Unknown columns are ignored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

KINDS = ("securities", "clients", "accounts", "positions", "contracts")
EXTENSIONS = (".csv", ".xlsx")

FILE_STEMS: dict[str, str] = {
    "securities": "securities",
    "证券": "securities",
    "clients": "clients",
    "客户": "clients",
    "accounts": "accounts",
    "信用账户": "accounts",
    "positions": "positions",
    "持仓": "positions",
    "contracts": "contracts",
    "合约": "contracts",
}
_NAME_RE = re.compile(r"^(?P<stem>.+?)(?:[_\-\s]?(?P<date>\d{8}))?$")


@dataclass(frozen=True)
class ColumnSpec:
    field: str
    zh: str
    required: bool = False


def _cols(*specs: tuple[str, str, bool]) -> tuple[ColumnSpec, ...]:
    return tuple(ColumnSpec(f, zh, req) for f, zh, req in specs)


COLUMNS: dict[str, tuple[ColumnSpec, ...]] = {
    "securities": _cols(
        ("code", "证券代码", True),
        ("name", "证券名称", True),
        ("kind", "类别", False),
        ("close", "收盘价", True),
        ("haircut", "折算率", False),
        ("marginable", "融资标的", False),
        ("shortable", "融券标的", False),
        ("st", "ST", False),
        ("index_member", "指数成分", False),
    ),
    "clients": _cols(
        ("client_no", "客户号", True),
        ("name", "姓名", True),
        ("id_type", "证件类型", False),
        ("id_no", "证件号码", False),
        ("phone", "手机", False),
        ("risk_level", "风险等级", False),
        ("risk_assessed_on", "测评日期", False),
        ("investor_type", "投资者类型", False),
        ("tier", "客户级别", False),
        ("rm", "客户经理", False),
        ("trading_since", "首次交易日", False),
        ("avg_assets_20d", "近20日日均资产", False),
    ),
    "accounts": _cols(
        ("account_no", "信用账号", True),
        ("client_no", "客户号", True),
        ("cash", "现金余额", True),
        ("credit_limit", "授信额度", False),
        ("financing_rate", "融资利率", False),
        ("short_rate", "融券费率", False),
        ("opened_on", "开户日期", False),
        ("warning_line", "警戒线", False),
        ("closeout_line", "平仓线", False),
        ("target_line", "追保目标线", False),
    ),
    "positions": _cols(
        ("account_no", "信用账号", True),
        ("code", "证券代码", True),
        ("quantity", "持仓数量", True),
    ),
    "contracts": _cols(
        ("contract_no", "合约编号", True),
        ("account_no", "信用账号", True),
        ("type", "合约类型", True),
        ("code", "证券代码", True),
        ("trade_date", "成交日期", True),
        ("trade_price", "成交价格", True),
        ("trade_quantity", "成交数量", True),
        ("trade_amount", "成交金额", False),
        ("outstanding_amount", "未还金额", False),
        ("outstanding_quantity", "未还数量", False),
        ("due_date", "到期日", False),
        ("rate", "利率", False),
        ("accrued_interest", "应计利息", False),
    ),
}


@dataclass(frozen=True)
class FileName:
    """What a file name says: its kind (None = not an import file) and an optional date suffix."""

    kind: str | None
    name_date: date | None


def classify(filename: str) -> FileName:
    """``positions_20261120.csv`` → FileName("positions", 2026-11-20); anything else → kind None."""
    name = unicodedata.normalize("NFKC", filename)
    lower = name.lower()
    ext = next((e for e in EXTENSIONS if lower.endswith(e)), None)
    if ext is None or name.startswith(("~$", ".")):  # Excel's lock files and hidden files
        return FileName(None, None)
    m = _NAME_RE.match(lower[: -len(ext)].strip())
    if not m:
        return FileName(None, None)
    kind = FILE_STEMS.get(m.group("stem"))
    when = None
    if kind is not None and m.group("date"):
        text = m.group("date")
        try:
            when = date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            when = None
    return FileName(kind, when)


def _norm(header: str) -> str:
    text = unicodedata.normalize("NFKC", header).strip().lower()
    return re.sub(r"\s+", "", text)


def _lookup(kind: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for spec in COLUMNS[kind]:
        table[_norm(spec.field)] = spec.field
        table[_norm(spec.zh)] = spec.field
    return table


_LOOKUPS = {kind: _lookup(kind) for kind in KINDS}
_BRACKETED = re.compile(r"^(?P<a>[^()]+)\((?P<b>[^()]+)\)$")


def field_of(kind: str, header: str) -> str | None:
    """The field a header names in a file of ``kind`` (English, Chinese, or ``english(中文)``), else None."""
    table = _LOOKUPS[kind]
    key = _norm(header)
    if key in table:
        return table[key]
    m = _BRACKETED.match(key)
    if m:
        a, b = table.get(m.group("a")), table.get(m.group("b"))
        if a is not None and (b is None or a == b):
            return a
        if b is not None and a is None:
            return b
    return None


@dataclass(frozen=True)
class HeaderMap:
    """Which column position holds each field, the header as written, and what is wrong with the header."""

    positions: dict[str, int]
    written: dict[str, str]
    missing: tuple[str, ...]  # required fields absent (shown as "field (中文)")
    duplicated: tuple[tuple[str, str], ...]  # (field, second header as written)


def map_headers(kind: str, headers: list[str]) -> HeaderMap:
    positions: dict[str, int] = {}
    written: dict[str, str] = {}
    duplicated: list[tuple[str, str]] = []
    for i, header in enumerate(headers):
        field = field_of(kind, header)
        if field is None:
            continue
        if field in positions:
            duplicated.append((field, header))
            continue
        positions[field] = i
        written[field] = header.strip()
    missing = tuple(f"{s.field} ({s.zh})" for s in COLUMNS[kind] if s.required and s.field not in positions)
    return HeaderMap(positions, written, missing, tuple(duplicated))
