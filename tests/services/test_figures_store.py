"""The engine against a real database: load_book, compute_and_store, read_figures, ratio_series, account_detail.

The same tests run on SQLite (aggregate-string fast path) and on PostgreSQL (plain fetch, pyformat inserts).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rmdesk import clock
from rmdesk.services.figures import (
    Concentration,
    account_detail,
    compute,
    compute_and_store,
    load_book,
    ratio_series,
    read_figures,
    store_figures,
)
from rmdesk.services.figures_store import levels_before
from rmdesk.services.policy import Policy
from rmdesk.store.db import Database
from rmdesk.store.models import AccountFigures, Client, Contract, CreditAccount, Position, RatioHistory, Security

DAY1, DAY2 = date(2026, 11, 19), date(2026, 11, 20)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest) -> Iterator[Database]:
    yield request.getfixturevalue("db" if request.param == "sqlite" else "pg_db")


def seed(session: Session) -> dict[str, int]:
    """Two accounts, B1 created first and A9 (which sorts first), and three securities."""
    now = clock.now()
    ids: dict[str, int] = {}
    s1 = Security(code="600000.SH", name="浦发银行", kind="stock", close=D("12.000"), haircut=D("0.70"))
    s2 = Security(code="000001.SZ", name="平安银行", kind="stock", close=D("20.000"), haircut=D("0.65"))
    s3 = Security(code="600519.SH", name="贵州茅台", kind="stock", close=D("100.000"), haircut=D("0.70"))
    session.add_all([s1, s2, s3])
    for no in ("B1", "A9"):
        client = Client(client_no=f"C{no}", name=f"客户{no}", created_at=now, updated_at=now)
        session.add(client)
        session.flush()
        account = CreditAccount(account_no=no, client_id=client.id, cash=D("10000"), credit_limit=D("500000"))
        session.add(account)
        session.flush()
        ids[no] = account.id
    session.get(CreditAccount, ids["A9"]).warning_line = D("1.95")  # type: ignore[union-attr]
    session.add_all(
        [
            Position(account_id=ids["B1"], security_id=s1.id, quantity=10_000),
            Position(account_id=ids["B1"], security_id=s2.id, quantity=1_000),
            Position(account_id=ids["A9"], security_id=s2.id, quantity=5_000),
        ]
    )

    def contract(no: str, acct: str, sec: Security, kind: str, owed: D | None, oq: int | None, **kw: object) -> None:
        session.add(
            Contract(
                contract_no=no,
                account_id=ids[acct],
                type=kind,
                security_id=sec.id,
                trade_date=kw.get("trade_date", date(2026, 2, 2)),
                trade_price=D("10.000"),
                trade_quantity=10_000,
                trade_amount=D("100000"),
                outstanding_amount=owed,
                outstanding_quantity=oq,
                due_date=kw.get("due", date(2026, 8, 2)),
                rate=D("0.0835"),
                accrued_interest=D(str(kw.get("accrued", "0"))),
            )
        )

    contract("K1", "B1", s1, "financing", D("80000"), None, accrued="100")
    contract("K2", "B1", s1, "financing", D("0"), None, due=date(2026, 3, 1))  # repaid: closed
    contract("K3", "A9", s3, "short", None, 500, trade_date=date(2025, 12, 1), due=date(2026, 6, 1), accrued="50")
    session.commit()
    return ids


def test_figures_from_the_database_and_their_round_trip(database: Database) -> None:
    with database.sessions() as s:
        ids = seed(s)
    with database.sessions.begin() as s:
        computed = compute_and_store(s, DAY2)
    assert [f.account_no for f in computed] == ["A9", "B1"]  # ordered by account number
    b1 = computed[1]
    assert b1.account_id == ids["B1"] and b1.client_no == "CB1"
    assert b1.market_value == D("140000.00")  # 10,000 × 12 + 1,000 × 20
    assert b1.total_liabilities == D("80100.00")  # the repaid K2 counts nowhere
    assert b1.available_margin == D("-29100.00")  # as in the hand-computed financing-only book
    assert b1.open_contracts == 1 and b1.earliest_due == date(2026, 8, 2)
    a9 = computed[0]
    # 10,000 + 5,000 × 20 = 110,000 against 500 × 100 + 50 = 50,050: 2.197802… ≥ its own 1.95 warning line
    assert a9.maintenance_ratio == D("2.1978")
    assert a9.level == "normal" and a9.lines.warning == D("1.95")
    assert a9.credit_used == D("5000.00")  # 500 × trade price 10
    assert a9.max_concentration == Concentration("000001.SZ", D("1.0000"))
    with database.sessions() as s:
        assert read_figures(s) == computed
        assert read_figures(s, DAY2, [ids["B1"]]) == [b1]
        assert ratio_series(s, ids["A9"], DAY1, DAY2) == [(DAY2, D("2.1978"), "normal")]


def test_stored_again_replaces_and_reads_the_latest_on_or_before(database: Database) -> None:
    with database.sessions() as s:
        ids = seed(s)
    with database.sessions.begin() as s:
        first = compute_and_store(s, DAY1)
        compute_and_store(s, DAY1)  # a re-run of the same day replaces, never duplicates
    with database.sessions.begin() as s:
        s.get(CreditAccount, ids["B1"]).cash = D("0")  # type: ignore[union-attr]
    with database.sessions.begin() as s:
        second = compute_and_store(s, DAY2, [ids["B1"]])
    assert second[0].cash == D("0.00") and second[0].total_assets == D("140000.00")
    with database.sessions() as s:
        assert s.scalar(select(func.count()).select_from(AccountFigures)) == 3  # 2 on day 1, 1 on day 2
        assert s.scalar(select(func.count()).select_from(RatioHistory)) == 3
        assert read_figures(s, DAY1) == first
        latest = read_figures(s)  # A9 was not recomputed on day 2: its day-1 row is its latest
        assert [(f.account_no, f.as_of) for f in latest] == [("A9", DAY1), ("B1", DAY2)]
        assert read_figures(s, date(2026, 11, 18)) == []
        # 140,000 / 80,100 = 1.747815… on day 2 after the cash left; 150,000 / 80,100 = 1.872659… on day 1
        assert ratio_series(s, ids["B1"], DAY1, DAY2) == [(DAY1, D("1.8727"), "normal"), (DAY2, D("1.7478"), "normal")]


def test_store_figures_accepts_any_figures(database: Database) -> None:
    with database.sessions() as s:
        seed(s)
        figures = compute(load_book(s), Policy(), DAY2)
    with database.sessions.begin() as s:
        store_figures(s, figures)
    with database.sessions() as s:
        assert read_figures(s, DAY2) == figures


def test_load_book_of_some_accounts(database: Database) -> None:
    with database.sessions() as s:
        ids = seed(s)
        everything = compute(load_book(s), Policy(), DAY2)
        only_a9 = compute(load_book(s, [ids["A9"]]), Policy(), DAY2)
        many = compute(load_book(s, [ids["A9"], *range(10_000, 10_600)]), Policy(), DAY2)  # > one IN list
    assert only_a9 == [everything[0]] == many


def test_account_detail_lines(database: Database) -> None:
    with database.sessions() as s:
        ids = seed(s)
        positions, contracts = account_detail(s, ids["B1"])
    assert [(p.code, p.quantity, p.market_value, p.collateral_value) for p in positions] == [
        ("000001.SZ", 1_000, D("20000.00"), D("13000.00")),  # 1,000 × 20; × 0.65
        ("600000.SH", 10_000, D("120000.00"), D("84000.00")),  # 10,000 × 12; × 0.70
    ]
    assert positions[1].name == "浦发银行" and positions[1].close == D("12.000")
    k1, k2 = sorted(contracts, key=lambda c: c.contract_no)
    assert (k1.is_open, k1.financed_quantity, k1.market_value) == (True, 8_000, D("96000.00"))  # 10,000 × 0.8; × 12
    assert k1.accrued_interest == D("100") and k1.rate == D("0.0835")
    assert (k2.is_open, k2.financed_quantity, k2.market_value) == (False, 0, D("0.00"))
    assert [c.contract_no for c in contracts] == ["K1", "K2"]  # same trade date: by number


def test_levels_before_is_each_accounts_level_on_its_latest_earlier_day(database: Database) -> None:
    with database.sessions() as s:
        ids = seed(s)
        day1 = compute(load_book(s), Policy(), DAY1)
        day2 = compute(load_book(s, [ids["B1"]]), Policy(), DAY2)
    with database.sessions.begin() as s:
        store_figures(s, day1)  # A9 normal, B1 normal
        store_figures(s, [replace(day2[0], level="closeout")])  # only B1 on day 2, at close-out
    day3 = date(2026, 11, 23)
    with database.sessions() as s:
        assert levels_before(s, DAY1) == {}  # nothing stored before the first day
        assert levels_before(s, DAY2) == {ids["A9"]: "normal", ids["B1"]: "normal"}  # day 2 itself is excluded
        assert levels_before(s, day3) == {ids["A9"]: "normal", ids["B1"]: "closeout"}  # A9 still on its day-1 row
        assert levels_before(s, day3, [ids["B1"]]) == {ids["B1"]: "closeout"}
