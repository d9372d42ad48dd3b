"""How values look in a Chinese document: ¥1,234.56, 153.27%, 2026年11月20日, 138****5678.

Pure string functions over Decimal/date (no reportlab), so the GUI may reuse them. Nothing here rounds a
figure that the engine has not already rounded, except amounts to the fen (once, half away from zero).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from rmdesk import money
from rmdesk.services import identity

DASH = "—"

RISK_LABELS = {1: "C1 保守型", 2: "C2 相对保守型", 3: "C3 稳健型", 4: "C4 相对积极型", 5: "C5 积极型"}
LEVEL_LABELS = {"normal": "正常", "warning": "低于警戒线", "closeout": "低于平仓线", "emergency": "低于紧急线"}
CONTRACT_TYPES = {"financing": "融资", "short": "融券"}
WARNING_KINDS = {
    "ratio_warning": "维持担保比例预警",
    "margin_call": "追加担保物",
    "emergency": "紧急平仓风险",
    "concentration": "持仓集中度",
    "contract_expiry": "合约到期",
    "assessment_expiry": "风险测评到期",
    "suitability": "适当性不匹配",
    "credit_limit": "授信额度使用率",
}
WARNING_STATUSES = {"open": "待处理", "notified": "已通知", "resolved": "已解决", "escalated": "已上报"}
CASE_STATUSES = {
    "received": "已受理",
    "acknowledged": "已确认",
    "investigating": "调查中",
    "waiting_client": "待客户回复",
    "responded": "已答复",
    "closed": "已办结",
    "escalated": "已升级",
    "reopened": "重新处理",
}


def yuan(value: Decimal | None) -> str:
    """¥1,234,567.89 (two decimals, rounded once half away from zero), "—" for None."""
    return money.format_yuan(value)


def amount(value: Decimal | None) -> str:
    """1,234,567.89 without the symbol, for table columns headed "（元）"."""
    return money.format_yuan(value, symbol=False)


def percent(value: Decimal | None, places: int = 2) -> str:
    """A fraction as a percentage: 1.5327 → 153.27%; "—" for None (no liabilities)."""
    return money.format_percent(value, places)


def _exact(value: Decimal, min_places: int) -> str:
    """Every significant decimal of an exact value, at least ``min_places``, with thousands separators."""
    exponent = value.normalize().as_tuple().exponent
    places = max(min_places, -exponent if isinstance(exponent, int) else 0)
    return f"{value:,.{places}f}"


def price(value: Decimal | None) -> str:
    """A price exactly as imported (up to 3 decimals, never rounded to the fen): 10.50, 1,234.567."""
    return DASH if value is None else _exact(value, 2)


def rate(value: Decimal | None) -> str:
    """An annual rate given as a fraction, exactly: 0.0835 → 8.35%, 0.08355 → 8.355%."""
    return DASH if value is None else _exact(Decimal(value) * 100, 2) + "%"


def haircut(value: Decimal | None) -> str:
    """A haircut (折算率) as the fraction the exchange publishes: 0.65, 0.7, 0 → 0.65, 0.70, 0.00."""
    return DASH if value is None else _exact(value, 2)


def quantity(value: int | None) -> str:
    """Shares with thousands separators: 12,300."""
    return DASH if value is None else f"{value:,}"


def cn_date(value: date | None) -> str:
    """2026年11月20日 (no leading zeros, as Chinese official documents write dates)."""
    if value is None:
        return DASH
    return f"{value.year}年{value.month}月{value.day}日"


def cn_datetime(value: datetime | None) -> str:
    """2026年11月24日 15:00."""
    if value is None:
        return DASH
    return f"{cn_date(value.date())} {value:%H:%M}"


def iso_date(value: date | None) -> str:
    """2026-11-20, for dense table columns where the Chinese form would wrap."""
    return DASH if value is None else value.isoformat()


def risk_label(level: int | None) -> str:
    """C4 相对积极型 (or "未测评")."""
    if level is None:
        return "未测评"
    return RISK_LABELS.get(level, f"C{level}")


def mask_id_no(id_no: str | None) -> str:
    """ID number with the middle hidden (110105********1234), by the app's one masking rule
    (rmdesk.services.identity). A value that already holds a ``*`` is taken as masked and returned unchanged."""
    if not id_no:
        return DASH
    return id_no if "*" in id_no else identity.mask_id(id_no)


def mask_phone(phone: str | None) -> str:
    """Mobile number with the middle hidden: 138****5678. Already masked values are returned unchanged."""
    if not phone:
        return DASH
    return phone if "*" in phone else identity.mask_phone(phone)


def yes_no(value: bool | None) -> str:
    """✓ / ✗ / — for a checklist item."""
    if value is None:
        return DASH
    return "符合" if value else "不符合"
