"""The vectorised risk scan against a per-account reference written straight from SPEC §3.2.

Random days of figures (levels, ratios, concentration, contract due dates, assessment dates around 29 Feb,
risk levels, credit usage), random policies and random active warnings go through ``risk.scan`` on a real
SQLite file; the reference decides, one account at a time, what the scan must raise, update, resolve and
escalate, with which events and audit records, and which warnings it must leave untouched.
"""

from __future__ import annotations

import calendar
import json
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from rmdesk import clock, i18n
from rmdesk.services import risk
from rmdesk.services.audit import SYSTEM
from rmdesk.services.calendar import TradingCalendar, load_calendar
from rmdesk.services.figures import DayColumns
from rmdesk.services.figures_load import NO_DATE
from rmdesk.services.figures_model import li_to_reported, ppm_to_reported
from rmdesk.services.figures_store import STORED
from rmdesk.services.policy import Policy
from rmdesk.services.risk_conditions import (
    ClientFacts,
    amount_text,
    day_conditions,
    fraction_text,
    last_assessment_due,
)
from rmdesk.store import migrate
from rmdesk.store.db import open_database
from rmdesk.store.models import AuditRecord, Client, CreditAccount, RiskWarning, WarningEvent

N_ACCOUNTS = 4
NOW = datetime(2026, 11, 21, 9, 30)
KINDS = [
    "ratio_warning",
    "margin_call",
    "emergency",
    "concentration",
    "contract_expiry",
    "assessment_expiry",
    "suitability",
    "credit_limit",
]
# as-of days: an ordinary Friday, one whose deadlines reach 2027 (no holiday data), and days whose assessment
# notice window ends on 28 Feb 2026 / 29 Feb 2028 (assessments of 29 Feb expire on 28 Feb)
AS_OF_DAYS = [date(2026, 11, 20), date(2026, 12, 30), date(2026, 1, 29), date(2026, 1, 30), date(2028, 1, 30)]


# --- the reference: one account at a time ------------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    """One account's figures as reported (yuan to the fen, fractions to 4 places) and its client's facts."""

    account_id: int
    account_no: str
    client_id: int
    client_no: str
    level: str
    ratio: Decimal | None
    topup: Decimal
    repay: Decimal
    concentration_breach: bool
    concentration: tuple[str, Decimal] | None
    earliest_due: date | None
    credit_breach: bool
    credit_used: Decimal
    credit_limit: Decimal
    risk_level: int | None
    assessed_on: date | None


def expiry(assessed: date, years: int) -> date:
    """Same month and day ``years`` later; 29 Feb becomes 28 Feb when that year has none."""
    year = assessed.year + years
    if assessed.month == 2 and assessed.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, assessed.month, assessed.day)


def reference_conditions(
    a: Account, policy: Policy, cal: TradingCalendar, as_of: date
) -> dict[str, tuple[date | None, date | None, dict[str, Any]]]:
    """kind → (due, contact due, detail), in the SPEC table's order."""
    out: dict[str, tuple[date | None, date | None, dict[str, Any]]] = {}
    base = {"ratio": None if a.ratio is None else str(a.ratio), "level": a.level}
    if a.level == "warning":
        out["ratio_warning"] = (None, cal.add_trading_days(as_of, policy.warning_contact_trading_days), base)
    if a.level == "closeout":
        due = cal.add_trading_days(as_of, policy.margin_call_trading_days)
        out["margin_call"] = (due, None, {**base, "topup_to_target": str(a.topup), "repay_to_target": str(a.repay)})
    if a.level == "emergency":
        due = cal.add_trading_days(as_of, policy.emergency_trading_days)
        out["emergency"] = (due, None, {**base, "topup_to_target": str(a.topup)})
    if a.concentration_breach and a.concentration is not None:
        code, share = a.concentration
        out["concentration"] = (None, None, {**base, "code": code, "share": str(share)})
    if a.earliest_due is not None and a.earliest_due <= as_of + timedelta(days=policy.contract_expiry_notice_days):
        out["contract_expiry"] = (a.earliest_due, None, {"earliest_due": a.earliest_due.isoformat()})
    if a.assessed_on is None:
        out["assessment_expiry"] = (None, None, {"assessed_on": None})
    else:
        ends = expiry(a.assessed_on, policy.assessment_valid_years)
        if ends <= as_of + timedelta(days=policy.assessment_notice_days):
            out["assessment_expiry"] = (ends, None, {"assessed_on": a.assessed_on.isoformat()})
    if a.risk_level is None or a.risk_level < policy.required_risk_level:
        out["suitability"] = (None, None, {"risk_level": a.risk_level, "required": policy.required_risk_level})
    if a.credit_breach:
        out["credit_limit"] = (None, None, {"credit_used": str(a.credit_used), "credit_limit": str(a.credit_limit)})
    return out


@dataclass
class Expected:
    changes: list[tuple[Any, ...]]
    events: list[tuple[Any, ...]]  # (warning id or (account id, kind) when new, action, from, to, note)
    audits: list[tuple[Any, ...]]  # (warning id or (account id, kind), action, old, new)
    rows: dict[int, tuple[Any, ...]]  # warning id → (status, due, detail, last seen, closed, version)
    raised: list[tuple[int, str, date | None, date | None, str]]  # (account id, kind, due, contact due, detail)


def reference_scan(
    accounts: list[Account], active: dict[int, list[RiskWarning]], policy: Policy, cal: TradingCalendar, as_of: date
) -> Expected:
    """SPEC §3.2 one account at a time: resolve, move due dates, escalate, keep, then raise what is new."""
    out = Expected([], [], [], {}, [])
    raised_later: list[tuple[Account, str, tuple[date | None, date | None, dict[str, Any]]]] = []
    for a in accounts:
        wanted = reference_conditions(a, policy, cal, as_of)
        have = {w.kind: w for w in active.get(a.account_id, [])}
        for kind, w in have.items():
            if kind not in wanted:
                out.changes.append((a.account_no, a.client_no, kind, "resolved", "resolved", w.due_date))
                out.events.append((w.id, "resolved", w.status, "resolved", i18n.t("risk.cleared", "zh_CN")))
                out.audits.append((w.id, "resolve", {"status": w.status}, {"status": "resolved"}))
                out.rows[w.id] = ("resolved", w.due_date, w.detail, as_of, True, w.version + 1)
                continue
            due_now, _, detail = wanted[kind]
            due, status = w.due_date, w.status
            if kind in ("contract_expiry", "assessment_expiry") and due_now != w.due_date:
                due = due_now
                out.changes.append((a.account_no, a.client_no, kind, "updated", w.status, due))
                out.events.append((w.id, "updated", w.status, w.status, f"due {w.due_date} → {due}"))
            if w.status in ("open", "notified") and due is not None and as_of > due:
                status = "escalated"
                out.changes.append((a.account_no, a.client_no, kind, "escalated", "escalated", due))
                note = i18n.t("risk.overdue", "zh_CN", due=due.isoformat())
                out.events.append((w.id, "escalated", w.status, "escalated", note))
                out.audits.append((w.id, "escalate", {"status": w.status}, {"status": "escalated"}))
            text = json.dumps(detail, ensure_ascii=False)
            same = (status, due, text) == (w.status, w.due_date, w.detail)
            out.rows[w.id] = (status, due, text, as_of, False, w.version + (0 if same else 1))
        raised_later += [(a, kind, cond) for kind, cond in wanted.items() if kind not in have]
    for a, kind, (due, contact, detail) in raised_later:
        key = (a.account_id, kind)
        ratio = "—" if a.ratio is None else f"{a.ratio * 100:.2f}%"
        note = i18n.t("risk.raised", "zh_CN", kind=i18n.t(f"warning.{kind}", "zh_CN"), ratio=ratio)
        out.changes.append((a.account_no, a.client_no, kind, "raised", "open", due))
        out.events.append((key, "raised", None, "open", note))
        out.audits.append((key, "raise", None, {"kind": kind, "account_no": a.account_no, "due": due}))
        out.raised.append((a.account_id, kind, due, contact, json.dumps(detail, ensure_ascii=False)))
    return out


# --- random days ---------------------------------------------------------------------------------------------------


def _fen(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


@st.composite
def accounts(draw: st.DrawFn, as_of: date, ids: list[tuple[int, str, int, str]]) -> list[Account]:
    out = []
    for account_id, account_no, client_id, client_no in ids:
        level = draw(st.sampled_from(["normal", "warning", "closeout", "emergency"]))
        # negative when the assets are (cash below zero); None without liabilities
        ratio = (
            draw(st.none() | st.integers(-20_000, 40_000)) if level == "normal" else draw(st.integers(-5_000, 13_999))
        )
        share = draw(st.integers(0, 10_000))
        out.append(
            Account(
                account_id,
                account_no,
                client_id,
                client_no,
                level,
                None if ratio is None else (Decimal(ratio) / 10_000).quantize(Decimal("0.0001")),
                _fen(draw(st.integers(0, 10**9))),
                _fen(draw(st.integers(0, 10**9))),
                draw(st.booleans()),
                draw(st.none() | st.just(("600000.SH", (Decimal(share) / 10_000).quantize(Decimal("0.0001"))))),
                draw(st.none() | st.integers(-5, 20).map(lambda d: as_of + timedelta(days=d))),
                draw(st.booleans()),
                _fen(draw(st.integers(0, 10**9))),
                _fen(draw(st.integers(0, 10**9))),
                draw(st.none() | st.integers(1, 5)),
                draw(assessed_days(as_of)),
            )
        )
    return out


LEAP_EDGES = [
    date(y, m, d) for y in (2024, 2026) for m, d in ((2, 27), (2, 28), (2, 29), (3, 1)) if (y, d) != (2026, 29)
]


def assessed_days(as_of: date) -> st.SearchStrategy[date | None]:
    """No assessment, one about 1, 2 or 4 years before ``as_of`` (around the notice window), or one around 29 Feb."""
    years = st.sampled_from([1, 2, 4]).map(lambda y: _years_before(as_of, y))
    near = st.tuples(years, st.integers(-40, 40)).map(lambda p: p[0] + timedelta(days=p[1]))
    return st.none() | near | st.sampled_from(LEAP_EDGES)


def _years_before(day: date, years: int) -> date:
    return date(day.year - years, 2, 28) if (day.month, day.day) == (2, 29) else day.replace(year=day.year - years)


def policies() -> st.SearchStrategy[Policy]:
    return st.builds(
        lambda notice, contract, required, margin, valid: replace(
            Policy(),
            assessment_notice_days=notice,
            contract_expiry_notice_days=contract,
            required_risk_level=required,
            margin_call_trading_days=margin,
            assessment_valid_years=valid,
        ),
        st.sampled_from([0, 30, 31]),
        st.sampled_from([0, 14]),
        st.sampled_from([3, 4]),
        st.sampled_from([1, 2]),
        st.sampled_from([1, 2, 4]),
    )


def day_columns(accts: list[Account]) -> DayColumns:
    """The accounts' figures as raw store columns (li, ppm), the way the engine hands them to the scan."""
    n = len(accts)
    columns: dict[str, list[Any]] = {name: [0] * n for name in STORED}

    def li(v: Decimal) -> int:
        return int(v * 1000)

    def ppm(v: Decimal | None) -> int | None:
        return None if v is None else int(v * 1_000_000)

    columns.update(
        account_id=[a.account_id for a in accts],
        level=[a.level for a in accts],
        maintenance_ratio=[ppm(a.ratio) for a in accts],
        topup_to_target=[li(a.topup) for a in accts],
        repay_to_target=[li(a.repay) for a in accts],
        concentration_breach=[a.concentration_breach for a in accts],
        max_concentration_code=[None if a.concentration is None else a.concentration[0] for a in accts],
        max_concentration_share=[None if a.concentration is None else ppm(a.concentration[1]) for a in accts],
        earliest_due=[a.earliest_due for a in accts],
        credit_usage_breach=[a.credit_breach for a in accts],
        credit_used=[li(a.credit_used) for a in accts],
        credit_limit=[li(a.credit_limit) for a in accts],
    )
    return DayColumns(
        columns, [a.account_no for a in accts], [a.client_id for a in accts], [a.client_no for a in accts]
    )


# --- the conditions alone (no database): many examples ---------------------------------------------------------

CALENDAR = TradingCalendar.from_entries()


def test_the_last_assessment_date_that_expires_in_the_window() -> None:
    # every limit from Jan to Mar of five years (two leap years), validity 1, 2 and 4 years: the cutoff is the
    # latest assessment that has expired by the limit, the day after it has not
    for years in (1, 2, 4):
        for limit in (date(y, 1, 1) + timedelta(days=d) for y in range(2025, 2030) for d in range(90)):
            cutoff = last_assessment_due(limit, years)
            assert expiry(cutoff, years) <= limit < expiry(cutoff + timedelta(days=1), years), (limit, years)


@given(st.integers(-(10**20), 10**20))
def test_amounts_and_fractions_are_written_as_their_reported_decimals(value: int) -> None:
    assert amount_text(value) == str(li_to_reported(value))  # whole fen or not, negative or beyond int64
    assert amount_text(value * 10) == str(li_to_reported(value * 10))
    assert fraction_text(value) == str(ppm_to_reported(value))
    assert fraction_text(value * 100) == str(ppm_to_reported(value * 100))


def as_of_days() -> st.SearchStrategy[date]:
    return st.sampled_from(AS_OF_DAYS) | st.dates(date(2025, 1, 1), date(2029, 12, 31))


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_every_accounts_conditions_are_the_references(data: st.DataObject) -> None:
    as_of = data.draw(as_of_days(), label="as_of")
    policy = data.draw(policies(), label="policy")
    n = data.draw(st.integers(1, 6), label="n")
    accts = data.draw(accounts(as_of, [(i, f"A{i}", 100 + i, f"C{i}") for i in range(1, n + 1)]), label="accounts")
    facts = ClientFacts(
        np.array([NO_DATE if a.risk_level is None else a.risk_level for a in accts], dtype=np.int64),
        np.array([NO_DATE if a.assessed_on is None else a.assessed_on.toordinal() for a in accts], dtype=np.int64),
    )
    found = day_conditions(day_columns(accts), facts, policy, CALENDAR, as_of)
    for row, a in enumerate(accts):
        wanted = reference_conditions(a, policy, CALENDAR, as_of)
        got = found.conditions(row)
        assert list(got) == list(wanted), a
        assert {k: (c.due, c.contact_due, c.detail) for k, c in got.items()} == {
            k: (due, contact, json.dumps(detail, ensure_ascii=False)) for k, (due, contact, detail) in wanted.items()
        }, a
        assert bool(found.any[row]) == bool(wanted)


# --- the database ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A migrated file with N_ACCOUNTS clients and accounts (A1 …), checkpointed so it can be copied."""
    path = tmp_path_factory.mktemp("scan") / "template.sqlite3"
    db = open_database(f"sqlite:///{path}")
    migrate.upgrade(db)
    with db.sessions.begin() as s:
        for i in range(1, N_ACCOUNTS + 1):
            client = Client(client_no=f"C{i}", name=f"客户{i}", created_at=NOW, updated_at=NOW)
            s.add(client)
            s.flush()
            s.add(CreditAccount(account_no=f"A{i}", client_id=client.id, cash=Decimal(0), credit_limit=Decimal(0)))
    db.dispose()
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    yield path


def _ids(session: Session) -> list[tuple[int, str, int, str]]:
    rows = session.execute(
        select(CreditAccount.id, CreditAccount.account_no, Client.id, Client.client_no)
        .join(Client, Client.id == CreditAccount.client_id)
        .order_by(CreditAccount.account_no)
    ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_vectorised_scan_decides_what_the_reference_decides(
    template: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, data: st.DataObject
) -> None:
    monkeypatch.setattr(clock, "now", lambda: NOW)
    path = tmp_path_factory.mktemp("example") / "book.sqlite3"
    shutil.copy(template, path)
    db = open_database(f"sqlite:///{path}")
    try:
        with db.sessions.begin() as s:
            as_of = data.draw(st.sampled_from(AS_OF_DAYS), label="as_of")
            policy = data.draw(policies(), label="policy")
            accts = data.draw(accounts(as_of, _ids(s)), label="accounts")
            cal = load_calendar(s)
            for a in accts:
                s.execute(
                    update(Client)
                    .where(Client.id == a.client_id)
                    .values(risk_level=a.risk_level, risk_assessed_on=a.assessed_on)
                )
            _seed_active(s, data, accts, policy, cal, as_of)
            active: dict[int, list[RiskWarning]] = {}
            for w in s.execute(select(RiskWarning).where(RiskWarning.status.in_(risk.ACTIVE))).scalars():
                active.setdefault(w.account_id or 0, []).append(w)  # the order the scan's own query reads them in
            before = {w.id for ws in active.values() for w in ws}
            expected = reference_scan(accts, active, policy, cal, as_of)
            s.expunge_all()

            result = risk.scan(s, as_of, day_columns(accts), actor=SYSTEM, policy=policy, previous_levels=None)
            _check(s, result, expected, before, as_of)
            levels = {a.level for a in accts}
            counts = {"warning": 1, "closeout": policy.margin_call_trading_days, "emergency": 1}
            missing = [cal.deadline_trading(as_of, n).missing_years for lvl, n in counts.items() if lvl in levels]
            assert result.missing_calendar_years == frozenset().union(*missing)

            # scanning the same figures again only escalates what was raised already overdue
            again = risk.scan(s, as_of, day_columns(accts), actor=SYSTEM, policy=policy, previous_levels=None)
            overdue = [c for c in expected.changes if c[3] == "raised" and c[5] is not None and as_of > c[5]]
            assert [tuple(vars(c).values()) for c in again.changes] == [
                (*c[:3], "escalated", "escalated", c[5]) for c in overdue
            ]
    finally:
        db.dispose()


def _seed_active(
    s: Session, data: st.DataObject, accts: list[Account], policy: Policy, cal: TradingCalendar, as_of: date
) -> None:
    """Random active warnings: some exactly as the scan would leave them, some stale, due or overdue."""
    rows = []
    for a in accts:
        wanted = reference_conditions(a, policy, cal, as_of)
        for kind in data.draw(st.lists(st.sampled_from(KINDS), unique=True, max_size=4), label="kinds"):
            due_now, contact, detail = wanted.get(kind, (None, None, {}))
            current = json.dumps(detail, ensure_ascii=False)
            rows.append(
                {
                    "account_id": a.account_id,
                    "client_id": a.client_id,
                    "kind": kind,
                    "status": data.draw(st.sampled_from(["open", "notified", "escalated"])),
                    "raised_as_of": as_of - timedelta(days=10),
                    "last_seen_as_of": data.draw(st.sampled_from([as_of, as_of - timedelta(days=3)])),
                    "raised_at": NOW - timedelta(days=10),
                    "due_date": data.draw(
                        st.sampled_from([None, due_now, as_of - timedelta(days=1), as_of + timedelta(days=3)])
                    ),
                    "contact_due": contact,
                    "detail": data.draw(st.sampled_from([current, '{"stale": true}'])),
                    "version": data.draw(st.integers(1, 5)),
                }
            )
    if rows:
        s.execute(insert(RiskWarning), rows)


def _check(s: Session, result: risk.ScanResult, expected: Expected, before: set[int], as_of: date) -> None:
    assert [tuple(vars(c).values()) for c in result.changes] == expected.changes
    warnings = {w.id: w for w in s.execute(select(RiskWarning)).scalars()}
    new_ids = {(w.account_id, w.kind): w.id for w in warnings.values() if w.id not in before}
    for wid, (status, due, detail, seen, closed, version) in expected.rows.items():
        w = warnings[wid]
        assert (w.status, w.due_date, w.detail, w.last_seen_as_of, w.closed_at is not None, w.version) == (
            status, due, detail, seen, closed, version,
        ), w.kind  # fmt: skip
        if closed:
            assert w.closed_at == NOW
    assert sorted(new_ids) == sorted((acct, kind) for acct, kind, *_ in expected.raised)
    for acct, kind, due, contact, detail in expected.raised:
        w = warnings[new_ids[acct, kind]]
        assert (w.status, w.due_date, w.contact_due, w.detail, w.version) == ("open", due, contact, detail, 1)
        assert (w.raised_as_of, w.last_seen_as_of, w.raised_at) == (as_of, as_of, NOW)

    def wid(key: Any) -> int:
        return new_ids[key] if isinstance(key, tuple) else int(key)

    events = s.execute(select(WarningEvent).order_by(WarningEvent.id)).scalars().all()
    assert [(e.warning_id, e.action, e.from_status, e.to_status, e.note) for e in events] == [
        (wid(key), *rest) for key, *rest in expected.events
    ]
    assert all(e.at == NOW and e.as_of == as_of and e.user_id is None for e in events)
    audits = s.execute(select(AuditRecord).where(AuditRecord.entity == "warning").order_by(AuditRecord.id)).scalars()
    assert [(int(r.entity_id), r.action, r.old, r.new) for r in audits] == [
        (wid(key), action, _json(old), _json(new)) for key, action, old, new in expected.audits
    ]


def _json(values: dict[str, Any] | None) -> str:
    if not values:
        return ""
    plain = {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
    return json.dumps(plain, ensure_ascii=False, sort_keys=True)
