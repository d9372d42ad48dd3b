"""The risk scan of SPEC §3.2: levels raise the right warning with the right trading-day deadline, warnings
resolve when the condition clears, escalate when the deadline passes, recur as new warnings, and every step is
kept as an event and an audit record."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from rmdesk.services import risk
from rmdesk.services.risk import assessment_expiry
from rmdesk.store.models import AuditRecord, CreditAccount, RiskWarning, WarningEvent
from tests.services.book_factory import AccountSpec, Deal, account, security

# Two securities worth 5,000 each (so no concentration warning: 50% each); a financing contract owing
# 10,000.000, due far away, so ratio = (cash + 10,000) / 10,000 and only ratio warnings can arise.


def _book(session: Session, cash: str, **kw: object) -> CreditAccount:
    security(session, "600000.SH", "10.000")
    security(session, "000001.SZ", "20.000")
    spec = AccountSpec(
        "A1",
        cash=cash,
        positions=[("600000.SH", 500), ("000001.SZ", 250)],
        deals=[Deal("600000.SH", 1000, "10000", due_date=date(2027, 3, 1))],
        **kw,  # type: ignore[arg-type]
    )
    return account(session, spec)


def _set_cash(session: Session, acct: CreditAccount, cash: str) -> None:
    acct.cash = Decimal(cash)
    session.flush()


def _warnings(session: Session) -> list[tuple[str, str, date | None]]:
    rows = session.execute(select(RiskWarning).order_by(RiskWarning.id)).scalars()
    return [(w.kind, w.status, w.due_date) for w in rows]


def _ratio_kinds(session: Session) -> list[tuple[str, str, date | None]]:
    return [w for w in _warnings(session) if w[0] in ("ratio_warning", "margin_call", "emergency")]


def test_exactly_on_the_warning_line_is_normal(session: Session) -> None:
    _book(session, cash="4000")  # (4,000 + 10,000) / 10,000 = 1.4000 exactly
    result = risk.refresh(session, date(2026, 11, 20))
    assert _ratio_kinds(session) == []
    assert result.accounts == 1


def test_just_below_the_warning_line_raises_a_ratio_warning(session: Session) -> None:
    _book(session, cash="3999")  # 13,999 / 10,000 = 1.3999 → warning
    risk.refresh(session, date(2026, 11, 20))
    assert _warnings(session) == [("ratio_warning", "open", None)]
    w = session.execute(select(RiskWarning)).scalar_one()
    assert w.contact_due == date(2026, 11, 23)  # Friday → contact within 1 trading day: Monday


def test_margin_call_deadline_across_national_day(session: Session) -> None:
    _book(session, cash="2999")  # 1.2999 → closeout
    risk.refresh(session, date(2026, 9, 30))
    # 1st trading day after 09-30 is 10-08 (holiday 10-01…10-07), the 2nd is 10-09
    assert _ratio_kinds(session) == [("margin_call", "open", date(2026, 10, 9))]


def test_margin_call_deadline_skips_the_makeup_saturday(session: Session) -> None:
    _book(session, cash="2999")
    risk.refresh(session, date(2026, 10, 9))
    # 10-10 is a 调休 working Saturday but not a trading day: 10-12 (Mon) is the 1st, 10-13 the 2nd
    assert _ratio_kinds(session) == [("margin_call", "open", date(2026, 10, 13))]


def test_worsening_to_emergency_resolves_the_margin_call(session: Session) -> None:
    acct = _book(session, cash="2999")
    risk.refresh(session, date(2026, 11, 19))
    _set_cash(session, acct, "1000")  # 1.1000 → emergency
    result = risk.refresh(session, date(2026, 11, 20))
    assert _ratio_kinds(session) == [
        ("margin_call", "resolved", date(2026, 11, 23)),
        ("emergency", "open", date(2026, 11, 23)),
    ]
    assert result.count("resolved") == 1 and result.count("raised") == 1
    assert [(c.before, c.after) for c in result.level_changes] == [("closeout", "emergency")]


def test_recovery_resolves_and_recurrence_opens_a_new_warning(session: Session) -> None:
    acct = _book(session, cash="3999")
    risk.refresh(session, date(2026, 11, 17))
    _set_cash(session, acct, "6000")
    risk.refresh(session, date(2026, 11, 18))
    _set_cash(session, acct, "3500")
    risk.refresh(session, date(2026, 11, 19))
    assert _ratio_kinds(session) == [("ratio_warning", "resolved", None), ("ratio_warning", "open", None)]
    actions = [e.action for e in session.execute(select(WarningEvent).order_by(WarningEvent.id)).scalars()]
    assert actions == ["raised", "resolved", "raised"]


def test_unresolved_margin_call_escalates_once_its_deadline_passes(session: Session) -> None:
    _book(session, cash="2999")
    risk.refresh(session, date(2026, 11, 16))  # due 2026-11-18
    risk.refresh(session, date(2026, 11, 18))  # on the due date: still open
    assert _ratio_kinds(session) == [("margin_call", "open", date(2026, 11, 18))]
    result = risk.refresh(session, date(2026, 11, 19))
    assert _ratio_kinds(session) == [("margin_call", "escalated", date(2026, 11, 18))]
    assert result.count("escalated") == 1
    risk.refresh(session, date(2026, 11, 20))  # stays one warning, not a second margin call
    assert _ratio_kinds(session) == [("margin_call", "escalated", date(2026, 11, 18))]


def test_rescan_same_day_changes_nothing(session: Session) -> None:
    _book(session, cash="2999")
    risk.refresh(session, date(2026, 11, 20))
    before = _warnings(session)
    result = risk.refresh(session, date(2026, 11, 20))
    assert _warnings(session) == before
    assert result.changes == ()


def test_account_line_override_wins(session: Session) -> None:
    _book(session, cash="4500", warning_line="1.50")  # 1.45 ≥ branch 140% but < this account's 150%
    risk.refresh(session, date(2026, 11, 20))
    assert _ratio_kinds(session) == [("ratio_warning", "open", None)]


def test_other_warning_kinds(session: Session) -> None:
    security(session, "600000.SH", "10.000")
    security(session, "000001.SZ", "20.000")
    # single stock, ratio 1.5 < 1.80 → concentration limit 0.60 < share 1.0
    account(
        session,
        AccountSpec(
            "B1",
            cash="5000",
            positions=[("600000.SH", 1000)],
            deals=[Deal("600000.SH", 1000, "10000", due_date=date(2026, 12, 4))],
            risk_level=3,
            assessed_on=date(2024, 12, 15),
            credit_limit="10500",
        ),
    )
    risk.refresh(session, date(2026, 11, 20))
    kinds = {k: (s, d) for k, s, d in _warnings(session)}
    assert kinds["concentration"] == ("open", None)
    assert kinds["contract_expiry"] == ("open", date(2026, 12, 4))  # due ≤ as-of + 14 days (12-04)
    assert kinds["assessment_expiry"] == ("open", date(2026, 12, 15))  # expires 2 years on, within 30 days
    assert kinds["suitability"] == ("open", None)  # C3 < C4 required for an R4 product
    assert kinds["credit_limit"] == ("open", None)  # 10,000 used of 10,500 = 95.2% ≥ 90%
    assert "ratio_warning" not in kinds


def test_contract_due_fifteen_days_ahead_is_not_yet_a_warning(session: Session) -> None:
    security(session, "600000.SH", "10.000")
    account(
        session,
        AccountSpec(
            "B2",
            cash="90000",
            positions=[("600000.SH", 1000)],
            deals=[Deal("600000.SH", 1000, "10000", due_date=date(2026, 12, 5))],
        ),
    )
    risk.refresh(session, date(2026, 11, 20))
    assert "contract_expiry" not in {k for k, _, _ in _warnings(session)}


@pytest.mark.parametrize(
    ("assessed", "expiry"), [(date(2024, 2, 29), date(2026, 2, 28)), (date(2024, 11, 21), date(2026, 11, 21))]
)
def test_assessment_expiry_date(assessed: date, expiry: date) -> None:
    assert assessment_expiry(assessed, 2) == expiry


def test_deadline_in_2027_reports_the_missing_holiday_table(session: Session) -> None:
    _book(session, cash="2999")
    result = risk.refresh(session, date(2026, 12, 30))
    # 12-31 is the 1st trading day; 2027 has no holiday data → weekdays: 2027-01-01 counts as the 2nd
    assert _ratio_kinds(session) == [("margin_call", "open", date(2027, 1, 1))]
    assert result.missing_calendar_years == frozenset({2027})


def test_every_change_is_an_event_and_an_audit_record(session: Session) -> None:
    acct = _book(session, cash="2999")
    risk.refresh(session, date(2026, 11, 19))
    _set_cash(session, acct, "9000")
    risk.refresh(session, date(2026, 11, 20))
    events = session.execute(select(WarningEvent.action, WarningEvent.note)).all()
    assert [a for a, _ in events] == ["raised", "resolved"]
    assert "129.99%" in events[0][1]
    audits = session.execute(select(AuditRecord.entity, AuditRecord.action)).all()
    assert ("warning", "raise") in audits and ("warning", "resolve") in audits
