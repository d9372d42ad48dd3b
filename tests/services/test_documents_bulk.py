"""Bulk reads of a batch (documents_bulk) give exactly what the engine gives one account at a time.

A statement printed in a batch must show the same lines as the same statement printed alone: the positions
(by code), contracts (by trade date, number), their values, and the ratio series of the period.

The book: 600000.SH closes at 10.000 (haircut 0.65), 000001.SZ at 20.500 (haircut 0.50).
- B1: 300 × 000001.SZ and 200 × 600000.SH (listed by code: 000001.SZ first); an open financing contract
  (1,000 × 10.000, owing 4,000.00 → financed 1,000 × 4,000 / 10,000 = 400 shares), a repaid one, and a short
  sale of 100 × 000001.SZ.
- B2: cash only, no debt (its ratio is not applicable: None).
- B3: nothing at all.
Figures are stored for 2026-11-02 and 2026-11-20 (rmdesk.services.risk.refresh).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from rmdesk import clock
from rmdesk.services import documents_bulk as bulk
from rmdesk.services import figures, risk
from rmdesk.services.audit import Actor
from rmdesk.services.documents_data import ReportBuilder, Target, parse_period
from rmdesk.store.db import Database
from tests.services.book_factory import AccountSpec, Deal, account, security

NOW = datetime(2026, 11, 21, 10, 0)
DAYS = (date(2026, 11, 2), date(2026, 11, 20))


@pytest.fixture
def accounts(db: Database, users: dict[str, Actor], monkeypatch: pytest.MonkeyPatch) -> list[Target]:
    monkeypatch.setattr(clock, "now", lambda: NOW)
    with db.sessions.begin() as s:
        security(s, "600000.SH", "10.000")
        security(s, "000001.SZ", "20.500", haircut="0.50")
        deals = [
            Deal("600000.SH", 1000, "4000", trade_date=date(2026, 5, 6)),
            Deal("600000.SH", 100, "0", trade_date=date(2026, 4, 1)),  # repaid: not open
            Deal("000001.SZ", 100, "0", kind="short", trade_price="20.000", trade_date=date(2026, 7, 1)),
        ]
        specs = [
            AccountSpec("B1", cash="9000", positions=[("600000.SH", 200), ("000001.SZ", 300)], deals=deals),
            AccountSpec("B2", cash="5000", rm_id=users["rm1"].id),
            AccountSpec("B3"),
        ]
        made = [account(s, spec) for spec in specs]
        for day in DAYS:
            risk.refresh(s, day)
        return [Target(a.client_id, "C" + a.account_no, a.id, a.account_no) for a in made]


def _ids(targets: list[Target]) -> list[int]:
    return [t.account_id for t in targets if t.account_id is not None]


def test_bulk_detail_equals_the_engine_for_every_account(db: Database, accounts: list[Target]) -> None:
    with db.sessions() as s:
        many = bulk.account_details(s, _ids(accounts))
        for account_id in _ids(accounts):
            assert many[account_id] == figures.account_detail(s, account_id)
    positions, contracts = many[accounts[0].account_id]  # type: ignore[index]
    assert [p.code for p in positions] == ["000001.SZ", "600000.SH"]
    # 300 × 20.500 = 6,150.00; × 0.50 = 3,075.00
    assert (positions[0].market_value, positions[0].collateral_value) == (Decimal("6150.00"), Decimal("3075.00"))
    assert [c.trade_date for c in contracts] == [date(2026, 4, 1), date(2026, 5, 6), date(2026, 7, 1)]
    repaid, financing, short = contracts
    assert not repaid.is_open
    assert financing.financed_quantity == 400  # 1,000 × 4,000 / 10,000
    assert financing.market_value == Decimal("4000.00")  # 400 × 10.000
    assert short.is_open and short.market_value == Decimal("2050.00")  # 100 × 20.500
    assert many[accounts[2].account_id] == ([], [])  # type: ignore[index]


def test_bulk_ratio_series_equals_the_engine(db: Database, accounts: list[Target]) -> None:
    start, end = date(2026, 11, 1), date(2026, 11, 30)
    with db.sessions() as s:
        many = bulk.ratio_series_many(s, _ids(accounts), start, end)
        for account_id in _ids(accounts):
            assert many[account_id] == figures.ratio_series(s, account_id, start, end)
        only_last = bulk.ratio_series_many(s, _ids(accounts), date(2026, 11, 3), end)
    b1, b2 = many[accounts[0].account_id], many[accounts[1].account_id]  # type: ignore[index]
    assert [row[0] for row in b1] == list(DAYS)
    assert all(row[1] is None for row in b2)  # no debt: the ratio does not apply
    assert [row[0] for row in only_last[accounts[0].account_id]] == [DAYS[1]]  # type: ignore[index]


def test_a_batch_slice_builds_the_same_statements_as_one_at_a_time(db: Database, accounts: list[Target]) -> None:
    with db.sessions() as s:
        alone, sliced = ReportBuilder(s, NOW), ReportBuilder(s, NOW)
        period = parse_period("2026-11", alone.latest)
        sliced.prefetch(accounts, "statement", period)
        sliced.prefetch_detail(accounts, "statement", period)
        for target in accounts:
            assert sliced.build("statement", target, "X", period) == alone.build("statement", target, "X", period)
        first = sliced.build("statement", accounts[0], "X", period)
    assert len(first.positions) == 2 and len(first.contracts) == 2  # the repaid contract is not printed
    assert [p.day for p in first.ratio_history] == list(DAYS)


def test_a_past_period_slice_prints_no_current_positions(db: Database, accounts: list[Target]) -> None:
    """Only the latest import's positions exist: a statement for an earlier period must not show them."""
    with db.sessions.begin() as s:
        risk.refresh(s, date(2026, 12, 1))
    with db.sessions() as s:
        builder = ReportBuilder(s, NOW)
        period = parse_period("2026-11", builder.latest)
        builder.prefetch(accounts, "statement", period)
        builder.prefetch_detail(accounts, "statement", period)
        data = builder.build("statement", accounts[0], "X", period)
    assert data.positions == () and data.detail_note is not None
