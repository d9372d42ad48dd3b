"""The ⚙ numbers of the SPEC: typed defaults here, overrides in the ``policy_settings`` table (audited)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rmdesk import clock
from rmdesk.store.models import PolicySetting


@dataclass(frozen=True)
class Policy:
    """Every configurable number. Field names are the keys stored in ``policy_settings``."""

    # lines (fractions of total liabilities)
    warning_line: Decimal = Decimal("1.40")
    closeout_line: Decimal = Decimal("1.30")
    target_line: Decimal = Decimal("1.50")
    emergency_line: Decimal = Decimal("1.20")
    withdrawal_line: Decimal = Decimal("3.00")
    # deadlines
    warning_contact_trading_days: int = 1
    margin_call_trading_days: int = 2
    emergency_trading_days: int = 1
    contract_expiry_notice_days: int = 14
    assessment_valid_years: int = 2
    assessment_notice_days: int = 30
    contract_term_months: int = 6
    rollover_min_ratio: Decimal = Decimal("1.50")
    # concentration: limit by ratio band
    concentration_limit_low: Decimal = Decimal("0.60")  # ratio < band_1
    concentration_band_1: Decimal = Decimal("1.80")
    concentration_limit_mid: Decimal = Decimal("0.85")  # band_1 ≤ ratio < band_2
    concentration_band_2: Decimal = Decimal("2.40")
    credit_usage_limit: Decimal = Decimal("0.90")
    # margin ratios
    financing_margin_ratio: Decimal = Decimal("1.00")
    financing_margin_ratio_reduced: Decimal = Decimal("0.80")
    financing_reduced_from: date = date(2023, 9, 8)
    financing_reduced_to: date = date(2026, 1, 18)
    short_margin_ratio: Decimal = Decimal("1.00")
    # default haircuts by kind
    haircut_index_stock: Decimal = Decimal("0.70")
    haircut_stock: Decimal = Decimal("0.65")
    haircut_etf: Decimal = Decimal("0.90")
    haircut_gov_bond: Decimal = Decimal("0.95")
    haircut_money_fund: Decimal = Decimal("0.95")
    haircut_fund: Decimal = Decimal("0.80")
    haircut_bond: Decimal = Decimal("0.80")
    # suitability and eligibility
    required_risk_level: int = 4
    min_trading_months: int = 6
    min_avg_assets_20d: Decimal = Decimal("500000")
    # callbacks and complaints
    new_account_callback_months: int = 1
    callback_quota_share: Decimal = Decimal("0.10")
    after_warning_callback_working_days: int = 2
    after_complaint_callback_working_days: int = 5
    callback_retention_years: int = 3
    case_ack_working_days: int = 1
    case_respond_working_days: int = 15
    case_urgent_ack_working_days: int = 0
    case_urgent_respond_working_days: int = 5
    case_max_extension_days: int = 15
    case_approaching_days: int = 2
    # security
    max_failed_logins: int = 5
    lockout_minutes: int = 15
    idle_lock_minutes: int = 15
    # branch (documents)
    branch_name: str = "示例证券股份有限公司 示范路营业部"
    branch_address: str = "上海市浦东新区示范路 100 号 8 楼"
    branch_phone: str = "021-0000 0000"

    def haircut_default(self, kind: str, *, index_member: bool, st: bool) -> Decimal:
        """Default haircut by kind when the core system's file gives none (SPEC §3)."""
        if kind == "stock":
            if st:
                return Decimal(0)
            return self.haircut_index_stock if index_member else self.haircut_stock
        return {
            "etf": self.haircut_etf,
            "gov_bond": self.haircut_gov_bond,
            "money_fund": self.haircut_money_fund,
            "fund": self.haircut_fund,
            "bond": self.haircut_bond,
        }.get(kind, self.haircut_stock)

    def financing_margin_ratio_for(self, trade_date: date) -> Decimal:
        if self.financing_reduced_from <= trade_date <= self.financing_reduced_to:
            return self.financing_margin_ratio_reduced
        return self.financing_margin_ratio


POLICY_FIELDS = {f.name: f for f in fields(Policy)}


def parse_value(key: str, text: str) -> Any:
    """Text as stored → the typed value of ``key``. Raises ValueError for an unknown key or bad value."""
    field = POLICY_FIELDS.get(key)
    if field is None:
        raise ValueError(f"unknown policy setting: {key}")
    kind = type(getattr(Policy(), key))
    if kind is Decimal:
        value = Decimal(text.strip())
        if not value.is_finite() or value < 0:
            raise ValueError(f"{key}: {text!r} is not a non-negative number")
        return value
    if kind is int:
        number = int(text.strip())
        if number < 0:
            raise ValueError(f"{key}: {text!r} is negative")
        return number
    if kind is date:
        return date.fromisoformat(text.strip())
    return text


def format_value(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def load_policy(session: Session) -> Policy:
    """Defaults with the stored overrides applied."""
    rows = session.execute(select(PolicySetting.key, PolicySetting.value)).all()
    changes = {key: parse_value(key, value) for key, value in rows if key in POLICY_FIELDS}
    return replace(Policy(), **changes)


def set_policy_value(session: Session, key: str, text: str, *, actor: Any) -> None:
    """Change one setting and audit it (old → new). Only a supervisor may (SPEC §1); others get PermissionError."""
    from rmdesk.services.audit import record

    if getattr(actor, "role", None) != "supervisor":
        raise PermissionError("policy.forbidden")
    new_value = parse_value(key, text)
    current = load_policy(session)
    old_value = getattr(current, key)
    if old_value == new_value:
        return
    row = session.get(PolicySetting, key)
    if row is None:
        row = PolicySetting(
            key=key, value=format_value(new_value), updated_at=clock.now(), updated_by=getattr(actor, "id", None)
        )
        session.add(row)
    else:
        row.value = format_value(new_value)
        row.updated_at = clock.now()
        row.updated_by = getattr(actor, "id", None)
    record(session, actor, "policy", key, "update", {key: format_value(old_value)}, {key: format_value(new_value)})
